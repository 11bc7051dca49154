"""The triple buffer hands whole snapshots from the sim thread to the render thread."""

import threading
import time

import numpy as np

from game.sim.triple_buffer import TripleBuffer


def test_reader_gets_the_newest_published_slot():
    buffer = TripleBuffer(lambda: np.zeros(4))
    for value in (1.0, 2.0, 3.0):
        buffer.write_slot()[:] = value
        buffer.publish()
    assert np.all(buffer.read() == 3.0)
    # nothing new published: the same snapshot again, untouched
    buffer.write_slot()[:] = 99.0
    assert np.all(buffer.read() == 3.0)


def test_reader_never_sees_a_half_written_snapshot():
    buffer = TripleBuffer(lambda: np.zeros(2000))
    stop = threading.Event()

    def writer():
        step = 0
        while not stop.is_set():
            step += 1
            slot = buffer.write_slot()
            for chunk in range(0, 2000, 250):  # written in pieces, as a kernel would
                slot[chunk : chunk + 250] = step
            buffer.publish()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = set()
    try:
        for _ in range(400):
            time.sleep(0.0005)  # let the writer run between reads
            snapshot = buffer.read()
            assert snapshot.min() == snapshot.max(), "torn snapshot"
            seen.add(float(snapshot[0]))
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 10, "the reader saw the writer's progress"
