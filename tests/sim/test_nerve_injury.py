"""Compression injury ("Saturday night palsy"): the dose thresholds of the sources, and the
live nerve that stays blocked after hours of crossed legs while minutes of them recover.

Model checks reproduce the experiments levels/science/injury.toml cites: 50 mmHg for 2 h
leaves no lasting damage and 400 mmHg for 2 h does (Rydevik & Lundborg 1977); 350 mmHg for
4 h gives foot drop (Mohler et al. 1999); large fibres suffer, C fibres are spared (Ochoa,
Fowler & Gilliatt 1972). The live checks run the whole nerve on fast physiological time.
"""

import numpy as np
import pytest

from game.datafile import DataFileError
from game.sim.nerve import Nerve
from game.sim.nerve_injury import (
    INJURY_PATH,
    CompressionInjury,
    default_injury_params,
    load_injury_params,
)

CLASSES = ("A-alpha", "A-beta", "A-delta", "C")
CROSSED_MMHG = 100.0  # the article profile's crossed-legs pressure


def _injury(pressure_mmHg: float, hours: float) -> CompressionInjury:
    injury = CompressionInjury()
    perfusion = 0.0 if pressure_mmHg >= 80.0 else 0.25  # Rydevik 1981: no flow at 60-80 mmHg
    injury.add(duration_s=hours * 3600.0, pressure_mmHg=pressure_mmHg, perfusion=perfusion)
    return injury


@pytest.mark.parametrize(
    ("pressure_mmHg", "hours"),
    [(CROSSED_MMHG, 20 / 60), (CROSSED_MMHG, 25 / 60), (50.0, 2.0), (20.0, 24.0)],
    ids=["crossed-20-min", "crossed-25-min", "50-mmHg-2-h", "20-mmHg-all-day"],
)
def test_short_or_gentle_compression_leaves_no_injury(pressure_mmHg, hours):
    status = _injury(pressure_mmHg, hours).status(CLASSES)
    assert not status.injured and not status.foot_drop and status.recovery_weeks == 0.0


def test_400_mmHg_for_two_hours_leaves_lasting_damage_in_large_fibres_only():
    status = _injury(400.0, 2.0).status(CLASSES)
    block = status.lasting_block
    assert block["A-alpha"] > 0.3  # Rydevik & Lundborg 1977: lasting conduction damage
    assert block["A-alpha"] >= block["A-beta"] >= block["A-delta"] >= block["C"] == 0.0


def test_350_mmHg_for_four_hours_is_foot_drop_with_weeks_to_recover():
    status = _injury(350.0, 4.0).status(CLASSES)
    assert status.foot_drop  # Mohler et al. 1999: foot drop in every rabbit
    assert status.lasting_block["C"] == 0.0
    assert 4.0 <= status.recovery_weeks <= 26.0  # weeks to months, not minutes


def test_a_night_on_a_crossed_leg_is_a_palsy_an_hour_is_not():
    assert not _injury(CROSSED_MMHG, 1.0).status(CLASSES).foot_drop
    night = _injury(CROSSED_MMHG, 7.0).status(CLASSES)
    assert night.foot_drop and night.lasting_block["C"] == 0.0


def test_the_injury_does_not_heal_on_release():
    injury = _injury(CROSSED_MMHG, 7.0)
    before = injury.status(CLASSES)
    injury.add(duration_s=24 * 3600.0, pressure_mmHg=0.0, perfusion=1.0)
    assert injury.status(CLASSES) == before


def test_every_parameter_has_a_source():
    import tomllib

    data = tomllib.loads(INJURY_PATH.read_text())
    for section in data.values():
        for entry in section.values():
            assert len(entry["source"]) > 20
    assert default_injury_params().foot_drop_at > 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[class_share]\n", '[class_share]\nA-gamma = { value = 1.0, source = "x" }\n',
         r"class_share\.A-gamma.*unknown class"),
        ("full_h = { value = 8.0", "full_h = { value = 1.0", r"ischaemia\.full_h.*more than onset_h"),
        ("onset_mmHg_h = { value = 60.0", 'onset_mmHg_h = { value = "lots"',
         r"mechanical\.onset_mmHg_h\.value.*expected a number"),
    ],
)  # fmt: skip
def test_a_broken_injury_file_is_refused_in_one_line_naming_the_key(tmp_path, old, new, message):
    bad = tmp_path / "injury.toml"
    text = INJURY_PATH.read_text()
    assert old in text
    bad.write_text(text.replace(old, new))
    with pytest.raises(DataFileError, match=message) as caught:
        load_injury_params(bad)
    assert "\n" not in str(caught.value) and "injury.toml" in str(caught.value)


