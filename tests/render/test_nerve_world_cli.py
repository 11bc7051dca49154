"""The demo entry, ``python -m game.render.nerve_world``: bad input is one line and status 2;
a run writes a screenshot that is a real picture (not black, not flat)."""

import subprocess
import sys

import numpy as np
import pytest

from game import REPO_ROOT


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "game.render.nerve_world", *args],
        check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--pressure", "500"], "--pressure"),
        (["--frames", "0"], "--frames"),
        (["--size", "0x3"], "--size"),
        (["--time", "-1"], "--time"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, args, option):
    result = _run("--screenshot", str(tmp_path / "out.png"), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and option in lines[0], result.stderr


def test_missing_folder_is_named(tmp_path):
    result = _run("--screenshot", str(tmp_path / "nowhere" / "out.png"))
    assert result.returncode == 2 and "nowhere" in result.stderr


@pytest.mark.render
def test_demo_writes_a_real_picture(tmp_path):
    from panda3d.core import PNMImage

    out = tmp_path / "world.png"
    result = _run(
        "--screenshot", str(out), "--size", "320x180", "--frames", "2", "--pressure", "120"
    )
    if result.returncode == 1 and "OpenGL" in result.stderr:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stderr
    image = PNMImage(str(out))
    rgb = np.array([[image.get_xel(x, y) for x in range(0, 320, 8)] for y in range(0, 180, 8)])
    assert rgb.mean() > 0.03, "the screenshot is (nearly) black"
    assert rgb.reshape(-1, 3).std(axis=0).max() > 0.03, "the screenshot is flat"
