"""Playing one chapter: objective -> a challenge the simulation judges -> quiz -> stars.

The chapter's player input arrives as calls (cross the legs, stimulate, predict, choose a
modifier, answer); readings of the nerve arrive through ``update``. With a ``Progress`` the
run writes a checkpoint at every step and each answer as it is given, so a crash loses
nothing, and a new run of the same chapter resumes where the last one stopped.
"""

from dataclasses import dataclass

from game.play.challenges import FallsAsleepSooner, FirstToBlock, judge_for
from game.play.legs import Legs, LegsEvent
from game.play.lessons import Chapter
from game.play.nerve_view import NerveReading, Send
from game.play.progress import Progress
from game.play.quiz import AnswerResult, Quiz, stars_for
from game.play.time_controls import TimeControls
from game.sim.commands import SetClockRates

OBJECTIVE, CHALLENGE, QUIZ, DONE = "objective", "challenge", "quiz", "done"


@dataclass(frozen=True)
class ChapterEvent:
    """``kind``: "chapter-challenge-passed", "chapter-quiz", "chapter-done", or a legs
    event's kind (with its text)."""

    kind: str
    detail: object = None


class ChapterRun:
    def __init__(
        self,
        chapter: Chapter,
        send: Send,
        *,
        progress: Progress | None = None,
        pressure_mmHg: float | None = None,
    ) -> None:
        self.chapter = chapter
        self._send = send
        self.progress = progress
        self.judge = judge_for(chapter)
        self.legs = Legs(send, profile=chapter.profile)
        if pressure_mmHg is not None:
            self.legs.crossed_pressure_mmHg = pressure_mmHg
        self.time = TimeControls(
            send,
            electrical_ms_per_s=chapter.electrical_ms_per_s,
            physiological_speedup=chapter.physiological_speedup,
        )
        self.state = OBJECTIVE
        self.attempt = 1
        self.quiz = Quiz(chapter.quiz)
        self.stars = 0
        saved = progress.checkpoint(chapter.id) if progress is not None else None
        if saved is not None:
            self.attempt = saved["attempt"]
            self.state = saved["state"]
            self.judge.passed = saved["challenge_passed"]
            self.quiz = Quiz(chapter.quiz, saved["answers"])

    @property
    def caption_count(self) -> int:
        return len(self.chapter.captions)

    def _checkpoint(self) -> None:
        if self.progress is not None:
            self.progress.save_checkpoint(self.chapter.id, {
                "state": self.state, "attempt": self.attempt,
                "challenge_passed": self.judge.passed, "answers": self.quiz.answers,
            })  # fmt: skip

    # -- the flow ----------------------------------------------------------------------------
    def start_challenge(self) -> None:
        """Leave the objective screen: the clocks go to the chapter's rates."""
        self.state = CHALLENGE
        self._send(
            SetClockRates(self.chapter.physiological_speedup, self.chapter.electrical_ms_per_s)
        )
        self._checkpoint()

    def skip_challenge(self) -> None:
        """Give up on the challenge (no star for it) and go to the quiz."""
        self.state = QUIZ
        self._checkpoint()

    def update(self, dt_s: float, reading: NerveReading) -> list[ChapterEvent]:
        events = [ChapterEvent(e.kind, e.text) for e in self.legs.update(dt_s, reading)]
        if self.state == CHALLENGE and self.judge.observe(reading):
            events.append(self._challenge_passed())
        return events

    def _challenge_passed(self) -> ChapterEvent:
        self.state = QUIZ
        self._checkpoint()
        return ChapterEvent("chapter-challenge-passed", self.judge.feedback)

    # -- the visitor's hands -----------------------------------------------------------------
    def stimulate(self, class_name: str | None = None) -> None:
        self.time.stimulate(class_name)
        self.judge.stimulated(class_name)

    def shake_hard(self, reading: NerveReading) -> list[LegsEvent]:
        return self.legs.shake_hard(reading)

    def predict_first_block(self, class_name: str):
        """Chapter 6: run the side experiment and judge the prediction."""
        assert isinstance(self.judge, FirstToBlock), "this chapter takes no prediction"
        result = self.judge.predict(class_name)
        if self.judge.passed and self.state == CHALLENGE:
            self._challenge_passed()
        return result

    def choose_modifier(self, modifier_id: str):
        """Chapter 7: run baseline and modified nerves and judge the choice."""
        assert isinstance(self.judge, FallsAsleepSooner), "this chapter takes no modifier"
        times = self.judge.choose(modifier_id)
        if self.judge.passed and self.state == CHALLENGE:
            self._challenge_passed()
        return times

    # -- the quiz ----------------------------------------------------------------------------
    def answer(self, choice: int) -> AnswerResult:
        if self.state != QUIZ:
            raise RuntimeError(f"answer: the chapter is at '{self.state}', not at the quiz")
        result = self.quiz.answer(choice)
        if self.progress is not None:
            self.progress.record_answer(
                self.chapter.id, self.attempt, result.question_index, choice, result.correct
            )
        if self.quiz.finished:
            self.state = DONE
            self.stars = stars_for(self.judge.passed, self.quiz.score)
            if self.progress is not None:
                self.progress.record_stars(self.chapter.id, self.stars)
                self.progress.clear_checkpoint(self.chapter.id)
        else:
            self._checkpoint()
        return result
