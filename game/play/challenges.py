"""Judges for the chapters' challenges: each reads the simulated nerve (or runs a side
experiment on a fresh one) and says whether the challenge is met. One class per kind of
``game.play.lessons.CHALLENGE_SCHEMAS``; ``judge_for`` builds the right one.
"""

from game.play.experiments import BlockResult, cross_until_blocked
from game.play.lessons import Challenge, Chapter
from game.play.nerve_view import NerveReading, class_by_name

RESTORED = "smooth continuous propagation"
FAILED = "complete failure"


class Judge:
    """``observe(reading)`` once per reading; ``passed`` turns True when the challenge is met
    and stays so. ``feedback`` is a short machine-readable note for the view."""

    def __init__(self, challenge: Challenge) -> None:
        self.challenge = challenge
        self.params = challenge.params
        self.passed = False
        self.feedback = ""

    def observe(self, reading: NerveReading) -> bool:
        if not self.passed:
            self.passed = self._check(reading)
        return self.passed

    def _check(self, reading: NerveReading) -> bool:
        raise NotImplementedError

    def stimulated(self, class_name: str | None) -> None:
        """The visitor pressed Stimulate."""


class StimulusArrives(Judge):
    def __init__(self, challenge: Challenge) -> None:
        super().__init__(challenge)
        self._waiting = False

    def stimulated(self, class_name: str | None) -> None:
        if class_name in (None, self.params["class_name"]):
            self._waiting = True

    def _check(self, reading: NerveReading) -> bool:
        if not self._waiting:
            return False
        self._waiting = False
        arrived = class_by_name(reading, self.params["class_name"]).conducting
        self.feedback = "arrived" if arrived else "blocked"
        return arrived


class BlockClasses(Judge):
    def _check(self, reading: NerveReading) -> bool:
        blocked = all(not class_by_name(reading, n).conducting for n in self.params["blocked"])
        lost = [n for n in self.params["conducting"] if not class_by_name(reading, n).conducting]
        if lost:
            self.feedback = "too-far:" + ",".join(lost)  # release and let it recover, try again
        return blocked and not lost


class ReachStage(Judge):
    def _check(self, reading: NerveReading) -> bool:
        return reading.stage == self.params["stage"]


class RestoreWithin(Judge):
    """Complete failure first; then, after the release, smooth propagation in time."""

    def __init__(self, challenge: Challenge) -> None:
        super().__init__(challenge)
        self.failed_seen = False
        self.released_at_s: float | None = None

    def _check(self, reading: NerveReading) -> bool:
        if reading.legs_crossed:
            self.released_at_s = None
            if reading.stage == FAILED:
                self.failed_seen = True
            return False
        if not self.failed_seen:
            return False
        if self.released_at_s is None:
            self.released_at_s = reading.physiological_s
        took_s = reading.physiological_s - self.released_at_s
        if took_s > self.params["within_min"] * 60.0:
            self.feedback = "too-slow"  # start again: cross until failure
            self.failed_seen = False
            return False
        return reading.stage == RESTORED


class FirstToBlock(Judge):
    """The visitor predicts a class; a fresh nerve of the challenge's profile is crossed
    until a class blocks. Passed when the prediction was right."""

    def __init__(self, challenge: Challenge) -> None:
        super().__init__(challenge)
        self.result: BlockResult | None = None
        self.prediction: str | None = None

    def predict(self, class_name: str) -> BlockResult:
        self.prediction = class_name
        self.result = cross_until_blocked(profile=self.params["profile"])
        self.passed = self.result.first == class_name
        self.feedback = f"first:{self.result.first}"
        return self.result

    def _check(self, reading: NerveReading) -> bool:
        return False


class FallsAsleepSooner(Judge):
    """The visitor picks a modifier; baseline and modified nerves are crossed until touch
    (A-beta) is lost. Passed when the modified leg went numb sooner."""

    TOUCH = "A-beta"
    #: Block times to the minute are enough to tell the modifiers from the baseline.
    STEP_S = 60.0

    def __init__(self, challenge: Challenge, chapter: Chapter) -> None:
        super().__init__(challenge)
        self.chapter = chapter
        self.baseline: BlockResult | None = None
        self.modified: BlockResult | None = None

    def choose(self, modifier_id: str) -> tuple[float | None, float | None]:
        modifier = self.chapter.modifier(modifier_id)
        pressure = self.params["baseline_pressure_mmHg"]
        profile = self.chapter.profile
        if self.baseline is None:
            self.baseline = cross_until_blocked(
                profile=profile, pressure_mmHg=pressure, until_class=self.TOUCH, step_s=self.STEP_S
            )
        self.modified = cross_until_blocked(
            profile=profile, pressure_mmHg=pressure, modifier=modifier, until_class=self.TOUCH,
            step_s=self.STEP_S,
        )  # fmt: skip
        base = self.baseline.minutes(self.TOUCH)
        mod = self.modified.minutes(self.TOUCH)
        self.passed = mod is not None and (base is None or mod < base)
        self.feedback = f"baseline:{base} modified:{mod}"
        return base, mod

    def _check(self, reading: NerveReading) -> bool:
        return False


def judge_for(chapter: Chapter) -> Judge:
    c = chapter.challenge
    kinds = {
        "stimulus_arrives": StimulusArrives,
        "block_classes": BlockClasses,
        "reach_stage": ReachStage,
        "restore_within": RestoreWithin,
        "first_to_block": FirstToBlock,
    }
    if c.kind == "falls_asleep_sooner":
        return FallsAsleepSooner(c, chapter)
    return kinds[c.kind](c)
