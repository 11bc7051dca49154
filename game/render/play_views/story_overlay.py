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
            self.root, ComfortSettings(captions=captions, caption_scale=caption_scale)
        )
        if not captions:
            self._caption_box.root.hide()
        self._said: str | None = None

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def set_language(self, language: str) -> None:
        self.language = language
        self._key = None  # redrawn on the next update

    def update(self, reading) -> None:
        s = self.story
        level, meter_text = s.meter
        key = (s.index, s.palsy, s.legs.holding, s.finished, s.summary_shown_s is not None, round(level, 2),
               meter_text.key, int(reading.physiological_s), reading.stage, reading.legs_crossed,
               tuple((c.conducting, c.ectopic_hz >= 1.0) for c in reading.classes))  # fmt: skip
        if key == self._key:
            return
        self._key = key
        if self._dynamic is not None:
            self._dynamic.remove_node()
        d = self._dynamic = self.root.attach_new_node("dynamic")
        if s.summary_shown_s is not None:
            self._summary(d)
            return
        # top: the stage as the sim reads it, and the real time it stands for
        w.box(d, -1.75, 1.75, 0.82, 0.97, w.PANEL)
        w.label(
            d,
            stage_name(reading.stage, self.strings, self.language),
            -1.7,
            0.87,
            scale=0.07,
            colour=w.NERVE,
        )
        w.label(d, clock_label(s, reading, self.strings, self.language), 1.7, 0.87, scale=0.06, colour=w.MUTED,
                align=TextNode.A_right)  # fmt: skip
        # bottom: the caption, and what the visitor can do now
        said = self._t(s.caption) if s.caption and self.captions else None
        if said != self._said:
            self._said = said
            if said:
                self._caption_box.say(said, interrupt=True)
            else:
                self._caption_box.clear()
        if not s.attract and not s.finished:
            prompt, text = w.label(d, self._t(s.legs.prompt()), 0.0, -0.42, scale=0.055,
                                   colour=w.ACCENT, align=TextNode.A_center)  # fmt: skip
            # a dark backing: the bright nerve behind the prompt made it hard to read
            half = 0.5 * text.get_width() * 0.055 + 0.04
            w.box(d, -half, half, -0.455, -0.36, w.PANEL, "prompt-backing")
            prompt.reparent_to(d)  # now the last child: drawn over its backing
        # left: the sensation meter, level as a filled bar plus its word
        w.box(d, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.PANEL)
        fill_top = METER_BOTTOM + (METER_TOP - METER_BOTTOM) * level
        if level > 0:
            w.box(d, METER_LEFT + 0.015, METER_RIGHT - 0.015, METER_BOTTOM + 0.015, max(fill_top - 0.015, METER_BOTTOM + 0.02),
                  w.WARN, "meter-fill")  # fmt: skip
        w.outline(d, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.MUTED)
        w.label(d, self._t(FEEL), METER_LEFT - 0.02, METER_TOP + 0.13, scale=0.045, colour=w.MUTED)
        w.label(
            d, self._t(meter_text), METER_LEFT - 0.02, METER_TOP + 0.04, scale=0.06, colour=w.TEXT
        )
        self._classes(d, reading)

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
        summary = self.story.summary()
        w.box(d, -1.2, 1.2, -0.85, 0.85, (0.06, 0.08, 0.12, 0.95), "summary-card")
        w.outline(d, -1.2, 1.2, -0.85, 0.85, w.ACCENT, thickness=3)
        w.label(
            d, self._t(summary.heading), 0, 0.7, scale=0.08, colour=w.NERVE, align=TextNode.A_center
        )
        y = 0.55
        for line in summary.lines:
            palsy = line.stage.startswith("palsy")
            timed = (line.minutes_after_crossing, line.seconds_after_release)
            seen = palsy or any(t is not None for t in timed)
            mark = "\u2717" if palsy else "\u2713" if seen else "\u2013"
            w.label(
                d,
                f"{mark} {self._line(line)}",
                -1.1,
                y,
                scale=0.05,
                colour=w.WARN if palsy else w.TEXT if seen else w.MUTED,
            )
            y -= 0.12

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
