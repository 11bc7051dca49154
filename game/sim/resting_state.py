"""The quasi-static membrane of a site: where it rests, and the Na+ and K+ currents it passes.

On the physiological clock (seconds to minutes) a site's membrane potential follows its
reversal potentials and its pump within milliseconds, so the slow clock takes it at steady
state: the potential where the channels (gates at their steady values), the passive
internodal membrane the site accounts for, and the pump carry no net current. A walk from the
guess the way the membrane would move, then false position inside the bracket it finds,
keeps the branch the site was on (the I-V curve of an excitable membrane can have three
zeros). The Na+ load of action potentials is not in here: at the firing rates of a resting
limb it is small, and when a site does fire, the slow clock adds the extra charge the
electrical clock measured (``game.sim.site_metabolism``).
"""

from game.sim import c_fibre_membrane, mrg_node
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.jit import KERNEL_FLAGS, njit

#: Range the quasi-static potential is searched in, mV.
V_MIN_MV = -150.0
V_MAX_MV = 80.0
#: The temperature nearly every call is made at, degC, and its rate factors (Q1, Q2, Q3 of
#: the MRG node, Q10 factor of the C fibre), computed once here by the same functions: the
#: slow clock calls ``resting_state`` for every site several times per step, and four
#: powers per call cost half as much as one evaluation of the I-V curve.
BODY_TEMPERATURE_C = 37.0
BODY_RATE_FACTORS = (
    *mrg_node.temperature_factors(BODY_TEMPERATURE_C),
    c_fibre_membrane.q10_factor(BODY_TEMPERATURE_C),
)


@njit(**KERNEL_FLAGS)
def rate_factors(temperature_c):
    """(Q1, Q2, Q3, Q10 factor) of the channel kinetics at ``temperature_c``."""
    if temperature_c == BODY_TEMPERATURE_C:
        return BODY_RATE_FACTORS
    q1, q2, q3 = mrg_node.temperature_factors(temperature_c)
    return q1, q2, q3, c_fibre_membrane.q10_factor(temperature_c)


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
    model, v, g_max_uS, na_avail, leak_f, passive_g, passive_f, e_na, e_k_node, e_k_internode,
    i_pump, q1, q2, q3, q_c, t_c,
):  # fmt: skip
    g_na, g_k = steady_conductances(model, v, g_max_uS, na_avail, leak_f, q1, q2, q3, q_c, t_c)
    g_na_passive = passive_g * passive_f
    g_k_passive = passive_g * (1.0 - passive_f)
    net = g_na * (v - e_na) + g_k * (v - e_k_node) + g_na_passive * (v - e_na)
    net += g_k_passive * (v - e_k_internode) + i_pump
    return net, g_na + g_na_passive, g_k, g_k_passive


@njit(**KERNEL_FLAGS)
def resting_state(
    model, v_guess_mV, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
    passive_na_fraction, e_na_mV, e_k_node_mV, e_k_internode_mV, i_pump_nA, temperature_c,
):  # fmt: skip
    """(V_rest mV, I_Na nA, I_K through the site's channels nA, I_K through its passive
    (internodal) membrane nA, g_Na uS, g_K of the channels uS, g_K passive uS) at steady
    state. The channels face the nodal K+ (``e_k_node_mV``), the internodal membrane the K+
    under the myelin (``e_k_internode_mV``); for an unmyelinated fibre both are the same."""
    q1, q2, q3, q_c = rate_factors(temperature_c)
    return resting_state_at(
        model, v_guess_mV, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
        passive_na_fraction, e_na_mV, e_k_node_mV, e_k_internode_mV, i_pump_nA,
        q1, q2, q3, q_c, temperature_c,
    )  # fmt: skip


@njit(**KERNEL_FLAGS)
def resting_state_at(
    model, v_guess_mV, g_max_uS, na_available, leak_na_fraction, passive_g_uS,
    passive_na_fraction, e_na_mV, e_k_node_mV, e_k_internode_mV, i_pump_nA,
    q1, q2, q3, q_c, temperature_c,
):  # fmt: skip
    """``resting_state`` with the rate factors (``rate_factors(temperature_c)``) given: a
    caller that solves many sites at one temperature computes them once."""
    args = (
        g_max_uS, na_available, leak_na_fraction, passive_g_uS, passive_na_fraction, e_na_mV,
        e_k_node_mV, e_k_internode_mV, i_pump_nA, q1, q2, q3, q_c, temperature_c,
    )  # fmt: skip
    # Walk from the guess the way the membrane itself would move (down if the net current
    # is outward, up if inward) until the current changes sign: that zero is the stable
    # resting potential reached from where the site is, never a far branch of the I-V curve.
    # The potential returned is always the last one evaluated, so its conductances are
    # kept from that evaluation rather than computed again.
    a = min(max(v_guess_mV, V_MIN_MV), V_MAX_MV)
    fa, g_na, g_k, g_k_passive = _net_current(model, a, *args)
    direction = -1.0 if fa > 0.0 else 1.0
    step = 0.25
    b, fb = a, fa
    bracketed = fa == 0.0
    while not bracketed:
        b = min(max(a + direction * step, V_MIN_MV), V_MAX_MV)
        fb, g_na, g_k, g_k_passive = _net_current(model, b, *args)
        if (fb > 0.0) != (fa > 0.0) or fb == 0.0:
            bracketed = True
        elif b == V_MIN_MV or b == V_MAX_MV:
            break  # no zero before the limit: the site sits at it
        else:
            a, fa = b, fb
            step = min(2.0 * step, 4.0)
    v = b
    if bracketed and fb != 0.0 and fa != 0.0:
        # Illinois false position inside the bracket [a, b]
        side = 0
        for _ in range(60):
            v = (a * fb - b * fa) / (fb - fa)
            fv, g_na, g_k, g_k_passive = _net_current(model, v, *args)
            if abs(b - a) < 1e-5 or abs(fv) < 1e-12:
                break
            if (fv > 0.0) == (fb > 0.0):
                b, fb = v, fv
                if side == -1:
                    fa *= 0.5
                side = -1
            else:
                a, fa = v, fv
                if side == 1:
                    fb *= 0.5
                side = 1
    return (
        v, g_na * (v - e_na_mV), g_k * (v - e_k_node_mV), g_k_passive * (v - e_k_internode_mV),
        g_na, g_k, g_k_passive,
    )  # fmt: skip
