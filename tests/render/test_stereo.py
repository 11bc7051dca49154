"""Stereo (``--stereo sbs|anaglyph``): Panda3D's stereo display regions render two views.

Each test makes its own offscreen buffer beside the session's window (sharing its GL
context), puts a mono camera on it as ShowBase does, turns on stereo with
``game.render.display.enable_stereo`` and reads the frame back: side by side, the two halves
show a test card at different horizontal positions (parallax); red-blue, the red channel
(left eye) and the cyan channels (right eye) do.
"""

import math

import numpy as np
import pytest
from panda3d.core import (
    Camera,
    CardMaker,
    FrameBufferProperties,
    GraphicsPipe,
    NodePath,
    PerspectiveLens,
    WindowProperties,
)

from game.render.display import STEREO_CONVERGENCE_UM, STEREO_INTEROCULAR_UM, enable_stereo

pytestmark = pytest.mark.render

WIDTH_PX, HEIGHT_PX = 320, 180
#: The card stands closer than the convergence distance: it pops out of the screen.
CARD_DISTANCE_UM = 4.0


@pytest.fixture
def stereo_rig(showbase):
    """A buffer of its own with a camera looking at a white card on a black background."""
    fb = FrameBufferProperties()
    fb.set_rgb_color(True)
    fb.set_rgba_bits(8, 8, 8, 0)
    fb.set_depth_bits(16)
    buffer = showbase.graphics_engine.make_output(
        showbase.pipe, "stereo-test", -5, fb, WindowProperties.size(WIDTH_PX, HEIGHT_PX),
        GraphicsPipe.BF_refuse_window, showbase.win.get_gsg(), showbase.win,
    )  # fmt: skip
    if buffer is None:
        pytest.skip("could not make a second offscreen buffer")
    buffer.set_clear_color_active(True)
    buffer.set_clear_color((0.0, 0.0, 0.0, 1.0))
    root = NodePath("stereo-scene")
    lens = PerspectiveLens()
    lens.set_aspect_ratio(WIDTH_PX / HEIGHT_PX)
    vertical = math.radians(48.0)
    lens.set_fov(math.degrees(2 * math.atan(math.tan(vertical / 2) * WIDTH_PX / HEIGHT_PX)), 48.0)
    lens.set_near_far(0.05, 100.0)
    camera = root.attach_new_node(Camera("stereo-cam", lens))
    buffer.make_display_region().set_camera(camera)
    card = CardMaker("card")
    card.set_frame(-0.4, 0.4, -0.6, 0.6)
    node = root.attach_new_node(card.generate())
    node.set_pos(0.0, CARD_DISTANCE_UM, 0.0)
    node.set_color(1, 1, 1, 1)
    node.set_light_off(1)
    yield buffer, lens, root
    showbase.graphics_engine.remove_window(buffer)
    root.remove_node()


def render(showbase, buffer) -> np.ndarray:
    showbase.graphics_engine.render_frame()
    showbase.graphics_engine.render_frame()
    texture = buffer.get_screenshot()
    assert texture is not None
    data = bytes(texture.get_ram_image_as("RGB"))
    return np.frombuffer(data, np.uint8).reshape(HEIGHT_PX, WIDTH_PX, 3)[::-1]


def lit_columns(channel: np.ndarray) -> np.ndarray:
    return np.flatnonzero((channel > 128).any(axis=0))


