"""Snapshots: what the simulation thread hands to the renderer each step.

Preallocated arrays, filled in place by the writer and handed over through a
``TripleBuffer``; the reader never sees a half-written snapshot.
"""

from dataclasses import dataclass, field

import numpy as np


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
