"""A chapter's quiz: one question at a time, every answer explained, and the stars.

Stars (``stars_for``): one for the challenge the simulation judged, one more for a quiz
score of at least ``GOOD_SCORE``, one more for a perfect quiz.
"""

from dataclasses import dataclass

from game.play.lessons import Question
from game.play.play_data import Text

GOOD_SCORE = 0.6


@dataclass(frozen=True)
class AnswerResult:
    question_index: int
    choice: int
    correct: bool
    #: The explanation of the chosen answer, and (when wrong) of the right one.
    explanation: Text
    correct_explanation: Text


class Quiz:
    """Questions in order; ``answer`` takes the chosen index of the current question."""

    def __init__(self, questions: tuple[Question, ...], answers: list[int] | None = None) -> None:
        self.questions = questions
        #: Chosen index per answered question, in order (restored from a checkpoint).
        self.answers: list[int] = list(answers or [])

    @property
    def index(self) -> int:
        return len(self.answers)

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def current(self) -> Question:
        if self.finished:
            raise IndexError("the quiz is finished")
        return self.questions[self.index]

    def answer(self, choice: int) -> AnswerResult:
        q = self.current
        if not 0 <= choice < len(q.choices):
            raise ValueError(f"choice={choice}: expected 0-{len(q.choices) - 1}")
        self.answers.append(choice)
        return AnswerResult(
            question_index=self.index - 1,
            choice=choice,
            correct=choice == q.answer,
            explanation=q.choices[choice].explanation,
            correct_explanation=q.choices[q.answer].explanation,
        )

    @property
    def correct_count(self) -> int:
        return sum(a == q.answer for a, q in zip(self.answers, self.questions))

    @property
    def score(self) -> float:
        """Share of all questions answered right (0 until answered)."""
        return self.correct_count / len(self.questions)


def stars_for(challenge_passed: bool, quiz_score: float) -> int:
    return int(challenge_passed) + int(quiz_score >= GOOD_SCORE) + int(quiz_score >= 1.0)
