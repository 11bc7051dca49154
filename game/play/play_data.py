"""Shared pieces of the gameplay data files (``levels/story``, ``levels/lessons``).

Every visible text is a ``{ key = "...", en = "..." }`` pair: the key names the string in
``levels/strings/<language>.toml`` (``game/i18n.py``) and the English is the reference text,
used when no table has the key yet. Stage names, fibre classes and profiles that a file
refers to must exist: they are checked against the simulation's own lists.
"""

from dataclasses import dataclass
from pathlib import Path

from game.datafile import DataFileError, Field
from game.sim.fibre_classes import default_fibre_classes
from game.sim.profiles import PROFILE_NAMES
from game.sim.protocol import COMPRESSION_STAGES, RECOVERY_PHASES
from game.sim.sensation import SENSATIONS

#: Every stage the sim reads off the state (``NerveStatus.stage``, ``NerveSnapshot.stage``).
ALL_STAGES = ("healthy", *COMPRESSION_STAGES, *RECOVERY_PHASES)

TEXT = Field("table", schema={"key": Field("string"), "en": Field("string")})


@dataclass(frozen=True)
class Text:
    """A visible text: its string-table key and its English reference."""

    key: str
    en: str

    def __str__(self) -> str:
        return self.en


def text(table: dict) -> Text:
    return Text(key=table["key"], en=table["en"])


def class_names() -> tuple[str, ...]:
    return tuple(c.name for c in default_fibre_classes())


def require_choice(path: Path, key: str, value: str, choices, what: str) -> None:
    """Refuse a reference to something that does not exist (a class, stage, profile)."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise DataFileError(path, key, f"unknown {what} {value!r} (expected one of: {listed})")


__all__ = [
    "ALL_STAGES",
    "COMPRESSION_STAGES",
    "PROFILE_NAMES",
    "RECOVERY_PHASES",
    "SENSATIONS",
    "TEXT",
    "Text",
    "class_names",
    "localized",
    "require_choice",
    "text",
]  # fmt: skip


def localized(t: Text, strings=None, language: str = "en", **values) -> str:
    """``t`` in ``language`` from a ``game.i18n.Strings`` when it has the key, else the
    English reference (a new text shows in English until it is translated)."""
    if strings is not None:
        try:
            return strings.text(language, t.key, **values)
        except KeyError:
            pass
    return t.en.format(**values) if values else t.en
