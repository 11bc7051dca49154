"""Time controls, as in good teaching simulations: pause, slow motion, fast forward, and a
"stimulate" button that sends one signal down the nerve on demand.

Each control produces command values (``game.sim.commands``) sent through ``send``; the
rate ladders are data (``levels/story/time_controls.toml``) and the controls stop at their
ends instead of wrapping round. Slower / faster move both clocks one step together, so the
visitor keeps the same feel for the ratio of spikes to minutes.
"""

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from game import REPO_ROOT
from game.datafile import Field, check_table, load_toml
from game.play.nerve_view import Send
from game.play.play_data import class_names, require_choice
from game.sim.commands import SetClockRates, SetPaused, StimulateClass

TIME_CONTROLS_PATH = REPO_ROOT / "levels" / "story" / "time_controls.toml"


def _increasing(values) -> str | None:
    ok = len(values) >= 2 and all(b > a for a, b in pairwise(values))
    return None if ok else "expected at least two strictly increasing values"


FILE_SCHEMA = {
    "electrical_ms_per_s": Field("list", min=0.0, max=1e4, check=_increasing),
    "physiological_speedup": Field("list", min=0.0, max=1e5, check=_increasing),
}


@dataclass(frozen=True)
class RateLadders:
    electrical_ms_per_s: tuple[float, ...]
    physiological_speedup: tuple[float, ...]


def load_ladders(path: Path = TIME_CONTROLS_PATH) -> RateLadders:
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    return RateLadders(
        tuple(float(v) for v in data["electrical_ms_per_s"]),
        tuple(float(v) for v in data["physiological_speedup"]),
    )


@cache
def default_ladders() -> RateLadders:
    return load_ladders()


def _nearest(ladder: tuple[float, ...], value: float) -> int:
    i = bisect_left(ladder, value)
    if i == len(ladder):
        return i - 1
    if i > 0 and value - ladder[i - 1] < ladder[i] - value:
        return i - 1
    return i


class TimeControls:
    """Pause / slower / faster / stimulate; starts at the rates given (snapped to a step)."""

    def __init__(
        self,
        send: Send,
        *,
        electrical_ms_per_s: float = 0.2,
        physiological_speedup: float = 12.0,
        ladders: RateLadders | None = None,
    ) -> None:
        self._send = send
        self.ladders = ladders if ladders is not None else default_ladders()
        self._e = _nearest(self.ladders.electrical_ms_per_s, electrical_ms_per_s)
        self._p = _nearest(self.ladders.physiological_speedup, physiological_speedup)
        self.paused = False

    @property
    def electrical_ms_per_s(self) -> float:
        return self.ladders.electrical_ms_per_s[self._e]

    @property
    def physiological_speedup(self) -> float:
        return self.ladders.physiological_speedup[self._p]

    @property
    def at_slowest(self) -> bool:
        return self._e == 0 and self._p == 0

    @property
    def at_fastest(self) -> bool:
        return (
            self._e == len(self.ladders.electrical_ms_per_s) - 1
            and self._p == len(self.ladders.physiological_speedup) - 1
        )

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._send(SetPaused(self.paused))

    def _step(self, by: int) -> bool:
        e = min(max(self._e + by, 0), len(self.ladders.electrical_ms_per_s) - 1)
        p = min(max(self._p + by, 0), len(self.ladders.physiological_speedup) - 1)
        if (e, p) == (self._e, self._p):
            return False  # at the end of both ladders: nothing to send
        self._e, self._p = e, p
        self._send(SetClockRates(self.physiological_speedup, self.electrical_ms_per_s))
        return True

    def slower(self) -> bool:
        """One step of slow motion; False (and no command) at the slowest step."""
        return self._step(-1)

    def faster(self) -> bool:
        """One step of fast forward; False (and no command) at the fastest step."""
        return self._step(+1)

    def stimulate(self, class_name: str | None = None) -> None:
        """Send a signal down one class (``None``: every class), as touching the skin would."""
        if class_name is not None:
            require_choice(
                TIME_CONTROLS_PATH, "stimulate", class_name, class_names(), "fibre class"
            )
        self._send(StimulateClass(class_name))
