"""Crossing the legs: hold crosses them and presses the nerve, release lets go; shaking a
numb leg warns; far too long crossed turns into Saturday night palsy."""

import pytest
from play_fakes import FakeReading

from game.datafile import DataFileError
from game.play.legs import LEGS_PATH, NORMAL, PALSY, Legs, load_legs_config
from game.sim.commands import GentleMovement, SetPressure, ShakeHard
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


def test_crossed_far_too_long_turns_into_saturday_night_palsy():
    legs = Legs(lambda c: None)
    limit_s = legs.config.palsy_after_physiological_min * 60.0
    assert legs.update(0.1, FakeReading(physiological_s=100.0, legs_crossed=True)) == []
    almost = FakeReading(physiological_s=100.0 + limit_s - 1.0, legs_crossed=True)
    assert legs.update(0.1, almost) == []
    assert legs.outcome == NORMAL
    events = legs.update(0.1, FakeReading(physiological_s=100.0 + limit_s + 1.0, legs_crossed=True))
    assert [e.kind for e in events] == ["legs-saturday-night-palsy"]
    assert legs.outcome == PALSY


def test_uncrossing_restarts_the_palsy_clock():
    legs = Legs(lambda c: None)
    limit_s = legs.config.palsy_after_physiological_min * 60.0
    legs.update(0.1, FakeReading(physiological_s=0.0, legs_crossed=True))
    legs.update(0.1, FakeReading(physiological_s=limit_s / 2, legs_crossed=False))
    legs.update(0.1, FakeReading(physiological_s=limit_s / 2 + 1, legs_crossed=True))
    legs.update(0.1, FakeReading(physiological_s=limit_s, legs_crossed=True))
    assert legs.outcome == NORMAL


def test_a_broken_legs_file_names_the_key(tmp_path):
    bad = tmp_path / "legs.toml"
    bad.write_text(
        LEGS_PATH.read_text().replace(
            "palsy_after_physiological_min = 60.0", 'palsy_after_physiological_min = "long"'
        )
    )
    with pytest.raises(DataFileError, match="palsy_after_physiological_min.*expected a number"):
        load_legs_config(bad)
