"""Flash safety of the story: the attract-mode story recorded offscreen from the real app path
(the live nerve, the app's scene, the story driven by the simulated stage) at 320x180, with
the body clock 20 times faster so the whole arc (healthy -> crossed -> compression ->
release -> recovery -> summary) fits in a few hundred frames, in normal and in calm mode;
game.safety.flash_analyser must pass both recordings (WCAG 2.3.1 general and red flashes)."""

import json
import subprocess
import sys

import pytest

from game import REPO_ROOT

pytestmark = [pytest.mark.render, pytest.mark.slow]

SPEED = 20.0
MAX_FRAMES = 480
FPS = 30.0


@pytest.mark.parametrize("calm", [False, True], ids=["normal", "calm"])
def test_the_whole_story_passes_the_flash_analyser(tmp_path, calm):
    from game.safety.flash_analyser import analyse_frames, read_frames

    record = tmp_path / "frames"
    command = [
        sys.executable, "-m", "game.modes.stage_shots", str(tmp_path / "shots"),
        "--size", "320x180", "--speed", str(SPEED), "--frames", str(MAX_FRAMES),
        "--record", str(record), *(["--calm"] if calm else []),
    ]  # fmt: skip
    result = subprocess.run(
        command, check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600
    )
    if "could not open an offscreen OpenGL buffer" in result.stderr:
        pytest.skip("no offscreen OpenGL context here")
    assert result.returncode == 0, result.stderr[-2000:]
    arc = json.loads(result.stdout.strip().splitlines()[-1])
    assert arc["summary"], f"the story did not reach its end in {MAX_FRAMES} frames: {arc}"
    for beat in ("healthy", "legs_crossed", "released", "normal"):
        assert beat in arc["beats"], arc
    general, red = analyse_frames(read_frames(record), FPS)
    assert general.passed, general
    assert red.passed, red
