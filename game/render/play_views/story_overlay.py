"""The story's overlay: the beat's caption in a box at the bottom, the stage's name and the
real time the physiological clock stands for at the top, the sensation meter ("what you
would feel now": a bar with its level and its word) on the left, and at the end the summary
card. Reads ``game.play.story.Story`` and a nerve reading; text is rebuilt only on change.
"""

from panda3d.core import NodePath, TextNode

from game.play.play_data import Text, localized
from game.play.story import Story
from game.render.play_views import widgets as w

METER_BOTTOM, METER_TOP = -0.35, 0.35
METER_LEFT, METER_RIGHT = -1.62, -1.52
#: The side panels' coordinates are those of a 16:9 window; narrower ones shrink them.
DESIGN_ASPECT = 16.0 / 9.0
#: The legs inset on a 16:9 window: its centre and size.
INSET_X, INSET_Z, INSET_SIZE = 1.25, 0.4, 0.75
#: Narrower than this (aspect2d units; a 6:5 window is 2.4 wide) the inset goes under the
#: class panel instead of beside it, so the panels need not shrink to nothing on a
#: portrait window; the meter and the class panel then span this much of the design.
STACK_BELOW_WIDTH = 2.4
SIDE_DESIGN_WIDTH = 1.9
#: The prompt's top edge: the inset keeps above it.
PROMPT_TOP = -0.36


CARRIES = {
    "A-alpha": Text("story.carries.a_alpha", "movement, position"),
    "A-beta": Text("story.carries.a_beta", "touch, vibration"),
    "A-delta": Text("story.carries.a_delta", "sharp pain, cold"),
    "C": Text("story.carries.c", "slow pain, warmth, itch"),
}
CLOCK_CROSSED = Text("story.clock.crossed", "legs crossed for {time} (real time)")
CLOCK_RELEASED = Text("story.clock.released", "released {time} ago (real time)")
CLOCK_PLAIN = Text("story.clock.plain", "real time {time}")
FEEL = Text("story.overlay.you_would_feel", "you would feel")
THROUGH = Text("story.overlay.signal_through", "signal through the pressed spot?")
FIRES = Text("story.overlay.fires_on_its_own", "fires on its own")
GETS_THROUGH = Text("story.overlay.gets_through", "gets through")
BLOCKED = Text("story.overlay.blocked", "blocked")
#: After the release the story shows the recovery: "hold to cross" again would invite a
#: newcomer to undo what they are meant to watch.
WATCH_RECOVERY = Text(
    "story.overlay.watch_recovery", "Now watch the nerve wake up (G: move the leg gently)"
)
PANEL_LEFT, PANEL_TOP, ROW_HEIGHT = -1.08, 0.62, 0.12


