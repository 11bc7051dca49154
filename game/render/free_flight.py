"""Free flight for the desktop explorer: keys and mouse look, or a twin-stick gamepad.

Controls (``game.play.input_bindings`` holds them as data): W/S forward and back along the
view (pitch included: you fly where you look), A/D sideways, Q/E straight down and up, Shift
held for ``fast_multiplier`` times the speed, the mouse turns (yaw) and tilts (pitch, held
within +-max_pitch_deg; invert-Y flips it), Tab frees and recaptures the pointer. A gamepad
does the same with the left stick, right stick, triggers and left-stick click.

Motion is constant-velocity with short linear ramps: the velocity moves toward the commanded
one at a constant acceleration (commanded speed, at least cruising speed, per ``ramp_s``), so
starting, stopping and turning never jump; coasting down from fast takes a little longer.
Speeds are in internode lengths per second, so they scale with the drawn tunnel. The eye is
then clamped into the fibre (``TunnelBounds``): at the wall the velocity into it is dropped
and the flight slides along. Looking is not smoothed: the view follows the hand.

Visitor comfort (``game.comfort.ComfortSettings``, from ``--invert-y``, ``--sensitivity``,
``--calm`` or the title screen) is applied on top of the bindings' own tuning: invert-Y flips
the pitch of mouse and stick (either setting asking for it inverts), ``mouse_sensitivity``
multiplies the turn per pixel and the stick's turn rate, ``travel_speed_scale`` multiplies
cruising and fast speed (calm mode flies at 0.6x). The free flight has no camera shake of its
own, so ``camera_shake`` has nothing to switch off here.

One task at sort 48 (after input at -50, before the flight update at 49 and the draw at 50)
does a few dozen float operations and one ``set_pos_hpr`` per frame; ``cleanup()`` removes
the task, every event hook and the pointer capture.
"""

import math

from direct.task.Task import Task
from panda3d.core import ClockObject, NodePath

from game.comfort import ComfortSettings
from game.play.input_bindings import ACTIONS, FlightControls
from game.render.gamepad_input import GamepadInput
from game.render.tunnel_bounds import TunnelBounds
from game.render.tunnel_layout import TunnelLayout

TASK_NAME = "free-flight"
#: After ShowBase's input (-50), before ``game.render.flight`` (49) and the draw (50).
TASK_SORT = 48
#: A frame longer than this (a hitch, a debugger) is flown as if it were this long, so the
#: visitor is never thrown across the tunnel after a stall.
MAX_FRAME_S = 0.1
#: Panda3D's ButtonThrower names a key-down event after the modifiers held with it
#: ("shift-w"), so each bound key's press is accepted with these prefixes and Shift (fast)
#: combines with movement. Releases are always the bare name ("w-up").
MODIFIER_PREFIXES = ("", "shift-", "control-", "alt-")


def _base():
    from direct.showbase import ShowBaseGlobal

    return ShowBaseGlobal.base


