"""Offscreen: a node of Ranvier's ring glows while its class's membrane potential spikes at the
site it reads, and not at rest; calm mode's glow gain makes the same spike dimmer. Fibres of
one class read different sites, so a bundle does not blink in unison."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance, pixel_of
from panda3d.core import Point3

from game.comfort import ComfortSettings
from game.render.camera_rail import configure_lens
from game.render.nerve_world.scene import NerveWorld
from game.render.nerve_world.synthetic import snapshot_shape

pytestmark = pytest.mark.render

CLASS = "A-alpha"


def _build(showbase, scene_root, comfort):
    snapshot = snapshot_shape()
    world = NerveWorld(scene_root, snapshot, comfort)
    showbase.set_background_color(*world.look.fog_colour, 1.0)
    lens = showbase.cam.node().get_lens()
    configure_lens(lens, far_um=world.look.far_du)
    lens.set_near(0.2)
    return world, snapshot


def _watch_a_node(showbase, world):
    """Camera in the channel looking at the A-alpha node nearest to it; the node's pixels."""
    sites = world.node_sites()
    centre = world.layout.fascicle_centres_du[0]
    y = 0.5 * world.layout.length_du
    eye = np.array([0.3 * centre[0], y, 0.3 * centre[1]])
    mine = np.array([n == CLASS for n in sites.class_name])
    dist = np.linalg.norm(sites.position_du - eye, axis=1) + np.where(mine, 0.0, 1e9)
    node = int(np.argmin(dist))
    p = sites.position_du[node]
    showbase.camera.set_pos(*eye)
    showbase.camera.look_at(Point3(*p))
    # Pixels on the bare ring's near side (half-way out from the axis toward the eye).
    toward = eye - p
    toward[1] = 0.0
    toward /= np.linalg.norm(toward)
    points = [
        p + sites.radius_du[node] * 0.9 * toward + np.array([0, dy, 0]) for dy in (-0.1, 0.0, 0.1)
    ]
    px = [pixel_of(showbase, Point3(*q), world.root) for q in points]
    assert all(q is not None for q in px), "the node is not in view"
    return node, sites, px


def _ring_luminance(showbase, world, snapshot, px) -> float:
    world.update(snapshot, 0.0, showbase.camera)
    showbase.graphics_engine.render_frame()
    lum = luminance(frame_rgb(showbase.win))
    return float(np.mean([lum[r, c] for c, r in px]))


def _spike_gain(showbase, scene_root, comfort) -> tuple[float, float]:
    world, snapshot = _build(showbase, scene_root, comfort)
    try:
        node, sites, px = _watch_a_node(showbase, world)
        rest = _ring_luminance(showbase, world, snapshot, px)
        snapshot.by_name(CLASS).v_mV[sites.site_index[node]] = 30.0  # the spike's peak
        spike = _ring_luminance(showbase, world, snapshot, px)
        snapshot.by_name(CLASS).v_mV[:] = -80.0
        after = _ring_luminance(showbase, world, snapshot, px)
    finally:
        world.cleanup()
    assert abs(after - rest) < 2.0, "the ring did not go dark again at rest"
    return rest, spike


def test_node_glows_during_its_spike_and_not_at_rest(showbase, scene_root):
    rest, spike = _spike_gain(showbase, scene_root, ComfortSettings())
    assert rest < 120.0, f"a resting node is already bright ({rest:.0f})"
    assert spike > rest + 60.0, f"the ring went only from {rest:.0f} to {spike:.0f} of 255"


def test_calm_mode_glow_is_dimmer(showbase, scene_root):
    rest, spike = _spike_gain(showbase, scene_root, ComfortSettings())
    calm_rest, calm_spike = _spike_gain(showbase, scene_root, ComfortSettings().calm())
    assert calm_spike - calm_rest < 0.8 * (spike - rest)
    assert calm_spike > calm_rest + 15.0, "calm mode must still show the spike"


def test_fibres_of_a_class_read_different_sites(showbase, scene_root):
    world, _ = _build(showbase, scene_root, ComfortSettings())
    try:
        sites = world.node_sites()
        mid = np.abs(sites.position_du[:, 1] - 0.5 * world.layout.length_du) < 20.0
        alpha = mid & np.array([n == CLASS for n in sites.class_name])
        assert len(np.unique(sites.site_index[alpha])) >= 3
        assert sites.position_du.shape == sites.axis.shape == (len(sites.radius_du), 3)
    finally:
        world.cleanup()
