"""The explore view's captions: what the visitor sees, said on entering a view and on each
change of the nerve's stage (``NerveSnapshot.stage``, read off the state by
``game.sim.stages``). After a palsy (hours of pressure: ``NerveSnapshot.injury``, a
``game.sim.nerve_injury.InjuryStatus`` with a lasting block) the stage captions after the
pressure ("blood returns, but the nerve is still dark", "recovered") would no longer be true:
the big fibres stay blocked for weeks. Then the view's injured caption is said instead.

The texts are data (``levels/explore/captions.toml``), validated on load with
``game.datafile``: a missing or broken file, an unknown or missing key, or a caption too long
for two caption lines gives one line naming the file and the key.
"""

from dataclasses import dataclass
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.sim.stages import ALL_STAGES, COMPRESSION_STAGES

CAPTIONS_PATH = REPO_ROOT / "levels" / "explore" / "captions.toml"
#: The views the V key switches between: outside the fibres, inside one fibre.
VIEWS = ("world", "tunnel")
#: Two caption lines of about 40 characters (game.render.captions).
MAX_CHARS = 80

_STAGE_TEXTS = {stage: Field("string") for stage in ALL_STAGES}
SCHEMA = {
    "views": Field("table", schema={view: Field("string") for view in VIEWS}),
    "stages": Field("table", schema={view: Field("table", schema=_STAGE_TEXTS) for view in VIEWS}),
    "injured": Field("table", schema={view: Field("string") for view in VIEWS}),
}


@dataclass(frozen=True)
class ExploreCaptions:
    """``on_enter[view]``, ``on_stage[view][stage]`` and ``on_injured[view]``: caption
    texts."""

    on_enter: dict[str, str]
    on_stage: dict[str, dict[str, str]]
    on_injured: dict[str, str]

    def entering(self, view: str) -> str:
        return self.on_enter[view]

    def stage(self, view: str, stage: str, injury=None) -> str | None:
        """The caption for ``stage`` in ``view``; None for a stage the file does not know
        (a newer simulation), which then goes uncaptioned rather than failing. ``injury``
        (the snapshot's ``InjuryStatus``, or None): when it reports a lasting block, the
        stages after the pressure get the injured caption (the compression stages still say
        what the pressure does)."""
        if is_injured(injury) and stage not in COMPRESSION_STAGES:
            return self.on_injured[view]
        return self.on_stage[view].get(stage)


def is_injured(injury) -> bool:
    """Whether ``injury`` (an ``InjuryStatus``, or None) reports a lasting block: the
    words for it are ``game.play.palsy.injury_text``'s rule, read here without importing
    the play layer."""
    return bool(injury is not None and getattr(injury, "injured", False))


def _check_length(path: Path, key: str, text: str) -> None:
    if not text.strip():
        raise DataFileError(path, key, "expected a non-empty caption")
    if len(text) > MAX_CHARS:
        raise DataFileError(
            path, key, f"expected at most {MAX_CHARS} characters (two caption lines), "
            f"got {len(text)}"
        )  # fmt: skip


def load_explore_captions(path: Path = CAPTIONS_PATH) -> ExploreCaptions:
    """The captions file, validated; raises DataFileError (one line) when it is wrong."""
    data = load_toml(path)
    check_table(path, data, SCHEMA)
    for view, text in data["views"].items():
        _check_length(path, f"views.{view}", text)
    for view, texts in data["stages"].items():
        for stage, text in texts.items():
            _check_length(path, f"stages.{view}.{stage}", text)
    for view, text in data["injured"].items():
        _check_length(path, f"injured.{view}", text)
    return ExploreCaptions(
        dict(data["views"]), {v: dict(t) for v, t in data["stages"].items()}, dict(data["injured"])
    )
