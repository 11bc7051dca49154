"""The simulation's public API, for notebooks, teachers and checks.

Build a fibre, stimulate it, record it, measure it::

    from game.sim.api import Stimulus, conduction_velocity, myelinated_fiber, simulate

    fibre = myelinated_fiber(diameter_um=10.0, n_nodes=21)
    result = simulate(fibre, duration_ms=5.0, dt_ms=0.005,
                      stimuli=[Stimulus(node=0, start_ms=0.5, duration_ms=0.1, amplitude_nA=2.0)])
    result.t_ms        # (n_t,) times, ms
    result.v_mV        # (n_t, n_nodes) membrane potential at each node, mV
    result.x_um        # (n_nodes,) position of each node along the fibre, um
    conduction_velocity(result)   # m/s, about 55 for 10 um

Myelinated fibres are McIntyre-Richardson-Grill (2002) double cables with MRG nodes;
unmyelinated fibres are continuous C-fibre cables (after Sundt et al. 2015), recorded at every
50 um compartment. All at 37 degC unless told otherwise. The whole compression story
(legs crossed, released) is ``compression_protocol`` (``game.sim.protocol``).
"""

from dataclasses import dataclass, field

import numpy as np

from game.sim.fiber import Fiber, MyelinatedFiber, UnmyelinatedFiber
from game.sim.protocol import ProtocolResult, compression_protocol

__all__ = [
    "FiberSpec",
    "ProtocolResult",
    "SimulationResult",
    "Stimulus",
    "compression_protocol",
    "conduction_velocity",
    "myelinated_fiber",
    "simulate",
    "spike_times_ms",
    "unmyelinated_fiber",
]

#: Recording sites of an unmyelinated fibre are its compartments, this long.
C_COMPARTMENT_UM = 50.0


@dataclass(frozen=True)
class FiberSpec:
    """What fibre to build; ``simulate`` builds a fresh one for every run."""

    myelinated: bool
    diameter_um: float
    n_nodes: int = 0
    length_um: float = 0.0

    def build(self, *, temperature_c: float, dt_ms: float, seed: int = 0) -> Fiber:
        if self.myelinated:
            return MyelinatedFiber(
                diameter_um=self.diameter_um, n_nodes=self.n_nodes,
                temperature_c=temperature_c, dt_ms=dt_ms, seed=seed,
            )  # fmt: skip
        return UnmyelinatedFiber(
            diameter_um=self.diameter_um, length_um=self.length_um,
            compartment_um=C_COMPARTMENT_UM, temperature_c=temperature_c, dt_ms=dt_ms, seed=seed,
        )  # fmt: skip


def myelinated_fiber(diameter_um: float, n_nodes: int) -> FiberSpec:
    """An MRG myelinated fibre of outer diameter ``diameter_um`` with ``n_nodes`` nodes."""
    if not 0.5 <= diameter_um <= 25.0:
        raise ValueError(f"diameter_um={diameter_um}: expected 0.5-25 um")
    if not 2 <= n_nodes <= 500:
        raise ValueError(f"n_nodes={n_nodes}: expected 2-500")
    return FiberSpec(myelinated=True, diameter_um=float(diameter_um), n_nodes=int(n_nodes))


def unmyelinated_fiber(diameter_um: float, length_um: float) -> FiberSpec:
    """A C fibre of ``diameter_um`` and ``length_um``, in 50 um compartments."""
    if not 0.1 <= diameter_um <= 3.0:
        raise ValueError(f"diameter_um={diameter_um}: expected 0.1-3 um")
    if not 3 * C_COMPARTMENT_UM <= length_um <= 100_000.0:
        raise ValueError(f"length_um={length_um}: expected 150-100000 um")
    return FiberSpec(myelinated=False, diameter_um=float(diameter_um), length_um=float(length_um))


@dataclass(frozen=True)
class Stimulus:
    """A current pulse into one node (or compartment), intracellular, depolarising if > 0."""

    node: int
    start_ms: float
    duration_ms: float
    amplitude_nA: float


@dataclass
class SimulationResult:
    t_ms: np.ndarray
    v_mV: np.ndarray
    x_um: np.ndarray
    dt_ms: float
    temperature_c: float
    #: Times (ms) each node's potential crossed -20 mV upward, one array per node.
    spikes_ms: list[np.ndarray] = field(default_factory=list)


def spike_times_ms(t_ms: np.ndarray, v_mV: np.ndarray, threshold_mV: float = -20.0) -> list[np.ndarray]:
    """Upward crossings of ``threshold_mV`` in each column of ``v_mV``, interpolated."""
    out = []
    for v in v_mV.T:
        i = np.flatnonzero((v[:-1] < threshold_mV) & (v[1:] >= threshold_mV))
        frac = (threshold_mV - v[i]) / (v[i + 1] - v[i])
        out.append(t_ms[i] + frac * (t_ms[i + 1] - t_ms[i]))
    return out


def simulate(
    fiber: FiberSpec,
    duration_ms: float,
    dt_ms: float,
    stimuli: list[Stimulus] | tuple[Stimulus, ...] = (),
    temperature_c: float = 37.0,
) -> SimulationResult:
    """Run ``fiber`` from rest for ``duration_ms`` and record every node at every step."""
    if not 0.0 < duration_ms <= 10_000.0:
        raise ValueError(f"duration_ms={duration_ms}: expected 0-10000 ms")
    fibre = fiber.build(temperature_c=temperature_c, dt_ms=dt_ms)
    for s in stimuli:
        fibre.add_stimulus(
            node=s.node, start_ms=s.start_ms, duration_ms=s.duration_ms, amplitude_nA=s.amplitude_nA
        )
    fibre.settle()
    v0 = fibre.site_v_mV().copy()
    t, v = fibre.record(duration_ms=duration_ms, every_ms=dt_ms)
    t = np.concatenate([[0.0], t])
    v = np.vstack([v0, v])
    return SimulationResult(
        t_ms=t, v_mV=v, x_um=fibre.site_x_um.copy(), dt_ms=dt_ms, temperature_c=temperature_c,
        spikes_ms=spike_times_ms(t, v),
    )  # fmt: skip


def conduction_velocity(result: SimulationResult) -> float:
    """Speed (m/s) of the first spike along the middle 60% of the fibre (a linear fit of
    position against arrival time, away from the stimulated and the sealed end)."""
    n = len(result.x_um)
    lo, hi = int(round(0.2 * (n - 1))), int(round(0.8 * (n - 1)))
    sites = range(lo, hi + 1)
    if hi - lo < 1:
        raise ValueError("the fibre is too short to measure a conduction velocity")
    arrivals = [result.spikes_ms[j][0] if len(result.spikes_ms[j]) else np.nan for j in sites]
    if not np.all(np.isfinite(arrivals)):
        raise ValueError("no spike travelled the length of the fibre")
    slope_um_per_ms = np.polyfit(arrivals, result.x_um[lo : hi + 1], 1)[0]
    return float(slope_um_per_ms / 1000.0)
