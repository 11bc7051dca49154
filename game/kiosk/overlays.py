"""The kiosk's cards on aspect2d: "Touch to start", "Still there?", the PIN pad, the operator panel.

Each card builds under its own root and ``destroy()`` removes every widget it made (a kiosk
that shows 10,000 cards must not grow). Texts come from the string tables in the i18n font.
"""

from collections.abc import Callable

from direct.gui.DirectGui import DGG, DirectButton, DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextNode, TransparencyAttrib

from game.i18n import Strings

TEXT_COLOUR = (0.93, 0.95, 1.0, 1.0)
ACCENT = (0x56 / 255, 0xB4 / 255, 0xE9 / 255, 1.0)  # sky blue (Okabe-Ito)
VEIL = (0.0, 0.01, 0.04, 0.78)
BUTTON = (0.16, 0.22, 0.34, 1.0)


class Card:
    """A root node under ``parent`` plus the Direct widgets on it; ``destroy()`` removes all."""

    def __init__(self, parent: NodePath, name: str, font) -> None:
        self.root = parent.attach_new_node(name)
        self._font = font
        self._widgets: list = []

    def text(self, text: str, pos: tuple[float, float], scale: float, **kw) -> OnscreenText:
        kw.setdefault("fg", TEXT_COLOUR)
        kw.setdefault("align", TextNode.A_center)
        widget = OnscreenText(
            text=text,
            pos=pos,
            scale=scale,
            parent=self.root,
            font=self._font,
            mayChange=True,
            shadow=(0, 0, 0, 0.9),
            **kw,
        )
        self._widgets.append(widget)
        return widget

    def veil(self, colour=VEIL, size=(-4.0, 4.0, -1.2, 1.2), pos=(0.0, 0.0)) -> DirectFrame:
        frame = DirectFrame(
            parent=self.root, frameColor=colour, frameSize=size, pos=(pos[0], 0, pos[1])
        )
        frame.set_transparency(TransparencyAttrib.M_alpha)
        self._widgets.append(frame)
        return frame

    def button(
        self,
        label: str,
        pos: tuple[float, float],
        command: Callable[[], None],
        *,
        scale=0.06,
        width=None,
    ) -> DirectButton:
        pad = (0.5, 0.3)
        widget = DirectButton(
            parent=self.root,
            text=label,
            text_font=self._font,
            text_fg=TEXT_COLOUR,
            text_scale=1.0,
            scale=scale,
            pos=(pos[0], 0, pos[1]),
            frameColor=BUTTON,
            pad=pad,
            relief=DGG.FLAT,
            command=command,
            pressEffect=1,
        )
        if width is not None:
            widget["frameSize"] = (-width / 2, width / 2, -0.45, 1.0)
        self._widgets.append(widget)
        return widget

    def destroy(self) -> None:
        for widget in self._widgets:
            widget.destroy()
        self._widgets = []
        self.root.remove_node()


class AttractCard(Card):
    """Title and "Touch to start" in every offered language, plus language buttons (``opaque``:
    a veil that hides what is behind, e.g. the story's loading screen)."""

    def __init__(
        self,
        parent,
        strings: Strings,
        font,
        *,
        languages,
        selected: str,
        on_language: Callable[[str], None],
        opaque: bool = False,
    ) -> None:
        super().__init__(parent, "kiosk-attract", font)
        # see-through over the story; opaque over its loading screen
        self.veil(colour=(0.0, 0.01, 0.04, 1.0 if opaque else 0.45))
        self.text(strings.text(selected, "kiosk.title"), (0.0, 0.42), 0.16, fg=ACCENT)
        self.text(strings.text(selected, "kiosk.subtitle"), (0.0, 0.27), 0.07)
        # "Touch to start" in each language, the selected one first and largest.
        ordered = [selected] + [lang for lang in languages if lang != selected]
        self.touch_lines = []
        for i, language in enumerate(ordered):
            y = -0.02 - 0.13 * i
            self.touch_lines.append(
                self.text(
                    strings.text(language, "kiosk.touch_to_start"),
                    (0.0, y),
                    0.11 if i == 0 else 0.07,
                )
            )
        for i, language in enumerate(languages):
            x = (i - (len(languages) - 1) / 2) * 0.5
            self.button(
                strings.text(language, f"language.{language}"),
                (x, -0.72),
                lambda language=language: on_language(language),
                scale=0.055,
            )


