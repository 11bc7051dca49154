"""Ectopic action potentials arise from the state and travel both ways from where they start.

A node whose K+ gradient has partly collapsed (raised K+ around it, as when its pump restarts
out of step with its neighbours after ischaemia) sits between rest and block and fires on its
own (Mogyoros, Bostock & Burke 2000; Han et al. 2008); the impulses it starts run toward both
ends of the fibre, which is why the pins-and-needles barrage is felt and also travels back
toward the foot. More K+ still and the node is silent: depolarisation block.
"""

import numpy as np

from game.sim import ions
from game.sim.fiber import MyelinatedFiber

HOT_NODE = 17


def _fibre_with_one_hot_node(k_around_mM: float) -> MyelinatedFiber:
    fibre = MyelinatedFiber(diameter_um=9.0, n_nodes=35)
    fibre.settle()
    e_k = ions.potassium_reversal_mV(ions.K_IN_MM, k_around_mM, 37.0)
    fibre.e_k_mV[HOT_NODE] = e_k
    fibre.e_k_internode_mV[HOT_NODE] = e_k
    fibre.advance(duration_ms=30.0)  # past the response to the sudden change
    fibre.reset_accumulators()
    return fibre


def test_a_node_with_raised_potassium_fires_on_its_own_and_a_healthy_fibre_does_not():
    healthy = _fibre_with_one_hot_node(ions.K_OUT_MM)
    before = healthy.spike_count.copy()
    healthy.advance(duration_ms=100.0)
    assert np.array_equal(healthy.spike_count, before)
    hot = _fibre_with_one_hot_node(30.0)
    before = hot.spike_count.copy()
    hot.advance(duration_ms=100.0)
    delivered = hot.spike_count - before
    assert delivered[0] >= 3 and delivered[-1] >= 3, "sustained firing reaches both ends"


def test_ectopic_spikes_start_at_the_hot_node_and_travel_both_ways():
    fibre = _fibre_with_one_hot_node(30.0)
    fibre.advance(duration_ms=100.0)
    first = fibre.first_spike_ms
    assert np.all(np.isfinite(first)), "every node fired"
    origin = int(np.argmin(first))
    assert abs(origin - HOT_NODE) <= 1, "the impulse starts at the hot node, not at an end"
    assert np.all(np.diff(first[: origin + 1]) < 0), "it runs toward the distal end"
    assert np.all(np.diff(first[origin:]) > 0), "and toward the proximal end"


def test_much_more_potassium_blocks_instead_of_firing():
    blocked = _fibre_with_one_hot_node(60.0)
    before = blocked.spike_count.copy()
    blocked.advance(duration_ms=100.0)
    assert np.array_equal(blocked.spike_count, before), "silent once depolarised past firing"
