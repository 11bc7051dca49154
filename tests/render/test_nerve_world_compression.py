"""Offscreen: seen from the side, the compressed segment of the nerve is narrower under
pressure than at its ends, and not narrower without pressure."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance, pixel_of
from panda3d.core import Point3

from game.render.camera_rail import configure_lens
from game.render.nerve_world.palette import WorldLook
from game.render.nerve_world.scene import NerveWorld, squeeze_for
from game.render.nerve_world.synthetic import fill, snapshot_shape

pytestmark = pytest.mark.render


def _silhouette_heights(showbase, world, snapshot, pressure_mmHg) -> tuple[int, int]:
    fill(snapshot, 0.0, pressure_mmHg)
    world.update(snapshot, 0.0, showbase.camera)
    showbase.graphics_engine.render_frame()
    lum = luminance(frame_rgb(showbase.win))
    inside = lum > 6.0  # the background is black
    length = world.layout.length_du
    middle = pixel_of(showbase, Point3(0.0, 0.5 * length, 0.0), world.root)[0]
    end = pixel_of(showbase, Point3(0.0, 0.1 * length, 0.0), world.root)[0]
    return int(inside[:, middle].sum()), int(inside[:, end].sum())


def test_compressed_segment_narrows_under_pressure(showbase, scene_root):
    snapshot = snapshot_shape()
    # Next to no fog: from outside the whole nerve should stand out against black.
    world = NerveWorld(scene_root, snapshot, look=WorldLook(fog_density_per_du=0.0005))
    try:
        showbase.set_background_color(0, 0, 0, 1)
        lens = showbase.cam.node().get_lens()
        configure_lens(lens, far_um=2000.0)
        showbase.camera.set_pos(-420.0, 0.5 * world.layout.length_du, 0.0)
        showbase.camera.look_at(0.0, 0.5 * world.layout.length_du, 0.0)
        free_middle, free_end = _silhouette_heights(showbase, world, snapshot, 0.0)
        pressed_middle, pressed_end = _silhouette_heights(showbase, world, snapshot, 150.0)
    finally:
        world.cleanup()
    assert free_end > 20, "the nerve is not in view"
    assert abs(free_middle - free_end) <= 0.05 * free_end, "narrow without pressure"
    assert abs(pressed_end - free_end) <= 0.05 * free_end, "the ends must keep their width"
    expected = 1.0 - squeeze_for(150.0)
    assert pressed_middle < 0.8 * free_middle
    assert pressed_middle / free_middle == pytest.approx(expected, abs=0.08)


def test_squeeze_grows_with_pressure_and_is_bounded():
    assert squeeze_for(0.0) == 0.0
    assert 0.0 < squeeze_for(40.0) < squeeze_for(120.0) <= squeeze_for(1000.0) < 1.0
    assert np.isclose(squeeze_for(-5.0), 0.0)


def test_free_flight_bounds_follow_the_narrowing(showbase, scene_root):
    snapshot = snapshot_shape()
    world = NerveWorld(scene_root, snapshot)
    try:
        bounds = world.bounds(clearance_du=3.0)
        middle = 0.5 * world.layout.length_du
        fill(snapshot, 0.0, 0.0)
        world.update(snapshot, 0.0)
        free = bounds.allowed_radius_um(middle)
        assert free == pytest.approx(world.layout.nerve_radius_du - 3.0)
        fill(snapshot, 0.0, 150.0)
        world.update(snapshot, 0.0)
        assert bounds.allowed_radius_um(middle) < 0.7 * free
        x, _, z, hit = bounds.clamp(200.0, middle, 0.0)
        assert hit and x == pytest.approx(bounds.allowed_radius_um(middle)) and z == 0.0
        assert bounds.clamp(0.0, -50.0, 0.0) == (0.0, bounds.min_y_um, 0.0, True)
        assert bounds.clamp(1.0, middle, 1.0) == (1.0, middle, 1.0, False)
    finally:
        world.cleanup()
