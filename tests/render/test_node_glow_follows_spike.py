"""Offscreen: the pixels of a node's ring brighten when the simulated spike reaches it, then dim.

The real pipeline: MRG fibre in its simulation thread (or the whole nerve in its thread,
showing its A-beta fibre, as the app does), the flight's update task uploading each snapshot
to the voltage texture, the wall shader drawing it. The camera is held still in front of one
node so the same pixels can be compared frame by frame.
"""

import math

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance, pixel_of
from panda3d.core import Point3

from game.play.nerve_thread import NerveSimulationThread
from game.play.sim_thread import SimulationThread
from game.render.camera_rail import configure_lens
from game.render.fiber_scene import FiberScene
from game.render.flight import Flight
from game.sim.commands import Stimulate, StimulateClass
from game.sim.fiber import MyelinatedFiber
from game.sim.nerve import Nerve
from game.sim.warm_up import compile_kernels

pytestmark = pytest.mark.render

WATCHED_NODE = 4
#: 1 electrical ms per second of play and 40 frames a second: 25 µs per frame, about the
#: time the spike takes from one node to the next.
ELECTRICAL_MS_PER_S = 1.0
FRAME_S = 0.025
REST_FRAMES = 8
SPIKE_FRAMES = 64


class HeldCamera:
    """Stands in for the rail: the camera stays between node k-1 and node k, looking at k."""

    def __init__(self, y_um: float, look_y_um: float) -> None:
        self.y_um, self.look_y_um = y_um, look_y_um

    def place(self, camera, play_s: float) -> float:
        camera.set_pos(0.0, self.y_um, 0.0)
        camera.look_at(0.0, self.look_y_um, 0.0)
        return 1.0


def test_ring_pixels_brighten_when_the_spike_arrives_and_dim_after(
    showbase, compiled_kernels, scene_root
):
    fiber = MyelinatedFiber(diameter_um=10.0, n_nodes=12)
    scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=scene_root)
    showbase.set_background_color(*scene.look.fog_colour, 1.0)
    configure_lens(showbase.cam.node().get_lens(), far_um=scene.look.far_um)
    layout = scene.layout
    node_y = float(layout.node_y_um[WATCHED_NODE])
    held = HeldCamera(node_y - 0.5 * layout.internode_length_um, node_y)
    sim = SimulationThread(
        fiber,
        electrical_ms_per_s=ELECTRICAL_MS_PER_S,
        warm_up=compile_kernels,
        max_lag_s=None,
    )
    flight = Flight(
        sim=sim,
        scene=scene,
        rail=held,
        camera=showbase.camera,
        hud=None,
        task_mgr=showbase.task_mgr,
        clock=showbase.clock,
        fixed_frame_s=FRAME_S,
    )
    sim.start()
    try:
        assert sim.ready.wait(300), "simulation kernels did not compile in time"
        held.place(showbase.camera, 0.0)
        # Pixels on the watched node's ring (the bare node gap at the neck's radius).
        ring_px = [
            pixel_of(
                showbase,
                Point3(
                    layout.node_radius_um * math.cos(a), node_y, layout.node_radius_um * math.sin(a)
                ),
                scene.root,
            )
            for a in np.linspace(0.0, 2.0 * math.pi, 32, endpoint=False)
        ]
        assert all(p is not None for p in ring_px), "the ring is not in view"
        columns = np.array([p[0] for p in ring_px])
        rows = np.array([p[1] for p in ring_px])

        flight.start()
        ring, frame_mean, v_node, frames = [], [], [], []
        for frame in range(REST_FRAMES + SPIKE_FRAMES):
            if frame == REST_FRAMES:
                sim.send(Stimulate(node=0, amplitude_nA=2.0, duration_ms=0.1))
            showbase.task_mgr.step()
            rgb = frame_rgb(showbase.win)
            lum = luminance(rgb)
            ring.append(float(lum[rows, columns].mean()))
            frame_mean.append(float(lum.mean()))
            v_node.append(float(flight.snapshot.v_node_mV[WATCHED_NODE]))
            frames.append(rgb)
    finally:
        flight.stop()
        sim.stop()
    assert sim.error is None

    ring, v_node = np.array(ring), np.array(v_node)
    # Frames are real pictures: never black, never one flat colour, and they change.
    assert min(frame_mean) > 4.0, f"a frame is (nearly) black: mean luminance {min(frame_mean):.1f}"
    assert all(f.reshape(-1, 3).std(axis=0).max() > 2.0 for f in frames), "a flat frame"
    assert len({f.tobytes() for f in frames}) > SPIKE_FRAMES // 4, "frames did not change"

    # The simulated spike did reach the watched node, after the stimulus.
    peak = int(np.argmax(v_node))
    assert v_node[peak] > 0.0, f"no spike at node {WATCHED_NODE}: peak {v_node[peak]:.1f} mV"
    assert peak > REST_FRAMES

    rest = ring[:REST_FRAMES].mean()
    assert np.ptp(ring[:REST_FRAMES]) < 3.0, "the ring flickers while the fibre rests"
    brightest = int(np.argmax(ring))
    assert ring[brightest] > rest + 40.0, (
        f"ring only went from {rest:.1f} to {ring[brightest]:.1f} (of 255) during the spike"
    )
    # Brightest when (within a frame of when) the node's potential peaks, not before.
    assert abs(brightest - peak) <= 1, f"ring peaked at frame {brightest}, potential at {peak}"
    before = np.flatnonzero((np.arange(len(v_node)) < peak) & (v_node < -75.0))
    assert ring[before].max() < rest + 10.0, "the ring lit before the spike arrived"
    # And dims again as the node repolarises.
    assert v_node[-1] < -60.0
    assert ring[-1] < rest + 0.25 * (ring[brightest] - rest), "the ring did not dim after"


