"""Side experiments the lessons ask the simulation to run: cross the legs on a fresh nerve
(any profile, any modifier) and report which class blocked first and when.

These are headless runs (``HeadlessNerve``) at a fixed speed-up; in the app they belong on a
worker thread. Block times are read off the probes (a test pulse that no longer gets past
the compressed segment), never from a table.
"""

from dataclasses import dataclass

from game.play.lessons import Modifier
from game.play.modifiers import apply_modifier
from game.play.nerve_view import HeadlessNerve
from game.sim.commands import SetPressure
from game.sim.nerve import Nerve
from game.sim.profiles import profile as load_profile

#: Physiological seconds per step (the resolution of the block times) and electrical ms per
#: step of an experiment.
STEP_S = 30.0
ELECTRICAL_MS_PER_STEP = 1.0


@dataclass(frozen=True)
class BlockResult:
    """Classes in the order they stopped conducting, with minutes after crossing."""

    order: tuple[tuple[str, float], ...]

    @property
    def first(self) -> str | None:
        return self.order[0][0] if self.order else None

    def minutes(self, class_name: str) -> float | None:
        return next((t for n, t in self.order if n == class_name), None)


def cross_until_blocked(
    *,
    profile: str = "article",
    pressure_mmHg: float | None = None,
    modifier: Modifier | None = None,
    until_class: str | None = None,
    max_min: float = 45.0,
    seed: int = 0,
    step_s: float = STEP_S,
) -> BlockResult:
    """Cross the legs on a fresh nerve; stop when ``until_class`` (None: the first class to
    go) is blocked or after ``max_min`` physiological minutes."""
    nerve = Nerve(profile=profile, seed=seed, physiological_speedup=step_s,
                  electrical_ms_per_s=ELECTRICAL_MS_PER_STEP)  # fmt: skip
    if modifier is not None:
        apply_modifier(nerve, modifier)
    run = HeadlessNerve(nerve)
    if pressure_mmHg is None:
        pressure_mmHg = load_profile(profile).pressure_mmHg
    if modifier is not None and modifier.pressure_mmHg is not None:
        pressure_mmHg = modifier.pressure_mmHg
    run.send(SetPressure(pressure_mmHg))
    order: list[tuple[str, float]] = []
    while nerve.physiological_s < max_min * 60.0:
        reading = run.step(1.0)
        for c in reading.classes:
            if not c.conducting and c.name not in (n for n, _ in order):
                order.append((c.name, reading.physiological_s / 60.0))
        names = [n for n, _ in order]
        if (until_class is None and names) or (until_class is not None and until_class in names):
            break
    return BlockResult(tuple(order))
