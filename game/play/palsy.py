"""'Saturday night palsy' in play: reading the nerve's compression injury, and a scripted
sleeper who keeps the legs crossed for hours (chapter 8's demo and its smoke test).

The injury is the simulation's (``game.sim.nerve_injury``, integrated by ``game.sim.nerve``):
a reading carries it as ``injury`` (an ``InjuryStatus``) where its producer fills it in.
``InjuryHeadlessNerve`` is a ``HeadlessNerve`` whose readings always do. Gameplay never
decides the damage itself; without an injury on the reading it can still see it in the
electrical simulation: the motor class stays blocked long after release.
"""

from dataclasses import dataclass, replace

from game.play.nerve_view import HeadlessNerve, NerveView, snapshot_from_status
from game.play.play_data import Text
from game.sim.commands import SetClockRates
from game.sim.nerve_injury import MOTOR_CLASS, InjuryStatus

__all__ = [
    "MOTOR_CLASS", "InjuredView", "InjuryHeadlessNerve", "injury_of", "injury_text",
    "needs_a_night_on_it", "sleep_on_it",
]  # fmt: skip

#: Play seconds per tick of the scripted sleeper.
TICK_S = 0.5
#: Physiological seconds per second of play while the sleeper lies on the leg: hours in
#: about a minute of play.
NIGHT_SPEEDUP = 600.0
#: ...and after waking (the recovery phases are seconds long).
MORNING_SPEEDUP = 10.0


#: What the views show where the stage goes once the nerve is injured: a palsy has no stage
#: of its own (the sim's stage stays at "nerve dark, silent" while nothing gets through), and the lasting damage is the
#: thing to know.
INJURED_FOOT_DROP = Text("palsy.injured_foot_drop", "Nerve injured: foot drop (weeks to heal)")
INJURED = Text("palsy.injured", "Nerve injured: lasting damage from hours of pressure")


def injury_of(reading) -> InjuryStatus | None:
    """The compression injury the reading carries (None: this reading has no such field)."""
    return getattr(reading, "injury", None)


def injury_text(injury: InjuryStatus | None) -> Text | None:
    """The words for a lasting injury (foot drop, or any lasting block the simulation
    reports); None when the nerve is not injured."""
    if injury is None:
        return None
    if getattr(injury, "foot_drop", False):
        return INJURED_FOOT_DROP
    return INJURED if getattr(injury, "injured", False) else None


@dataclass(frozen=True)
class InjuredView(NerveView):
    """A ``NerveView`` with the nerve's injury."""

    injury: InjuryStatus | None = None


class InjuryHeadlessNerve(HeadlessNerve):
    """A ``HeadlessNerve`` whose readings carry the nerve's ``injury``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reading = self._with_injury(self.reading, self.nerve.injury_status())

    @staticmethod
    def _with_injury(view: NerveView, injury: InjuryStatus) -> InjuredView:
        fields = {k: getattr(view, k) for k in view.__dataclass_fields__ if k != "injury"}
        return InjuredView(**fields, injury=injury)

    def step(self, play_s: float) -> InjuredView:
        if not self.paused:
            self.nerve.advance(play_s=play_s)
        status = self.nerve.status()
        view = replace(snapshot_from_status(self.nerve, status), paused=self.paused)
        self.reading = self._with_injury(view, status.injury)
        return self.reading


def needs_a_night_on_it(challenge) -> bool:
    """A challenge only a nerve injured by hours of pressure can pass: the large fibres
    blocked while C conducts (under ordinary compression C fails first and recovers last)."""
    p = challenge.params
    return (
        challenge.kind == "block_classes"
        and MOTOR_CLASS in p.get("blocked", ())
        and "C" in p.get("conducting", ())
    )


def sleep_on_it(run, nerve: HeadlessNerve, *, crossed_h: float = 7.0, max_ticks: int = 600):
    """Play a chapter run's challenge as a sleeper would: cross the legs, lie on them for
    ``crossed_h`` physiological hours, wake, uncross, move gently, and let the simulation
    judge what stays blocked. Returns the last reading."""
    from game.play.chapter_run import CHALLENGE

    nerve.send(SetClockRates(physiological_speedup=NIGHT_SPEEDUP))
    run.legs.hold()
    reading = nerve.reading
    crossed_at = None
    released = False
    for _ in range(max_ticks):
        run.update(TICK_S, reading)
        if run.state != CHALLENGE:
            break
        if reading.legs_crossed and crossed_at is None:
            crossed_at = reading.physiological_s
        night_over = (
            crossed_at is not None and reading.physiological_s - crossed_at >= crossed_h * 3600.0
        )
        if night_over and not released:
            run.legs.let_go()
            run.legs.set_gentle_movement(True)
            nerve.send(SetClockRates(physiological_speedup=MORNING_SPEEDUP))
            released = True
        reading = nerve.step(TICK_S)
    return reading
