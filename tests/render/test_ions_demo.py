"""``python -m game.render.ions``: bad input is one line and exit status 2; a run writes a
screenshot that shows both species."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.render.ions.__main__ import main
from game.render.ions.colour_masks import k_mask, na_mask

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--screenshot", "{tmp}/shot.jpg"], "--screenshot: expected a .png file"),
        (["--screenshot", "{tmp}/missing/shot.png"], "--screenshot: folder"),
        (["--screenshot", "{tmp}/shot.png", "--size", "12"], "--size: expected WxH"),
        (["--screenshot", "{tmp}/shot.png", "--frames", "0"], "--frames: expected a whole number"),
        (["--screenshot", "{tmp}/shot.png", "--particles", "3"], "--particles: expected at least"),
        (["--screenshot", "{tmp}/shot.png", "--scenario", "asleep"], "--scenario: invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, args, message):
    status = main([a.format(tmp=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.render
@pytest.mark.slow
def test_the_demo_writes_a_screenshot_with_both_species(tmp_path, showbase):
    # ``showbase`` only makes this skip where no offscreen GL context exists; the demo opens
    # its own in a subprocess (one ShowBase per process).
    shot = tmp_path / "ions.png"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "game.render.ions", "--screenshot", str(shot), "--frames", "8",
         "--size", "320x180", "--particles", "20000"],
        check=False, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    from PIL import Image

    rgb = np.asarray(Image.open(shot).convert("RGB"))
    assert rgb.shape == (180, 320, 3)
    assert na_mask(rgb).sum() > 200 and k_mask(rgb).sum() > 200
