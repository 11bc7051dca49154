"""The simulation thread: owned by the game side, it runs ``game.sim`` beside the render loop.

Commands go in through a queue and are applied between steps; snapshots come out through a
triple buffer. The thread never touches the scene graph or the messenger. Its pace is set
by a *play clock* that the main thread moves forward (wall time in a window, a fixed step
per frame offscreen), times the electrical rate (slow motion). A slow machine falls behind by
at most ``max_lag_s`` seconds of play and then drops the backlog (it slows down instead of
spiralling); offscreen recordings pass ``max_lag_s=None`` and wait for every step instead.
"""

import queue
import threading
import time
from collections.abc import Callable

from game.sim.commands import Command, SetElectricalRate, SetPacemaker, Stimulate
from game.sim.fiber import MyelinatedFiber
from game.sim.snapshot import FiberSnapshot
from game.sim.triple_buffer import TripleBuffer


class SimulationThread:
    """Runs one fibre simulation in a daemon thread; see the module docstring."""

    def __init__(
        self,
        fiber: MyelinatedFiber,
        *,
        electrical_ms_per_s: float,
        chunk_ms: float = 0.02,
        max_lag_s: float | None = 0.25,
        warm_up: Callable[[Callable[[float, str], None]], None] | None = None,
    ) -> None:
        self.fiber = fiber
        self._rate_ms_per_s = electrical_ms_per_s
        self._chunk_ms = chunk_ms
        self._max_lag_s = max_lag_s
        self._warm_up = warm_up
        # each command travels with the play time at which it was sent
        self._commands: queue.SimpleQueue[tuple[float, Command]] = queue.SimpleQueue()
        self._snapshots = TripleBuffer(lambda: FiberSnapshot(fiber.n_nodes))
        self._play_s = 0.0
        self._play_s_at_rate_change = 0.0
        self._t_ms_at_rate_change = 0.0
        self._pacemaker: SetPacemaker | None = None
        self._next_pace_ms = 0.0
        self._stop = threading.Event()
        self._caught_up = threading.Condition()
        self.ready = threading.Event()
        self.progress = 0.0
        self.progress_label = "starting"
        self.error: BaseException | None = None
        #: Seconds of CPU the simulation spent in kernels, and how many advance calls.
        self.busy_s = 0.0
        self.advance_calls = 0
        self._thread = threading.Thread(target=self._run, name="sim", daemon=True)
        fiber.fill_snapshot(self._snapshots.write_slot())
        self._snapshots.publish()

    # -- main-thread side ------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def send(self, command: Command) -> None:
        self._commands.put((self._play_s, command))

    def latest(self) -> FiberSnapshot:
        """The newest snapshot; stays valid until the next call."""
        return self._snapshots.read()

    def set_play_time(self, play_s: float) -> None:
        """Move the play clock: the thread simulates up to play time x electrical rate."""
        self._play_s = play_s

    def target_ms(self, play_s: float | None = None) -> float:
        """Electrical time that belongs to ``play_s`` (default: the play clock now)."""
        if play_s is None:
            play_s = self._play_s
        return self._t_ms_at_rate_change + (
            play_s - self._play_s_at_rate_change
        ) * self._rate_ms_per_s

    def wait_caught_up(self, timeout_s: float = 10.0) -> bool:
        """Block until the simulation has reached the play clock's target (offscreen runs)."""
        deadline = time.monotonic() + timeout_s
        with self._caught_up:
            while self.fiber.t_ms < self.target_ms() - 1e-9 or not self._commands.empty():
                if self.error is not None or not self._thread.is_alive():
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._caught_up.wait(min(left, 0.05))
        return True

    # -- simulation-thread side ------------------------------------------------------------
    def _run(self) -> None:
        try:
            if self._warm_up is not None:
                self._warm_up(self._report_progress)
            self._report_progress(1.0, "ready")
            self.ready.set()
            while not self._stop.is_set():
                self._apply_commands()
                target = self.target_ms()
                t = self.fiber.t_ms
                if self._max_lag_s is not None:
                    max_lag_ms = self._max_lag_s * self._rate_ms_per_s
                    if target - t > max_lag_ms:
                        # too far behind: drop the backlog rather than spiral
                        self._t_ms_at_rate_change = t + max_lag_ms
                        self._play_s_at_rate_change = self._play_s
                        target = t + max_lag_ms
                if t < target - 1e-9:
                    self._advance(min(self._chunk_ms, target - t))
                else:
                    with self._caught_up:
                        self._caught_up.notify_all()
                    time.sleep(0.001)
        except BaseException as exc:  # handed to the main thread, which reports it
            self.error = exc
            self.ready.set()

    def _report_progress(self, fraction: float, label: str) -> None:
        self.progress = fraction
        self.progress_label = label

    def _apply_commands(self) -> None:
        while True:
            try:
                sent_at_s, command = self._commands.get_nowait()
            except queue.Empty:
                return
            if isinstance(command, Stimulate):
                self.fiber.add_stimulus(
                    node=command.node,
                    start_ms=self.fiber.t_ms,
                    duration_ms=command.duration_ms,
                    amplitude_nA=command.amplitude_nA,
                )
            elif isinstance(command, SetPacemaker):
                self._pacemaker = command if command.period_ms is not None else None
                self._next_pace_ms = self.fiber.t_ms
            elif isinstance(command, SetElectricalRate):
                # the new rate counts from the moment the command was sent
                self._t_ms_at_rate_change = self.target_ms(sent_at_s)
                self._play_s_at_rate_change = sent_at_s
                self._rate_ms_per_s = command.electrical_ms_per_s

    def _advance(self, duration_ms: float) -> None:
        pace = self._pacemaker
        if pace is not None and self.fiber.t_ms + duration_ms >= self._next_pace_ms:
            self.fiber.add_stimulus(
                node=pace.node,
                start_ms=self._next_pace_ms,
                duration_ms=pace.duration_ms,
                amplitude_nA=pace.amplitude_nA,
            )
            self._next_pace_ms += pace.period_ms
        started = time.perf_counter()
        self.fiber.advance(duration_ms=duration_ms)
        self.busy_s += time.perf_counter() - started
        self.advance_calls += 1
        self.fiber.fill_snapshot(self._snapshots.write_slot())
        self._snapshots.publish()
