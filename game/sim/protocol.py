"""The standard compression protocol, headless: healthy baseline, legs crossed, release, recovery.

One probe fibre per class (``NerveFibre``) runs both clocks; classes are independent, so they
run in parallel threads (the kernels release the GIL). Every stage, block and tingle below is
read off the simulated state at each sample, with the thresholds of the science profile;
nothing is scheduled by the clock.
"""

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np

from game.sim import sensation
from game.sim.api_support import baseline_velocity_m_per_s
from game.sim.fibre_classes import FibreClass, default_fibre_classes
from game.sim.nerve_fibre import NerveFibre
from game.sim.profiles import profile as load_profile
from game.sim.stages import COMPRESSION_STAGES, RECOVERY_PHASES, StageReading, StageTracker  # noqa: F401 (re-exported)

#: Slow-clock steps and electrical samples (s, ms). Recovery is fast at first, so finer.
COMPRESSION_STEP_S = 5.0
COMPRESSION_CHUNK_MS = 2.0
COMPRESSION_SAMPLE_S = 30.0
EARLY_RECOVERY_S = 120.0
EARLY_RECOVERY_STEP_S = 1.0
EARLY_RECOVERY_CHUNK_MS = 15.0
EARLY_RECOVERY_SAMPLE_S = 2.0
LATE_RECOVERY_STEP_S = 5.0
#: 40 ms of electrical time per late sample: post-ischaemic bursts come every few seconds for
#: minutes (evidence profile), and a shorter sample misses most of them.
LATE_RECOVERY_CHUNK_MS = 20.0
LATE_RECOVERY_SAMPLE_S = 10.0
#: Ectopic rates are averaged over this many samples (the electrical samples are short).
ECTOPIC_SMOOTHING_SAMPLES = 3


@dataclass
class ClassReading:
    conducting: bool
    ectopic_hz: float
    perfusion: float
    atp_mM: float
    depolarisation_mV: float
    na_in_mM: float
    k_out_mM: float


@dataclass
class Sample:
    t_min: float
    legs_crossed: bool
    classes: dict[str, ClassReading]
    gradient_restored: bool
    stage: str
    sensation: str

    @property
    def firing_hz(self) -> dict[str, float]:
        return {n: r.ectopic_hz for n, r in self.classes.items()}


@dataclass
class ProtocolResult:
    profile: str
    pressure_mmHg: float
    compress_min: float
    recover_min: float
    seed: int
    baseline_cv_m_per_s: dict[str, float]
    #: Minutes after the legs crossed at which each compression stage was first seen.
    stage_entry_min: dict[str, float | None]
    #: Seconds after release at which each recovery phase was first seen.
    recovery_entry_s: dict[str, float | None]
    #: Minutes of compression after which each class stopped conducting (None: never).
    block_min: dict[str, float | None]
    #: Seconds after release at which each class conducted again (None: not in the run).
    recovery_s: dict[str, float | None]
    #: First and last second after release with ectopic firing felt as tingling or more.
    paresthesia_s: tuple[float | None, float | None]
    timeline: list[Sample] = field(default_factory=list)

    def sensation_timeline(self) -> list[tuple[float, str, dict[str, float]]]:
        """(minutes since the legs crossed, sensation, per-class firing rate in Hz)."""
        return [(s.t_min, s.sensation, s.firing_hz) for s in self.timeline]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sensation_timeline"] = [
            {"t_min": t, "sensation": s, "firing_hz": f} for t, s, f in self.sensation_timeline()
        ]
        return d


@dataclass
class _ClassRun:
    readings: list[ClassReading]
    baseline_na_mM: float


def _schedule(compress_min: float, recover_min: float) -> list[tuple[float, float, float, bool, bool]]:
    """(t_s at end of step, step_s, chunk_ms, legs_crossed, sample here) for the whole run."""
    steps = []
    t = 0.0
    compress_s = compress_min * 60.0
    end_s = compress_s + recover_min * 60.0

    def add(step_s, chunk_ms, crossed, sample_every_s, until_s):
        nonlocal t
        n = int(round((until_s - t) / step_s))
        per_sample = max(1, int(round(sample_every_s / step_s)))
        for i in range(1, n + 1):
            t_end = t + i * step_s
            steps.append((t_end, step_s, chunk_ms, crossed, i % per_sample == 0 or i == n))
        t = until_s

    add(COMPRESSION_STEP_S, COMPRESSION_CHUNK_MS, True, COMPRESSION_SAMPLE_S, compress_s)
    early_end = min(end_s, compress_s + EARLY_RECOVERY_S)
    add(EARLY_RECOVERY_STEP_S, EARLY_RECOVERY_CHUNK_MS, False, EARLY_RECOVERY_SAMPLE_S, early_end)
    if end_s > early_end:
        add(LATE_RECOVERY_STEP_S, LATE_RECOVERY_CHUNK_MS, False, LATE_RECOVERY_SAMPLE_S, end_s)
    return steps


