"""The implicit cable step: membrane kinetics, ion currents and the banded solve.

Each section has an intracellular potential ``vi`` and a periaxonal potential ``vp`` (the
space between axolemma and myelin; MRG double cable); the membrane potential is ``vi - vp``.
Current leaves the periaxonal space through the myelin (conductance and capacitance to
ground) and along it; where the axolemma is open to the outside (a node of Ranvier, an
unmyelinated fibre) ``vp = 0``. Units: mV, ms, nA, uS, nF (nF * mV/ms = nA = uS * mV).

Each step: the gates at every active site by Rush-Larsen; then the potentials by
Crank-Nicolson as in NEURON (backward Euler over half a step, then extrapolation), one
symmetric pentadiagonal solve with the unknowns interleaved (vi_0, vp_0, vi_1, ...). Second
order: conduction velocity at dt = 5 us is within 1% of dt = 1 us. The reversal potentials
and the pump current of each site come from its concentrations (``game.sim.metabolism``); the
step adds up the Na+ and K+ charge that crossed each site's membrane.
"""

import math

import numpy as np

from game.sim import c_fibre_membrane, mrg_node
from game.sim.banded import solve_symmetric_pentadiagonal
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.jit import KERNEL_FLAGS, njit

SPIKE_THRESHOLD_MV = -20.0
#: The splitmix64 generator's state moves by this constant per draw.
SPLITMIX64_INCREMENT = 0x9E3779B97F4A7C15


# inline: a call that passes an array costs two atomic reference-count updates per array
# (numba's NRT), more than the function itself when it runs once per site per step
@njit(inline="always", **KERNEL_FLAGS)
def _next_uniform(rng_state):
    """splitmix64: a uniform in (0, 1) from a per-fibre state, so runs are reproducible."""
    rng_state[0] += SPLITMIX64_INCREMENT
    z = rng_state[0]
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    z = z ^ (z >> 31)
    return ((z >> 11) + 0.5) / 9007199254740992.0


@njit(inline="always", **KERNEL_FLAGS)
def _next_normal(rng_state):
    u1 = _next_uniform(rng_state)
    u2 = _next_uniform(rng_state)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(**KERNEL_FLAGS)
def advance_cable(
    n_steps, step0, dt_ms, temperature_c,
    pinned_vp, c_membrane_nF, g_passive_uS, passive_na_fraction, c_myelin_nF, g_myelin_uS,
    g_axial_uS, g_periaxonal_uS, section_site,
    site_section, site_model, gates, g_max_uS, na_available, leak_na_fraction, e_na_mV, e_k_mV,
    e_k_internode_mV, i_pump_nA, pump_section_share,
    noise_sigma_nA, noise_tau_ms, noise_nA, rng_state,
    vi_mV, vp_mV,
    stim_site, stim_start_ms, stim_stop_ms, stim_nA,
    spike_count, last_spike_ms, first_spike_ms, charge_na_pC, charge_k_pC, vdt_mV_ms,
    record_v_mV, record_every,
    diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work,
    cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_passive_uS, g_k_passive_uS,
    g_na_uS, g_k_uS,
):  # fmt: skip
    """Advance the cable ``n_steps`` steps of ``dt_ms`` from integer step ``step0``.

    Records each site's membrane potential into ``record_v_mV`` every ``record_every`` steps
    (as many rows as fit) and returns the number of rows written.

    What does not change between steps is computed once per call: the matrix away from the
    active sites (``prepare_cable_matrix``: it depends on the cable and ``dt_ms`` only), and
    the passive sections' sources (the reversal potentials, the pump current and the passive
    membrane change only on the slow clock). Each step then touches only the active sites'
    rows before the solve (``step_cable``). Every value is computed with the same operations
    in the same order as a step that rebuilds everything (the reference kernel in
    tests/sim/test_bundle_kernels.py, which holds the two equal), so results are unchanged.
    """
    prepare_cable_matrix(
        dt_ms, pinned_vp, c_membrane_nF, g_passive_uS, passive_na_fraction, c_myelin_nF,
        g_myelin_uS, g_axial_uS, g_periaxonal_uS, diag, off1, off2, cm_half_dt, cy_half_dt,
        g_na_passive_uS, g_k_passive_uS,
    )  # fmt: skip
    return step_cable(
        n_steps, step0, dt_ms, temperature_c,
        pinned_vp, g_passive_uS, passive_na_fraction, g_myelin_uS, g_axial_uS, g_periaxonal_uS,
        section_site, site_section, site_model, gates, g_max_uS, na_available,
        leak_na_fraction, e_na_mV, e_k_mV, e_k_internode_mV, i_pump_nA, pump_section_share,
        noise_sigma_nA, noise_tau_ms, noise_nA, rng_state, vi_mV, vp_mV,
        stim_site, stim_start_ms, stim_stop_ms, stim_nA,
        spike_count, last_spike_ms, first_spike_ms, charge_na_pC, charge_k_pC, vdt_mV_ms,
        record_v_mV, record_every,
        diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work,
        cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_passive_uS, g_k_passive_uS,
        g_na_uS, g_k_uS,
    )  # fmt: skip


