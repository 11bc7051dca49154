"""Snapshots: what the simulation thread hands to the renderer each step.

Preallocated arrays, filled in place by the writer and handed over through a
``TripleBuffer``; the reader never sees a half-written snapshot. A snapshot from
``latest()`` is borrowed: valid until the next ``latest()`` call by anyone, then recycled
(``game.sim.triple_buffer``); ``copy_from`` fills a snapshot of one's own to keep one.
"""

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

import numpy as np

from game.sim import ions


@dataclass
class FiberSnapshot:
    """The state of one fibre that the renderer and the gameplay read."""

    n_nodes: int
    #: Electrical time of this snapshot, ms.
    t_ms: float = 0.0
    #: Membrane potential at each node of Ranvier, mV (float32 so it uploads as is).
    v_node_mV: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Count of steps taken so far; increases with every published snapshot.
    step: int = 0
    #: Number of action potentials each node has fired so far (upward crossings of -20 mV).
    spikes_per_node: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.v_node_mV is None:
            self.v_node_mV = np.full(self.n_nodes, -80.0, dtype=np.float32)
        if self.spikes_per_node is None:
            self.spikes_per_node = np.zeros(self.n_nodes, dtype=np.int64)

    def copy_from(self, other: "FiberSnapshot") -> None:
        self.t_ms = other.t_ms
        self.step = other.step
        self.v_node_mV[:] = other.v_node_mV
        self.spikes_per_node[:] = other.spikes_per_node


@dataclass
class ClassSnapshot:
    """One fibre class of the nerve (its probe fibre), as the renderer and gameplay read it.

    Arrays have one entry per site (node of Ranvier, or C-fibre compartment), proximal last,
    and are float32 so that they upload to the GPU as they are.
    """

    name: str
    myelinated: bool
    diameter_um: float
    n_sites: int
    #: Position of each site along the fibre, um (0 at the distal end).
    site_x_um: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: How much of the applied pressure each site feels (1 in the middle of the compressed
    #: segment, 0 outside it).
    pressure_weight: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Membrane potential now, mV.
    v_mV: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Action potentials fired so far at each site (upward crossings of -20 mV).
    spikes: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Slow (physiological-clock) state per site.
    atp_mM: np.ndarray = field(default=None)  # type: ignore[assignment]
    na_in_mM: np.ndarray = field(default=None)  # type: ignore[assignment]
    k_in_mM: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Periaxonal K+ (the restricted shell outside the membrane), mM.
    k_out_mM: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Na+/K+ pump turnover relative to its healthy resting rate (0 stopped, 1 normal, >1
    #: racing to restore the gradient).
    pump_rate: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Blood flow reaching each site, 0-1 of normal.
    perfusion: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Ionic currents at each site averaged over the electrical time since the previous
    #: snapshot, nA: Na+ flowing in (positive inward) and K+ flowing out (positive outward).
    i_na_in_nA: np.ndarray = field(default=None)  # type: ignore[assignment]
    i_k_out_nA: np.ndarray = field(default=None)  # type: ignore[assignment]
    #: Readings of the last probe: a test pulse got past the compressed segment; spikes per
    #: second arriving with no pulse given (ectopic firing).
    conducting: bool = True
    ectopic_hz: float = 0.0

    _ARRAYS: ClassVar[tuple[str, ...]] = (
        "site_x_um", "pressure_weight", "v_mV", "atp_mM", "na_in_mM", "k_in_mM", "k_out_mM",
        "pump_rate", "perfusion", "i_na_in_nA", "i_k_out_nA",
    )  # fmt: skip

    #: What a healthy resting site holds (arrays not given start here, not at zero).
    _RESTING: ClassVar[MappingProxyType[str, float]] = MappingProxyType({
        "v_mV": -80.0, "atp_mM": 2.5, "na_in_mM": ions.NA_IN_MM, "k_in_mM": ions.K_IN_MM,
        "k_out_mM": ions.K_OUT_MM, "pump_rate": 1.0, "perfusion": 1.0,
    })  # fmt: skip

    def __post_init__(self) -> None:
        for name in self._ARRAYS:
            if getattr(self, name) is None:
                value = self._RESTING.get(name, 0.0)
                setattr(self, name, np.full(self.n_sites, value, dtype=np.float32))
        if self.spikes is None:
            self.spikes = np.zeros(self.n_sites, dtype=np.int64)

    def copy_from(self, other: "ClassSnapshot") -> None:
        for name in self._ARRAYS:
            getattr(self, name)[:] = getattr(other, name)
        self.spikes[:] = other.spikes
        self.conducting = other.conducting
        self.ectopic_hz = other.ectopic_hz


@dataclass
class NerveSnapshot:
    """The whole nerve at one moment: both clocks, the commands in force, what is read off
    the state (stage, sensation), and one ``ClassSnapshot`` per fibre class in the order
    A-alpha, A-beta, A-delta, C."""

    classes: tuple[ClassSnapshot, ...]
    #: Count of snapshots published so far.
    step: int = 0
    physiological_s: float = 0.0
    electrical_ms: float = 0.0
    physiological_speedup: float = 12.0
    electrical_ms_per_s: float = 0.2
    paused: bool = False
    pressure_mmHg: float = 0.0
    legs_crossed: bool = False
    #: Blood flow in the middle of the compressed segment, 0-1 of normal.
    perfusion: float = 1.0
    #: "healthy", one of ``game.sim.stages.COMPRESSION_STAGES`` or ``RECOVERY_PHASES``.
    stage: str = "healthy"
    #: What the visitor would feel now (``levels/science/sensation.toml``).
    sensation: str = "normal"
    injury_risk: bool = False
    #: The leg is being moved gently (speeds reperfusion once the legs are uncrossed).
    gentle_movement: bool = False
    #: The lasting compression injury (``game.sim.nerve_injury.InjuryStatus``); None
    #: before the first status reading.
    injury: object | None = None

    def by_name(self, name: str) -> ClassSnapshot:
        for c in self.classes:
            if c.name == name:
                return c
        raise KeyError(name)

    def copy_from(self, other: "NerveSnapshot") -> None:
        for mine, theirs in zip(self.classes, other.classes, strict=True):
            mine.copy_from(theirs)
        for name in (
            "step", "physiological_s", "electrical_ms", "physiological_speedup",
            "electrical_ms_per_s", "paused", "pressure_mmHg", "legs_crossed", "perfusion",
            "stage", "sensation", "injury_risk", "gentle_movement", "injury",
        ):  # fmt: skip
            setattr(self, name, getattr(other, name))
