"""Commands into the simulation: frozen values put on a queue and applied between steps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stimulate:
    """Inject a current pulse into one node of Ranvier, starting at the next step."""

    node: int
    amplitude_nA: float = 2.0
    duration_ms: float = 0.1


@dataclass(frozen=True)
class SetPacemaker:
    """Stimulate ``node`` every ``period_ms`` of electrical time; ``period_ms=None`` stops it."""

    node: int = 0
    period_ms: float | None = 5.0
    amplitude_nA: float = 2.0
    duration_ms: float = 0.1


@dataclass(frozen=True)
class SetElectricalRate:
    """How many electrical milliseconds to simulate per second of play (slow motion)."""

    electrical_ms_per_s: float


@dataclass(frozen=True)
class StimulateClass:
    """Send one signal down every fibre of a class (``None``: all classes) from the distal
    end, as touching the skin would: the visitor's "stimulate" button."""

    class_name: str | None = None


@dataclass(frozen=True)
class SetPaused:
    """Stop both clocks (``True``) or let them run again."""

    paused: bool


@dataclass(frozen=True)
class SetPressure:
    """Pressure on the compressed segment: crossing the legs, uncrossing them."""

    pressure_mmHg: float


@dataclass(frozen=True)
class GentleMovement:
    """Moving the leg gently (speeds reperfusion once the legs are uncrossed)."""

    active: bool


@dataclass(frozen=True)
class ShakeHard:
    """Shaking the leg hard: no benefit; risky when the leg is numb."""


@dataclass(frozen=True)
class SetClockRates:
    """Physiological seconds and electrical milliseconds per second of play (None: unchanged)."""

    physiological_speedup: float | None = None
    electrical_ms_per_s: float | None = None


Command = (
    Stimulate | SetPacemaker | SetElectricalRate | SetPressure | GentleMovement | ShakeHard
    | SetClockRates | StimulateClass | SetPaused
)
