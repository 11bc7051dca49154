"""A lesson chapter on screen: its title and number, the objective, one caption at a time,
the challenge's instruction while it runs (with the keys that challenge takes and what the
nerve said about the last try), and at the end the result: the stars (drawn as filled and
hollow stars plus "2 of 3 stars", so the score does not rest on colour), the challenge and
the quiz score, and how stars are earned. Reads a ``game.play.chapter_run.ChapterRun``; call
``refresh()`` after it changes. The key line sits in its own dark strip at the foot."""

from panda3d.core import NodePath, TextNode

from game.play.chapter_run import CHALLENGE, DONE, OBJECTIVE, ChapterRun
from game.play.play_data import Text, class_names, localized
from game.render.play_views import widgets as w

MAX_STARS = 3
#: The bottom panel (captions, instruction) and, inside it, the key strip at the foot.
BOTTOM_TOP, STRIP_TOP = -0.5, -0.9

STARS = Text("lesson.card.stars", "{stars} of {total} stars")
#: What the keys do now, per state (a first-time user reads no manual).
KEYS = {
    OBJECTIVE: Text(
        "lesson.card.keys_objective", "N next caption   ENTER start the challenge   ESC back"
    ),
    CHALLENGE: Text(
        "lesson.card.keys_challenge",
        "SPACE hold: cross the legs   T stimulate   1-4 choose   K skip   ESC back",
    ),
    DONE: Text("lesson.card.keys_done", "ENTER or ESC: back to the lessons"),
}
#: The keys of the challenge, by its kind: only the ones that challenge listens to.
CHALLENGE_KEYS = {
    "stimulus_arrives": Text("lesson.card.keys_signal", "T send a signal   K skip   ESC back"),
    "first_to_block": Text(
        "lesson.card.keys_guess", "1-4 your guess (see above)   K skip   ESC back"
    ),
    "falls_asleep_sooner": Text(
        "lesson.card.keys_modifier", "1-{count} choose (see above)   K skip   ESC back"
    ),
}
LEGS_KEYS = Text(
    "lesson.card.keys_legs",
    "SPACE hold: cross the legs (let go: uncross)   T send a signal   K skip   ESC back",
)
#: What the nerve said about the last try (the judge's feedback), in words.
FEEDBACK = {
    "blocked": Text(
        "lesson.card.feedback_blocked",
        "The signal did not get through: that fibre is blocked. Let the nerve recover, then "
        "try again.",
    ),
    "too-far": Text(
        "lesson.card.feedback_too_far",
        "Too far: {classes} stopped too. Let go, let the nerve recover, and try again.",
    ),
    "too-slow": Text(
        "lesson.card.feedback_too_slow",
        "It took too long. Cross the legs again until the nerve fails, then let go.",
    ),
    "first": Text(
        "lesson.card.feedback_first",
        "You guessed {guess}, but in the experiment {first} stopped first. Guess again.",
    ),
    "modifier": Text(
        "lesson.card.feedback_modifier",
        "Not sooner: touch went after {modified} min, and after {baseline} min without it. "
        "Try another.",
    ),
}
RUNNING = Text("lesson.card.running", "Running the experiment on a fresh nerve ...")
RESULT_HEADING = Text("lesson.card.result_heading", "Chapter done")
CHALLENGE_PASSED = Text("lesson.card.challenge_passed", "Challenge: done \u2713")
CHALLENGE_SKIPPED = Text("lesson.card.challenge_skipped", "Challenge: skipped")
QUIZ_SCORE = Text("lesson.card.quiz_score", "Quiz: {right} of {total} right")
STAR_RULES = Text(
    "lesson.card.star_rules",
    "\u2605 for the challenge, \u2605 for 60% on the quiz, \u2605 for all of it right",
)
NEVER = Text("lesson.card.never", "never")


