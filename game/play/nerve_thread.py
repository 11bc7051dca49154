"""The nerve's simulation thread: the whole compressed nerve beside the render loop.

Like ``game.play.sim_thread`` (one fibre), but it owns a ``game.sim.nerve.Nerve`` (one probe
fibre per class, two clocks) and publishes ``NerveSnapshot``s through a triple buffer. The
main thread moves a *play clock*; the thread advances both clocks in small chunks of play
(the physiological clock at its speed-up, the electrical clock at its slow-motion rate) so
that a spike crosses the screen smoothly, and applies commands (``game.sim.commands``) between
chunks, each at the play time it was sent, so a fixed-step recording is the same every run.
A machine too slow for the electrical rate asked (real time, say) falls at most
``max_lag_s`` of play behind and then skips the signals ahead, while the cheap slow clock
keeps its pace, so the body clock on screen stays true (Nystrom's capped catch-up).

Reading the nerve's state (``Nerve.status``: conducting or not, ectopic rate, sensation,
stage) sends a test pulse down every probe fibre and runs it to the end in one go, so it is
done at a modest rate (every ``status_every_play_s`` of play), on a copy of the electrical
state (below), so its test pulses never show on screen.

Slow motion and the slow clock: the slow clock of each probe fibre reads what its membrane
does over a short *sample* of electrical time (``NerveFibre.advance_physiology``; at least
0.5 ms per slow step in ``Nerve.advance``): its mean potential, its spikes (the firing load,
the ectopic rate). On screen the electrical clock crawls (0.2 ms per second of play), so a
visible spike would sit inside one sample for seconds of play and the slow clock would take
it for a membrane held at +30 mV for minutes; and a status probe's test pulse would cut
across it. ``TwoClockDriver`` keeps the two apart: the visible membrane advances by exactly
the electrical time the play clock gives it, and the slow clock's samples and the status
probes run on a second electrical state of each fibre, carried forward from sample to
sample as ``Nerve.advance`` carries its fibre's, so the slow clock runs as it does headless.
Both states share the slow state (concentrations, reversal potentials, pump, slow Na+
inactivation), so the visible membrane follows the nerve's state; the visitor's pulses (and
``SetPacemaker``) go to the visible state only and load nothing.
"""

import math
import queue
import time
from collections.abc import Callable

from game.play.sim_thread import ReportProgress, SteppingThread
from game.sim import nerve as nerve_model
from game.sim.commands import (
    Command,
    GentleMovement,
    SetClockRates,
    SetElectricalRate,
    SetPacemaker,
    SetPaused,
    SetPressure,
    ShakeHard,
    Stimulate,
    StimulateClass,
)
from game.sim.nerve import Nerve
from game.sim.nerve_snapshot import IonCurrents, fill_snapshot, new_snapshot
from game.sim.snapshot import NerveSnapshot
from game.sim.triple_buffer import TripleBuffer

#: Longest chunk of play advanced between two published snapshots, s. The play clock moves
#: once a frame, so a thread that keeps up advances one chunk a frame; when it is behind, a
#: longer chunk costs less per play second than several short ones (each chunk pays the
#: Python around the kernels and a snapshot).
CHUNK_PLAY_S = 0.1
#: Longest chunk of electrical time per advance, ms: in fast motion the chunks get shorter
#: in play time so commands still land promptly and the render loop keeps its share.
CHUNK_ELECTRICAL_MS = 0.25
#: Play seconds between two readings of the nerve's status.
STATUS_EVERY_PLAY_S = 1.0
#: The class whose probe fibre the tunnel shows; its pulses are the ones kept on screen.
SHOWN_CLASS = "A-beta"


#: Electrical time of the sample each slow step reads, ms (Nerve.MIN_ELECTRICAL_PER_STEP_MS).
SAMPLE_MS = nerve_model.MIN_ELECTRICAL_PER_STEP_MS
#: Play seconds of slow clock gathered before a slow step is taken.
SLOW_STEP_PLAY_S = 0.25