@njit(**KERNEL_FLAGS)
def prepare_cable_matrix(
    dt_ms, pinned_vp, c_membrane_nF, g_passive_uS, passive_na_fraction, c_myelin_nF,
    g_myelin_uS, g_axial_uS, g_periaxonal_uS, diag, off1, off2, cm_half_dt, cy_half_dt,
    g_na_passive_uS, g_k_passive_uS,
):  # fmt: skip
    """The matrix of a cable step (every row; ``step_cable`` rewrites the active sites' rows
    each step) and the passive membrane's constants: they depend on the cable and ``dt_ms``
    only, so a fibre that keeps its own arrays (``game.sim.fibre_bundle``) builds them once."""
    n_sec = pinned_vp.shape[0]
    half_dt_ms = 0.5 * dt_ms
    for k in range(n_sec):
        cm_half_dt[k] = c_membrane_nF[k] / half_dt_ms
        cy_half_dt[k] = c_myelin_nF[k] / half_dt_ms
        g_na_p = g_passive_uS[k] * passive_na_fraction[k]
        g_na_passive_uS[k] = g_na_p
        g_k_passive_uS[k] = g_passive_uS[k] - g_na_p
        r = 2 * k
        diag[r], off1[r], diag[r + 1] = _section_rows(
            cm_half_dt[k] + g_passive_uS[k], k, n_sec, pinned_vp[k],
            g_axial_uS[max(k - 1, 0)], g_axial_uS[min(k, n_sec - 2)],
            g_periaxonal_uS[max(k - 1, 0)], g_periaxonal_uS[min(k, n_sec - 2)],
            cy_half_dt[k], g_myelin_uS[k],
        )  # fmt: skip
        if k + 1 < n_sec:
            off1[r + 1] = 0.0  # vp_k and vi_{k+1} are not coupled
    for k in range(n_sec - 1):
        r = 2 * k
        off2[r] = -g_axial_uS[k]
        # a pinned vp is 0: its conductance stays on the neighbour's diagonal (the path to
        # the outside) but the coupling term, which multiplies zero, is dropped
        if pinned_vp[k] == 1 or pinned_vp[k + 1] == 1:
            off2[r + 1] = 0.0
        else:
            off2[r + 1] = -g_periaxonal_uS[k]


