"""Offscreen: Na+ and K+ on screen in their own colours; a spike at a node fills the inside
of its membrane with Na+; the full particle count renders its frames; stepping the particles
on their own thread gives the same run."""

import threading

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance, pixel_of
from panda3d.core import Point3

from game.render.ions.colour_masks import disc, k_mask, na_mask
from game.render.ions.membrane import membrane_tubes
from game.render.ions.particles import IonFieldSettings
from game.render.ions.sites import straight_fibre_sites
from game.render.ions.view import IonsView
from game.sim.snapshot import ClassSnapshot, NerveSnapshot

pytestmark = pytest.mark.render

FRAME_S = 1.0 / 30.0


def render(showbase) -> np.ndarray:
    showbase.graphics_engine.render_frame()
    return frame_rgb(showbase.win)


def make_view(showbase, scene_root, sites, diameter_um=0.45, **settings) -> IonsView:
    showbase.set_background_color(0.02, 0.03, 0.06, 1.0)
    view = IonsView(
        sites, scene_root, settings=IonFieldSettings(**settings), diameter_um=diameter_um
    )
    lens = showbase.cam.node().get_lens()
    lens.set_min_fov(48.0)
    lens.set_near_far(0.5, 500.0)
    view.update_view(lens, showbase.cam.node().get_display_region(0))
    return view


def test_both_species_are_on_screen_in_their_own_colours(showbase, scene_root):
    sites = straight_fibre_sites(3, spacing_um=10.0, radius_um=3.0, half_length_um=4.0)
    view = make_view(showbase, scene_root, sites, n_per_species=6000)
    membrane_tubes(sites, view.root)
    centre = sites.positions_um.mean(axis=0)
    showbase.camera.set_pos(centre[0] + 22.0, centre[1] - 8.0, centre[2] + 10.0)
    showbase.camera.look_at(*centre)
    view.cloud.set_cutaway(normal=(0.9, 0.0, 0.4), point=centre)
    for _ in range(3):
        view.update(None, FRAME_S)
    rgb = render(showbase)
    na, k = na_mask(rgb), k_mask(rgb)
    assert na.sum() > 300, f"only {na.sum()} Na+ (orange) pixels"
    assert k.sum() > 300, f"only {k.sum()} K+ (blue) pixels"
    assert not np.any(na & k)
    # Hidden, the cloud leaves neither colour behind (so the colours are the ions').
    view.cloud.root.hide()
    view.pumps.root.hide()
    bare = render(showbase)
    assert na_mask(bare).sum() < 20 and k_mask(bare).sum() < 20


def snapshot_for(n_sites: int) -> NerveSnapshot:
    snap = NerveSnapshot(
        classes=(ClassSnapshot(name="A-beta", myelinated=True, diameter_um=10.0, n_sites=n_sites),)
    )
    cls = snap.classes[0]
    cls.na_in_mM[:] = 10.0
    cls.k_out_mM[:] = 4.5
    cls.pump_rate[:] = 1.0
    return snap


def test_a_spike_at_a_node_fills_the_inside_of_its_membrane_with_na(showbase, scene_root):
    # One node seen end-on along its axis: pixels within the far end's ring can only show
    # ions inside the membrane (anything outside projects further out).
    radius_um, half_um, camera_um = 2.5, 4.0, 14.0
    sites = straight_fibre_sites(1, radius_um=radius_um, half_length_um=half_um)
    # Few, small ions, so the K+ that fills the inside hides less of the Na+ coming in.
    view = make_view(showbase, scene_root, sites, n_per_species=2000, diameter_um=0.3)
    view.pumps.root.hide()
    showbase.camera.set_pos(0.0, -camera_um, 0.0)
    showbase.camera.look_at(0.0, 0.0, 0.0)
    far_ring = pixel_of(showbase, Point3(radius_um, half_um, 0.0), showbase.render)
    middle = pixel_of(showbase, Point3(0.0, half_um, 0.0), showbase.render)
    inner = disc(frame_rgb(showbase.win).shape, middle, 0.95 * abs(far_ring[0] - middle[0]))

    snap = snapshot_for(1)
    cls = snap.classes[0]
    na_inside = []

    def frame(electrical_ms_per_frame: float, i_na_nA: float) -> None:
        snap.step += 1
        snap.electrical_ms += electrical_ms_per_frame
        cls.i_na_in_nA[:] = i_na_nA
        view.update(snap, FRAME_S)
        na_inside.append(int(na_mask(render(showbase))[inner].sum()))

    for _ in range(6):
        frame(0.0067, 0.0)  # rest
    counts_rest = view.field.inside_count.copy()
    for _ in range(14):
        frame(0.05, 15.0)  # the upstroke: Na+ current into this node
    rest, spike = np.mean(na_inside[:6]), np.mean(na_inside[-4:])
    assert view.field.inside_count[0, 0] > counts_rest[0, 0] + 100
    assert spike > 2.0 * rest, f"orange pixels inside the ring, frame by frame: {na_inside}"


