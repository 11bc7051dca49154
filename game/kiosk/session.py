"""The kiosk's visitor session as a state machine: attract -> active -> "Still there?" -> reset.

Nobody there: ATTRACT (the story plays itself, "Touch to start"). Any touch, click, key or
gamepad button starts a session (ACTIVE) with a fresh ``Visitor``. After ``idle_timeout_s``
without input a "Still there?" card counts down ``countdown_s`` (STILL_THERE); input returns
to ACTIVE, silence resets to ATTRACT and forgets the visitor (language, toggles, progress).
The idle timer does not run while narration plays (the story sets ``narration_running``):
a visitor listening is not idle.

Pure Python and driven by an injected clock (seconds, monotonic): ``update()`` reads it, so
tests step time without sleeping and the shell calls it once a frame.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ATTRACT = "attract"
ACTIVE = "active"
STILL_THERE = "still-there"

ENDED_BY_TIMEOUT = "timeout"
ENDED_BY_FINISHED = "finished"


@dataclass
class Visitor:
    """What one visitor chose and reached; forgotten when their session ends."""

    language: str
    calm_mode: bool
    started_s: float
    furthest_stage: str | None = None
    chapters_completed: list[str] = field(default_factory=list)
    #: Other per-visitor toggles the story offers (captions, profile view, ...).
    toggles: dict[str, bool] = field(default_factory=dict)


class KioskSession:
    """The attract/active/still-there machine. Callbacks are told when sessions start and end.

    ``on_start(visitor)`` runs when a session starts; ``on_end(visitor, ended_by, dwell_s)``
    when it ends (``"timeout"`` or ``"finished"``), before the visitor is forgotten.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        idle_timeout_s: float,
        countdown_s: float,
        default_language: str,
        calm_mode_default: bool = False,
        on_start: Callable[[Visitor], None] | None = None,
        on_end: Callable[[Visitor, str, float], None] | None = None,
    ) -> None:
        self._clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.countdown_s = countdown_s
        self.default_language = default_language
        self.calm_mode_default = calm_mode_default
        self._on_start = on_start
        self._on_end = on_end
        self.state = ATTRACT
        self.visitor: Visitor | None = None
        #: Language shown on the attract screen (a visitor may switch it before starting).
        self.attract_language = default_language
        #: Set by the story while narration plays; pauses the idle timer.
        self.narration_running = False
        self._idle_s = 0.0
        self._countdown_left_s = 0.0
        self._last_s = clock()

    # -- queries -------------------------------------------------------------------------
    @property
    def idle_s(self) -> float:
        """Seconds of counted idleness in ACTIVE (narration excluded)."""
        return self._idle_s

    @property
    def countdown_left_s(self) -> float:
        """Seconds left on the "Still there?" card (0 outside STILL_THERE)."""
        return self._countdown_left_s if self.state == STILL_THERE else 0.0

    @property
    def language(self) -> str:
        return self.visitor.language if self.visitor else self.attract_language

    # -- inputs --------------------------------------------------------------------------
    def input(self) -> None:
        """Any touch, click, key or gamepad button."""
        self.update()
        if self.state == ATTRACT:
            self._start()
        else:
            self.state = ACTIVE
            self._idle_s = 0.0
            self._countdown_left_s = 0.0

    def set_language(self, language: str) -> None:
        """Switch language: on the attract screen (for the next visitor) or mid-session."""
        if self.visitor is not None:
            self.visitor.language = language
        else:
            self.attract_language = language

    def finish(self) -> None:
        """The story reached its end: the session ends as finished, back to ATTRACT."""
        if self.state != ATTRACT:
            self._end(ENDED_BY_FINISHED)

    def update(self) -> None:
        """Advance the timers to the clock's time; call once a frame."""
        now = self._clock()
        elapsed_s = max(0.0, now - self._last_s)
        self._last_s = now
        if self.state == ACTIVE:
            if not self.narration_running:
                self._idle_s += elapsed_s
            if self._idle_s >= self.idle_timeout_s:
                self.state = STILL_THERE
                # Time past the timeout already counts against the card (big frame steps).
                self._countdown_left_s = self.countdown_s - (self._idle_s - self.idle_timeout_s)
                elapsed_s = 0.0
        if self.state == STILL_THERE:
            self._countdown_left_s -= elapsed_s
            if self._countdown_left_s <= 0.0:
                self._end(ENDED_BY_TIMEOUT)

    # -- transitions ---------------------------------------------------------------------
    def _start(self) -> None:
        self.state = ACTIVE
        self._idle_s = 0.0
        self.visitor = Visitor(
            language=self.attract_language,
            calm_mode=self.calm_mode_default,
            started_s=self._clock(),
        )
        if self._on_start is not None:
            self._on_start(self.visitor)

    def _end(self, ended_by: str) -> None:
        visitor = self.visitor
        self.state = ATTRACT
        self.visitor = None
        self._idle_s = 0.0
        self._countdown_left_s = 0.0
        self.narration_running = False
        # The next visitor starts from the operator's defaults, not this visitor's choices.
        self.attract_language = self.default_language
        if visitor is not None and self._on_end is not None:
            self._on_end(visitor, ended_by, max(0.0, self._clock() - visitor.started_s))