@njit(**KERNEL_FLAGS)
def step_cable(
    n_steps, step0, dt_ms, temperature_c,
    pinned_vp, g_passive_uS, passive_na_fraction, g_myelin_uS, g_axial_uS, g_periaxonal_uS,
    section_site, site_section, site_model, gates, g_max_uS, na_available, leak_na_fraction,
    e_na_mV, e_k_mV, e_k_internode_mV, i_pump_nA, pump_section_share,
    noise_sigma_nA, noise_tau_ms, noise_nA, rng_state, vi_mV, vp_mV,
    stim_site, stim_start_ms, stim_stop_ms, stim_nA,
    spike_count, last_spike_ms, first_spike_ms, charge_na_pC, charge_k_pC, vdt_mV_ms,
    record_v_mV, record_every,
    diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work,
    cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_passive_uS, g_k_passive_uS,
    g_na_uS, g_k_uS,
):  # fmt: skip
    """``advance_cable`` on a matrix ``prepare_cable_matrix`` built for this cable and
    ``dt_ms`` (its rows away from the active sites are read, never written)."""
    n_sites = site_section.shape[0]
    q1, q2, q3 = mrg_node.temperature_factors(temperature_c)
    q_c = c_fibre_membrane.q10_factor(temperature_c)
    noise_decay = math.exp(-dt_ms / noise_tau_ms)
    noise_kick = math.sqrt(1.0 - noise_decay * noise_decay)
    noisy = prepare_sources(
        n_steps, g_passive_uS, passive_na_fraction, section_site, e_na_mV, e_k_internode_mV,
        i_pump_nA, pump_section_share, noise_sigma_nA, rng_state, ge_mV_uS, i_source_nA,
    )  # fmt: skip
    n_rows = 0
    for step in range(n_steps):
        t_ms = (step0 + step) * dt_ms
        assemble_step(
            t_ms, dt_ms, (q1, q2, q3, q_c, temperature_c), (noisy, noise_decay, noise_kick),
            (pinned_vp, g_myelin_uS, g_axial_uS, g_periaxonal_uS, section_site, site_section,
             site_model),
            (gates, g_max_uS, na_available, leak_na_fraction, e_na_mV, e_k_mV, i_pump_nA,
             pump_section_share, noise_sigma_nA, noise_nA, rng_state, vi_mV, vp_mV),
            (stim_site, stim_start_ms, stim_stop_ms, stim_nA),
            (diag, off1, rhs, cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_uS, g_k_uS),
        )  # fmt: skip
        solve_symmetric_pentadiagonal(diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work)
        finish_step(
            t_ms, dt_ms, g_passive_uS, section_site, site_section, e_na_mV, e_k_mV,
            e_k_internode_mV, vi_mV, vp_mV, spike_count, last_spike_ms, first_spike_ms,
            charge_na_pC, charge_k_pC, vdt_mV_ms, x, g_na_passive_uS, g_k_passive_uS, g_na_uS,
            g_k_uS,
        )  # fmt: skip
        if record_every > 0 and (step + 1) % record_every == 0 and n_rows < record_v_mV.shape[0]:
            for j in range(n_sites):
                k = site_section[j]
                record_v_mV[n_rows, j] = vi_mV[k] - vp_mV[k]
            n_rows += 1
    return n_rows


@njit(**KERNEL_FLAGS)
def prepare_sources(
    n_steps, g_passive_uS, passive_na_fraction, section_site, e_na_mV, e_k_internode_mV,
    i_pump_nA, pump_section_share, noise_sigma_nA, rng_state, ge_mV_uS, i_source_nA,
):  # fmt: skip
    """Once per call of ``n_steps`` steps: the passive sections' sources, and whether the
    fibre has channel noise (returned)."""
    n_sec = g_passive_uS.shape[0]
    n_sites = noise_sigma_nA.shape[0]
    # a fibre with no channel noise draws no random numbers (its noise current is zero
    # either way): its generator (splitmix64: the state moves by a constant per draw) jumps
    # ahead by the draws skipped, so noise switched on later continues the same sequence
    noisy = False
    for j in range(n_sites):
        if noise_sigma_nA[j] != 0.0:
            noisy = True
    if not noisy:
        skipped = np.uint64(2 * n_sites) * np.uint64(n_steps)
        rng_state[0] += skipped * np.uint64(SPLITMIX64_INCREMENT)
    for k in range(n_sec):
        j = section_site[k]
        f = passive_na_fraction[k]
        # the passive reversal follows the site's Na+ reversal and the K+ under the myelin
        ge_mV_uS[k] = g_passive_uS[k] * (f * e_na_mV[j] + (1.0 - f) * e_k_internode_mV[j])
        # the pump is outward, and each section carries its share of its site's pumps
        # (those on the internodal axolemma pump into the space under the myelin)
        i_source_nA[k] = -pump_section_share[k] * i_pump_nA[j]
    return noisy


