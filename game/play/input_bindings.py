"""The free-flight controls as data: which key, mouse and gamepad input does what, and comfort.

Pure data (no Panda3D): key names are Panda3D button event names ("w", "shift", "arrow_up"),
gamepad axes and buttons are the names of ``InputDevice.Axis`` members and ``GamepadButton``
methods ("left_x", "rshoulder"); ``game.render.free_flight`` turns them into handles. Every
number is checked on construction, and a bad value raises ValueError naming the field, its
allowed range and what it got. Speeds are in internode lengths, so they follow the drawn
tunnel whatever fibre is shown.
"""

from dataclasses import dataclass, field


def _check_range(name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"{name}: expected a number from {low:g} to {high:g}, got {value!r}")


def _check_names(name: str, names: tuple[str, ...]) -> None:
    if not isinstance(names, tuple) or not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{name}: expected a tuple of button names, got {names!r}")


@dataclass(frozen=True)
class KeyBindings:
    """Keyboard buttons for each action; any of an action's buttons does it."""

    forward: tuple[str, ...] = ("w", "arrow_up")
    back: tuple[str, ...] = ("s", "arrow_down")
    left: tuple[str, ...] = ("a", "arrow_left")
    right: tuple[str, ...] = ("d", "arrow_right")
    #: Straight down and up in the world (across the fibre), whatever the camera's pitch.
    down: tuple[str, ...] = ("q", "page_down")
    up: tuple[str, ...] = ("e", "page_up")
    #: Held: fly ``ComfortSettings.fast_multiplier`` times faster. Panda3D throws "shift"
    #: for either shift key, and "lshift"/"rshift" too where the platform tells them apart.
    fast: tuple[str, ...] = ("shift", "lshift", "rshift")
    #: Pressed: free the mouse pointer (to click on the HUD), press again to look around.
    toggle_mouse_look: tuple[str, ...] = ("tab",)

    def __post_init__(self) -> None:
        for action in ACTIONS:
            _check_names(f"keys.{action}", getattr(self, action))


#: The KeyBindings fields, in order.
ACTIONS = ("forward", "back", "left", "right", "down", "up", "fast", "toggle_mouse_look")


@dataclass(frozen=True)
class GamepadBindings:
    """Twin-stick layout: left stick moves, right stick looks, triggers go down and up."""

    move_x: str = "left_x"
    #: Pushed away from you (positive in Panda3D): forward.
    move_y: str = "left_y"
    look_x: str = "right_x"
    #: Pushed away from you (positive): look up, unless invert-Y is on.
    look_y: str = "right_y"
    down: str = "left_trigger"
    up: str = "right_trigger"
    #: Held: fly faster (clicking the left stick, or the right shoulder button).
    fast: tuple[str, ...] = ("lstick", "rshoulder")

    def __post_init__(self) -> None:
        for name in ("move_x", "move_y", "look_x", "look_y", "down", "up"):
            _check_names(f"gamepad.{name}", (getattr(self, name),))
        _check_names("gamepad.fast", self.fast)