def _mm_ss(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour on (a night on a crossed leg is hours)."""
    minutes, secs = divmod(int(max(seconds, 0.0)), 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours:d}:{minutes:02d}:{secs:02d}"
    return f"{minutes:d}:{secs:02d}"


def clock_label(story: Story, reading, strings=None, language: str = "en") -> str:
    """The real time the physiological clock stands for, counted from the last crossing or
    release (never only the simulated seconds: the screen must not mislead about time)."""
    t = reading.physiological_s
    if reading.legs_crossed and story.crossed_at_s is not None:
        return localized(CLOCK_CROSSED, strings, language, time=_mm_ss(t - story.crossed_at_s))
    if story.released_at_s is not None:
        return localized(CLOCK_RELEASED, strings, language, time=_mm_ss(t - story.released_at_s))
    return localized(CLOCK_PLAIN, strings, language, time=_mm_ss(t))


def stage_name(stage: str, strings=None, language: str = "en") -> str:
    """The stage's name as the string tables spell it (``stage.<key>``)."""
    from game.i18n import stage_key

    return localized(Text(f"stage.{stage_key(stage)}", stage.capitalize()), strings, language)


class StoryOverlay:
    """The overlay under ``parent`` (aspect2d), laid out for the window's shape: the top bar
    spans the window (the clock drops to a second row when both do not fit), the meter and
    the fibre-class panel keep to the left edge and shrink together on a narrow window
    (``gain``), the caption box fits its lines to the width. Once the nerve reports a
    lasting injury (a palsy), the top bar names it instead of the stage."""

    def __init__(
        self, parent: NodePath, story: Story, *, strings=None, language: str = "en",
        captions: bool = True, caption_scale: float = 1.0,
    ) -> None:  # fmt: skip
        from game.comfort import ComfortSettings
        from game.render.captions import Captions

        self.story = story
        #: False: the captions toggle is off (the caption box is not drawn)
        self.captions = captions
        self.strings = strings
        self.language = language
        self.root = parent.attach_new_node("story-overlay")
        self._key = None
        self._dynamic: NodePath | None = None
        # the beat's caption goes through the exhibit's caption box, so it keeps the caption
        # rules (capitals 46 px tall at 1080p, two lines of 40 characters, split and timed
        # when longer) and the visitor's caption size and on/off choice
        self._caption_box = Captions(
            self.root, ComfortSettings(captions=captions, caption_scale=caption_scale),
            aspect_ratio=self._width_aspect(), font=w.font(),
        )  # fmt: skip
        if not captions:
            self._caption_box.root.hide()
        self._said: str | None = None
        #: Where the top bar ends (its bottom edge), for what is placed below it.
        self.bar_bottom = w.screen_extent(self.root)[3] - 0.18

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def _width_aspect(self) -> float:
        """The caption box's "aspect ratio": half the window's width in our units."""
        left, right, _, _ = w.screen_extent(self.root)
        return 0.5 * (right - left)

    @property
    def stacked(self) -> bool:
        """A narrow (portrait-ish) window: the legs inset goes under the class panel."""
        left, right, _, _ = w.screen_extent(self.root)
        return right - left < STACK_BELOW_WIDTH

    @property
    def gain(self) -> float:
        """How much the side panels shrink to fit the window's width (1 on 16:9 or wider)."""
        left, right, _, _ = w.screen_extent(self.root)
        if self.stacked:
            return min(1.0, (right - left - 0.1) / SIDE_DESIGN_WIDTH)
        return min(1.0, (right - left) / (2.0 * DESIGN_ASPECT))

    def middle_anchor(self) -> tuple[float, float]:
        """(x of the window's left edge, z of the design's 0.8 line: just under the top bar)
        for the side panels."""
        left, _, _, _ = w.screen_extent(self.root)
        return left, self.bar_bottom - 0.02

    def inset_placement(self) -> tuple[float, float, float]:
        """Where the legs inset goes: (x, z) of its centre and its size, in our units. At
        the right edge beside the class panel, shrunk with it; on a narrow window under it,
        above the prompt."""
        left, right, _, _ = w.screen_extent(self.root)
        g = self.gain
        _, anchor_z = self.middle_anchor()
        if not self.stacked:
            return (right - (DESIGN_ASPECT - INSET_X) * g, anchor_z + (INSET_Z - 0.8) * g,
                    INSET_SIZE * g)  # fmt: skip
        panel_bottom = anchor_z + (PANEL_TOP - 4 * ROW_HEIGHT - 0.03 - 0.8) * g
        meter_right = left + (DESIGN_ASPECT + METER_RIGHT + 0.05) * g
        top, bottom = panel_bottom - 0.04, PROMPT_TOP + 0.04
        size = max(0.2, min(INSET_SIZE, top - bottom, right - 0.05 - meter_right))
        return right - 0.05 - size / 2, top - size / 2, size

    def set_language(self, language: str) -> None:
        self.language = language
        self._key = None  # redrawn on the next update

    def relayout(self) -> None:
        """The window changed shape: fit the caption lines, redraw on the next update."""
        self._caption_box.set_aspect_ratio(self._width_aspect())
        self._key = None

    def stage_line(self, reading) -> tuple[str, bool]:
        """The stage as the sim reads it, or, once the nerve is injured, the injury (a palsy
        has no stage: the sim's stays at "nerve dark, silent"): (text, is an injury)."""
        from game.play.palsy import injury_of, injury_text

        injury = injury_text(injury_of(reading))
        if injury is not None:
            return self._t(injury), True
        return stage_name(reading.stage, self.strings, self.language), False

    def update(self, reading) -> None:
        s = self.story
        level, meter_text = s.meter
        stage, injured = self.stage_line(reading)
        key = (s.index, s.palsy, s.legs.holding, s.released_at_s is None, s.finished, s.summary_shown_s is not None, round(level, 2),
               meter_text.key, int(reading.physiological_s), stage, reading.legs_crossed,
               tuple((c.conducting, c.ectopic_hz >= 1.0) for c in reading.classes))  # fmt: skip
        if key == self._key:
            return
        self._key = key
        if self._dynamic is not None:
            self._dynamic.remove_node()
        d = self._dynamic = self.root.attach_new_node("dynamic")
        if s.summary_shown_s is not None:
            self._caption_box.clear()  # the card has the screen; the story's captions are done
            self._said = None
            self._summary(d)
            return
        left, right, _, top = w.screen_extent(self.root)
        # top: the stage as the sim reads it (or the injury), and the real time it stands for
        back = d.attach_new_node("backing")
        x0, x1 = left + 0.1, right - 0.1
        row_top = top - 0.05
        _, stage_text, stage_bottom = w.label_below(
            d, stage, x0, row_top, scale=0.07, colour=w.WARN if injured else w.NERVE,
            wrap=x1 - x0, name="stage",
        )  # fmt: skip
        clock, clock_text = w.label(d, clock_label(s, reading, self.strings, self.language), x1,
                                    0.0, scale=0.06, colour=w.MUTED, align=TextNode.A_right,
                                    name="clock")  # fmt: skip
        room = x1 - x0 - w.text_width(stage_text, 0.07) - 0.1
        clock_top = row_top if w.text_width(clock_text, 0.06) <= room else stage_bottom - 0.02
        clock.set_z(clock_top - clock_text.get_top() * 0.06)
        self.bar_bottom = min(stage_bottom, clock_top - w.text_height(clock_text, 0.06)) - 0.04
        w.box(back, left + 0.05, right - 0.05, self.bar_bottom, top - 0.03, w.PANEL)
        # bottom: the caption, and what the visitor can do now
        said = self._t(s.caption) if s.caption and self.captions else None
        if said != self._said:
            self._said = said
            if said:
                self._caption_box.say(said, interrupt=True)
            else:
                self._caption_box.clear()
        if not s.attract and not s.finished:
            recovering = s.released_at_s is not None and not s.legs.holding and not s.palsy
            asked = WATCH_RECOVERY if recovering else s.legs.prompt()
            prompt, text = w.label(d, self._t(asked), 0.0, -0.42, scale=0.055,
                                   colour=w.ACCENT, align=TextNode.A_center,
                                   wrap=right - left - 0.3)  # fmt: skip
            # a dark backing: the bright nerve behind the prompt made it hard to read
            half = 0.5 * w.text_width(text, 0.055) + 0.04
            w.box(d, -half, half, -0.455, -0.36, w.PANEL, "prompt-backing")
            prompt.reparent_to(d)  # now the last child: drawn over its backing
        # left: the sensation meter and the class panel, drawn in the 16:9 design's units
        # from the window's left edge, shrunk together on a narrower window
        side = d.attach_new_node("side-panels")
        g = self.gain
        anchor_x, anchor_z = self.middle_anchor()
        side.set_scale(g)
        side.set_pos(anchor_x + DESIGN_ASPECT * g, 0.0, anchor_z - 0.8 * g)
        # the sensation meter, level as a filled bar plus its word
        w.box(side, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.PANEL)
        fill_top = METER_BOTTOM + (METER_TOP - METER_BOTTOM) * level
        if level > 0:
            w.box(side, METER_LEFT + 0.015, METER_RIGHT - 0.015, METER_BOTTOM + 0.015, max(fill_top - 0.015, METER_BOTTOM + 0.02),
                  w.WARN, "meter-fill")  # fmt: skip
        w.outline(side, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.MUTED)
        w.label(side, self._t(FEEL), METER_LEFT - 0.02, METER_TOP + 0.13, scale=0.045,
                colour=w.MUTED)  # fmt: skip
        w.label(side, self._t(meter_text), METER_LEFT - 0.02, METER_TOP + 0.04, scale=0.06,
                colour=w.TEXT)  # fmt: skip
        self._classes(side, reading)

    def _classes(self, d: NodePath, reading) -> None:
        """The fibre-class panel: does a signal get through, does it fire on its own."""
        n = len(reading.classes)
        bottom = PANEL_TOP - n * ROW_HEIGHT - 0.03
        w.box(d, PANEL_LEFT - 0.03, PANEL_LEFT + 1.12, bottom, PANEL_TOP + 0.1, w.PANEL)
        w.label(d, self._t(THROUGH), PANEL_LEFT, PANEL_TOP + 0.03,
                scale=0.045, colour=w.MUTED)  # fmt: skip
        for i, c in enumerate(reading.classes):
            y = PANEL_TOP - (i + 1) * ROW_HEIGHT + 0.03
            if c.ectopic_hz >= 1.0:
                mark, word, colour = "\u2733", self._t(FIRES), w.WARN
            elif c.conducting:
                mark, word, colour = "\u2713", self._t(GETS_THROUGH), w.GOOD
            else:
                mark, word, colour = "\u2717", self._t(BLOCKED), w.MUTED
            w.label(d, f"{mark} {c.name}", PANEL_LEFT, y, scale=0.055, colour=colour)
            carries = self._t(CARRIES[c.name]) if c.name in CARRIES else ""
            w.label(d, f"{word} ({carries})", PANEL_LEFT + 0.34, y, scale=0.04,
                    colour=w.TEXT)  # fmt: skip

    def _summary(self, d: NodePath) -> None:
        """The summary card: one line per stage (when it came, or not seen) and the palsy's
        lines; wrapped to the card's width, and smaller when they would not fit its height."""
        summary = self.story.summary()
        _, right, bottom, top = w.screen_extent(self.root)
        half_w = min(1.2, right - 0.05)
        card_top, card_bottom = min(0.85, top - 0.1), max(-0.85, bottom + 0.15)
        fit = 1.0
        for _ in range(8):
            body = d.attach_new_node("summary")
            y = self._summary_lines(body, summary, half_w, card_top, fit)
            if y >= card_bottom + 0.04:
                break
            body.remove_node()
            fit *= 0.88
        back = d.attach_new_node("summary-card")
        back.reparent_to(d, sort=-1)  # behind the lines
        w.box(back, -half_w, half_w, card_bottom, card_top, (0.06, 0.08, 0.12, 0.95),
              "summary-card")  # fmt: skip
        w.outline(back, -half_w, half_w, card_bottom, card_top, w.ACCENT, thickness=3)

    def _summary_lines(self, body: NodePath, summary, half_w: float, card_top: float,
                       fit: float) -> float:  # fmt: skip
        _, _, y = w.label_below(body, self._t(summary.heading), 0.0, card_top - 0.07,
                                scale=0.08 * fit, colour=w.NERVE, align=TextNode.A_center,
                                wrap=2 * half_w - 0.2)  # fmt: skip
        y -= 0.05 * fit
        for line in summary.lines:
            palsy = line.stage.startswith("palsy")
            timed = (line.minutes_after_crossing, line.seconds_after_release)
            seen = palsy or any(t is not None for t in timed)
            mark = "\u2717" if palsy else "\u2713" if seen else "\u2013"
            _, _, y = w.label_below(body, f"{mark} {self._line(line)}", -half_w + 0.1, y,
                                    scale=0.05 * fit, wrap=2 * half_w - 0.2,
                                    colour=w.WARN if palsy else w.TEXT if seen else w.MUTED)  # fmt: skip
            y -= 0.06 * fit
        return y

    def _line(self, line) -> str:
        """A summary line in the overlay's language (the story writes them in English)."""
        texts = self.story.config.summary
        stage = stage_name(line.stage, self.strings, self.language)
        if line.stage == "palsy":
            return self._t(texts["palsy_line"], hours=f"{line.value:.1f}")
        if line.stage.startswith("palsy-blocked:"):
            return self._t(texts["palsy_blocked_line"], name=line.stage.split(":", 1)[1])
        if line.stage == "palsy-foot-drop":
            return self._t(texts["palsy_foot_drop_line"])
        if line.stage == "palsy-recovery":
            return self._t(texts["palsy_recovery_line"], weeks=f"{line.value:.0f}")
        if line.minutes_after_crossing is not None:
            return self._t(texts["crossed_line"], stage=stage,
                           minutes=f"{line.minutes_after_crossing:.1f}")  # fmt: skip
        if line.seconds_after_release is not None:
            return self._t(texts["released_line"], stage=stage,
                           seconds=f"{line.seconds_after_release:.0f}")  # fmt: skip
        return self._t(texts["skipped_line"], stage=stage)

    def tick(self, dt_s: float) -> None:
        """Advance the caption box's timing (long captions show in parts, one after another)."""
        self._caption_box.update(dt_s)

    def cleanup(self) -> None:
        self._caption_box.destroy()
        self.root.remove_node()
