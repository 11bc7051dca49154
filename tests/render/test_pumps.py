"""Na+/K+ pumps turn at the simulated pump rate: running, slowing, stopped dead, restarting
out of step; on screen a running pump's pixels change between frames and a stopped one's
do not."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, pixel_of
from panda3d.core import Point3

from game.render.ions.particles import IonField, IonFieldSettings
from game.render.ions.pumps import PumpDrive, PumpRotors, rotor_mesh
from game.render.ions.sites import straight_fibre_sites

FRAME_S = 1.0 / 30.0


def drive_for(n_sites=4, per_site=6, initial_rate=1.0) -> PumpDrive:
    return PumpDrive(np.repeat(np.arange(n_sites), per_site), initial_rate=initial_rate)


def step(drive: PumpDrive, rate, frames: int) -> None:
    for _ in range(frames):
        drive.update(np.asarray(rate, float), FRAME_S)


def test_running_pumps_turn_at_a_speed_that_follows_the_rate():
    slow, fast = drive_for(), drive_for()
    start = slow.phase.copy()
    for _ in range(30):
        slow.update(np.full(4, 0.5), FRAME_S)
        fast.update(np.full(4, 2.0), FRAME_S)
    # Both turn; each heads for its own rate (with a lag).
    assert np.all(slow.drive < 1.0) and np.all(fast.drive > 1.0)
    assert not np.allclose(slow.phase, start)
    step(slow, np.full(4, 0.5), 300)
    step(fast, np.full(4, 2.0), 300)
    np.testing.assert_allclose(slow.drive, 0.5, atol=0.01)
    np.testing.assert_allclose(fast.drive, 2.0, atol=0.02)


def test_pumps_slow_and_then_stop_dead_when_the_rate_falls_to_zero():
    drive = drive_for()
    step(drive, np.zeros(4), 5)
    assert np.all(drive.drive < 1.0) and np.all(drive.drive > 0.0), "they slow, not snap"
    step(drive, np.zeros(4), 400)
    assert np.all(drive.drive == 0.0)
    frozen = drive.phase.copy()
    step(drive, np.zeros(4), 30)
    np.testing.assert_array_equal(drive.phase, frozen)


def test_pumps_restart_out_of_step():
    drive = drive_for(initial_rate=0.0)
    assert np.all(drive.drive == 0.0)
    step(drive, np.ones(4), 15)  # half a second after the ATP came back
    # Some pumps are nearly up to speed while others have barely started.
    assert drive.drive.max() - drive.drive.min() > 0.3
    step(drive, np.ones(4), 600)
    np.testing.assert_allclose(drive.drive, 1.0, atol=0.01)
    # Their phases are scattered, not in lock-step.
    spread = np.abs(np.mean(np.exp(1j * drive.phase)))
    assert spread < 0.6


def test_the_rotor_shape_is_closed_triangles_with_unit_normals():
    vertices, indices = rotor_mesh()
    assert indices.max() < len(vertices)
    np.testing.assert_allclose(np.linalg.norm(vertices[:, 3:6], axis=1), 1.0, atol=1e-5)
    assert set(np.unique(vertices[:, 6])) == {0.0, 1.0}, "one pale marker lobe"


@pytest.mark.render
@pytest.mark.parametrize(("rate", "changes"), [(1.0, True), (0.0, False)])
def test_a_pump_region_changes_between_frames_only_while_it_runs(
    showbase, scene_root, rate, changes
):
    sites = straight_fibre_sites(2, spacing_um=12.0, radius_um=3.0, half_length_um=4.0)
    field = IonField(sites, IonFieldSettings(n_per_species=400))
    showbase.set_background_color(0.02, 0.03, 0.06, 1.0)
    pumps = PumpRotors(field, scene_root)
    pumps.drive.state[:, 1] = rate  # already at this rate (no spin-up)
    position, normal = pumps.positions_um[0], pumps.normals[0]
    eye = position + normal * 8.0 * pumps.size_um
    showbase.camera.set_pos(*eye)
    showbase.camera.look_at(Point3(*position))
    lens = showbase.cam.node().get_lens()
    lens.set_min_fov(48.0)
    lens.set_near_far(0.05, 200.0)
    centre = pixel_of(showbase, Point3(*position), scene_root)
    assert centre is not None
    column, row = centre
    frames = []
    for _ in range(4):
        pumps.update(np.full(sites.n_sites, rate), FRAME_S)
        showbase.graphics_engine.render_frame()
        frames.append(frame_rgb(showbase.win)[row - 40 : row + 40, column - 40 : column + 40])
    region_lit = frames[0].astype(int).sum(axis=2) > 60
    assert region_lit.sum() > 200, "the pump is not on screen"
    differing = [int(np.any(a != b, axis=2).sum()) for a, b in zip(frames, frames[1:])]
    if changes:
        assert min(differing) > 30, f"pixels changed between frames: {differing}"
    else:
        assert max(differing) == 0, f"a stopped pump moved: {differing}"
