"""The fibre classes (A-alpha, A-beta, A-delta, C) as data: ``levels/science/fibre_classes.toml``.

Loaded and checked once; a broken file is refused with one line naming the file, the key and
what was expected.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml

FIBRE_CLASSES_PATH = REPO_ROOT / "levels" / "science" / "fibre_classes.toml"


def _ordered_pair(value) -> str | None:
    return None if value[0] < value[1] else "expected [low, high] with low < high"


CLASS_SCHEMA = {
    "name": Field("string"),
    "carries": Field("string"),
    "myelinated": Field("bool"),
    "myelin": Field("string", choices=("none", "light", "moderate-heavy", "heavy")),
    "diameter_range_um": Field("list", length=2, min=0.1, max=25.0, check=_ordered_pair),
    "representative_diameter_um": Field("number", min=0.1, max=25.0),
    "bundle_count": Field("integer", min=1, max=200),
    "cv_range_m_per_s": Field("list", length=2, min=0.1, max=150.0, check=_ordered_pair),
    "compression_sensitivity": Field("string", choices=("low", "moderate", "high", "highest")),
    "recovery": Field("string"),
}
FILE_SCHEMA = {"fibre_class": Field("list", schema=CLASS_SCHEMA)}


@dataclass(frozen=True)
class FibreClass:
    name: str
    carries: str
    myelinated: bool
    myelin: str
    diameter_range_um: tuple[float, float]
    representative_diameter_um: float
    bundle_count: int
    cv_range_m_per_s: tuple[float, float]
    compression_sensitivity: str
    recovery: str


def load_fibre_classes(path: Path = FIBRE_CLASSES_PATH) -> tuple[FibreClass, ...]:
    """The classes in file order; raises DataFileError naming the problem."""
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    classes = []
    names = set()
    for i, raw in enumerate(data["fibre_class"]):
        key = f"fibre_class[{i}]"
        low, high = raw["diameter_range_um"]
        if not low <= raw["representative_diameter_um"] <= high:
            raise DataFileError(
                path, f"{key}.representative_diameter_um", f"expected a value in {low}-{high}"
            )
        if raw["name"] in names:
            raise DataFileError(path, f"{key}.name", f"'{raw['name']}' is listed twice")
        if not raw["myelinated"] and high > 3.0:
            raise DataFileError(
                path, f"{key}.diameter_range_um", "an unmyelinated class must stay below 3 um"
            )
        names.add(raw["name"])
        classes.append(
            FibreClass(
                **{**raw, "diameter_range_um": (low, high),
                   "cv_range_m_per_s": tuple(raw["cv_range_m_per_s"])}  # fmt: skip
            )
        )
    if not classes:
        raise DataFileError(path, "fibre_class", "expected at least one class")
    return tuple(classes)


@cache
def default_fibre_classes() -> tuple[FibreClass, ...]:
    return load_fibre_classes()
