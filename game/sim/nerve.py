"""The nerve the visitor watches: one probe fibre per class on both clocks, driven by commands.

Two clocks (DESIGN.md): each call to ``advance(play_s=...)`` moves the physiological clock by
``play_s x physiological_speedup`` (perfusion, ATP, pumps, ions: minutes in seconds of play)
and the electrical clock by ``play_s x electrical_ms_per_s`` (spikes, in slow motion or real
time); both rates are settable at any moment. Pressure sets perfusion through the profile's
Rydevik curve. Gentle movement after release speeds reperfusion; shaking a numb leg hard
brings no benefit and raises an injury-risk flag, because position sense (A-alpha) is gone.
Hours of pressure injure the nerve (``game.sim.nerve_injury``, "Saturday night palsy"): the
injury is integrated from the pressure over physiological time and takes away Na+
conductance at each probe fibre's compressed nodes, so an injured class stays blocked after
release because its cable no longer conducts, not because a flag says so.
"""

import math
from dataclasses import dataclass

from game.sim import sensation
from game.sim.fibre_classes import FibreClass, default_fibre_classes
from game.sim.nerve_fibre import NerveFibre
from game.sim.nerve_injury import CompressionInjury, InjuryParams, InjuryStatus
from game.sim.profiles import profile as load_profile
from game.sim.stages import COMPRESSION_STAGES, StageReading, StageTracker

#: Longest physiological step between two electrical samples, s.
MAX_PHYSIOLOGICAL_STEP_S = 5.0
#: Once the legs have been crossed this long and the nerve has failed completely, the
#: ischaemic nerve sits in its steady failed state (the article's complete failure comes at
#: 10-20 min), so the slow clock may take longer steps: hours of "sleeping on it" then cost
#: seconds, not minutes, to simulate. (A nerve that never fails completely keeps the short
#: steps.)
STEADY_COMPRESSION_AFTER_S = 30.0 * 60.0
#: Longest physiological step between two electrical samples in that steady state, s.
STEADY_COMPRESSION_STEP_S = 300.0
#: Electrical time run per slow step when the visible clock gives none (so the membrane
#: follows its reversal potentials), ms.
MIN_ELECTRICAL_PER_STEP_MS = 0.5
#: How much faster blood returns and clears K+ while the leg is moved gently after release.
GENTLE_MOVEMENT_REPERFUSION = 1.5
#: Pressure below which the legs count as uncrossed, mmHg.
RELEASED_BELOW_MMHG = 20.0


@dataclass(frozen=True)
class ClassStatus:
    conducting: bool
    ectopic_hz: float
    atp_mM: float
    depolarisation_mV: float


@dataclass(frozen=True)
class NerveStatus:
    physiological_s: float
    electrical_ms: float
    pressure_mmHg: float
    perfusion: float
    classes: dict[str, ClassStatus]
    sensation: str
    injury_risk: bool
    #: "healthy", a compression stage or a recovery phase (``game.sim.stages``).
    stage: str = "healthy"
    #: What the compression has done to the nerve (lasting block per class, foot drop).
    injury: InjuryStatus | None = None


