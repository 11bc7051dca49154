"""Lock-down: nothing a visitor does gets them out of the exhibit; the operator gets in with a PIN.

In visitor mode Escape, Alt+F4 and the window's close request do nothing (counted, so the
operator panel can show them), and ShowBase's own exits (``userExit``, ``finalizeExit``) are
swallowed. The operator opens a PIN pad with a hidden gesture: **5 taps within 3 s in the
top-left corner** of the screen (the top-left 12 % of width and height; a touch screen sends
taps as clicks) or **F12 pressed 5 times within 3 s** on a keyboard. The right PIN opens the
operator panel (counters, volume, language, calm default, quit); quitting is honoured only
there. An abandoned PIN pad closes after ``PIN_PAD_TIMEOUT_S`` and an abandoned panel after
``PANEL_TIMEOUT_S`` (relocking), so a visitor who stumbles on either is never stuck; after
``MAX_PIN_TRIES`` wrong PINs the pad refuses for ``LOCKOUT_S``.
"""

from collections.abc import Callable

from panda3d.core import WindowProperties

from game.render.display import WINDOW_TITLE

VISITOR = "visitor"
PIN_ENTRY = "pin-entry"
OPERATOR = "operator"

GESTURE_TAPS = 5
GESTURE_WITHIN_S = 3.0
#: The hidden corner: this fraction of the screen's width and height from the top-left.
CORNER_FRACTION = 0.12
PIN_PAD_TIMEOUT_S = 20.0
PANEL_TIMEOUT_S = 60.0
MAX_PIN_TRIES = 3
LOCKOUT_S = 60.0

#: Thrown by the window instead of closing (Alt+F4, the close button, the window manager).
CLOSE_REQUEST_EVENT = "kiosk-window-close-request"
#: Key events that quit a desktop app; in a kiosk they only count as refused attempts.
QUIT_KEYS = ("escape", "alt-f4", "control-q", "control-w")


def kiosk_window_properties(
    width_px: int | None = None, height_px: int | None = None
) -> WindowProperties:
    """Fullscreen, undecorated, cursor hidden (and the size, when given)."""
    props = WindowProperties()
    props.set_title(WINDOW_TITLE)
    props.set_fullscreen(True)
    props.set_undecorated(True)
    props.set_cursor_hidden(True)
    if width_px and height_px:
        props.set_size(width_px, height_px)
    return props


def in_corner(x: float, y: float) -> bool:
    """True for a tap at (x, y), each 0..1 from the screen's top-left, in the hidden corner."""
    return 0.0 <= x <= CORNER_FRACTION and 0.0 <= y <= CORNER_FRACTION


class OperatorAccess:
    """Who is at the screen: a visitor, someone typing a PIN, or the operator. Clock-driven."""

    def __init__(self, pin: str, *, clock: Callable[[], float]) -> None:
        self._pin = pin
        self._clock = clock
        self.mode = VISITOR
        self._hits: list[float] = []
        self._last_activity_s = clock()
        self._wrong_tries = 0
        self._locked_until_s = -1.0

    @property
    def locked_for_s(self) -> float:
        """Seconds the PIN pad still refuses every PIN after too many wrong tries."""
        return max(0.0, self._locked_until_s - self._clock())

    def gesture_hit(self) -> bool:
        """One corner tap or F12 press; True when it completes the gesture (PIN pad opens)."""
        now = self._clock()
        self._hits = [t for t in self._hits if now - t <= GESTURE_WITHIN_S] + [now]
        if self.mode == VISITOR and len(self._hits) >= GESTURE_TAPS:
            self._hits.clear()
            self.mode = PIN_ENTRY
            self._last_activity_s = now
            return True
        return False

    def enter_pin(self, text: str) -> bool:
        """Check a PIN typed on the pad: right -> operator mode; wrong -> refused (counted)."""
        if self.mode != PIN_ENTRY:
            return False
        self._last_activity_s = self._clock()
        if self.locked_for_s > 0:
            return False
        if text == self._pin:
            self.mode = OPERATOR
            self._wrong_tries = 0
            return True
        self._wrong_tries += 1
        if self._wrong_tries >= MAX_PIN_TRIES:
            self._wrong_tries = 0
            self._locked_until_s = self._clock() + LOCKOUT_S
        return False

    def activity(self) -> None:
        """The operator (or PIN typist) touched something: keep the pad or panel open."""
        self._last_activity_s = self._clock()

    def close(self) -> None:
        """Back to visitor mode (panel closed, PIN pad cancelled)."""
        self.mode = VISITOR

    def update(self) -> None:
        """Close an abandoned PIN pad or operator panel."""
        idle_s = self._clock() - self._last_activity_s
        if (self.mode == PIN_ENTRY and idle_s >= PIN_PAD_TIMEOUT_S) or (
            self.mode == OPERATOR and idle_s >= PANEL_TIMEOUT_S
        ):
            self.mode = VISITOR


class LockDown:
    """Installed on a ShowBase: swallows every way out unless ``access`` is in operator mode.

    ``on_quit`` runs when a quit is honoured (the operator panel's Quit, or a close request
    while the panel is open). ``uninstall()`` puts ShowBase's exits back.
    """

    def __init__(self, base, access: OperatorAccess, *, on_quit: Callable[[], None]) -> None:
        self._base = base
        self.access = access
        self._on_quit = on_quit
        #: Quit attempts refused in visitor mode (shown on the operator panel).
        self.refused = 0
        self._saved = (base.userExit, base.finalizeExit)
        base.userExit = self.request_quit
        base.finalizeExit = self.request_quit
        if base.win is not None and hasattr(base.win, "set_close_request_event"):
            # The window now throws this event instead of closing (Panda3D's close request).
            base.win.set_close_request_event(CLOSE_REQUEST_EVENT)
        base.accept(CLOSE_REQUEST_EVENT, self.request_quit)
        for key in QUIT_KEYS:
            base.accept(key, self.request_quit)

    def request_quit(self, *_args) -> None:
        if self.access.mode == OPERATOR:
            self._on_quit()
        else:
            self.refused += 1

    def quit_from_panel(self) -> bool:
        """The panel's Quit button: honoured only in operator mode."""
        if self.access.mode != OPERATOR:
            self.refused += 1
            return False
        self._on_quit()
        return True

    def uninstall(self) -> None:
        base = self._base
        base.userExit, base.finalizeExit = self._saved
        base.ignore(CLOSE_REQUEST_EVENT)
        for key in QUIT_KEYS:
            base.ignore(key)
        if base.win is not None and hasattr(base.win, "set_close_request_event"):
            base.win.set_close_request_event("")
