"""The stage tracker reads the article's stages off the state, in order, and never off the clock."""

from game.sim.profiles import profile
from game.sim.stages import COMPRESSION_STAGES, RECOVERY_PHASES, StageReading, StageTracker

NAMES = ("A-alpha", "A-beta", "A-delta", "C")


def _tracker() -> StageTracker:
    prof = profile("article")
    return StageTracker(
        thresholds=prof.stages, atp_baseline_mM=2.5, baseline_na_mM={n: 10.0 for n in NAMES}
    )


def _all(**kw) -> dict[str, StageReading]:
    base = {
        "conducting": True, "ectopic_hz": 0.0, "perfusion": 1.0, "atp_mM": 2.5,
        "depolarisation_mV": 0.0, "na_in_mM": 10.0,
    }  # fmt: skip
    base.update(kw)
    return {n: StageReading(**base) for n in NAMES}


def test_stages_follow_the_state_not_the_clock():
    t = _tracker()
    assert t.observe(0.0, False, _all()) == "healthy"
    t.legs_crossed(100.0)
    # an hour of crossed legs with blood still flowing is not vascular compression
    assert t.observe(3700.0, True, _all()) == "healthy"
    assert t.observe(3710.0, True, _all(perfusion=0.0)) == COMPRESSION_STAGES[0]
    assert t.stage_entry_s[COMPRESSION_STAGES[0]] == 3610.0
    # depolarisation without ATP depletion first does not skip a stage
    assert (
        t.observe(3720.0, True, _all(perfusion=0.0, depolarisation_mV=20.0))
        == COMPRESSION_STAGES[0]
    )
    assert t.observe(3730.0, True, _all(perfusion=0.0, atp_mM=1.0)) == COMPRESSION_STAGES[1]
    dead = _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False)
    assert (
        t.observe(3740.0, True, _all(perfusion=0.0, atp_mM=0.5, depolarisation_mV=15.0))
        == COMPRESSION_STAGES[2]
    )
    assert t.observe(3750.0, True, dead) == COMPRESSION_STAGES[3]
    assert t.block_s == {n: 3650.0 for n in NAMES}


def test_recovery_phases_in_order_from_release():
    t = _tracker()
    t.legs_crossed(0.0)
    t.observe(60.0, True, _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False))
    t.legs_uncrossed(1200.0)
    assert t.observe(1202.0, False, _all(conducting=False, na_in_mM=40.0)) == RECOVERY_PHASES[0]
    assert (
        t.observe(1215.0, False, _all(conducting=False, ectopic_hz=3.0, na_in_mM=40.0))
        == RECOVERY_PHASES[1]
    )
    assert t.observe(1230.0, False, _all(ectopic_hz=20.0, na_in_mM=30.0)) == RECOVERY_PHASES[2]
    assert t.observe(1250.0, False, _all(ectopic_hz=5.0, na_in_mM=20.0)) == RECOVERY_PHASES[3]
    assert t.observe(1300.0, False, _all(na_in_mM=20.0)) == RECOVERY_PHASES[4]
    assert t.observe(1400.0, False, _all(na_in_mM=10.5)) == RECOVERY_PHASES[5]
    assert t.phase_entry_s[RECOVERY_PHASES[2]] == 30.0
    assert t.recovery_s == {n: 30.0 for n in NAMES}


def test_released_before_the_nerve_went_dark_is_healthy_again():
    t = _tracker()
    t.legs_crossed(0.0)
    assert t.observe(60.0, True, _all(perfusion=0.0)) == COMPRESSION_STAGES[0]
    t.legs_uncrossed(90.0)
    assert t.observe(100.0, False, _all()) == "healthy"


def test_the_live_nerve_reports_its_stage():
    from game.sim.nerve import Nerve

    nerve = Nerve(physiological_speedup=30.0)
    assert nerve.status().stage == "healthy"
    nerve.set_pressure(pressure_mmHg=100.0)
    nerve.advance(play_s=1.0)
    assert nerve.status().stage == COMPRESSION_STAGES[0]


def test_a_late_first_reading_after_complete_failure_still_counts_the_dark_phase():
    t = _tracker()
    t.legs_crossed(0.0)
    t.observe(60.0, True, _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False))
    t.legs_uncrossed(1200.0)
    # the first reading comes 24 s after release and finds the nerve conducting and quiet
    assert t.observe(1224.0, False, _all(na_in_mM=30.0)) == RECOVERY_PHASES[4]
    assert t.phase_entry_s[RECOVERY_PHASES[0]] == 0.0
    assert t.observe(1400.0, False, _all(na_in_mM=10.5)) == RECOVERY_PHASES[5]


def test_recovery_never_steps_back_and_starts_dark_at_release():
    t = _tracker()
    t.legs_crossed(0.0)
    t.observe(60.0, True, _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False))
    t.legs_uncrossed(1200.0)
    assert t.stage == RECOVERY_PHASES[0]  # before any reading after release
    assert t.observe(1300.0, False, _all(na_in_mM=10.5)) == RECOVERY_PHASES[5]
    # Na+ a little over the restored threshold again: still smooth propagation
    assert t.observe(1400.0, False, _all(na_in_mM=12.0)) == RECOVERY_PHASES[5]


def test_the_dark_ends_when_the_first_class_conducts_again_even_with_no_firing():
    t = _tracker()
    t.legs_crossed(0.0)
    t.observe(60.0, True, _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False))
    t.legs_uncrossed(1200.0)
    dark = _all(conducting=False, na_in_mM=40.0)
    assert t.observe(1210.0, False, dark) == RECOVERY_PHASES[0]
    # 12 s after release the large fibres conduct again; nothing fires yet
    readings = dict(dark)
    readings["A-alpha"] = StageReading(
        conducting=True, ectopic_hz=0.0, perfusion=1.0, atp_mM=2.5, depolarisation_mV=0.0,
        na_in_mM=30.0,
    )  # fmt: skip
    assert t.observe(1212.0, False, readings) == RECOVERY_PHASES[1]
    assert t.phase_entry_s[RECOVERY_PHASES[1]] == 12.0


def test_the_dark_ends_when_the_first_node_fires_in_a_nerve_that_does_not_conduct():
    t = _tracker()
    t.legs_crossed(0.0)
    t.observe(60.0, True, _all(perfusion=0.0, atp_mM=0.0, depolarisation_mV=30.0, conducting=False))
    t.legs_uncrossed(1200.0)
    readings = _all(conducting=False, na_in_mM=40.0)
    readings["A-beta"] = StageReading(
        conducting=False, ectopic_hz=2.0, perfusion=1.0, atp_mM=2.5, depolarisation_mV=0.0,
        na_in_mM=40.0,
    )  # fmt: skip
    assert t.observe(1204.0, False, readings) == RECOVERY_PHASES[1]
    assert t.phase_entry_s[RECOVERY_PHASES[1]] == 4.0
