"""A comfort vignette: the screen's edges darkened, more while the camera moves or turns fast.

Narrowing the field of view during motion is the common remedy for simulator sickness
(Fernandes & Feiner 2016, "Combating VR sickness through subtle dynamic field-of-view
modification"): peripheral vision is where optic flow makes people queasy. One full-screen
card on render2d carries a radial alpha texture made with numpy (transparent in the middle,
black toward the corners); its alpha scale is the strength: ``ComfortSettings.vignette`` at
rest, plus up to ``MOTION_EXTRA`` when ``motion_vignette`` is on and the camera travels or
turns fast. The strength follows motion with a short time constant, so it never pops. At
strength 0 the card is hidden: the picture is exactly what it would be with no vignette.
"""

import math

import numpy as np
from panda3d.core import CardMaker, NodePath, SamplerState, Texture, TransparencyAttrib

from game.comfort import ComfortSettings

TASK_NAME = "comfort-vignette"
#: After the flight moved the camera (49 for the rail, 48 free flight), before the draw (50).
TASK_SORT = 49
#: Strength added at full motion.
MOTION_EXTRA = 0.45
#: Travel at or below this adds nothing, at ``FAST_UM_PER_S`` the full extra (the rail flies
#: 7 um/s, free flight cruises at about 9 and goes 27 with Shift).
CALM_UM_PER_S = 10.0
FAST_UM_PER_S = 27.0
#: Turning at or below this adds nothing, at ``FAST_TURN_DEG_PER_S`` the full extra.
CALM_TURN_DEG_PER_S = 20.0
FAST_TURN_DEG_PER_S = 120.0
#: Seconds for the motion part to move 63% of the way to its target.
SMOOTHING_S = 0.25
#: Normalised radius (0 centre, 1 the middle of an edge) where darkening starts and where
#: it is full (the corners are at about 1.41).
INNER_RADIUS = 0.55
OUTER_RADIUS = 1.35


def vignette_alpha(size_px: int = 256) -> np.ndarray:
    """(size, size) float32 alpha, 0 in the centre rising smoothly to 1 at the corners."""
    axis = (np.arange(size_px, dtype=np.float32) + 0.5) / size_px * 2.0 - 1.0
    radius = np.hypot(axis[None, :], axis[:, None])
    t = np.clip((radius - INNER_RADIUS) / (OUTER_RADIUS - INNER_RADIUS), 0.0, 1.0)
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)  # smoothstep


def _alpha_texture(size_px: int) -> Texture:
    rgba = np.zeros((size_px, size_px, 4), np.uint8)  # black; Panda's byte order is BGRA
    rgba[..., 3] = np.round(vignette_alpha(size_px) * 255.0).astype(np.uint8)
    texture = Texture("comfort-vignette")
    texture.setup_2d_texture(size_px, size_px, Texture.T_unsigned_byte, Texture.F_rgba8)
    texture.set_ram_image(rgba.tobytes())
    texture.set_wrap_u(SamplerState.WM_clamp)
    texture.set_wrap_v(SamplerState.WM_clamp)
    texture.set_minfilter(SamplerState.FT_linear)
    texture.set_magfilter(SamplerState.FT_linear)
    return texture


def motion_extra(speed_um_per_s: float, turn_deg_per_s: float) -> float:
    """The strength motion adds (0..MOTION_EXTRA): the larger of travel's and turning's."""
    travel = (speed_um_per_s - CALM_UM_PER_S) / (FAST_UM_PER_S - CALM_UM_PER_S)
    turn = (turn_deg_per_s - CALM_TURN_DEG_PER_S) / (FAST_TURN_DEG_PER_S - CALM_TURN_DEG_PER_S)
    return MOTION_EXTRA * min(1.0, max(0.0, travel, turn))


class Vignette:
    """The vignette card under ``parent`` (render2d: it must cover the whole screen).

    ``update(dt_s, speed_um_per_s=..., turn_deg_per_s=...)`` each frame, or ``start(task_mgr,
    camera)`` to let it measure the camera's motion itself; ``destroy()`` removes it all.
    """

    def __init__(
        self, parent: NodePath, comfort: ComfortSettings | None = None, *, texture_px: int = 256
    ) -> None:
        card = CardMaker("comfort-vignette")
        card.set_frame(-1.0, 1.0, -1.0, 1.0)  # render2d's full screen
        self.root = parent.attach_new_node(card.generate())
        self.root.set_texture(_alpha_texture(texture_px))
        self.root.set_transparency(TransparencyAttrib.M_alpha)
        self.root.set_bin("fixed", 100)  # over the scene, under the 2D text drawn later
        self.root.set_depth_test(False)
        self.root.set_depth_write(False)
        self.comfort = comfort or ComfortSettings()
        self._motion = 0.0
        self._task_mgr = None
        self._camera = None
        self._last_pose = None
        self._apply()

    @property
    def strength(self) -> float:
        """Current darkening at the corners, 0..1."""
        motion = self._motion if self.comfort.motion_vignette else 0.0
        return min(1.0, self.comfort.vignette + motion)

    def set_comfort(self, comfort: ComfortSettings) -> None:
        self.comfort = comfort
        self._apply()

    def update(self, dt_s: float, *, speed_um_per_s: float = 0.0, turn_deg_per_s: float = 0.0):
        """Follow this frame's camera motion (smoothed over ``SMOOTHING_S``)."""
        target = motion_extra(speed_um_per_s, turn_deg_per_s)
        k = 1.0 - math.exp(-max(0.0, dt_s) / SMOOTHING_S)
        self._motion += (target - self._motion) * k
        self._apply()

    def _apply(self) -> None:
        strength = self.strength
        if strength <= 1e-4:
            self.root.hide()
        else:
            self.root.show()
            self.root.set_alpha_scale(strength)

    # -- measuring the camera itself ------------------------------------------------------
    def start(self, task_mgr, camera: NodePath, *, clock=None, fixed_frame_s=None) -> None:
        """Measure ``camera``'s speed and turn rate each frame in a task at ``TASK_SORT``."""
        from direct.task.Task import Task
        from panda3d.core import ClockObject

        clock = clock or ClockObject.get_global_clock()
        self._task_mgr, self._camera = task_mgr, camera

        def task(_task):
            dt = fixed_frame_s if fixed_frame_s is not None else clock.get_dt()
            pos, quat = camera.get_pos(), camera.get_quat()
            speed = turn = 0.0
            if self._last_pose is not None and dt > 0.0:
                last_pos, last_quat = self._last_pose
                speed = (pos - last_pos).length() / dt
                # angle between the two orientations
                dot = min(1.0, abs(last_quat.dot(quat)))
                turn = math.degrees(2.0 * math.acos(dot)) / dt
            self._last_pose = (pos, quat)
            self.update(dt, speed_um_per_s=speed, turn_deg_per_s=turn)
            return Task.cont

        task_mgr.add(task, TASK_NAME, sort=TASK_SORT)

    def destroy(self) -> None:
        if self._task_mgr is not None:
            self._task_mgr.remove(TASK_NAME)
            self._task_mgr = None
        self.root.remove_node()