class StillThereCard(Card):
    """ "Still there?" with the seconds left before the exhibit starts over."""

    def __init__(self, parent, strings: Strings, font, *, language: str) -> None:
        super().__init__(parent, "kiosk-still-there", font)
        self._strings = strings
        self._language = language
        self.veil()
        self.text(strings.text(language, "kiosk.still_there"), (0.0, 0.2), 0.15, fg=ACCENT)
        self.text(strings.text(language, "kiosk.still_there_hint"), (0.0, 0.04), 0.065)
        self._count = self.text("", (0.0, -0.18), 0.08)
        self._shown = None

    def show_seconds(self, seconds: int) -> None:
        if seconds != self._shown:
            self._shown = seconds
            self._count.setText(
                self._strings.text(self._language, "kiosk.countdown", seconds=seconds)
            )


class LanguageBar(Card):
    """Small language buttons in the bottom-right corner during a session."""

    def __init__(self, parent, strings: Strings, font, *, languages, on_language) -> None:
        # parent: a2dBottomRight (the story's header bar fills the top edge)
        super().__init__(parent, "kiosk-language-bar", font)
        for i, language in enumerate(reversed(languages)):
            self.button(
                language.upper(),
                (-0.12 - 0.2 * i, 0.06),
                lambda language=language: on_language(language),
                scale=0.045,
            )


