"""An in-process memory sampler for hunting the kiosk's memory growth (a debugging aid).

The resident size hides a slow C-level leak: glibc keeps freed pages, so RSS stays flat for
minutes and then steps up. glibc's own figures (``mallinfo2``: bytes in use, bytes the heap
holds, bytes in mmapped blocks) show every allocation that is not freed as it happens.

Off unless the environment asks for it, so it costs nothing in a museum:

    PINS_KIOSK_MEMTRACE=/tmp/mem.csv [PINS_KIOSK_MEMTRACE_S=10] pins-and-needles kiosk ...

writes one CSV row every ``PINS_KIOSK_MEMTRACE_S`` seconds (default 10) from a daemon
thread: wall time, resident MB, in-use MB, heap MB, mmapped MB, free MB inside the heap,
threads. ``inuse_mb`` counts malloc'd bytes only; numpy data, Panda3D's and Mesa's buffers
all come through malloc, Python's small objects through pymalloc's 256 KB arenas (malloc'd
or mmapped, counted in in-use either way). glibc only (Linux); elsewhere it stays off.
"""

import ctypes
import os
import threading
import time
from pathlib import Path

from game.kiosk.soak import rss_mb

ENV_FILE = "PINS_KIOSK_MEMTRACE"
ENV_PERIOD_S = "PINS_KIOSK_MEMTRACE_S"
DEFAULT_PERIOD_S = 10.0
HEADER = "wall_s,rss_mb,inuse_mb,heap_mb,mmap_mb,free_mb,threads\n"


class _MallInfo2(ctypes.Structure):
    # struct mallinfo2 (glibc >= 2.33): every field a size_t
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost",
        )
    ]  # fmt: skip


def _mallinfo2():
    """The ``mallinfo2`` function of this process's C library, or None (not glibc >= 2.33)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        function = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    function.restype = _MallInfo2
    function.argtypes = []
    return function


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def malloc_figures() -> dict[str, float] | None:
    """glibc's figures for the whole process now, MB (all arenas summed), or None off glibc.

    ``inuse_mb``: bytes handed out by malloc and not freed (small blocks + mmapped blocks);
    ``heap_mb``: bytes the arenas hold from the system (brk heap + thread arenas);
    ``mmap_mb``: big blocks served by mmap; ``free_mb``: free bytes kept inside the arenas.
    """
    function = _mallinfo2()
    if function is None:
        return None
    info = function()
    return {
        "inuse_mb": (info.uordblks + info.hblkhd) / 1e6,
        "heap_mb": info.arena / 1e6,
        "mmap_mb": info.hblkhd / 1e6,
        "free_mb": info.fordblks / 1e6,
    }


def sample_row() -> str:
    figures = malloc_figures() or {"inuse_mb": 0.0, "heap_mb": 0.0, "mmap_mb": 0.0, "free_mb": 0.0}
    return (
        f"{time.time():.1f},{rss_mb():.1f},{figures['inuse_mb']:.1f},{figures['heap_mb']:.1f},"
        f"{figures['mmap_mb']:.1f},{figures['free_mb']:.1f},{_threads()}\n"
    )


def start_from_environment(environ=None) -> threading.Thread | None:
    """Start the sampler thread if ``PINS_KIOSK_MEMTRACE`` names a file; returns the thread.

    A bad period or an unwritable file is ignored (a debugging aid must not stop the exhibit).
    """
    environ = os.environ if environ is None else environ
    target = environ.get(ENV_FILE)
    if not target or _mallinfo2() is None:
        return None
    try:
        period_s = float(environ.get(ENV_PERIOD_S, DEFAULT_PERIOD_S))
    except ValueError:
        period_s = DEFAULT_PERIOD_S
    period_s = min(max(period_s, 0.5), 3600.0)
    try:
        handle = Path(target).open("w", encoding="utf-8")  # noqa: SIM115 - the thread's file
    except OSError:
        return None
    handle.write(HEADER)
    handle.write(sample_row())
    handle.flush()

    def sample_forever() -> None:
        while True:
            time.sleep(period_s)
            handle.write(sample_row())
            handle.flush()

    thread = threading.Thread(target=sample_forever, name="kiosk-memtrace", daemon=True)
    thread.start()
    return thread
