"""The sensation model: from what each fibre class delivers to what the visitor would feel.

Rules are data (``levels/science/sensation.toml``), tried in order; see that file for the
conditions. Reads only the simulated state (conduction and ectopic rates per class, whether
the Na+ gradient is restored, whether the legs are crossed), never the clock.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.sim.fibre_classes import FibreClass, default_fibre_classes

SENSATION_PATH = REPO_ROOT / "levels" / "science" / "sensation.toml"
SENSATIONS = (
    "normal", "tingling", "numbing", "numb", "pins_and_needles", "burning", "fading",
)  # fmt: skip

_RATE = Field(
    "table", required=False,
    schema={"classes": Field("list", item_kind="string"), "hz": Field("number", min=0.0)},
)  # fmt: skip
RULE_SCHEMA = {
    "sensation": Field("string", choices=SENSATIONS),
    "label": Field("string"),
    "blocked_any": Field("list", required=False, item_kind="string"),
    "blocked_all": Field("list", required=False, item_kind="string"),
    "conducting_all": Field("list", required=False, item_kind="string"),
    "ectopic_at_least": _RATE,
    "ectopic_below": _RATE,
    "gradient_restored": Field("bool", required=False),
    "legs_crossed": Field("bool", required=False),
}
FILE_SCHEMA = {"rule": Field("list", schema=RULE_SCHEMA)}
CLASS_LIST_KEYS = ("blocked_any", "blocked_all", "conducting_all")


@dataclass(frozen=True)
class ClassState:
    conducting: bool
    ectopic_hz: float


@dataclass(frozen=True)
class Rule:
    sensation: str
    label: str
    conditions: dict

    def holds(self, classes: dict[str, ClassState], *, gradient_restored: bool, legs_crossed: bool) -> bool:
        c = self.conditions
        if "blocked_any" in c and all(classes[n].conducting for n in c["blocked_any"]):
            return False
        if "blocked_all" in c and any(classes[n].conducting for n in c["blocked_all"]):
            return False
        if "conducting_all" in c and not all(classes[n].conducting for n in c["conducting_all"]):
            return False
        if "ectopic_at_least" in c:
            r = c["ectopic_at_least"]
            if sum(classes[n].ectopic_hz for n in r["classes"]) < r["hz"]:
                return False
        if "ectopic_below" in c:
            r = c["ectopic_below"]
            if sum(classes[n].ectopic_hz for n in r["classes"]) >= r["hz"]:
                return False
        if "gradient_restored" in c and c["gradient_restored"] != gradient_restored:
            return False
        if "legs_crossed" in c and c["legs_crossed"] != legs_crossed:
            return False
        return True


def load_sensation_rules(
    path: Path = SENSATION_PATH, classes: tuple[FibreClass, ...] | None = None
) -> tuple[Rule, ...]:
    classes = classes if classes is not None else default_fibre_classes()
    known = {c.name for c in classes}
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    rules = []
    for i, raw in enumerate(data["rule"]):
        where = f"rule[{i}]"
        conditions = {k: v for k, v in raw.items() if k not in ("sensation", "label")}
        for key in CLASS_LIST_KEYS + ("ectopic_at_least", "ectopic_below"):
            if key not in conditions:
                continue
            names = conditions[key] if key in CLASS_LIST_KEYS else conditions[key]["classes"]
            for name in names:
                if name not in known:
                    raise DataFileError(
                        path, f"{where}.{key}",
                        f"unknown fibre class {name!r} (expected one of: {', '.join(sorted(known))})",
                    )  # fmt: skip
        rules.append(Rule(raw["sensation"], raw["label"], conditions))
    if not rules or rules[-1].conditions:
        raise DataFileError(path, "rule", "expected a last rule with no conditions (the default)")
    return tuple(rules)


@cache
def default_rules() -> tuple[Rule, ...]:
    return load_sensation_rules()


def feel(
    classes: dict[str, ClassState],
    *,
    gradient_restored: bool,
    legs_crossed: bool,
    rules: tuple[Rule, ...] | None = None,
) -> Rule:
    """The first rule that holds for this state."""
    for rule in rules if rules is not None else default_rules():
        if rule.holds(classes, gradient_restored=gradient_restored, legs_crossed=legs_crossed):
            return rule
    raise AssertionError("the last rule has no conditions and always holds")
