"""The explore mode's keys: cross the legs, move or shake the leg, stimulate, pause, the two
clocks' speeds, and the node the HUD watches.

Turns key events (``game.play.input_bindings.ExploreKeys``) into ``game.sim.commands`` sent
to the simulation thread, and into HUD picks; the clock speeds step from the newest
snapshot's rates. Holding C crosses the legs at the science profile's pressure; releasing
it uncrosses them. ``cleanup()`` removes every hook.
"""

from game.play.input_bindings import (
    BODY_CLOCK_STEPS,
    SIGNAL_CLOCK_STEPS,
    ExploreKeys,
    next_step,
)
from game.sim.commands import (
    GentleMovement,
    SetClockRates,
    SetPaused,
    SetPressure,
    ShakeHard,
    StimulateClass,
)

#: Panda3D names a key-down event after the modifiers held with it ("shift-c").
MODIFIER_PREFIXES = ("", "shift-", "control-", "alt-")


class ExploreControls:
    """Binds ``keys`` on ``messenger``-style ``accept``/``ignore`` (a DirectObject or ShowBase).

    ``send`` takes a command; ``latest`` returns the newest snapshot (or None); ``hud`` has
    ``pick_next()`` (and ``show_movement(gentle)`` if it shows the gentle movement);
    ``crossed_pressure_mmHg`` is what crossing the legs presses with.
    """

    def __init__(
        self,
        events,
        *,
        send,
        latest,
        hud,
        crossed_pressure_mmHg: float,
        keys: ExploreKeys | None = None,
        skip: tuple[str, ...] = (),
    ) -> None:
        self.keys = keys or ExploreKeys()
        self._events = events
        self._send = send
        self._latest = latest
        self._hud = hud
        self._pressure = crossed_pressure_mmHg
        self.gentle = False
        self.paused = False
        self.legs_crossed = False
        self._accepted: list[str] = []
        # the rate last asked for, and the snapshot's rate then: until the thread applies it,
        # the next step counts from what was asked (two quick presses make two steps)
        self._asked: dict[str, tuple[float, float]] = {}
        k = self.keys
        self._bind(k.cross_legs, self.cross_legs, self.uncross_legs, skip)
        self._bind(k.gentle_movement, self.toggle_gentle, None, skip)
        self._bind(k.shake_hard, lambda: self._send(ShakeHard()), None, skip)
        self._bind(k.stimulate, lambda: self._send(StimulateClass(None)), None, skip)
        self._bind(k.pause, self.toggle_pause, None, skip)
        self._bind(k.slower_body_clock, lambda: self.step_body_clock(-1), None, skip)
        self._bind(k.faster_body_clock, lambda: self.step_body_clock(+1), None, skip)
        self._bind(k.slower_signals, lambda: self.step_signals(-1), None, skip)
        self._bind(k.faster_signals, lambda: self.step_signals(+1), None, skip)
        self._bind(k.next_node, self._next_node, None, skip)

    def _bind(self, names, on_down, on_up, skip) -> None:
        for name in names:
            if name in skip:
                continue
            for prefix in MODIFIER_PREFIXES:
                self._events.accept(prefix + name, on_down)
                self._accepted.append(prefix + name)
            if on_up is not None:
                self._events.accept(name + "-up", on_up)
                self._accepted.append(name + "-up")

    # -- actions -------------------------------------------------------------------------
    def cross_legs(self) -> None:
        if not self.legs_crossed:
            self.legs_crossed = True
            self._send(SetPressure(pressure_mmHg=self._pressure))

    def uncross_legs(self) -> None:
        if self.legs_crossed:
            self.legs_crossed = False
            self._send(SetPressure(pressure_mmHg=0.0))

    def toggle_gentle(self) -> None:
        self.gentle = not self.gentle
        self._send(GentleMovement(active=self.gentle))
        show = getattr(self._hud, "show_movement", None)
        if show is not None:
            show(self.gentle)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._send(SetPaused(self.paused))

    def _step(self, field: str, steps: tuple[float, ...], direction: int) -> float | None:
        snapshot = self._latest()
        if snapshot is None:
            return None
        now = getattr(snapshot, field)
        asked, seen = self._asked.get(field, (now, now))
        current = asked if now == seen else now
        value = next_step(steps, current, direction)
        self._asked[field] = (value, now)
        return value

    def step_body_clock(self, direction: int) -> None:
        speedup = self._step("physiological_speedup", BODY_CLOCK_STEPS, direction)
        if speedup is not None:
            self._send(SetClockRates(physiological_speedup=speedup))

    def step_signals(self, direction: int) -> None:
        rate = self._step("electrical_ms_per_s", SIGNAL_CLOCK_STEPS, direction)
        if rate is not None:
            self._send(SetClockRates(electrical_ms_per_s=rate))

    def _next_node(self) -> None:
        self._hud.pick_next()

    def cleanup(self) -> None:
        for name in self._accepted:
            self._events.ignore(name)
        self._accepted.clear()
