"""The nerve world fed by the real simulation's snapshot (game.sim.nerve + nerve_snapshot):
its shape is accepted, crossing the legs narrows the compressed segment and stops the blood
in the vessels through it, and releasing them lets the blood flow again."""

import numpy as np
import pytest

from game.render.nerve_world.scene import NerveWorld

pytestmark = [pytest.mark.render, pytest.mark.slow]


def test_world_follows_the_simulated_pressure_and_perfusion(showbase, scene_root):
    from game.sim.nerve import Nerve
    from game.sim.nerve_snapshot import fill_snapshot, new_snapshot

    nerve = Nerve()
    snapshot = new_snapshot(nerve)
    world = NerveWorld(scene_root, snapshot)
    try:
        world.update(snapshot, 0.1, showbase.camera)
        healthy = world.blood.vessel_speed.copy()
        assert world.radial_scale_at(np.array([0.5 * world.layout.length_du]))[0] == 1.0
        assert (healthy > 0.0).all(), "blood must flow in the healthy nerve"

        nerve.set_pressure(pressure_mmHg=150.0)
        nerve.advance(play_s=0.05)
        fill_snapshot(nerve, snapshot)
        world.update(snapshot, 0.1, showbase.camera)
        middle = np.array([0.5 * world.layout.length_du])
        end = np.array([0.02 * world.layout.length_du])
        assert world.radial_scale_at(middle)[0] < 0.8, "the compressed segment must narrow"
        assert world.radial_scale_at(end)[0] > 0.95, "the far ends must not"
        profile = world.sites.perfusion
        assert profile[len(profile) // 2] < 0.1 and profile[0] > 0.9 and profile[-1] > 0.9
        pressed = world.blood.vessel_speed
        longitudinal = np.array([v.kind != "feeding" for v in world.layout.vessels])
        assert (pressed[longitudinal] < 0.2 * healthy[longitudinal]).all()

        nerve.set_pressure(pressure_mmHg=0.0)
        nerve.advance(play_s=0.5)
        fill_snapshot(nerve, snapshot)
        world.update(snapshot, 0.1, showbase.camera)
        assert (world.blood.vessel_speed[longitudinal] > 0.5 * healthy[longitudinal]).all()
    finally:
        world.cleanup()
