"""Science profiles as data: ``levels/science/profile_<name>.toml``.

Two profiles run the same mechanistic model with different parameters (SCIENCE.md section
2): ``article`` (the default; the popular article's stage and recovery windows, small fibres
fail first) and ``evidence`` (the experimental order: A-beta first, C last; paresthesia
starting 1-2 min after release and fading over about 10 min). Every parameter in the file
carries its source; loading refuses a file with a missing, unknown or ill-typed key.
"""

from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

import numpy as np

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.sim.fibre_classes import FibreClass, default_fibre_classes
from game.sim.site_metabolism import MetabolicParams

PROFILE_DIR = REPO_ROOT / "levels" / "science"
PROFILE_NAMES = ("article", "evidence")

#: Ranges a parameter may take: the model misbehaves outside them.
METABOLIC_RANGES = {
    "atp_baseline_mM": (0.5, 10.0),
    "pcr_baseline_mM": (0.0, 30.0),
    "energy_use_mM_per_s": (1e-4, 1.0),
    "pump_share_of_use": (0.05, 0.95),
    "glycolytic_fraction": (0.0, 1.0),
    "recovery_gain": (0.0, 20.0),
    "o2_tau_s": (0.5, 600.0),
    "shell_thickness_nm": (5.0, 1000.0),
    "k_exchange_per_s": (1e-3, 1e5),
    "k_exchange_internode_per_s": (1e-4, 100.0),
    "endoneurial_volume_ratio": (0.01, 10.0),
    "k_clear_diffusion_per_s": (1e-5, 10.0),
    "k_clear_blood_per_s": (1e-4, 10.0),
    "site_spread": (0.0, 1.0),
    "channel_noise_pA": (0.0, 200.0),
    "g_nap_scale": (0.1, 10.0),
    "k_glial_refill_per_s": (0.0, 1e5),
    "glial_k_uptake_per_s": (0.0, 10.0),
    "glial_k_release_per_s": (1e-5, 100.0),
    "glial_k_capacity": (0.1, 1e5),
    "glial_k_max_mM": (1.0, 200.0),
    "pump_current_on_node": (0.0, 1.0),
    "remak_k_store": (0.0, 1.0),
    "glial_k_load_above_mM": (0.0, 200.0),
}
#: Parameters a profile may leave out (the model's default then holds).
OPTIONAL_METABOLIC = (
    "g_nap_scale", "k_glial_refill_per_s", "glial_k_uptake_per_s", "glial_k_release_per_s",
    "glial_k_capacity", "glial_k_max_mM", "pump_current_on_node", "remak_k_store",
    "glial_k_load_above_mM",
)
STAGE_RANGES = {
    "vascular_flow_below": (0.01, 1.0),
    "atp_depletion_below": (0.05, 1.0),
    "depolarisation_mV": (1.0, 60.0),
    "tingling_hz": (0.1, 1000.0),
    "intense_hz": (1.0, 5000.0),
    "restored_na_ratio": (1.0, 3.0),
}


def _sourced(low: float, high: float, *, required: bool = True) -> Field:
    """A parameter: ``{ value = number in [low, high], source = "..." }``."""
    return Field(
        "table",
        required=required,
        schema={"value": Field("number", min=low, max=high), "source": Field("string")},
    )


CLASS_OVERRIDE_SCHEMA = {k: _sourced(*r, required=False) for k, r in METABOLIC_RANGES.items()}


def _increasing(values) -> str | None:
    return None if all(b > a for a, b in zip(values, values[1:])) else "expected increasing values"


FILE_SCHEMA = {
    "name": Field("string", choices=PROFILE_NAMES),
    "title": Field("string"),
    "summary": Field("string"),
    "compression": Field("table", schema={"pressure_mmHg": _sourced(0.0, 300.0)}),
    "perfusion": Field(
        "table",
        schema={
            "pressure_mmHg": Field("list", min=0.0, max=500.0, check=_increasing),
            "flow_fraction": Field("list", min=0.0, max=1.0),
            "source": Field("string"),
        },
    ),
    "metabolism": Field(
        "table",
        schema={
            k: _sourced(*r, required=k not in OPTIONAL_METABOLIC) for k, r in METABOLIC_RANGES.items()
        },
    ),
    "class": Field("table", required=False),
    "stages": Field("table", schema={k: _sourced(*r) for k, r in STAGE_RANGES.items()}),
}


@dataclass(frozen=True)
class ScienceProfile:
    name: str
    title: str
    summary: str
    pressure_mmHg: float
    perfusion_pressure_mmHg: np.ndarray
    perfusion_flow: np.ndarray
    class_params: dict[str, MetabolicParams]
    stages: dict[str, float]
    sources: dict[str, str]

    def perfusion_at(self, pressure_mmHg: float) -> float:
        from game.sim.perfusion import perfusion_fraction

        return perfusion_fraction(pressure_mmHg, self.perfusion_pressure_mmHg, self.perfusion_flow)


def load_profile(
    path: Path, classes: tuple[FibreClass, ...] | None = None
) -> ScienceProfile:
    """Read and check one profile file; raises DataFileError naming file, key, expectation."""
    classes = classes if classes is not None else default_fibre_classes()
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    perf = data["perfusion"]
    if len(perf["pressure_mmHg"]) != len(perf["flow_fraction"]) or len(perf["flow_fraction"]) < 2:
        raise DataFileError(
            path, "perfusion.flow_fraction", "expected one flow value per pressure (at least 2)"
        )
    sources = {"perfusion": perf["source"]}
    shared = {}
    for key, entry in data["metabolism"].items():
        shared[key] = float(entry["value"])
        sources[f"metabolism.{key}"] = entry["source"]
    base = replace(MetabolicParams(), **shared)
    known = {c.name for c in classes}
    per_class = {c.name: base for c in classes}
    for class_name, overrides in data.get("class", {}).items():
        where = f"class.{class_name}"
        if class_name not in known:
            raise DataFileError(
                path, where, f"unknown fibre class (expected one of: {', '.join(sorted(known))})"
            )
        if not isinstance(overrides, dict):
            raise DataFileError(path, where, "expected a table of parameters")
        check_table(path, overrides, CLASS_OVERRIDE_SCHEMA, prefix=where)
        values = {}
        for key, entry in overrides.items():
            values[key] = float(entry["value"])
            sources[f"{where}.{key}"] = entry["source"]
        per_class[class_name] = replace(base, **values)
    stages = {k: float(v["value"]) for k, v in data["stages"].items()}
    if stages["intense_hz"] <= stages["tingling_hz"]:
        raise DataFileError(path, "stages.intense_hz", "expected more than stages.tingling_hz")
    assert {f.name for f in fields(MetabolicParams)} >= set(METABOLIC_RANGES)
    return ScienceProfile(
        name=data["name"],
        title=data["title"],
        summary=data["summary"],
        pressure_mmHg=float(data["compression"]["pressure_mmHg"]["value"]),
        perfusion_pressure_mmHg=np.array(perf["pressure_mmHg"], dtype=float),
        perfusion_flow=np.array(perf["flow_fraction"], dtype=float),
        class_params=per_class,
        stages=stages,
        sources=sources,
    )


@cache
def profile(name: str = "article") -> ScienceProfile:
    """A profile by name (``article`` or ``evidence``), loaded once."""
    if name not in PROFILE_NAMES:
        raise ValueError(f"profile={name!r}: expected one of {', '.join(PROFILE_NAMES)}")
    return load_profile(PROFILE_DIR / f"profile_{name}.toml")
