"""The museum operator's kiosk settings: one TOML file, forgiving on purpose.

A typo must never keep the exhibit dark: every bad value is reported as one line naming the
file, the key, what was expected and the default used instead, and the exhibit starts on
that default. Unknown keys are reported too (and ignored). A missing file means all
defaults. ``check_config`` lists the problems without starting anything
(``pins-and-needles kiosk --check-config FILE``).

Default location: ``$XDG_CONFIG_HOME/pins-and-needles/kiosk.toml`` (``~/.config/...``);
``levels/kiosk/kiosk.example.toml`` documents every key.
"""

import datetime as dt
import math
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from game.datafile import display_path

#: Languages that have a string table in levels/strings/ (checked by tests/kiosk/test_i18n.py).
KNOWN_LANGUAGES = ("en", "es")
#: The story's chapters, in order, as the kiosk config names them. The story (the lead's)
#: plays only the enabled ones.
STORY_CHAPTERS = ("nerve", "impulse", "compression", "recovery", "movement", "evidence")
SCIENCE_PROFILES = ("article", "evidence")

_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_PIN_RE = re.compile(r"^\d{4,8}$")


@dataclass(frozen=True)
class KioskConfig:
    #: Languages offered on the attract screen, in the order shown.
    languages: tuple[str, ...] = KNOWN_LANGUAGES
    #: The language a new visitor starts in (and the one an idle reset returns to).
    default_language: str = "en"
    #: Seconds without input (narration not counted) before "Still there?" appears.
    idle_timeout_s: float = 90.0
    #: Seconds the "Still there?" card counts down before the session is reset.
    countdown_s: float = 15.0
    science_profile: str = "article"
    chapters: tuple[str, ...] = STORY_CHAPTERS
    #: Whether each new visitor starts in calm mode (reduced motion and flashing).
    calm_mode: bool = False
    #: Master volume, 0 (silent) to 1.
    volume: float = 0.7
    #: Opening hours "HH:MM" (local time); outside them the attract loop runs muted.
    opening_time: str = "09:00"
    closing_time: str = "18:00"
    #: Local time "HH:MM" of the nightly restart (taken only while nobody is using it).
    nightly_restart_time: str = "03:00"
    #: The operator panel's PIN: 4 to 8 digits. Change it: the default is documented.
    operator_pin: str = "2468"

    def is_open(self, now: dt.time) -> bool:
        """True when ``now`` (local time) lies within the opening hours."""
        opens, closes = parse_hhmm(self.opening_time), parse_hhmm(self.closing_time)
        if opens <= closes:
            return opens <= now < closes
        return now >= opens or now < closes  # open past midnight

    def restart_due(self, started: dt.datetime, now: dt.datetime) -> bool:
        """True when the nightly restart time has passed since ``started`` (local times)."""
        at = parse_hhmm(self.nightly_restart_time)
        next_restart = dt.datetime.combine(started.date(), at)
        if next_restart <= started:
            next_restart += dt.timedelta(days=1)
        return now >= next_restart


DEFAULTS = KioskConfig()


def parse_hhmm(text: str) -> dt.time:
    match = _TIME_RE.match(text)
    if not match:
        raise ValueError(f"not HH:MM: {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def default_config_path() -> Path:
    root = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return root / "pins-and-needles" / "kiosk.toml"


# -- one checker per key: returns the cleaned value, or raises _Bad(expected) ----------------
class _Bad(Exception):
    pass


def _number(lo: float, hi: float, what: str) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(f"{what} {lo:g}-{hi:g}")
        if not math.isfinite(value) or not lo <= value <= hi:
            raise _Bad(f"{what} {lo:g}-{hi:g}")
        return float(value)

    return check


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise _Bad("one of " + ", ".join(repr(c) for c in choices))
        return value

    return check


def _subset(choices: tuple[str, ...], what: str) -> Callable[[Any], tuple[str, ...]]:
    def check(value: Any) -> tuple[str, ...]:
        expected = f"a non-empty list of {what} from " + ", ".join(repr(c) for c in choices)
        if not isinstance(value, list) or not value:
            raise _Bad(expected)
        if any(item not in choices for item in value) or len(set(value)) != len(value):
            raise _Bad(expected + " (each once)")
        return tuple(value)

    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("true or false")
    return value


def _hhmm(value: Any) -> str:
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise _Bad('a local time "HH:MM" (24-hour, e.g. "03:00")')
    return value


def _pin(value: Any) -> str:
    if not isinstance(value, str) or not _PIN_RE.match(value):
        raise _Bad('a PIN of 4 to 8 digits, in quotes (e.g. "2468")')
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "languages": _subset(KNOWN_LANGUAGES, "language codes"),
    "default_language": _choice(KNOWN_LANGUAGES),
    "idle_timeout_s": _number(10, 3600, "a number of seconds"),
    "countdown_s": _number(3, 120, "a number of seconds"),
    "science_profile": _choice(SCIENCE_PROFILES),
    "chapters": _subset(STORY_CHAPTERS, "chapters"),
    "calm_mode": _bool,
    "volume": _number(0, 1, "a number"),
    "opening_time": _hhmm,
    "closing_time": _hhmm,
    "nightly_restart_time": _hhmm,
    "operator_pin": _pin,
}
assert set(_CHECKS) == {f.name for f in fields(KioskConfig)}


def _shown_default(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(repr(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def parse_config(table: dict[str, Any], name: str) -> tuple[KioskConfig, list[str]]:
    """The config from a parsed TOML table, and one line per problem (``name`` is the file)."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _CHECKS:
            known = ", ".join(_CHECKS)
            problems.append(f"{name}: key '{key}': unknown key, ignored (known keys: {known})")
            continue
        try:
            values[key] = _CHECKS[key](value)
        except _Bad as bad:
            default = _shown_default(getattr(DEFAULTS, key))
            problems.append(f"{name}: key '{key}': expected {bad}, got {value!r}; using {default}")
    # Keys that depend on each other: the default language must be one of those offered.
    languages = values.get("languages", DEFAULTS.languages)
    default_language = values.get("default_language", DEFAULTS.default_language)
    if default_language not in languages:
        chosen = languages[0]
        problems.append(
            f"{name}: key 'default_language': expected one of the configured languages "
            f"({', '.join(repr(x) for x in languages)}), got {default_language!r}; "
            f"using {chosen!r}"
        )
        values["default_language"] = chosen
    return KioskConfig(**values), problems


def load_config(path: Path | None = None) -> tuple[KioskConfig, list[str]]:
    """The config in ``path`` (default location when None) and its problems, never raising.

    A missing file gives all defaults and no problem; an unreadable or broken file gives all
    defaults and one problem.
    """
    path = Path(path) if path is not None else default_config_path()
    name = display_path(path)
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
    except FileNotFoundError:
        return DEFAULTS, []
    except tomllib.TOMLDecodeError as exc:
        return DEFAULTS, [f"{name}: file: not valid TOML ({exc}); using all defaults"]
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        return DEFAULTS, [f"{name}: file: cannot be read ({reason}); using all defaults"]
    return parse_config(table, name)


def check_config(path: Path) -> list[str]:
    """Every problem in the config file ``path``, one line each (a missing file is one)."""
    path = Path(path)
    if not path.exists():
        return [f"{display_path(path)}: file: not found (the kiosk would use all defaults)"]
    return load_config(path)[1]
