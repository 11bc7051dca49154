"""The ``article`` science profile against the popular article's tables (DESIGN.md;
``game.sim.targets``): compression stages inside their windows, small fibres failing first,
and the first recovery phases after release. Every time is read off the simulated state.

The article's middle recovery phases (intense "random bursts" at 20-40 s, "coordinated but
irregular" at 40-60 s, normal propagation only from 60 s, C fibres recovering last) are not
reproduced yet: the test that asks for them is marked as an expected failure, with the
reason, so that it reports when the model starts to meet them.
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


@pytest.mark.xfail(
    strict=True,
    reason="the restarting pumps carry the A-fibre nodes through their excitable range while "
    "their Na+ channels are still slowly inactivated, so no intense burst phase arises at "
    "20-40 s, and C fibres conduct again within about 15 s",
)
def test_article_recovery_phases_inside_their_windows(article):
    for phase in (
        "random bursts throughout the nerve",
        "coordinated but irregular firing",
        "normal propagation resuming",
    ):
        low, high = targets.ARTICLE_RECOVERY_WINDOWS_S[phase]
        entered = article.recovery_entry_s[phase]
        assert entered is not None and low <= entered <= high, f"{phase}: {entered} s"
    recovered = article.recovery_s
    assert max(recovered, key=lambda n: recovered[n] or 0.0) == "C", recovered
