"""The compressed nerve on both clocks: the mechanism's directions, the commands, the clocks,
reproducibility, and no NaN or runaway under anything a visitor or a script can do.

Directions (SCIENCE.md section 3; Mogyoros, Bostock & Burke 2000; Rydevik et al. 1981):
pressure lowers perfusion, perfusion feeds ATP, less ATP slows the pump, so [Na+]i and the
K+ around the axon rise and the membrane depolarises; after release all of it returns.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim import ions
from game.sim.nerve import Nerve


def _middle(nerve: Nerve, name: str, values_of) -> float:
    fibre = nerve.fibres[name]
    return fibre.compressed_mean(values_of(fibre.metabolism))


@pytest.fixture(scope="module")
def compressed_then_released():
    nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.5)
    before = {n: _snapshot(nerve, n) for n in nerve.fibres}
    nerve.set_pressure(pressure_mmHg=100.0)
    nerve.advance(play_s=15.0)  # 15 physiological minutes
    during = {n: _snapshot(nerve, n) for n in nerve.fibres}
    nerve.set_pressure(pressure_mmHg=0.0)
    nerve.advance(play_s=30.0)  # 30 physiological minutes of recovery
    after = {n: _snapshot(nerve, n) for n in nerve.fibres}
    return nerve, before, during, after


def _snapshot(nerve, name):
    m = nerve.fibres[name].metabolism
    f = nerve.fibres[name]
    return {
        "perfusion": f.compressed_mean(m.perfusion),
        "atp": f.compressed_mean(m.atp_mM),
        "na_in": f.compressed_mean(m.na_in_mM),
        "k_around": f.compressed_mean(m.k_internode_mM),
        "v_rest": f.compressed_mean(m.v_rest_mV),
    }


CLASSES = ["A-alpha", "A-beta", "A-delta", "C"]


@pytest.mark.parametrize("name", CLASSES)
def test_compression_cuts_perfusion_and_atp_raises_sodium_and_potassium_depolarises(
    compressed_then_released, name
):
    _, before, during, _ = compressed_then_released
    b, d = before[name], during[name]
    assert d["perfusion"] < 0.05 < 0.99 < b["perfusion"]
    assert d["atp"] < 0.5 * b["atp"]
    assert d["na_in"] > b["na_in"] + 2.0
    assert d["k_around"] > b["k_around"] + 5.0
    assert d["v_rest"] > b["v_rest"] + 10.0


@pytest.mark.parametrize("name", CLASSES)
def test_everything_returns_to_baseline_after_release(compressed_then_released, name):
    _, before, _, after = compressed_then_released
    b, a = before[name], after[name]
    assert a["perfusion"] == pytest.approx(b["perfusion"])
    assert a["atp"] == pytest.approx(b["atp"], rel=0.05)
    assert a["na_in"] == pytest.approx(b["na_in"], rel=0.15)
    assert a["k_around"] == pytest.approx(b["k_around"], rel=0.15)
    assert a["v_rest"] == pytest.approx(b["v_rest"], abs=5.0)


def test_every_class_conducts_again_after_release(compressed_then_released):
    nerve, *_ = compressed_then_released
    status = nerve.status()
    assert all(c.conducting for c in status.classes.values()), status.classes


def test_the_two_clocks_follow_their_own_rates_and_can_change_at_run_time():
    nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.2)
    nerve.advance(play_s=2.0)
    assert nerve.physiological_s == pytest.approx(120.0)
    assert nerve.electrical_ms == pytest.approx(0.4)
    nerve.set_clock_rates(physiological_speedup=1.0, electrical_ms_per_s=1000.0)  # real time
    nerve.advance(play_s=0.05)
    assert nerve.physiological_s == pytest.approx(120.05)
    assert nerve.electrical_ms == pytest.approx(50.4)


def test_shaking_a_numb_leg_raises_the_injury_risk_and_a_healthy_one_does_not():
    nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.2)
    nerve.status()
    nerve.shake_hard()
    assert not nerve.injury_risk
    nerve.set_pressure(pressure_mmHg=100.0)
    nerve.advance(play_s=20.0)  # 20 minutes: complete failure, A-alpha blocked
    assert not nerve.status().classes["A-alpha"].conducting
    nerve.shake_hard()
    assert nerve.injury_risk


def test_gentle_movement_speeds_reperfusion_after_release():
    def oxygen_after_release(gentle: bool) -> float:
        nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.2)
        nerve.set_pressure(pressure_mmHg=100.0)
        nerve.advance(play_s=2.0)
        nerve.set_pressure(pressure_mmHg=0.0)
        nerve.set_gentle_movement(active=gentle)
        nerve.set_clock_rates(physiological_speedup=1.0)
        nerve.advance(play_s=5.0)
        return _middle(nerve, "A-beta", lambda m: m.o2)

    assert oxygen_after_release(True) > oxygen_after_release(False) + 0.02


def _fingerprint(nerve: Nerve) -> np.ndarray:
    return np.concatenate(
        [np.concatenate([f.metabolism.na_in_mM, f.fiber.vi_mV]) for f in nerve.fibres.values()]
    )


def test_same_seed_same_result():
    runs = []
    for _ in range(2):
        nerve = Nerve(seed=7, physiological_speedup=60.0, electrical_ms_per_s=2.0)
        nerve.set_pressure(pressure_mmHg=100.0)
        nerve.advance(play_s=6.0)
        nerve.set_pressure(pressure_mmHg=0.0)
        nerve.advance(play_s=1.0)
        runs.append((_fingerprint(nerve), nerve.status()))
    assert np.array_equal(runs[0][0], runs[1][0])
    assert runs[0][1] == runs[1][1]


def _physical(nerve: Nerve) -> None:
    for name, f in nerve.fibres.items():
        m = f.metabolism
        for label, values, low, high in (
            ("[Na+]i", m.na_in_mM, 0.1, 200.0),
            ("[K+]i", m.k_in_mM, 1.0, 200.0),
            ("node K+", m.k_node_mM, 0.1, 200.0),
            ("internode K+", m.k_internode_mM, 0.1, 200.0),
            ("ATP", m.atp_mM, 0.0, 10.0),
            ("V", f.fiber.vi_mV - f.fiber.vp_mV, -200.0, 100.0),
        ):
            assert np.all(np.isfinite(values)), f"{name} {label} not finite"
            assert np.all((values >= low) & (values <= high)), f"{name} {label} out of range"


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("pressure"), st.floats(0.0, 300.0)),
        st.tuples(st.just("advance"), st.floats(0.0, 4.0)),
        st.tuples(st.just("rates"), st.floats(0.0, 3600.0), st.floats(0.0, 1000.0)),
        st.tuples(st.just("gentle"), st.booleans()),
        st.tuples(st.just("shake")),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_no_nan_or_runaway_under_any_sequence_of_commands(actions):
    """Pressure 0-300 mmHg, play of seconds at speed-ups up to an hour per second, rapid
    toggling, slow motion to real time."""
    nerve = Nerve(physiological_speedup=60.0, electrical_ms_per_s=0.2)
    for action in actions:
        kind = action[0]
        if kind == "pressure":
            nerve.set_pressure(pressure_mmHg=action[1])
        elif kind == "advance":
            # keep the electrical time per example bounded (it is the expensive clock)
            play = min(action[1], 50.0 / max(nerve.electrical_ms_per_s, 1e-9))
            nerve.advance(play_s=play)
        elif kind == "rates":
            nerve.set_clock_rates(physiological_speedup=action[1], electrical_ms_per_s=action[2])
        elif kind == "gentle":
            nerve.set_gentle_movement(active=action[1])
        else:
            nerve.shake_hard()
        _physical(nerve)
    status = nerve.status()
    assert math.isfinite(status.physiological_s) and status.sensation


def test_hours_of_compression_stay_physical():
    nerve = Nerve(physiological_speedup=3600.0, electrical_ms_per_s=0.2)
    nerve.set_pressure(pressure_mmHg=300.0)
    nerve.advance(play_s=3.0)  # three hours: "Saturday night palsy" territory
    _physical(nerve)
    assert nerve.status().sensation == "numb"
    assert ions.NA_IN_MM < _middle(nerve, "A-beta", lambda m: m.na_in_mM)


def test_bad_commands_are_refused_with_the_parameter_named():
    nerve = Nerve()
    with pytest.raises(ValueError, match="pressure_mmHg"):
        nerve.set_pressure(pressure_mmHg=-5.0)
    with pytest.raises(ValueError, match="physiological_speedup"):
        nerve.set_clock_rates(physiological_speedup=float("nan"))
    with pytest.raises(ValueError, match="play_s"):
        nerve.advance(play_s=float("inf"))
