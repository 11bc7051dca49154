"""Languages: every visible kiosk text comes from a string table in ``levels/strings/<code>.toml``.

English (``en.toml``) is the reference. Another language missing a key, carrying a key
English lacks, or changing a key's placeholders is reported at load (one line each) and
that key falls back to English, so a half-translated table never blanks the screen. Keys
are ``table.key`` (``kiosk.touch_to_start``); stage and sensation names map to keys with
``stage_key``. The font (DejaVu Sans, ``models/fonts/``) has the Spanish glyphs
(á é í ó ú ñ ¿ ¡), which Panda3D's built-in font lacks.
"""

import string
from pathlib import Path
from typing import Any

from game import REPO_ROOT
from game.datafile import DataFileError, display_path, load_toml

STRINGS_DIR = REPO_ROOT / "levels" / "strings"
REFERENCE_LANGUAGE = "en"
FONT_PATH = REPO_ROOT / "models" / "fonts" / "DejaVuSans.ttf"
#: Glyph resolution: large enough for a crisp 46 px caption on a 1080p screen.
FONT_PIXELS_PER_UNIT = 64


def stage_key(name: str) -> str:
    """``"ATP depletion"`` -> ``"atp_depletion"``, ``"nerve dark, silent"`` -> ``"nerve_dark_silent"``."""
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "_".join(words)


def _flatten(path: Path, table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"kiosk": {"title": "..."}, "story": {"healthy": {"caption": "..."}}}`` ->
    ``{"kiosk.title": "...", "story.healthy.caption": "..."}`` (texts at any depth)."""
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(path, value, key + "."))
        elif not prefix:
            raise DataFileError(path, key, 'expected a table of texts ([section] key = "...")')
        elif not isinstance(value, str) or not value.strip():
            raise DataFileError(path, key, f"expected a text, got {value!r}")
        else:
            flat[key] = value
    return flat


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Strings:
    """The string tables of ``languages``; ``problems`` lists what was missing or wrong."""

    def __init__(
        self, languages: tuple[str, ...] = ("en", "es"), directory: Path = STRINGS_DIR
    ) -> None:
        self.problems: list[str] = []
        reference_path = Path(directory) / f"{REFERENCE_LANGUAGE}.toml"
        # A broken English table is a broken install: raise (one line) rather than show nothing.
        self.reference = _flatten(reference_path, load_toml(reference_path))
        self.tables: dict[str, dict[str, str]] = {REFERENCE_LANGUAGE: self.reference}
        for language in languages:
            if language != REFERENCE_LANGUAGE:
                self.tables[language] = self._load_other(Path(directory) / f"{language}.toml")

    def _load_other(self, path: Path) -> dict[str, str]:
        name = display_path(path)
        try:
            table = _flatten(path, load_toml(path))
        except DataFileError as exc:
            self.problems.append(f"{exc}; showing English instead")
            return dict(self.reference)
        merged = dict(self.reference)
        for key, text in table.items():
            if key not in self.reference:
                self.problems.append(f"{name}: key '{key}': unknown key (not in en.toml), ignored")
            elif _placeholders(text) != _placeholders(self.reference[key]):
                wanted = ", ".join(
                    "{" + p + "}" for p in sorted(_placeholders(self.reference[key]))
                )
                self.problems.append(
                    f"{name}: key '{key}': expected the placeholders {wanted or 'none'} "
                    f"as in en.toml, got {text!r}; showing English"
                )
            else:
                merged[key] = text
        for key in self.reference:
            if key not in table:
                self.problems.append(f"{name}: key '{key}': missing; showing English")
        return merged

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.tables)

    def text(self, language: str, key: str, **values: Any) -> str:
        """The text of ``key`` in ``language`` (English if that language is not loaded)."""
        table = self.tables.get(language, self.reference)
        text = table.get(key)
        if text is None:
            raise KeyError(f"no string {key!r} in {display_path(STRINGS_DIR / 'en.toml')}")
        return text.format(**values) if values else text


def load_font():
    """DejaVu Sans as a Panda3D font (imported lazily: this module stays Panda3D-free)."""
    from panda3d.core import DynamicTextFont, Filename

    font = DynamicTextFont(Filename.from_os_specific(str(FONT_PATH)))
    if not font.is_valid():
        from game.errors import UserFacingError

        raise UserFacingError(f"{display_path(FONT_PATH)}: file: not a readable font")
    font.set_pixels_per_unit(FONT_PIXELS_PER_UNIT)
    return font
