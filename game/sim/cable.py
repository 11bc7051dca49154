"""The myelinated fibre as a double cable (MRG 2002), and its implicit step.

Each node-to-node period is 11 sections: node, MYSA, FLUT, 6 STIN, FLUT, MYSA (McIntyre,
Richardson & Grill 2002). Every section has an intracellular potential ``vi`` and a periaxonal
potential ``vp`` (the thin space between axolemma and myelin); the membrane potential is
``vi - vp``. Current leaves the periaxonal space through the myelin (conductance and
capacitance to ground) and along it; at a node the periaxonal space is open to the outside,
so ``vp = 0`` there. Units throughout: mV, ms, nA, uS, nF (nF * mV/ms = nA = uS * mV).

The membrane currents are linear in V once the gates are advanced (the gates first, by
Rush-Larsen, then V by Crank-Nicolson as in NEURON: backward Euler over half a step, then
extrapolation), so each step is one banded linear solve. Second order: conduction velocity at
dt = 5 us is within 1% of dt = 1 us. With the
unknowns interleaved (vi_0, vp_0, vi_1, vp_1, ...) the matrix is symmetric pentadiagonal and
diagonally dominant, solved in O(n) without pivoting.
"""

import math
from dataclasses import dataclass

import numpy as np

from game.sim import mrg_node
from game.sim.fiber_geometry import (
    PERIAXONAL_FLUT_STIN_UM,
    PERIAXONAL_NODE_MYSA_UM,
    STIN_PER_INTERNODE,
    MrgGeometry,
)
from game.sim.jit import KERNEL_FLAGS, njit

#: Axoplasm resistivity, ohm cm (MRG: 0.7 Mohm um).
AXOPLASM_OHM_CM = 70.0
#: Myelin, per lamella membrane (two membranes per lamella): MRG.
MYELIN_C_UF_PER_CM2 = 0.1
MYELIN_G_S_PER_CM2 = 0.001
#: Internodal axolemma (MRG): MYSA leak 0.001, FLUT and STIN 0.0001 S/cm^2; 2 uF/cm^2.
MYSA_G_S_PER_CM2 = 0.001
FLUT_STIN_G_S_PER_CM2 = 0.0001
AXOLEMMA_C_UF_PER_CM2 = 2.0
AXOLEMMA_E_MV = -80.0

SECTION_NODE, SECTION_MYSA, SECTION_FLUT, SECTION_STIN = 0, 1, 2, 3
SPIKE_THRESHOLD_MV = -20.0


@dataclass
class CableArrays:
    """Static electrical description of a chain of sections (per-section arrays)."""

    kind: np.ndarray  # int8, SECTION_*
    x_um: np.ndarray  # section centres along the fibre
    length_um: np.ndarray
    c_membrane_nF: np.ndarray
    g_passive_uS: np.ndarray  # internodal axolemma leak (0 at nodes: the node has its own)
    c_myelin_nF: np.ndarray  # 0 at nodes
    g_myelin_uS: np.ndarray  # 0 at nodes
    g_axial_uS: np.ndarray  # between section k and k+1 (n_sec - 1)
    g_periaxonal_uS: np.ndarray  # between section k and k+1 (n_sec - 1)
    node_section: np.ndarray  # int64, section index of each node
    node_area_um2: np.ndarray


def _half_resistance_mohm(length_um: float, area_um2: float) -> float:
    # R = rho * (L/2) / A, with rho in ohm cm, L in um, A in um^2 -> Mohm.
    return AXOPLASM_OHM_CM * (length_um / 2.0) * 1e-2 / area_um2


def _annulus_um2(radius_um: float, width_um: float) -> float:
    return math.pi * ((radius_um + width_um) ** 2 - radius_um**2)


