"""The story's "Saturday night palsy" branch, reached by a visitor who holds the legs crossed
against a real simulated nerve: the nerve reports the damage, the released nerve does not
recover (the motor fibres stay blocked in the electrical simulation), the meter reads numb,
the caption explains foot drop and the summary card differs. The kiosk's own run never
enters it (tests/play/test_story.py checks the attract arc)."""

from dataclasses import replace

import pytest

from game.play.palsy import InjuryHeadlessNerve
from game.play.story import Story, default_story


@pytest.mark.slow
def test_holding_the_legs_crossed_for_hours_takes_the_palsy_branch():
    nerve = InjuryHeadlessNerve(speed_factor=4.0, min_electrical_ms_per_s=5.0)
    story = Story(nerve.send, attract=False, config=replace(default_story(), summary_play_s=1.0))
    reading = nerve.reading
    story.legs.hold()  # and never let go until the nerve says it is damaged
    palsy_at_h = None
    released_readings = []
    for _ in range(300):
        kinds = [e.kind for e in story.update(0.5, reading)]
        if "story-palsy" in kinds:
            palsy_at_h = (reading.physiological_s - story.crossed_at_s) / 3600.0
            assert reading.injury.foot_drop and reading.legs_crossed
            assert story.caption.key == "story.palsy.caption"
            story.legs.let_go()
        if story.finished:
            break
        reading = nerve.step(0.5)
        if story.palsy and not reading.legs_crossed:
            released_readings.append(reading)
    assert story.finished and story.palsy
    entered = [e.beat.id for e in story.entries if not e.skipped]
    assert "kept_crossed" in entered and "normal" not in entered
    assert 3.0 <= palsy_at_h <= 9.0  # hours, as in a night's sleep: never minutes
    # released: the nerve does not recover; this is the electrical simulation's answer
    last = released_readings[-1]
    assert not last.by_name("A-alpha").conducting and not last.by_name("A-beta").conducting
    assert last.by_name("C").conducting
    assert last.sensation == "numb" and story.meter[1].key == "sensation.numb"
    assert story.caption.key == "story.palsy.released_caption" and "foot drop" in story.caption.en
    stages = [line.stage for line in story.summary().lines]
    assert "palsy-blocked:A-alpha" in stages and "palsy-foot-drop" in stages
    assert "palsy-recovery" in stages and "smooth continuous propagation" not in stages
