"""Free flight: scripted key, mouse and gamepad input move the camera as documented.

Keys arrive as the event names Panda3D's ButtonThrower throws (a press is prefixed with the
modifiers held, "shift-w"; a release never is, "w-up"), sent through a private Messenger;
mouse motion comes from a scripted pointer; gamepads are stand-in objects with InputDevice's
``find_axis``/``find_button``/``poll``, announced with "connect-device" and
"disconnect-device" as ShowBase does. Every frame is a fixed ``FRAME_S``: nothing here
depends on the wall clock. The last tests use the session's offscreen ShowBase: real events
through its event queue, the flight's own task, and the picture it draws.
"""

import math
from types import SimpleNamespace

import numpy as np
import pytest
from direct.showbase.Messenger import Messenger
from direct.task.Task import TaskManager
from frame_pixels import frame_rgb, luminance
from panda3d.core import AsyncTaskManager, Event, EventQueue, InputDevice, NodePath

from game.comfort import ComfortSettings as VisitorComfort
from game.play.input_bindings import ComfortSettings, FlightControls, GamepadBindings
from game.render.camera_rail import configure_lens
from game.render.fiber_scene import FiberScene
from game.render.free_flight import TASK_NAME, TASK_SORT, FreeFlight
from game.render.gamepad_input import GamepadInput, apply_deadzone
from game.render.mouse_look import WindowPointer
from game.render.tunnel_layout import layout_for_fiber, wall_radius_um
from game.sim.fiber_geometry import mrg_geometry

pytestmark = pytest.mark.render

FRAME_S = 1.0 / 50.0
SENSITIVITY = ComfortSettings().mouse_sensitivity_deg_per_px


# -- stand-ins for input hardware ----------------------------------------------------------
class ScriptedPointer:
    """Mouse motion queued by the test, one (dx, dy) in pixels per frame."""

    def __init__(self) -> None:
        self.motions: list[tuple[float, float]] = []
        self.captured = False

    def capture(self) -> None:
        self.captured = True

    def release(self) -> None:
        self.captured = False

    def toggle(self) -> None:
        self.captured = not self.captured

    def take_motion_px(self) -> tuple[float, float]:
        return self.motions.pop(0) if self.motions else (0.0, 0.0)


class FakePad:
    """What the flight uses of a Panda3D InputDevice: axes, buttons, poll(), hot-plug state.

    ``axes`` maps InputDevice.Axis member names ("left_y") to values, as a real pad would
    report them; axes not set read 0, like a real device's ``find_axis`` of a missing axis.
    """

    def __init__(self, name: str = "pad", device_class=InputDevice.DeviceClass.gamepad) -> None:
        self.name = name
        self.device_class = device_class
        self.connected = True
        self.axes: dict[str, float] = {}
        self.pressed: set[str] = set()
        self.polls = 0

    def poll(self) -> None:
        self.polls += 1

    def find_axis(self, axis):
        return SimpleNamespace(value=self.axes.get(axis.name, 0.0), known=axis.name in self.axes)

    def find_button(self, handle):
        return SimpleNamespace(pressed=handle.get_name() in self.pressed)


class FakeDevices:
    """An InputDeviceManager's ``get_devices``: the connected pads of the given class."""

    def __init__(self, *pads: FakePad) -> None:
        self.pads = list(pads)

    def get_devices(self, device_class):
        return [p for p in self.pads if p.device_class == device_class and p.connected]


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def layout():
    geometry = mrg_geometry(diameter_um=10.0)
    return layout_for_fiber(geometry, np.arange(30) * geometry.node_spacing_um)


def private_task_manager() -> TaskManager:
    """A TaskManager with its own AsyncTaskManager. ``TaskManager()`` wraps the process-wide
    one, which ShowBase also runs on: destroying it would remove ShowBase's tasks (its event
    manager, so later tests' key events never arrive), and stepping it would run them."""
    task_mgr = TaskManager()
    task_mgr.mgr = AsyncTaskManager("free-flight-test")
    return task_mgr


