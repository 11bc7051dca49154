"""Usage counts of the kiosk in a local SQLite file: one row per visitor session, no personal data.

A row holds when the session started and ended, its dwell time, the furthest compression
stage or recovery phase reached, the chapters completed, the language, and how it ended
("timeout" or "finished"). The row is inserted when a session starts and updated when it
ends, each in its own transaction, in WAL mode with full sync: a process killed (or a power
cut) mid-session loses at most that session's end. Rows left unended by such a stop are
marked "interrupted" when the kiosk next starts.

Default file: ``$XDG_DATA_HOME/pins-and-needles/usage.sqlite3`` (``~/.local/share/...``).
"""

import csv
import datetime as dt
import io
import os
import sqlite3
from pathlib import Path

from game.errors import UserFacingError

ENDED_BY = ("timeout", "finished", "interrupted")
CSV_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "dwell_s",
    "furthest_stage",
    "chapters_completed",
    "language",
    "ended_by",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,          -- UTC, ISO 8601
    ended_at TEXT,                     -- NULL while running
    dwell_s REAL,
    furthest_stage TEXT,
    chapters_completed TEXT NOT NULL DEFAULT '',  -- chapter ids joined by ' '
    language TEXT NOT NULL,
    ended_by TEXT CHECK (ended_by IN ('timeout', 'finished', 'interrupted'))
)
"""


def default_db_path() -> Path:
    root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "pins-and-needles" / "usage.sqlite3"


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class UsageStats:
    """The sessions table in ``path`` (created with its folder if needed)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode (isolation_level=None): each statement below is its own
            # transaction, committed before the call returns.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # kiosks lose power at closing time
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UserFacingError(f"usage database {self.path}: cannot be opened ({exc})") from None

    def close(self) -> None:
        self._db.close()

    def mark_interrupted(self) -> int:
        """Mark rows a killed process left running as "interrupted" (the kiosk calls this at
        start-up; ``stats --csv`` does not, so exporting never touches a running session)."""
        cursor = self._db.execute(
            "UPDATE sessions SET ended_by = 'interrupted' WHERE ended_at IS NULL"
            " AND ended_by IS NULL"
        )
        return cursor.rowcount

    def session_started(self, language: str, *, started_at: str | None = None) -> int:
        """Insert a running session's row; returns its id."""
        cursor = self._db.execute(
            "INSERT INTO sessions (started_at, language) VALUES (?, ?)",
            (started_at or _utc_now(), language),
        )
        return int(cursor.lastrowid)

    def session_ended(
        self,
        session_id: int,
        *,
        dwell_s: float,
        ended_by: str,
        furthest_stage: str | None = None,
        chapters_completed: tuple[str, ...] | list[str] = (),
        language: str | None = None,
    ) -> None:
        """Complete the row of ``session_id`` (the language may have changed mid-session)."""
        if ended_by not in ENDED_BY:
            raise ValueError(f"ended_by must be one of {ENDED_BY}, got {ended_by!r}")
        self._db.execute(
            "UPDATE sessions SET ended_at = ?, dwell_s = ?, ended_by = ?, furthest_stage = ?,"
            " chapters_completed = ?, language = COALESCE(?, language) WHERE id = ?",
            (
                _utc_now(),
                round(float(dwell_s), 1),
                ended_by,
                furthest_stage,
                " ".join(chapters_completed),
                language,
                session_id,
            ),
        )

    def rows(self) -> list[tuple]:
        return self._db.execute(
            f"SELECT {', '.join(CSV_COLUMNS)} FROM sessions ORDER BY id"
        ).fetchall()

    def counters(self, *, today: dt.date | None = None) -> dict[str, float]:
        """Totals for the operator panel: sessions (all, today), finished, timeouts, mean dwell."""
        day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
        total, finished, timeouts, mean_dwell = self._db.execute(
            "SELECT COUNT(*), SUM(ended_by = 'finished'), SUM(ended_by = 'timeout'),"
            " AVG(dwell_s) FROM sessions"
        ).fetchone()
        (today_count,) = self._db.execute(
            "SELECT COUNT(*) FROM sessions WHERE substr(started_at, 1, 10) = ?", (day,)
        ).fetchone()
        return {
            "sessions": total,
            "sessions_today": today_count,
            "finished": finished or 0,
            "timeouts": timeouts or 0,
            "mean_dwell_s": round(mean_dwell or 0.0, 1),
        }

    def export_csv(self, out: io.TextIOBase) -> int:
        """Write every row as CSV (header first) to ``out``; returns the number of rows."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        rows = self.rows()
        writer.writerows(rows)
        return len(rows)
