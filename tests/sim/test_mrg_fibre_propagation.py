"""A stimulus at one end of an MRG myelinated fibre travels node to node to the other end.

Targets (../shared/SCIENCE.md section 1): resting potential about -80 mV (MRG 2002); conduction
velocity about linear in diameter, 4.3-6 m/s per um (Hursh 1939; Boyd & Kalu 1979: 5.7 for
group I), so 43-60 m/s at 10 um; the node returns to rest after the spike.
"""

import numpy as np
import pytest

from game.sim.fiber import MyelinatedFiber


@pytest.fixture(scope="module")
def fibre_after_one_spike():
    fibre = MyelinatedFiber(diameter_um=10.0, n_nodes=25)
    fibre.settle()
    rest_mV = fibre.node_v_mV().copy()
    fibre.add_stimulus(node=0, start_ms=0.1, duration_ms=0.1, amplitude_nA=2.0)
    t_ms, v_mV = fibre.record(duration_ms=8.0, every_ms=0.005)
    return fibre, rest_mV, t_ms, v_mV


def test_mrg_node_rests_near_minus_80_mV():
    fibre = MyelinatedFiber(diameter_um=10.0, n_nodes=5)
    fibre.settle()
    assert np.all(np.abs(fibre.node_v_mV() + 80.0) < 3.0)


def test_spike_reaches_every_node_in_order(fibre_after_one_spike):
    fibre, _, _, _ = fibre_after_one_spike
    assert np.all(fibre.spike_count == 1), "every node fires exactly once"
    assert np.all(np.diff(fibre.last_spike_ms) > 0), "arrival time increases along the fibre"


def test_conduction_velocity_of_a_10um_fibre_is_mammalian(fibre_after_one_spike):
    fibre, _, _, _ = fibre_after_one_spike
    # away from the stimulated and the sealed end
    distance_um = fibre.node_x_um[20] - fibre.node_x_um[5]
    cv_m_per_s = distance_um / (fibre.last_spike_ms[20] - fibre.last_spike_ms[5]) / 1000.0
    assert 43.0 <= cv_m_per_s <= 60.0


def test_nodal_spike_overshoots_and_membrane_returns_to_rest(fibre_after_one_spike):
    _, rest_mV, _, v_mV = fibre_after_one_spike
    middle = v_mV[:, 12]
    assert 10.0 <= middle.max() <= 40.0  # overshoot, MRG / Chiu et al. 1979
    assert 90.0 <= middle.max() - rest_mV[12] <= 120.0  # amplitude
    assert abs(middle[-1] - rest_mV[12]) < 4.0, "back near rest 8 ms later"


def test_time_step_halving_changes_velocity_by_under_two_percent():
    velocities = []
    for dt_ms in (0.005, 0.0025):
        fibre = MyelinatedFiber(diameter_um=10.0, n_nodes=20, dt_ms=dt_ms)
        fibre.add_stimulus(node=0, start_ms=0.1, duration_ms=0.1, amplitude_nA=2.0)
        fibre.advance(duration_ms=2.0)
        x, t = fibre.node_x_um, fibre.last_spike_ms
        velocities.append((x[15] - x[3]) / (t[15] - t[3]))
    assert abs(velocities[0] - velocities[1]) / velocities[1] < 0.02
