"""Captions for narration and important sounds: big, boxed, at most two short lines, timed.

Sizes follow the exhibit's access rules (issue 7): capital letters at least 46 px tall on a
1080-line screen, scaling with the window's height (``caption_scale`` multiplies it, 1 to 3);
at most ``MAX_CHARS_PER_LINE`` characters a line (fewer when a large scale would not fit
the screen's width) and two lines, on a semi-opaque dark box. A longer caption is split, at
word boundaries, into successive captions, each shown for as long as it takes to read
(``READING_CHARS_PER_S``, slower than TV subtitles' ~15 for a museum's mixed, often young
audience, with a minimum per caption). ``ComfortSettings.captions`` shows or hides the box;
the queue keeps time either way, so switching captions on shows what is being said now.

The text logic (``split_caption``, ``reading_time_s``, ``CaptionQueue``) is pure Python;
``Captions`` draws the current caption under aspect2d with one TextNode and its card.
"""

import math
from collections import deque
from dataclasses import dataclass

from game.comfort import ComfortSettings

MAX_CHARS_PER_LINE = 40
MAX_LINES = 2
#: Minimum height of capital letters on a 1080-line screen, in pixels.
MIN_CAP_HEIGHT_PX_AT_1080 = 46.0
#: Capital height of the font as a fraction of its em (Panda3D's default font measures
#: 0.713; a little less here, so rounding and anti-aliasing never take it under 46 px).
CAP_HEIGHT_EM = 0.68
#: A generous average advance per character, in em, for fitting lines to the screen.
CHAR_ADVANCE_EM = 0.56
#: Reading speed and the shortest time any caption stays up.
READING_CHARS_PER_S = 12.0
MIN_CAPTION_S = 1.5
#: Extra time per caption to find it on screen.
LEAD_S = 0.5
#: The box: dark, 70% opaque, this much margin around the text (em).
BOX_COLOUR = (0.0, 0.0, 0.0, 0.7)
TEXT_COLOUR = (1.0, 1.0, 1.0, 1.0)
BOX_MARGIN_EM = (0.45, 0.45, 0.25, 0.2)  # left, right, bottom, top
#: Where the box's bottom edge sits (aspect2d units, -1 is the bottom of the screen): above
#: the flight HUD's two small lines.
BOX_BOTTOM = -0.8
#: Fraction of the screen's width a line may use.
USABLE_WIDTH = 0.92


def split_caption(
    text: str, *, max_chars: int = MAX_CHARS_PER_LINE, max_lines: int = MAX_LINES
) -> list[str]:
    """``text`` as successive captions of at most ``max_lines`` lines of ``max_chars``.

    Lines break between words; a word longer than a line is cut. Each caption's lines are
    joined with newlines.
    """
    if max_chars < 1 or max_lines < 1:
        raise ValueError(
            f"max_chars and max_lines must be at least 1, got {max_chars}, {max_lines}"
        )
    words = []
    for word in text.split():
        while len(word) > max_chars:
            words.append(word[:max_chars])
            word = word[max_chars:]
        words.append(word)
    lines: list[str] = []
    line = ""
    for word in words:
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= max_chars:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return ["\n".join(lines[i : i + max_lines]) for i in range(0, len(lines), max_lines)]


def reading_time_s(text: str) -> float:
    """How long a caption of ``text`` stays up: reading time at READING_CHARS_PER_S plus LEAD_S."""
    chars = len(" ".join(text.split()))
    return max(MIN_CAPTION_S, LEAD_S + chars / READING_CHARS_PER_S)


@dataclass(frozen=True)
class Caption:
    text: str
    duration_s: float


class CaptionQueue:
    """Captions waiting to be shown, each for its duration; ``update(dt_s)`` advances time."""

    def __init__(self, *, max_chars: int = MAX_CHARS_PER_LINE, max_lines: int = MAX_LINES):
        self.max_chars = max_chars
        self.max_lines = max_lines
        self._queue: deque[Caption] = deque()
        self._current: Caption | None = None
        self._shown_s = 0.0

    @property
    def current(self) -> str | None:
        """The caption on screen now, lines joined by newlines; None when there is none."""
        return self._current.text if self._current is not None else None

    @property
    def remaining_s(self) -> float:
        """How long the current caption stays up."""
        return 0.0 if self._current is None else max(0.0, self._current.duration_s - self._shown_s)

    def pending(self) -> list[Caption]:
        return list(self._queue)

    def say(self, text: str, duration_s: float | None = None, *, interrupt: bool = False):
        """Queue ``text`` (split into captions as needed). ``duration_s``, if given, is the
        whole text's time (for narration of known length), shared by its captions in
        proportion to their length; ``interrupt`` drops what was showing and queued."""
        if duration_s is not None and not (math.isfinite(duration_s) and duration_s > 0):
            raise ValueError(
                f"duration_s: expected a positive number of seconds, got {duration_s!r}"
            )
        pages = split_caption(text, max_chars=self.max_chars, max_lines=self.max_lines)
        if interrupt:
            self.clear()
        if not pages:
            return
        if duration_s is None:
            times = [reading_time_s(page) for page in pages]
        else:
            sizes = [len(page) for page in pages]
            times = [duration_s * size / sum(sizes) for size in sizes]
        self._queue.extend(Caption(page, t) for page, t in zip(pages, times))
        if self._current is None:
            self._shown_s = 0.0
            self._next()

    def clear(self) -> None:
        self._queue.clear()
        self._current = None
        self._shown_s = 0.0

    def update(self, dt_s: float) -> str | None:
        """Let ``dt_s`` seconds pass; returns the caption on screen afterwards."""
        if self._current is None:
            return None  # idle time does not count against captions said later
        self._shown_s += max(0.0, dt_s)
        while self._current is not None and self._shown_s >= self._current.duration_s:
            self._shown_s -= self._current.duration_s
            self._next()
        return self.current

    def _next(self) -> None:
        if self._queue:
            self._current = self._queue.popleft()
        else:
            self._current = None
            self._shown_s = 0.0