class ChapterCard:
    def __init__(
        self, parent: NodePath, run: ChapterRun, *, strings=None, language: str = "en"
    ) -> None:
        self.run = run
        self.strings = strings
        self.language = language
        self.caption_index = 0
        self.page_index = 0
        #: A side experiment (chapters with a guess) is running: say so instead of feedback.
        self.running = False
        self.root = parent.attach_new_node("chapter-card")
        self._content: NodePath | None = None
        self.refresh()

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def _pages(self) -> list[tuple[int, str]]:
        """Each caption as pages that keep the caption rules (at most two lines of 40
        characters, ``game.render.captions``): (caption index, page text)."""
        from game.render.captions import split_caption

        pages = []
        for i, caption in enumerate(self.run.chapter.captions):
            pages += [(i, page) for page in split_caption(self._t(caption))]
        return pages

    def next_caption(self) -> None:
        """N: the next page of the captions (after the last, the first again)."""
        self.page_index = (self.page_index + 1) % len(self._pages())
        self.caption_index = self._pages()[self.page_index][0]
        self.refresh()

    def keys_text(self) -> str:
        """The key line for the run's state (the challenge's own keys while it runs)."""
        run = self.run
        if run.state == CHALLENGE:
            kind = run.chapter.challenge.kind
            text = CHALLENGE_KEYS.get(kind, LEGS_KEYS)
            return self._t(text, count=len(getattr(run.chapter, "modifiers", ()) or ()))
        keys = KEYS.get(run.state)
        return self._t(keys) if keys is not None else ""

    def feedback_text(self) -> str:
        """What the nerve said about the last try, in words ("" when nothing to say)."""
        if self.running:
            return self._t(RUNNING)
        judge = self.run.judge
        feedback = getattr(judge, "feedback", "") or ""
        if judge.passed or not feedback or feedback == "arrived":
            return ""
        kind, _, detail = feedback.partition(":")
        if kind == "too-far":
            return self._t(FEEDBACK["too-far"], classes=", ".join(detail.split(",")))
        if kind == "first":
            guess = getattr(judge, "prediction", None) or "?"
            return self._t(FEEDBACK["first"], first=detail, guess=guess)
        if kind == "baseline":
            base, _, modified = detail.partition(" modified:")
            never = self._t(NEVER)
            return self._t(FEEDBACK["modifier"], baseline=_minutes(base, never),
                           modified=_minutes(modified, never))  # fmt: skip
        text = FEEDBACK.get(kind)
        return self._t(text) if text is not None else ""

    def choices_text(self) -> str:
        """For the challenges that take a guess: the numbered choices."""
        run = self.run
        kind = run.chapter.challenge.kind
        if kind == "first_to_block":
            return "   ".join(f"{i + 1} {name}" for i, name in enumerate(class_names()))
        if kind == "falls_asleep_sooner":
            return "   ".join(f"{i + 1} {self._t(m.label)}"
                               for i, m in enumerate(run.chapter.modifiers))  # fmt: skip
        return ""

    def refresh(self) -> None:
        if self._content is not None:
            self._content.remove_node()
        c = self._content = self.root.attach_new_node("content")
        run = self.run
        ch = run.chapter
        w.box(c, -1.5, 1.5, 0.45, 0.95, w.PANEL)
        w.label(c, f"{ch.number}. {self._t(ch.title)}", -1.42, 0.8, scale=0.085, colour=w.NERVE)
        w.label(c, self._t(ch.objective), -1.42, 0.66, scale=0.055, wrap=2.5)
        stars = run.stars if run.state == DONE else 0
        shown = "\u2605" * stars + "\u2606" * (MAX_STARS - stars)
        w.label(c, shown, 1.42, 0.8, scale=0.09, colour=w.NERVE, align=TextNode.A_right)
        w.label(c, self._t(STARS, stars=stars, total=MAX_STARS), 1.42, 0.72, scale=0.04,
                colour=w.MUTED, align=TextNode.A_right)  # fmt: skip
        # the foot: the key line in a dark strip of its own, readable over any scene
        if run.state != DONE:
            w.box(c, -1.5, 1.5, BOTTOM_TOP, STRIP_TOP, w.PANEL)
        w.box(c, -1.5, 1.5, -1.0, STRIP_TOP, (0.02, 0.03, 0.05, 0.95), "key-strip")
        w.label(c, self.keys_text(), 0.0, -0.965, scale=0.045, colour=w.ACCENT,
                align=TextNode.A_center)  # fmt: skip
        if run.state == CHALLENGE:
            w.label(c, "\u25b6 " + self._t(ch.challenge.instruction), -1.42, -0.6, scale=0.055,
                    colour=w.ACCENT, wrap=2.8)  # fmt: skip
            choices = self.choices_text()
            if choices:
                w.label(c, choices, -1.42, -0.74, scale=0.05, colour=w.TEXT, wrap=2.8)
            said = self.feedback_text()
            if said:
                w.label(c, said, -1.42, -0.84, scale=0.048,
                        colour=w.ACCENT if self.running else w.WARN, wrap=2.9)  # fmt: skip
        elif run.state == DONE:
            self._result(c)
        else:
            from game.render.captions import text_scale

            pages = self._pages()
            self.page_index = min(self.page_index, len(pages) - 1)
            w.label(c, f"{self.page_index + 1}/{len(pages)}", 1.42, -0.965, scale=0.04,
                    colour=w.MUTED, align=TextNode.A_right)  # fmt: skip
            # caption size: capitals at least 46 px tall on a 1080-line screen
            w.label(c, pages[self.page_index][1], -1.42, -0.64, scale=text_scale())

    def _result(self, c: NodePath) -> None:
        """The end of the chapter: the stars large, how the challenge and the quiz went."""
        run = self.run
        w.box(c, -1.0, 1.0, -0.45, 0.35, (0.03, 0.05, 0.09, 0.94), "result")
        w.outline(c, -1.0, 1.0, -0.45, 0.35, w.NERVE, thickness=3)
        w.label(c, self._t(RESULT_HEADING), 0.0, 0.22, scale=0.07, colour=w.NERVE,
                align=TextNode.A_center)  # fmt: skip
        shown = "\u2605" * run.stars + "\u2606" * (MAX_STARS - run.stars)
        w.label(c, shown, 0.0, 0.04, scale=0.16, colour=w.NERVE, align=TextNode.A_center)
        w.label(c, self._t(STARS, stars=run.stars, total=MAX_STARS), 0.0, -0.06, scale=0.05,
                align=TextNode.A_center)  # fmt: skip
        challenge = CHALLENGE_PASSED if run.judge.passed else CHALLENGE_SKIPPED
        quiz = self._t(QUIZ_SCORE, right=run.quiz.correct_count, total=len(run.quiz.questions))
        w.label(c, f"{self._t(challenge)}      {quiz}", 0.0, -0.19, scale=0.055,
                align=TextNode.A_center)  # fmt: skip
        w.label(c, self._t(STAR_RULES), 0.0, -0.34, scale=0.042, colour=w.MUTED,
                align=TextNode.A_center, wrap=1.9)  # fmt: skip

    def cleanup(self) -> None:
        self.root.remove_node()


def _minutes(text: str, never: str) -> str:
    """A judge's minutes ("12.0", or "None" when the class never blocked) for the screen."""
    try:
        return f"{float(text):g}"
    except ValueError:
        return never
