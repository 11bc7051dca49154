"""A bundle of fibres stepped on the electrical clock in one kernel call.

The kiosk's bundle is 48 fibres that each take a step or two per rendered frame; called one
by one, each fibre's call costs as much in numba's dispatch (some 60 arguments unboxed) and
in rebuilding its matrix as in stepping. ``FibreBundle`` keeps every fibre's state and cable
in arrays concatenated fibre after fibre, and rebinds each ``Fiber``'s own arrays to its slice
of them, so everything that reads or writes a fibre (the slow clock, snapshots, stimuli)
keeps working on the fibre and the bundle sees it. One call then steps every fibre with the
pieces of ``game.sim.cable.step_cable`` on its own slices, solving the fibres' linear systems
a few at a time side by side (the solve is a chain of dependent divisions: one fibre alone
leaves the divider waiting). Every fibre goes through the same operations in the same order
as with ``Fiber.advance``, so the results are the same to the last bit
(tests/sim/test_bundle_stepping.py). Each fibre keeps its own matrix, built once: the rows
away from its active sites depend only on the cable and ``dt_ms``.
"""

import math

import numpy as np

from game.sim import c_fibre_membrane, mrg_node
from game.sim.banded import solve_symmetric_pentadiagonal_many
from game.sim.cable import assemble_step, finish_step, prepare_cable_matrix, prepare_sources
from game.sim.fiber import Fiber
from game.sim.jit import KERNEL_FLAGS, njit

#: Most linear systems solved side by side (more gains little: four chains of divisions
#: keep the divider busy, and each system's rows stay in the cache).
SOLVE_SIDE_BY_SIDE = 4

#: Fibre state arrays, per section or per site, that the bundle concatenates.
_STATE_FIELDS = (
    "vi_mV", "vp_mV", "pump_section_share",
    "gates", "g_max_uS", "na_available", "leak_na_fraction", "e_na_mV", "e_k_mV",
    "e_k_internode_mV", "i_pump_nA", "noise_sigma_nA", "noise_nA", "spike_count",
    "last_spike_ms", "first_spike_ms", "charge_na_pC", "charge_k_pC", "vdt_mV_ms", "rng_state",
)  # fmt: skip
#: Cable arrays the kernel reads (the rest of ``CableArrays`` stays with each fibre).
_CABLE_FIELDS = (
    "pinned_vp", "c_membrane_nF", "g_passive_uS", "passive_na_fraction", "c_myelin_nF",
    "g_myelin_uS", "g_axial_uS", "g_periaxonal_uS", "section_site", "site_section", "site_model",
)  # fmt: skip


