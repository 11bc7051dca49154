"""A scripted nerve reading for rule tests that need no simulation."""

from dataclasses import dataclass, field, replace

CLASSES = ("A-alpha", "A-beta", "A-delta", "C")


@dataclass(frozen=True)
class FakeClass:
    name: str
    conducting: bool = True
    ectopic_hz: float = 0.0


@dataclass(frozen=True)
class FakeReading:
    physiological_s: float = 0.0
    physiological_speedup: float = 12.0
    electrical_ms_per_s: float = 0.2
    paused: bool = False
    pressure_mmHg: float = 0.0
    legs_crossed: bool = False
    stage: str = "healthy"
    sensation: str = "normal"
    injury_risk: bool = False
    classes: tuple = field(default_factory=lambda: tuple(FakeClass(n) for n in CLASSES))

    def with_blocked(self, *names: str) -> "FakeReading":
        return replace(
            self, classes=tuple(FakeClass(c.name, c.name not in names) for c in self.classes)
        )
