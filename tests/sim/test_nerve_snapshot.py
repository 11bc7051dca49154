"""The nerve snapshot: what the renderer reads follows the simulated state.

Under pressure the compressed middle of each probe fibre loses ATP, gains Na+ inside and its
pumps slow, while the ends outside the segment stay near normal; the currents a spike
carries show in the snapshot; ``copy_from`` hands every field over.
"""

import numpy as np
import pytest

from game.sim.nerve import Nerve
from game.sim.nerve_snapshot import IonCurrents, fill_snapshot, new_snapshot

CLASSES = ("A-alpha", "A-beta", "A-delta", "C")


@pytest.fixture(scope="module")
def before_and_during():
    nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.5)
    before = new_snapshot(nerve)
    nerve.set_pressure(pressure_mmHg=nerve.profile.pressure_mmHg)
    nerve.advance(play_s=10.0)  # 10 physiological minutes crossed
    during = new_snapshot(nerve)
    fill_snapshot(nerve, during, nerve.status())
    return nerve, before, during


def _middle(c, values):
    return float(np.mean(values[c.pressure_weight >= 0.999]))


def _ends(c, values):
    return float(np.mean(values[c.pressure_weight == 0.0]))


def test_snapshot_has_every_class_with_per_site_arrays(before_and_during):
    nerve, before, _ = before_and_during
    assert [c.name for c in before.classes] == list(CLASSES)
    for c in before.classes:
        n = nerve.fibres[c.name].fiber.n_sites
        assert c.v_mV.shape == c.atp_mM.shape == c.i_na_in_nA.shape == (n,)
        assert c.v_mV.dtype == np.float32
        assert np.all(np.diff(c.site_x_um) > 0), "sites run distal to proximal"
        # at rest: healthy ATP, pumps at their resting rate, full blood flow
        np.testing.assert_allclose(c.pump_rate, 1.0, atol=0.02)
        np.testing.assert_allclose(c.perfusion, 1.0)
        assert np.all(c.v_mV < -50.0)
    assert before.stage == "healthy" and not before.legs_crossed


@pytest.mark.parametrize("name", CLASSES)
def test_pressure_drains_atp_fills_sodium_and_slows_pumps_in_the_middle(before_and_during, name):
    _, before, during = before_and_during
    b, d = before.by_name(name), during.by_name(name)
    assert _middle(d, d.perfusion) < 0.1
    assert _ends(d, d.perfusion) > 0.99
    assert _middle(d, d.atp_mM) < 0.7 * _middle(b, b.atp_mM)
    assert _middle(d, d.na_in_mM) > _middle(b, b.na_in_mM) + 0.2
    if _middle(d, d.atp_mM) < 0.02 * _middle(b, b.atp_mM):
        # out of ATP (the small fibres by now): the pumps have all but stopped; before that
        # the Na+ that piles up can even drive a starving pump faster than at rest
        assert _middle(d, d.pump_rate) < 0.3 * _middle(b, b.pump_rate)
    assert _middle(d, d.k_out_mM) > _middle(b, b.k_out_mM)
    # outside the segment the fibre is still fed
    assert _ends(d, d.atp_mM) > 0.9 * _ends(b, b.atp_mM)


def test_the_small_fibres_run_out_first_and_their_pumps_stop(before_and_during):
    _, _, during = before_and_during
    for name in ("A-delta", "C"):
        c = during.by_name(name)
        assert _middle(c, c.pump_rate) < 0.3
        assert _middle(c, c.v_mV) > -60.0, "the starved membrane depolarised"


def test_snapshot_carries_the_commands_and_the_probe_readings(before_and_during):
    nerve, _, during = before_and_during
    assert during.legs_crossed
    assert during.pressure_mmHg == nerve.profile.pressure_mmHg
    assert during.perfusion < 0.1
    assert during.physiological_s == pytest.approx(600.0)
    assert during.physiological_speedup == 60.0
    assert during.sensation != "" and during.stage != ""


def test_a_spike_shows_as_sodium_in_then_potassium_out():
    nerve = Nerve(physiological_speedup=0.0, electrical_ms_per_s=1.0)
    fibre = nerve.fibres["A-beta"]
    currents = IonCurrents(nerve)
    snapshot = new_snapshot(nerve)
    fill_snapshot(nerve, snapshot, currents=currents)
    rest_na = snapshot.by_name("A-beta").i_na_in_nA.copy()
    fibre.fiber.add_stimulus(
        node=0, start_ms=fibre.fiber.t_ms, duration_ms=0.1, amplitude_nA=fibre.test_pulse_nA
    )
    peak_na, peak_k = np.zeros(fibre.fiber.n_sites), np.zeros(fibre.fiber.n_sites)
    for _ in range(60):  # 1.5 ms: the spike crosses the whole probe
        fibre.fiber.advance(duration_ms=0.025)
        currents.sample(0.025)
        fill_snapshot(nerve, snapshot, currents=currents)
        c = snapshot.by_name("A-beta")
        np.maximum(peak_na, c.i_na_in_nA, out=peak_na)
        np.maximum(peak_k, c.i_k_out_nA, out=peak_k)
    assert np.all(snapshot.by_name("A-beta").spikes >= 1), "the spike crossed every node"
    assert np.all(peak_na > 20.0 * np.abs(rest_na).max()), "Na+ rushed in at every node"
    assert np.all(peak_k > 0.0)


def test_copy_from_round_trips_every_field(before_and_during):
    nerve, _, during = before_and_during
    copy = new_snapshot(nerve)
    copy.copy_from(during)
    assert copy.stage == during.stage and copy.sensation == during.sensation
    assert copy.physiological_s == during.physiological_s and copy.legs_crossed
    for mine, theirs in zip(copy.classes, during.classes, strict=True):
        for name in mine._ARRAYS + ("spikes",):
            np.testing.assert_array_equal(getattr(mine, name), getattr(theirs, name))
        assert mine.conducting == theirs.conducting and mine.ectopic_hz == theirs.ectopic_hz
    # and it is a copy, not a view
    copy.classes[0].atp_mM[:] = -1.0
    assert np.all(during.classes[0].atp_mM >= 0.0)
