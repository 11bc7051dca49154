"""The story's overlay: the beat's caption in a box at the bottom, the stage's name and the
real time the physiological clock stands for at the top, the sensation meter ("what you
would feel now": a bar with its level and its word) on the left, and at the end the summary
card. Reads ``game.play.story.Story`` and a nerve reading; text is rebuilt only on change.
"""

from panda3d.core import NodePath, TextNode

from game.play.play_data import localized
from game.play.story import Story
from game.render.play_views import widgets as w

METER_BOTTOM, METER_TOP = -0.35, 0.35
METER_LEFT, METER_RIGHT = -1.62, -1.52


CARRIES = {
    "A-alpha": "movement, position",
    "A-beta": "touch, vibration",
    "A-delta": "sharp pain, cold",
    "C": "slow pain, warmth, itch",
}
PANEL_LEFT, PANEL_TOP, ROW_HEIGHT = -1.08, 0.62, 0.12


def _mm_ss(seconds: float) -> str:
    minutes, secs = divmod(int(max(seconds, 0.0)), 60)
    return f"{minutes:d}:{secs:02d}"


def clock_label(story: Story, reading) -> str:
    """The real time the physiological clock stands for, counted from the last crossing or
    release (never only the simulated seconds: the screen must not mislead about time)."""
    t = reading.physiological_s
    if reading.legs_crossed and story.crossed_at_s is not None:
        return f"legs crossed for {_mm_ss(t - story.crossed_at_s)} (real time)"
    if story.released_at_s is not None:
        return f"released {_mm_ss(t - story.released_at_s)} ago (real time)"
    return f"real time {_mm_ss(t)}"


class StoryOverlay:
    def __init__(
        self, parent: NodePath, story: Story, *, strings=None, language: str = "en"
    ) -> None:
        self.story = story
        self.strings = strings
        self.language = language
        self.root = parent.attach_new_node("story-overlay")
        self._key = None
        self._dynamic: NodePath | None = None

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    def update(self, reading) -> None:
        s = self.story
        level, meter_text = s.meter
        key = (s.index, s.palsy, s.finished, s.summary_shown_s is not None, round(level, 2),
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
        w.label(d, reading.stage.capitalize(), -1.7, 0.87, scale=0.07, colour=w.NERVE)
        w.label(d, clock_label(s, reading), 1.7, 0.87, scale=0.06, colour=w.MUTED,
                align=TextNode.A_right)  # fmt: skip
        # bottom: the caption
        w.box(d, -1.45, 1.45, -0.97, -0.62, w.PANEL)
        w.label(d, self._t(s.caption), -1.38, -0.71, scale=0.062, wrap=2.76)
        # left: the sensation meter, level as a filled bar plus its word
        w.box(d, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.PANEL)
        fill_top = METER_BOTTOM + (METER_TOP - METER_BOTTOM) * level
        if level > 0:
            w.box(d, METER_LEFT + 0.015, METER_RIGHT - 0.015, METER_BOTTOM + 0.015, max(fill_top - 0.015, METER_BOTTOM + 0.02),
                  w.WARN, "meter-fill")  # fmt: skip
        w.outline(d, METER_LEFT, METER_RIGHT, METER_BOTTOM, METER_TOP, w.MUTED)
        w.label(
            d, "you would feel", METER_LEFT - 0.02, METER_TOP + 0.1, scale=0.045, colour=w.MUTED
        )
        w.label(
            d, self._t(meter_text), METER_LEFT - 0.02, METER_TOP + 0.04, scale=0.06, colour=w.TEXT
        )
        self._classes(d, reading)

    def _classes(self, d: NodePath, reading) -> None:
        """The fibre-class panel: does a signal get through, does it fire on its own."""
        n = len(reading.classes)
        bottom = PANEL_TOP - n * ROW_HEIGHT - 0.03
        w.box(d, PANEL_LEFT - 0.03, PANEL_LEFT + 1.12, bottom, PANEL_TOP + 0.1, w.PANEL)
        w.label(d, "signal through the pressed spot?", PANEL_LEFT, PANEL_TOP + 0.03,
                scale=0.045, colour=w.MUTED)  # fmt: skip
        for i, c in enumerate(reading.classes):
            y = PANEL_TOP - (i + 1) * ROW_HEIGHT + 0.03
            if c.ectopic_hz >= 1.0:
                mark, word, colour = "\u2733", "fires on its own", w.WARN
            elif c.conducting:
                mark, word, colour = "\u2713", "gets through", w.GOOD
            else:
                mark, word, colour = "\u2717", "blocked", w.MUTED
            w.label(d, f"{mark} {c.name}", PANEL_LEFT, y, scale=0.055, colour=colour)
            w.label(d, f"{word} ({CARRIES.get(c.name, '')})", PANEL_LEFT + 0.34, y, scale=0.04,
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
            seen = line.minutes_after_crossing is not None or line.seconds_after_release is not None
            mark = "\u2713" if seen else "\u2013"
            w.label(
                d, f"{mark} {line.text}", -1.1, y, scale=0.05, colour=w.TEXT if seen else w.MUTED
            )
            y -= 0.12

    def cleanup(self) -> None:
        self.root.remove_node()
