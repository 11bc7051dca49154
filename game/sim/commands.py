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


Command = Stimulate | SetPacemaker | SetElectricalRate
