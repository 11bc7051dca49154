"""``pins-and-needles check-levels [PATH ...]``: validate level files for content authors.

With no path, checks everything under ``levels/``: the lessons, the story files, and the
science and string tables through their own loaders. A path may be a file or a folder. Each
problem is one line naming the file, the key and what was expected; exit status 1 if any.
"""

import sys
from collections.abc import Callable
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, display_path

LEVELS_DIR = REPO_ROOT / "levels"


def _loader_for(path: Path) -> Callable[[Path], object] | None:
    """The loader that owns a file, by its folder and name (None: not a level file)."""
    folder, name = path.parent.name, path.name
    if folder == "lessons":
        from game.play.lessons import load_chapter

        return load_chapter
    if folder == "story":
        from game.play.legs import load_legs_config
        from game.play.story import load_story
        from game.play.time_controls import load_ladders

        return {"story.toml": load_story, "legs.toml": load_legs_config,
                "time_controls.toml": load_ladders}.get(name)  # fmt: skip
    if folder == "science":
        from game.sim.fibre_classes import load_fibre_classes
        from game.sim.nerve_injury import load_injury_params
        from game.sim.profiles import load_profile
        from game.sim.sensation import load_sensation_rules

        if name.startswith("profile_"):
            return load_profile
        return {"fibre_classes.toml": load_fibre_classes,
                "sensation.toml": load_sensation_rules,
                "injury.toml": load_injury_params}.get(name)  # fmt: skip
    return None


def _files(paths: list[Path]) -> list[Path]:
    """The files to check: each file named, and under each folder the files a loader here
    owns (other folders' files, e.g. levels/kiosk, are their owners' to check)."""
    out = []
    for p in paths:
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*.toml")) if _loader_for(f.resolve()))
        else:
            out.append(p)
    return out


def check(paths: list[Path]) -> list[str]:
    problems = []
    ids: dict[str, Path] = {}
    for path in _files(paths):
        if not path.exists():
            problems.append(f"{display_path(path)}: file: file not found")
            continue
        loader = _loader_for(path.resolve())
        if loader is None:
            problems.append(
                f"{display_path(path)}: file: not a level file this command checks (expected "
                "levels/lessons/*.toml, levels/story/*.toml or levels/science/*.toml)"
            )
            continue
        try:
            loaded = loader(path)
        except DataFileError as exc:
            problems.append(str(exc))
            continue
        chapter_id = getattr(loaded, "id", None)
        if path.parent.name == "lessons" and chapter_id is not None:
            if chapter_id in ids:
                other = ids[chapter_id].name
                problems.append(
                    f"{display_path(path)}: key 'id': '{chapter_id}' is also the id of {other}"
                )
            ids[chapter_id] = path
    if any(p.resolve() == LEVELS_DIR for p in paths):
        problems.extend(_string_problems())
    return problems


def _string_problems() -> list[str]:
    try:
        from game.i18n import Strings
    except ImportError:
        return []
    try:
        return [str(p) for p in Strings().problems]
    except DataFileError as exc:
        return [str(exc)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or [LEVELS_DIR]
    problems = check(paths)
    for line in problems:
        print(line)
    if not problems:
        print(f"check-levels: {len(_files(paths))} files, no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
