"""Flash safety of the explore view (issue 7): ~6 s of the nerve world recorded offscreen
with ``--record`` at 320x180 during recovery (legs crossed at a high speed-up until the nerve
fails, then released: the pins-and-needles barrage), in normal and in calm mode, pass the
WCAG 2.3.1 flash analyser (``pins-and-needles flashcheck DIR --fps 30``).

The app runs in its own process (it opens its own ShowBase); the frames before the release
are moved aside so that the analyser judges the recovery alone.
"""

import json
import subprocess
import sys
import textwrap

import pytest
from test_offscreen_app import run_python, skip_without_gl

from game import REPO_ROOT
from game.sim.stages import RECOVERY_PHASES

pytestmark = [pytest.mark.render, pytest.mark.slow]

FPS = 30
RECOVERY_FRAMES = 6 * FPS

RECORD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from game.app import run
    from game.comfort import ComfortSettings
    from game.options import RunOptions
    from game.sim.commands import SetClockRates, SetPressure

    out = Path(sys.argv[1])
    result = {}
    for mode in ("normal", "calm"):
        seen = {"release": None, "stages": []}

        def hook(session, frame, seen=seen):
            snap = session.sim.latest()
            if not seen["stages"] or seen["stages"][-1] != snap.stage:
                seen["stages"].append(snap.stage)
            if frame == 0:  # legs crossed, minutes of compression in a second of play
                session.sim.send(SetClockRates(physiological_speedup=600.0))
                session.sim.send(SetPressure(pressure_mmHg=150.0))
            if seen["release"] is None and snap.stage == "complete failure":
                # released: recovery at a speed-up that shows it within the recording, and
                # signals 25x faster than the default slow motion: many spikes on screen
                seen["release"] = frame
                session.sim.send(SetPressure(pressure_mmHg=0.0))
                session.sim.send(SetClockRates(physiological_speedup=30.0,
                                               electrical_ms_per_s=5.0))
            if seen["release"] is not None and frame >= seen["release"] + %(frames)d:
                session.quit_requested = True

        comfort = ComfortSettings().calm() if mode == "calm" else ComfortSettings()
        options = RunOptions(offscreen=True, frames=%(limit)d, width_px=320, height_px=180,
                             fixed_frame_s=1.0 / %(fps)d, record_dir=out / mode,
                             comfort=comfort)
        assert run(options, frame_hooks=[hook]) == 0
        result[mode] = seen
    print("RESULT " + json.dumps(result))
    """
) % {"frames": RECOVERY_FRAMES, "limit": RECOVERY_FRAMES + 200, "fps": FPS}


def test_recovery_in_the_explore_view_passes_the_flash_analyser_normal_and_calm(tmp_path):
    result = run_python(["-c", RECORD, str(tmp_path)], timeout_s=600)
    skip_without_gl(result)
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(s for s in result.stdout.splitlines() if s.startswith("RESULT "))
    seen = json.loads(line[len("RESULT ") :])
    for mode in ("normal", "calm"):
        release = seen[mode]["release"]
        assert release is not None, f"{mode}: the nerve never failed: {seen[mode]['stages']}"
        recovery = set(RECOVERY_PHASES) & set(seen[mode]["stages"])
        assert recovery, f"{mode}: no recovery phase recorded: {seen[mode]['stages']}"
        frames = tmp_path / mode
        before = tmp_path / f"{mode}-before-release"
        before.mkdir()
        for path in sorted(frames.glob("frame_*.png")):
            if int(path.stem.split("_")[1]) < release:
                path.rename(before / path.name)
        assert len(list(frames.glob("*.png"))) >= RECOVERY_FRAMES
        check = subprocess.run(
            [sys.executable, "-m", "game", "flashcheck", str(frames), "--fps", str(FPS)],
            check=False, capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
        )  # fmt: skip
        assert check.returncode == 0, f"{mode}: {check.stdout}{check.stderr}"
        assert "general flashes: pass" in check.stdout