def ring_pixels(showbase, scene, node: int):
    layout = scene.layout
    node_y = float(layout.node_y_um[node])
    ring_px = [
        pixel_of(
            showbase,
            Point3(
                layout.node_radius_um * math.cos(a), node_y, layout.node_radius_um * math.sin(a)
            ),
            scene.root,
        )
        for a in np.linspace(0.0, 2.0 * math.pi, 32, endpoint=False)
    ]
    assert all(p is not None for p in ring_px), "the ring is not in view"
    return np.array([p[1] for p in ring_px]), np.array([p[0] for p in ring_px])


def test_the_nerve_threads_a_beta_fibre_lights_the_ring_as_its_spike_passes(
    showbase, compiled_kernels, scene_root
):
    sim = NerveSimulationThread(
        lambda: Nerve(electrical_ms_per_s=ELECTRICAL_MS_PER_S), max_lag_s=None,
        shown_class="A-beta",
    )  # fmt: skip
    sim.start()
    try:
        assert sim.ready.wait(300), "the nerve was not built in time"
        assert sim.error is None, sim.error
        fiber = sim.nerve.fibres["A-beta"].fiber
        scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=scene_root)
        showbase.set_background_color(*scene.look.fog_colour, 1.0)
        configure_lens(showbase.cam.node().get_lens(), far_um=scene.look.far_um)
        node_y = float(scene.layout.node_y_um[WATCHED_NODE])
        held = HeldCamera(node_y - 0.5 * scene.layout.internode_length_um, node_y)
        held.place(showbase.camera, 0.0)
        rows, columns = ring_pixels(showbase, scene, WATCHED_NODE)
        flight = Flight(
            sim=sim, scene=scene, rail=held, camera=showbase.camera, hud=None,
            task_mgr=showbase.task_mgr, clock=showbase.clock, fixed_frame_s=FRAME_S,
            shown_class="A-beta",
        )  # fmt: skip
        flight.start()
        ring, v_node = [], []
        for frame in range(REST_FRAMES + SPIKE_FRAMES):
            if frame == REST_FRAMES:
                sim.send(StimulateClass("A-beta"))
            showbase.task_mgr.step()
            ring.append(float(luminance(frame_rgb(showbase.win))[rows, columns].mean()))
            v_node.append(float(flight.snapshot.by_name("A-beta").v_mV[WATCHED_NODE]))
        flight.stop()
    finally:
        sim.stop()
    assert sim.error is None
    ring, v_node = np.array(ring), np.array(v_node)
    peak = int(np.argmax(v_node))
    assert v_node[peak] > 0.0 and peak > REST_FRAMES, "the touch did not reach the node"
    rest = ring[:REST_FRAMES].mean()
    brightest = int(np.argmax(ring))
    assert ring[brightest] > rest + 40.0
    assert abs(brightest - peak) <= 1
    assert ring[-1] < rest + 0.25 * (ring[brightest] - rest), "the ring did not dim after"


def test_the_picked_node_gets_a_dashed_outline_and_no_other(showbase, scene_root):
    fiber = MyelinatedFiber(diameter_um=10.0, n_nodes=12)
    scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=scene_root)
    showbase.set_background_color(*scene.look.fog_colour, 1.0)
    configure_lens(showbase.cam.node().get_lens(), far_um=scene.look.far_um)
    node_y = float(scene.layout.node_y_um[WATCHED_NODE])
    HeldCamera(node_y - 0.5 * scene.layout.internode_length_um, node_y).place(showbase.camera, 0.0)

    def frame(node):
        scene.mark_node(node)
        showbase.graphics_engine.render_frame()
        return luminance(frame_rgb(showbase.win))

    plain, picked, other = frame(None), frame(WATCHED_NODE), frame(WATCHED_NODE + 3)
    changed = np.abs(picked - plain) > 20.0
    assert changed.sum() > 50, "no outline around the picked node"
    # dashed: the outline is broken around the ring, not a solid band
    rows = np.flatnonzero(changed.any(axis=1))
    assert 0 < changed[rows].mean() < 0.5
    # a node far along the tunnel changes (almost) nothing near the watched one
    assert (np.abs(other - plain) > 20.0).sum() < 0.2 * changed.sum()
