"""Crossing the legs: hold crosses them and presses the nerve, release lets go; shaking a
numb leg warns; far too long crossed (as the simulated nerve says) turns into Saturday night
palsy."""

import pytest
from play_fakes import FakeReading

from game.datafile import DataFileError
from game.play.legs import LEGS_PATH, NORMAL, PALSY, Legs, load_legs_config
from game.sim.commands import GentleMovement, SetPressure, ShakeHard
from game.sim.nerve_injury import InjuryStatus
from game.sim.profiles import profile


def test_holding_crosses_the_legs_in_about_a_second_then_presses_with_the_profile_pressure():
    sent = []
    legs = Legs(sent.append)
    reading = FakeReading()
    legs.hold()
    legs.update(0.5, reading)
    assert 0.4 < legs.crossed < 0.6 and sent == []  # the knee is not on the nerve yet
    legs.update(0.6, reading)
    assert legs.crossed == 1.0
    assert sent == [SetPressure(profile("article").pressure_mmHg)]
    legs.let_go()
    assert sent[-1] == SetPressure(0.0)
    legs.update(0.3, reading)
    assert 0.0 < legs.crossed < 1.0
    legs.update(1.0, reading)
    assert legs.crossed == 0.0


def test_a_short_tap_never_presses_the_nerve():
    sent = []
    legs = Legs(sent.append)
    legs.hold()
    legs.update(0.3, FakeReading())
    legs.let_go()
    legs.update(1.0, FakeReading())
    assert sent == []


def test_less_padding_presses_harder():
    sent = []
    legs = Legs(sent.append, pressure_scale=1.5)
    legs.hold()
    legs.update(2.0, FakeReading())
    assert sent == [SetPressure(1.5 * profile("article").pressure_mmHg)]


def test_shaking_a_numb_leg_warns_that_position_sense_is_gone():
    sent = []
    legs = Legs(sent.append)
    assert legs.shake_hard(FakeReading()) == []
    events = legs.shake_hard(FakeReading().with_blocked("A-alpha", "A-beta"))
    assert sent == [ShakeHard(), ShakeHard()]
    assert [e.kind for e in events] == ["legs-position-sense-gone"]
    assert "position sense" in events[0].text.en


def test_gentle_movement_is_sent_once_per_change():
    sent = []
    legs = Legs(sent.append)
    legs.set_gentle_movement(True)
    legs.set_gentle_movement(True)
    legs.set_gentle_movement(False)
    assert sent == [GentleMovement(True), GentleMovement(False)]


def _injured(reading, *, foot_drop: bool):
    """``reading`` carrying the simulation's injury (as InjuryHeadlessNerve's readings do)."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class InjuredReading(FakeReading):
        injury: InjuryStatus | None = None

    fields = {k: getattr(reading, k) for k in reading.__dataclass_fields__}
    block = {"A-alpha": 0.8 if foot_drop else 0.1, "C": 0.0}
    return InjuredReading(**fields, injury=InjuryStatus(lasting_block=block, foot_drop=foot_drop))


def test_the_simulations_foot_drop_turns_the_outcome_into_saturday_night_palsy():
    legs = Legs(lambda c: None)
    hours = 10 * 3600.0
    crossed = FakeReading(physiological_s=hours, legs_crossed=True)
    # hours crossed are not enough by themselves: the simulated nerve decides
    assert legs.update(0.1, _injured(crossed, foot_drop=False)) == []
    assert legs.outcome == NORMAL
    events = legs.update(0.1, _injured(crossed, foot_drop=True))
    assert [e.kind for e in events] == ["legs-saturday-night-palsy"]
    assert "foot drop" in events[0].text.en
    assert legs.outcome == PALSY and legs.injury.foot_drop
    assert legs.update(0.1, _injured(crossed, foot_drop=True)) == []  # told once


def test_without_an_injury_reading_palsy_is_the_motor_fibres_still_blocked_after_release():
    confirm_s = load_legs_config().palsy_confirm_after_release_s
    legs = Legs(lambda c: None)
    legs.update(0.1, FakeReading(physiological_s=0.0, legs_crossed=True))
    legs.update(0.1, FakeReading(physiological_s=100.0).with_blocked("A-alpha", "A-beta"))
    soon = FakeReading(physiological_s=100.0 + confirm_s - 5.0).with_blocked("A-alpha")
    assert legs.update(0.1, soon) == [] and legs.outcome == NORMAL
    late = FakeReading(physiological_s=100.0 + confirm_s + 5.0).with_blocked("A-alpha")
    assert [e.kind for e in legs.update(0.1, late)] == ["legs-saturday-night-palsy"]


def test_a_nerve_that_recovers_after_release_is_never_a_palsy():
    legs = Legs(lambda c: None)
    legs.update(0.1, FakeReading(physiological_s=0.0, legs_crossed=True))
    legs.update(0.1, FakeReading(physiological_s=1200.0).with_blocked("A-alpha", "C"))
    for t in range(1300, 5000, 100):
        assert legs.update(0.1, FakeReading(physiological_s=float(t)).with_blocked("C")) == []
    assert legs.outcome == NORMAL


def test_a_broken_legs_file_names_the_key(tmp_path):
    bad = tmp_path / "legs.toml"
    bad.write_text(
        LEGS_PATH.read_text().replace(
            "palsy_confirm_after_release_s = 300.0", 'palsy_confirm_after_release_s = "long"'
        )
    )
    with pytest.raises(DataFileError, match="palsy_confirm_after_release_s.*expected a number"):
        load_legs_config(bad)
