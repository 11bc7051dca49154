"""The front door: ``pins-and-needles`` with no command (the README's run command) lands on
the title screen, not in the nerve; ``explore`` opens the nerve directly.

Each run is its own process, as a visitor starts it, rendering offscreen; a small probe
around ``game.cli.main`` prints which screen was up at the end and the texts on it.
"""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from game import REPO_ROOT

pytestmark = pytest.mark.render

#: Runs game.cli.main and, as the window closes, prints the screen shown and its texts.
PROBE = textwrap.dedent(
    """
    import sys
    from game.modes import runner

    cleanup = runner.ModeRunner.cleanup

    def report(self):
        texts = [n.node().get_text() for n in self.base.aspect2d.find_all_matches("**/+TextNode")]
        print("SCREEN:" + str(self.name))
        print("TEXTS:" + "|".join(t for t in texts if t))
        cleanup(self)

    runner.ModeRunner.cleanup = report
    from game.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)
NO_GL_MESSAGES = ("could not open an offscreen OpenGL buffer", "has no GLSL shader support")


def run_probe(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path, env=env, check=False, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0 and any(m in result.stderr for m in NO_GL_MESSAGES):
        pytest.skip(f"no offscreen OpenGL here: {result.stderr.strip()[-300:]}")
    return result


def read_png(path) -> np.ndarray:
    from panda3d.core import Filename, PNMImage

    image = PNMImage()
    assert image.read(Filename.from_os_specific(str(path))), f"{path} is not a readable image"
    width, height = image.get_x_size(), image.get_y_size()
    return np.array(
        [[image.get_xel_val(x, y) for x in range(width)] for y in range(height)], dtype=np.uint8
    )


def probe_lines(result, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in result.stdout.splitlines() if line.startswith(prefix)]


def test_the_bare_command_renders_the_title_screen(tmp_path):
    shot = tmp_path / "front-door.png"
    result = run_probe(tmp_path, "--offscreen", "--frames", "3", "--size", "320x180",
                       "--screenshot", str(shot))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert probe_lines(result, "SCREEN:") == ["title"]
    (texts,) = probe_lines(result, "TEXTS:")
    shown = texts.split("|")
    for entry in ("Pins & Needles", "The 3-minute story", "Explore the nerve", "Lessons"):
        assert entry in shown, f"{entry!r} is not on the first screen: {shown}"
    assert any("ESC" in t for t in shown), "the first screen does not say how to quit"
    rgb = read_png(shot).astype(int)
    assert rgb.shape[:2] == (180, 320)
    # The heading, in the title's yellow, in the top third; the rest a calm dark backdrop
    # (the nerve's 3D scene would fill the frame with colour).
    r, g, b = rgb[:60, :, 0], rgb[:60, :, 1], rgb[:60, :, 2]
    yellow = (r > 180) & (g > 170) & (b < 140)
    assert yellow.sum() > 40, f"no yellow heading at the top ({yellow.sum()} px)"
    lum = rgb @ [0.2126, 0.7152, 0.0722]
    assert np.median(lum) < 30.0, f"not the title's dark backdrop: median {np.median(lum):.0f}"


def test_explore_opens_the_nerve_directly(tmp_path):
    shot = tmp_path / "explore.png"
    result = run_probe(tmp_path, "explore", "--offscreen", "--frames", "10", "--size", "320x180",
                       "--screenshot", str(shot))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert probe_lines(result, "SCREEN:") == []  # the mode runner never ran
    rgb = read_png(shot)
    colours = len(np.unique(rgb.reshape(-1, 3) // 4, axis=0))
    assert colours > 100, f"only {colours} colours: not the nerve's 3D scene"
