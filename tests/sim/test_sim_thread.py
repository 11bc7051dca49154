"""The game-side simulation thread: paced by the play clock, commands in, snapshots out."""

import numpy as np
import pytest

from game.play.sim_thread import SimulationThread
from game.sim.commands import SetElectricalRate, SetPacemaker, Stimulate
from game.sim.fiber import MyelinatedFiber
from game.sim.snapshot import FiberSnapshot
from game.sim.warm_up import compile_kernels


@pytest.fixture
def sim():
    thread = SimulationThread(
        MyelinatedFiber(diameter_um=10.0, n_nodes=12), electrical_ms_per_s=1.0,
        warm_up=compile_kernels, max_lag_s=None,
    )  # fmt: skip
    thread.start()
    assert thread.ready.wait(120)
    yield thread
    thread.stop()
    assert thread.error is None


def test_thread_follows_the_play_clock_in_slow_motion(sim):
    sim.set_play_time(2.0)  # 2 s of play at 1 electrical ms per second
    assert sim.wait_caught_up(30)
    assert sim.latest().t_ms == pytest.approx(2.0, abs=0.01)
    sim.send(SetElectricalRate(electrical_ms_per_s=0.5))
    sim.set_play_time(4.0)  # 2 more seconds at half the rate
    assert sim.wait_caught_up(30)
    assert sim.latest().t_ms == pytest.approx(3.0, abs=0.01)


def test_stimulate_command_sends_a_spike_along_the_fibre(sim):
    sim.send(Stimulate(node=0, amplitude_nA=2.0, duration_ms=0.1))
    sim.set_play_time(3.0)
    assert sim.wait_caught_up(30)
    snapshot = sim.latest()
    assert np.all(snapshot.spikes_per_node == 1)
    assert np.all(np.abs(snapshot.v_node_mV + 80.0) < 6.0), "back near rest"


def test_pacemaker_fires_the_distal_node_periodically(sim):
    sim.send(SetPacemaker(node=0, period_ms=2.5))
    sim.set_play_time(10.0)
    assert sim.wait_caught_up(60)
    assert sim.latest().spikes_per_node[-1] == 4  # at 0, 2.5, 5 and 7.5 ms


def test_a_slow_machine_drops_the_backlog_instead_of_spiralling():
    thread = SimulationThread(
        MyelinatedFiber(diameter_um=10.0, n_nodes=12), electrical_ms_per_s=1.0, max_lag_s=0.25
    )
    thread.start()
    try:
        thread.set_play_time(100.0)  # a huge hitch: 100 s of play at once
        assert thread.wait_caught_up(30)
        # it caught up by skipping ahead, not by simulating 100 ms
        assert thread.latest().t_ms == pytest.approx(0.25, abs=0.03)
    finally:
        thread.stop()


def test_a_held_snapshot_stays_as_read_while_the_thread_runs_on(sim):
    """``latest()`` lends its snapshot until the next call: publishing goes on meanwhile."""
    sim.set_play_time(0.5)
    assert sim.wait_caught_up(30)
    held = sim.latest()
    kept = FiberSnapshot(held.n_nodes)
    kept.copy_from(held)
    calls = sim.advance_calls
    sim.set_play_time(3.0)  # 125 chunks of 0.02 ms, each one published
    assert sim.wait_caught_up(30)
    assert sim.advance_calls > calls + 50
    assert (held.t_ms, held.step) == (kept.t_ms, kept.step)
    np.testing.assert_array_equal(held.v_node_mV, kept.v_node_mV)
    np.testing.assert_array_equal(held.spikes_per_node, kept.spikes_per_node)
    assert sim.latest().t_ms == pytest.approx(3.0, abs=0.01)
