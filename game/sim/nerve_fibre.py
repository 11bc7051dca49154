"""One fibre of a class inside the nerve, with its compressed segment and its probes.

The fibre carries both clocks: its sites' slow state (``SiteMetabolism``) and its electrical
state (``Fiber``). The middle of the fibre lies under the compression; the rest stays
perfused. Two probes read what the fibre *does* (nothing here is scheduled by the clock):
- conduction: a test pulse at the distal end; does a spike arrive past the compressed segment;
- ectopic firing: spikes that arrive at either end with no pulse given, counted over the
  unstimulated electrical time (they start inside and travel both ways).
"""

from dataclasses import dataclass

import numpy as np

from game.sim import c_fibre_membrane, mrg_node
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.fiber import Fiber, MyelinatedFiber, UnmyelinatedFiber
from game.sim.resting_state import steady_conductances
from game.sim.site_metabolism import MetabolicParams, SiteMetabolism

#: Share of the probe fibre that lies under the compression (its middle).
COMPRESSED_SHARE = 0.4
#: Electrical step of the C probe fibre, ms. Its probe window is the longest (a spike takes
#: ~4 ms to cross 3 mm at 0.7 m/s, and the window is three times that), and its kinetics are
#: slow enough for a coarser step than the myelinated fibres' 5 us: at 20 us its conduction
#: velocity is 0.718 m/s against 0.727 at 5 us (-1.2%; 10 us: -0.25%), the spike's peak
#: +27.6 against +27.7 mV, and `pins-and-needles science` prints the same tables for both
#: profiles. (The myelinated fibres stay at 5 us: at 10 us their velocity drops 4%.)
C_DT_MS = 0.02
#: Pressure under a crossed knee is not a step: it fades toward the segment's edges over this
#: share of the segment on each side (a cosine taper; it also spares the healthy neighbours a
#: cliff of depolarisation that would drive them like an electrode).
EDGE_TAPER_SHARE = 0.35


@dataclass(frozen=True)
class ProbeReading:
    conducting: bool
    latency_ms: float
    #: Spikes per second arriving at the proximal end with no test pulse.
    ectopic_hz: float


class NerveFibre:
    """A probe fibre of one class: both clocks, its compressed segment, its readings."""

    def __init__(
        self,
        *,
        name: str,
        myelinated: bool,
        diameter_um: float,
        params: MetabolicParams,
        seed: int,
        n_nodes: int = 27,
        c_length_um: float = 3000.0,
    ) -> None:
        self.name = name
        self.myelinated = myelinated
        if myelinated:
            self.fiber: Fiber = MyelinatedFiber(diameter_um=diameter_um, n_nodes=n_nodes, seed=seed)
            self.test_pulse_nA = 2.0 * max(1.0, diameter_um / 10.0)
            self.test_pulse_ms = 0.1
        else:
            self.fiber = UnmyelinatedFiber(
                diameter_um=diameter_um, length_um=c_length_um, compartment_um=50.0,
                dt_ms=C_DT_MS, seed=seed,
            )  # fmt: skip
            self.test_pulse_nA = 1.0 * diameter_um
            self.test_pulse_ms = 0.5
        _terminate_ends(self.fiber)
        n = self.fiber.n_sites
        offset = np.abs((np.arange(n) + 0.5) / n - 0.5) / (COMPRESSED_SHARE / 2)
        self.compressed = offset <= 1.0
        inner = 1.0 - EDGE_TAPER_SHARE
        ramp = np.clip((1.0 - offset) / EDGE_TAPER_SHARE, 0.0, 1.0)
        #: how much of the pressure each site feels (1 in the middle, 0 outside)
        self.pressure_weight = np.where(offset <= inner, 1.0, 0.5 - 0.5 * np.cos(np.pi * ramp))
        self.metabolism = SiteMetabolism(self.fiber, params, seed=seed)
        self.baseline_v_mV = self.metabolism.v_rest_mV.copy()
        # the time a spike takes end to end at rest sets the probe window
        self.window_ms = 5.0 if myelinated else 30.0
        self.baseline_latency_ms = self.probe_conduction().latency_ms
        if not np.isfinite(self.baseline_latency_ms):
            raise RuntimeError(f"{name} fibre ({diameter_um} um) does not conduct at rest")
        self.window_ms = 3.0 * self.baseline_latency_ms + 1.0
        self.fiber.advance(duration_ms=20.0)  # out of the test spike's refractory period
        self.fiber.reset_accumulators()
        self._ectopic_spikes = 0
        self._ectopic_ms = 0.0

    # -- the slow clock ----------------------------------------------------------------------
    def set_perfusion(self, compressed_flow: float) -> None:
        """Blood flow in the middle of the segment (0-1 of normal); it fades to 1 outside."""
        self.metabolism.perfusion[:] = 1.0 - (1.0 - compressed_flow) * self.pressure_weight

    def advance_physiology(self, *, duration_s: float, electrical_ms: float) -> None:
        """``electrical_ms`` of unstimulated electrical time (its spontaneous spikes count as
        ectopic), then ``duration_s`` of the slow clock, which reads the mean potentials."""
        if electrical_ms > 0:
            end = self.fiber.n_sites - 1
            before = self.fiber.spike_count[end]
            self.fiber.advance(duration_ms=electrical_ms)
            self._ectopic_spikes += int(self.fiber.spike_count[end] - before)
            self._ectopic_ms += electrical_ms
        self.metabolism.advance(duration_s=duration_s)
        self.fiber.reset_accumulators()

    # -- probes ------------------------------------------------------------------------------
    def probe_conduction(self) -> ProbeReading:
        """Send a test pulse from the distal end; read whether and when it arrived.

        It got through if every site fired, each after the one before it: a spike that
        starts inside the segment (ectopic) reaches the sites out of order, and one that
        meets it head-on annihilates the test spike, which did not get through either.
        """
        f = self.fiber
        f.reset_accumulators()
        start = f.t_ms + 0.05
        f.add_stimulus(
            node=0, start_ms=start, duration_ms=self.test_pulse_ms, amplitude_nA=self.test_pulse_nA
        )
        f.advance(duration_ms=self.window_ms)
        first = f.first_spike_ms.copy()
        f.reset_accumulators()
        arrived = bool(np.all(np.isfinite(first)) and np.all(np.diff(first) > 0))
        latency = float(first[-1] - start) if arrived else float("nan")
        return ProbeReading(conducting=bool(arrived), latency_ms=latency, ectopic_hz=float("nan"))

    def take_ectopic_rate(self) -> float:
        """Ectopic spikes per second since the last call (nan if no electrical time ran)."""
        if self._ectopic_ms <= 0:
            return float("nan")
        rate = self._ectopic_spikes / (self._ectopic_ms / 1000.0)
        self._ectopic_spikes = 0
        self._ectopic_ms = 0.0
        return rate

    # -- state, for stage detection and the science report ----------------------------------
    def compressed_mean(self, values: np.ndarray) -> float:
        """Mean over the fully compressed middle of the segment."""
        return float(np.mean(values[self.pressure_weight >= 0.999]))

    def depolarisation_mV(self) -> float:
        """How far the compressed middle's resting potential has moved from its baseline."""
        return self.compressed_mean(self.metabolism.v_rest_mV - self.baseline_v_mV)