# inline: these run once per fibre per step; as calls they would pay two atomic
# reference-count updates for each of their arrays. (Their arrays come in a few tuples: a
# call with more than 30 arguments is compiled as f(*args), which numba cannot inline.)
@njit(inline="always", **KERNEL_FLAGS)
def assemble_step(t_ms, dt_ms, rates, noise, cable, site_state, stimuli, work):
    """The first half of a step, up to its linear system: the gates and channel conductances
    of the active sites and their rows of the matrix, and the right-hand side. ``rates`` is
    (Q1, Q2, Q3, Q10 factor, temperature_c), ``noise`` (noisy, decay, kick per step); the
    arrays, grouped, are those of ``step_cable``."""
    q1, q2, q3, q_c, temperature_c = rates
    noisy, noise_decay, noise_kick = noise
    pinned_vp, g_myelin_uS, g_axial_uS, g_periaxonal_uS, section_site, site_section = cable[:6]
    site_model = cable[6]
    gates, g_max_uS, na_available, leak_na_fraction, e_na_mV, e_k_mV = site_state[:6]
    i_pump_nA, pump_section_share, noise_sigma_nA, noise_nA, rng_state = site_state[6:11]
    vi_mV, vp_mV = site_state[11], site_state[12]
    stim_site, stim_start_ms, stim_stop_ms, stim_nA = stimuli
    diag, off1, rhs, cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt = work[:7]
    g_na_uS, g_k_uS = work[7], work[8]
    n_sec = pinned_vp.shape[0]
    n_sites = site_section.shape[0]
    # 1. gates and channel conductances at the active sites, and their rows
    for j in range(n_sites):
        k = site_section[j]
        v = vi_mV[k] - vp_mV[k]
        if site_model[j] == MODEL_MRG_NODE:
            am, bm, ah, bh, ap, bp, as_, bs = mrg_node.gate_rates(v, q1, q2, q3)
            gates[j, 0] = mrg_node.relax_gate(gates[j, 0], am, bm, dt_ms)
            gates[j, 1] = mrg_node.relax_gate(gates[j, 1], ah, bh, dt_ms)
            gates[j, 2] = mrg_node.relax_gate(gates[j, 2], ap, bp, dt_ms)
            gates[j, 3] = mrg_node.relax_gate(gates[j, 3], as_, bs, dt_ms)
            g_na = g_max_uS[j, 0] * gates[j, 0] ** 3 * gates[j, 1] * na_available[j]
            g_na += g_max_uS[j, 1] * gates[j, 2] ** 3
            g_k = g_max_uS[j, 2] * gates[j, 3]
            g_l = g_max_uS[j, 3]
        else:
            am, bm, ah, bh, an, bn = c_fibre_membrane.gate_rates(v, q_c, temperature_c)
            gates[j, 0] = mrg_node.relax_gate(gates[j, 0], am, bm, dt_ms)
            gates[j, 1] = mrg_node.relax_gate(gates[j, 1], ah, bh, dt_ms)
            gates[j, 2] = mrg_node.relax_gate(gates[j, 2], an, bn, dt_ms)
            g_na = g_max_uS[j, 0] * gates[j, 0] ** 3 * gates[j, 1] * na_available[j]
            g_k = g_max_uS[j, 1] * gates[j, 2] ** 3
            g_l = g_max_uS[j, 2]
        f = leak_na_fraction[j]
        g_na += f * g_l
        g_k += (1.0 - f) * g_l
        g_na_uS[j] = g_na
        g_k_uS[j] = g_k
        g = g_na + g_k
        ge_mV_uS[k] = g * ((g_na * e_na_mV[j] + g_k * e_k_mV[j]) / g)
        # channel noise: an Ornstein-Uhlenbeck current
        if noisy:
            kick = noise_sigma_nA[j] * noise_kick * _next_normal(rng_state)
            noise_nA[j] = noise_nA[j] * noise_decay + kick
        else:
            noise_nA[j] = noise_nA[j] * noise_decay
        i_source_nA[k] = -pump_section_share[k] * i_pump_nA[section_site[k]] + noise_nA[j]
        r = 2 * k
        diag[r], off1[r], diag[r + 1] = _section_rows(
            cm_half_dt[k] + g, k, n_sec, pinned_vp[k],
            g_axial_uS[max(k - 1, 0)], g_axial_uS[min(k, n_sec - 2)],
            g_periaxonal_uS[max(k - 1, 0)], g_periaxonal_uS[min(k, n_sec - 2)],
            cy_half_dt[k], g_myelin_uS[k],
        )  # fmt: skip
    for q in range(stim_site.shape[0]):
        if stim_start_ms[q] <= t_ms < stim_stop_ms[q]:
            i_source_nA[site_section[stim_site[q]]] += stim_nA[q]
    # 2. (vi, vp) at mid-step by backward Euler over half a step
    for k in range(n_sec):
        src = cm_half_dt[k] * (vi_mV[k] - vp_mV[k])
        src += ge_mV_uS[k]
        r = 2 * k
        rhs[r] = src + i_source_nA[k]
        if pinned_vp[k] == 1:
            rhs[r + 1] = 0.0
        else:
            # a section under the myelin has no electrode: its source is a membrane
            # current (its pumps), which leaves the axon into the periaxonal space
            rhs[r + 1] = -src - i_source_nA[k] + cy_half_dt[k] * vp_mV[k]


