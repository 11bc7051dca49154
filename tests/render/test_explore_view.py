"""Offscreen, in-process: the app's explore session (nerve thread, both views, HUD, keys) as a
visitor sees it. One session runs a scripted visit (``NerveSession.frame_hooks``) and the
tests check what it saw: the world view is a picture, a node glows when a spike passes, Na+
and K+ are both on screen near a node in their own colours, V switches to the tunnel and
back, crossing the legs at a high speed-up stops the blood, and the captions file is
validated with one-line errors.
"""

from types import SimpleNamespace

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance, pixel_of
from panda3d.core import Point3

from game.render.ions.colour_masks import disc, k_mask, na_mask

pytestmark = pytest.mark.render

FRAME_S = 0.05


class StillRail:
    """Stands in for the world's rail: the camera stays where a test put it."""

    def __init__(self, eye, target) -> None:
        self.eye, self.target = tuple(map(float, eye)), tuple(map(float, target))

    def place(self, camera, play_s: float) -> float:
        camera.set_pos(*self.eye)
        camera.look_at(Point3(*self.target))
        return 1.0


def _ion_node_view(world_view):
    """Eye a few radii from the ion-carrying node nearest the middle, looking at it."""
    world = world_view.world
    sites = world_view.ions.field.sites
    mid = 0.5 * world.layout.length_du
    k = int(np.argmin(np.abs(sites.positions_um[:, 1] - mid)))
    p = sites.positions_um[k]
    radial = np.array([p[0], 0.0, p[2]])
    radial = radial / max(np.linalg.norm(radial), 1e-9)
    eye = p - 7.0 * sites.radii_um[k] * radial + np.array([0.0, -2.0 * sites.radii_um[k], 0.0])
    return k, p, eye