# -- the live nerve ----------------------------------------------------------------------------


def _cross(nerve: Nerve, hours: float) -> None:
    nerve.set_pressure(pressure_mmHg=CROSSED_MMHG)
    nerve.set_clock_rates(physiological_speedup=600.0, electrical_ms_per_s=0.0)
    nerve.advance(play_s=min(hours, 0.5) * 6.0)  # 6 play seconds = 1 physiological hour
    nerve.status()
    if hours > 0.5:
        nerve.advance(play_s=(hours - 0.5) * 6.0)


def _released_for(nerve: Nerve, minutes: float):
    nerve.set_pressure(pressure_mmHg=0.0)
    nerve.set_clock_rates(physiological_speedup=10.0, electrical_ms_per_s=2.0)
    status = None
    for _ in range(int(minutes * 2)):  # a reading every 30 physiological seconds
        nerve.advance(play_s=3.0)
        status = nerve.status()
    return status


@pytest.mark.slow
def test_after_a_night_crossed_the_motor_fibres_stay_blocked_minutes_after_release():
    """One nerve for all the checks (a module fixture would run once per test worker)."""
    nerve = Nerve(profile="article")
    _cross(nerve, 7.0)
    during = nerve.status()
    after = _released_for(nerve, 4.0)
    assert during.injury.foot_drop and after.injury.foot_drop
    assert not after.classes["A-alpha"].conducting  # foot drop
    assert not after.classes["A-beta"].conducting  # lasting numbness
    assert after.classes["C"].conducting and after.classes["A-delta"].conducting  # spared
    assert after.sensation == "numb"
    assert after.injury.recovery_weeks >= 4.0
    # the block is in the cable, not a flag: the lesion is lost Na+ conductance at the
    # compressed nodes only; the healthy ends keep theirs, and C (spared) keeps all of it
    a_alpha = nerve.fibres["A-alpha"]
    g = a_alpha.fiber.g_max_uS[:, 0]
    healthy = nerve._g_naf_healthy_uS["A-alpha"]
    middle = a_alpha.pressure_weight >= 0.999
    outside = a_alpha.pressure_weight == 0.0
    assert np.all(g[middle] < 0.4 * healthy[middle])
    assert np.array_equal(g[outside], healthy[outside])
    assert np.array_equal(nerve.fibres["C"].fiber.g_max_uS[:, 0], nerve._g_naf_healthy_uS["C"])


def _conducts_with_lesion(nerve: Nerve, name: str, lesion: float) -> bool:
    fibre = nerve.fibres[name]
    healthy = nerve._g_naf_healthy_uS[name]
    fibre.fiber.g_max_uS[:, 0] = healthy * (1.0 - lesion * fibre.pressure_weight)
    fibre.fiber.advance(duration_ms=10.0)
    conducts = fibre.probe_conduction().conducting
    fibre.fiber.g_max_uS[:, 0] = healthy
    fibre.fiber.advance(duration_ms=10.0)
    return conducts


@pytest.mark.slow
def test_twenty_minutes_crossed_recover_completely_with_no_injury():
    nerve = Nerve(profile="article")
    # the data's foot-drop threshold is where the cable itself stops conducting (calibrated
    # on the model: if the cable model changes, injury.toml's foot_drop_at must follow)
    foot_drop_at = default_injury_params().foot_drop_at
    assert _conducts_with_lesion(nerve, "A-alpha", foot_drop_at - 0.2)
    assert not _conducts_with_lesion(nerve, "A-alpha", foot_drop_at)
    assert not _conducts_with_lesion(nerve, "A-beta", foot_drop_at)
    _cross(nerve, 20.0 / 60.0)
    assert not any(c.conducting for c in nerve.status().classes.values())  # asleep
    after = _released_for(nerve, 5.0)
    assert all(c.conducting for c in after.classes.values())
    assert not after.injury.injured and not after.injury.foot_drop
