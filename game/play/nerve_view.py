"""One shape for the rules to read: the live ``NerveSnapshot`` or a headless ``Nerve``.

In the running app the simulation thread publishes ``game.sim.snapshot.NerveSnapshot``; in
headless tests and lessons the game drives a ``game.sim.nerve.Nerve`` itself. The rules in
``game.play`` read only the few fields listed in ``NerveReading`` (a protocol both satisfy):
both clocks' rates, pressure, whether the legs are crossed, the stage and the sensation read
off the simulated state, the injury flag and, per class, conduction and ectopic firing.

``HeadlessNerve`` is the stand-in for the simulation thread: it applies the same command
values (``game.sim.commands``) to a ``Nerve`` it owns and returns a reading after each step.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from game.sim.commands import (
    GentleMovement,
    SetClockRates,
    SetElectricalRate,
    SetPaused,
    SetPressure,
    ShakeHard,
    StimulateClass,
)
from game.sim.nerve import RELEASED_BELOW_MMHG, Nerve

#: A callable the rules are given to send a command to the simulation.
Send = Callable[[object], None]


class ClassReading(Protocol):
    name: str
    conducting: bool
    ectopic_hz: float


class NerveReading(Protocol):
    """The fields of ``NerveSnapshot`` that gameplay reads."""

    physiological_s: float
    physiological_speedup: float
    electrical_ms_per_s: float
    paused: bool
    pressure_mmHg: float
    legs_crossed: bool
    stage: str
    sensation: str
    injury_risk: bool
    classes: tuple[ClassReading, ...]


@dataclass(frozen=True)
class ClassView:
    name: str
    conducting: bool
    ectopic_hz: float


@dataclass(frozen=True)
class NerveView:
    """A ``NerveReading`` made from a headless ``Nerve`` and its last ``NerveStatus``."""

    physiological_s: float
    physiological_speedup: float
    electrical_ms_per_s: float
    paused: bool
    pressure_mmHg: float
    legs_crossed: bool
    stage: str
    sensation: str
    injury_risk: bool
    classes: tuple[ClassView, ...]
    #: The lasting compression injury (``game.sim.nerve_injury.InjuryStatus``), if any.
    injury: object | None = None

    def by_name(self, name: str) -> ClassView:
        for c in self.classes:
            if c.name == name:
                return c
        raise KeyError(name)


def class_by_name(reading: NerveReading, name: str) -> ClassReading:
    """The class ``name`` of either shape (``NerveSnapshot`` and ``NerveView``)."""
    for c in reading.classes:
        if c.name == name:
            return c
    raise KeyError(name)


def snapshot_from_status(nerve: Nerve, status, *, paused: bool = False) -> NerveView:
    """The reading of ``nerve`` whose last probe gave ``status`` (a ``NerveStatus``)."""
    return NerveView(
        physiological_s=status.physiological_s,
        physiological_speedup=nerve.physiological_speedup,
        electrical_ms_per_s=nerve.electrical_ms_per_s,
        paused=paused,
        pressure_mmHg=status.pressure_mmHg,
        legs_crossed=status.pressure_mmHg >= RELEASED_BELOW_MMHG,
        # the stage tracker lives in the sim (NerveStatus.stage); "healthy" before it existed
        stage=str(getattr(status, "stage", "healthy")),
        sensation=status.sensation,
        injury_risk=status.injury_risk,
        classes=tuple(
            ClassView(name, c.conducting, c.ectopic_hz) for name, c in status.classes.items()
        ),
        injury=getattr(status, "injury", None),
    )


class HeadlessNerve:
    """A ``Nerve`` driven by command values, as the simulation thread would drive it.

    ``speed_factor`` multiplies every physiological speed-up a command asks for (tests run
    the story's arc faster than the kiosk). ``min_electrical_ms_per_s`` keeps enough
    electrical time per step to measure ectopic rates: the live app measures them with a
    background probe while the visible fibres run in slow motion (DESIGN.md, two clocks).
    """

    def __init__(
        self,
        nerve: Nerve | None = None,
        *,
        speed_factor: float = 1.0,
        min_electrical_ms_per_s: float = 0.0,
        **nerve_kwargs,
    ) -> None:
        self.nerve = nerve if nerve is not None else Nerve(**nerve_kwargs)
        self.speed_factor = float(speed_factor)
        self.min_electrical_ms_per_s = float(min_electrical_ms_per_s)
        self.paused = False
        self.sent: list[object] = []
        #: Every class stimulated so far (``None`` stands for all classes).
        self.stimulated: list[str | None] = []
        self._asked_speedup = self.nerve.physiological_speedup
        self._asked_electrical = self.nerve.electrical_ms_per_s
        self._apply_rates()
        self.reading = snapshot_from_status(self.nerve, self.nerve.status())

    def _apply_rates(self) -> None:
        self.nerve.set_clock_rates(
            physiological_speedup=min(1e5, self._asked_speedup * self.speed_factor),
            electrical_ms_per_s=max(self._asked_electrical, self.min_electrical_ms_per_s),
        )

    def send(self, command) -> None:
        """Apply one command value now (between steps, as the sim thread does)."""
        self.sent.append(command)
        if isinstance(command, SetPressure):
            self.nerve.set_pressure(pressure_mmHg=command.pressure_mmHg)
        elif isinstance(command, GentleMovement):
            self.nerve.set_gentle_movement(active=command.active)
        elif isinstance(command, ShakeHard):
            self.nerve.shake_hard()
        elif isinstance(command, SetClockRates):
            if command.physiological_speedup is not None:
                self._asked_speedup = command.physiological_speedup
            if command.electrical_ms_per_s is not None:
                self._asked_electrical = command.electrical_ms_per_s
            self._apply_rates()
        elif isinstance(command, SetElectricalRate):
            self._asked_electrical = command.electrical_ms_per_s
            self._apply_rates()
        elif isinstance(command, SetPaused):
            self.paused = command.paused
        elif isinstance(command, StimulateClass):
            self.stimulated.append(command.class_name)
        else:
            raise TypeError(f"HeadlessNerve cannot apply {command!r}")

    def step(self, play_s: float) -> NerveView:
        """Advance ``play_s`` seconds of play (nothing while paused) and read the nerve."""
        if not self.paused:
            self.nerve.advance(play_s=play_s)
        self.reading = replace(
            snapshot_from_status(self.nerve, self.nerve.status()), paused=self.paused
        )
        return self.reading
