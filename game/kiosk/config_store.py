"""Writing the operator panel's changes back into the kiosk's config file, so they outlast a restart.

The panel edits the file the kiosk was started with (``--config FILE``, or the default
location) in place: each changed key's line is replaced (its trailing comment kept), a key
the file lacks is appended under a "set in the operator panel" comment, and every other
line — the operator's comments, keys, blank lines, even keys with bad values — stays as it
was. No file yet: one is created. The new text is checked (it must parse and hold exactly
the intended values) and then written atomically: a temporary file in the same folder,
flushed to disk, renamed over the old one, so a power cut leaves the old file or the new,
never half of one.

A file that cannot be written (read-only file or folder, not valid TOML, a disk error)
raises ``SettingsNotSaved`` with one line naming the file and why; the kiosk logs it and the
change still applies until the next restart.
"""

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from game.datafile import display_path

NEW_FILE_HEADER = (
    "# Pins & Needles kiosk settings, created by the operator panel.\n"
    "# Every key is documented in levels/kiosk/kiosk.example.toml.\n"
)
APPENDED_COMMENT = "# Set in the operator panel:\n"
_TABLE_RE = re.compile(r"^\s*\[")


class SettingsNotSaved(Exception):
    """One line: the file, and why the panel's change could not be written to it."""


def toml_value(value: Any) -> str:
    """``value`` (str, bool, int, float, or a tuple/list of str) as TOML text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        number = float(value)
        return f"{number:g}" if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def _key_re(key: str) -> re.Pattern:
    quoted = re.escape(key)
    return re.compile(rf"^(\s*)(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=\s*(.*)$", re.DOTALL)


def _value_span(lines: list[str], first: int, rest: str) -> tuple[int, str]:
    """The last line of the value starting with ``rest`` on line ``first`` (a multi-line array
    spans several), and the comment after the value ('' if none)."""
    text = rest
    for last in range(first, len(lines)):
        if last > first:
            text += lines[last]
        cuts = [m.start() for m in re.finditer("#", text)] + [len(text)]
        for cut in cuts:
            try:
                tomllib.loads("v = " + text[:cut])
            except tomllib.TOMLDecodeError:
                continue
            comment = text[cut:].strip()
            if not comment or comment.startswith("#"):
                return last, comment
    raise ValueError("value not found")


def update_toml_text(text: str, changes: dict[str, Any]) -> str:
    """``text`` (a TOML file of top-level keys) with ``changes`` set, everything else kept."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    end_of_top = next((i for i, line in enumerate(lines) if _TABLE_RE.match(line)), len(lines))
    missing: dict[str, Any] = {}
    for key, value in changes.items():
        pattern = _key_re(key)
        for i in range(end_of_top):
            match = pattern.match(lines[i].rstrip("\r\n"))
            if match:
                last, comment = _value_span(lines, i, match[2] + "\n")
                new = f"{match[1]}{key} = {toml_value(value)}"
                if comment:
                    new += f"  {comment}"
                lines[i : last + 1] = [new + newline]
                end_of_top -= last - i
                break
        else:
            missing[key] = value
    if missing:
        block = [APPENDED_COMMENT.replace("\n", newline)]
        block += [f"{key} = {toml_value(value)}{newline}" for key, value in missing.items()]
        if end_of_top > 0 and not lines[end_of_top - 1].endswith(("\n", "\r")):
            lines[end_of_top - 1] += newline
        if end_of_top > 0 and lines[end_of_top - 1].strip():
            block.insert(0, newline)
        if end_of_top < len(lines):
            block.append(newline)
        lines[end_of_top:end_of_top] = block
    return "".join(lines)


def _same(parsed: Any, wanted: Any) -> bool:
    if isinstance(wanted, tuple | list):
        return list(parsed) == list(wanted)
    if isinstance(wanted, bool) or isinstance(parsed, bool):
        return parsed is wanted
    if isinstance(wanted, int | float):
        return isinstance(parsed, int | float) and float(parsed) == float(wanted)
    return parsed == wanted


def save_settings(path: Path, changes: dict[str, Any]) -> Path:
    """Set ``changes`` (config keys -> values) in the config file ``path``; returns the file
    written (a symlink's target). Raises ``SettingsNotSaved`` (one line) when it cannot."""
    path = Path(path)
    name = display_path(path)
    try:
        target = path.resolve()
        exists = target.exists()
        if exists and not stat.S_IMODE(target.stat().st_mode) & 0o222:
            # read-only on purpose (the museum locked its config): respected even as root
            raise SettingsNotSaved(f"{name}: file: read-only, change not saved")
        old = target.read_text(encoding="utf-8") if exists else NEW_FILE_HEADER
    except SettingsNotSaved:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise SettingsNotSaved(
            f"{name}: file: cannot be read ({reason}), change not saved"
        ) from exc
    try:
        before = tomllib.loads(old)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsNotSaved(
            f"{name}: file: not valid TOML ({exc}); fix it by hand, change not saved"
        ) from exc
    new = update_toml_text(old, changes)
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:  # a layout this editor does not understand
        raise SettingsNotSaved(f"{name}: file: could not be edited safely ({exc})") from exc
    expected = {**before, **changes}
    if set(after) != set(expected) or not all(_same(after[k], expected[k]) for k in expected):
        raise SettingsNotSaved(f"{name}: file: could not be edited safely, change not saved")
    _write_atomically(target, new, name)
    return target


def _write_atomically(target: Path, text: str, name: str) -> None:
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(target.parent)
    except OSError as exc:
        raise SettingsNotSaved(
            f"{name}: file: cannot be written ({exc.strerror or exc}), change not saved"
        ) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _fsync_folder(folder: Path) -> None:
    # the rename itself reaches the disk only when the folder's entry does
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
