"""The ``article`` science profile against the popular article's tables (DESIGN.md;
``game.sim.targets``): compression stages inside their windows, small fibres failing first,
and the first recovery phases after release. Every time is read off the simulated state.

C fibres recover last and normal propagation resumes only at 60-120 s: the Remak Schwann
cell gives the K+ it took up during ischaemia back to the C fibre's periaxonal space, which
holds the C fibre in depolarisation block while the A fibres recover (``remak_k_store`` in
``levels/science/profile_article.toml``). The article's intense "random bursts" at 20-40 s
and the "coordinated but irregular" phase at 40-60 s are not reproduced yet: the test that
asks for them is marked as an expected failure, with the reason, so that it reports when the
model starts to meet them. What was measured (one probe fibre per class, 20 min at 100 mmHg):
after release the A fibres carry 24-41 mM of Na+ and the restarting pump runs 4-7 times its
resting rate for more than a minute; its current holds their nodes 15-20 mV below rest, where
no node fires (with the evidence profile's loaded Schwann-cell K+ store added, 200 ms of
electrical time at 30 s after release with the pump current set back to its resting value
fire the A-beta fibre at 45 Hz; with the pump's own current, 0 Hz). With the pump current
left on the internodal axolemma as well, the nodes sit near -69 mV, where slow Na+
inactivation takes about a fifth of their channels: A-beta fires 0, 0, 7 and 2 Hz over 1 s
windows at 20, 30, 40 and 50 s, far from the 60 Hz summed that "random bursts" needs.
Also tried, with 0 spikes in 50-70 s each: pump capacity spread from node to node (CV 1.0:
the slow clock's site potentials spread -97 to -48 mV, but coupled nodes differ by only 2-8
mV), 0.4x pump capacity, patchy reperfusion. Current held on the nodes for 100 ms gives one or
two spikes and then silence at any amplitude, after release and in a healthy probe alike: the
node accommodates within tens of ms while every slow drive changes over seconds. The likely
root cause is the node's rest: healthy mid-node rest in the article profile is -100.7
(A-alpha), -93.9 (A-beta), -84.9 mV (A-delta), below SCIENCE.md's -80 to -87 mV, because the
site's whole calibrated pump current sits on the node (``pump_current_on_node``).
"""

import pytest

from game.sim import targets
from game.sim.protocol import compression_protocol

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def article():
    # two minutes of recovery cover the phases up to "normal propagation resuming"
    return compression_protocol(profile="article", compress_min=20.0, recover_min=2.0)


def test_article_compression_stages_inside_their_windows(article):
    for stage, (low, high) in targets.ARTICLE_STAGE_WINDOWS_MIN.items():
        entered = article.stage_entry_min[stage]
        assert entered is not None and low <= entered <= high, f"{stage}: {entered} min"


def test_article_small_fibres_fail_first(article):
    block = article.block_min
    order = sorted(block, key=lambda n: block[n] if block[n] is not None else float("inf"))
    assert tuple(order) == targets.ARTICLE_BLOCK_ORDER, block


def test_article_nerve_goes_dark_then_scattered_nodes_fire_inside_their_windows(article):
    for phase in ("nerve dark, silent", "scattered node activation"):
        low, high = targets.ARTICLE_RECOVERY_WINDOWS_S[phase]
        entered = article.recovery_entry_s[phase]
        assert entered is not None and low <= entered <= high, f"{phase}: {entered} s"


def test_article_c_fibres_recover_last_and_normal_propagation_resumes_at_60_to_120_s(article):
    low, high = targets.ARTICLE_RECOVERY_WINDOWS_S["normal propagation resuming"]
    entered = article.recovery_entry_s["normal propagation resuming"]
    assert entered is not None and low <= entered <= high, f"normal propagation: {entered} s"
    recovered = article.recovery_s
    assert all(t is not None for t in recovered.values()), recovered
    assert max(recovered, key=lambda n: recovered[n]) == "C", recovered


@pytest.mark.xfail(
    strict=True,
    reason="after release the A fibres carry 24-41 mM Na+ and the restarting pump runs 4-7x its "
    "resting rate for over a minute; its current holds the A-fibre nodes 15-20 mV below rest "
    "(with it moved off the node, slow Na+ inactivation near -69 mV leaves only 0-7 Hz), and "
    "the C fibre, held in K+ block by its Remak Schwann cell, does not fire: no intense burst "
    "phase arises at 20-40 s, so there is no 'coordinated' phase after it either",
)
def test_article_burst_phases_inside_their_windows(article):
    for phase in ("random bursts throughout the nerve", "coordinated but irregular firing"):
        low, high = targets.ARTICLE_RECOVERY_WINDOWS_S[phase]
        entered = article.recovery_entry_s[phase]
        assert entered is not None and low <= entered <= high, f"{phase}: {entered} s"
