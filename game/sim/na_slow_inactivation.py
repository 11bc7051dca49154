"""Slow inactivation of Na+ channels: seconds-long loss of excitability under depolarisation.

Mammalian Na+ channels held depolarised for seconds enter a slow-inactivated state that the
fast h gate does not describe (Rudy 1978, J Physiol 283:1; Fleidervish, Friedman & Gutnick
1996, J Physiol 493:83: onset and recovery over seconds, half-inactivation near -60 mV).
It is why a depolarised stretch of axon, and the membrane that stretch keeps driving, stops
firing instead of firing forever, and why excitability comes back over seconds, not at once,
when the gradients are restored. It runs on the slow clock from the mean potential each site
had on the electrical clock.
"""

import math

import numpy as np

from game.sim.jit import KERNEL_FLAGS, njit

#: Half-inactivation and slope (Fleidervish et al. 1996: about -60 mV; Rudy 1978): the
#: unmyelinated (C) fibre's channels.
V_HALF_MV = -60.0
SLOPE_MV = 6.0
#: The node of Ranvier's channels (per-site, so they can differ from the C fibre's). Kept at
#: the same values: a more depolarised curve (tried: -48 mV, 5 mV) lets post-release nodes
#: fire, but also stops healthy nodes next to a blocked stretch from accommodating, so a
#: nerve compressed for hours keeps tingling instead of going numb.
NODE_V_HALF_MV = -60.0
NODE_SLOPE_MV = 6.0
#: Onset takes seconds when the membrane is held depolarised (Fleidervish et al. 1996:
#: 1-10 s between 0 and -40 mV). Recovery: a second or two after a brief depolarisation
#: (their fast component), but the longer the channels were held inactivated the slower they
#: come back (Toib, Lyakhov & Marom 1998, J Neurosci 18:1893: seconds to minutes after long
#: activity); after minutes of ischaemic depolarisation, 5 s (fitted: keeps the nerve dark
#: for the first seconds after release while its K+ clears).
ONSET_TAU_S = 5.0
RECOVERY_TAU_S = 5.0
#: Share of the available channels each action potential sends into slow inactivation: a
#: node firing at tens of Hz for seconds loses its Na+ current cumulatively (Fleidervish et
#: al. 1996: slow cumulative spike adaptation; Toib, Lyakhov & Marom 1998, J Neurosci
#: 18:1893). Fitted: sustained ectopic firing comes in bursts that silence themselves.
PER_SPIKE = 0.003


def _fraction(v_mV, v_half_mV=V_HALF_MV, slope_mV=SLOPE_MV):
    return 1.0 / (1.0 + np.exp((v_mV - v_half_mV) / slope_mV))


def available_at(
    v_mV: np.ndarray,
    v_baseline_mV: np.ndarray | float = -80.0,
    v_half_mV: np.ndarray | float = V_HALF_MV,
    slope_mV: np.ndarray | float = SLOPE_MV,
) -> np.ndarray:
    """Steady-state share of channels not slowly inactivated, relative to the site's own
    resting membrane (so a healthy fibre at rest has all of the channels its cable model
    was built with)."""
    return np.minimum(
        1.0,
        _fraction(v_mV, v_half_mV, slope_mV) / _fraction(v_baseline_mV, v_half_mV, slope_mV),
    )


def relax(
    available: np.ndarray,
    v_mean_mV: np.ndarray,
    duration_s: float,
    v_baseline_mV: np.ndarray | float = -80.0,
    v_half_mV: np.ndarray | float = V_HALF_MV,
    slope_mV: np.ndarray | float = SLOPE_MV,
    rate_hz: np.ndarray | float = 0.0,
) -> None:
    """Move ``available`` toward its steady state at ``v_mean_mV`` over ``duration_s``,
    while action potentials at ``rate_hz`` inactivate PER_SPIKE of it each."""
    target = available_at(v_mean_mV, v_baseline_mV, v_half_mV, slope_mV)
    tau = np.where(target < available, ONSET_TAU_S, RECOVERY_TAU_S)
    available += (target - available) * (1.0 - np.exp(-duration_s / tau))
    available *= np.exp(-PER_SPIKE * rate_hz * duration_s)


@njit(**KERNEL_FLAGS)
def relax_site(
    available, v_mean_mV, duration_s, v_baseline_mV, v_half_mV, slope_mV, rate_hz
):  # fmt: skip
    """``relax`` for one site (scalars, inside a compiled kernel), with the same arithmetic:
    the share of channels not slowly inactivated after ``duration_s``."""
    at_v = 1.0 / (1.0 + math.exp((v_mean_mV - v_half_mV) / slope_mV))
    at_rest = 1.0 / (1.0 + math.exp((v_baseline_mV - v_half_mV) / slope_mV))
    ratio = at_v / at_rest
    target = ratio if ratio < 1.0 or math.isnan(ratio) else 1.0
    tau = ONSET_TAU_S if target < available else RECOVERY_TAU_S
    available += (target - available) * (1.0 - math.exp(-duration_s / tau))
    available *= math.exp(-PER_SPIKE * rate_hz * duration_s)
    return available
