"""The simulation thread: owned by the game side, it runs ``game.sim`` beside the render loop.

Commands go in through a queue and are applied between steps; snapshots come out through a
triple buffer. The thread never touches the scene graph or the messenger. Its pace is set
by a *play clock* that the main thread moves forward (wall time in a window, a fixed step
per frame offscreen), times the electrical rate (slow motion). A slow machine falls behind by
at most ``max_lag_s`` seconds of play and then drops the backlog (it slows down instead of
spiralling); offscreen recordings pass ``max_lag_s=None`` and wait for every step instead.

``SteppingThread`` is the part every simulation thread shares (this one, and the nerve's in
``game.play.nerve_thread``): the daemon thread and its start/stop, the command queue, the
play clock, build progress, the error handed to the main thread, ``latest()`` and
``wait_caught_up``; a subclass says how to set up (``_set_up``), how to take one step
(``_step``) and when it has caught up (``_caught_up_now``).
"""

import queue
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from game.sim.commands import Command, SetElectricalRate, SetPacemaker, Stimulate
from game.sim.fiber import MyelinatedFiber
from game.sim.snapshot import FiberSnapshot
from game.sim.triple_buffer import TripleBuffer

S = TypeVar("S")

#: Progress callback handed to ``warm_up``: (fraction done 0-1, what is being done).
ReportProgress = Callable[[float, str], None]


class SteppingThread(Generic[S]):
    """A daemon thread that steps a simulation up to a play clock the main thread moves, and
    publishes snapshots of type ``S`` through ``self._snapshots`` (a ``TripleBuffer``, set
    by the subclass: None until its first snapshot).

    Main-thread side: ``start``, ``stop``, ``send``, ``set_play_time``, ``latest``,
    ``wait_caught_up``, and ``ready``/``progress``/``progress_label``/``error`` while it
    builds. Thread side: ``_set_up()`` once, then ``_step()`` until stopped; a ``_step``
    that returns False (caught up) wakes ``wait_caught_up`` and sleeps a millisecond. Any
    exception on the thread ends it and is kept in ``error`` (``ready`` is set, so a
    loading screen stops waiting).
    """

    #: Default of ``wait_caught_up``'s timeout, s.
    catch_up_timeout_s = 10.0

    def __init__(
        self,
        *,
        name: str,
        max_lag_s: float | None,
        warm_up: Callable[[ReportProgress], None] | None,
    ) -> None:
        self._max_lag_s = max_lag_s
        self._warm_up = warm_up
        # each command travels with the play time at which it was sent
        self._commands: queue.SimpleQueue[tuple[float, Command]] = queue.SimpleQueue()
        self._snapshots: TripleBuffer[S] | None = None
        self._play_s = 0.0
        self._stop = threading.Event()
        self._caught_up = threading.Condition()
        self.ready = threading.Event()
        self.progress = 0.0
        self.progress_label = "starting"
        self.error: BaseException | None = None
        #: Seconds of CPU the simulation spent advancing, and how many advance calls.
        self.busy_s = 0.0
        self.advance_calls = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    # -- main-thread side ------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def send(self, command: Command) -> None:
        """Queue ``command``; it applies when the simulation reaches the play time now."""
        self._commands.put((self._play_s, command))

    def latest(self) -> S | None:
        """The newest snapshot (None before the first). Borrowed, not owned: valid on the
        main thread until the next ``latest()`` call by anyone (``TripleBuffer.read``); copy
        what must outlive that."""
        if self._snapshots is None:
            return None
        return self._snapshots.read()

    def set_play_time(self, play_s: float) -> None:
        """Move the play clock; the thread simulates up to it."""
        self._play_s = play_s

    @property
    def play_s(self) -> float:
        return self._play_s

    def wait_caught_up(self, timeout_s: float | None = None) -> bool:
        """Block until the simulation has reached the play clock (offscreen runs); False if it
        failed, stopped or took longer than ``timeout_s`` (default ``catch_up_timeout_s``)."""
        if timeout_s is None:
            timeout_s = self.catch_up_timeout_s
        deadline = time.monotonic() + timeout_s
        with self._caught_up:
            while not self._caught_up_now():
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
            self._set_up()
            self._report_progress(1.0, "ready")
            self.ready.set()
            while not self._stop.is_set():
                if not self._step():
                    with self._caught_up:
                        self._caught_up.notify_all()
                    time.sleep(0.001)
        except BaseException as exc:  # noqa: BLE001 (handed to the main thread, which reports it)
            self.error = exc
            self.ready.set()

    def _report_progress(self, fraction: float, label: str) -> None:
        self.progress = fraction
        self.progress_label = label

    def _set_up(self) -> None:
        """On the thread, before the first step: compile, build, publish a first snapshot."""

    def _step(self) -> bool:
        """Apply the commands due and advance one chunk if behind the play clock; False if
        there was nothing to advance (caught up)."""
        raise NotImplementedError

    def _caught_up_now(self) -> bool:
        """Whether the simulation has reached the play clock with no command waiting."""
        raise NotImplementedError


class SimulationThread(SteppingThread[FiberSnapshot]):
    """Runs one fibre simulation in a daemon thread; see the module docstring."""

    def __init__(
        self,
        fiber: MyelinatedFiber,
        *,
        electrical_ms_per_s: float,
        chunk_ms: float = 0.02,
        max_lag_s: float | None = 0.25,
        warm_up: Callable[[ReportProgress], None] | None = None,
    ) -> None:
        super().__init__(name="sim", max_lag_s=max_lag_s, warm_up=warm_up)
        self.fiber = fiber
        self._rate_ms_per_s = electrical_ms_per_s
        self._chunk_ms = chunk_ms
        self._snapshots = TripleBuffer(lambda: FiberSnapshot(fiber.n_nodes))
        self._play_s_at_rate_change = 0.0
        self._t_ms_at_rate_change = 0.0
        self._pacemaker: SetPacemaker | None = None
        self._next_pace_ms = 0.0
        fiber.fill_snapshot(self._snapshots.write_slot())
        self._snapshots.publish()

    # -- main-thread side ------------------------------------------------------------------
    def latest(self) -> FiberSnapshot:
        """The newest snapshot; borrowed, as ``SteppingThread.latest`` says."""
        return self._snapshots.read()

    def target_ms(self, play_s: float | None = None) -> float:
        """Electrical time that belongs to ``play_s`` (default: the play clock now)."""
        if play_s is None:
            play_s = self._play_s
        return (
            self._t_ms_at_rate_change + (play_s - self._play_s_at_rate_change) * self._rate_ms_per_s
        )

    def _caught_up_now(self) -> bool:
        return self.fiber.t_ms >= self.target_ms() - 1e-9 and self._commands.empty()

    # -- simulation-thread side ------------------------------------------------------------
    def _set_up(self) -> None:
        if self._warm_up is not None:
            self._warm_up(self._report_progress)

    def _step(self) -> bool:
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
            return True
        return False

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
