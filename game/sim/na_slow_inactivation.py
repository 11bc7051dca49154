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

#: Half-inactivation and slope (Fleidervish et al. 1996: about -60 mV; Rudy 1978).
V_HALF_MV = -60.0
SLOPE_MV = 6.0
#: Onset takes seconds when the membrane is held depolarised (Fleidervish et al. 1996:
#: 1-10 s between 0 and -40 mV); recovery at rest a second or two (their fast component).
ONSET_TAU_S = 5.0
RECOVERY_TAU_S = 1.5


def _fraction(v_mV):
    return 1.0 / (1.0 + np.exp((v_mV - V_HALF_MV) / SLOPE_MV))


def available_at(v_mV: np.ndarray, v_baseline_mV: np.ndarray | float = -80.0) -> np.ndarray:
    """Steady-state share of channels not slowly inactivated, relative to the site's own
    resting membrane (so a healthy fibre at rest has all of the channels its cable model
    was built with)."""
    return np.minimum(1.0, _fraction(v_mV) / _fraction(v_baseline_mV))


def relax(
    available: np.ndarray,
    v_mean_mV: np.ndarray,
    duration_s: float,
    v_baseline_mV: np.ndarray | float = -80.0,
) -> None:
    """Move ``available`` toward its steady state at ``v_mean_mV`` over ``duration_s``."""
    target = available_at(v_mean_mV, v_baseline_mV)
    tau = np.where(target < available, ONSET_TAU_S, RECOVERY_TAU_S)
    available += (target - available) * (1.0 - np.exp(-duration_s / tau))
