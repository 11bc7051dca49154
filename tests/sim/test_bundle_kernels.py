"""The optimised cable kernel and banded solve give the same numbers as the straightforward
ones, to the last bit (the bundle's speed-ups must not change what the nerve does).

``game.sim.cable.advance_cable`` builds the matrix once per call and touches only the active
sites' rows each step, carries the elimination in registers, and skips the random draws of a
fibre without channel noise (jumping its generator ahead instead). The reference below is the
kernel as it was before those changes, verbatim but for its name: it rebuilds every row every
step and solves with the textbook elimination (``banded.solve_reference``). Each test runs both
on copies of one small fibre, with the slow clock's inputs (reversal potentials, pump current
and its spread over the internode, slow inactivation) changed between calls, a stimulus that
fires the fibre, and channel noise, and asserts every state array is equal.
"""

import copy
import math

import numpy as np
import pytest

from game.sim import c_fibre_membrane, mrg_node
from game.sim.banded import solve_reference, solve_symmetric_pentadiagonal
from game.sim.cable import SPIKE_THRESHOLD_MV, _next_normal
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.fiber import MyelinatedFiber, UnmyelinatedFiber
from game.sim.jit import njit

STATE = (
    "gates", "vi_mV", "vp_mV", "noise_nA", "rng_state", "spike_count", "last_spike_ms",
    "first_spike_ms", "charge_na_pC", "charge_k_pC", "vdt_mV_ms",
)  # fmt: skip


def _reference_run(fibre, n_steps: int, record: np.ndarray, every: int) -> int:
    c = fibre.cable
    n_sec, n = c.kind.shape[0], fibre.n_sites
    scratch = (
        [np.zeros(2 * n_sec) for _ in range(8)]
        + [np.zeros(n_sec) for _ in range(3)]
        + [np.zeros(n) for _ in range(2)]
    )
    written = reference_cable_step(
        n_steps, fibre.step_count, fibre.dt_ms, fibre.temperature_c,
        c.pinned_vp, c.c_membrane_nF, c.g_passive_uS, c.passive_na_fraction,
        c.c_myelin_nF, c.g_myelin_uS, c.g_axial_uS, c.g_periaxonal_uS, c.section_site,
        c.site_section, c.site_model, fibre.gates, fibre.g_max_uS, fibre.na_available,
        fibre.leak_na_fraction, fibre.e_na_mV, fibre.e_k_mV, fibre.e_k_internode_mV,
        fibre.i_pump_nA, fibre.pump_section_share,
        fibre.noise_sigma_nA, fibre.noise_tau_ms, fibre.noise_nA, fibre.rng_state,
        fibre.vi_mV, fibre.vp_mV, *fibre._stim_arrays,
        fibre.spike_count, fibre.last_spike_ms, fibre.first_spike_ms, fibre.charge_na_pC,
        fibre.charge_k_pC, fibre.vdt_mV_ms, record, every, *scratch,
    )  # fmt: skip
    fibre.step_count += n_steps
    return written


def _slow_clock_moves(fibre, rng: np.random.Generator) -> None:
    """What the slow clock changes between electrical runs, moved by a random amount."""
    n = fibre.n_sites
    fibre.e_na_mV += rng.normal(0.0, 2.0, n)
    fibre.e_k_mV += rng.normal(0.0, 2.0, n)
    fibre.e_k_internode_mV += rng.normal(0.0, 3.0, n)
    fibre.i_pump_nA[:] = np.abs(rng.normal(0.01, 0.005, n))
    fibre.na_available[:] = rng.uniform(0.8, 1.0, n)
    # part of each site's pump current on the internodal axolemma
    share = fibre.pump_section_share
    share[:] = rng.uniform(0.0, 0.1, share.shape[0])
    share[fibre.cable.site_section] = rng.uniform(0.5, 1.0, n)


def _run_both(fibre, *, noise_from_call: int, calls: int = 4, steps: int = 300):
    fast = fibre
    slow = copy.deepcopy(fibre)
    rng = np.random.default_rng(7)
    for call in range(calls):
        state = rng.bit_generator.state
        for f in (fast, slow):
            rng.bit_generator.state = state
            _slow_clock_moves(f, rng)
            f.noise_sigma_nA[:] = 0.02 if call >= noise_from_call else 0.0
            f.add_stimulus(node=0, start_ms=f.t_ms + 0.1, duration_ms=0.3, amplitude_nA=3.0)
        every = 7
        rec_fast = np.zeros((steps // every, fast.n_sites))
        rec_slow = rec_fast.copy()
        fast._run(steps, rec_fast, every)
        fast.step_count += steps
        _reference_run(slow, steps, rec_slow, every)
        np.testing.assert_array_equal(rec_fast, rec_slow)
    return fast, slow


def _assert_same_state(fast, slow) -> None:
    for name in STATE:
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name), err_msg=name)


