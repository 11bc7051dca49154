"""Slow inactivation of Na+ channels: seconds-long loss of excitability under depolarisation.

Mammalian Na+ channels held depolarised for seconds enter a slow-inactivated state that the
fast h gate does not describe (Rudy 1978, J Physiol 283:1; Fleidervish, Friedman & Gutnick
1996, J Physiol 493:83: onset and recovery over seconds, half-inactivation near -60 mV).
It is why a depolarised stretch of axon, and the membrane that stretch keeps driving, stops
firing instead of firing forever, and why excitability comes back over seconds, not at once,
when the gradients are restored. It runs on the slow clock from the mean potential each site
had on the electrical clock.
"""

import numpy as np

V_HALF_MV = -42.0
SLOPE_MV = 5.0
ONSET_TAU_S = 30.0
RECOVERY_TAU_S = 1.5


def available_at(v_mV: np.ndarray) -> np.ndarray:
    """Steady-state share of channels not slowly inactivated, relative to a resting membrane
    (so a fibre at rest, near -80 mV, has all of its channels)."""
    resting = 1.0 / (1.0 + np.exp((-80.0 - V_HALF_MV) / SLOPE_MV))
    return np.minimum(1.0, 1.0 / (1.0 + np.exp((v_mV - V_HALF_MV) / SLOPE_MV)) / resting)


def relax(available: np.ndarray, v_mean_mV: np.ndarray, duration_s: float) -> None:
    """Move ``available`` toward its steady state at ``v_mean_mV`` over ``duration_s``."""
    target = available_at(v_mean_mV)
    tau = np.where(target < available, ONSET_TAU_S, RECOVERY_TAU_S)
    available += (target - available) * (1.0 - np.exp(-duration_s / tau))
