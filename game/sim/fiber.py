"""A fibre: its cable, its sites' channels and ions, its state, and the stepping methods.

``MyelinatedFiber`` (MRG 2002 node and double cable) and ``UnmyelinatedFiber`` (a continuous C
fibre after Sundt et al. 2015) share everything but how they are built. Public methods take
keyword-only arguments in physical units and call the numba kernel in ``game.sim.cable``;
time is an integer step count times ``dt_ms`` (as Brian2's clocks do), so long runs do not
drift. A *site* is where channels live: a node of Ranvier, or an unmyelinated compartment.
"""

import math
import threading

import numpy as np

from game.sim import c_fibre_membrane, ions, mrg_node
from game.sim.cable import advance_cable
from game.sim.cable_builder import (
    CableArrays,
    build_myelinated_cable,
    build_unmyelinated_cable,
)
from game.sim.fiber_geometry import mrg_geometry
from game.sim.snapshot import FiberSnapshot

#: Electrical time run at start-up so the fibre sits at its own resting state, ms.
SETTLE_MS = 30.0


class Fiber:
    """State and stepping shared by both kinds of fibre; build one with a subclass."""

    def __init__(
        self, cable: CableArrays, *, temperature_c: float, dt_ms: float, seed: int = 0
    ) -> None:
        if not 0.0 < dt_ms <= 0.05:
            raise ValueError(f"dt_ms={dt_ms}: expected 0 < dt_ms <= 0.05")
        if not 0.0 <= temperature_c <= 45.0:
            raise ValueError(f"temperature_c={temperature_c}: expected 0-45 degC")
        self.cable = cable
        self.dt_ms = dt_ms
        self.temperature_c = temperature_c
        self.step_count = 0
        self._pending_ms = 0.0
        self.settled = False
        n_sec = cable.kind.shape[0]
        n = cable.site_section.shape[0]
        self.n_sites = n
        self.site_x_um = cable.x_um[cable.site_section].copy()

        self.gates = np.zeros((n, 4))
        self.g_max_uS = np.zeros((n, 4))
        #: share of the transient Na+ channels not slowly inactivated (set by the slow clock)
        self.na_available = np.ones(n)
        self.leak_na_fraction = np.zeros(n)
        # reversal potentials at the baseline concentrations (game.sim.ions)
        self.e_na_mV = np.full(
            n,
            ions.sodium_channel_reversal_mV(
                ions.NA_IN_MM, ions.NA_OUT_MM, ions.K_IN_MM, ions.K_OUT_MM, temperature_c
            ),
        )
        self.e_k_mV = np.full(n, ions.potassium_reversal_mV(ions.K_IN_MM, ions.K_OUT_MM, temperature_c))
        #: K+ reversal of the internodal membrane, which faces the space under the myelin
        self.e_k_internode_mV = self.e_k_mV.copy()
        self.i_pump_nA = np.zeros(n)
        #: share of each site's pump current each section carries (default: all at the site's
        #: own section; game.sim.site_metabolism spreads it over the internodal axolemma)
        self.pump_section_share = np.zeros(n_sec)
        self.pump_section_share[cable.site_section] = 1.0
        self.noise_sigma_nA = np.zeros(n)
        self.noise_tau_ms = 0.5
        self.noise_nA = np.zeros(n)
        self.rng_state = np.array([np.uint64(seed * 0x9E3779B1 + 12345)], dtype=np.uint64)

        self.vi_mV = np.zeros(n_sec)
        self.vp_mV = np.zeros(n_sec)
        self.spike_count = np.zeros(n, dtype=np.int64)
        self.last_spike_ms = np.full(n, -np.inf)
        #: first spike at each site since the last reset_accumulators()
        self.first_spike_ms = np.full(n, np.inf)
        # Na+ and K+ charge through each site's membrane since the last reset (inward < 0)
        self.charge_na_pC = np.zeros(n)
        self.charge_k_pC = np.zeros(n)
        self.vdt_mV_ms = np.zeros(n)
        self.accumulated_ms = 0.0
        self.spikes_at_reset = np.zeros(n, dtype=np.int64)

        self._stimuli: list[tuple[int, float, float, float]] = []
        self._stim_arrays = _pack_stimuli(self._stimuli)
        self._no_record = np.zeros((0, n))

    # -- time --------------------------------------------------------------------------------
    @property
    def t_ms(self) -> float:
        return self.step_count * self.dt_ms

    # -- stimuli -----------------------------------------------------------------------------
    def add_stimulus(
        self, *, node: int, start_ms: float, duration_ms: float, amplitude_nA: float
    ) -> None:
        """Inject ``amplitude_nA`` into site ``node`` from ``start_ms`` for ``duration_ms``."""
        if not 0 <= node < self.n_sites:
            raise ValueError(f"node={node}: expected 0-{self.n_sites - 1}")
        if not (duration_ms > 0 and math.isfinite(amplitude_nA) and math.isfinite(start_ms)):
            raise ValueError("stimulus needs duration_ms > 0, a finite start_ms and amplitude_nA")
        now = self.t_ms
        self._stimuli = [st for st in self._stimuli if st[2] > now]
        self._stimuli.append((node, start_ms, start_ms + duration_ms, amplitude_nA))
        self._stim_arrays = _pack_stimuli(self._stimuli)

    # -- stepping ----------------------------------------------------------------------------
    def settle(self) -> None:
        """Run without stimuli until the fibre rests at its own equilibrium; the clock stays."""
        if self.settled:
            return
        saved = self._stim_arrays
        self._stim_arrays = _pack_stimuli([])
        self._run(int(round(SETTLE_MS / self.dt_ms)), self._no_record, 0)
        self._stim_arrays = saved
        self.spike_count[:] = 0
        self.last_spike_ms[:] = -np.inf
        self.reset_accumulators()
        self.step_count = 0
        self.settled = True

    def advance(self, *, duration_ms: float) -> None:
        """Advance the electrical clock by ``duration_ms`` (whole steps; the rest carries over)."""
        self.settle()
        self._pending_ms += duration_ms
        n_steps = int(self._pending_ms / self.dt_ms + 1e-9)
        if n_steps > 0:
            self._pending_ms -= n_steps * self.dt_ms
            self._run(n_steps, self._no_record, 0)
            self.step_count += n_steps
            self.accumulated_ms += n_steps * self.dt_ms

    def record(self, *, duration_ms: float, every_ms: float) -> tuple[np.ndarray, np.ndarray]:
        """Advance ``duration_ms``; return (t_ms, site membrane potentials mV, n_t x n_sites)."""
        self.settle()
        every = max(1, int(round(every_ms / self.dt_ms)))
        n_steps = int(round(duration_ms / self.dt_ms))
        rows = np.zeros((n_steps // every, self.n_sites))
        t0 = self.t_ms
        written = self._run(n_steps, rows, every)
        self.step_count += n_steps
        self.accumulated_ms += n_steps * self.dt_ms
        t = t0 + (np.arange(written) + 1) * every * self.dt_ms
        return t, rows[:written]

    def _run(self, n_steps: int, record: np.ndarray, every: int) -> int:
        c = self.cable
        return advance_cable(
            n_steps, self.step_count, self.dt_ms, self.temperature_c,
            c.pinned_vp, c.c_membrane_nF, c.g_passive_uS, c.passive_na_fraction,
            c.c_myelin_nF, c.g_myelin_uS, c.g_axial_uS, c.g_periaxonal_uS, c.section_site,
            c.site_section, c.site_model, self.gates, self.g_max_uS, self.na_available,
            self.leak_na_fraction, self.e_na_mV, self.e_k_mV, self.e_k_internode_mV,
            self.i_pump_nA, self.pump_section_share,
            self.noise_sigma_nA, self.noise_tau_ms, self.noise_nA, self.rng_state,
            self.vi_mV, self.vp_mV,
            *self._stim_arrays,
            self.spike_count, self.last_spike_ms, self.first_spike_ms, self.charge_na_pC,
            self.charge_k_pC, self.vdt_mV_ms,
            record, every,
            *_work_arrays(c.kind.shape[0], self.n_sites),
        )  # fmt: skip

    def reset_accumulators(self) -> None:
        """Start a new interval of charge, mean-potential and first-spike accounting."""
        self.charge_na_pC[:] = 0.0
        self.charge_k_pC[:] = 0.0
        self.vdt_mV_ms[:] = 0.0
        self.first_spike_ms[:] = np.inf
        self.accumulated_ms = 0.0
        self.spikes_at_reset = self.spike_count.copy()

    def mean_v_mV(self) -> np.ndarray:
        """Each site's mean membrane potential since the last reset (its potential now if
        no time passed)."""
        if self.accumulated_ms <= 0:
            return self.site_v_mV()
        return self.vdt_mV_ms / self.accumulated_ms

    # -- output ------------------------------------------------------------------------------
    def site_v_mV(self) -> np.ndarray:
        k = self.cable.site_section
        return self.vi_mV[k] - self.vp_mV[k]

    def fill_snapshot(self, snapshot: FiberSnapshot) -> None:
        k = self.cable.site_section
        snapshot.t_ms = self.t_ms
        snapshot.step = self.step_count
        np.subtract(self.vi_mV[k], self.vp_mV[k], out=snapshot.v_node_mV, casting="unsafe")
        snapshot.spikes_per_node[:] = self.spike_count


class MyelinatedFiber(Fiber):
    """A myelinated fibre of ``n_nodes`` nodes of Ranvier (node 0 is the distal end)."""

    def __init__(
        self,
        *,
        diameter_um: float = 10.0,
        n_nodes: int = 30,
        temperature_c: float = 37.0,
        dt_ms: float = 0.005,
        seed: int = 0,
    ) -> None:
        self.geometry = mrg_geometry(diameter_um=diameter_um)
        cable = build_myelinated_cable(self.geometry, n_nodes=n_nodes)
        super().__init__(cable, temperature_c=temperature_c, dt_ms=dt_ms, seed=seed)
        self.n_nodes = n_nodes
        self.node_x_um = self.site_x_um
        area_to_uS = cable.site_area_um2 * 1e-2
        self.g_max_uS[:, 0] = mrg_node.G_NAF_S_PER_CM2 * area_to_uS
        self.g_max_uS[:, 1] = mrg_node.G_NAP_S_PER_CM2 * area_to_uS
        self.g_max_uS[:, 2] = mrg_node.G_KS_S_PER_CM2 * area_to_uS
        self.g_max_uS[:, 3] = mrg_node.G_LEAK_S_PER_CM2 * area_to_uS
        # MRG's leak reverses at -90 mV, its E_K: a K+ leak
        self.leak_na_fraction[:] = 0.0
        self.vi_mV[:] = mrg_node.V_REST_MV
        self.gates[:] = mrg_node.steady_state_gates(mrg_node.V_REST_MV, temperature_c)

    def node_v_mV(self) -> np.ndarray:
        return self.site_v_mV()


class UnmyelinatedFiber(Fiber):
    """A C fibre: a continuous cable of ``compartment_um`` compartments (site 0 distal)."""

    def __init__(
        self,
        *,
        diameter_um: float = 1.0,
        length_um: float = 5000.0,
        compartment_um: float = 50.0,
        temperature_c: float = 37.0,
        dt_ms: float = 0.005,
        seed: int = 0,
    ) -> None:
        if not 0.1 <= diameter_um <= 3.0:
            raise ValueError(f"diameter_um={diameter_um}: expected 0.1-3 um for a C fibre")
        cable = build_unmyelinated_cable(
            diameter_um=diameter_um, length_um=length_um, compartment_um=compartment_um
        )
        super().__init__(cable, temperature_c=temperature_c, dt_ms=dt_ms, seed=seed)
        self.diameter_um = diameter_um
        self.n_nodes = self.n_sites
        self.node_x_um = self.site_x_um
        area_to_uS = cable.site_area_um2 * 1e-2
        self.g_max_uS[:, 0] = c_fibre_membrane.G_NA_S_PER_CM2 * area_to_uS
        self.g_max_uS[:, 1] = c_fibre_membrane.G_KDR_S_PER_CM2 * area_to_uS
        self.g_max_uS[:, 2] = c_fibre_membrane.G_LEAK_S_PER_CM2 * area_to_uS
        self.vi_mV[:] = c_fibre_membrane.V_REST_MV
        self.gates[:, :3] = c_fibre_membrane.steady_state_gates(
            c_fibre_membrane.V_REST_MV, temperature_c
        )
        self.leak_na_fraction[:] = c_fibre_membrane.leak_na_fraction_for_rest(
            temperature_c, e_na_mV=self.e_na_mV[0], e_k_mV=self.e_k_mV[0]
        )


_WORK = threading.local()


def _work_arrays(n_sec: int, n_sites: int) -> tuple[np.ndarray, ...]:
    """The kernel's work arrays (the banded system and its solve: 8 of 2 n_sec; per section:
    6; per site: 2), shared by every fibre of the same size stepped on this thread. The
    kernel writes each of them before it reads it, on every call, so nothing passes from one
    fibre to the next through them; sharing keeps them in the CPU's cache when a bundle of
    fibres each takes a step or two per frame (each fibre's own copy was two thirds of the
    memory a step touches). One set per thread: kernels run without the GIL."""
    pool = getattr(_WORK, "pool", None)
    if pool is None:
        pool = _WORK.pool = {}
    arrays = pool.get((n_sec, n_sites))
    if arrays is None:
        arrays = pool[(n_sec, n_sites)] = tuple(
            [np.zeros(2 * n_sec) for _ in range(8)]
            + [np.zeros(n_sec) for _ in range(6)]
            + [np.zeros(n_sites) for _ in range(2)]
        )
    return arrays


def _pack_stimuli(stimuli: list[tuple[int, float, float, float]]) -> tuple[np.ndarray, ...]:
    """(site, start_ms, stop_ms, amplitude_nA) tuples as the kernel's four arrays."""
    return (
        np.array([s[0] for s in stimuli], dtype=np.int64),
        np.array([s[1] for s in stimuli], dtype=np.float64),
        np.array([s[2] for s in stimuli], dtype=np.float64),
        np.array([s[3] for s in stimuli], dtype=np.float64),
    )