def _run_class(cls: FibreClass, params, flow_crossed: float, schedule, seed: int) -> _ClassRun:
    fibre = NerveFibre(
        name=cls.name, myelinated=cls.myelinated, diameter_um=cls.representative_diameter_um,
        params=params, seed=seed,
    )  # fmt: skip
    m = fibre.metabolism
    baseline_na = fibre.compressed_mean(m.na_in_mM)
    readings = []
    crossed_now = None
    for _t, step_s, chunk_ms, crossed, sample in schedule:
        if crossed != crossed_now:
            fibre.set_perfusion(flow_crossed if crossed else 1.0)
            crossed_now = crossed
        fibre.advance_physiology(duration_s=step_s, electrical_ms=chunk_ms)
        if sample:
            probe = fibre.probe_conduction()
            readings.append(
                ClassReading(
                    conducting=probe.conducting,
                    ectopic_hz=fibre.take_ectopic_rate(),
                    perfusion=fibre.compressed_mean(m.perfusion),
                    atp_mM=fibre.compressed_mean(m.atp_mM),
                    depolarisation_mV=fibre.depolarisation_mV(),
                    na_in_mM=fibre.compressed_mean(m.na_in_mM),
                    k_out_mM=fibre.compressed_mean(m.k_internode_mM),
                )
            )
    return _ClassRun(readings, baseline_na)


def compression_protocol(
    profile: str = "article",
    pressure_mmHg: float | None = None,
    compress_min: float = 20.0,
    recover_min: float = 5.0,
    seed: int = 0,
    *,
    classes: tuple[FibreClass, ...] | None = None,
) -> ProtocolResult:
    """Cross the legs for ``compress_min`` at ``pressure_mmHg`` (default: the profile's), then
    release for ``recover_min``; return stage entry times, per-class block and recovery
    times, and a sensation timeline. The same seed gives the same result."""
    prof = load_profile(profile)
    classes = classes if classes is not None else default_fibre_classes()
    pressure = prof.pressure_mmHg if pressure_mmHg is None else float(pressure_mmHg)
    if not (math.isfinite(pressure) and 0.0 <= pressure <= 300.0):
        raise ValueError(f"pressure_mmHg={pressure_mmHg}: expected 0-300")
    if not (0.0 < compress_min <= 600.0 and 0.0 <= recover_min <= 120.0):
        raise ValueError("expected 0 < compress_min <= 600 and 0 <= recover_min <= 120")
    flow = prof.perfusion_at(pressure)
    schedule = _schedule(compress_min, recover_min)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            c.name: pool.submit(_run_class, c, prof.class_params[c.name], flow, schedule, seed + i)
            for i, c in enumerate(classes)
        }
        runs = {name: f.result() for name, f in futures.items()}
        cv = {c.name: pool.submit(baseline_velocity_m_per_s, c) for c in classes}
        cv = {name: f.result() for name, f in cv.items()}
    sample_times = [t for t, *_rest, sample in schedule if sample]
    crossed_flags = [crossed for _t, _s, _c, crossed, sample in schedule if sample]
    return _assemble(
        prof, pressure, compress_min, recover_min, seed, classes, runs, cv, sample_times,
        crossed_flags,
    )  # fmt: skip


def _minutes(t_s: float | None) -> float | None:
    return None if t_s is None else t_s / 60.0


def _smoothed(values: list[float], i: int) -> float:
    window = [v for v in values[max(0, i - ECTOPIC_SMOOTHING_SAMPLES + 1) : i + 1] if np.isfinite(v)]
    return float(np.mean(window)) if window else 0.0


def _assemble(prof, pressure, compress_min, recover_min, seed, classes, runs, cv, times, crossed):
    names = [c.name for c in classes]
    compress_s = compress_min * 60.0
    tracker = StageTracker(
        thresholds=prof.stages,
        atp_baseline_mM=prof.class_params[names[0]].atp_baseline_mM,
        baseline_na_mM={n: runs[n].baseline_na_mM for n in names},
    )
    tracker.legs_crossed(0.0)
    timeline = []
    raw_rates = {n: [r.ectopic_hz for r in runs[n].readings] for n in names}
    for i, t_s in enumerate(times):
        readings = {n: runs[n].readings[i] for n in names}
        for n in names:
            readings[n].ectopic_hz = _smoothed(raw_rates[n], i)
        legs = crossed[i]
        if not legs:
            tracker.legs_uncrossed(compress_s)
        stage = tracker.observe(
            t_s,
            legs,
            {
                n: StageReading(
                    conducting=r.conducting, ectopic_hz=r.ectopic_hz, perfusion=r.perfusion,
                    atp_mM=r.atp_mM, depolarisation_mV=r.depolarisation_mV, na_in_mM=r.na_in_mM,
                )  # fmt: skip
                for n, r in readings.items()
            },
        )
        felt = sensation.feel(
            {n: sensation.ClassState(r.conducting, r.ectopic_hz) for n, r in readings.items()},
            gradient_restored=tracker.gradient_restored,
            legs_crossed=legs,
        )
        timeline.append(
            Sample(t_s / 60.0, legs, readings, tracker.gradient_restored, stage, felt.sensation)
        )
    stage_entry = {s: _minutes(t) for s, t in tracker.stage_entry_s.items()}
    block_min = {n: _minutes(t) for n, t in tracker.block_s.items()}
    phase_entry = tracker.phase_entry_s if recover_min > 0 else {p: None for p in RECOVERY_PHASES}
    recovery_s = tracker.recovery_s if recover_min > 0 else {n: None for n in names}
    paresthesia = tracker.paresthesia_s if recover_min > 0 else []
    return ProtocolResult(
        profile=prof.name,
        pressure_mmHg=pressure,
        compress_min=compress_min,
        recover_min=recover_min,
        seed=seed,
        baseline_cv_m_per_s=cv,
        stage_entry_min=stage_entry,
        recovery_entry_s=phase_entry,
        block_min=block_min,
        recovery_s=recovery_s,
        paresthesia_s=(paresthesia[0], paresthesia[-1]) if paresthesia else (None, None),
        timeline=timeline,
    )
