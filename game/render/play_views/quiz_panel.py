"""The quiz panel: the question, its choices as big touch targets, and after an answer the
explanation, with the right choice marked by a tick and a chosen wrong one by a cross (never
by colour alone). Draws ``game.play.quiz.Quiz``; ``cleanup()`` removes it."""

from panda3d.core import NodePath, TextNode

from game.play.play_data import Text, localized
from game.play.quiz import AnswerResult, Quiz
from game.render.play_views import widgets as w

CHOICE_TOP = 0.3
CHOICE_HEIGHT = 0.16
CHOICE_GAP = 0.04
HALF_WIDTH = 1.3

RIGHT = Text("lesson.quiz.right", "Right!")
NOT_QUITE = Text("lesson.quiz.not_quite", "Not quite.")
ANSWER_KEYS = Text("lesson.quiz.keys_answer", "Press 1-{count} (or click) to answer   ESC back")
NEXT_KEY = Text("lesson.quiz.keys_next", "ENTER: go on")


def said_once(verdict: str, explanation: str) -> str:
    """The verdict and the explanation, without saying the verdict twice when the
    explanation opens with it ("Right! Right: ..." reads as a stutter)."""
    word = verdict.strip("\u00a1!\u00bf?.: ").lower()
    if word and explanation.lower().startswith(word):
        return explanation
    return f"{verdict} {explanation}"


class QuizPanel:
    def __init__(
        self, parent: NodePath, quiz: Quiz, *, strings=None, language: str = "en",
        banner: str | None = None, banner_good: bool = True,
    ) -> None:  # fmt: skip
        self.quiz = quiz
        self.strings = strings
        self.language = language
        #: A line above the question: how the challenge before the quiz went.
        self.banner = banner
        self.banner_good = banner_good
        self.root = parent.attach_new_node("quiz-panel")
        self._content: NodePath | None = None
        self.show_question()

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def _clear(self) -> NodePath:
        if self._content is not None:
            self._content.remove_node()
        self._content = self.root.attach_new_node("content")
        w.box(self._content, -1.45, 1.45, -0.95, 0.95, (0.05, 0.07, 0.11, 0.95), "panel")
        return self._content

    def _choice_top(self, i: int) -> float:
        return CHOICE_TOP - i * (CHOICE_HEIGHT + CHOICE_GAP)

    def show_question(self, result: AnswerResult | None = None) -> None:
        """The current question; with ``result``, the question just answered, explained."""
        c = self._clear()
        index = result.question_index if result is not None else self.quiz.index
        if index >= len(self.quiz.questions):
            return
        q = self.quiz.questions[index]
        if self.banner:
            w.label(c, self.banner, -1.38, 0.82, scale=0.05,
                    colour=w.GOOD if self.banner_good else w.MUTED)  # fmt: skip
        w.label(c, f"{index + 1} / {len(self.quiz.questions)}", 1.38, 0.82, scale=0.05,
                colour=w.MUTED, align=TextNode.A_right)  # fmt: skip
        w.label(c, self._t(q.question), -1.35, 0.7, scale=0.075, wrap=2.6)
        for i, choice in enumerate(q.choices):
            top = self._choice_top(i)
            bottom = top - CHOICE_HEIGHT
            colour = w.PANEL_LIGHT
            mark = str(i + 1)  # the key that picks it
            if result is not None and i == q.answer:
                colour, mark = (*w.GOOD[:3], 0.55), "\u2713"
            elif result is not None and i == result.choice:
                colour, mark = (*w.WARN[:3], 0.55), "\u2717"
            w.box(c, -HALF_WIDTH, HALF_WIDTH, bottom, top, colour, f"choice-{i}")
            w.label(c, mark, -HALF_WIDTH + 0.05, bottom + 0.05, scale=0.07, colour=w.TEXT)
            w.label(c, self._t(choice.text), -HALF_WIDTH + 0.18, bottom + 0.05, scale=0.06)
        hint = (
            self._t(NEXT_KEY) if result is not None else self._t(ANSWER_KEYS, count=len(q.choices))
        )
        w.label(c, hint, 0.0, -0.9, scale=0.045, colour=w.ACCENT, align=TextNode.A_center)
        if result is not None:
            verdict = self._t(RIGHT if result.correct else NOT_QUITE)
            explanation = self._t(result.explanation)
            if not result.correct:
                explanation += " " + self._t(result.correct_explanation)
            y = self._choice_top(len(q.choices)) - 0.08
            w.label(c, said_once(verdict, explanation), -1.35, y, scale=0.055, wrap=2.7,
                    colour=w.GOOD if result.correct else w.WARN)  # fmt: skip

    def choice_at(self, x: float, y: float) -> int | None:
        if abs(x) > HALF_WIDTH or self.quiz.finished:
            return None
        for i in range(len(self.quiz.current.choices)):
            top = self._choice_top(i)
            if top - CHOICE_HEIGHT <= y <= top:
                return i
        return None

    def cleanup(self) -> None:
        self.root.remove_node()
