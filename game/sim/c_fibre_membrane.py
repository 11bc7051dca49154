"""Unmyelinated C-fibre membrane kinetics at body temperature, after Sundt et al. 2015.

Sundt, Gamper & Jaffe 2015 (J Neurophysiol 114:3140; ModelDB 187473): a Na+ current with
Traub & Miles 1991 kinetics shifted to lie between Nav1.7 and Nav1.8 (activation +6 mV,
inactivation -6 mV), a delayed-rectifier K+ current in the Borg-Graham formalism (Migliore
et al. 1995), a leak; Q10 = 3 from 30 degC; resting potential -60 mV. Simplified here: the
delayed rectifier has its activation gate only (no slow inactivation, no M current), which
leaves the spike and its propagation as published. Plain squid kinetics would not fire at
37 degC at all (heat block); these do.
"""

import math

from game.sim.jit import KERNEL_FLAGS, njit

#: Sundt's 0.04 S/cm^2 conducts at 0.58 m/s in a 1 um fibre; doubled, the fibre reaches the
#: human C-fibre velocity (0.86 +/- 0.17 m/s, Van Hees & Gybels 1981) with a +28 mV overshoot.
G_NA_S_PER_CM2 = 0.08
G_KDR_S_PER_CM2 = 0.04
G_LEAK_S_PER_CM2 = 1e-4
C_UF_PER_CM2 = 1.0
V_REST_MV = -60.0
#: Sundt's reversals were E_Na +55, E_K -90 mV; here they come from the concentrations
#: (game.sim.ions: +51 and -90 mV at baseline).
#: Kinetics reference temperatures, degC (Traub 1991; Borg-Graham 1987).
T_REF_C = 30.0
FARADAY_C_PER_MOL = 96485.3
GAS_J_PER_MOL_K = 8.314


@njit(**KERNEL_FLAGS)
def q10_factor(temperature_c):
    return 3.0 ** ((temperature_c - T_REF_C) / 10.0)


@njit(**KERNEL_FLAGS)
def _x_over_expm1(x, y):
    """x / (exp(x/y) - 1), with its limit y as x -> 0."""
    if abs(x / y) < 1e-6:
        return y * (1.0 - x / (2.0 * y))
    return x / (math.exp(x / y) - 1.0)


@njit(**KERNEL_FLAGS)
def gate_rates(v_mV, q, temperature_c):
    """(alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n), 1/ms."""
    u = v_mV + 65.0 - 6.0  # Traub's voltage is relative to -65 mV; m shifted by +6 mV
    w = v_mV + 65.0 + 6.0  # h shifted by -6 mV
    alpha_m = q * 0.32 * _x_over_expm1(13.1 - u, 4.0)
    beta_m = q * 0.28 * _x_over_expm1(u - 40.1, 5.0)
    alpha_h = q * 0.128 * math.exp((17.0 - w) / 18.0)
    beta_h = q * 4.0 / (1.0 + math.exp((40.0 - w) / 5.0))
    # Borg-Graham delayed rectifier: a0 = 0.03/ms, zeta = -5, gamma = 0.4, V1/2 = -32 mV
    rt_over_f_mV = 1000.0 * GAS_J_PER_MOL_K * (273.15 + temperature_c) / FARADAY_C_PER_MOL
    z = (v_mV + 32.0) / rt_over_f_mV
    alpha_n = q * 0.03 * math.exp(5.0 * 0.4 * z)
    beta_n = q * 0.03 * math.exp(-5.0 * 0.6 * z)
    return alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n


def steady_state_gates(v_mV: float, temperature_c: float) -> tuple[float, float, float]:
    """(m, h, n) at rest at ``v_mV``."""
    am, bm, ah, bh, an, bn = gate_rates(v_mV, q10_factor(temperature_c), temperature_c)
    return am / (am + bm), ah / (ah + bh), an / (an + bn)


def leak_na_fraction_for_rest(temperature_c: float, *, e_na_mV: float, e_k_mV: float) -> float:
    """Na+ share of the leak that makes the membrane rest at V_REST_MV (as Sundt 2015 sets
    E_leak so that the net current at rest is zero), clipped to a physical 0-1."""
    m, h, n = steady_state_gates(V_REST_MV, temperature_c)
    i_na = G_NA_S_PER_CM2 * m**3 * h * (V_REST_MV - e_na_mV)
    i_k = G_KDR_S_PER_CM2 * n**3 * (V_REST_MV - e_k_mV)
    # leak g (f (V - E_Na) + (1 - f)(V - E_K)) = -(i_na + i_k)
    g = G_LEAK_S_PER_CM2
    f = (-(i_na + i_k) / g - (V_REST_MV - e_k_mV)) / (e_k_mV - e_na_mV)
    return min(1.0, max(0.0, f))
