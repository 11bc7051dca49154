"""Pause, slow motion, fast forward and stimulate produce the right commands, with limits."""

import pytest

from game.datafile import DataFileError
from game.play.time_controls import TimeControls, load_ladders
from game.sim.commands import SetClockRates, SetPaused, StimulateClass


def test_pause_toggles_both_clocks():
    sent = []
    tc = TimeControls(sent.append)
    tc.toggle_pause()
    tc.toggle_pause()
    assert sent == [SetPaused(True), SetPaused(False)]


def test_slower_and_faster_step_both_clocks_and_stop_at_the_ends():
    sent = []
    tc = TimeControls(sent.append, electrical_ms_per_s=0.2, physiological_speedup=12.0)
    assert tc.faster()
    assert sent[-1] == SetClockRates(physiological_speedup=30.0, electrical_ms_per_s=0.5)
    assert tc.slower() and tc.slower()
    assert sent[-1] == SetClockRates(physiological_speedup=5.0, electrical_ms_per_s=0.1)
    while tc.faster():
        pass
    n = len(sent)
    assert tc.at_fastest and not tc.faster() and len(sent) == n
    assert tc.electrical_ms_per_s == 1000.0  # real time is the fastest electrical step
    while tc.slower():
        pass
    assert tc.at_slowest and sent[-1].electrical_ms_per_s == 0.02
    assert all(0 < c.physiological_speedup <= 120 for c in sent)


def test_stimulate_sends_a_signal_down_one_class_or_all():
    sent = []
    tc = TimeControls(sent.append)
    tc.stimulate("A-beta")
    tc.stimulate()
    assert sent == [StimulateClass("A-beta"), StimulateClass(None)]
    with pytest.raises(DataFileError, match="unknown fibre class 'B-gamma'"):
        tc.stimulate("B-gamma")


def test_a_ladder_that_is_not_increasing_is_refused(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text("electrical_ms_per_s = [1.0, 0.5]\nphysiological_speedup = [1.0, 2.0]\n")
    with pytest.raises(DataFileError, match="electrical_ms_per_s.*strictly increasing"):
        load_ladders(bad)
