"""The quiz panel: the question, its choices as big touch targets, and after an answer the
explanation, with the right choice marked by a tick and a chosen wrong one by a cross (never
by colour alone). Draws ``game.play.quiz.Quiz``; ``cleanup()`` removes it. The question, the
choices and the explanation are teaching text: they grow with the visitor's caption size
(``game.comfort.ComfortSettings.caption_scale``), as the chapter card's text does, and the
whole panel still shrinks to fit the window."""

from panda3d.core import NodePath, TextNode

from game.play.play_data import Text, localized
from game.play.quiz import AnswerResult, Quiz
from game.render.play_views import widgets as w

#: Layout, in aspect2d units: the panel's distance from the window's sides, the text's from
#: the panel's edge, the space between blocks, a choice box's padding around its text and
#: its least height (a touch target), the room left of a choice's text for its key mark.
MARGIN, PAD, GAP = 0.04, 0.07, 0.035
CHOICE_PAD, CHOICE_MIN_HEIGHT, MARK_ROOM = 0.035, 0.14, 0.16
#: The widest the panel gets on a wide window (beyond it lines grow too long to read).
MAX_HALF_WIDTH = 1.45
#: Tries at shrinking the panel to the window's height, and the factor of each: enough to
#: bring the largest caption size (3) down to the default size's smallest fit.
FIT_TRIES, FIT_STEP = 16, 0.88

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
    """The quiz under ``parent`` (aspect2d), laid out for the window's shape on every
    ``show_question()`` / ``refresh()``: text wraps to the width, choice boxes grow with
    their text, and everything shrinks when it would not fit the height. ``comfort``
    (``game.comfort.ComfortSettings``) sets the teaching text's size (``caption_scale``)."""

    def __init__(
        self, parent: NodePath, quiz: Quiz, *, strings=None, language: str = "en",
        banner: str | None = None, banner_good: bool = True, comfort=None,
    ) -> None:  # fmt: skip
        from game.comfort import ComfortSettings

        self.quiz = quiz
        self.comfort = comfort or ComfortSettings()
        self.strings = strings
        self.language = language
        #: A line above the question: how the challenge before the quiz went.
        self.banner = banner
        self.banner_good = banner_good
        self.root = parent.attach_new_node("quiz-panel")
        self._content: NodePath | None = None
        #: The choice boxes as drawn: (bottom, top) each, and their half width.
        self.choice_boxes: list[tuple[float, float]] = []
        self.half_width = MAX_HALF_WIDTH - PAD
        self._result: AnswerResult | None = None
        self.show_question()

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def _choice_top(self, i: int) -> float:
        return self.choice_boxes[i][1]

    @property
    def gain(self) -> float:
        """How much larger than the default the teaching text is (the caption size)."""
        return self.comfort.caption_scale

    def set_comfort(self, comfort) -> None:
        """A new caption size: lay the panel out again at once."""
        self.comfort = comfort
        self.refresh()

    def refresh(self) -> None:
        """Draw again what is shown (after the window changed shape)."""
        self.show_question(self._result)

    def show_question(self, result: AnswerResult | None = None) -> None:
        """The current question; with ``result``, the question just answered, explained."""
        self._result = result
        index = result.question_index if result is not None else self.quiz.index
        if index >= len(self.quiz.questions):
            if self._content is not None:
                self._content.remove_node()
                self._content = None
            return
        _, _, bottom, top = w.screen_extent(self.root)
        fit = 1.0
        for _ in range(FIT_TRIES):  # shrink until it fits the window's height
            used = self._build(index, result, fit)
            if used <= top - bottom:
                break
            fit *= FIT_STEP
        # in the middle of the window's height (drawn from its top)
        drop = max(0.0, 0.5 * (top - bottom - used - MARGIN))
        self._content.set_z(-drop)
        self.choice_boxes = [(b - drop, t - drop) for b, t in self.choice_boxes]

    def _build(self, index: int, result: AnswerResult | None, fit: float) -> float:
        """Draw at ``fit`` times the normal size (the teaching text at ``fit`` times the
        caption size); returns the height it needed."""
        if self._content is not None:
            self._content.remove_node()
        c = self._content = self.root.attach_new_node("content")
        back = c.attach_new_node("panels")  # drawn first: behind the text
        front = c.attach_new_node("text")
        _, right, bottom, top = w.screen_extent(self.root)
        half = min(MAX_HALF_WIDTH, right - MARGIN)
        x0, x1 = -half + PAD, half - PAD
        width = x1 - x0
        self.half_width = half - PAD + 0.05
        q = self.quiz.questions[index]
        g = self.gain * fit  # the teaching text's size: the question, choices, explanation
        # the counter, banner and key hint keep their own size: shrunk to make room for large
        # teaching text, they would turn unreadable; they shrink only where it does
        plain = min(1.0, g)
        y = top - MARGIN - GAP
        _, counter, counter_bottom = w.label_below(
            front, f"{index + 1} / {len(self.quiz.questions)}", x1, y, scale=0.05 * plain,
            colour=w.MUTED, align=TextNode.A_right,
        )  # fmt: skip
        if self.banner:
            room = width - w.text_width(counter, 0.05 * plain) - 0.08
            _, _, y = w.label_below(front, self.banner, x0, y, scale=0.05 * plain, wrap=room,
                                    colour=w.GOOD if self.banner_good else w.MUTED)  # fmt: skip
        y = min(y, counter_bottom) - GAP
        _, _, y = w.label_below(front, self._t(q.question), x0, y, scale=0.075 * g,
                                wrap=width, name="question")  # fmt: skip
        y -= GAP
        self.choice_boxes = []
        for i, choice in enumerate(q.choices):
            colour = w.PANEL_LIGHT
            mark = str(i + 1)  # the key that picks it
            if result is not None and i == q.answer:
                colour, mark = (*w.GOOD[:3], 0.55), "\u2713"
            elif result is not None and i == result.choice:
                colour, mark = (*w.WARN[:3], 0.55), "\u2717"
            box_top = y
            _, _, text_bottom = w.label_below(
                front, self._t(choice.text), x0 + MARK_ROOM * g, box_top - CHOICE_PAD * g,
                scale=0.06 * g, wrap=width - MARK_ROOM * g - 0.04, name=f"choice-text-{i}",
            )  # fmt: skip
            box_bottom = min(text_bottom - CHOICE_PAD * g, box_top - CHOICE_MIN_HEIGHT * g)
            w.label_below(front, mark, x0 + 0.04 * g, box_top - CHOICE_PAD * g,
                          scale=0.07 * g, colour=w.TEXT)  # fmt: skip
            w.box(back, x0 - 0.05, x1 + 0.05, box_bottom, box_top, colour, f"choice-{i}")
            self.choice_boxes.append((box_bottom, box_top))
            y = box_bottom - GAP
        if result is not None:
            verdict = self._t(RIGHT if result.correct else NOT_QUITE)
            explanation = self._t(result.explanation)
            if not result.correct:
                explanation += " " + self._t(result.correct_explanation)
            _, _, y = w.label_below(front, said_once(verdict, explanation), x0, y, wrap=width,
                                    scale=0.055 * g, name="explanation",
                                    colour=w.GOOD if result.correct else w.WARN)  # fmt: skip
            y -= GAP
        hint = (
            self._t(NEXT_KEY) if result is not None else self._t(ANSWER_KEYS, count=len(q.choices))
        )
        _, _, y = w.label_below(front, hint, 0.0, y, scale=0.05 * plain, colour=w.ACCENT,
                                align=TextNode.A_center, wrap=width, name="keys")  # fmt: skip
        panel_bottom = max(y - GAP, bottom + MARGIN)
        panel = w.box(back, -half, half, panel_bottom, top - MARGIN, (0.05, 0.07, 0.11, 0.95),
                      "panel")  # fmt: skip
        panel.reparent_to(back, sort=-1)  # behind the choice boxes
        return top - y + GAP

    def choice_at(self, x: float, y: float) -> int | None:
        """Which choice a touch at (x, y) in the parent's units is on, if any."""
        if abs(x) > self.half_width or self.quiz.finished:
            return None
        for i, (bottom, top) in enumerate(self.choice_boxes):
            if bottom <= y <= top:
                return i
        return None

    def cleanup(self) -> None:
        self.root.remove_node()
