"""The comfort vignette darkens the corners (more while moving fast) and changes nothing when off."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance

from game.comfort import ComfortSettings
from game.render.vignette import MOTION_EXTRA, TASK_NAME, Vignette, motion_extra, vignette_alpha

pytestmark = pytest.mark.render

GREY = (0.7, 0.7, 0.7, 1.0)


@pytest.fixture
def grey_screen(showbase):
    """An empty, evenly lit light-grey frame: the vignette is all that can darken it."""
    old = showbase.win.get_clear_color()
    showbase.win.set_clear_color(GREY)
    yield showbase
    showbase.win.set_clear_color(old)


def draw(base) -> np.ndarray:
    base.graphics_engine.render_frame()
    base.graphics_engine.render_frame()
    return luminance(frame_rgb(base.win))


def corners_and_centre(lum: np.ndarray) -> tuple[float, float]:
    h, w = lum.shape
    corners = np.concatenate([lum[:8, :8].ravel(), lum[:8, -8:].ravel(),
                              lum[-8:, :8].ravel(), lum[-8:, -8:].ravel()])  # fmt: skip
    return float(corners.mean()), float(
        lum[h // 2 - 4 : h // 2 + 4, w // 2 - 4 : w // 2 + 4].mean()
    )


def test_the_alpha_is_clear_in_the_middle_and_dark_in_the_corners():
    alpha = vignette_alpha(64)
    assert alpha[32, 32] == 0.0 and alpha[0, 0] > 0.95
    assert alpha[32, 0] < alpha[0, 0]  # the middle of an edge is lighter than a corner


def test_on_darkens_the_corners_not_the_centre(grey_screen, tmp_path):
    base = grey_screen
    plain = draw(base)
    vignette = Vignette(base.render2d, ComfortSettings(vignette=0.8))
    try:
        lum = draw(base)
    finally:
        vignette.destroy()
    corner, centre = corners_and_centre(lum)
    assert centre == pytest.approx(corners_and_centre(plain)[1], abs=1.0)
    assert corner < 0.4 * centre, (corner, centre)


def test_off_leaves_every_pixel_as_it_was(grey_screen):
    base = grey_screen
    plain = draw(base)
    vignette = Vignette(base.render2d, ComfortSettings(vignette=0.0))
    try:
        lum = draw(base)
        assert vignette.strength == 0.0
    finally:
        vignette.destroy()
    np.testing.assert_array_equal(lum, plain)


def test_calm_mode_turns_it_on():
    assert ComfortSettings().vignette == 0.0 and ComfortSettings().calm().vignette > 0.0


def test_fast_motion_darkens_more_and_settles_back(grey_screen, tmp_path):
    base = grey_screen
    vignette = Vignette(base.render2d, ComfortSettings(vignette=0.3))
    try:
        still_corner, _ = corners_and_centre(draw(base))
        for _ in range(30):  # one second of flying fast
            vignette.update(1 / 30, speed_um_per_s=40.0)
        assert vignette.strength == pytest.approx(0.3 + MOTION_EXTRA, abs=0.01)
        moving_corner, _ = corners_and_centre(draw(base))
        from PIL import Image

        Image.fromarray(frame_rgb(base.win)).save(tmp_path / "vignette_moving.png")
        for _ in range(60):  # stopped for two seconds
            vignette.update(1 / 30)
        assert vignette.strength == pytest.approx(0.3, abs=0.01)
    finally:
        vignette.destroy()
    assert moving_corner < still_corner - 20.0, (moving_corner, still_corner)


def test_motion_extra_grows_with_travel_or_turning():
    assert motion_extra(5.0, 0.0) == 0.0 and motion_extra(100.0, 0.0) == MOTION_EXTRA
    assert motion_extra(0.0, 500.0) == MOTION_EXTRA


def test_motion_vignette_can_be_switched_off(showbase):
    vignette = Vignette(showbase.render2d, ComfortSettings(vignette=0.2, motion_vignette=False))
    try:
        for _ in range(30):
            vignette.update(1 / 30, speed_um_per_s=100.0)
        assert vignette.strength == pytest.approx(0.2)
    finally:
        vignette.destroy()


def test_it_measures_the_camera_itself_in_a_task(showbase):
    vignette = Vignette(showbase.render2d, ComfortSettings())
    try:
        vignette.start(showbase.task_mgr, showbase.camera, fixed_frame_s=1 / 30)
        for i in range(30):
            showbase.camera.set_pos(0.0, i * 2.0, 0.0)  # 60 um/s: fast
            showbase.task_mgr.step()
        assert vignette.strength > 0.8 * MOTION_EXTRA
    finally:
        vignette.destroy()
        showbase.camera.set_pos(0, 0, 0)
    assert showbase.task_mgr.mgr.find_task(TASK_NAME) is None
