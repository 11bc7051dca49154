"""Data files (TOML), validated on load: every problem is one line naming the file, the key
and what was expected. Data is never executed. Pure Python: the simulation uses it too.
"""

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import REPO_ROOT
from game.errors import UserFacingError


class DataFileError(UserFacingError):
    """A data file that is missing, unreadable or does not match its schema."""

    def __init__(self, path: Path, key: str, expected: str) -> None:
        self.path = Path(path)
        self.key = key
        self.expected = expected
        where = f"key '{key}'" if key else "file"
        super().__init__(f"{display_path(path)}: {where}: {expected}")


def display_path(path: Path) -> str:
    """The path relative to the repository when it is inside it (shorter, and stable)."""
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def load_toml(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataFileError(path, "", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, "", f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise DataFileError(path, "", f"cannot be read ({exc.strerror})") from None


@dataclass(frozen=True)
class Field:
    """One key of a table: its kind, whether it must be there, and its allowed values."""

    kind: str  # "number", "integer", "string", "bool", "table", "list"
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    #: For "table": the schema of the sub-table; for "list": the schema of each item (a table)
    #: or None for a list of numbers.
    schema: dict[str, "Field"] | None = None
    length: int | None = None
    #: For a "list" without a schema: the kind of its items ("number" or "string").
    item_kind: str = "number"
    check: Callable[[Any], str | None] | None = None


def _describe(f: Field) -> str:
    if f.kind in ("number", "integer"):
        word = "a number" if f.kind == "number" else "an integer"
        if f.min is not None and f.max is not None:
            return f"{word} from {f.min:g} to {f.max:g}"
        if f.min is not None:
            return f"{word} >= {f.min:g}"
        return word
    if f.kind == "string" and f.choices:
        return "one of " + ", ".join(repr(c) for c in f.choices)
    if f.kind == "list" and f.schema is None and f.item_kind == "string":
        return "a list of strings"
    if f.kind == "list" and f.schema is None:
        n = f"{f.length} " if f.length else ""
        return f"a list of {n}numbers" + (
            f" from {f.min:g} to {f.max:g}" if f.min is not None and f.max is not None else ""
        )
    return {"string": "a string", "bool": "true or false", "table": "a table", "list": "a list"}[
        f.kind
    ]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_value(path: Path, key: str, f: Field, value: Any) -> None:
    bad = DataFileError(path, key, f"expected {_describe(f)}, got {value!r}")
    if f.kind in ("number", "integer"):
        if not _is_number(value) or (f.kind == "integer" and not isinstance(value, int)):
            raise bad
        if (f.min is not None and value < f.min) or (f.max is not None and value > f.max):
            raise bad
    elif f.kind == "string":
        if not isinstance(value, str) or not value.strip():
            raise bad
        if f.choices and value not in f.choices:
            raise bad
    elif f.kind == "bool":
        if not isinstance(value, bool):
            raise bad
    elif f.kind == "table":
        if not isinstance(value, dict):
            raise bad
        if f.schema is not None:
            check_table(path, value, f.schema, prefix=key)
    elif f.kind == "list":
        if not isinstance(value, list) or (f.length is not None and len(value) != f.length):
            raise bad
        for i, item in enumerate(value):
            if f.schema is None:
                item_field = Field(f.item_kind, min=f.min, max=f.max)
                _check_value(path, f"{key}[{i}]", item_field, item)
            else:
                if not isinstance(item, dict):
                    raise DataFileError(path, f"{key}[{i}]", f"expected a table, got {item!r}")
                check_table(path, item, f.schema, prefix=f"{key}[{i}]")
    if f.check is not None:
        problem = f.check(value)
        if problem:
            raise DataFileError(path, key, problem)


def check_table(path: Path, table: dict[str, Any], schema: dict[str, Field], *, prefix: str = "") -> None:
    """Raise DataFileError for the first unknown, missing or ill-typed key."""
    join = (prefix + ".") if prefix else ""
    for key in table:
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise DataFileError(path, join + key, f"unknown key (expected one of: {known})")
    for key, f in schema.items():
        if key not in table:
            if f.required:
                raise DataFileError(path, join + key, f"missing (expected {_describe(f)})")
            continue
        _check_value(path, join + key, f, table[key])
