"""A lesson chapter on screen: its title and number, the objective, one caption at a time,
the challenge's instruction while it runs (with the keys that challenge takes, the live
nerve: its stage, or its lasting injury after a palsy, the real time the legs have been
crossed, which fibre classes get through, and what the nerve said about the last try), and
at the end the result: the stars (drawn as filled and hollow stars plus "2 of 3 stars", so
the score does not rest on colour), the challenge and the quiz score, and how stars are
earned. Reads a ``game.play.chapter_run.ChapterRun``; call ``refresh()`` after it changes.
The key line sits in its own dark strip at the foot. Laid out from the window's edges
(``widgets.screen_extent``), so it fits 4:3, 5:4 and portrait windows as well as 16:9; the
caption size and captions on/off come from ``game.comfort.ComfortSettings``."""

from panda3d.core import NodePath, TextNode

from game.play.chapter_run import CHALLENGE, DONE, OBJECTIVE, ChapterRun
from game.play.palsy import injury_of, injury_text, needs_a_night_on_it
from game.play.play_data import Text, class_names, localized
from game.render.play_views import widgets as w

MAX_STARS = 3
#: Layout, in aspect2d units: the panels' distance from the window's sides, the text's from
#: the panels' edges, the space between blocks, the key strip's padding, and the share of
#: the window's height the card keeps free for the scene (it shrinks its text to keep it).
MARGIN, PAD, GAP, STRIP_PAD = 0.04, 0.06, 0.03, 0.025
MIN_FREE = 0.3
#: Challenges judged on a side experiment's guess, not on the live nerve.
GUESSES = ("first_to_block", "falls_asleep_sooner")