def test_side_by_side_renders_two_views_with_parallax(showbase, stereo_rig, tmp_path):
    buffer, lens, _ = stereo_rig
    mono = render(showbase, buffer)
    made = enable_stereo(buffer, "sbs", lens=lens)
    assert len(made) == 1 and made[0].is_stereo()
    assert enable_stereo(buffer, "sbs", lens=lens) == []  # twice: nothing more to convert
    assert lens.get_interocular_distance() == pytest.approx(STEREO_INTEROCULAR_UM)
    assert lens.get_convergence_distance() == pytest.approx(STEREO_CONVERGENCE_UM)
    frame = render(showbase, buffer)
    from PIL import Image

    Image.fromarray(frame).save(tmp_path / "sbs.png")
    half = WIDTH_PX // 2
    left = lit_columns(frame[:, :half, 1])
    right = lit_columns(frame[:, half:, 1])
    assert left.size and right.size, "one eye's half is empty"
    # Each half holds a whole card, squeezed to half the width of the mono view.
    assert left.size == pytest.approx(lit_columns(mono[..., 1]).size / 2, abs=2)
    # Closer than convergence: the left eye sees it right of centre, the right eye left.
    centre_left = left.mean() - half / 2
    centre_right = right.mean() - half / 2
    assert centre_left - centre_right >= 2.0, (centre_left, centre_right)


def test_anaglyph_draws_the_eyes_in_red_and_cyan_at_different_positions(
    showbase, stereo_rig, tmp_path
):
    buffer, lens, _ = stereo_rig
    enable_stereo(buffer, "anaglyph", lens=lens)
    frame = render(showbase, buffer)
    from PIL import Image

    Image.fromarray(frame).save(tmp_path / "anaglyph.png")
    red = lit_columns(frame[..., 0])
    cyan = lit_columns(np.minimum(frame[..., 1], frame[..., 2]))
    assert red.size and cyan.size
    assert red.size == pytest.approx(cyan.size, abs=2)  # the same card, seen twice
    assert red.mean() - cyan.mean() >= 4.0, (red.mean(), cyan.mean())
    # Where only one eye sees the card, only that eye's colours are lit.
    only_red = frame[:, red.max()]
    assert only_red[..., 0].max() > 128 and only_red[..., 1:].max() < 30


def test_an_unknown_mode_is_refused_naming_it(showbase, stereo_rig):
    buffer, _, _ = stereo_rig
    with pytest.raises(ValueError, match="stereo: expected sbs or anaglyph, got 'vr'"):
        enable_stereo(buffer, "vr")


@pytest.mark.parametrize("mode", ["sbs", "anaglyph"])
def test_open_showbase_opens_the_window_in_stereo(mode, tmp_path):
    """``DisplaySettings(stereo=...)`` (what ``--stereo`` sets) gives a ShowBase whose scene
    and overlays render through stereo display regions. In a process of its own: one
    ShowBase per process."""
    import subprocess
    import sys

    from game import REPO_ROOT

    probe = (
        "from game.render.display import DisplaySettings, open_showbase, unload_prc\n"
        f"base, page = open_showbase(DisplaySettings(offscreen=True, width_px=64, height_px=36,"
        f" stereo={mode!r}))\n"
        "win = base.win\n"
        "from panda3d.core import Lens\n"
        "regions = [r for r in win.get_display_regions() if not r.get_camera().is_empty()"
        " and r.get_stereo_channel() in (Lens.SC_mono, Lens.SC_stereo)]\n"
        "print('STEREO', win.is_stereo(), win.get_side_by_side_stereo(), "
        "win.get_red_blue_stereo(), all(r.is_stereo() for r in regions), len(regions),"
        " base.camLens.get_interocular_distance())\n"
        "base.destroy(); unload_prc(page)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True,
        cwd=REPO_ROOT, timeout=120,
    )  # fmt: skip
    if run.returncode != 0 and ("OpenGL" in run.stderr or "EGL" in run.stderr):
        pytest.skip(run.stderr.strip()[-300:])
    assert run.returncode == 0, run.stderr[-2000:]
    (line,) = [x for x in run.stdout.splitlines() if x.startswith("STEREO")]
    _, stereo, sbs, red_blue, all_stereo, count, iod = line.split()
    assert stereo == "True" and all_stereo == "True" and int(count) >= 2
    assert (sbs, red_blue) == (("True", "False") if mode == "sbs" else ("False", "True"))
    assert float(iod) == pytest.approx(STEREO_INTEROCULAR_UM)