def test_the_full_particle_count_renders_its_frames(showbase, scene_root):
    sites = straight_fibre_sites(5, spacing_um=10.0, radius_um=3.0, half_length_um=4.0)
    view = make_view(showbase, scene_root, sites, n_per_species=50_000)
    assert view.field.n_particles == 100_000
    centre = sites.positions_um.mean(axis=0)
    showbase.camera.set_pos(centre[0] + 30.0, centre[1] - 10.0, centre[2] + 12.0)
    showbase.camera.look_at(*centre)
    frames = []
    for _ in range(5):
        view.update(None, FRAME_S)
        frames.append(render(showbase))
    assert all(luminance(f).mean() > 10.0 for f in frames), "a frame is (nearly) black"
    assert na_mask(frames[-1]).sum() > 500
    assert len({f.tobytes() for f in frames}) == len(frames), "the particles did not move"


def test_channel_flux_is_counted_once_per_snapshot_from_its_electrical_clock(showbase, scene_root):
    sites = straight_fibre_sites(2, radius_um=2.5, half_length_um=4.0)
    view = make_view(showbase, scene_root, sites, n_per_species=2000)
    snap = snapshot_for(2)
    snap.classes[0].i_na_in_nA[:] = 10.0
    channel_in = lambda: int(view.field.crossings[0, 0, :, 0].sum())  # Na+, in
    view.update(snap, FRAME_S)  # the first snapshot: no earlier clock reading to diff against
    assert channel_in() == 0
    snap.step += 1
    snap.electrical_ms += 0.1  # 10 nA for 0.1 ms = 1 pC a site
    view.update(snap, FRAME_S)
    after_one = channel_in()
    expected = 2 * 1.0 * view.field.particles_per_pC
    assert abs(after_one - expected) <= 2
    view.update(snap, FRAME_S)  # the same snapshot again (the simulation did not step)
    view.update(snap, FRAME_S)
    assert channel_in() == after_one


def test_side_by_side_regions_both_draw_the_ions(showbase, scene_root):
    # Side-by-side stereo: one camera drawn into a left and a right display region; the
    # point shapes are set up for the left one and must still come out in the right one.
    sites = straight_fibre_sites(1, radius_um=2.5, half_length_um=4.0)
    view = make_view(showbase, scene_root, sites, n_per_species=3000)
    main_region = showbase.cam.node().get_display_region(0)
    regions = [showbase.win.make_display_region(x0, x0 + 0.5, 0.0, 1.0) for x0 in (0.0, 0.5)]
    try:
        main_region.set_active(False)
        for region in regions:
            region.set_camera(showbase.cam)
        lens = showbase.cam.node().get_lens()
        lens.set_aspect_ratio(0.5 * showbase.win.get_x_size() / showbase.win.get_y_size())
        view.update_view(lens, regions[0])
        showbase.camera.set_pos(14.0, 0.0, 0.0)
        showbase.camera.look_at(0.0, 0.0, 0.0)
        rgb = render(showbase)
    finally:
        for region in regions:
            showbase.win.remove_display_region(region)
        main_region.set_active(True)
        showbase.cam.node().get_lens().set_aspect_ratio(
            showbase.win.get_x_size() / showbase.win.get_y_size()
        )
    half = rgb.shape[1] // 2
    left, right = na_mask(rgb[:, :half]).sum(), na_mask(rgb[:, half:]).sum()
    assert left > 300 and right > 0.8 * left, f"Na+ pixels: left {left}, right {right}"


def patch_luminance(rgb: np.ndarray, centre) -> float:
    """Mean luminance of the 7 x 7 pixels around (column, row) ``centre``."""
    column, row = centre
    return float(luminance(rgb[row - 3 : row + 4, column - 3 : column + 4]).mean())


