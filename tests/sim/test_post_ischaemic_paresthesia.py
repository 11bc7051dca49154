"""Post-ischaemic pins and needles, from the mechanism (SCIENCE.md section 2).

After the legs uncross the restarting Na+/K+ pump hyperpolarises the axon while the K+ that
built up under the myelin (held there by the loaded Schwann cell) outlasts the K+ around the
node: the internodal K+ gradient reverses, inward K+ current depolarises the axon, and nodes
fire bursts that travel both ways (Bostock, Baker & Reid 1991; Mogyoros, Bostock & Burke
2000). In people this paresthesia starts 1-2 min after release and fades over about 10 min,
and it comes from large sensory (A-beta) fibres (Reid 1931; Han et al. 2008). Nothing here is
scheduled by the clock: the times are read off the simulated state.
"""

import numpy as np
import pytest

from game.sim import targets
from game.sim.fibre_classes import default_fibre_classes
from game.sim.nerve_fibre import NerveFibre
from game.sim.profiles import profile
from game.sim.protocol import compression_protocol

RECOVER_MIN = 12.0


@pytest.fixture(scope="module")
def evidence():
    return compression_protocol(profile="evidence", compress_min=20.0, recover_min=RECOVER_MIN)


def test_evidence_paresthesia_starts_1_to_2_min_after_release_and_fades_by_10_min(evidence):
    start_s, end_s = evidence.paresthesia_s
    assert start_s is not None, "no ectopic firing felt after release"
    onset, fade = targets.EVIDENCE_PARESTHESIA_ONSET_S, targets.EVIDENCE_PARESTHESIA_END_S
    assert onset[0] <= start_s <= onset[1], f"paresthesia starts {start_s:.0f} s after release"
    assert fade[0] <= end_s <= fade[1], f"paresthesia lasts until {end_s:.0f} s after release"
    # and it has faded: the last minute of the run is quiet
    released_at = evidence.compress_min
    last = [s for s in evidence.timeline if s.t_min > released_at + RECOVER_MIN - 1.0]
    assert last and all(s.sensation in ("normal", "fading") for s in last)


def test_evidence_paresthesia_comes_mostly_from_a_beta(evidence):
    released = [s for s in evidence.timeline if not s.legs_crossed]
    total = {n: sum(s.firing_hz[n] for s in released) for n in released[0].firing_hz}
    assert max(total, key=total.get) == "A-beta", total
    assert total["C"] == 0.0


def test_evidence_keeps_the_experimental_block_order_under_compression(evidence):
    block = evidence.block_min
    assert block["A-beta"] < block["A-alpha"] < block["A-delta"], block
    assert block["C"] is None, "C fibres survive 20 minutes of ischaemia"


def test_evidence_every_class_conducts_again_after_the_paresthesia(evidence):
    last = evidence.timeline[-1]
    assert all(r.conducting for r in last.classes.values()), last.classes


def _recovering_a_beta(recover_s: float) -> NerveFibre:
    """An A-beta probe fibre of the evidence profile after 20 min of compression and
    ``recover_s`` of recovery (coarser compression steps than the protocol's)."""
    prof = profile("evidence")
    cls = next(c for c in default_fibre_classes() if c.name == "A-beta")
    fibre = NerveFibre(
        name=cls.name, myelinated=True, diameter_um=cls.representative_diameter_um,
        params=prof.class_params[cls.name], seed=3,
    )  # fmt: skip
    fibre.set_perfusion(prof.perfusion_at(prof.pressure_mmHg))
    for _ in range(120):
        fibre.advance_physiology(duration_s=10.0, electrical_ms=2.0)
    fibre.set_perfusion(1.0)
    for _ in range(int(recover_s)):
        fibre.advance_physiology(duration_s=1.0, electrical_ms=5.0)
    return fibre


def test_ectopic_bursts_travel_both_ways():
    fibre = _recovering_a_beta(recover_s=150.0)
    f = fibre.fiber
    for _ in range(40):  # look for a spontaneous spike, 25 ms at a time
        f.reset_accumulators()
        f.advance(duration_ms=25.0)
        first = f.first_spike_ms
        if np.all(np.isfinite(first)):
            break
        fibre.advance_physiology(duration_s=2.0, electrical_ms=0.0)
    else:
        pytest.fail("no spontaneous impulse reached both ends within the search")
    origin = int(np.argmin(first))
    assert 0 < origin < f.n_sites - 1, "the impulse starts inside the fibre, not at an end"
    assert fibre.pressure_weight[origin] > 0.0, "it starts where the nerve was compressed"
    assert np.all(np.diff(first[: origin + 1]) < 0), "it runs toward the foot"
    assert np.all(np.diff(first[origin:]) > 0), "and toward the brain"