class Nerve:
    """The compressed nerve of one science profile; see the module docstring."""

    def __init__(
        self,
        *,
        profile: str = "article",
        seed: int = 0,
        physiological_speedup: float = 12.0,
        electrical_ms_per_s: float = 0.2,
        classes: tuple[FibreClass, ...] | None = None,
        injury: InjuryParams | None = None,
    ) -> None:
        self.profile = load_profile(profile)
        self.classes = classes if classes is not None else default_fibre_classes()
        self.fibres = {
            c.name: NerveFibre(
                name=c.name, myelinated=c.myelinated, diameter_um=c.representative_diameter_um,
                params=self.profile.class_params[c.name], seed=seed + i,
            )  # fmt: skip
            for i, c in enumerate(self.classes)
        }
        self.physiological_s = 0.0
        self.electrical_ms = 0.0
        self.pressure_mmHg = 0.0
        self.gentle_movement = False
        self.injury_risk = False
        self._conducting = {name: True for name in self.fibres}
        self.injury = CompressionInjury(injury)
        self._injury_until_s = 0.0
        #: each probe's healthy transient Na+ conductance, and the lesion it carries now
        self._g_naf_healthy_uS = {n: f.fiber.g_max_uS[:, 0].copy() for n, f in self.fibres.items()}
        self._lesion = {name: 0.0 for name in self.fibres}
        self.stages = StageTracker(
            thresholds=self.profile.stages,
            atp_baseline_mM=self.profile.class_params[self.classes[0].name].atp_baseline_mM,
            baseline_na_mM={
                n: f.compressed_mean(f.metabolism.na_in_mM) for n, f in self.fibres.items()
            },
        )
        self.set_clock_rates(
            physiological_speedup=physiological_speedup, electrical_ms_per_s=electrical_ms_per_s
        )

    # -- commands ----------------------------------------------------------------------------
    def set_clock_rates(
        self, *, physiological_speedup: float | None = None, electrical_ms_per_s: float | None = None
    ) -> None:
        """Physiological seconds and electrical milliseconds per second of play."""
        if physiological_speedup is not None:
            if not (math.isfinite(physiological_speedup) and 0.0 <= physiological_speedup <= 1e5):
                raise ValueError(f"physiological_speedup={physiological_speedup}: expected 0-1e5")
            self.physiological_speedup = float(physiological_speedup)
        if electrical_ms_per_s is not None:
            if not (math.isfinite(electrical_ms_per_s) and 0.0 <= electrical_ms_per_s <= 1e4):
                raise ValueError(f"electrical_ms_per_s={electrical_ms_per_s}: expected 0-1e4")
            self.electrical_ms_per_s = float(electrical_ms_per_s)

    def set_pressure(self, *, pressure_mmHg: float) -> None:
        """Pressure on the compressed segment (crossing the legs: the profile's pressure)."""
        if not (math.isfinite(pressure_mmHg) and 0.0 <= pressure_mmHg <= 300.0):
            raise ValueError(f"pressure_mmHg={pressure_mmHg}: expected 0-300")
        self.update_injury()  # the time before this command was at the old pressure
        self.pressure_mmHg = float(pressure_mmHg)
        if self.legs_crossed:
            self.stages.legs_crossed(self.physiological_s)
        else:
            self.stages.legs_uncrossed(self.physiological_s)
        flow = self.profile.perfusion_at(self.pressure_mmHg)
        for fibre in self.fibres.values():
            fibre.set_perfusion(flow)
        self._apply_movement()

    def set_gentle_movement(self, *, active: bool) -> None:
        """Moving the leg gently after release speeds reperfusion; it does nothing while the
        legs are crossed (the vessels are shut)."""
        self.gentle_movement = bool(active)
        self._apply_movement()

    def shake_hard(self) -> None:
        """Shaking brings no physiological benefit; with position sense gone (A-alpha blocked)
        the leg cannot be placed safely, so it raises the injury-risk flag."""
        proprioception = self.classes[0].name  # A-alpha: motor and proprioception
        if not self._conducting.get(proprioception, True):
            self.injury_risk = True

    @property
    def legs_crossed(self) -> bool:
        return self.pressure_mmHg >= RELEASED_BELOW_MMHG

    def _apply_movement(self) -> None:
        speedup = (
            GENTLE_MOVEMENT_REPERFUSION
            if self.gentle_movement and self.pressure_mmHg < RELEASED_BELOW_MMHG
            else 1.0
        )
        for fibre in self.fibres.values():
            fibre.metabolism.reperfusion_speedup = speedup

    # -- clocks ------------------------------------------------------------------------------
    def advance(self, *, play_s: float) -> None:
        """Move both clocks by ``play_s`` seconds of play at their current rates."""
        if not (math.isfinite(play_s) and play_s >= 0.0):
            raise ValueError(f"play_s={play_s}: expected a finite value >= 0")
        physiological = play_s * self.physiological_speedup
        electrical = play_s * self.electrical_ms_per_s
        n_steps = max(1, math.ceil(physiological / self.max_physiological_step_s()))
        per_step_ms = max(electrical / n_steps, MIN_ELECTRICAL_PER_STEP_MS if physiological else 0.0)
        for fibre in self.fibres.values():
            for _ in range(n_steps):
                fibre.advance_physiology(
                    duration_s=physiological / n_steps, electrical_ms=per_step_ms
                )
        self.physiological_s += physiological
        self.electrical_ms += electrical
        self.update_injury()

    def max_physiological_step_s(self) -> float:
        """Longest slow step between two electrical samples now (longer once a long
        compression has reached its steady state)."""
        crossed_at = self.stages.crossed_at_s
        if (
            self.legs_crossed
            and self.stages.stage == COMPRESSION_STAGES[-1]  # complete failure: all blocked
            and crossed_at is not None
            and self.physiological_s - crossed_at >= STEADY_COMPRESSION_AFTER_S
        ):
            return STEADY_COMPRESSION_STEP_S
        return MAX_PHYSIOLOGICAL_STEP_S

    # -- injury ------------------------------------------------------------------------------
    def update_injury(self) -> None:
        """Add the physiological time since the last call, at the pressure in force, to the
        injury; then give each probe fibre its class's lesion. The displaced paranodal
        myelin (Ochoa et al. 1972) leaves the node a larger membrane to charge with the same
        channels: taken here as a loss of the compressed nodes' effective Na+ conductance,
        in proportion to the pressure each node felt (a stated simplification)."""
        elapsed = self.physiological_s - self._injury_until_s
        self._injury_until_s = self.physiological_s
        self.injury.add(
            duration_s=elapsed,
            pressure_mmHg=self.pressure_mmHg,
            perfusion=self.profile.perfusion_at(self.pressure_mmHg),
        )
        for name, fibre in self.fibres.items():
            lesion = self.injury.block(name)
            if lesion != self._lesion[name]:
                self._lesion[name] = lesion
                healthy = self._g_naf_healthy_uS[name]
                fibre.fiber.g_max_uS[:, 0] = healthy * (1.0 - lesion * fibre.pressure_weight)

    def injury_status(self) -> InjuryStatus:
        self.update_injury()
        return self.injury.status(tuple(self.fibres))

    # -- reading -----------------------------------------------------------------------------
    def status(self) -> NerveStatus:
        """Probe every class (a test pulse each) and read what the visitor would feel."""
        injury = self.injury_status()
        readings = {}
        stage_readings = {}
        for name, fibre in self.fibres.items():
            probe = fibre.probe_conduction()
            ectopic = fibre.take_ectopic_rate()
            self._conducting[name] = probe.conducting
            m = fibre.metabolism
            readings[name] = ClassStatus(
                conducting=probe.conducting,
                ectopic_hz=0.0 if math.isnan(ectopic) else ectopic,
                atp_mM=fibre.compressed_mean(m.atp_mM),
                depolarisation_mV=fibre.depolarisation_mV(),
            )
            stage_readings[name] = StageReading(
                conducting=probe.conducting,
                ectopic_hz=readings[name].ectopic_hz,
                perfusion=fibre.compressed_mean(m.perfusion),
                atp_mM=readings[name].atp_mM,
                depolarisation_mV=readings[name].depolarisation_mV,
                na_in_mM=fibre.compressed_mean(m.na_in_mM),
            )
        stage = self.stages.observe(self.physiological_s, self.legs_crossed, stage_readings)
        felt = sensation.feel(
            {n: sensation.ClassState(r.conducting, r.ectopic_hz) for n, r in readings.items()},
            gradient_restored=self.stages.gradient_restored,
            legs_crossed=self.legs_crossed,
        )
        return NerveStatus(
            physiological_s=self.physiological_s,
            electrical_ms=self.electrical_ms,
            pressure_mmHg=self.pressure_mmHg,
            perfusion=self.profile.perfusion_at(self.pressure_mmHg),
            classes=readings,
            sensation=felt.sensation,
            injury_risk=self.injury_risk,
            stage=stage,
            injury=injury,
        )
