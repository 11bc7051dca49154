"""Mammalian node of Ranvier kinetics: the MRG 2002 node (McIntyre, Richardson & Grill,
J Neurophysiol 87:995; NEURON model ``axnode.mod``, ModelDB 3810).

Fast Na+ (m^3 h), persistent Na+ (p^3), slow K+ (s) and a leak. Rates in 1/ms, V in mV,
temperature factors Q1 = 2.2^((T-20)/10), Q2 = 2.9^((T-20)/10), Q3 = 3.0^((T-36)/10).
"""

import math

from game.sim.jit import KERNEL_FLAGS, njit

#: Maximal conductances, S/cm^2 (MRG Table 2).
G_NAF_S_PER_CM2 = 3.0
G_NAP_S_PER_CM2 = 0.01
G_KS_S_PER_CM2 = 0.08
G_LEAK_S_PER_CM2 = 0.007
#: Reversal potentials at the MRG's fixed concentrations, mV.
E_NA_MV = 50.0
E_K_MV = -90.0
E_LEAK_MV = -90.0
#: Nodal membrane capacitance, uF/cm^2.
C_NODE_UF_PER_CM2 = 2.0
V_REST_MV = -80.0


@njit(**KERNEL_FLAGS)
def temperature_factors(temperature_c):
    """(Q1, Q2, Q3) for the m/p, h and s rates at ``temperature_c``."""
    q1 = 2.2 ** ((temperature_c - 20.0) / 10.0)
    q2 = 2.9 ** ((temperature_c - 20.0) / 10.0)
    q3 = 3.0 ** ((temperature_c - 36.0) / 10.0)
    return q1, q2, q3


@njit(**KERNEL_FLAGS)
def vtrap(x, y):
    """x / (1 - exp(-x/y)), with its limit y as x -> 0."""
    if abs(x / y) < 1e-6:
        return y * (1.0 + x / (2.0 * y))
    return x / (1.0 - math.exp(-x / y))


@njit(**KERNEL_FLAGS)
def gate_rates(v_mV, q1, q2, q3):
    """Forward and backward rates (1/ms) of the m, h, p and s gates at ``v_mV``."""
    alpha_m = q1 * 1.86 * vtrap(v_mV + 21.4, 10.3)
    beta_m = q1 * 0.086 * vtrap(-(v_mV + 25.7), 9.16)
    alpha_h = q2 * 0.062 * vtrap(-(v_mV + 114.0), 11.0)
    beta_h = q2 * 2.3 / (1.0 + math.exp(-(v_mV + 31.8) / 13.4))
    alpha_p = q1 * 0.01 * vtrap(v_mV + 27.0, 10.2)
    beta_p = q1 * 0.00025 * vtrap(-(v_mV + 34.0), 10.0)
    alpha_s = q3 * 0.3 / (1.0 + math.exp((v_mV + 53.0) / -5.0))
    beta_s = q3 * 0.03 / (1.0 + math.exp((v_mV + 90.0) / -1.0))
    return alpha_m, beta_m, alpha_h, beta_h, alpha_p, beta_p, alpha_s, beta_s


@njit(**KERNEL_FLAGS)
def relax_gate(x, alpha, beta, dt_ms):
    """Exact step of dx/dt = alpha (1 - x) - beta x over dt with frozen rates (Rush-Larsen)."""
    rate = alpha + beta
    x_inf = alpha / rate
    return x_inf + (x - x_inf) * math.exp(-dt_ms * rate)


@njit(**KERNEL_FLAGS)
def steady_state_gates(v_mV, temperature_c):
    """(m, h, p, s) at rest at ``v_mV``."""
    q1, q2, q3 = temperature_factors(temperature_c)
    am, bm, ah, bh, ap, bp, as_, bs = gate_rates(v_mV, q1, q2, q3)
    return am / (am + bm), ah / (ah + bh), ap / (ap + bp), as_ / (as_ + bs)