class FreeFlight:
    """A camera flown by the visitor inside ``layout``'s fibre; ``start()``, then ``cleanup()``.

    Dependencies default to ShowBase's: ``camera``, ``task_mgr``, ``clock``, ``messenger``,
    a ``pointer`` reading ``base.win`` (see ``mouse_look``) and a ``gamepad`` listening to
    ``base.devices`` (see ``gamepad_input``). ``fixed_frame_s`` flies a fixed time per frame
    (offscreen recordings, tests) instead of the clock's frame time. ``comfort`` (default:
    ``ComfortSettings()``, which changes nothing) applies the visitor's comfort choices;
    ``set_comfort`` changes them mid-flight.

    Another world than a fibre's tunnel (the nerve world, ``NerveWorld.bounds()``) passes
    ``bounds`` (anything with TunnelBounds' ``clamp``, ``allowed_radius_um``, ``min_y_um``,
    ``max_y_um``), ``unit_length_um`` (the length the speeds count in, in place of the
    internode) and ``start_position_um``; ``layout`` is then not needed.
    """

    def __init__(
        self,
        layout: TunnelLayout | None = None,
        *,
        bounds=None,
        unit_length_um: float | None = None,
        start_position_um: tuple[float, float, float] | None = None,
        controls: FlightControls | None = None,
        camera: NodePath | None = None,
        task_mgr=None,
        clock: ClockObject | None = None,
        messenger=None,
        pointer=None,
        gamepad: GamepadInput | None = None,
        fixed_frame_s: float | None = None,
        comfort: ComfortSettings | None = None,
    ) -> None:
        self.controls = controls or FlightControls()
        tuning = self.controls.comfort  # the bindings' own tuning (input_bindings)
        if camera is None:
            camera = _base().camera
        if task_mgr is None:
            from direct.task.TaskManagerGlobal import taskMgr as task_mgr
        if messenger is None:
            from direct.showbase.MessengerGlobal import messenger
        if pointer is None:
            from game.render.mouse_look import WindowPointer

            pointer = WindowPointer(_base().win)
        self._camera = camera
        self._task_mgr = task_mgr
        self._clock = clock or ClockObject.get_global_clock()
        self._messenger = messenger
        self.pointer = pointer
        self._fixed_frame_s = fixed_frame_s

        if bounds is None:
            if layout is None:
                raise ValueError("FreeFlight: expected a layout or bounds, got neither")
            bounds = TunnelBounds(
                layout, clearance_um=tuning.wall_clearance_fraction * layout.node_radius_um
            )
        self.bounds = bounds
        if unit_length_um is None:
            if layout is None:
                raise ValueError("FreeFlight: bounds without a layout need unit_length_um")
            unit_length_um = layout.internode_length_um
        if gamepad is None:  # last: from here on it listens for hot-plug events
            gamepad = GamepadInput(
                self.controls.gamepad, deadzone=tuning.stick_deadzone, messenger=messenger
            )
        self.gamepad = gamepad
        self._internode_length_um = float(unit_length_um)
        self.set_comfort(comfort or ComfortSettings())
        self._max_pitch = tuning.max_pitch_deg
        self._ramp_s = tuning.ramp_s

        # Pose and motion: plain floats, the per-frame work is float arithmetic. The eye
        # starts where the rail does, on the axis just before node 0, looking up the fibre.
        if start_position_um is None:
            if layout is None:
                raise ValueError("FreeFlight: bounds without a layout need start_position_um")
            start_y = float(layout.node_y_um[0] - 0.4 * layout.internode_length_um)
            start_position_um = (0.0, start_y, 0.0)
        self._x, self._y, self._z, _ = self.bounds.clamp(*map(float, start_position_um))
        self._h = self._p = 0.0
        self._vx = self._vy = self._vz = 0.0
        self._held: set[str] = set()
        # Keyboard intent, recomputed on key events only: (forward, right, lift, fast).
        self._keys = (0.0, 0.0, 0.0, False)
        self.running = False

    def set_comfort(self, comfort: ComfortSettings) -> None:
        """Apply the visitor's comfort settings (speed, look sensitivity, invert-Y) now."""
        tuning = self.controls.comfort
        self.comfort = comfort
        self.cruise_um_per_s = (
            tuning.cruise_internodes_per_s * self._internode_length_um * comfort.travel_speed_scale
        )
        self.fast_um_per_s = self.cruise_um_per_s * tuning.fast_multiplier
        self._sensitivity = tuning.mouse_sensitivity_deg_per_px * comfort.mouse_sensitivity
        self._y_sign = -1.0 if (tuning.invert_y or comfort.invert_y) else 1.0
        self._stick_look_deg_per_s = tuning.stick_look_deg_per_s * comfort.mouse_sensitivity

    # -- pose -----------------------------------------------------------------------------
    @property
    def position_um(self) -> tuple[float, float, float]:
        return self._x, self._y, self._z

    @property
    def heading_deg(self) -> float:
        return self._h

    @property
    def pitch_deg(self) -> float:
        return self._p

    @property
    def velocity_um_per_s(self) -> tuple[float, float, float]:
        return self._vx, self._vy, self._vz

    def set_pose(
        self, position_um: tuple[float, float, float], *, heading_deg: float, pitch_deg: float
    ) -> None:
        """Put the eye at ``position_um`` (clamped into the tunnel), at rest, and show it."""
        self._x, self._y, self._z, _ = self.bounds.clamp(*map(float, position_um))
        self._h = float(heading_deg)
        self._p = max(-self._max_pitch, min(self._max_pitch, float(pitch_deg)))
        self._vx = self._vy = self._vz = 0.0
        self._camera.set_pos_hpr(self._x, self._y, self._z, self._h, self._p, 0.0)

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Listen to the keys, capture the mouse pointer and fly every frame."""
        if self.running:
            return
        self.running = True
        keys = self.controls.keys
        accept = self._messenger.accept
        for action in ACTIONS:
            if action == "toggle_mouse_look":
                continue
            for key in getattr(keys, action):
                for prefix in MODIFIER_PREFIXES:
                    accept(prefix + key, self, self._on_key, [key, True])
                accept(f"{key}-up", self, self._on_key, [key, False])
        for key in keys.toggle_mouse_look:
            for prefix in MODIFIER_PREFIXES:
                accept(prefix + key, self, self.pointer.toggle)
        self.pointer.capture()
        self._camera.set_pos_hpr(self._x, self._y, self._z, self._h, self._p, 0.0)
        self._task_mgr.add(self._task, TASK_NAME, sort=TASK_SORT)

    def stop(self) -> None:
        """Stop flying for now (another view has the camera): no task, no key hooks, the
        pointer released, the keys held forgotten; ``start()`` flies on from here."""
        self._task_mgr.remove(TASK_NAME)
        self._messenger.ignore_all(self)
        self.pointer.release()
        self._held.clear()
        self._keys = (0.0, 0.0, 0.0, False)
        self._vx = self._vy = self._vz = 0.0
        self.running = False

    def cleanup(self) -> None:
        """Stop flying and leave nothing behind: task, event hooks, pointer capture, pad.

        Final: the gamepad stops listening for hot-plug, so make a new FreeFlight to fly again.
        """
        self._task_mgr.remove(TASK_NAME)
        self._messenger.ignore_all(self)
        self.pointer.release()
        if self.gamepad is not None:
            self.gamepad.cleanup()
        self._held.clear()
        self._keys = (0.0, 0.0, 0.0, False)
        self.running = False

    def place(self, camera: NodePath, play_s: float) -> float:
        """Stands in for ``CameraRail.place`` in ``game.render.flight.Flight``.

        The visitor, not the play clock, moves the camera (in this object's own task), so
        this leaves it where it is and asks for full brightness: no fades in free flight.
        """
        return 1.0

    # -- input ----------------------------------------------------------------------------
    def _on_key(self, key: str, down: bool) -> None:
        if down:
            self._held.add(key)
        else:
            self._held.discard(key)
        keys, held = self.controls.keys, self._held

        def on(action: str) -> float:
            return 1.0 if any(k in held for k in getattr(keys, action)) else 0.0

        self._keys = (
            on("forward") - on("back"),
            on("right") - on("left"),
            on("up") - on("down"),
            on("fast") > 0.0,
        )

    def _task(self, task) -> int:
        dt = self._fixed_frame_s if self._fixed_frame_s is not None else self._clock.get_dt()
        self.update(dt)
        return Task.cont

    # -- the per-frame update ---------------------------------------------------------------
    def update(self, dt_s: float) -> None:
        """Read the input, turn, accelerate, move ``dt_s`` seconds, clamp, place the camera."""
        dt = 0.0 if dt_s < 0.0 else (MAX_FRAME_S if dt_s > MAX_FRAME_S else dt_s)
        forward, right, lift, fast = self._keys
        mouse_x, mouse_y = self.pointer.take_motion_px()
        h = self._h - mouse_x * self._sensitivity
        p = self._p - self._y_sign * mouse_y * self._sensitivity
        pad = self.gamepad.read() if self.gamepad is not None else None
        if pad is not None:
            turn = self._stick_look_deg_per_s * dt
            h -= pad.look_x * turn
            p += self._y_sign * pad.look_y * turn
            forward += pad.move_y
            right += pad.move_x
            lift += pad.lift
            fast = fast or pad.fast
        limit = self._max_pitch
        p = -limit if p < -limit else (limit if p > limit else p)
        h = math.remainder(h, 360.0)
        self._h, self._p = h, p

        # Commanded velocity: the intent (at most unit length, so diagonals are not faster)
        # in the camera's frame. Panda3D's heading turns +Y toward -X.
        size2 = forward * forward + right * right + lift * lift
        speed = self.fast_um_per_s if fast else self.cruise_um_per_s
        if size2 > 1.0:
            speed /= math.sqrt(size2)
        sin_h, cos_h = math.sin(math.radians(h)), math.cos(math.radians(h))
        sin_p, cos_p = math.sin(math.radians(p)), math.cos(math.radians(p))
        tx = speed * (right * cos_h - forward * sin_h * cos_p)
        ty = speed * (right * sin_h + forward * cos_h * cos_p)
        tz = speed * (lift + forward * sin_p)

        # Toward it at a constant acceleration: the commanded speed (at least cruising) per
        # ramp_s, so starting at either speed takes ramp_s and coasting down from fast is
        # gentler than speeding up.
        vx, vy, vz = self._vx, self._vy, self._vz
        gx, gy, gz = tx - vx, ty - vy, tz - vz
        gap = math.sqrt(gx * gx + gy * gy + gz * gz)
        if gap > 0.0:
            commanded = math.sqrt(tx * tx + ty * ty + tz * tz)
            cruise = self.cruise_um_per_s
            step = (commanded if commanded > cruise else cruise) / self._ramp_s * dt
            if gap <= step:
                vx, vy, vz = tx, ty, tz
            else:
                k = step / gap
                vx, vy, vz = vx + gx * k, vy + gy * k, vz + gz * k

        x, y, z, hit = self.bounds.clamp(self._x + vx * dt, self._y + vy * dt, self._z + vz * dt)
        if hit:
            # Drop the velocity into the wall (and into the tunnel's ends): slide along it.
            r = math.sqrt(x * x + z * z)
            if r > 0.0:
                outward = (vx * x + vz * z) / r
                if outward > 0.0 and r >= self.bounds.allowed_radius_um(y) - 1e-9:
                    vx -= outward * x / r
                    vz -= outward * z / r
            bounds = self.bounds
            if (y <= bounds.min_y_um and vy < 0.0) or (y >= bounds.max_y_um and vy > 0.0):
                vy = 0.0
        self._x, self._y, self._z = x, y, z
        self._vx, self._vy, self._vz = vx, vy, vz
        self._camera.set_pos_hpr(x, y, z, h, p, 0.0)