class PinPad(Card):
    """Digits 0-9, delete, OK; the typed PIN is shown as dots."""

    def __init__(
        self,
        parent,
        strings: Strings,
        font,
        *,
        language: str,
        on_submit: Callable[[str], None],
        on_cancel: Callable[[], None],
    ) -> None:
        super().__init__(parent, "kiosk-pin-pad", font)
        self._strings = strings
        self._language = language
        self._on_submit = on_submit
        self.typed = ""
        self.veil(colour=(0.0, 0.0, 0.02, 0.92))
        self.text(strings.text(language, "operator.pin_prompt"), (0.0, 0.62), 0.07)
        self._dots = self.text("", (0.0, 0.46), 0.09)
        self._message = self.text("", (0.0, -0.78), 0.06, fg=(0.9, 0.62, 0.0, 1.0))
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "<", "0", "OK"]
        for i, key in enumerate(keys):
            x, y = (i % 3 - 1) * 0.26, 0.26 - (i // 3) * 0.22
            self.button(key, (x, y), lambda key=key: self.press(key), scale=0.08, width=2.4)
        self.button("X", (0.62, 0.62), on_cancel, scale=0.06)

    def press(self, key: str) -> None:
        if key == "OK":
            typed, self.typed = self.typed, ""
            self._dots.setText("")
            self._on_submit(typed)  # may destroy this pad (PIN accepted): touch nothing after
            return
        if key == "<":
            self.typed = self.typed[:-1]
        elif key.isdigit() and len(self.typed) < 8:
            self.typed += key
        self._dots.setText("\u2022" * len(self.typed))

    def show_message(self, text: str) -> None:
        self._message.setText(text)


class OperatorPanel(Card):
    """Counters; the settings (volume, idle timeout, countdown, default language, calm
    default, science profile, chapters), whether the last change was saved; close, quit."""

    def __init__(
        self,
        parent,
        strings: Strings,
        font,
        *,
        language: str,
        counters: dict,
        refused_quits: int,
        volume: float,
        default_language: str,
        calm_default: bool,
        on_volume,
        on_language,
        on_calm,
        on_close,
        on_quit,
        idle_timeout_s: float = 90.0,
        countdown_s: float = 15.0,
        science_profile: str = "article",
        chapters: tuple[str, ...] = (),
        save_state: str | None = None,
        on_idle_timeout=None,
        on_countdown=None,
        on_profile=None,
        on_chapter=None,
    ) -> None:
        super().__init__(parent, "kiosk-operator-panel", font)
        t = lambda key, **kw: strings.text(language, key, **kw)
        self.veil(colour=(0.0, 0.0, 0.02, 0.94))
        self.text(t("operator.title"), (0.0, 0.82), 0.09, fg=ACCENT)
        rows = [
            (t("operator.sessions_total"), counters.get("sessions", 0)),
            (t("operator.sessions_today"), counters.get("sessions_today", 0)),
            (t("operator.finished"), counters.get("finished", 0)),
            (t("operator.timeouts"), counters.get("timeouts", 0)),
            (t("operator.mean_dwell"), counters.get("mean_dwell_s", 0.0)),
            ("Esc / Alt+F4 / close", refused_quits),
        ]
        for i, (label, value) in enumerate(rows):
            y = 0.66 - 0.07 * i
            self.text(label, (-0.1, y), 0.045, align=TextNode.A_right)
            self.text(str(value), (0.0, y), 0.045, align=TextNode.A_left)
        # left column: numbers with - / +; right column: choices that cycle on a tap
        steppers = [
            (f"{t('operator.volume')}: {volume:.1f}", lambda d: on_volume(0.1 * d)),
            (t("operator.idle_timeout", seconds=f"{idle_timeout_s:g}"), on_idle_timeout),
            (t("operator.countdown", seconds=f"{countdown_s:g}"), on_countdown),
        ]
        for i, (label, command) in enumerate(steppers):
            y = 0.16 - 0.14 * i
            self.text(label, (-0.75, y), 0.045)
            if command is not None:
                self.button("-", (-1.3, y), lambda c=command: c(-1), scale=0.055, width=1.5)
                self.button("+", (-0.2, y), lambda c=command: c(+1), scale=0.055, width=1.5)
        on_off = t("operator.on") if calm_default else t("operator.off")
        language_name = strings.text(default_language, f"language.{default_language}")
        choices = [
            (f"{t('operator.language')}: {language_name}", on_language),
            (f"{t('operator.calm_default')}: {on_off}", on_calm),
            (f"{t('operator.profile')}: {t(f'operator.profile_{science_profile}')}", on_profile),
        ]
        for i, (label, command) in enumerate(choices):
            if command is not None:
                self.button(label, (0.8, 0.16 - 0.14 * i), command, scale=0.045)
        if on_chapter is not None:
            from game.kiosk.config import STORY_CHAPTERS

            self.text(t("operator.chapters"), (0.0, -0.3), 0.045)
            for i, chapter in enumerate(STORY_CHAPTERS):
                x, y = (i % 3 - 1) * 0.95, -0.39 - 0.1 * (i // 3)  # two rows of three
                mark = "\u2713 " if chapter in chapters else "\u2013 "
                button = self.button(
                    mark + t(f"chapter.{chapter}"), (x, y), lambda c=chapter: on_chapter(c),
                    scale=0.042,
                )  # fmt: skip
                if chapter not in chapters:
                    button["text_fg"] = (0.6, 0.62, 0.66, 1.0)
        if save_state is not None:
            colour = (0.0, 0.62, 0.45, 1.0) if save_state == "saved" else (0.9, 0.62, 0.0, 1.0)
            self.saved_line = self.text(t(f"operator.{save_state}"), (0.0, -0.6), 0.045, fg=colour)
        self.button(t("operator.close"), (-0.4, -0.76), on_close, scale=0.06)
        self.button(t("operator.quit"), (0.4, -0.76), on_quit, scale=0.06)
