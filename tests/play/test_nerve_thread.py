"""The nerve's simulation thread, headless: paced by the play clock, commands in, snapshots out."""

import numpy as np
import pytest

from game.play.nerve_thread import NerveSimulationThread
from game.sim.commands import (
    SetClockRates,
    SetPaused,
    SetPressure,
    StimulateClass,
)
from game.sim.nerve import Nerve
from game.sim.warm_up import compile_kernels

SPEEDUP = 30.0


def start_thread(**kwargs) -> NerveSimulationThread:
    thread = NerveSimulationThread(
        lambda: Nerve(physiological_speedup=SPEEDUP, electrical_ms_per_s=1.0),
        warm_up=compile_kernels,
        **kwargs,
    )
    thread.start()
    assert thread.ready.wait(300), "the nerve was not built in time"
    assert thread.error is None, thread.error
    return thread


@pytest.fixture
def sim():
    thread = start_thread(max_lag_s=None)
    yield thread
    thread.stop()
    assert thread.error is None


def advance(sim, play_s: float):
    sim.set_play_time(play_s)
    assert sim.wait_caught_up(60), sim.error
    return sim.latest()


def test_both_clocks_follow_the_play_clock_at_their_rates(sim):
    assert sim.progress == 1.0
    spikes_at_start = [c.spikes.copy() for c in sim.latest().classes]
    snap = advance(sim, 2.0)
    assert snap.physiological_s == pytest.approx(2.0 * SPEEDUP, rel=1e-6)
    assert snap.electrical_ms == pytest.approx(2.0, rel=1e-6)
    sim.send(SetClockRates(physiological_speedup=60.0, electrical_ms_per_s=0.5))
    snap = advance(sim, 3.0)
    assert snap.physiological_s == pytest.approx(2.0 * SPEEDUP + 60.0, rel=1e-6)
    assert snap.electrical_ms == pytest.approx(2.5, rel=1e-6)
    assert snap.physiological_speedup == 60.0 and snap.electrical_ms_per_s == 0.5
    # the status was read along the way: every class conducts in a healthy nerve
    assert sim.status_calls >= 3
    assert all(c.conducting for c in snap.classes) and snap.sensation == "normal"
    # and the status probes' test pulses never reached the screen: no visible spike
    for c, before in zip(snap.classes, spikes_at_start, strict=True):
        np.testing.assert_array_equal(c.spikes, before)


def test_pause_stops_both_clocks_and_says_so(sim):
    before = advance(sim, 1.0)
    t_phys, t_el = before.physiological_s, before.electrical_ms
    sim.send(SetPaused(True))
    snap = advance(sim, 3.0)
    assert snap.paused
    assert snap.physiological_s == pytest.approx(t_phys)
    assert snap.electrical_ms == pytest.approx(t_el)
    sim.send(SetPaused(False))
    snap = advance(sim, 4.0)
    assert not snap.paused and snap.physiological_s == pytest.approx(t_phys + SPEEDUP)
    # Space: a touch on every class at once; each fibre's distal end fires
    distal_before = [int(c.spikes[0]) for c in snap.classes]
    sim.send(StimulateClass(None))
    snap = advance(sim, 5.0)
    assert [int(c.spikes[0]) for c in snap.classes] == [n + 1 for n in distal_before]


def test_crossing_the_legs_starves_the_middle_of_the_nerve(sim):
    sim.send(SetClockRates(physiological_speedup=120.0))
    sim.send(SetPressure(pressure_mmHg=100.0))
    snap = advance(sim, 4.0)  # 8 physiological minutes
    assert snap.legs_crossed and snap.pressure_mmHg == 100.0 and snap.perfusion < 0.1
    c = snap.by_name("C")
    middle = c.pressure_weight >= 0.999
    assert c.atp_mM[middle].mean() < 0.5 * c.atp_mM[~middle].mean()
    assert c.na_in_mM[middle].mean() > c.na_in_mM[~middle].mean() + 1.0
    assert snap.sensation != "normal" or not all(x.conducting for x in snap.classes)
    sim.send(SetPressure(pressure_mmHg=0.0))
    snap = advance(sim, 4.5)
    assert not snap.legs_crossed and snap.perfusion == pytest.approx(1.0)


def test_a_stimulus_travels_node_by_node_in_slow_motion(sim):
    sim.send(SetClockRates(electrical_ms_per_s=0.2))
    snap = advance(sim, 0.5)
    spikes_before = snap.by_name("A-beta").spikes.copy()
    others_before = snap.by_name("A-alpha").spikes.copy()
    sim.send(StimulateClass("A-beta"))
    leading, readings, frame_s = [], [], 1.0 / 40.0
    t = 0.5
    calls_before = sim.status_calls
    for _ in range(240):  # 6 s of play = 1.2 ms electrical: the pulse crosses the probe
        t += frame_s
        snap = advance(sim, t)
        readings.append((snap.by_name("A-beta").conducting, snap.sensation))
        fired = snap.by_name("A-beta").spikes - spikes_before
        leading.append(int(np.flatnonzero(fired > 0).max()) if fired.any() else -1)
    leading = np.array(leading)
    n_sites = snap.by_name("A-beta").n_sites
    assert leading[-1] == n_sites - 1, "the pulse reached the proximal end"
    assert np.all(np.diff(leading) >= 0), "it moved one way only"
    # smooth: it never jumped more than two nodes between frames, and took many frames
    assert np.diff(leading).max() <= 2
    assert np.count_nonzero(np.diff(leading)) >= n_sites // 3
    # the status was read while the pulse was on its way, and the probes' test pulses did
    # not collide with it: the healthy nerve still reads as conducting and feeling normal
    assert sim.status_calls - calls_before >= 4
    assert set(readings) == {(True, "normal")}
    # a touch on one class leaves the others alone
    np.testing.assert_array_equal(snap.by_name("A-alpha").spikes, others_before)


def test_a_slow_machine_drops_the_backlog_instead_of_spiralling():
    thread = start_thread(max_lag_s=0.25)
    try:
        snap = advance(thread, 20.0)  # a huge hitch: 20 s of play at once
        # it caught up by skipping the signals ahead, not by simulating 20 ms of them...
        assert snap.electrical_ms == pytest.approx(0.25, abs=0.03)
        # ...while the body clock, which costs little, kept its pace
        assert snap.physiological_s == pytest.approx(20.0 * SPEEDUP, rel=1e-3)
    finally:
        thread.stop()


def test_a_broken_nerve_is_reported_not_hung():
    def broken():
        raise RuntimeError("no such profile")

    thread = NerveSimulationThread(broken)
    thread.start()
    assert thread.ready.wait(30)
    assert isinstance(thread.error, RuntimeError)
    assert thread.latest() is None
    thread.set_play_time(1.0)
    assert not thread.wait_caught_up(1.0)
    thread.stop()