_STATE_ARRAYS = (
    "gates", "vi_mV", "vp_mV", "noise_nA", "rng_state", "spike_count", "last_spike_ms",
    "first_spike_ms", "charge_na_pC", "charge_k_pC", "vdt_mV_ms", "spikes_at_reset",
)  # fmt: skip
_STATE_VALUES = ("step_count", "_pending_ms", "accumulated_ms", "_stimuli", "_stim_arrays")


class ElectricalState:
    """A copy of a fibre's electrical state (potentials, gates, noise, counters, stimuli), to
    put back after a sample run on it. Not the slow state: reversal potentials, pump current
    and slow Na+ inactivation are the slow clock's, and stay as it left them."""

    def __init__(self, fiber) -> None:
        self._arrays = {name: getattr(fiber, name).copy() for name in _STATE_ARRAYS}
        self._values = {name: getattr(fiber, name) for name in _STATE_VALUES}

    def restore(self, fiber) -> None:
        for name, saved in self._arrays.items():
            getattr(fiber, name)[:] = saved
        for name, value in self._values.items():
            setattr(fiber, name, value)


class TwoClockDriver:
    """Advances a ``Nerve``'s clocks for the screen; see the module docstring.

    Each probe fibre has two electrical states: the *visible* one, which the screen shows
    and which advances exactly as the play clock says (and carries the visitor's pulses),
    and the *sampling* one, on which the slow clock's samples and the status probes run one
    after another, carried forward from sample to sample as ``Nerve.advance`` carries its
    fibre's. Both share the slow state (concentrations, reversal potentials, pump, slow Na+
    inactivation), so the visible membrane follows what the sampling one measures.
    """

    def __init__(self, nerve: Nerve) -> None:
        self.nerve = nerve
        self._slow_backlog_s = 0.0
        self._play_since_slow_s = 0.0
        self._sampling = {n: ElectricalState(f.fiber) for n, f in nerve.fibres.items()}

    def pulse(self, name: str) -> None:
        """A test pulse at the distal end of class ``name``'s visible fibre, as a touch."""
        fibre = self.nerve.fibres[name]
        fiber = fibre.fiber
        fiber.add_stimulus(
            node=0, start_ms=fiber.t_ms, duration_ms=fibre.test_pulse_ms,
            amplitude_nA=fibre.test_pulse_nA,
        )  # fmt: skip

    def advance(self, play_s: float) -> float:
        """Advance both clocks by ``play_s`` of play; returns the electrical ms run."""
        nerve = self.nerve
        electrical = play_s * nerve.electrical_ms_per_s
        physiological = play_s * nerve.physiological_speedup
        for fibre in nerve.fibres.values():
            fibre.fiber.advance(duration_ms=electrical)
        self._slow_backlog_s += physiological
        self._play_since_slow_s += play_s
        if self._play_since_slow_s >= SLOW_STEP_PLAY_S:
            self._play_since_slow_s = 0.0
            self._slow_steps()
        nerve.physiological_s += physiological
        nerve.electrical_ms += electrical
        return electrical

    def skip(self, play_s: float) -> None:
        """A backlog of ``play_s`` dropped for the electrical clock (the machine cannot keep
        up with it): the slow clock still gets its share, so the body clock keeps its pace."""
        physiological = play_s * self.nerve.physiological_speedup
        self._slow_backlog_s += physiological
        self.nerve.physiological_s += physiological
        self._play_since_slow_s += play_s

    def _on_sampling_states(self, run):
        """Call ``run()`` with every fibre in its sampling state, then put the visible states
        back and keep the sampling states where ``run`` left them."""
        visible = {}
        for name, fibre in self.nerve.fibres.items():
            visible[name] = ElectricalState(fibre.fiber)
            self._sampling[name].restore(fibre.fiber)
        try:
            return run()
        finally:
            for name, fibre in self.nerve.fibres.items():
                self._sampling[name] = ElectricalState(fibre.fiber)
                visible[name].restore(fibre.fiber)

    def _slow_steps(self) -> None:
        duration_s = self._slow_backlog_s
        if duration_s <= 0.0:
            return
        self._slow_backlog_s = 0.0
        n_steps = max(1, math.ceil(duration_s / self.nerve.max_physiological_step_s()))

        def run() -> None:
            for fibre in self.nerve.fibres.values():
                for _ in range(n_steps):
                    fibre.advance_physiology(
                        duration_s=duration_s / n_steps, electrical_ms=SAMPLE_MS
                    )

        self._on_sampling_states(run)

    def status(self):
        """``Nerve.status()`` on the sampling states, so the test pulses it sends never show
        on screen and never meet a pulse the visitor started."""
        return self._on_sampling_states(self.nerve.status)