STARS = Text("lesson.card.stars", "{stars} of {total} stars")
KEYS_CAPTIONS_OFF = Text(
    "lesson.card.keys_captions_off",
    "N show the chapter's text   ENTER start the challenge   ESC back",
)
CAPTIONS_OFF_HINT = Text(
    "lesson.card.captions_off",
    "Captions are off, so the chapter's text is hidden. Press N to read it.",
)
NERVE_NOW = Text("lesson.card.nerve_now", "The nerve now: {stage}")
#: Per fibre-class state: a mark, a word and a colour (the mark and word carry the meaning).
CLASS_MARKS = {
    "through": ("\u2713", Text("lesson.card.class_through", "gets through"), w.GOOD),
    "blocked": ("\u2717", Text("lesson.card.class_blocked", "blocked"), w.MUTED),
    "fires": ("\u2733", Text("lesson.card.class_fires", "fires on its own"), w.WARN),
}
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
#: A challenge that takes a night on the leg: the body clock's keys (the explore keys, still
#: bound under a lesson) matter more than a signal.
NIGHT_KEYS = Text(
    "lesson.card.keys_night",
    "SPACE hold: cross the legs (let go: uncross)   ] faster clock   [ slower   K skip   ESC back",
)
#: The real time the body clock stands for, counted from the last crossing or release.
CLOCK_CROSSED = Text("lesson.card.clock_crossed", "legs crossed for {time} (real time)")
CLOCK_RELEASED = Text("lesson.card.clock_released", "legs uncrossed for {time} (real time)")
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
#: The night's challenge: the thin fibres stop too while the leg is pressed, but that is the
#: lack of blood, which passes; "too far, start again" would send the sleeper back to 0 h.
NIGHT_TOO_FAR = Text(
    "lesson.card.feedback_night",
    "{classes} stopped too: that is the missing blood, and it passes. Keep the legs crossed "
    "for hours, then let go and wait: which fibres come back?",
)
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
    """The card under ``parent`` (aspect2d). ``comfort`` (``game.comfort.ComfortSettings``)
    sets the teaching text's size (``caption_scale``) and whether the caption pages show
    (``captions``); the title, the objective and the key line always show (they are
    instructions, not captions). Laid out for the window's shape on every ``refresh()``:
    text wraps to the width, and the card's text shrinks when it would not fit the height."""

    def __init__(
        self, parent: NodePath, run: ChapterRun, *, strings=None, language: str = "en",
        comfort=None,
    ) -> None:  # fmt: skip
        from game.comfort import ComfortSettings

        self.run = run
        self.strings = strings
        self.language = language
        self.comfort = comfort or ComfortSettings()
        #: Captions off: the pages stay hidden until N asks for them, so a visitor who
        #: turned captions off is not handed a wall of text, yet none of it is lost.
        self.pages_shown = self.comfort.captions
        self.caption_index = 0
        self.page_index = 0
        #: A side experiment (chapters with a guess) is running: say so instead of feedback.
        self.running = False
        self.root = parent.attach_new_node("chapter-card")
        self._content: NodePath | None = None
        #: The live nerve as last shown during the challenge (``nerve_line``, the clock line,
        #: the classes), and the body-clock time the legs were last crossed or uncrossed.
        self._nerve: tuple | None = None
        self._legs: tuple[bool, float] | None = None
        #: The part of the window the card leaves free: (left, right, bottom, top).
        self.free = (-1.0, 1.0, -0.5, 0.5)
        #: The text size actually used (below 1 when the card had to shrink to fit).
        self.fit_gain = 1.0
        self.refresh()

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    @property
    def gain(self) -> float:
        """How much larger than the default the teaching text is (the caption size)."""
        return self.comfort.caption_scale

    def _chars_per_line(self, sample: str = "") -> int:
        """Characters a caption line may hold: the caption rule's 40 at most, fewer when
        lines of ``sample``'s letters would not fit the card's width at the caption size
        (measured in the card's font, not guessed)."""
        from game.render.captions import MAX_CHARS_PER_LINE, text_scale

        left, right, _, _ = w.screen_extent(self.root)
        width = right - left - 2 * (MARGIN + PAD)
        probe = TextNode("measure")
        font = w.font()
        if font is not None:
            probe.set_font(font)
        probe.set_text(" ".join(sample.split()) or "x" * MAX_CHARS_PER_LINE)
        advance = probe.get_width() / max(1, len(probe.get_text()))
        fit = int(width / (1.05 * advance * text_scale(self.gain)))  # 5%: uneven lines
        return max(8, min(MAX_CHARS_PER_LINE, fit))

    def _pages(self) -> list[tuple[int, str]]:
        """Each caption as pages that keep the caption rules (at most two lines of 40
        characters, fewer on a narrow window or at a large caption size,
        ``game.render.captions``): (caption index, page text)."""
        from game.render.captions import split_caption

        pages = []
        for i, caption in enumerate(self.run.chapter.captions):
            said = self._t(caption)
            chars = self._chars_per_line(said)
            pages += [(i, page) for page in split_caption(said, max_chars=chars)]
        return pages

    def next_caption(self) -> None:
        """N: the next page of the captions (after the last, the first again); with
        captions off, the first N shows the page where the reader is."""
        if not self.pages_shown:
            self.pages_shown = True
        else:
            pages = self._pages()
            self.page_index = (self.page_index + 1) % len(pages)
            self.caption_index = pages[self.page_index][0]
        self.refresh()

    def set_comfort(self, comfort) -> None:
        self.comfort = comfort
        self.pages_shown = self.pages_shown or comfort.captions
        self.refresh()

    def keys_text(self) -> str:
        """The key line for the run's state (the challenge's own keys while it runs)."""
        run = self.run
        if run.state == CHALLENGE:
            kind = run.chapter.challenge.kind
            night = needs_a_night_on_it(run.chapter.challenge)
            text = NIGHT_KEYS if night else CHALLENGE_KEYS.get(kind, LEGS_KEYS)
            return self._t(text, count=len(getattr(run.chapter, "modifiers", ()) or ()))
        if run.state == OBJECTIVE and not self.pages_shown:
            return self._t(KEYS_CAPTIONS_OFF)
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
            night = needs_a_night_on_it(self.run.chapter.challenge)
            text = NIGHT_TOO_FAR if night else FEEDBACK["too-far"]
            return self._t(text, classes=", ".join(detail.split(",")))
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

    # -- the live nerve during the challenge ------------------------------------------------
    @property
    def watches_the_nerve(self) -> bool:
        """The challenge is judged on the live nerve (not on a side experiment's guess), so
        the card shows the nerve's state and which fibres get through."""
        return self.run.state == CHALLENGE and self.run.chapter.challenge.kind not in GUESSES

    def nerve_line(self, reading) -> tuple[str, bool]:
        """The stage as the simulation reads it, or its lasting injury when it has one (a
        palsy leaves the stage at "nerve dark, silent" for good): (text, is an injury)."""
        from game.render.play_views.story_overlay import stage_name

        injury = injury_text(injury_of(reading))
        if injury is not None:
            return self._t(injury), True
        return self._t(NERVE_NOW, stage=stage_name(reading.stage, self.strings,
                                                   self.language)), False  # fmt: skip

    def clock_line(self, reading) -> str:
        """How long the legs have been crossed (or uncrossed), in the real time the body
        clock stands for, to the minute: a night on a leg is hours, and the card must not
        mislead about time. "" before the legs first cross."""
        crossed = bool(reading.legs_crossed)
        if self._legs is None or self._legs[0] != crossed:
            if self._legs is None and not crossed:
                return ""
            self._legs = (crossed, reading.physiological_s)
        minutes = int(max(0.0, reading.physiological_s - self._legs[1]) // 60)
        hours, minutes = divmod(minutes, 60)
        time = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
        return self._t(CLOCK_CROSSED if crossed else CLOCK_RELEASED, time=time)

    def show_reading(self, reading) -> bool:
        """Take the live nerve's reading; True (and redrawn) when what the card shows of
        it changed."""
        if reading is None or not self.watches_the_nerve:
            return False
        line, injured = self.nerve_line(reading)
        states = tuple((c.name, _class_state(c)) for c in reading.classes)
        nerve = (line, injured, self.clock_line(reading), states)
        if nerve == self._nerve:
            return False
        self._nerve = nerve
        self.refresh()
        return True

    # -- drawing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the card for the run's state and the window's shape."""
        _, _, bottom, top = w.screen_extent(self.root)
        gain = 1.0
        for _ in range(8):  # shrink until the top and bottom panels leave the middle free
            self._build(gain)
            if self.run.state == DONE or self.free[3] - self.free[2] >= MIN_FREE * (top - bottom):
                break
            gain *= 0.85
        self.fit_gain = gain

    def _build(self, fit: float) -> None:
        if self._content is not None:
            self._content.remove_node()
        c = self._content = self.root.attach_new_node("content")
        back = c.attach_new_node("panels")  # drawn first: behind the text
        front = c.attach_new_node("text")
        run = self.run
        ch = run.chapter
        left, right, bottom, top = w.screen_extent(self.root)
        x0, x1 = left + MARGIN + PAD, right - MARGIN - PAD
        width = x1 - x0
        g = self.gain * fit
        # -- top: number and title, the stars at the right, the objective, the live nerve
        stars = run.stars if run.state == DONE else 0
        shown = "\u2605" * stars + "\u2606" * (MAX_STARS - stars)
        y = top - MARGIN - GAP
        _, star_text, star_bottom = w.label_below(front, shown, x1, y, scale=0.09 * fit,
                                                  colour=w.NERVE, align=TextNode.A_right)  # fmt: skip
        _, _, count_bottom = w.label_below(front, self._t(STARS, stars=stars, total=MAX_STARS),
                                           x1, star_bottom - 0.01, scale=0.04 * fit,
                                           colour=w.MUTED, align=TextNode.A_right)  # fmt: skip
        stars_width = w.text_width(star_text, 0.09 * fit) + 0.08
        _, _, y = w.label_below(front, f"{ch.number}. {self._t(ch.title)}", x0, y,
                                scale=0.085 * fit, colour=w.NERVE,
                                wrap=max(width - stars_width, 0.5))  # fmt: skip
        y = min(y, count_bottom) - GAP
        _, _, y = w.label_below(front, self._t(ch.objective), x0, y, scale=0.055 * g,
                                wrap=width, name="objective")  # fmt: skip
        if self.watches_the_nerve and self._nerve is not None:
            y = self._nerve_rows(front, x0, x1, y - GAP, fit)
        top_panel_bottom = y - GAP
        w.box(back, left + MARGIN, right - MARGIN, top_panel_bottom, top - MARGIN, w.PANEL,
              "top-panel")  # fmt: skip
        # -- the foot: the key line in a dark strip of its own, readable over any scene
        keys_scale = 0.045 * fit
        keys, keys_text = w.label(front, self.keys_text(), 0.0, 0.0, scale=keys_scale,
                                  colour=w.ACCENT, align=TextNode.A_center, wrap=width,
                                  name="keys")  # fmt: skip
        strip_top = bottom + 2 * STRIP_PAD + w.text_height(keys_text, keys_scale)
        keys.set_z(strip_top - STRIP_PAD - keys_text.get_top() * keys_scale)
        w.box(back, left, right, bottom, strip_top, (0.02, 0.03, 0.05, 0.95), "key-strip")
        if run.state == DONE:
            self.free = (left, right, strip_top, top_panel_bottom)
            self._result(back, front, left, right, strip_top, top_panel_bottom, fit)
            return
        # -- the bottom panel: the caption pages, or the challenge's instruction
        body = front.attach_new_node("body")
        y = 0.0
        if run.state == CHALLENGE:
            _, _, y = w.label_below(body, "\u25b6 " + self._t(ch.challenge.instruction), x0, y,
                                    scale=0.055 * g, colour=w.ACCENT, wrap=width,
                                    name="instruction")  # fmt: skip
            choices = self.choices_text()
            if choices:
                _, _, y = w.label_below(body, choices, x0, y - GAP, scale=0.05 * g,
                                        wrap=width, name="choices")  # fmt: skip
            said = self.feedback_text()
            if said:
                _, _, y = w.label_below(body, said, x0, y - GAP, scale=0.048 * g,
                                        colour=w.ACCENT if self.running else w.WARN,
                                        wrap=width, name="feedback")  # fmt: skip
        elif self.pages_shown:
            from game.render.captions import text_scale

            pages = self._pages()
            self.page_index = min(self.page_index, len(pages) - 1)
            # the page counter above the page, right: where the reader's eye ends a page
            _, _, y = w.label_below(body, f"{self.page_index + 1}/{len(pages)}", x1, y,
                                    scale=0.04 * fit, colour=w.MUTED,
                                    align=TextNode.A_right)  # fmt: skip
            # caption size: capitals at least 46 px tall on a 1080-line screen, times the
            # visitor's caption size
            _, _, y = w.label_below(body, pages[self.page_index][1], x0, y,
                                    scale=text_scale(self.gain) * fit, wrap=width,
                                    name="caption")  # fmt: skip
        else:
            _, _, y = w.label_below(body, self._t(CAPTIONS_OFF_HINT), x0, y, scale=0.05 * fit,
                                    colour=w.MUTED, wrap=width, name="captions-off")  # fmt: skip
        panel_top = strip_top + 2 * GAP - y
        body.set_z(panel_top - GAP)
        w.box(back, left + MARGIN, right - MARGIN, strip_top, panel_top, w.PANEL, "bottom-panel")
        self.free = (left, right, panel_top, top_panel_bottom)

    def _nerve_rows(self, front: NodePath, x0: float, x1: float, y: float, fit: float) -> float:
        """The live nerve: its stage (or injury), and per fibre class a mark and a word for
        whether a signal gets through (never colour alone). Returns the rows' bottom."""
        line, injured, clock, states = self._nerve
        _, stage_text, stage_bottom = w.label_below(
            front, line, x0, y, scale=0.05 * fit, colour=w.WARN if injured else w.NERVE,
            wrap=x1 - x0, name="nerve-now",
        )  # fmt: skip
        if clock:  # at the right of the stage, or under it when both do not fit
            path, node = w.label(front, clock, x1, 0.0, scale=0.045 * fit, colour=w.MUTED,
                                 align=TextNode.A_right, name="clock")  # fmt: skip
            beside = w.text_width(stage_text, 0.05 * fit) + w.text_width(node, 0.045 * fit)
            top = y if beside + 0.1 < x1 - x0 else stage_bottom - 0.01
            path.set_z(top - node.get_top() * 0.045 * fit)
            stage_bottom = min(stage_bottom, top - w.text_height(node, 0.045 * fit))
        y = stage_bottom
        scale = 0.045 * fit
        x, row_top = x0, y - 0.015
        bottom = row_top
        for name, state in states:
            mark, word, colour = CLASS_MARKS[state]
            path, node = w.label(front, f"{mark} {name} {self._t(word)}", 0.0, 0.0, scale=scale,
                                 colour=colour, name="class")  # fmt: skip
            chip = w.text_width(node, scale)
            if x > x0 and x + chip > x1:  # no room left on this row: the next one
                x, row_top = x0, bottom - 0.01
            path.set_pos(x, 0.0, row_top - node.get_top() * scale)
            bottom = min(bottom, row_top - w.text_height(node, scale))
            x += chip + 0.06
        return bottom

    def _result(self, back, front, left, right, bottom, top, fit) -> None:
        """The end of the chapter: the stars large, how the challenge and the quiz went."""
        run = self.run
        half = min(1.0, right - MARGIN - 0.05)
        wrap = 2 * half - 2 * PAD
        body = front.attach_new_node("result-text")
        _, _, y = w.label_below(body, self._t(RESULT_HEADING), 0.0, 0.0, scale=0.07 * fit,
                                colour=w.NERVE, align=TextNode.A_center, wrap=wrap)  # fmt: skip
        shown = "\u2605" * run.stars + "\u2606" * (MAX_STARS - run.stars)
        _, _, y = w.label_below(body, shown, 0.0, y - GAP, scale=0.16 * fit, colour=w.NERVE,
                                align=TextNode.A_center)  # fmt: skip
        _, _, y = w.label_below(body, self._t(STARS, stars=run.stars, total=MAX_STARS), 0.0,
                                y - GAP, scale=0.05 * fit, align=TextNode.A_center)  # fmt: skip
        challenge = CHALLENGE_PASSED if run.judge.passed else CHALLENGE_SKIPPED
        quiz = self._t(QUIZ_SCORE, right=run.quiz.correct_count, total=len(run.quiz.questions))
        _, _, y = w.label_below(body, f"{self._t(challenge)}      {quiz}", 0.0, y - 2 * GAP,
                                scale=0.055 * fit, align=TextNode.A_center, wrap=wrap)  # fmt: skip
        _, _, y = w.label_below(body, self._t(STAR_RULES), 0.0, y - 2 * GAP, scale=0.042 * fit,
                                colour=w.MUTED, align=TextNode.A_center, wrap=wrap)  # fmt: skip
        height = -y + 2 * PAD
        box_top = min(0.5 * (top + bottom) + 0.5 * height, top - GAP)
        body.set_z(box_top - PAD)
        box_bottom = box_top - height
        w.box(back, -half, half, box_bottom, box_top, (0.03, 0.05, 0.09, 0.94), "result")
        w.outline(back, -half, half, box_bottom, box_top, w.NERVE, thickness=3)

    def cleanup(self) -> None:
        self.root.remove_node()


def _class_state(c) -> str:
    if c.ectopic_hz >= 1.0:
        return "fires"
    return "through" if c.conducting else "blocked"


def _minutes(text: str, never: str) -> str:
    """A judge's minutes ("12.0", or "None" when the class never blocked) for the screen."""
    try:
        return f"{float(text):g}"
    except ValueError:
        return never
