"""Compile (or load from numba's cache) every simulation kernel, reporting progress.

Called on the simulation thread at start-up so the window can show a loading screen instead
of freezing while LLVM works (a cold compile takes seconds; a cached start milliseconds).
"""

import time
from collections.abc import Callable

from game.sim.fiber import MyelinatedFiber

Report = Callable[[float, str], None]


def compile_kernels(report: Report) -> float:
    """Run each kernel once on a tiny fibre; return the seconds it took."""
    started = time.perf_counter()
    report(0.05, "Preparing the nerve simulation")
    tiny = MyelinatedFiber(diameter_um=10.0, n_nodes=2)
    report(0.15, "Compiling the nerve simulation (first start only)")
    tiny._run(1, tiny._no_record, 0)
    report(0.9, "Settling the nerve at rest")
    return time.perf_counter() - started
