"""Offscreen: blood cells in the vasa nervorum move while blood flows and stand still when the
simulated perfusion is zero; flow resumes on release. The camera is held beside a vessel and
nothing else on screen changes between frames (potentials held constant)."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance
from panda3d.core import Point3

from game.render.camera_rail import configure_lens
from game.render.nerve_world.blood_flow import BloodFlow
from game.render.nerve_world.layout import build_layout
from game.render.nerve_world.scene import NerveWorld
from game.render.nerve_world.synthetic import snapshot_shape

pytestmark = pytest.mark.render
FRAME_S = 1.0 / 30.0


@pytest.fixture
def world(showbase, scene_root):
    snapshot = snapshot_shape()
    world = NerveWorld(scene_root, snapshot)
    showbase.set_background_color(*world.look.fog_colour, 1.0)
    lens = showbase.cam.node().get_lens()
    configure_lens(lens, far_um=world.look.far_du)
    lens.set_near(0.2)
    yield world, snapshot
    world.cleanup()


def _look_at_vessel(showbase, world):
    vessel = world.layout.vessels[0]  # a central epineurial artery, beside the rail
    mid = vessel.points_du[len(vessel.points_du) // 3]
    radial = np.array([mid[0], 0.0, mid[2]])
    eye = mid - 9.0 * radial / np.linalg.norm(radial)
    showbase.camera.set_pos(*eye)
    showbase.camera.look_at(Point3(*mid))


def _frames(showbase, world, snapshot, n):
    frames = []
    for _ in range(n):
        world.update(snapshot, FRAME_S, showbase.camera)
        showbase.graphics_engine.render_frame()
        frames.append(luminance(frame_rgb(showbase.win)))
    return frames


def _changed_px(a, b) -> int:
    return int((np.abs(a - b) > 8.0).sum())


def test_cells_move_with_flow_stop_without_it_and_resume(showbase, world):
    world, snapshot = world
    _look_at_vessel(showbase, world)
    flowing = _frames(showbase, world, snapshot, 3)
    assert flowing[-1].mean() > 5.0, "the frame is black"
    moved = _changed_px(flowing[1], flowing[2])
    assert moved > 40, f"only {moved} pixels changed between frames while blood flows"

    for c in snapshot.classes:  # legs crossed hard: no flow in the compressed segment
        c.perfusion[:] = np.where(c.pressure_weight > 0.5, 0.0, 1.0)
    stopped = _frames(showbase, world, snapshot, 3)
    assert _changed_px(stopped[1], stopped[2]) == 0, "cells still move with no perfusion"

    for c in snapshot.classes:
        c.perfusion[:] = 1.0
    resumed = _frames(showbase, world, snapshot, 3)
    assert _changed_px(resumed[1], resumed[2]) > 40, "flow did not resume on release"


def test_vessels_through_the_compressed_segment_slow_with_its_perfusion(showbase, scene_root):
    layout = build_layout()
    blood = BloodFlow(layout, scene_root, 600)
    length = blood.path_len_du[blood.vessel]

    def moved(profile):
        start = blood.s_du.copy()
        blood.advance(0.05, profile)
        step = np.abs(blood.s_du - start)
        return np.minimum(step, length - step)  # a cell may wrap round to the start

    full = moved(np.ones(32, np.float32))
    profile = np.ones(32, np.float32)
    profile[14:18] = 0.25  # the compressed segment at a quarter of normal flow
    slowed = moved(profile)
    crossing = (blood._path_y_u * 32 >= 14).any(axis=1) & (blood._path_y_u * 32 < 18).any(axis=1)
    through = crossing[blood.vessel]
    assert through.any() and (~through).any(), "need vessels inside and outside the segment"
    assert slowed[through].sum() / full[through].sum() == pytest.approx(0.25, rel=0.02)
    # Feeding vessels that never enter the segment keep their flow.
    assert slowed[~through].sum() / full[~through].sum() == pytest.approx(1.0, rel=0.02)