def _vessel_view(world):
    vessel = world.layout.vessels[0]  # a central epineurial artery, through the pressed part
    mid = vessel.points_du[len(vessel.points_du) // 2]
    radial = np.array([mid[0], 0.0, mid[2]])
    eye = mid - 9.0 * radial / np.linalg.norm(radial)
    return mid, eye


@pytest.fixture(scope="module")
def visit(showbase, compiled_kernels):
    """One scripted visit; returns what was seen (frames as numpy, readings)."""
    from game import app
    from game.comfort import ComfortSettings
    from game.options import RunOptions
    from game.play.nerve_thread import NerveSimulationThread
    from game.render.frame_capture import FrameCapture
    from game.sim.commands import SetClockRates, SetPressure, StimulateClass
    from game.sim.nerve import Nerve

    options = RunOptions(offscreen=True, frames=118, width_px=320, height_px=180,
                         fixed_frame_s=FRAME_S)  # fmt: skip
    sim = NerveSimulationThread(lambda: Nerve(), max_lag_s=None, shown_class=app.SHOWN_CLASS)
    session = app.NerveSession(showbase, sim, options, ComfortSettings())
    seen = SimpleNamespace(ring=[], blood=[], views=[], stages=[], captions=[])
    state = {}

    def script(s, frame):
        world_view = s.views["world"]
        world = world_view.world
        rgb = frame_rgb(showbase.win)  # the frame drawn in the step before
        if frame == 0:
            k, p, eye = _ion_node_view(world_view)
            world.rail = StillRail(eye, p)
            state["node"] = (k, p)
            seen.hud_keys = s.hud.keys.text
            seen.first_view = s.driver.current
            # Signals ~5x faster than the default slow motion: a spike crosses in ~1 s.
            s.sim.send(SetClockRates(electrical_ms_per_s=1.0))
        if frame == 3:
            seen.world_rgb = rgb
            k, p = state["node"]
            centre = pixel_of(showbase, Point3(*p), world.root)
            radius = pixel_of(
                showbase,
                Point3(*(p + np.array([0.0, world_view.ions.field.sites.half_lengths_um[k], 0.0]))),
                world.root,
            )
            state["node_px"] = centre, np.hypot(radius[0] - centre[0], radius[1] - centre[1]) + 6
            # The ions hide the node's ring from this close: watch the ring without them.
            world_view.ions.root.stash()
            s.sim.send(StimulateClass(None))
        if 4 <= frame <= 40:
            centre, r = state["node_px"]
            seen.ring.append(float(luminance(rgb)[disc(rgb.shape, centre, r)].mean()))
        if frame == 41:
            seen.no_ions_rgb = rgb
            world_view.ions.root.unstash()
        if frame == 43:
            seen.ions_rgb = rgb
            seen.ion_px = state["node_px"]
        if frame == 44:
            showbase.messenger.send("v")
        if frame == 47:
            seen.views.append(s.driver.current)
            seen.tunnel_rgb = rgb
            seen.world_stashed = world_view.root.is_stashed()
            seen.captions.append(s.captions.current)
        if frame == 49:
            showbase.messenger.send("v")
        if frame == 52:
            seen.views.append(s.driver.current)
            seen.back_rgb = rgb
            mid, eye = _vessel_view(world)
            world.rail = StillRail(eye, mid)
            state["vessel"] = mid
        if 55 <= frame <= 62 or 100 <= frame <= 117:
            c, r = pixel_of(showbase, Point3(*state["vessel"]), world.root), 25
            seen.blood.append((frame, luminance(rgb)[disc(rgb.shape, c, r)]))
        if frame == 63:
            # Legs crossed hard, at a high physiological speed-up (minutes in seconds).
            s.sim.send(SetClockRates(physiological_speedup=120.0, electrical_ms_per_s=0.2))
            s.sim.send(SetPressure(pressure_mmHg=150.0))
        seen.stages.append(s.sim.latest().stage)
        if frame == 117:
            seen.perfusion = s.sim.latest().perfusion

    session.frame_hooks.append(script)
    sim.start()
    try:
        session.run(FrameCapture(screenshot=None, record_dir=None))
    finally:
        sim.stop()
        session.cleanup()
    assert sim.error is None
    seen.tasks_left = [t.name for t in showbase.task_mgr.getAllTasks()]
    return seen


def _assert_a_picture(rgb: np.ndarray) -> None:
    lum = luminance(rgb)
    assert lum.mean() > 6.0, f"the picture is (nearly) black: mean luminance {lum.mean():.1f}"
    colours = len(np.unique(rgb.reshape(-1, 3) // 4, axis=0))
    assert colours > 100, f"only {colours} colours: a shader-less or flat frame"


def test_the_app_opens_on_the_nerve_world_with_the_view_key_in_the_hud(visit):
    assert visit.first_view == "world"
    assert "V inside/outside" in visit.hud_keys
    _assert_a_picture(visit.world_rgb)


def test_a_node_glows_when_a_spike_passes(visit):
    ring = np.array(visit.ring)
    assert ring.max() > ring[0] + 25.0, (
        f"the node's pixels went only from {ring[0]:.0f} to {ring.max():.0f} of 255"
    )


def test_na_and_k_are_on_screen_near_a_node_in_their_own_colours(visit):
    centre, r = visit.ion_px
    near = disc(visit.ions_rgb.shape, centre, r)
    # Pixels of each species' colour that the ions brought (not there without them).
    na = int((na_mask(visit.ions_rgb) & ~na_mask(visit.no_ions_rgb) & near).sum())
    k = int((k_mask(visit.ions_rgb) & ~k_mask(visit.no_ions_rgb) & near).sum())
    assert na > 20, f"only {na} Na+ orange pixels near the node came with the ions"
    assert k > 20, f"only {k} K+ blue pixels near the node came with the ions"


def test_v_switches_to_inside_one_fibre_and_back(visit):
    assert visit.views == ["tunnel", "world"]
    assert visit.world_stashed, "the world was still drawn behind the tunnel"
    _assert_a_picture(visit.tunnel_rgb)
    _assert_a_picture(visit.back_rgb)
    diff = np.abs(visit.tunnel_rgb.astype(float) - visit.back_rgb.astype(float)).mean()
    assert diff > 10.0, "the tunnel looks like the world"
    assert visit.captions[0] and "fibre" in visit.captions[0]


def test_crossing_the_legs_at_a_high_speed_up_stops_the_blood(visit):
    frames = dict(visit.blood)

    def changed(a, b) -> int:
        return int((np.abs(frames[a] - frames[b]) > 8.0).sum())

    flowing = max(changed(f, f + 1) for f in range(55, 62))
    stopped = max(changed(f, f + 1) for f in range(108, 117))
    assert visit.perfusion < 0.1, f"perfusion {visit.perfusion:.2f} with the legs crossed"
    assert flowing > 20, f"only {flowing} vessel pixels changed while blood flows"
    assert stopped < 0.2 * flowing, f"{stopped} vessel pixels still change ({flowing} flowing)"
    assert "vascular compression" in visit.stages


def test_the_session_leaves_no_task_behind(visit):
    for name in ("explore-update", "nerve-touch", "explore-hooks", "free-flight"):
        assert name not in visit.tasks_left


def test_a_broken_captions_file_is_one_line_naming_the_key(tmp_path):
    from game.datafile import DataFileError
    from game.render.explore_captions import load_explore_captions

    good = load_explore_captions()
    assert good.stage("world", "complete failure")
    from game.render.explore_captions import CAPTIONS_PATH

    bad = tmp_path / "captions.toml"
    text = CAPTIONS_PATH.read_text()
    start = text.index("\ntunnel = ") + 1
    end = text.index("\n", start)
    bad.write_text(text[:start] + 'tunnel = "' + "y" * 90 + '"' + text[end:])
    with pytest.raises(DataFileError) as caught:
        load_explore_captions(bad)
    assert "views.tunnel" in str(caught.value) and "\n" not in str(caught.value)
    (tmp_path / "missing.toml").unlink(missing_ok=True)
    with pytest.raises(DataFileError, match="file not found"):
        load_explore_captions(tmp_path / "missing.toml")
