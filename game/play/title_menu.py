"""The title screen's rules: choose the story, free exploration or the lessons; switch the
language; switch calm mode (``game.comfort.ComfortSettings.calm``) and the captions, so a
first-time visitor can turn both on before anything moves. No rendering here."""

from dataclasses import replace

from game.comfort import ComfortSettings
from game.play.play_data import Text

ENTRIES = (
    ("story", Text("title.story", "The 3-minute story")),
    ("explore", Text("title.explore", "Explore the nerve")),
    ("lessons", Text("title.lessons", "Lessons")),
)
HEADING = Text("title.heading", "Pins & Needles")
SUBTITLE = Text("title.subtitle", "Why does your leg fall asleep?")
CALM_ON = Text("title.calm_on", "Calm mode: on")
CALM_OFF = Text("title.calm_off", "Calm mode: off")
CAPTIONS_ON = Text("title.captions_on", "Captions: on")
CAPTIONS_OFF = Text("title.captions_off", "Captions: off")
#: The title screen's keys, shown at its foot (the settings show their own keys beside them).
KEYS_HINT = Text("title.keys", "\u2191\u2193 choose   ENTER start   ESC quit")
FOV = Text("title.fov", "Field of view: {degrees} degrees")
#: The field-of-view steps F walks through (vertical degrees; 48 is the default lens). Wider
#: views feel faster; people prone to motion sickness often prefer one or the other.
FOV_STEPS_DEG = (40.0, 48.0, 60.0, 75.0, 90.0)
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class TitleMenu:
    def __init__(
        self, *, languages=("en", "es"), comfort: ComfortSettings | None = None,
        language: str | None = None, calm: bool = False,
    ) -> None:  # fmt: skip
        self.languages = tuple(languages)
        self.language = language if language in self.languages else self.languages[0]
        self.comfort = comfort if comfort is not None else ComfortSettings()
        self.calm = calm
        self._plain = self.comfort
        self.selected = 0

    @property
    def captions(self) -> bool:
        return self.comfort.captions

    def move(self, by: int) -> None:
        self.selected = (self.selected + by) % len(ENTRIES)

    def choose(self, index: int | None = None) -> str:
        """The mode to start: "story", "explore" or "lessons"."""
        if index is not None:
            self.selected = index
        return ENTRIES[self.selected][0]

    def next_language(self) -> str:
        i = self.languages.index(self.language)
        self.language = self.languages[(i + 1) % len(self.languages)]
        return self.language

    def toggle_calm(self) -> ComfortSettings:
        """Calm mode: reduced motion and flashing (the comfort settings' own ``calm()``)."""
        self.calm = not self.calm
        captions = self.comfort.captions
        self.comfort = self._plain.calm() if self.calm else replace(self._plain)
        self.comfort = replace(self.comfort, captions=captions)
        return self.comfort

    def next_fov(self) -> ComfortSettings:
        """The next field of view in FOV_STEPS_DEG (after the widest, the narrowest)."""
        wider = [d for d in FOV_STEPS_DEG if d > self.comfort.fov_deg + 0.5]
        fov = wider[0] if wider else FOV_STEPS_DEG[0]
        self.comfort = replace(self.comfort, fov_deg=fov)
        self._plain = replace(self._plain, fov_deg=fov)
        return self.comfort

    def toggle_captions(self) -> ComfortSettings:
        """Captions on or off (kept when calm mode changes)."""
        self.comfort = replace(self.comfort, captions=not self.comfort.captions)
        self._plain = replace(self._plain, captions=self.comfort.captions)
        return self.comfort
