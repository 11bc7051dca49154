"""JIT flags for the numba kernels the render (main) thread calls every frame: particles,
pumps, blood cells, the flash limiter.

They keep the GIL (``nogil=False``), unlike the simulation's kernels (``game.sim.jit``). A
kernel that gives the GIL up lets the simulation thread's Python take it, and taking it back
afterwards waits until that thread lets go: up to a whole switch interval (5 ms) for a
kernel that ran 0.1 ms. Measured in the explore experience with the nerve thread running
(320x180, 2 busy cores): the ion update took 2 ms of the main thread's CPU but 14 ms of its
wall time. Kernels of a millisecond or less are cheaper holding the GIL; the simulation
thread's own kernels, which release it, run on meanwhile.
"""

from game.sim.jit import KERNEL_FLAGS, njit

#: ``game.sim.jit.KERNEL_FLAGS`` with the GIL kept (cache, error model as the simulation's).
MAIN_THREAD_FLAGS = {**KERNEL_FLAGS, "nogil": False}

__all__ = ["MAIN_THREAD_FLAGS", "njit"]