@pytest.fixture
def rig(layout):
    """A free flight with its own messenger, task manager, pointer and (empty) device list."""
    messenger = Messenger()
    devices = FakeDevices()
    camera = NodePath("camera")
    pointer = ScriptedPointer()
    task_mgr = private_task_manager()
    made = []

    def make(controls: FlightControls | None = None, comfort=None) -> FreeFlight:
        controls = controls or FlightControls()
        gamepad = GamepadInput(
            controls.gamepad,
            deadzone=controls.comfort.stick_deadzone,
            devices=devices,
            messenger=messenger,
        )
        flight = FreeFlight(
            layout,
            controls=controls,
            camera=camera,
            task_mgr=task_mgr,
            messenger=messenger,
            pointer=pointer,
            gamepad=gamepad,
            fixed_frame_s=FRAME_S,
            comfort=comfort,
        )
        flight.start()
        made.append(flight)
        return flight

    rig = SimpleNamespace(
        make=make, messenger=messenger, devices=devices, camera=camera, pointer=pointer,
        task_mgr=task_mgr, send=messenger.send,
    )  # fmt: skip
    yield rig
    for flight in made:
        flight.cleanup()
    task_mgr.destroy()


def mid_internode(layout, k: int = 5) -> float:
    return float(layout.node_y_um[k] + 0.5 * layout.internode_length_um)


def fly(flight: FreeFlight, frames: int) -> list[tuple[float, float, float]]:
    """Run ``frames`` fixed-step updates; the eye's position after each."""
    positions = []
    for _ in range(frames):
        flight.update(FRAME_S)
        positions.append(flight.position_um)
    return positions


def forward_speeds(flight: FreeFlight, frames: int) -> list[float]:
    """Run ``frames`` fixed-step updates; the +Y velocity after each."""
    speeds = []
    for _ in range(frames):
        flight.update(FRAME_S)
        speeds.append(flight.velocity_um_per_s[1])
    return speeds


def ramped_distance(speed: float, seconds: float, ramp_s: float) -> float:
    """Distance covered from rest in ``seconds`` with a linear ramp of ``ramp_s`` to ``speed``
    (the fixed-step sum of the ramp: speed * (T - ramp/2 + dt/2))."""
    return speed * (seconds - 0.5 * ramp_s + 0.5 * FRAME_S)


# -- keys ----------------------------------------------------------------------------------
def test_holding_w_flies_forward_along_the_heading_at_cruising_speed(rig, layout):
    flight = rig.make()
    start = (0.0, mid_internode(layout) - 4.0, 0.0)
    flight.set_pose(start, heading_deg=10.0, pitch_deg=-6.0)
    forward = rig.camera.get_quat().get_forward()
    rig.send("w")
    frames = 40
    end = np.array(fly(flight, frames)[-1])
    moved = end - start
    cruise = 0.5 * layout.internode_length_um
    assert flight.cruise_um_per_s == pytest.approx(cruise)
    assert np.linalg.norm(moved) == pytest.approx(
        ramped_distance(cruise, frames * FRAME_S, ComfortSettings().ramp_s), rel=1e-6
    )
    np.testing.assert_allclose(moved / np.linalg.norm(moved), tuple(forward), atol=1e-6)
    assert np.linalg.norm(flight.velocity_um_per_s) == pytest.approx(cruise)
    # S flies back the way it came (reversing takes two ramps: down to rest, then up).
    rig.send("w-up")
    rig.send("s")
    fly(flight, 40)
    assert np.dot(flight.velocity_um_per_s, tuple(forward)) == pytest.approx(-cruise)


