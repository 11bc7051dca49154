"""Compression stages and recovery phases, read off the simulated state (DESIGN.md's tables).

``StageTracker`` is fed one reading per class at a time (conduction, ectopic rate, perfusion,
ATP, depolarisation, [Na+]i) and says which stage or phase the nerve is in. It knows nothing
of the clock beyond the time stamps it is given: each stage is entered when the state shows
it, and only after the stage before it (the article's tables are sequences). The thresholds
are the profile's ``[stages]`` table (``levels/science/profile_*.toml``).

The same tracker serves the science protocol (``game.sim.protocol``) and the live nerve of
the exhibit (``game.sim.nerve``), so the story and the report cannot disagree.
"""

from dataclasses import dataclass, field

import numpy as np

HEALTHY = "healthy"
COMPRESSION_STAGES = (
    "vascular compression",
    "ATP depletion",
    "partial depolarisation",
    "complete failure",
)
RECOVERY_PHASES = (
    "nerve dark, silent",
    "scattered node activation",
    "random bursts throughout the nerve",
    "coordinated but irregular firing",
    "normal propagation resuming",
    "smooth continuous propagation",
)
ALL_STAGES = (HEALTHY, *COMPRESSION_STAGES, *RECOVERY_PHASES)


@dataclass(frozen=True)
class StageReading:
    """What the tracker reads of one class's compressed segment."""

    conducting: bool
    ectopic_hz: float
    perfusion: float
    atp_mM: float
    depolarisation_mV: float
    na_in_mM: float


