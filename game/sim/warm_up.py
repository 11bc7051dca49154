"""Compile (or load from numba's cache) every simulation kernel, reporting progress.

Called on the simulation thread at start-up so the window can show a loading screen instead
of freezing while LLVM works (a cold compile takes seconds; a cached start a fraction of a
second). The small kernels go first, each with its own step on the progress bar, so the bar
moves before the big cable kernel (which calls them) takes the rest.
"""

import time
from collections.abc import Callable

import numpy as np

from game.sim import banded, c_fibre_membrane, mrg_node
from game.sim.fiber import MyelinatedFiber

Report = Callable[[float, str], None]


def compile_kernels(report: Report) -> float:
    """Run each kernel once on tiny inputs; return the seconds it took."""
    started = time.perf_counter()
    report(0.05, "Preparing the nerve simulation")
    mrg_node.steady_state_gates(-80.0, 37.0)
    report(0.15, "Compiling the node of Ranvier (first start only)")
    c_fibre_membrane.gate_rates(-60.0, 1.0, 37.0)
    report(0.25, "Compiling the C fibre membrane")
    ones = np.ones(4)
    banded.solve_symmetric_pentadiagonal(
        ones * 4.0, ones * 0.1, ones * 0.1, ones.copy(), np.zeros(4), *(np.zeros(4) for _ in range(3))
    )
    report(0.35, "Compiling the cable solver")
    tiny = MyelinatedFiber(diameter_um=10.0, n_nodes=2)
    tiny._run(1, tiny._no_record, 0)
    report(0.7, "Compiling the body clock (pumps, ions, blood flow)")
    # the slow clock's kernels too: otherwise the first slow step compiles them on the
    # simulation thread while holding the GIL, and the first frames stall
    from game.sim.site_metabolism import MetabolicParams, SiteMetabolism

    SiteMetabolism(tiny, MetabolicParams()).advance(duration_s=0.1)
    report(0.95, "Settling the nerve at rest")
    return time.perf_counter() - started
