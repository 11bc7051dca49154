"""``pins-and-needles science``: the headless protocol report a teacher runs."""

import json
import subprocess
import sys

from game import REPO_ROOT


def _science(*args: str, timeout: float = 240):
    return subprocess.run(
        [sys.executable, "-m", "game", "science", *args],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=timeout,
    )  # fmt: skip


def test_unknown_profile_is_one_line_and_exit_2():
    result = _science("--profile", "blog")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--profile" in result.stderr


def test_plot_path_must_be_a_png_in_an_existing_folder(tmp_path):
    result = _science("--plot", str(tmp_path / "missing" / "out.png"))
    assert result.returncode == 2 and "--plot" in result.stderr and "Traceback" not in result.stderr
    result = _science("--plot", str(tmp_path / "out.txt"))
    assert result.returncode == 2 and ".png" in result.stderr


def test_a_short_protocol_reports_json_a_table_and_a_plot(tmp_path):
    plot = tmp_path / "protocol.png"
    result = _science("--json", "--compress-min", "3", "--recover-min", "0.5", "--plot", str(plot))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["profile"] == "article" and report["compress_min"] == 3
    assert set(report["baseline_cv_m_per_s"]) == {"A-alpha", "A-beta", "A-delta", "C"}
    assert report["stage_entry_min"]["vascular compression"] is not None
    assert report["sensation_timeline"][0]["sensation"] in (
        "normal", "tingling", "numb", "pins_and_needles", "burning", "fading",
    )  # fmt: skip
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 20_000
    table = _science("--compress-min", "1", "--recover-min", "0.2")
    assert table.returncode == 0 and "conduction velocity" in table.stdout
    assert "vascular compression" in table.stdout
