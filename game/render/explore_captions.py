"""The explore view's captions: what the visitor sees, said on entering a view and on each
change of the nerve's stage (``NerveSnapshot.stage``, read off the state by
``game.sim.stages``).

The texts are data (``levels/explore/captions.toml``), validated on load with
``game.datafile``: a missing or broken file, an unknown or missing key, or a caption too long
for two caption lines gives one line naming the file and the key.
"""

from dataclasses import dataclass
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.sim.stages import ALL_STAGES

CAPTIONS_PATH = REPO_ROOT / "levels" / "explore" / "captions.toml"
#: The views the V key switches between: outside the fibres, inside one fibre.
VIEWS = ("world", "tunnel")
#: Two caption lines of about 40 characters (game.render.captions).
MAX_CHARS = 80

_STAGE_TEXTS = {stage: Field("string") for stage in ALL_STAGES}
SCHEMA = {
    "views": Field("table", schema={view: Field("string") for view in VIEWS}),
    "stages": Field("table", schema={view: Field("table", schema=_STAGE_TEXTS) for view in VIEWS}),
}


@dataclass(frozen=True)
class ExploreCaptions:
    """``on_enter[view]`` and ``on_stage[view][stage]``: caption texts."""

    on_enter: dict[str, str]
    on_stage: dict[str, dict[str, str]]

    def entering(self, view: str) -> str:
        return self.on_enter[view]

    def stage(self, view: str, stage: str) -> str | None:
        """The caption for ``stage`` in ``view``; None for a stage the file does not know
        (a newer simulation), which then goes uncaptioned rather than failing."""
        return self.on_stage[view].get(stage)


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
    return ExploreCaptions(dict(data["views"]), {v: dict(t) for v, t in data["stages"].items()})
