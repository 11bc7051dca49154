"""The rules read one shape: the live ``NerveSnapshot`` and the headless reading of a
``Nerve`` both work, and the headless driver applies the same command values."""

from game.play.legs import Legs
from game.play.nerve_view import HeadlessNerve, class_by_name
from game.play.story import Story
from game.sim.commands import SetClockRates, SetPaused, SetPressure, StimulateClass
from game.sim.snapshot import ClassSnapshot, NerveSnapshot


def _snapshot(**fields) -> NerveSnapshot:
    classes = tuple(
        ClassSnapshot(name=n, myelinated=n != "C", diameter_um=5.0, n_sites=3)
        for n in ("A-alpha", "A-beta", "A-delta", "C")
    )
    return NerveSnapshot(classes=classes, **fields)


def test_the_rules_accept_a_live_nerve_snapshot():
    snap = _snapshot(legs_crossed=True, stage="complete failure", sensation="numb")
    snap.by_name("A-alpha").conducting = False
    legs = Legs(lambda c: None)
    assert [e.kind for e in legs.shake_hard(snap)] == ["legs-position-sense-gone"]
    story = Story(lambda c: None, attract=False)
    story.update(0.1, _snapshot())
    story.update(5.0, snap)
    assert story.beat.id == "complete_failure" and story.meter[1].en == "Numb"


def test_the_headless_nerve_applies_commands_and_reads_the_nerve():
    run = HeadlessNerve(physiological_speedup=60.0, electrical_ms_per_s=0.5, speed_factor=2.0)
    run.send(SetClockRates(physiological_speedup=30.0))
    assert run.nerve.physiological_speedup == 60.0  # 30 asked, times the speed factor
    run.send(SetPressure(100.0))
    reading = run.step(1.0)
    assert reading.legs_crossed and reading.physiological_s == 60.0
    assert reading.stage == "vascular compression"  # blood flow stopped, read off the state
    run.send(SetPaused(True))
    assert run.step(1.0).physiological_s == 60.0 and run.reading.paused
    run.send(StimulateClass("A-beta"))
    assert run.stimulated == ["A-beta"] and class_by_name(reading, "A-beta").conducting
