"""The explore keys, without a window: each key sends the documented command or picks a node."""

import pytest

from game.play.input_bindings import (
    BODY_CLOCK_STEPS,
    SIGNAL_CLOCK_STEPS,
    ExploreKeys,
    next_step,
)
from game.render.hud_keys import ExploreControls
from game.sim.commands import (
    GentleMovement,
    SetClockRates,
    SetPaused,
    SetPressure,
    ShakeHard,
    StimulateClass,
)
from game.sim.snapshot import NerveSnapshot


class Events:
    """Stands in for ShowBase's accept/ignore; ``press`` throws an event."""

    def __init__(self) -> None:
        self.hooks = {}

    def accept(self, name, handler) -> None:
        self.hooks[name] = handler

    def ignore(self, name) -> None:
        self.hooks.pop(name, None)

    def press(self, name) -> None:
        self.hooks[name]()


class Hud:
    def __init__(self) -> None:
        self.picked = 0

    def pick_next(self) -> int:
        self.picked += 1
        return self.picked


@pytest.fixture
def controls():
    events, sent, hud = Events(), [], Hud()
    snapshot = NerveSnapshot(classes=(), physiological_speedup=12.0, electrical_ms_per_s=0.2)
    keys = ExploreControls(
        events, send=sent.append, latest=lambda: snapshot, hud=hud, crossed_pressure_mmHg=100.0
    )
    return events, sent, hud, keys


def test_holding_c_crosses_the_legs_and_releasing_uncrosses(controls):
    events, sent, _, _ = controls
    events.press("c")
    events.press("c")  # key repeat: still one command
    events.press("c-up")
    assert sent == [SetPressure(pressure_mmHg=100.0), SetPressure(pressure_mmHg=0.0)]


def test_each_key_sends_its_command(controls):
    events, sent, hud, _ = controls
    for key in ("g", "g", "h", "space", "p", "p", "shift-space"):
        events.press(key)
    assert sent == [
        GentleMovement(active=True), GentleMovement(active=False), ShakeHard(),
        StimulateClass(None), SetPaused(True), SetPaused(False), StimulateClass(None),
    ]  # fmt: skip
    sent.clear()
    for key in ("]", "]", "[", ".", ","):
        events.press(key)
    # quick presses count from what was asked, before the thread has applied it
    assert sent == [
        SetClockRates(physiological_speedup=30.0), SetClockRates(physiological_speedup=60.0),
        SetClockRates(physiological_speedup=30.0),
        SetClockRates(electrical_ms_per_s=0.5), SetClockRates(electrical_ms_per_s=0.2),
    ]  # fmt: skip
    events.press("tab")
    events.press("n")
    assert hud.picked == 2


def test_free_flight_keeps_tab_for_the_pointer():
    events = Events()
    ExploreControls(
        events, send=[].append, latest=lambda: None, hud=Hud(), crossed_pressure_mmHg=100.0,
        skip=("tab",),
    )  # fmt: skip
    assert "tab" not in events.hooks and "n" in events.hooks


def test_cleanup_removes_every_hook(controls):
    events, _, _, keys = controls
    keys.cleanup()
    assert events.hooks == {}


def test_clock_steps_hold_at_their_ends():
    assert next_step(BODY_CLOCK_STEPS, 300.0, +1) == 300.0
    assert next_step(SIGNAL_CLOCK_STEPS, 0.05, -1) == 0.05
    assert next_step(SIGNAL_CLOCK_STEPS, 0.3, +1) == 0.5  # between steps: the next one up
    with pytest.raises(ValueError, match="explore_keys.pause"):
        ExploreKeys(pause=("",))


def test_clock_steps_follow_a_rate_set_elsewhere():
    events, sent = Events(), []
    snapshot = NerveSnapshot(classes=(), physiological_speedup=12.0, electrical_ms_per_s=0.2)
    ExploreControls(
        events, send=sent.append, latest=lambda: snapshot, hud=Hud(), crossed_pressure_mmHg=100.0
    )
    events.press("]")
    snapshot.physiological_speedup = 30.0  # the thread applied it
    snapshot.physiological_speedup = 300.0  # and then the story sped the body clock up
    events.press("[")
    assert sent[-1] == SetClockRates(physiological_speedup=120.0)
