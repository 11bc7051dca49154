"""A lesson chapter on screen: its title and number, the objective, one caption at a time,
the challenge's instruction while it runs, and the stars (drawn as filled and hollow stars
plus "2 of 3 stars", so the score does not rest on colour). Reads a
``game.play.chapter_run.ChapterRun``; call ``refresh()`` after it changes."""

from panda3d.core import NodePath, TextNode

from game.play.chapter_run import CHALLENGE, DONE, OBJECTIVE, ChapterRun
from game.play.play_data import Text, localized
from game.render.play_views import widgets as w

MAX_STARS = 3

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
    DONE: Text("lesson.card.keys_done", "ESC back to the lessons"),
}


class ChapterCard:
    def __init__(
        self, parent: NodePath, run: ChapterRun, *, strings=None, language: str = "en"
    ) -> None:
        self.run = run
        self.strings = strings
        self.language = language
        self.caption_index = 0
        self.page_index = 0
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

    def refresh(self) -> None:
        if self._content is not None:
            self._content.remove_node()
        c = self._content = self.root.attach_new_node("content")
        ch = self.run.chapter
        w.box(c, -1.5, 1.5, 0.45, 0.95, w.PANEL)
        w.label(c, f"{ch.number}. {self._t(ch.title)}", -1.42, 0.8, scale=0.085, colour=w.NERVE)
        w.label(c, self._t(ch.objective), -1.42, 0.66, scale=0.055, wrap=2.5)
        stars = self.run.stars if self.run.state == DONE else 0
        shown = "\u2605" * stars + "\u2606" * (MAX_STARS - stars)
        w.label(c, shown, 1.42, 0.8, scale=0.09, colour=w.NERVE, align=TextNode.A_right)
        w.label(c, self._t(STARS, stars=stars, total=MAX_STARS), 1.42, 0.72, scale=0.04, colour=w.MUTED,
                align=TextNode.A_right)  # fmt: skip
        w.box(c, -1.5, 1.5, -0.95, -0.6, w.PANEL)
        keys = KEYS.get(self.run.state)
        if keys is not None:
            w.label(c, self._t(keys), 0.0, -0.55, scale=0.045, colour=w.ACCENT,
                    align=TextNode.A_center)  # fmt: skip
        if self.run.state == CHALLENGE:
            w.label(c, "\u25b6 " + self._t(ch.challenge.instruction), -1.42, -0.7, scale=0.055,
                    colour=w.ACCENT, wrap=2.8)  # fmt: skip
        else:
            from game.render.captions import text_scale

            pages = self._pages()
            self.page_index = min(self.page_index, len(pages) - 1)
            w.label(c, f"{self.page_index + 1}/{len(pages)}", 1.42, -0.98, scale=0.04,
                    colour=w.MUTED, align=TextNode.A_right)  # fmt: skip
            # caption size: capitals at least 46 px tall on a 1080-line screen
            w.label(c, pages[self.page_index][1], -1.42, -0.7, scale=text_scale())

    def cleanup(self) -> None:
        self.root.remove_node()