@dataclass
class StageTracker:
    """Follows one nerve through crossings and releases; see the module docstring.

    ``thresholds`` is the profile's ``stages`` table, ``atp_baseline_mM`` the ATP the
    depletion threshold is relative to, ``baseline_na_mM`` each class's resting [Na+]i.
    """

    thresholds: dict[str, float]
    atp_baseline_mM: float
    baseline_na_mM: dict[str, float]
    stage: str = HEALTHY
    #: Seconds after the legs crossed at which each compression stage was first seen.
    stage_entry_s: dict[str, float | None] = field(default_factory=dict)
    #: Seconds after release at which each recovery phase was first seen.
    phase_entry_s: dict[str, float | None] = field(default_factory=dict)
    #: Seconds of compression after which each class stopped conducting (None: never).
    block_s: dict[str, float | None] = field(default_factory=dict)
    #: Seconds after release at which each blocked class conducted again.
    recovery_s: dict[str, float | None] = field(default_factory=dict)
    #: Seconds after release with ectopic firing felt as tingling or more.
    paresthesia_s: list[float] = field(default_factory=list)
    gradient_restored: bool = True
    crossed_at_s: float | None = None
    released_at_s: float | None = None
    _legs_crossed: bool = False
    _was_intense: bool = False

    def __post_init__(self) -> None:
        self._start_compression(None)
        self._start_recovery(None)

    def _start_compression(self, t_s: float | None) -> None:
        self.crossed_at_s = t_s
        self.stage_entry_s = {s: None for s in COMPRESSION_STAGES}
        self.block_s = {n: None for n in self.baseline_na_mM}

    def _start_recovery(self, t_s: float | None) -> None:
        self.released_at_s = t_s
        self.phase_entry_s = {p: None for p in RECOVERY_PHASES}
        self.recovery_s = {n: None for n in self.baseline_na_mM}
        self.paresthesia_s = []
        self._was_intense = False

    def legs_crossed(self, t_s: float) -> None:
        """The legs crossed at ``t_s``: compression stages are timed from here."""
        if not self._legs_crossed:
            self._start_compression(t_s)
            self._legs_crossed = True

    def legs_uncrossed(self, t_s: float) -> None:
        """The legs uncrossed at ``t_s``: recovery phases are timed from here."""
        if self._legs_crossed:
            self._start_recovery(t_s)
            self._legs_crossed = False
            if self.stage_entry_s[COMPRESSION_STAGES[-1]] is not None:
                # released from complete failure: the recovery starts dark, at once
                self.phase_entry_s[RECOVERY_PHASES[0]] = 0.0
                self.stage = RECOVERY_PHASES[0]

    def observe(self, t_s: float, legs_crossed: bool, readings: dict[str, StageReading]) -> str:
        """Take the readings at time ``t_s`` (seconds, any origin) and return the stage. A
        crossing or release not announced before is taken to have happened at ``t_s``."""
        th = self.thresholds
        if legs_crossed:
            self.legs_crossed(t_s)
        else:
            self.legs_uncrossed(t_s)
        conducting = {n: r.conducting for n, r in readings.items()}
        total_hz = sum(r.ectopic_hz for r in readings.values())
        self.gradient_restored = all(
            r.na_in_mM <= th["restored_na_ratio"] * self.baseline_na_mM[n]
            for n, r in readings.items()
        )
        if legs_crossed:
            since = t_s - self.crossed_at_s
            checks = (
                min(r.perfusion for r in readings.values()) < th["vascular_flow_below"],
                np.mean([r.atp_mM for r in readings.values()])
                < th["atp_depletion_below"] * self.atp_baseline_mM,
                np.mean([r.depolarisation_mV for r in readings.values()])
                >= th["depolarisation_mV"],
                not any(conducting.values()),
            )
            for k, (name, holds) in enumerate(zip(COMPRESSION_STAGES, checks)):
                earlier = k == 0 or self.stage_entry_s[COMPRESSION_STAGES[k - 1]] is not None
                if holds and earlier and self.stage_entry_s[name] is None:
                    self.stage_entry_s[name] = since
                if self.stage_entry_s[name] is not None:
                    self.stage = name
            for n, ok in conducting.items():
                if not ok and self.block_s[n] is None:
                    self.block_s[n] = since
            return self.stage
        if self.released_at_s is None:  # never crossed
            self.stage = HEALTHY
            return self.stage
        since = t_s - self.released_at_s
        failed = self.stage_entry_s[COMPRESSION_STAGES[-1]] is not None
        if failed and self.phase_entry_s[RECOVERY_PHASES[0]] is None:
            # released from complete failure: the nerve starts its recovery dark, even when
            # the first reading after release comes late enough to find it firing again
            self.phase_entry_s[RECOVERY_PHASES[0]] = 0.0
        for n, ok in conducting.items():
            if ok and self.recovery_s[n] is None and self.block_s[n] is not None:
                self.recovery_s[n] = since
        if total_hz >= th["tingling_hz"]:
            self.paresthesia_s.append(since)
        intense = total_hz >= th["intense_hz"]
        all_conduct = all(conducting.values())
        quiet = total_hz < th["tingling_hz"]
        # the nerve is dark while nothing gets through it: the first class to conduct again,
        # or the first node to fire, ends the dark (the article's nodes "activate, scattered")
        some_activity = any(conducting.values()) or total_hz > 0.0
        checks = {
            RECOVERY_PHASES[0]: not some_activity,
            RECOVERY_PHASES[1]: some_activity,
            RECOVERY_PHASES[2]: intense,
            RECOVERY_PHASES[3]: self._was_intense and not intense and any(conducting.values()),
            RECOVERY_PHASES[4]: all_conduct and quiet,
            RECOVERY_PHASES[5]: all_conduct and quiet and self.gradient_restored,
        }
        for k, name in enumerate(RECOVERY_PHASES):
            # normal propagation may follow a silent nerve directly (no tingling at all)
            earlier = (
                k == 0
                or self.phase_entry_s[RECOVERY_PHASES[k - 1]] is not None
                or (k >= 4 and self.phase_entry_s[RECOVERY_PHASES[0]] is not None)
            )
            if checks[name] and earlier and self.phase_entry_s[name] is None:
                self.phase_entry_s[name] = since
        # the phases are a sequence: the nerve is in the furthest one it has entered (a
        # reading that dips back under a threshold does not send the story backwards)
        entered = [p for p in RECOVERY_PHASES if self.phase_entry_s[p] is not None]
        if entered:
            self.stage = entered[-1]
        if not failed and self.phase_entry_s[RECOVERY_PHASES[0]] is None and all_conduct and quiet:
            # released before the nerve went dark: nothing to recover from
            self.stage = HEALTHY
        self._was_intense = self._was_intense or intense
        return self.stage