def text_scale(caption_scale: float = 1.0) -> float:
    """Em size in aspect2d units (which span the window's height as 2) for ``caption_scale``."""
    cap_units = 2.0 * MIN_CAP_HEIGHT_PX_AT_1080 / 1080.0
    return caption_scale * cap_units / CAP_HEIGHT_EM


def chars_per_line(aspect_ratio: float, caption_scale: float = 1.0) -> int:
    """At most MAX_CHARS_PER_LINE, fewer when lines that long would not fit the width."""
    usable = USABLE_WIDTH * 2.0 * aspect_ratio
    box = BOX_MARGIN_EM[0] + BOX_MARGIN_EM[1]
    fit = int((usable / text_scale(caption_scale) - box) / CHAR_ADVANCE_EM)
    return max(8, min(MAX_CHARS_PER_LINE, fit))


class Captions:
    """The caption box under ``parent`` (aspect2d) for a window of ``aspect_ratio``.

    ``say(text)`` queues; ``update(dt_s)`` each frame (or ``start(task_mgr)`` for a task that
    does it); ``set_comfort`` applies a new caption size or on/off at once; ``destroy()``.
    """

    TASK_NAME = "captions"
    TASK_SORT = 47

    def __init__(
        self,
        parent,
        comfort: ComfortSettings | None = None,
        *,
        aspect_ratio: float = 16.0 / 9.0,
        font=None,
        bottom: float = BOX_BOTTOM,
    ) -> None:
        from panda3d.core import TextNode, TransparencyAttrib

        self._aspect_ratio = aspect_ratio
        self._bottom = bottom
        self._text = TextNode("captions")
        if font is not None:
            self._text.set_font(font)
        self._text.set_align(TextNode.A_center)
        self._text.set_text_color(*TEXT_COLOUR)
        self._text.set_card_color(*BOX_COLOUR)
        self._text.set_card_as_margin(*BOX_MARGIN_EM)
        self._text.set_card_decal(True)
        self.root = parent.attach_new_node(self._text)
        self.root.set_transparency(TransparencyAttrib.M_alpha)
        self.root.set_depth_test(False)
        self.root.set_depth_write(False)
        self.root.set_bin("fixed", 200)  # over the scene and the vignette
        self._task_mgr = None
        self._messenger = None
        self.comfort = comfort or ComfortSettings()
        self.queue = CaptionQueue()
        self._shown: str | None = None
        self._layout()

    @property
    def visible(self) -> bool:
        return not self.root.is_hidden()

    @property
    def current(self) -> str | None:
        return self.queue.current

    def set_comfort(self, comfort: ComfortSettings) -> None:
        self.comfort = comfort
        self._layout()

    def set_aspect_ratio(self, aspect_ratio: float) -> None:
        self._aspect_ratio = aspect_ratio
        self._layout()

    def say(self, text: str, duration_s: float | None = None, *, interrupt: bool = False):
        self.queue.say(text, duration_s, interrupt=interrupt)
        self._refresh()

    def clear(self) -> None:
        self.queue.clear()
        self._refresh()

    def update(self, dt_s: float) -> None:
        self.queue.update(dt_s)
        self._refresh()

    def _layout(self) -> None:
        """Size and line length from the comfort settings (re-splits nothing already queued)."""
        self._scale = text_scale(self.comfort.caption_scale)
        self.queue.max_chars = chars_per_line(self._aspect_ratio, self.comfort.caption_scale)
        self.root.set_scale(self._scale)
        self._shown = None
        self._refresh()

    def _refresh(self) -> None:
        text = self.queue.current
        if text != self._shown:
            self._shown = text
            self._text.set_text(text or "")
            if text:
                # Keep the box's bottom edge where it belongs however many lines it has.
                card_bottom = self._text.get_card_actual()[2]
                self.root.set_pos(0.0, 0.0, self._bottom - card_bottom * self._scale)
        if text and self.comfort.captions:
            self.root.show()
        else:
            self.root.hide()

    def follow_window(self, base) -> None:
        """Re-fit line lengths whenever ``base``'s window changes shape (ShowBase throws
        "aspectRatioChanged" after a resize)."""
        self._messenger = base.messenger
        self._messenger.accept(
            "aspectRatioChanged", self, lambda: self.set_aspect_ratio(base.get_aspect_ratio())
        )
        self.set_aspect_ratio(base.get_aspect_ratio())

    def start(self, task_mgr, *, clock=None, fixed_frame_s: float | None = None) -> None:
        """Advance the captions every frame in a task."""
        from direct.task.Task import Task
        from panda3d.core import ClockObject

        clock = clock or ClockObject.get_global_clock()

        def task(_task):
            self.update(fixed_frame_s if fixed_frame_s is not None else clock.get_dt())
            return Task.cont

        self._task_mgr = task_mgr
        task_mgr.add(task, self.TASK_NAME, sort=self.TASK_SORT)

    def destroy(self) -> None:
        if self._messenger is not None:
            self._messenger.ignore_all(self)
            self._messenger = None
        if self._task_mgr is not None:
            self._task_mgr.remove(self.TASK_NAME)
            self._task_mgr = None
        self.root.remove_node()