@njit(inline="always", **KERNEL_FLAGS)
def finish_step(
    t_ms, dt_ms, g_passive_uS, section_site, site_section, e_na_mV, e_k_mV, e_k_internode_mV,
    vi_mV, vp_mV, spike_count, last_spike_ms, first_spike_ms, charge_na_pC, charge_k_pC,
    vdt_mV_ms, x, g_na_passive_uS, g_k_passive_uS, g_na_uS, g_k_uS,
):  # fmt: skip
    """The second half of a step, from the solution ``x`` of its linear system: spikes, ion
    charge and the potentials at the end of the step."""
    n_sec = vi_mV.shape[0]
    n_sites = site_section.shape[0]
    # 3. spikes are upward crossings at a site between the potentials at the start and
    # the end of the step
    for j in range(n_sites):
        k = site_section[j]
        v_old = vi_mV[k] - vp_mV[k]
        v_new = 2.0 * (x[2 * k] - x[2 * k + 1]) - v_old
        if v_old < SPIKE_THRESHOLD_MV <= v_new:
            spike_count[j] += 1
            # interpolate the crossing inside the step: spike times finer than dt
            last_spike_ms[j] = t_ms + dt_ms * (SPIKE_THRESHOLD_MV - v_old) / (v_new - v_old)
            if first_spike_ms[j] > last_spike_ms[j]:
                first_spike_ms[j] = last_spike_ms[j]
    # 4. ion charge through each site's membrane at mid-step (what the ion view shows),
    # and the potentials at the end of the step
    for k in range(n_sec):
        v_mid = x[2 * k] - x[2 * k + 1]
        if g_passive_uS[k] != 0.0:
            j = section_site[k]
            charge_na_pC[j] += g_na_passive_uS[k] * (v_mid - e_na_mV[j]) * dt_ms
            charge_k_pC[j] += g_k_passive_uS[k] * (v_mid - e_k_internode_mV[j]) * dt_ms
        vi_mV[k] = 2.0 * x[2 * k] - vi_mV[k]
        vp_mV[k] = 2.0 * x[2 * k + 1] - vp_mV[k]
    for j in range(n_sites):
        k = site_section[j]
        v_mid = x[2 * k] - x[2 * k + 1]
        charge_na_pC[j] += g_na_uS[j] * (v_mid - e_na_mV[j]) * dt_ms
        charge_k_pC[j] += g_k_uS[j] * (v_mid - e_k_mV[j]) * dt_ms
        vdt_mV_ms[j] += v_mid * dt_ms


@njit(**KERNEL_FLAGS)
def _section_rows(a, k, n_sec, pinned, ga_left, ga_right, gp_left, gp_right, cy, g_myelin):
    """Entries of rows 2k (vi) and 2k+1 (vp) of section k, whose membrane has ``a`` =
    C/(dt/2) + g: (vi diagonal, vi-vp coupling, vp diagonal), with the axial couplings added
    in the order the full assembly adds them (the left neighbour's first). Scalars only: a
    numba call that passes arrays pays two atomic reference-count updates per array."""
    d = a
    if k > 0:
        d += ga_left
    if k + 1 < n_sec:
        d += ga_right
    if pinned == 1:
        return d, 0.0, 1.0
    dp = a + cy + g_myelin
    if k > 0:
        dp += gp_left
    if k + 1 < n_sec:
        dp += gp_right
    return d, -a, dp