class FibreBundle:
    """Fibres of one ``dt_ms`` advanced together; see the module docstring.

    Build it once the fibres exist (and their ``SiteMetabolism``, which calibrates them),
    before anything keeps a reference to a fibre's arrays: the fibres' arrays are replaced
    by views of the bundle's. Stepping a bundled fibre on its own (``fibre.advance``,
    ``fibre.record``) still works and moves only that fibre.
    """

    def __init__(self, fibres: list[Fiber]) -> None:
        if not fibres:
            raise ValueError("FibreBundle needs at least one fibre")
        dt = {f.dt_ms for f in fibres}
        if len(dt) != 1:
            raise ValueError(f"fibres of one bundle share dt_ms: got {sorted(dt)}")
        if len({id(f) for f in fibres}) != len(fibres):
            raise ValueError("a fibre appears twice in the bundle")
        self.fibres = list(fibres)
        self.dt_ms = fibres[0].dt_ms
        self._pending_ms = 0.0
        for f in self.fibres:
            f.settle()
        # each field concatenated along its first axis; the fibres' own arrays become views
        for owner, fields in ((lambda f: f, _STATE_FIELDS), (lambda f: f.cable, _CABLE_FIELDS)):
            for name in fields:
                joined = np.concatenate([getattr(owner(f), name) for f in self.fibres])
                setattr(self, name, joined)
                start = 0
                for f in self.fibres:
                    n = getattr(owner(f), name).shape[0]
                    setattr(owner(f), name, joined[start : start + n])
                    start += n
        n_sec = [f.cable.pinned_vp.shape[0] for f in self.fibres]
        self.section_offset = np.concatenate([[0], np.cumsum(n_sec)]).astype(np.int64)
        self.site_offset = np.concatenate(
            [[0], np.cumsum([f.n_sites for f in self.fibres])]
        ).astype(np.int64)
        self.temperature_c = np.array([f.temperature_c for f in self.fibres])
        # groups of up to SOLVE_SIDE_BY_SIDE consecutive fibres of the same size
        chunks = [0]
        for i in range(1, len(n_sec) + 1):
            if (
                i == len(n_sec)
                or n_sec[i] != n_sec[chunks[-1]]
                or i - chunks[-1] == SOLVE_SIDE_BY_SIDE
            ):
                chunks.append(i)
        self.solve_chunk_offset = np.array(chunks, dtype=np.int64)
        self._step0 = np.zeros(len(self.fibres), dtype=np.int64)
        self._noise_tau_ms = np.zeros(len(self.fibres))
        # each fibre's own matrix and work arrays, rows 2 x section offset
        rows = 2 * int(self.section_offset[-1])
        self._rows = tuple(np.zeros(rows) for _ in range(8))
        self._sections = tuple(np.zeros(rows // 2) for _ in range(6))
        self._sites = tuple(np.zeros(int(self.site_offset[-1])) for _ in range(2))
        prepare_bundle_matrices(
            self.dt_ms, self.section_offset, self.pinned_vp, self.c_membrane_nF,
            self.g_passive_uS, self.passive_na_fraction, self.c_myelin_nF, self.g_myelin_uS,
            self.g_axial_uS, self.g_periaxonal_uS, *self._rows[:3], *self._sections,
        )  # fmt: skip
        self._stim_seen: list[object] = []
        self._stims: tuple[np.ndarray, ...] = ()

    def __len__(self) -> int:
        return len(self.fibres)

    def advance(self, *, duration_ms: float) -> None:
        """Advance every fibre's electrical clock by ``duration_ms`` (whole steps of
        ``dt_ms``; the rest carries over to the next call, as ``Fiber.advance`` does)."""
        self._pending_ms += duration_ms
        n_steps = int(self._pending_ms / self.dt_ms + 1e-9)
        if n_steps <= 0:
            return
        self._pending_ms -= n_steps * self.dt_ms
        for i, f in enumerate(self.fibres):
            self._step0[i] = f.step_count
            self._noise_tau_ms[i] = f.noise_tau_ms
        advance_bundle(
            n_steps, self._step0, self.dt_ms, self.temperature_c, self._noise_tau_ms,
            self.section_offset, self.site_offset, self.solve_chunk_offset,
            self.pinned_vp, self.c_membrane_nF, self.g_passive_uS, self.passive_na_fraction,
            self.c_myelin_nF, self.g_myelin_uS, self.g_axial_uS, self.g_periaxonal_uS,
            self.section_site, self.site_section, self.site_model,
            self.gates, self.g_max_uS, self.na_available, self.leak_na_fraction, self.e_na_mV,
            self.e_k_mV, self.e_k_internode_mV, self.i_pump_nA, self.pump_section_share,
            self.noise_sigma_nA, self.noise_nA, self.rng_state, self.vi_mV, self.vp_mV,
            *self._stimuli(),
            self.spike_count, self.last_spike_ms, self.first_spike_ms, self.charge_na_pC,
            self.charge_k_pC, self.vdt_mV_ms,
            *self._rows, *self._sections, *self._sites,
        )  # fmt: skip
        elapsed_ms = n_steps * self.dt_ms
        for f in self.fibres:
            f.step_count += n_steps
            f.accumulated_ms += elapsed_ms

    def _stimuli(self) -> tuple[np.ndarray, ...]:
        """Every fibre's stimuli as the kernel's arrays, with each fibre's first index;
        packed again only when a fibre's stimuli changed (``Fiber.add_stimulus`` replaces
        its arrays)."""
        current = [f._stim_arrays for f in self.fibres]
        if len(current) != len(self._stim_seen) or any(
            a is not b for a, b in zip(current, self._stim_seen)
        ):
            self._stim_seen = current
            counts = [s[0].shape[0] for s in current]
            offset = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            self._stims = (offset,) + tuple(
                np.concatenate([s[q] for s in current]) for q in range(4)
            )
        return self._stims


@njit(**KERNEL_FLAGS)
def prepare_bundle_matrices(
    dt_ms, section_offset, pinned_vp, c_membrane_nF, g_passive_uS, passive_na_fraction,
    c_myelin_nF, g_myelin_uS, g_axial_uS, g_periaxonal_uS, diag, off1, off2,
    cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_passive_uS, g_k_passive_uS,
):  # fmt: skip
    """Each fibre's matrix rows away from its active sites and its passive constants."""
    for i in range(section_offset.shape[0] - 1):
        s0, s1 = section_offset[i], section_offset[i + 1]
        link0, link1 = s0 - i, s1 - i - 1
        prepare_cable_matrix(
            dt_ms, pinned_vp[s0:s1], c_membrane_nF[s0:s1], g_passive_uS[s0:s1],
            passive_na_fraction[s0:s1], c_myelin_nF[s0:s1], g_myelin_uS[s0:s1],
            g_axial_uS[link0:link1], g_periaxonal_uS[link0:link1],
            diag[2 * s0 : 2 * s1], off1[2 * s0 : 2 * s1], off2[2 * s0 : 2 * s1],
            cm_half_dt[s0:s1], cy_half_dt[s0:s1], g_na_passive_uS[s0:s1],
            g_k_passive_uS[s0:s1],
        )  # fmt: skip


@njit(**KERNEL_FLAGS)
def advance_bundle(
    n_steps, step0, dt_ms, temperature_c, noise_tau_ms, section_offset, site_offset,
    solve_chunk_offset,
    pinned_vp, c_membrane_nF, g_passive_uS, passive_na_fraction, c_myelin_nF, g_myelin_uS,
    g_axial_uS, g_periaxonal_uS, section_site, site_section, site_model,
    gates, g_max_uS, na_available, leak_na_fraction, e_na_mV, e_k_mV, e_k_internode_mV,
    i_pump_nA, pump_section_share, noise_sigma_nA, noise_nA, rng_state, vi_mV, vp_mV,
    stim_offset, stim_site, stim_start_ms, stim_stop_ms, stim_nA,
    spike_count, last_spike_ms, first_spike_ms, charge_na_pC, charge_k_pC, vdt_mV_ms,
    diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work,
    cm_half_dt, ge_mV_uS, i_source_nA, cy_half_dt, g_na_passive_uS, g_k_passive_uS,
    g_na_uS, g_k_uS,
):  # fmt: skip
    """``n_steps`` steps of every fibre. Each step is ``game.sim.cable.step_cable``'s,
    taken by every fibre in turn up to its linear system, then the systems solved a few
    at a time side by side (``solve_symmetric_pentadiagonal_many``: fibres of the same size
    that follow each other, ``solve_chunk_offset`` marks each group's first fibre), then
    every fibre's step finished."""
    n_fibres = step0.shape[0]
    rates = np.empty((n_fibres, 4))
    noise_decay = np.empty(n_fibres)
    noise_kick = np.empty(n_fibres)
    noisy = np.zeros(n_fibres, dtype=np.bool_)
    for i in range(n_fibres):
        s0, s1 = section_offset[i], section_offset[i + 1]
        j0, j1 = site_offset[i], site_offset[i + 1]
        q1, q2, q3 = mrg_node.temperature_factors(temperature_c[i])
        rates[i, 0], rates[i, 1], rates[i, 2] = q1, q2, q3
        rates[i, 3] = c_fibre_membrane.q10_factor(temperature_c[i])
        noise_decay[i] = math.exp(-dt_ms / noise_tau_ms[i])
        noise_kick[i] = math.sqrt(1.0 - noise_decay[i] * noise_decay[i])
        noisy[i] = prepare_sources(
            n_steps, g_passive_uS[s0:s1], passive_na_fraction[s0:s1], section_site[s0:s1],
            e_na_mV[j0:j1], e_k_internode_mV[j0:j1], i_pump_nA[j0:j1],
            pump_section_share[s0:s1], noise_sigma_nA[j0:j1], rng_state[i : i + 1],
            ge_mV_uS[s0:s1], i_source_nA[s0:s1],
        )  # fmt: skip
    first_row = np.empty(n_fibres, dtype=np.int64)
    carry = np.empty((8, n_fibres))
    for step in range(n_steps):
        for i in range(n_fibres):
            s0, s1 = section_offset[i], section_offset[i + 1]
            j0, j1 = site_offset[i], site_offset[i + 1]
            link0, link1 = s0 - i, s1 - i - 1
            st0, st1 = stim_offset[i], stim_offset[i + 1]
            assemble_step(
                (step0[i] + step) * dt_ms, dt_ms,
                (rates[i, 0], rates[i, 1], rates[i, 2], rates[i, 3], temperature_c[i]),
                (noisy[i], noise_decay[i], noise_kick[i]),
                (pinned_vp[s0:s1], g_myelin_uS[s0:s1], g_axial_uS[link0:link1],
                 g_periaxonal_uS[link0:link1], section_site[s0:s1], site_section[j0:j1],
                 site_model[j0:j1]),
                (gates[j0:j1], g_max_uS[j0:j1], na_available[j0:j1], leak_na_fraction[j0:j1],
                 e_na_mV[j0:j1], e_k_mV[j0:j1], i_pump_nA[j0:j1], pump_section_share[s0:s1],
                 noise_sigma_nA[j0:j1], noise_nA[j0:j1], rng_state[i : i + 1], vi_mV[s0:s1],
                 vp_mV[s0:s1]),
                (stim_site[st0:st1], stim_start_ms[st0:st1], stim_stop_ms[st0:st1],
                 stim_nA[st0:st1]),
                (diag[2 * s0 : 2 * s1], off1[2 * s0 : 2 * s1], rhs[2 * s0 : 2 * s1],
                 cm_half_dt[s0:s1], ge_mV_uS[s0:s1], i_source_nA[s0:s1], cy_half_dt[s0:s1],
                 g_na_uS[j0:j1], g_k_uS[j0:j1]),
            )  # fmt: skip
        for c in range(solve_chunk_offset.shape[0] - 1):
            f0, f1 = solve_chunk_offset[c], solve_chunk_offset[c + 1]
            for g in range(f1 - f0):
                first_row[g] = 2 * section_offset[f0 + g]
            solve_symmetric_pentadiagonal_many(
                first_row[: f1 - f0], 2 * (section_offset[f0 + 1] - section_offset[f0]),
                diag, off1, off2, rhs, x, d_work, upper1_work, lower1_work, carry,
            )  # fmt: skip
        for i in range(n_fibres):
            s0, s1 = section_offset[i], section_offset[i + 1]
            j0, j1 = site_offset[i], site_offset[i + 1]
            finish_step(
                (step0[i] + step) * dt_ms, dt_ms, g_passive_uS[s0:s1], section_site[s0:s1],
                site_section[j0:j1], e_na_mV[j0:j1], e_k_mV[j0:j1], e_k_internode_mV[j0:j1],
                vi_mV[s0:s1], vp_mV[s0:s1], spike_count[j0:j1], last_spike_ms[j0:j1],
                first_spike_ms[j0:j1], charge_na_pC[j0:j1], charge_k_pC[j0:j1],
                vdt_mV_ms[j0:j1], x[2 * s0 : 2 * s1], g_na_passive_uS[s0:s1],
                g_k_passive_uS[s0:s1], g_na_uS[j0:j1], g_k_uS[j0:j1],
            )  # fmt: skip
