"""A triple buffer: one writer thread and one reader thread exchange whole snapshots.

The writer always has a slot of its own to fill and the reader always has a slot of its own to
read, so neither waits for the other; the third slot holds the newest finished snapshot. Only
the swap of two slot indices happens under the lock (Nystrom, Game Programming Patterns,
"Double Buffer", extended to three slots so the writer never blocks on a slow reader).

The contract every reader of a snapshot relies on, stated here once (``read``): what ``read``
returns is *borrowed*. The writer leaves it alone until the next ``read`` by anyone, since
all readers share the one read slot; after that it may be refilled at any moment. So: read
on one thread (the main thread), use the snapshot before anyone reads again (within the
frame), and copy what must be kept longer (``copy_from`` into a snapshot of your own).
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TripleBuffer(Generic[T]):
    """Three preallocated slots made by ``make_slot``; ``write_slot``/``publish``/``read``."""

    def __init__(self, make_slot: Callable[[], T]) -> None:
        self._slots = [make_slot(), make_slot(), make_slot()]
        self._write = 0
        self._ready = 1
        self._read = 2
        self._fresh = False
        self._lock = threading.Lock()

    def write_slot(self) -> T:
        """The slot the writer fills next. Valid until ``publish``."""
        return self._slots[self._write]

    def publish(self) -> None:
        """Hand the filled write slot over as the newest snapshot."""
        with self._lock:
            self._write, self._ready = self._ready, self._write
            self._fresh = True

    def read(self) -> T:
        """The newest published snapshot (the same one again if nothing new was published).

        Borrowed (the module docstring): the writer leaves it untouched until the next
        ``read`` by any caller, and may refill it from then on.
        """
        with self._lock:
            if self._fresh:
                self._read, self._ready = self._ready, self._read
                self._fresh = False
            return self._slots[self._read]