def test_myelinated_step_equals_the_reference_step_bit_for_bit():
    fibre = MyelinatedFiber(diameter_um=8.0, n_nodes=5, seed=3)
    fast, slow = _run_both(fibre, noise_from_call=1)
    assert np.all(fast.spike_count > 0), "the test pulses fired the fibre"
    _assert_same_state(fast, slow)


def test_c_fibre_step_equals_the_reference_step_with_noise_switched_on_late():
    # no noise for two calls (the fast kernel draws nothing and jumps its generator), then
    # noise: the draws must continue the reference's sequence
    fibre = UnmyelinatedFiber(diameter_um=1.0, length_um=600.0, seed=5)
    fast, slow = _run_both(fibre, noise_from_call=2, steps=600)
    assert np.all(fast.spike_count > 0), "the test pulses fired the fibre"
    assert np.any(fast.noise_nA != 0.0)
    _assert_same_state(fast, slow)


def test_kernel_differs_from_reference_when_the_fibre_differs():
    # the comparison can fail: one changed conductance shows
    fibre = MyelinatedFiber(diameter_um=8.0, n_nodes=4, seed=1)
    other = copy.deepcopy(fibre)
    other.g_max_uS[2, 0] *= 1.001
    other.add_stimulus(node=0, start_ms=0.1, duration_ms=0.3, amplitude_nA=3.0)
    fibre.add_stimulus(node=0, start_ms=0.1, duration_ms=0.3, amplitude_nA=3.0)
    fibre._run(200, fibre._no_record, 0)
    _reference_run(other, 200, other._no_record, 0)
    assert not np.array_equal(fibre.vi_mV, other.vi_mV)


def test_fibres_of_one_size_step_alike_whether_interleaved_or_alone():
    # fibres of the same size share the kernel's work arrays (game.sim.fiber._work_arrays):
    # stepping another fibre in between must not change a fibre's result
    alone = MyelinatedFiber(diameter_um=8.0, n_nodes=4, seed=2)
    interleaved = copy.deepcopy(alone)
    other = MyelinatedFiber(diameter_um=8.0, n_nodes=4, seed=9)
    other.e_na_mV += 7.0
    other.add_stimulus(node=1, start_ms=0.0, duration_ms=0.5, amplitude_nA=4.0)
    for f in (alone, interleaved):
        f.add_stimulus(node=0, start_ms=0.1, duration_ms=0.3, amplitude_nA=3.0)
    for _ in range(40):
        alone.advance(duration_ms=0.0125)
    for _ in range(40):
        interleaved.advance(duration_ms=0.0125)
        other.advance(duration_ms=0.0125)
    assert np.all(alone.spike_count > 0)
    _assert_same_state(alone, interleaved)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 17, 64])
def test_fast_solve_equals_textbook_elimination_to_the_last_bit(n):
    rng = np.random.default_rng(n)
    off1 = rng.normal(0.0, 1.0, n)
    off2 = rng.normal(0.0, 1.0, n)
    off1[::3] = 0.0  # decoupled rows, as a pinned periaxonal potential gives
    diag = 4.0 + np.abs(off1) + np.abs(off2) + rng.uniform(0.0, 1.0, n)
    rhs = rng.normal(0.0, 10.0, n)
    outs = []
    for solve in (solve_symmetric_pentadiagonal, solve_reference):
        out = np.zeros(n)
        solve(diag, off1, off2, rhs.copy(), out, *(np.zeros(n) for _ in range(3)))
        outs.append(out)
    np.testing.assert_array_equal(outs[0], outs[1])
    dense = np.diag(diag) + np.diag(off1[: n - 1], 1) + np.diag(off1[: n - 1], -1)
    if n > 2:
        dense += np.diag(off2[: n - 2], 2) + np.diag(off2[: n - 2], -2)
    np.testing.assert_allclose(dense @ outs[0], rhs, rtol=1e-10, atol=1e-10)


