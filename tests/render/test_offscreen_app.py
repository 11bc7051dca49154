"""The whole app offscreen, as a user runs it: a screenshot that shows something, a recording.

Each run is its own process (``python -m game ...``, or a script calling ``game.app.run``),
so it never shares a ShowBase with the session fixture.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from panda3d.core import Filename, PNMImage

from game import REPO_ROOT

pytestmark = pytest.mark.render

SIZE = "320x180"


def run_python(args: list[str], timeout_s: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout_s,
    )


#: What game.render.display says where no GL context with shaders can be had.
NO_GL_MESSAGES = ("could not open an offscreen OpenGL buffer", "has no GLSL shader support")


def skip_without_gl(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0 and any(m in result.stderr for m in NO_GL_MESSAGES):
        pytest.skip(f"no offscreen OpenGL here: {result.stderr.strip()[-300:]}")


def read_png(path: Path) -> np.ndarray:
    """The PNG at ``path`` as (height, width, 3) uint8 (PNMImage: no power-of-2 rescaling)."""
    image = PNMImage()
    assert image.read(Filename.from_os_specific(str(path))), f"{path} is not a readable image"
    rows = range(image.get_y_size())
    columns = range(image.get_x_size())
    return np.array([[image.get_xel_val(x, y) for x in columns] for y in rows], dtype=np.uint8)


def assert_a_real_picture(rgb: np.ndarray) -> None:
    lum = rgb.astype(float) @ [0.2126, 0.7152, 0.0722]
    assert lum.mean() > 6.0, f"the picture is (nearly) black: mean luminance {lum.mean():.1f}"
    colours = len(np.unique(rgb.reshape(-1, 3) // 4, axis=0))
    assert colours > 100, f"only {colours} colours: a shader-less or flat frame"


def test_screenshot_from_the_command_line_is_a_real_picture(tmp_path):
    shot = tmp_path / "shot.png"
    result = run_python(
        ["-m", "game", "explore", "--offscreen", "--frames", "60", "--size", SIZE,
         "--fixed-step", "0.05", "--screenshot", str(shot)]
    )  # fmt: skip
    skip_without_gl(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rgb = read_png(shot)
    assert rgb.shape[:2] == (180, 320)
    assert_a_real_picture(rgb)


RUN_TWICE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from game.options import RunOptions
    from game.app import run
    out = Path(sys.argv[1])
    for i in range(2):
        options = RunOptions(offscreen=True, frames=6, width_px=320, height_px=180,
                             fixed_frame_s=0.05, record_dir=out / f"run{i}")
        assert run(options) == 0
    import builtins
    assert not hasattr(builtins, "base"), "ShowBase was not torn down"
    print("ok")
    """
)


def test_app_runs_twice_in_one_process_and_records_every_frame(tmp_path):
    result = run_python(["-c", RUN_TWICE, str(tmp_path)])
    skip_without_gl(result)
    assert result.returncode == 0, result.stderr[-2000:]
    for run_dir in ("run0", "run1"):
        names = sorted(p.name for p in (tmp_path / run_dir).iterdir())
        assert names == [f"frame_{i:06d}.png" for i in range(6)]
    assert_a_real_picture(read_png(tmp_path / "run1" / "frame_000005.png"))


def test_the_nerve_world_in_side_by_side_stereo_and_calm_mode_draws_both_eyes(tmp_path):
    """``--stereo sbs --calm``: the default view (the nerve world) in each half of the frame,
    seen from two eyes (the halves differ, but not by much)."""
    shot = tmp_path / "sbs.png"
    result = run_python(
        ["-m", "game", "explore", "--offscreen", "--frames", "20", "--size", SIZE,
         "--fixed-step", "0.05",
         "--stereo", "sbs", "--calm", "--screenshot", str(shot)]
    )  # fmt: skip
    skip_without_gl(result)
    assert result.returncode == 0, result.stderr[-2000:]
    rgb = read_png(shot)
    left, right = rgb[:, :160], rgb[:, 160:]
    for half in (left, right):
        lum = half.astype(float) @ [0.2126, 0.7152, 0.0722]
        assert lum.mean() > 6.0, "an eye's half is black"
    # The 3D scene differs between the eyes (parallax); the HUD draws in both halves alike.
    diff = np.abs(left.astype(float) - right.astype(float)).mean()
    assert 0.5 < diff < 60.0, f"the halves differ by {diff:.1f} on average"
