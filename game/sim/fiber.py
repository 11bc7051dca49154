"""One myelinated fibre: MRG geometry, double cable and node kinetics, with its state.

Public methods take keyword-only arguments in physical units and call the numba kernel in
``game.sim.cable``; time is an integer step count times ``dt_ms`` (as Brian2's clocks do),
so long runs do not drift.
"""

import math

import numpy as np

from game.sim import mrg_node
from game.sim.cable import AXOLEMMA_E_MV, advance_myelinated_cable, build_myelinated_cable
from game.sim.fiber_geometry import mrg_geometry
from game.sim.snapshot import FiberSnapshot

#: Electrical time run at start-up so the fibre sits at its own resting state, ms.
SETTLE_MS = 30.0


class MyelinatedFiber:
    """A myelinated fibre of ``n_nodes`` nodes of Ranvier (node 0 is the distal end)."""

    def __init__(
        self,
        *,
        diameter_um: float = 10.0,
        n_nodes: int = 30,
        temperature_c: float = 37.0,
        dt_ms: float = 0.005,
    ) -> None:
        if not 0.0 < dt_ms <= 0.05:
            raise ValueError(f"dt_ms={dt_ms}: expected 0 < dt_ms <= 0.05")
        if not 0.0 <= temperature_c <= 45.0:
            raise ValueError(f"temperature_c={temperature_c}: expected 0-45 degC")
        self.geometry = mrg_geometry(diameter_um=diameter_um)
        self.cable = build_myelinated_cable(self.geometry, n_nodes=n_nodes)
        self.n_nodes = n_nodes
        self.dt_ms = dt_ms
        self.temperature_c = temperature_c
        self.step_count = 0
        self._pending_ms = 0.0
        self.settled = False

        c = self.cable
        n_sec = c.kind.shape[0]
        self.node_x_um = c.x_um[c.node_section].copy()
        area_to_uS = c.node_area_um2 * 1e-2
        self.g_naf_uS = mrg_node.G_NAF_S_PER_CM2 * area_to_uS
        self.g_nap_uS = mrg_node.G_NAP_S_PER_CM2 * area_to_uS
        self.g_ks_uS = mrg_node.G_KS_S_PER_CM2 * area_to_uS
        self.g_leak_uS = mrg_node.G_LEAK_S_PER_CM2 * area_to_uS
        self.e_na_mV = np.full(n_nodes, mrg_node.E_NA_MV)
        self.e_k_mV = np.full(n_nodes, mrg_node.E_K_MV)
        self.e_leak_mV = np.full(n_nodes, mrg_node.E_LEAK_MV)
        self.e_passive_mV = np.full(n_sec, AXOLEMMA_E_MV)

        self.vi_mV = np.full(n_sec, mrg_node.V_REST_MV)
        self.vp_mV = np.zeros(n_sec)
        m0, h0, p0, s0 = mrg_node.steady_state_gates(mrg_node.V_REST_MV, temperature_c)
        self.m = np.full(n_nodes, m0)
        self.h = np.full(n_nodes, h0)
        self.p = np.full(n_nodes, p0)
        self.s = np.full(n_nodes, s0)
        self.spike_count = np.zeros(n_nodes, dtype=np.int64)
        self.last_spike_ms = np.full(n_nodes, -np.inf)

        self._stimuli: list[tuple[int, float, float, float]] = []
        self._stim_arrays = _pack_stimuli(self._stimuli)
        self._no_record = np.zeros((0, n_nodes))
        # work arrays of the banded solve (8 of 2 n_sec) and per-section currents (3 of n_sec)
        self._scratch = [np.zeros(2 * n_sec) for _ in range(8)] + [
            np.zeros(n_sec) for _ in range(3)
        ]

    # -- time --------------------------------------------------------------------------------
    @property
    def t_ms(self) -> float:
        return self.step_count * self.dt_ms

    # -- stimuli -----------------------------------------------------------------------------
    def add_stimulus(
        self, *, node: int, start_ms: float, duration_ms: float, amplitude_nA: float
    ) -> None:
        """Inject ``amplitude_nA`` into ``node`` from ``start_ms`` for ``duration_ms``."""
        if not 0 <= node < self.n_nodes:
            raise ValueError(f"node={node}: expected 0-{self.n_nodes - 1}")
        if not (duration_ms > 0 and math.isfinite(amplitude_nA)):
            raise ValueError("stimulus needs duration_ms > 0 and a finite amplitude_nA")
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

    def record(self, *, duration_ms: float, every_ms: float) -> tuple[np.ndarray, np.ndarray]:
        """Advance ``duration_ms`` and return (t_ms, node membrane potentials mV, n_t x n_nodes)."""
        self.settle()
        every = max(1, int(round(every_ms / self.dt_ms)))
        n_steps = int(round(duration_ms / self.dt_ms))
        rows = np.zeros((n_steps // every, self.n_nodes))
        t0 = self.t_ms
        written = self._run(n_steps, rows, every)
        self.step_count += n_steps
        t = t0 + (np.arange(written) + 1) * every * self.dt_ms
        return t, rows[:written]

    def _run(self, n_steps: int, record: np.ndarray, every: int) -> int:
        c = self.cable
        return advance_myelinated_cable(
            n_steps, self.step_count, self.dt_ms, self.temperature_c,
            c.kind, c.c_membrane_nF, c.g_passive_uS, self.e_passive_mV, c.c_myelin_nF,
            c.g_myelin_uS, c.g_axial_uS, c.g_periaxonal_uS,
            c.node_section, self.g_naf_uS, self.g_nap_uS, self.g_ks_uS, self.g_leak_uS,
            self.e_na_mV, self.e_k_mV, self.e_leak_mV,
            self.vi_mV, self.vp_mV, self.m, self.h, self.p, self.s,
            *self._stim_arrays,
            self.spike_count, self.last_spike_ms,
            record, every,
            *self._scratch,
        )  # fmt: skip

    # -- output ------------------------------------------------------------------------------
    def node_v_mV(self) -> np.ndarray:
        k = self.cable.node_section
        return self.vi_mV[k] - self.vp_mV[k]

    def fill_snapshot(self, snapshot: FiberSnapshot) -> None:
        k = self.cable.node_section
        snapshot.t_ms = self.t_ms
        snapshot.step = self.step_count
        np.subtract(self.vi_mV[k], self.vp_mV[k], out=snapshot.v_node_mV, casting="unsafe")
        snapshot.spikes_per_node[:] = self.spike_count


def _pack_stimuli(stimuli: list[tuple[int, float, float, float]]) -> tuple[np.ndarray, ...]:
    """(node, start_ms, stop_ms, amplitude_nA) tuples as the kernel's four arrays."""
    return (
        np.array([s[0] for s in stimuli], dtype=np.int64),
        np.array([s[1] for s in stimuli], dtype=np.float64),
        np.array([s[2] for s in stimuli], dtype=np.float64),
        np.array([s[3] for s in stimuli], dtype=np.float64),
    )
