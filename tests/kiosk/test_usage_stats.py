"""Usage counts in SQLite (WAL): a process killed with SIGKILL mid-session loses at most that
session's row; the file reopens with the earlier rows intact; CSV export."""

import csv
import io
import os
import signal
import subprocess
import sys

from game import REPO_ROOT
from game.kiosk.usage_stats import UsageStats

WRITER = """
import sys, time
from game.kiosk.usage_stats import UsageStats
stats = UsageStats(sys.argv[1])
for i in range(5):
    sid = stats.session_started("es" if i % 2 else "en")
    stats.session_ended(sid, dwell_s=60 + i, ended_by="finished" if i % 2 else "timeout",
                        furthest_stage="complete failure", chapters_completed=["nerve", "impulse"])
sid = stats.session_started("en")
print("mid-session", flush=True)
while True:
    time.sleep(0.01)
"""


def test_sigkill_mid_session_keeps_earlier_rows(tmp_path):
    db = tmp_path / "usage.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "mid-session"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    stats = UsageStats(db)
    rows = stats.rows()
    assert len(rows) == 6
    assert [r[7] for r in rows[:5]] == ["timeout", "finished", "timeout", "finished", "timeout"]
    assert rows[1][3] == 61.0 and rows[1][5] == "nerve impulse" and rows[1][6] == "es"
    assert rows[5][2] is None  # the killed session: started, never ended
    assert stats.mark_interrupted() == 1
    assert stats.rows()[5][7] == "interrupted"
    # and the file still takes new sessions
    sid = stats.session_started("en")
    stats.session_ended(sid, dwell_s=5, ended_by="timeout")
    assert stats.counters()["sessions"] == 7
    stats.close()


def test_counters_and_csv_export(tmp_path):
    stats = UsageStats(tmp_path / "u.sqlite3")
    a = stats.session_started("en")
    stats.session_ended(a, dwell_s=120.04, ended_by="finished", furthest_stage="recovered")
    b = stats.session_started("es")
    stats.session_ended(b, dwell_s=30, ended_by="timeout", language="en")
    counters = stats.counters()
    assert counters["sessions"] == 2 and counters["sessions_today"] == 2
    assert counters["finished"] == 1 and counters["timeouts"] == 1
    assert counters["mean_dwell_s"] == 75.0
    out = io.StringIO()
    assert stats.export_csv(out) == 2
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert table[0]["dwell_s"] == "120.0" and table[0]["ended_by"] == "finished"
    assert table[1]["language"] == "en"  # switched mid-session
    assert (tmp_path / "u.sqlite3").exists()
    (mode,) = stats._db.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"
    stats.close()
