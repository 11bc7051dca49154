"""Compression injury: what hours of pressure leave in the nerve after release ("Saturday
night palsy"), fed the pressure over time; parameters in ``levels/science/injury.toml``.

Two doses build up and never heal on release (healing takes weeks; it is reported as a
figure, not simulated):
- mechanical, pressure above a threshold x time: acute compression displaces the myelin at
  the paranodes of large fibres (intussusception), a local conduction block lasting weeks,
  neurapraxia (Ochoa, Fowler & Gilliatt 1972); 50 mmHg for 2 h gives oedema only, 400 mmHg
  for 2 h lasting conduction damage (Rydevik & Lundborg 1977; Lundborg 1983);
- ischaemic, hours with the nerve's own blood flow stopped (60-80 mmHg: Rydevik, Lundborg &
  Bagge 1981) beyond what it tolerates: axonal degeneration (Korthals et al. 1983; Parry &
  Brown 1985).
Each class takes a share of the combined injury, large myelinated fibres most and C fibres
none; in the A-alpha motor fibres of the deep peroneal nerve that is foot drop (Woltman
1929; Nagler & Rangell 1947). ``game.sim.nerve`` turns the injury into lost Na+ conductance
at the probe fibres' compressed nodes, so the block itself comes out of the cable model.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.sim.fibre_classes import default_fibre_classes

INJURY_PATH = REPO_ROOT / "levels" / "science" / "injury.toml"

EFFECT_KEYS = (
    "foot_drop_at", "lasting_block_at", "neurapraxia_weeks", "regrowth_mm", "regrowth_mm_per_day",
)  # fmt: skip
_PARAM = Field("table", schema={"value": Field("number", min=0.0), "source": Field("string")})
FILE_SCHEMA = {
    "mechanical": Field(
        "table", schema={k: _PARAM for k in ("threshold_mmHg", "onset_mmHg_h", "full_mmHg_h")}
    ),
    "ischaemia": Field("table", schema={k: _PARAM for k in ("flow_below", "onset_h", "full_h")}),
    "class_share": Field("table"),
    "effect": Field("table", schema={k: _PARAM for k in EFFECT_KEYS}),
}
#: The class whose lasting block is foot drop (deep peroneal motor fibres, tibialis anterior).
MOTOR_CLASS = "A-alpha"


@dataclass(frozen=True)
class InjuryParams:
    threshold_mmHg: float
    onset_mmHg_h: float
    full_mmHg_h: float
    ischaemic_flow_below: float
    ischaemia_onset_h: float
    ischaemia_full_h: float
    class_share: dict[str, float]
    foot_drop_at: float
    lasting_block_at: float
    neurapraxia_weeks: float
    regrowth_weeks: float


def load_injury_params(path: Path = INJURY_PATH) -> InjuryParams:
    """Read and check the file; raises DataFileError naming file, key and expectation."""
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    known = tuple(c.name for c in default_fibre_classes())
    shares = {}
    for name, raw in data["class_share"].items():
        if name not in known:
            raise DataFileError(
                path, f"class_share.{name}", f"unknown class (expected one of: {', '.join(known)})"
            )
        check_table(path, {name: raw}, {name: _PARAM}, prefix="class_share")
        if raw["value"] > 1.0:
            raise DataFileError(path, f"class_share.{name}.value", "expected a number from 0 to 1")
        shares[name] = float(raw["value"])
    m, i, e = data["mechanical"], data["ischaemia"], data["effect"]
    v = {k: float(t["value"]) for k, t in (*m.items(), *i.items(), *e.items())}
    if not v["onset_mmHg_h"] < v["full_mmHg_h"]:
        raise DataFileError(path, "mechanical.full_mmHg_h", "expected more than onset_mmHg_h")
    if not v["onset_h"] < v["full_h"]:
        raise DataFileError(path, "ischaemia.full_h", "expected more than onset_h")
    for key in ("foot_drop_at", "lasting_block_at", "flow_below"):
        if not 0.0 < v[key] <= 1.0:
            section = "ischaemia" if key == "flow_below" else "effect"
            raise DataFileError(path, f"{section}.{key}.value", "expected a number from 0 to 1")
    if v["regrowth_mm_per_day"] <= 0.0:
        raise DataFileError(path, "effect.regrowth_mm_per_day.value", "expected a number > 0")
    return InjuryParams(
        threshold_mmHg=v["threshold_mmHg"],
        onset_mmHg_h=v["onset_mmHg_h"],
        full_mmHg_h=v["full_mmHg_h"],
        ischaemic_flow_below=v["flow_below"],
        ischaemia_onset_h=v["onset_h"],
        ischaemia_full_h=v["full_h"],
        class_share=shares,
        foot_drop_at=v["foot_drop_at"],
        lasting_block_at=v["lasting_block_at"],
        neurapraxia_weeks=v["neurapraxia_weeks"],
        regrowth_weeks=v["regrowth_mm"] / v["regrowth_mm_per_day"] / 7.0,
    )


@cache
def default_injury_params() -> InjuryParams:
    return load_injury_params()


@dataclass(frozen=True)
class InjuryStatus:
    """What the compression has done to the nerve so far (it stays after release)."""

    #: Pressure above the threshold x time, mmHg h.
    mechanical_dose_mmHg_h: float = 0.0
    #: Hours with the blood flow stopped.
    ischaemia_h: float = 0.0
    #: Per class, 0-1: the share of the compressed nodes' Na+ conductance lost (the lesion
    #: the probe fibre carries); 0 for an intact class.
    lasting_block: dict[str, float] | None = None
    #: The motor fibres to tibialis anterior are blocked: the foot cannot be lifted.
    foot_drop: bool = False
    #: Expected time to recover, weeks (0: nothing to recover from).
    recovery_weeks: float = 0.0

    @property
    def injured(self) -> bool:
        return any(b > 0.0 for b in (self.lasting_block or {}).values())


def _ramp(dose: float, onset: float, full: float) -> float:
    return min(1.0, max(0.0, (dose - onset) / (full - onset)))


class CompressionInjury:
    """Integrates the two doses from pressure and blood flow over physiological time."""

    def __init__(self, params: InjuryParams | None = None) -> None:
        self.params = params if params is not None else default_injury_params()
        self.mechanical_dose_mmHg_h = 0.0
        self.ischaemia_h = 0.0

    def add(self, *, duration_s: float, pressure_mmHg: float, perfusion: float) -> None:
        """``duration_s`` of physiological time at this pressure and blood flow (0-1)."""
        if duration_s <= 0.0:
            return
        p = self.params
        hours = duration_s / 3600.0
        self.mechanical_dose_mmHg_h += max(0.0, pressure_mmHg - p.threshold_mmHg) * hours
        if perfusion < p.ischaemic_flow_below:
            self.ischaemia_h += hours

    def mechanical(self) -> float:
        p = self.params
        return _ramp(self.mechanical_dose_mmHg_h, p.onset_mmHg_h, p.full_mmHg_h)

    def ischaemic(self) -> float:
        p = self.params
        return _ramp(self.ischaemia_h, p.ischaemia_onset_h, p.ischaemia_full_h)

    def block(self, class_name: str) -> float:
        """The class's lasting lesion, 0-1: both hits (independent), times its share."""
        combined = 1.0 - (1.0 - self.mechanical()) * (1.0 - self.ischaemic())
        value = self.params.class_share.get(class_name, 0.0) * combined
        return value if value >= self.params.lasting_block_at else 0.0

    def status(self, class_names) -> InjuryStatus:
        p = self.params
        blocks = {n: self.block(n) for n in class_names}
        mech, isch = self.mechanical(), self.ischaemic()
        weeks = 0.0
        if any(b > 0.0 for b in blocks.values()):
            # the myelin is repaired in weeks; degenerated axons must regrow to the muscle
            weeks = max(p.neurapraxia_weeks * mech, p.regrowth_weeks * isch)
        return InjuryStatus(
            mechanical_dose_mmHg_h=self.mechanical_dose_mmHg_h,
            ischaemia_h=self.ischaemia_h,
            lasting_block=blocks,
            foot_drop=blocks.get(MOTOR_CLASS, 0.0) >= p.foot_drop_at,
            recovery_weeks=weeks,
        )
