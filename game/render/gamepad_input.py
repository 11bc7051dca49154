"""Twin-stick gamepad input for the free flight, with hot-plug: any pad, or none, at any time.

Uses Panda3D's InputDevice API: the device manager lists the gamepads present at start, and
ShowBase's data loop throws "connect-device" / "disconnect-device" (with the device) when one
appears or vanishes. The first gamepad is used; when it goes, the next one present (if any)
takes over. Each frame ``read()`` polls that one device and returns its sticks and triggers
after the dead zone, or None when there is no pad, so a pad pulled out mid-flight only
stops its input: the flight then coasts to a stop over its usual ramp.
"""

import math
from dataclasses import dataclass

from panda3d.core import GamepadButton, InputDevice

from game.play.input_bindings import GamepadBindings

CONNECT_EVENT = "connect-device"
DISCONNECT_EVENT = "disconnect-device"


@dataclass(frozen=True)
class PadState:
    """One frame of a gamepad, each in -1..1 (triggers 0..1), dead zone applied."""

    move_x: float = 0.0
    move_y: float = 0.0
    look_x: float = 0.0
    look_y: float = 0.0
    lift: float = 0.0  # up trigger minus down trigger
    fast: bool = False


def apply_deadzone(x: float, y: float, deadzone: float) -> tuple[float, float]:
    """A radial dead zone, rescaled so that output starts at 0 just past it and reaches 1."""
    magnitude = math.hypot(x, y)
    if magnitude <= deadzone:
        return 0.0, 0.0
    scale = min(1.0, (magnitude - deadzone) / (1.0 - deadzone)) / magnitude
    return x * scale, y * scale


def resolve_bindings(bindings: GamepadBindings) -> tuple[tuple, tuple]:
    """The Panda3D axes (move x/y, look x/y, down, up) and fast buttons ``bindings`` name."""
    axis = InputDevice.Axis
    names = (bindings.move_x, bindings.move_y, bindings.look_x, bindings.look_y)
    axes = tuple(getattr(axis, name) for name in (*names, bindings.down, bindings.up))
    buttons = tuple(getattr(GamepadButton, name)() for name in bindings.fast)
    return axes, buttons


def read_pad(device, axes: tuple, fast_buttons: tuple, deadzone: float) -> PadState:
    """The state of ``device`` (an InputDevice, or anything with ``find_axis``/``find_button``)
    for the axes and buttons from ``resolve_bindings``."""
    find_axis = device.find_axis
    move_axis_x, move_axis_y, look_axis_x, look_axis_y, down_axis, up_axis = axes
    move_x, move_y = apply_deadzone(
        find_axis(move_axis_x).value, find_axis(move_axis_y).value, deadzone
    )
    look_x, look_y = apply_deadzone(
        find_axis(look_axis_x).value, find_axis(look_axis_y).value, deadzone
    )
    # Triggers rest at 0 on XInput and evdev; clamp in case a driver reports -1..1.
    down = min(1.0, max(0.0, find_axis(down_axis).value))
    up = min(1.0, max(0.0, find_axis(up_axis).value))
    lift = (up if up > deadzone else 0.0) - (down if down > deadzone else 0.0)
    fast = any(device.find_button(button).pressed for button in fast_buttons)
    return PadState(move_x, move_y, look_x, look_y, lift, fast)


class GamepadInput:
    """Tracks the gamepad in use through hot-plug events; ``cleanup()`` ignores them again.

    ``devices`` is an InputDeviceManager (``base.devices``), ``messenger`` the event
    messenger; both fall back to Panda3D's global ones.
    """

    def __init__(
        self,
        bindings: GamepadBindings | None = None,
        *,
        deadzone: float = 0.15,
        devices=None,
        messenger=None,
    ) -> None:
        if devices is None:
            from panda3d.core import InputDeviceManager

            devices = InputDeviceManager.get_global_ptr()
        if messenger is None:
            from direct.showbase.MessengerGlobal import messenger
        self.bindings = bindings or GamepadBindings()
        self.deadzone = deadzone
        # Resolved once: the per-frame read does no name look-ups.
        self._axes, self._fast_buttons = resolve_bindings(self.bindings)
        self._devices = devices
        self._messenger = messenger
        self.device = None
        self._pick_present()
        messenger.accept(CONNECT_EVENT, self, self._on_connect)
        messenger.accept(DISCONNECT_EVENT, self, self._on_disconnect)

    def _pick_present(self) -> None:
        """Use the first connected gamepad the device manager knows of, if any."""
        self.device = None
        for device in self._devices.get_devices(InputDevice.DeviceClass.gamepad):
            if device.connected:
                self.device = device
                return

    def _on_connect(self, device) -> None:
        if self.device is None and device.device_class == InputDevice.DeviceClass.gamepad:
            self.device = device

    def _on_disconnect(self, device) -> None:
        # == not `is`: each event hands over a new Python wrapper of the same device.
        if device == self.device or (self.device is not None and not self.device.connected):
            self._pick_present()

    def read(self) -> PadState | None:
        """This frame's state of the gamepad in use, or None when there is none."""
        device = self.device
        if device is None:
            return None
        if not device.connected:  # gone before its event arrived
            self._pick_present()
            return None
        device.poll()
        return read_pad(device, self._axes, self._fast_buttons, self.deadzone)

    def cleanup(self) -> None:
        self._messenger.ignore_all(self)
        self.device = None