def build_myelinated_cable(geometry: MrgGeometry, *, n_nodes: int) -> CableArrays:
    """The sections of a fibre with ``n_nodes`` nodes (and nodes at both ends)."""
    if n_nodes < 2:
        raise ValueError(f"n_nodes={n_nodes}: expected at least 2")
    g = geometry
    period = (
        [(SECTION_NODE, g.node_length_um, g.node_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
        + [(SECTION_MYSA, g.mysa_length_um, g.mysa_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
        + [(SECTION_FLUT, g.flut_length_um, g.flut_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        + [(SECTION_STIN, g.stin_length_um, g.axon_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        * STIN_PER_INTERNODE
        + [(SECTION_FLUT, g.flut_length_um, g.flut_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        + [(SECTION_MYSA, g.mysa_length_um, g.mysa_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
    )
    sections = period * (n_nodes - 1) + period[:1]
    n = len(sections)
    kind = np.array([s[0] for s in sections], dtype=np.int8)
    length = np.array([s[1] for s in sections])
    diameter = np.array([s[2] for s in sections])
    gap = np.array([s[3] for s in sections])
    x = np.cumsum(length) - length / 2.0

    area = math.pi * diameter * length  # axolemma area, um^2
    myelin_area = math.pi * g.fiber_diameter_um * length
    c_membrane = np.where(kind == SECTION_NODE, mrg_node.C_NODE_UF_PER_CM2, AXOLEMMA_C_UF_PER_CM2)
    c_membrane = c_membrane * area * 1e-5
    g_leak = np.select(
        [kind == SECTION_NODE, kind == SECTION_MYSA], [0.0, MYSA_G_S_PER_CM2], FLUT_STIN_G_S_PER_CM2
    )
    g_passive = g_leak * area * 1e-2
    per_membrane = 1.0 / (2.0 * g.lamellae)  # lamellae membranes in series
    is_node = kind == SECTION_NODE
    c_myelin = np.where(is_node, 0.0, MYELIN_C_UF_PER_CM2 * per_membrane * myelin_area * 1e-5)
    g_myelin = np.where(is_node, 0.0, MYELIN_G_S_PER_CM2 * per_membrane * myelin_area * 1e-2)

    r_half_axial = np.array(
        [_half_resistance_mohm(length[k], math.pi * diameter[k] ** 2 / 4.0) for k in range(n)]
    )
    r_half_peri = np.array(
        [_half_resistance_mohm(length[k], _annulus_um2(diameter[k] / 2.0, gap[k])) for k in range(n)]
    )
    g_axial = 1.0 / (r_half_axial[:-1] + r_half_axial[1:])
    g_periaxonal = 1.0 / (r_half_peri[:-1] + r_half_peri[1:])
    node_section = np.flatnonzero(is_node).astype(np.int64)
    return CableArrays(
        kind=kind,
        x_um=x,
        length_um=length,
        c_membrane_nF=c_membrane,
        g_passive_uS=g_passive,
        c_myelin_nF=c_myelin,
        g_myelin_uS=g_myelin,
        g_axial_uS=g_axial,
        g_periaxonal_uS=g_periaxonal,
        node_section=node_section,
        node_area_um2=area[node_section],
    )


@njit(**KERNEL_FLAGS)
def solve_symmetric_pentadiagonal(diag, off1, off2, rhs, out, d_work, upper1_work, lower1_work):
    """Solve A x = rhs for symmetric A with diagonals ``diag``, ``off1`` (k,k+1), ``off2`` (k,k+2).

    Gaussian elimination without pivoting (A is diagonally dominant); ``rhs`` is overwritten.
    """
    n = diag.shape[0]
    for k in range(n):
        d_work[k] = diag[k]
    for k in range(n - 1):
        upper1_work[k] = off1[k]
        lower1_work[k] = off1[k]  # entry (k+1, k): the lower band starts as the upper one
    for k in range(n):
        pivot = d_work[k]
        if k + 1 < n:
            f = lower1_work[k] / pivot
            d_work[k + 1] -= f * upper1_work[k]
            if k + 2 < n:
                upper1_work[k + 1] -= f * off2[k]
            rhs[k + 1] -= f * rhs[k]
        if k + 2 < n:
            f = off2[k] / pivot
            # row k+2 (its entry (k+2, k) is still the original off2[k]): update (k+2, k+1)
            # and the diagonal
            lower1_work[k + 1] -= f * upper1_work[k]
            d_work[k + 2] -= f * off2[k]
            rhs[k + 2] -= f * rhs[k]
    out[n - 1] = rhs[n - 1] / d_work[n - 1]
    if n > 1:
        out[n - 2] = (rhs[n - 2] - upper1_work[n - 2] * out[n - 1]) / d_work[n - 2]
    for k in range(n - 3, -1, -1):
        out[k] = (rhs[k] - upper1_work[k] * out[k + 1] - off2[k] * out[k + 2]) / d_work[k]


@njit(**KERNEL_FLAGS)
def advance_myelinated_cable(
    n_steps, step0, dt_ms, temperature_c,
    kind, c_membrane_nF, g_passive_uS, e_passive_mV, c_myelin_nF, g_myelin_uS,
    g_axial_uS, g_periaxonal_uS,
    node_section, g_naf_uS, g_nap_uS, g_ks_uS, g_leak_uS, e_na_mV, e_k_mV, e_leak_mV,
    vi_mV, vp_mV, m, h, p, s,
    stim_node, stim_start_ms, stim_stop_ms, stim_nA,
    spike_count, last_spike_ms,
    record_v_mV, record_every,
    diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work, g_total_uS, e_total_mV, i_stim_nA,
):  # fmt: skip
    """Advance the double cable ``n_steps`` steps of ``dt_ms`` from integer step ``step0``.

    Records node membrane potentials into ``record_v_mV`` every ``record_every`` steps (as
    many rows as fit) and returns the number of rows written.
    """
    n_sec = kind.shape[0]
    n_nodes = node_section.shape[0]
    q1, q2, q3 = mrg_node.temperature_factors(temperature_c)
    half_dt_ms = 0.5 * dt_ms
    n_rows = 0
    for step in range(n_steps):
        t_ms = (step0 + step) * dt_ms
        # 1. gates at the nodes, with V from the end of the last step
        for j in range(n_nodes):
            k = node_section[j]
            v = vi_mV[k] - vp_mV[k]
            am, bm, ah, bh, ap, bp, as_, bs = mrg_node.gate_rates(v, q1, q2, q3)
            m[j] = mrg_node.relax_gate(m[j], am, bm, dt_ms)
            h[j] = mrg_node.relax_gate(h[j], ah, bh, dt_ms)
            p[j] = mrg_node.relax_gate(p[j], ap, bp, dt_ms)
            s[j] = mrg_node.relax_gate(s[j], as_, bs, dt_ms)
        # 2. membrane conductance and its reversal potential, per section
        for k in range(n_sec):
            g_total_uS[k] = g_passive_uS[k]
            e_total_mV[k] = e_passive_mV[k]
            i_stim_nA[k] = 0.0
        for j in range(n_nodes):
            k = node_section[j]
            g_na = g_naf_uS[j] * m[j] ** 3 * h[j] + g_nap_uS[j] * p[j] ** 3
            g_k = g_ks_uS[j] * s[j]
            g_l = g_leak_uS[j]
            g = g_na + g_k + g_l
            g_total_uS[k] = g
            e_total_mV[k] = (g_na * e_na_mV[j] + g_k * e_k_mV[j] + g_l * e_leak_mV[j]) / g
        for q in range(stim_node.shape[0]):
            if stim_start_ms[q] <= t_ms < stim_stop_ms[q]:
                i_stim_nA[node_section[stim_node[q]]] += stim_nA[q]
        # 3. Crank-Nicolson for (vi, vp): backward Euler over half a step gives the potentials
        # at mid-step, extrapolated to the end of the step (NEURON's secondorder scheme)
        for k in range(n_sec):
            a = c_membrane_nF[k] / half_dt_ms + g_total_uS[k]
            src = c_membrane_nF[k] / half_dt_ms * (vi_mV[k] - vp_mV[k]) + g_total_uS[k] * e_total_mV[k]
            r = 2 * k
            diag[r] = a
            rhs[r] = src + i_stim_nA[k]
            if kind[k] == SECTION_NODE:
                # open to the outside: vp = 0, decoupled
                off1[r] = 0.0
                diag[r + 1] = 1.0
                rhs[r + 1] = 0.0
            else:
                off1[r] = -a
                cy = c_myelin_nF[k] / half_dt_ms
                diag[r + 1] = a + cy + g_myelin_uS[k]
                rhs[r + 1] = -src + cy * vp_mV[k]
            if k + 1 < n_sec:
                off1[r + 1] = 0.0  # vp_k and vi_{k+1} are not coupled
        for k in range(n_sec - 1):
            ga = g_axial_uS[k]
            gp = g_periaxonal_uS[k]
            r = 2 * k
            diag[r] += ga
            diag[r + 2] += ga
            off2[r] = -ga
            diag[r + 1] += gp
            diag[r + 3] += gp
            # a node's vp is pinned to 0: keep the conductance on the neighbour's diagonal
            # (the path to ground) but drop the coupling term, which multiplies zero
            if kind[k] == SECTION_NODE or kind[k + 1] == SECTION_NODE:
                off2[r + 1] = 0.0
            else:
                off2[r + 1] = -gp
        for k in range(n_sec):
            if kind[k] == SECTION_NODE:
                diag[2 * k + 1] = 1.0
        solve_symmetric_pentadiagonal(diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work)
        # 4. new potentials; spikes are upward crossings of the threshold at a node
        for j in range(n_nodes):
            k = node_section[j]
            v_old = vi_mV[k] - vp_mV[k]
            v_new = 2.0 * (x[2 * k] - x[2 * k + 1]) - v_old
            if v_old < SPIKE_THRESHOLD_MV <= v_new:
                spike_count[j] += 1
                # interpolate the crossing inside the step: spike times finer than dt
                last_spike_ms[j] = t_ms + dt_ms * (SPIKE_THRESHOLD_MV - v_old) / (v_new - v_old)
        for k in range(n_sec):
            vi_mV[k] = 2.0 * x[2 * k] - vi_mV[k]
            vp_mV[k] = 2.0 * x[2 * k + 1] - vp_mV[k]
        if record_every > 0 and (step + 1) % record_every == 0 and n_rows < record_v_mV.shape[0]:
            for j in range(n_nodes):
                k = node_section[j]
                record_v_mV[n_rows, j] = vi_mV[k] - vp_mV[k]
            n_rows += 1
    return n_rows
