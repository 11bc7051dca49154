"""The "cross your legs" mechanic: hold to cross, release to uncross, move or shake the leg.

A held button, drag or trigger crosses the legs over ``cross_duration_s`` (the inset's
``crossed`` parameter runs 0 -> 1); when the knee is on the nerve the profile's crossed
pressure is sent (``SetPressure``), and letting go sends ``SetPressure(0)``. Gentle movement
and hard shaking are commands too; shaking while the nerve reading says A-alpha (motor and
position sense) is blocked earns a warning. Keeping the legs crossed far too long turns
the outcome into "Saturday night palsy" instead of a normal recovery; the simulation decides
when (``game.sim.nerve_injury``): the reading's injury reports foot drop, or, on a reading
without one, the motor class is still blocked ``palsy_confirm_after_release_s`` after the
legs uncrossed. Reads only the nerve reading, never the wall clock, for anything
physiological.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game import REPO_ROOT
from game.datafile import Field, check_table, load_toml
from game.play.nerve_view import NerveReading, Send, class_by_name
from game.play.palsy import MOTOR_CLASS, injury_of
from game.play.play_data import TEXT, Text, text
from game.sim.commands import GentleMovement, SetPressure, ShakeHard
from game.sim.profiles import profile as load_profile

LEGS_PATH = REPO_ROOT / "levels" / "story" / "legs.toml"
#: The class that carries position sense (proprioception) and motor signals.
POSITION_SENSE_CLASS = "A-alpha"
NORMAL = "normal"
PALSY = "saturday_night_palsy"

TEXT_KEYS = ("position_sense_gone", "saturday_night_palsy", "hold_to_cross", "release_to_uncross")
FILE_SCHEMA = {
    "cross_duration_s": Field("number", min=0.05, max=10.0),
    "uncross_duration_s": Field("number", min=0.05, max=10.0),
    "palsy_confirm_after_release_s": Field("number", min=10.0, max=3600.0),
    "text": Field("table", schema={k: TEXT for k in TEXT_KEYS}),
}


@dataclass(frozen=True)
class LegsConfig:
    cross_duration_s: float
    uncross_duration_s: float
    palsy_confirm_after_release_s: float
    texts: dict[str, Text]


@dataclass(frozen=True)
class LegsEvent:
    """Something the visitor should be told: ``kind`` is a kebab-case event name."""

    kind: str
    text: Text


def load_legs_config(path: Path = LEGS_PATH) -> LegsConfig:
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    return LegsConfig(
        cross_duration_s=float(data["cross_duration_s"]),
        uncross_duration_s=float(data["uncross_duration_s"]),
        palsy_confirm_after_release_s=float(data["palsy_confirm_after_release_s"]),
        texts={k: text(v) for k, v in data["text"].items()},
    )


@cache
def default_legs_config() -> LegsConfig:
    return load_legs_config()


class Legs:
    """The legs of one visitor; ``send`` takes command values to the simulation."""

    def __init__(
        self,
        send: Send,
        *,
        profile: str = "article",
        config: LegsConfig | None = None,
        pressure_scale: float = 1.0,
    ) -> None:
        self._send = send
        self.config = config if config is not None else default_legs_config()
        #: The pressure the crossed knee puts on the nerve (less padding: more), mmHg.
        self.crossed_pressure_mmHg = min(
            300.0, load_profile(profile).pressure_mmHg * pressure_scale
        )
        #: 0 = uncrossed, 1 = crossed: the inset's animation parameter.
        self.crossed = 0.0
        self.holding = False
        self.pressing = False
        self.gentle = False
        self.outcome = NORMAL
        #: The nerve's compression injury as last read (None: the reading has none).
        self.injury = None
        self._crossed_since_s: float | None = None
        self._released_at_s: float | None = None
        self._pending: list[LegsEvent] = []

    # -- input -------------------------------------------------------------------------------
    def hold(self) -> None:
        """The cross button (or drag, or trigger) went down."""
        self.holding = True

    def let_go(self) -> None:
        """The cross button went up: the knee lifts at once, then the legs uncross."""
        self.holding = False
        if self.pressing:
            self.pressing = False
            self._send(SetPressure(0.0))

    def set_gentle_movement(self, active: bool) -> None:
        if active != self.gentle:
            self.gentle = active
            self._send(GentleMovement(active))

    def shake_hard(self, reading: NerveReading) -> list[LegsEvent]:
        """Shake the leg hard; a warning when position sense is gone (A-alpha blocked)."""
        self._send(ShakeHard())
        if not class_by_name(reading, POSITION_SENSE_CLASS).conducting:
            return [LegsEvent("legs-position-sense-gone", self.config.texts["position_sense_gone"])]
        return []

    # -- each frame --------------------------------------------------------------------------
    def update(self, dt_s: float, reading: NerveReading) -> list[LegsEvent]:
        """Move the animation by ``dt_s`` of play and read the nerve; returns new events."""
        cfg = self.config
        if self.holding:
            self.crossed = min(1.0, self.crossed + dt_s / cfg.cross_duration_s)
            if self.crossed >= 1.0 and not self.pressing:
                self.pressing = True
                self._send(SetPressure(self.crossed_pressure_mmHg))
        else:
            self.crossed = max(0.0, self.crossed - dt_s / cfg.uncross_duration_s)
        events, self._pending = self._pending, []
        self.injury = injury_of(reading)
        if reading.legs_crossed:
            if self._crossed_since_s is None:
                self._crossed_since_s = reading.physiological_s
            self._released_at_s = None
        elif self._crossed_since_s is not None:
            self._crossed_since_s = None
            self._released_at_s = reading.physiological_s
        if self.outcome == NORMAL and self._nerve_injured(reading):
            self.outcome = PALSY
            events.append(LegsEvent("legs-saturday-night-palsy", cfg.texts[PALSY]))
        return events

    def _nerve_injured(self, reading: NerveReading) -> bool:
        """The simulation says the nerve is damaged: its injury model reports foot drop, or
        the motor fibres still do not conduct long after the legs uncrossed (the electrical
        simulation's own answer, for readings that carry no injury)."""
        if self.injury is not None:
            return bool(self.injury.foot_drop)
        if self._released_at_s is None:
            return False
        since_s = reading.physiological_s - self._released_at_s
        return (
            since_s >= self.config.palsy_confirm_after_release_s
            and not class_by_name(reading, MOTOR_CLASS).conducting
        )

    def prompt(self) -> Text:
        """What the cross button says now."""
        key = "release_to_uncross" if self.holding else "hold_to_cross"
        return self.config.texts[key]
