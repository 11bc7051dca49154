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

from game.sim.fiber import Fiber, MyelinatedFiber, UnmyelinatedFiber
from game.sim.site_metabolism import MetabolicParams, SiteMetabolism

#: Share of the probe fibre that lies under the compression (its middle).
COMPRESSED_SHARE = 0.6
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
        n_nodes: int = 15,
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
                diameter_um=diameter_um, length_um=c_length_um, compartment_um=50.0, seed=seed
            )
            self.test_pulse_nA = 1.0 * diameter_um
            self.test_pulse_ms = 0.5
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
