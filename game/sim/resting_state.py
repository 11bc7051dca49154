"""The quasi-static membrane of a site: where it rests, and the Na+ and K+ currents it passes.

On the physiological clock (seconds to minutes) a site's membrane potential follows its
reversal potentials and its pump within milliseconds, so the slow clock takes it at steady
state: the potential where the channels (gates at their steady values), the passive
internodal membrane the site accounts for, and the pump carry no net current. Newton's method
from the previous potential keeps the branch the site was on (the I-V curve of an excitable
membrane can have three zeros). The Na+ load of action potentials is left out: at the firing
rates of a resting limb it is small beside the resting leak (a stated simplification).
"""

from game.sim import c_fibre_membrane, mrg_node
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.jit import KERNEL_FLAGS, njit


@njit(**KERNEL_FLAGS)
def steady_conductances(
    model, v_mV, g_max_uS, na_available, leak_na_fraction, q1, q2, q3, q_c, temperature_c
):
    """(g_Na, g_K) of a site's channels, uS, with every gate at its steady state at v_mV."""
    if model == MODEL_MRG_NODE:
        am, bm, ah, bh, ap, bp, as_, bs = mrg_node.gate_rates(v_mV, q1, q2, q3)
        m = am / (am + bm)
        h = ah / (ah + bh)
        p = ap / (ap + bp)
        s = as_ / (as_ + bs)
        g_na = g_max_uS[0] * m**3 * h * na_available + g_max_uS[1] * p**3
        g_k = g_max_uS[2] * s
        g_l = g_max_uS[3]
    else:
        am, bm, ah, bh, an, bn = c_fibre_membrane.gate_rates(v_mV, q_c, temperature_c)
        m = am / (am + bm)
        h = ah / (ah + bh)
        n = an / (an + bn)
        g_na = g_max_uS[0] * m**3 * h * na_available
        g_k = g_max_uS[1] * n**3
        g_l = g_max_uS[2]
    return g_na + leak_na_fraction * g_l, g_k + (1.0 - leak_na_fraction) * g_l


@njit(**KERNEL_FLAGS)
def _net_current(
    model, v, g_max_uS, na_avail, leak_f, passive_g, passive_f, e_na, e_k, i_pump, q1, q2, q3, q_c,
    t_c,
):  # fmt: skip
    g_na, g_k = steady_conductances(model, v, g_max_uS, na_avail, leak_f, q1, q2, q3, q_c, t_c)
    g_na += passive_g * passive_f
    g_k += passive_g * (1.0 - passive_f)
    return g_na * (v - e_na) + g_k * (v - e_k) + i_pump, g_na, g_k


@njit(**KERNEL_FLAGS)
def resting_state(
    model, v_guess_mV, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
    passive_na_fraction, e_na_mV, e_k_mV, i_pump_nA, temperature_c,
):  # fmt: skip
    """(V_rest mV, I_Na nA, I_K nA, g_Na uS, g_K uS) of a site at steady state."""
    q1, q2, q3 = mrg_node.temperature_factors(temperature_c)
    q_c = c_fibre_membrane.q10_factor(temperature_c)
    v = min(max(v_guess_mV, -150.0), 80.0)
    converged = False
    for _ in range(30):
        f, g_na, g_k = _net_current(
            model, v, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
            passive_na_fraction, e_na_mV, e_k_mV, i_pump_nA, q1, q2, q3, q_c, temperature_c,
        )
        f2, _, _ = _net_current(
            model, v + 0.01, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
            passive_na_fraction, e_na_mV, e_k_mV, i_pump_nA, q1, q2, q3, q_c, temperature_c,
        )
        slope = (f2 - f) / 0.01
        if slope <= 0.0:
            break  # on a negative-slope branch: fall back to bisection
        step = f / slope
        step = min(max(step, -10.0), 10.0)
        v -= step
        if abs(step) < 1e-6:
            converged = True
            break
    if not converged:
        lo, hi = -150.0, 80.0
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            f, _, _ = _net_current(
                model, mid, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
                passive_na_fraction, e_na_mV, e_k_mV, i_pump_nA, q1, q2, q3, q_c, temperature_c,
            )
            if f > 0.0:
                hi = mid
            else:
                lo = mid
        v = 0.5 * (lo + hi)
    f, g_na, g_k = _net_current(
        model, v, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
        passive_na_fraction, e_na_mV, e_k_mV, i_pump_nA, q1, q2, q3, q_c, temperature_c,
    )
    return v, g_na * (v - e_na_mV), g_k * (v - e_k_mV), g_na, g_k
