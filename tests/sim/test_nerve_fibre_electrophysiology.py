"""The healthy nerve at 37 degC against the published targets (../shared/SCIENCE.md section 1).

Sources, as in that table: resting potential and node kinetics, McIntyre, Richardson & Grill
2002 (MRG); conduction velocity ranges, the Erlanger-Gasser / Lloyd-Hunt classification (a
textbook table); the CV slope, Hursh 1939 and Boyd & Kalu 1979; C fibres, Van Hees & Gybels
1981 and Tigerholm et al. 2014; refractory period, human threshold tracking (Kiernan, Bostock).
"""

import numpy as np
import pytest

from game.sim.api import (
    Stimulus,
    conduction_velocity,
    myelinated_fiber,
    simulate,
    unmyelinated_fiber,
)
from game.sim.fibre_classes import default_fibre_classes


def _velocity(myelinated: bool, diameter_um: float) -> float:
    if myelinated:
        fibre = myelinated_fiber(diameter_um, 21)
        pulse = Stimulus(node=0, start_ms=0.1, duration_ms=0.1, amplitude_nA=2.0 * max(1.0, diameter_um / 10))
        return conduction_velocity(simulate(fibre, 3.0, 0.005, [pulse]))
    fibre = unmyelinated_fiber(diameter_um, 5000.0)
    pulse = Stimulus(node=0, start_ms=0.2, duration_ms=0.5, amplitude_nA=diameter_um)
    return conduction_velocity(simulate(fibre, 16.0, 0.005, [pulse]))


@pytest.mark.parametrize("cls", default_fibre_classes(), ids=lambda c: c.name)
def test_erlanger_gasser_conduction_velocity_of_each_class(cls):
    low, high = cls.cv_range_m_per_s
    assert low <= _velocity(cls.myelinated, cls.representative_diameter_um) <= high


def test_hursh_myelinated_velocity_is_linear_in_diameter_at_4_to_6_m_per_s_per_um():
    diameters = np.array([6.0, 9.0, 12.0, 16.0, 20.0])
    velocities = np.array([_velocity(True, d) for d in diameters])
    ratio = velocities / diameters
    assert np.all((ratio >= 4.3) & (ratio <= 6.0)), ratio
    fit = np.polyfit(diameters, velocities, 1)
    residual = velocities - np.polyval(fit, diameters)
    r_squared = 1 - np.sum(residual**2) / np.sum((velocities - velocities.mean()) ** 2)
    assert r_squared > 0.99


def test_unmyelinated_velocity_grows_as_the_square_root_of_diameter():
    ratio = _velocity(False, 1.0) / _velocity(False, 0.25)
    assert ratio == pytest.approx(2.0, rel=0.15)  # sqrt(1.0 / 0.25)


def test_human_c_fibre_velocity_van_hees_gybels():
    assert 0.86 - 2 * 0.17 <= _velocity(False, 1.0) <= 0.86 + 2 * 0.17


@pytest.fixture(scope="module")
def mrg_spike():
    result = simulate(
        myelinated_fiber(10.0, 21), 5.0, 0.005,
        [Stimulus(node=0, start_ms=0.1, duration_ms=0.1, amplitude_nA=1.0)],
    )  # fmt: skip
    return result.v_mV[:, 10]


def test_mrg_node_rests_at_about_minus_80_mV(mrg_spike):
    assert -87.0 <= mrg_spike[0] <= -78.0


def test_c_fibre_rests_between_minus_55_and_minus_70_mV():
    result = simulate(unmyelinated_fiber(1.0, 1000.0), 1.0, 0.005)
    assert np.all((result.v_mV[-1] >= -70.0) & (result.v_mV[-1] <= -55.0))


def test_nodal_action_potential_amplitude_and_overshoot(mrg_spike):
    rest, peak = mrg_spike[0], mrg_spike.max()
    assert 90.0 <= peak - rest <= 120.0
    assert 10.0 <= peak <= 40.0


def test_a_fibre_spike_lasts_about_half_a_millisecond(mrg_spike):
    # duration above 20% of the amplitude: at the very base the MRG node's depolarising
    # afterpotential (a real feature, McIntyre et al. 2002) lengthens the spike
    rest = mrg_spike[0]
    level = rest + 0.2 * (mrg_spike.max() - rest)
    duration_ms = np.count_nonzero(mrg_spike > level) * 0.005
    assert 0.4 <= duration_ms <= 0.6


def _second_spike_propagates(interval_ms: float) -> bool:
    # a supramaximal second pulse: ten times threshold (threshold is about 0.4 nA)
    result = simulate(
        myelinated_fiber(10.0, 21), interval_ms + 3.0, 0.005,
        [Stimulus(0, 0.1, 0.1, 0.85), Stimulus(0, 0.1 + interval_ms, 0.1, 4.2)],
    )  # fmt: skip
    return len(result.spikes_ms[15]) >= 2


def test_absolute_refractory_period_is_half_to_one_millisecond():
    assert not _second_spike_propagates(0.45)
    assert _second_spike_propagates(1.05)
    # and somewhere between, monotonically: once it gets through, it always does
    passes = [_second_spike_propagates(t) for t in (0.5, 0.7, 0.9, 1.0)]
    assert passes == sorted(passes)


def test_sustained_depolarisation_first_gives_repetitive_firing_then_block():
    """Mogyoros, Bostock & Burke 2000: mild depolarisation makes the axon fire on its own;
    more inactivates the Na+ channels and blocks conduction (MRG: at 20-30 mV)."""
    fibre = myelinated_fiber(10.0, 21)

    def run(current_nA):
        held = [Stimulus(n, 1.0, 60.0, current_nA) for n in range(8, 13)]
        test_pulse = Stimulus(0, 50.0, 0.1, 2.0)
        return simulate(fibre, 61.0, 0.005, held + [test_pulse])

    mild = run(0.1)
    assert len(mild.spikes_ms[10]) >= 3, "mild depolarisation: repetitive firing"
    strong = run(0.3)
    depolarised_mV = strong.v_mV[int(45.0 / 0.005), 10] - strong.v_mV[0, 10]
    assert 20.0 <= depolarised_mV <= 40.0
    assert len(strong.spikes_ms[10]) == 1, "one spike at the onset, then silence"
    assert not any(50.0 < t < 52.0 for t in strong.spikes_ms[20]), "test pulse blocked"
    unheld = run(0.0)
    assert any(50.0 < t < 52.0 for t in unheld.spikes_ms[20]), "the same pulse passes at rest"