def continuation_conductance_uS(fiber: Fiber) -> float:
    """Input conductance at rest of the axon that continues beyond one end of the probe,
    uS: a semi-infinite chain of the fibre's own node-to-node periods (axial resistance R
    per period in series, membrane conductance G_m per period to the outside) has
    G = G_m / 2 (sqrt(1 + 4 / (G_m R)) - 1), the classical ladder result (Rall's infinite
    cable, discretised). The internodal axolemma reaches the outside through the myelin, so
    the two count in series."""
    c = fiber.cable
    k0, k1 = int(c.site_section[0]), int(c.site_section[1])
    r_period = float(np.sum(1.0 / c.g_axial_uS[k0:k1]))
    q1, q2, q3 = mrg_node.temperature_factors(fiber.temperature_c)
    v = float(fiber.site_v_mV()[0])
    g_na, g_k = steady_conductances(
        c.site_model[0], v, fiber.g_max_uS[0], 1.0, fiber.leak_na_fraction[0], q1, q2, q3,
        c_fibre_membrane.q10_factor(fiber.temperature_c), fiber.temperature_c,
    )  # fmt: skip
    g_m = g_na + g_k
    g_axolemma = float(np.sum(c.g_passive_uS[k0 + 1 : k1]))
    g_myelin = float(np.sum(c.g_myelin_uS[k0 + 1 : k1]))
    if g_myelin > 0:
        g_m += g_axolemma * g_myelin / (g_axolemma + g_myelin)
    else:
        g_m += g_axolemma
    return 0.5 * g_m * (np.sqrt(1.0 + 4.0 / (g_m * r_period)) - 1.0)


def _terminate_ends(fiber: Fiber) -> None:
    """A real axon does not end at the edge of the probe: a sealed end has half the axial
    load of a node inside the fibre, so a depolarised middle drives it into oscillating by
    itself (a boundary artefact that would count as ectopic firing). Each end site gets the
    continuing axon's input conductance as a leak reversing at the fibre's resting
    potential, which is how a finite cable is made to behave as part of an infinite one."""
    fiber.settle()
    g_end = continuation_conductance_uS(fiber)
    for j in (0, fiber.n_sites - 1):
        v = float(fiber.site_v_mV()[j])
        e_na, e_k = float(fiber.e_na_mV[j]), float(fiber.e_k_mV[j])
        leak_col = 3 if fiber.cable.site_model[j] == MODEL_MRG_NODE else 2
        g_leak = fiber.g_max_uS[j, leak_col]
        na = fiber.leak_na_fraction[j] * g_leak + g_end * (v - e_k) / (e_na - e_k)
        fiber.g_max_uS[j, leak_col] = g_leak + g_end
        fiber.leak_na_fraction[j] = na / (g_leak + g_end)
    fiber.settled = False
    fiber.settle()