def test_shift_flies_fast_multiplier_times_faster(rig, layout):
    flight = rig.make()
    flight.set_pose((0.0, mid_internode(layout, 3), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.send("shift")
    rig.send("shift-w")  # what Panda3D throws for W while Shift is held
    y0 = flight.position_um[1]
    fly(flight, 50)
    fast = flight.fast_um_per_s
    assert fast == pytest.approx(3.0 * flight.cruise_um_per_s)
    assert flight.velocity_um_per_s[1] == pytest.approx(fast)
    assert flight.position_um[1] - y0 == pytest.approx(
        ramped_distance(fast, 50 * FRAME_S, ComfortSettings().ramp_s), rel=1e-6
    )
    # Shift released while W is still held: back down to cruising speed, smoothly.
    rig.send("shift-up")
    speeds = forward_speeds(flight, 40)
    assert speeds[-1] == pytest.approx(flight.cruise_um_per_s)
    assert 0.0 < max(-np.diff([fast, *speeds])) <= fast / ComfortSettings().ramp_s * FRAME_S + 1e-9
    rig.send("w-up")
    fly(flight, 30)
    assert flight.velocity_um_per_s == (0.0, 0.0, 0.0)


def test_w_released_while_shift_is_held_stops(rig, layout):
    flight = rig.make()
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.send("w")
    rig.send("shift")
    fly(flight, 20)
    rig.send("w-up")  # releases are never prefixed, even with Shift down
    fly(flight, 50)  # coasting down from fast takes fast_multiplier ramps
    assert flight.velocity_um_per_s == (0.0, 0.0, 0.0)


def test_q_and_e_go_straight_down_and_up_whatever_the_pitch(rig, layout):
    flight = rig.make()
    start = (0.0, mid_internode(layout), 0.0)
    flight.set_pose(start, heading_deg=25.0, pitch_deg=40.0)
    rig.send("e")
    x, y, z = fly(flight, 15)[-1]
    assert z > 0.5 and x == pytest.approx(0.0, abs=1e-9) and y == pytest.approx(start[1])
    rig.send("e-up")
    rig.send("q")
    fly(flight, 60)
    assert flight.position_um[2] < -0.5


def test_start_and_stop_ramp_without_jumps(rig, layout):
    """Comfort: speed changes by at most top speed / ramp_s per second, in every frame."""
    flight = rig.make()
    flight.set_pose((0.0, mid_internode(layout, 8), 0.0), heading_deg=0.0, pitch_deg=0.0)
    ramp_s = ComfortSettings().ramp_s
    speeds = [0.0]
    script = (("shift", 0), ("w", 40), ("w-up", 10), ("shift-up", 0), ("s", 20), ("s-up", 40))
    for event, frames in script:
        rig.send(event)
        for _ in range(frames):
            flight.update(FRAME_S)
            speeds.append(float(np.linalg.norm(flight.velocity_um_per_s)))
    assert max(np.abs(np.diff(speeds))) <= flight.fast_um_per_s / ramp_s * FRAME_S + 1e-9
    assert speeds[-1] == 0.0


# -- mouse ---------------------------------------------------------------------------------
def test_mouse_motion_turns_and_tilts_the_view(rig, layout):
    flight = rig.make()
    assert rig.pointer.captured
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.pointer.motions = [(100.0, 0.0), (0.0, -50.0)]  # right, then up (window y is down)
    fly(flight, 2)
    assert flight.heading_deg == pytest.approx(-100.0 * SENSITIVITY)  # right turns clockwise
    assert flight.pitch_deg == pytest.approx(50.0 * SENSITIVITY)  # up looks up
    assert rig.camera.get_h() == pytest.approx(flight.heading_deg)
    assert rig.camera.get_p() == pytest.approx(flight.pitch_deg)
    assert rig.camera.get_r() == 0.0  # never any roll
    rig.pointer.motions = [(0.0, -1e5)]
    fly(flight, 1)
    assert flight.pitch_deg == ComfortSettings().max_pitch_deg
    rig.send("tab")  # frees the pointer for the HUD
    assert not rig.pointer.captured


def test_invert_y_and_sensitivity_options(rig, layout):
    comfort = ComfortSettings(invert_y=True, mouse_sensitivity_deg_per_px=0.3)
    flight = rig.make(FlightControls(comfort=comfort))
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.pointer.motions = [(0.0, -20.0)]  # mouse up: inverted, so the nose goes down
    fly(flight, 1)
    assert flight.pitch_deg == pytest.approx(-20.0 * 0.3)


@pytest.mark.parametrize(
    "field, value",
    [
        ("mouse_sensitivity_deg_per_px", 0.0),
        ("mouse_sensitivity_deg_per_px", 5.0),
        ("mouse_sensitivity_deg_per_px", "fast"),
        ("invert_y", "yes"),
        ("stick_deadzone", 0.9),
        ("fast_multiplier", 0.5),
        ("ramp_s", 0.0),
        ("max_pitch_deg", 90.0),
        ("cruise_internodes_per_s", math.nan),
    ],
)
def test_comfort_settings_are_validated(field, value):
    with pytest.raises(ValueError, match=f"comfort.{field}: expected"):
        ComfortSettings(**{field: value})


# -- the visitor's comfort settings (game.comfort: --invert-y, --sensitivity, --calm) --------
def test_visitor_invert_y_flips_mouse_and_stick_pitch(rig, layout):
    pad = FakePad()
    rig.devices.pads.append(pad)
    flight = rig.make(comfort=VisitorComfort(invert_y=True))
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.pointer.motions = [(0.0, -20.0)]  # mouse up: inverted, so the nose goes down
    fly(flight, 1)
    assert flight.pitch_deg == pytest.approx(-20.0 * SENSITIVITY)
    pad.axes = {"right_y": 1.0}  # stick forward: inverted, nose down too
    fly(flight, 10)
    assert flight.pitch_deg == pytest.approx(-20.0 * SENSITIVITY - 90.0 * 10 * FRAME_S)


def test_visitor_sensitivity_scales_mouse_and_stick_look(rig, layout):
    pad = FakePad()
    rig.devices.pads.append(pad)
    flight = rig.make(comfort=VisitorComfort(mouse_sensitivity=2.5))
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.pointer.motions = [(10.0, -8.0)]
    fly(flight, 1)
    assert flight.heading_deg == pytest.approx(-10.0 * SENSITIVITY * 2.5)
    assert flight.pitch_deg == pytest.approx(8.0 * SENSITIVITY * 2.5)
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    pad.axes = {"right_x": 1.0}
    fly(flight, 10)
    assert flight.heading_deg == pytest.approx(-90.0 * 2.5 * 10 * FRAME_S)


def test_calm_mode_flies_slower(rig, layout):
    normal = rig.make()
    calm = rig.make(comfort=VisitorComfort().calm())
    scale = VisitorComfort().calm().travel_speed_scale
    assert scale < 1.0
    assert calm.cruise_um_per_s == pytest.approx(normal.cruise_um_per_s * scale)
    assert calm.fast_um_per_s == pytest.approx(normal.fast_um_per_s * scale)
    calm.set_pose((0.0, mid_internode(layout, 3), 0.0), heading_deg=0.0, pitch_deg=0.0)
    normal.cleanup()  # one flight listening to the keys
    rig.send("w")
    y0 = calm.position_um[1]
    fly(calm, 40)
    assert calm.position_um[1] - y0 == pytest.approx(
        ramped_distance(calm.cruise_um_per_s, 40 * FRAME_S, ComfortSettings().ramp_s), rel=1e-6
    )


def test_comfort_can_change_mid_flight(rig, layout):
    flight = rig.make()
    flight.set_pose((0.0, mid_internode(layout), 0.0), heading_deg=0.0, pitch_deg=0.0)
    flight.set_comfort(VisitorComfort(invert_y=True, mouse_sensitivity=0.5))
    rig.pointer.motions = [(0.0, -10.0)]
    fly(flight, 1)
    assert flight.pitch_deg == pytest.approx(-10.0 * SENSITIVITY * 0.5)


# -- the walls -----------------------------------------------------------------------------
def assert_inside(layout, flight, positions) -> None:
    clearance = flight.bounds.clearance_um
    for x, y, z in positions:
        wall = float(wall_radius_um(layout, np.array([y]))[0])
        assert math.hypot(x, z) <= wall - clearance + 1e-6, (x, y, z, wall)
        assert layout.start_y_um < y < layout.end_y_um


def test_the_wall_holds_at_full_speed(rig, layout):
    flight = rig.make()
    # Straight at the wall (heading -90: facing +X), at a node's neck where it is narrowest.
    neck_y = float(layout.node_y_um[6])
    flight.set_pose((0.0, neck_y, 0.0), heading_deg=-90.0, pitch_deg=0.0)
    rig.send("shift")
    rig.send("shift-w")
    positions = fly(flight, 100)
    assert_inside(layout, flight, positions)
    x, _, z = positions[-1]
    assert math.hypot(x, z) == pytest.approx(flight.bounds.allowed_radius_um(neck_y), abs=1e-3)
    assert abs(flight.velocity_um_per_s[0]) < 1e-9  # pressed against it, not pushing through
    # Diagonally up, forward and sideways along the wall through several necks and funnels.
    flight.set_pose((0.0, mid_internode(layout, 2), 0.0), heading_deg=-35.0, pitch_deg=20.0)
    rig.send("shift-e")
    positions = fly(flight, 400)
    assert_inside(layout, flight, positions)
    assert positions[-1][1] - positions[0][1] > 3 * layout.internode_length_um
    # A long stall is flown as one short frame, and still clamped.
    flight.update(10.0)
    assert_inside(layout, flight, [flight.position_um])


def test_the_tunnel_ends_hold(rig, layout):
    flight = rig.make()
    flight.set_pose((0.0, layout.start_y_um + 5.0, 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.send("shift")
    rig.send("shift-s")
    fly(flight, 50)
    assert flight.position_um[1] == pytest.approx(flight.bounds.min_y_um)
    flight.set_pose((0.0, layout.end_y_um - 5.0, 0.0), heading_deg=0.0, pitch_deg=0.0)
    rig.send("s-up")
    rig.send("shift-w")
    fly(flight, 50)
    assert flight.position_um[1] == pytest.approx(flight.bounds.max_y_um)
    assert flight.velocity_um_per_s[1] == 0.0


# -- gamepad -------------------------------------------------------------------------------
def test_deadzone_is_radial_and_rescaled():
    assert apply_deadzone(0.1, 0.1, 0.15) == (0.0, 0.0)
    assert apply_deadzone(1.0, 0.0, 0.15) == pytest.approx((1.0, 0.0))
    x, y = apply_deadzone(0.0, 0.575, 0.15)
    assert (x, y) == pytest.approx((0.0, 0.5))


def test_gamepad_sticks_and_triggers_fly_the_camera(rig, layout):
    pad = FakePad()
    rig.devices.pads.append(pad)  # present before the flight starts
    flight = rig.make()
    assert flight.gamepad.device is pad
    flight.set_pose((0.0, mid_internode(layout, 4), 0.0), heading_deg=0.0, pitch_deg=0.0)
    # Left stick pushed forward.
    pad.axes = {"left_y": 1.0}
    y0 = flight.position_um[1]
    fly(flight, 40)
    assert flight.position_um[1] - y0 == pytest.approx(
        ramped_distance(flight.cruise_um_per_s, 40 * FRAME_S, ComfortSettings().ramp_s)
    )
    assert pad.polls == 40
    # Plus the fast button.
    pad.pressed = {"lstick"}
    fly(flight, 30)
    assert flight.velocity_um_per_s[1] == pytest.approx(flight.fast_um_per_s)
    # Right stick fully right for one second: a quarter turn clockwise at 90 deg/s.
    pad.pressed = set()
    pad.axes = {"right_x": 1.0}
    fly(flight, 50)
    assert flight.heading_deg == pytest.approx(-90.0)
    # Right stick pushed forward: look up; triggers: up, then down.
    pad.axes = {"right_y": 1.0}
    fly(flight, 10)
    assert flight.pitch_deg == pytest.approx(90.0 * 10 * FRAME_S)
    flight.set_pose((0.0, mid_internode(layout, 4), 0.0), heading_deg=0.0, pitch_deg=0.0)
    pad.axes = {"right_trigger": 1.0}
    fly(flight, 20)
    x, _, z = flight.position_um
    assert z > 0.5 and x == pytest.approx(0.0, abs=1e-9)
    pad.axes = {"left_trigger": 1.0}
    fly(flight, 60)
    assert flight.position_um[2] < -0.5
    # A resting stick inside the dead zone does nothing.
    pad.axes = {"left_x": 0.1, "left_y": -0.1, "right_x": 0.12}
    fly(flight, 60)
    assert flight.velocity_um_per_s == (0.0, 0.0, 0.0)


def test_gamepad_invert_y(rig, layout):
    flight = rig.make(FlightControls(comfort=ComfortSettings(invert_y=True)))
    pad = FakePad()
    rig.devices.pads.append(pad)
    rig.send("connect-device", [pad])
    pad.axes = {"right_y": 1.0}
    fly(flight, 10)
    assert flight.pitch_deg == pytest.approx(-90.0 * 10 * FRAME_S)


def test_gamepads_come_and_go_mid_flight(rig, layout):
    flight = rig.make()
    flight.set_pose((0.0, mid_internode(layout, 4), 0.0), heading_deg=0.0, pitch_deg=0.0)
    fly(flight, 3)  # no gamepad at all: fine
    keyboard = FakePad("keyboard", InputDevice.DeviceClass.keyboard)
    rig.send("connect-device", [keyboard])
    assert flight.gamepad.device is None  # not a gamepad
    first, second = FakePad("first"), FakePad("second")
    rig.devices.pads += [first, second]
    rig.send("connect-device", [first])
    rig.send("connect-device", [second])
    assert flight.gamepad.device is first  # the first stays in use
    first.axes = {"left_y": 1.0}
    fly(flight, 30)
    assert flight.velocity_um_per_s[1] > 0.0
    # The pad in use is pulled out mid-flight: the other one takes over, no jump.
    first.connected = False
    rig.send("disconnect-device", [first])
    assert flight.gamepad.device is second
    speeds = forward_speeds(flight, 30)
    assert speeds[-1] == 0.0 and speeds[0] > 0.0  # coasts to a stop
    # The second vanishes without an event reaching us first, then its event arrives late.
    second.connected = False
    fly(flight, 2)
    rig.send("disconnect-device", [second])
    rig.send("disconnect-device", [FakePad("never seen")])
    fly(flight, 2)
    assert flight.gamepad.device is None
    # Plugged back in: used again.
    second.connected = True
    rig.send("connect-device", [second])
    assert flight.gamepad.device is second


# -- life cycle ----------------------------------------------------------------------------
def test_cleanup_leaves_nothing_behind(rig, layout):
    flight = rig.make()
    task = rig.task_mgr.mgr.find_task(TASK_NAME)
    assert task is not None and task.get_sort() == TASK_SORT
    assert rig.messenger.is_accepting("shift-w", flight)
    assert rig.messenger.is_accepting("connect-device", flight.gamepad)
    flight.cleanup()
    assert rig.task_mgr.mgr.find_task(TASK_NAME) is None
    assert rig.messenger.get_all_accepting(flight) == []
    assert rig.messenger.get_all_accepting(flight.gamepad) == []
    assert not rig.messenger.who_accepts("w")
    assert not rig.pointer.captured
    rig.send("w")  # ignored now
    fly(flight, 10)
    assert flight.velocity_um_per_s == (0.0, 0.0, 0.0)


# -- in ShowBase: real events, the task, the picture ---------------------------------------
def test_flies_from_real_events_in_its_own_task_and_sees_the_tunnel(showbase, scene_root):
    geometry = mrg_geometry(diameter_um=10.0)
    scene = FiberScene(geometry, np.arange(12) * geometry.node_spacing_um, parent=scene_root)
    showbase.set_background_color(*scene.look.fog_colour, 1.0)
    configure_lens(showbase.cam.node().get_lens(), far_um=scene.look.far_um)
    flight = FreeFlight(
        scene.layout,
        camera=showbase.camera,
        task_mgr=showbase.task_mgr,
        messenger=showbase.messenger,
        pointer=WindowPointer(showbase.win),  # an offscreen buffer: no pointer, no motion
        fixed_frame_s=FRAME_S,
    )
    try:
        flight.start()
        y0 = flight.position_um[1]
        queue = EventQueue.get_global_event_queue()
        queue.queue_event(Event("w"))  # as the keyboard's ButtonThrower would
        for _ in range(30):
            showbase.task_mgr.step()
        queue.queue_event(Event("w-up"))
        queue.queue_event(Event("d"))
        for _ in range(10):
            showbase.task_mgr.step()
        queue.queue_event(Event("d-up"))
        for _ in range(20):
            showbase.task_mgr.step()
        x, y, _ = flight.position_um
        assert y - y0 > 0.3 * 30 * FRAME_S * flight.cruise_um_per_s
        assert x > 0.0  # D went right (+X while heading 0)
        assert tuple(showbase.camera.get_pos()) == pytest.approx(flight.position_um, abs=1e-4)
        rgb = frame_rgb(showbase.win)
        lum = luminance(rgb)
        assert lum.mean() > 10.0, "the free-flying camera sees nothing"
        assert lum.std() > 5.0, "a flat frame: the tunnel wall is not in view"
    finally:
        flight.cleanup()
    assert showbase.task_mgr.mgr.find_task(TASK_NAME) is None
    assert showbase.messenger.get_all_accepting(flight) == []


def test_free_flight_option_reaches_the_app(monkeypatch, tmp_path):
    import sys
    import types

    import game
    from game import cli
    from game.options import RunOptions

    calls = []
    module = types.ModuleType("game.app")
    module.run = lambda options: calls.append(options) or 0
    monkeypatch.setitem(sys.modules, "game.app", module)
    monkeypatch.setattr(game, "app", module, raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    assert cli.main(["explore", "--free-flight"]) == 0
    assert calls == [RunOptions(free_flight=True)]
    assert RunOptions().free_flight is False  # the guided rail stays the default


def test_gamepad_bindings_name_real_axes_and_buttons():
    from panda3d.core import GamepadButton

    bindings = GamepadBindings()
    for name in ("move_x", "move_y", "look_x", "look_y", "down", "up"):
        getattr(InputDevice.Axis, getattr(bindings, name))  # raises if Panda3D has no such axis
    for name in bindings.fast:
        assert getattr(GamepadButton, name)().get_name() == name


def test_the_app_flies_freely_with_the_option(tmp_path):
    """``pins-and-needles --free-flight`` end to end, offscreen: runs, draws, exits 0."""
    from test_offscreen_app import assert_a_real_picture, read_png, run_python, skip_without_gl

    shot = tmp_path / "free.png"
    result = run_python(
        ["-m", "game", "explore", "--offscreen", "--frames", "20", "--size", "320x180",
         "--free-flight",
         "--screenshot", str(shot)]
    )  # fmt: skip
    skip_without_gl(result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert_a_real_picture(read_png(shot))


# -- other worlds: the nerve world's bounds ------------------------------------------------
class CylinderBounds:
    """A stand-in for ``NerveBounds``: a cylinder of ``radius`` along +Y from 0 to ``length``."""

    def __init__(self, radius: float = 10.0, length: float = 100.0) -> None:
        self.radius, self.min_y_um, self.max_y_um = radius, 0.0, length

    def allowed_radius_um(self, y_um: float) -> float:
        return self.radius

    def clamp(self, x, y, z):
        hit = not (self.min_y_um <= y <= self.max_y_um)
        y = min(max(y, self.min_y_um), self.max_y_um)
        r = math.hypot(x, z)
        if r > self.radius:
            x, z, hit = x * self.radius / r, z * self.radius / r, True
        return x, y, z, hit


def bounded_flight(**kwargs) -> tuple[FreeFlight, Messenger]:
    messenger = Messenger()
    controls = FlightControls()
    gamepad = GamepadInput(controls.gamepad, deadzone=controls.comfort.stick_deadzone,
                           devices=FakeDevices(), messenger=messenger)  # fmt: skip
    flight = FreeFlight(
        controls=controls, camera=NodePath("camera"), task_mgr=private_task_manager(),
        messenger=messenger, pointer=ScriptedPointer(), gamepad=gamepad,
        fixed_frame_s=FRAME_S, **kwargs,
    )  # fmt: skip
    return flight, messenger


def test_flies_in_given_bounds_at_speeds_counted_in_the_given_length():
    flight, messenger = bounded_flight(
        bounds=CylinderBounds(), unit_length_um=24.0, start_position_um=(0.0, 50.0, 30.0)
    )
    try:
        assert flight.position_um == (0.0, 50.0, 10.0), "the start was not clamped in"
        assert flight.cruise_um_per_s == pytest.approx(0.5 * 24.0)
        flight.start()
        flight.set_pose((0.0, 50.0, 0.0), heading_deg=90.0, pitch_deg=0.0)  # toward -X
        messenger.send("w")
        positions = fly(flight, 200)
        assert min(p[0] for p in positions) == pytest.approx(-10.0), "the wall did not hold"
        assert all(math.hypot(p[0], p[2]) <= 10.0 + 1e-9 for p in positions)
        # Stopped (another view has the camera), the keys do nothing; started, it flies on.
        flight.stop()
        assert messenger.get_all_accepting(flight) == []
        before = flight.position_um
        messenger.send("s")
        fly(flight, 10)
        assert flight.position_um == before
        flight.start()
        messenger.send("s")
        fly(flight, 30)
        assert flight.position_um[0] > before[0]
    finally:
        flight.cleanup()


def test_bounds_without_a_layout_need_the_unit_and_the_start():
    with pytest.raises(ValueError, match="unit_length_um"):
        bounded_flight(bounds=CylinderBounds(), start_position_um=(0.0, 1.0, 0.0))
    with pytest.raises(ValueError, match="start_position_um"):
        bounded_flight(bounds=CylinderBounds(), unit_length_um=1.0)
    with pytest.raises(ValueError, match="layout or bounds"):
        bounded_flight()