# -- the reference: game.sim.cable.advance_cable before the bundle's speed-ups, verbatim -----
@njit(cache=False, nogil=True, error_model="numpy")
def reference_cable_step(
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
    g_total_uS, e_total_mV, i_source_nA, g_na_uS, g_k_uS,
):  # fmt: skip
    """Advance the cable ``n_steps`` steps of ``dt_ms`` from integer step ``step0``.

    Records each site's membrane potential into ``record_v_mV`` every ``record_every`` steps
    (as many rows as fit) and returns the number of rows written.
    """
    n_sec = pinned_vp.shape[0]
    n_sites = site_section.shape[0]
    q1, q2, q3 = mrg_node.temperature_factors(temperature_c)
    q_c = c_fibre_membrane.q10_factor(temperature_c)
    half_dt_ms = 0.5 * dt_ms
    noise_decay = math.exp(-dt_ms / noise_tau_ms)
    noise_kick = math.sqrt(1.0 - noise_decay * noise_decay)
    n_rows = 0
    for step in range(n_steps):
        t_ms = (step0 + step) * dt_ms
        # 1. passive membrane: its reversal follows its site's Na+ reversal and the K+ under
        # the myelin
        for k in range(n_sec):
            j = section_site[k]
            f = passive_na_fraction[k]
            g_total_uS[k] = g_passive_uS[k]
            e_total_mV[k] = f * e_na_mV[j] + (1.0 - f) * e_k_internode_mV[j]
            # the pump is outward, and each section carries its share of its site's pumps
            # (those on the internodal axolemma pump into the space under the myelin)
            i_source_nA[k] = -pump_section_share[k] * i_pump_nA[j]
        # 2. gates and channel conductances at the active sites
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
            g_total_uS[k] = g
            e_total_mV[k] = (g_na * e_na_mV[j] + g_k * e_k_mV[j]) / g
            # channel noise: an Ornstein-Uhlenbeck current
            noise_nA[j] = noise_nA[j] * noise_decay + noise_sigma_nA[j] * noise_kick * _next_normal(
                rng_state
            )
            i_source_nA[k] += noise_nA[j]
        for q in range(stim_site.shape[0]):
            if stim_start_ms[q] <= t_ms < stim_stop_ms[q]:
                i_source_nA[site_section[stim_site[q]]] += stim_nA[q]
        # 3. (vi, vp) at mid-step by backward Euler over half a step
        for k in range(n_sec):
            a = c_membrane_nF[k] / half_dt_ms + g_total_uS[k]
            src = c_membrane_nF[k] / half_dt_ms * (vi_mV[k] - vp_mV[k])
            src += g_total_uS[k] * e_total_mV[k]
            r = 2 * k
            diag[r] = a
            rhs[r] = src + i_source_nA[k]
            if pinned_vp[k] == 1:
                off1[r] = 0.0
                diag[r + 1] = 1.0
                rhs[r + 1] = 0.0
            else:
                off1[r] = -a
                cy = c_myelin_nF[k] / half_dt_ms
                diag[r + 1] = a + cy + g_myelin_uS[k]
                # a section under the myelin has no electrode: its source is a membrane
                # current (its pumps), which leaves the axon into the periaxonal space
                rhs[r + 1] = -src - i_source_nA[k] + cy * vp_mV[k]
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
            # a pinned vp is 0: its conductance stays on the neighbour's diagonal (the path
            # to the outside) but the coupling term, which multiplies zero, is dropped
            if pinned_vp[k] == 1 or pinned_vp[k + 1] == 1:
                off2[r + 1] = 0.0
            else:
                off2[r + 1] = -gp
        for k in range(n_sec):
            if pinned_vp[k] == 1:
                diag[2 * k + 1] = 1.0
        solve_reference(diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work)
        # 4. ion charge through each site's membrane at mid-step (what the ion view shows)
        for k in range(n_sec):
            j = section_site[k]
            v_mid = x[2 * k] - x[2 * k + 1]
            g_na = g_passive_uS[k] * passive_na_fraction[k]
            g_k = g_passive_uS[k] - g_na
            charge_na_pC[j] += g_na * (v_mid - e_na_mV[j]) * dt_ms
            charge_k_pC[j] += g_k * (v_mid - e_k_internode_mV[j]) * dt_ms
        for j in range(n_sites):
            k = site_section[j]
            v_mid = x[2 * k] - x[2 * k + 1]
            charge_na_pC[j] += g_na_uS[j] * (v_mid - e_na_mV[j]) * dt_ms
            charge_k_pC[j] += g_k_uS[j] * (v_mid - e_k_mV[j]) * dt_ms
            vdt_mV_ms[j] += v_mid * dt_ms
        # 5. potentials at the end of the step; spikes are upward crossings at a site
        for j in range(n_sites):
            k = site_section[j]
            v_old = vi_mV[k] - vp_mV[k]
            v_new = 2.0 * (x[2 * k] - x[2 * k + 1]) - v_old
            if v_old < SPIKE_THRESHOLD_MV <= v_new:
                spike_count[j] += 1
                # interpolate the crossing inside the step: spike times finer than dt
                last_spike_ms[j] = t_ms + dt_ms * (SPIKE_THRESHOLD_MV - v_old) / (v_new - v_old)
                if first_spike_ms[j] > last_spike_ms[j]:  # noqa: PLR1730 (verbatim)
                    first_spike_ms[j] = last_spike_ms[j]
        for k in range(n_sec):
            vi_mV[k] = 2.0 * x[2 * k] - vi_mV[k]
            vp_mV[k] = 2.0 * x[2 * k + 1] - vp_mV[k]
        if record_every > 0 and (step + 1) % record_every == 0 and n_rows < record_v_mV.shape[0]:
            for j in range(n_sites):
                k = site_section[j]
                record_v_mV[n_rows, j] = vi_mV[k] - vp_mV[k]
            n_rows += 1
    return n_rows