class NerveSimulationThread(SteppingThread[NerveSnapshot]):
    """Runs a ``Nerve`` in a daemon thread; see the module docstring.

    ``make_nerve`` builds the nerve on the thread (a few seconds: calibration and the first
    probes), after ``warm_up`` compiled the kernels, so the window can show progress.
    ``max_lag_s`` is how far behind the play clock the thread may fall before it drops the
    backlog (None: never; offscreen recordings wait with ``wait_caught_up`` instead).
    ``busy_s`` and ``status_s`` are CPU seconds (this thread's own, not wall time) spent
    advancing the nerve and reading its status; ``advance_calls`` and ``status_calls`` count
    the chunks and the readings.
    """

    catch_up_timeout_s = 30.0

    def __init__(
        self,
        make_nerve: Callable[[], Nerve],
        *,
        max_lag_s: float | None = 0.25,
        warm_up: Callable[[ReportProgress], None] | None = None,
        status_every_play_s: float = STATUS_EVERY_PLAY_S,
        shown_class: str = SHOWN_CLASS,
    ) -> None:
        super().__init__(name="nerve-sim", max_lag_s=max_lag_s, warm_up=warm_up)
        self._make_nerve = make_nerve
        self._status_every_s = status_every_play_s
        self._shown_class = shown_class
        self.nerve: Nerve | None = None
        self._currents: IonCurrents | None = None
        self._pending: list[tuple[float, Command]] = []
        self._done_play_s = 0.0
        self._paused = False
        self._status = None
        self._next_status_s = 0.0
        self._driver: TwoClockDriver | None = None
        self._pacemaker: SetPacemaker | None = None
        self._next_pace_ms = 0.0
        self._published = 0
        self.status_s = 0.0
        self.status_calls = 0

    # -- main-thread side ------------------------------------------------------------------
    @property
    def simulated_play_s(self) -> float:
        """Play time the simulation has reached."""
        return self._done_play_s

    def _caught_up_now(self) -> bool:
        return (
            self._done_play_s >= self._play_s - 1e-9
            and self._commands.empty()
            and not any(at <= self._play_s for at, _ in self._pending)
            and self.ready.is_set()
        )

    # -- simulation-thread side ------------------------------------------------------------
    def _set_up(self) -> None:
        if self._warm_up is not None:
            self._warm_up(lambda f, label: self._report_progress(0.7 * f, label))
        self._report_progress(0.75, "Building the nerve: four fibre classes")
        nerve = self._make_nerve()
        self.nerve = nerve
        self._driver = TwoClockDriver(nerve)
        self._currents = IonCurrents(nerve)
        self._report_progress(0.9, "Reading the healthy nerve")
        self._read_status(0.0)
        self._snapshots = TripleBuffer(lambda: new_snapshot(nerve))
        self._publish()

    def _step(self) -> bool:
        self._take_commands()
        self._apply_due_commands()
        target = self._play_s
        if self._max_lag_s is not None and target - self._done_play_s > self._max_lag_s:
            # too far behind: drop the electrical backlog rather than spiral (the
            # signals skip ahead; the body clock, cheap, keeps its pace)
            if not self._paused:
                self._driver.skip(target - self._max_lag_s - self._done_play_s)
            self._done_play_s = target - self._max_lag_s
        if self._done_play_s < target - 1e-9:
            self._advance_chunk(target)
            return True
        return False

    def _take_commands(self) -> None:
        while True:
            try:
                self._pending.append(self._commands.get_nowait())
            except queue.Empty:
                return

    def _apply_due_commands(self) -> None:
        while self._pending and self._pending[0][0] <= self._done_play_s + 1e-9:
            _, command = self._pending.pop(0)
            self._apply(command)

    def _apply(self, command: Command) -> None:
        nerve = self.nerve
        if isinstance(command, SetPressure):
            nerve.set_pressure(pressure_mmHg=command.pressure_mmHg)
        elif isinstance(command, GentleMovement):
            nerve.set_gentle_movement(active=command.active)
        elif isinstance(command, ShakeHard):
            nerve.shake_hard()
        elif isinstance(command, SetClockRates):
            nerve.set_clock_rates(
                physiological_speedup=command.physiological_speedup,
                electrical_ms_per_s=command.electrical_ms_per_s,
            )
        elif isinstance(command, SetElectricalRate):
            nerve.set_clock_rates(electrical_ms_per_s=command.electrical_ms_per_s)
        elif isinstance(command, SetPaused):
            self._paused = bool(command.paused)
        elif isinstance(command, StimulateClass):
            names = list(nerve.fibres) if command.class_name is None else [command.class_name]
            for name in names:
                if name not in nerve.fibres:
                    raise ValueError(f"StimulateClass: no fibre class {name!r}")
                self._driver.pulse(name)
        elif isinstance(command, Stimulate):
            fiber = nerve.fibres[self._shown_class].fiber
            fiber.add_stimulus(
                node=command.node, start_ms=fiber.t_ms,
                duration_ms=command.duration_ms, amplitude_nA=command.amplitude_nA,
            )  # fmt: skip
        elif isinstance(command, SetPacemaker):
            # the shown fibre's distal end, every period of electrical time (a metabolic load:
            # the slow clock counts these spikes as the fibre's firing)
            self._pacemaker = command if command.period_ms is not None else None
            self._next_pace_ms = nerve.electrical_ms

    def _advance_chunk(self, target: float) -> None:
        nerve = self.nerve
        end = min(target, self._done_play_s + CHUNK_PLAY_S)
        rate = nerve.electrical_ms_per_s
        if rate > 0:
            end = min(end, self._done_play_s + max(CHUNK_ELECTRICAL_MS / rate, 1e-4))
        if self._pending:
            end = min(end, max(self._pending[0][0], self._done_play_s))
        pace = self._pacemaker
        if pace is not None and not self._paused and rate > 0:
            if nerve.electrical_ms >= self._next_pace_ms - 1e-9:
                self._driver.pulse(self._shown_class)
                self._next_pace_ms += pace.period_ms
            wait_s = (self._next_pace_ms - nerve.electrical_ms) / rate
            end = min(end, self._done_play_s + max(wait_s, 1e-6))
        chunk_s = end - self._done_play_s
        started = time.thread_time()
        if not self._paused and chunk_s > 0:
            electrical_ms = self._driver.advance(chunk_s)
            self._currents.sample(electrical_ms)
        self.busy_s += time.thread_time() - started
        self.advance_calls += 1
        if end >= self._next_status_s and not self._paused:
            self._read_status(end)
        self._publish()
        # only now: wait_caught_up must not return before the snapshot is out
        self._done_play_s = end

    def _read_status(self, play_s: float) -> None:
        started = time.thread_time()
        self._status = self._driver.status()
        self.status_s += time.thread_time() - started
        self.status_calls += 1
        self._next_status_s = play_s + self._status_every_s

    def _publish(self) -> None:
        snapshot = self._snapshots.write_slot()
        fill_snapshot(self.nerve, snapshot, self._status, currents=self._currents)
        self._published += 1
        snapshot.step = self._published
        snapshot.paused = self._paused
        self._snapshots.publish()