def test_calm_mode_glow_gain_softens_the_glint_of_a_crossing_ion(showbase, scene_root):
    from game.render.ions.ion_cloud import IonCloud
    from game.render.ions.particles import IonField

    field = IonField(straight_fibre_sites(1, radius_um=3.0), IonFieldSettings(n_per_species=50))
    for rows in field.vertices:
        rows[:] = 0.0  # all hidden ...
    field.vertices[0][0] = (-2.0, 0.0, 0.0, 1.0, 1.0)  # ... but a Na+ that just crossed
    field.vertices[0][1] = (2.0, 0.0, 0.0, 1.0, 0.0)  # and one that did not
    showbase.set_background_color(0.02, 0.03, 0.06, 1.0)
    lens = showbase.cam.node().get_lens()
    lens.set_min_fov(48.0)
    showbase.camera.set_pos(0.0, -20.0, 0.0)
    showbase.camera.look_at(0.0, 0.0, 0.0)
    brightness = {}
    for gain in (1.0, 0.5, 0.0):
        cloud = IonCloud(field, scene_root, diameter_um=1.6, glow_gain=gain)
        cloud.update_view(lens, showbase.cam.node().get_display_region(0))
        rgb = render(showbase)
        brightness[gain] = tuple(
            patch_luminance(rgb, pixel_of(showbase, Point3(x, 0.0, 0.0), scene_root))
            for x in (-2.0, 2.0)
        )
        cloud.cleanup()
    assert brightness[1.0][0] > brightness[0.5][0] + 5 > brightness[0.0][0] + 10
    assert abs(brightness[0.0][0] - brightness[0.0][1]) < 6, "no gain, no glint"


def stepped_here_and_on_a_thread(sites, scene_root) -> list[IonsView]:
    """Two views of the same particles: stepped on the main thread, and on their own."""
    return [
        IonsView(sites, scene_root, settings=IonFieldSettings(n_per_species=3000, seed=3),
                 background=background)
        for background in (False, True)
    ]  # fmt: skip


def test_a_step_on_the_particle_thread_gives_the_same_run_one_frame_later(showbase, scene_root):
    """The explore experience steps the particles on their own thread beside the draw: the
    same snapshots give the same particles as stepping them on the main thread."""
    sites = straight_fibre_sites(3, radius_um=2.5, half_length_um=4.0)
    views = stepped_here_and_on_a_thread(sites, scene_root)
    snap = snapshot_for(3)
    for frame in range(12):
        snap.step += 1
        snap.electrical_ms += 0.05
        snap.classes[0].i_na_in_nA[:] = 15.0 if frame % 6 < 2 else 0.0
        for view in views:
            view.update(snap, FRAME_S)
    views[1]._finish_step()  # the last step, still running beside the (next) draw
    np.testing.assert_array_equal(views[0].field.vertices, views[1].field.vertices)
    np.testing.assert_array_equal(views[0].field.crossings, views[1].field.crossings)
    assert views[0].field.crossings[0, 0, :, 0].sum() > 0, "no Na+ crossed: the test saw nothing"
    for view in views:
        view.cleanup()


def test_the_particle_thread_never_reads_the_borrowed_snapshot(showbase, scene_root):
    """The particle step runs beside the next frame, after the snapshot it came from may
    have been recycled by the triple buffer (``latest()`` lends it until the next call): the
    step must work from the view's own copy of the readings, not from the snapshot."""
    sites = straight_fibre_sites(3, radius_um=2.5, half_length_um=4.0)
    views = stepped_here_and_on_a_thread(sites, scene_root)
    snaps = [snapshot_for(3), snapshot_for(3)]
    for frame in range(4):
        snaps[0].step += 1
        snaps[0].electrical_ms += 0.05
        snaps[0].classes[0].i_na_in_nA[:] = 15.0
        snaps[0].classes[0].v_mV[:] = 20.0 if frame % 2 else -80.0
        snaps[1].copy_from(snaps[0])
        views[0].update(snaps[0], FRAME_S)
        # hold the particle thread until the writer has refilled the background view's
        # snapshot, as the simulation thread may once a later latest() hands it back
        gate = threading.Event()
        views[1]._pool.submit(gate.wait, 10.0)
        views[1].update(snaps[1], FRAME_S)
        for name in ClassSnapshot._ARRAYS:
            getattr(snaps[1].classes[0], name)[:] = -1.0e4
        gate.set()
        views[1]._finish_step()
        np.testing.assert_array_equal(views[0].field.vertices, views[1].field.vertices)
        np.testing.assert_array_equal(views[0].field.crossings, views[1].field.crossings)
    assert views[0].field.crossings[0, 0, :, 0].sum() > 0, "no Na+ crossed: the test saw nothing"
    for view in views:
        view.cleanup()
