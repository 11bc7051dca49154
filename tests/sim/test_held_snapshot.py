"""A snapshot from ``latest()`` is borrowed: the simulation thread leaves it alone while a
reader holds it, until the next ``latest()`` call by anyone, and may refill it from then on
(the contract in ``game.sim.triple_buffer``; the threads' side: tests/sim/test_sim_thread.py)."""

import threading
import time

import numpy as np

from game.sim.triple_buffer import TripleBuffer


def test_a_held_snapshot_is_left_alone_while_the_writer_publishes():
    buffer = TripleBuffer(lambda: np.zeros(500))
    published = threading.Event()
    stop = threading.Event()

    def writer():
        step = 0
        while not stop.is_set():
            step += 1
            buffer.write_slot()[:] = step
            buffer.publish()
            published.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert published.wait(5)
        for _ in range(50):
            held = buffer.read()
            value = held[0]
            time.sleep(0.002)  # a frame's work; the writer publishes many times meanwhile
            assert held.min() == held.max() == value, "the writer refilled a held snapshot"
        assert buffer.read()[0] > value, "the writer went on publishing"
    finally:
        stop.set()
        thread.join()


def test_after_anyone_reads_again_a_held_snapshot_may_be_refilled():
    buffer = TripleBuffer(lambda: np.zeros(3))
    buffer.write_slot()[:] = 1.0
    buffer.publish()
    held = buffer.read()  # one reader (the frame's driver) holds it...
    buffer.write_slot()[:] = 2.0
    buffer.publish()
    assert buffer.read()[0] == 2.0  # ...another reader (a key handler) reads again...
    buffer.write_slot()[:] = 3.0
    buffer.publish()
    assert held[0] == 1.0
    buffer.write_slot()[:] = 4.0  # ...and from the writer's next publish on, it is refilled
    assert held[0] == 4.0, "if this holds no longer, update the contract's docstrings"