@dataclass(frozen=True)
class ComfortSettings:
    """How the flight feels; defaults suit a first-time visitor."""

    #: Degrees of turn per pixel of mouse motion.
    mouse_sensitivity_deg_per_px: float = 0.12
    #: Mouse forward / stick forward looks down instead of up (flight-sim style).
    invert_y: bool = False
    #: Turn rate with the right stick fully over.
    stick_look_deg_per_s: float = 90.0
    #: Stick deflection (0..1) ignored around the centre, so a worn stick does not drift.
    stick_deadzone: float = 0.15
    #: Cruising speed in drawn internode lengths per second (0.5 is about 9 µm/s for the
    #: 10 µm fibre: a node of Ranvier every two seconds, a little faster than the rail).
    cruise_internodes_per_s: float = 0.5
    #: Speed while "fast" is held, as a multiple of cruising speed.
    fast_multiplier: float = 3.0
    #: Seconds to reach a new speed from rest or to stop: a short, linear ramp, so motion
    #: never jumps and is otherwise constant.
    ramp_s: float = 0.3
    #: Pitch is held within +-this, so the view never flips over the top.
    max_pitch_deg: float = 80.0
    #: The eye keeps this fraction of the narrowest (node) radius away from the wall.
    wall_clearance_fraction: float = 0.25

    def __post_init__(self) -> None:
        _check_range("comfort.mouse_sensitivity_deg_per_px", self.mouse_sensitivity_deg_per_px,
                     0.01, 1.0)  # fmt: skip
        if not isinstance(self.invert_y, bool):
            raise ValueError(f"comfort.invert_y: expected true or false, got {self.invert_y!r}")
        _check_range("comfort.stick_look_deg_per_s", self.stick_look_deg_per_s, 10.0, 360.0)
        _check_range("comfort.stick_deadzone", self.stick_deadzone, 0.0, 0.5)
        _check_range("comfort.cruise_internodes_per_s", self.cruise_internodes_per_s, 0.05, 5.0)
        _check_range("comfort.fast_multiplier", self.fast_multiplier, 1.0, 10.0)
        _check_range("comfort.ramp_s", self.ramp_s, 0.05, 2.0)
        _check_range("comfort.max_pitch_deg", self.max_pitch_deg, 10.0, 89.0)
        _check_range("comfort.wall_clearance_fraction", self.wall_clearance_fraction, 0.05, 0.8)


@dataclass(frozen=True)
class FlightControls:
    """Everything the free flight reads from the visitor's settings."""

    keys: KeyBindings = field(default_factory=KeyBindings)
    gamepad: GamepadBindings = field(default_factory=GamepadBindings)
    comfort: ComfortSettings = field(default_factory=ComfortSettings)


@dataclass(frozen=True)
class ExploreKeys:
    """Keys of the explore mode: the nerve's commands and the HUD's picks.

    ``cross_legs`` is held (down: legs crossed, up: uncrossed); the others are pressed.
    In free flight Tab frees the pointer, so ``next_node`` is also on N.
    """

    cross_legs: tuple[str, ...] = ("c",)
    gentle_movement: tuple[str, ...] = ("g",)
    shake_hard: tuple[str, ...] = ("h",)
    stimulate: tuple[str, ...] = ("space",)
    pause: tuple[str, ...] = ("p",)
    slower_body_clock: tuple[str, ...] = ("[",)
    faster_body_clock: tuple[str, ...] = ("]",)
    slower_signals: tuple[str, ...] = (",",)
    faster_signals: tuple[str, ...] = (".",)
    next_node: tuple[str, ...] = ("tab", "n")

    def __post_init__(self) -> None:
        for action in EXPLORE_ACTIONS:
            _check_names(f"explore_keys.{action}", getattr(self, action))


#: The ExploreKeys fields, in order.
EXPLORE_ACTIONS = (
    "cross_legs", "gentle_movement", "shake_hard", "stimulate", "pause", "slower_body_clock",
    "faster_body_clock", "slower_signals", "faster_signals", "next_node",
)  # fmt: skip
#: Steps of the physiological clock (physiological seconds per second of play) and of the
#: electrical clock (electrical ms per second of play: 0.2 is 5,000x slow motion, 1000 is
#: real time) that [ ] and , . move between.
BODY_CLOCK_STEPS = (1.0, 3.0, 6.0, 12.0, 30.0, 60.0, 120.0, 300.0)
SIGNAL_CLOCK_STEPS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 20.0, 100.0, 1000.0)


def next_step(steps: tuple[float, ...], current: float, direction: int) -> float:
    """The step after (``direction`` +1) or before (-1) ``current``, held at the ends."""
    if direction > 0:
        return next((s for s in steps if s > current * (1 + 1e-9)), steps[-1])
    return next((s for s in reversed(steps) if s < current * (1 - 1e-9)), steps[0])
