"""The camera's flight: along the inside of the fibre on a rail, at constant speed, looping.

The rail runs down the axis from just before node 0 (the distal end, where the pacemaker
fires) to a few nodes short of the far end, then cuts back to the start; the picture fades
to black and back around the cut so it never jumps. A slow, small sway keeps the flight
alive but stays well inside the narrowest node. ``pose_at`` is pure, for tests.
"""

import math
from dataclasses import dataclass

from panda3d.core import NodePath, PerspectiveLens

from game.render.tunnel_layout import TunnelLayout

#: Seconds of fade to black before the loop's cut, and back in after it.
FADE_S = 1.0


@dataclass(frozen=True)
class RailPose:
    position_um: tuple[float, float, float]
    look_at_um: tuple[float, float, float]
    #: 1 in flight, toward 0 around the loop's cut.
    brightness: float


class CameraRail:
    """Constant-speed flight along ``layout``'s axis; ``place(camera, play_s)`` each frame."""

    def __init__(
        self,
        layout: TunnelLayout,
        *,
        speed_um_per_s: float = 7.0,
        nodes_short_of_end: int = 4,
        look_ahead_um: float = 15.0,
    ) -> None:
        self.layout = layout
        self.speed_um_per_s = speed_um_per_s
        self.look_ahead_um = look_ahead_um
        spacing = layout.internode_length_um
        self.start_y_um = float(layout.node_y_um[0] - 0.4 * spacing)
        last = max(0, layout.n_nodes - 1 - nodes_short_of_end)
        self.end_y_um = max(self.start_y_um + spacing, float(layout.node_y_um[last]))
        # Sway amplitude: an eighth of the node radius, so the eye stays clear of the neck
        # and of the axoplasm filaments.
        self.sway_um = 0.125 * layout.node_radius_um

    @property
    def loop_s(self) -> float:
        return (self.end_y_um - self.start_y_um) / self.speed_um_per_s

    def pose_at(self, play_s: float) -> RailPose:
        """Where the camera is and looks ``play_s`` seconds into the flight."""
        t = play_s % self.loop_s
        y = self.start_y_um + t * self.speed_um_per_s
        x = self.sway_um * math.sin(2.0 * math.pi * play_s / 11.0)
        z = self.sway_um * math.sin(2.0 * math.pi * play_s / 7.0 + 1.0)
        brightness = min(1.0, t / FADE_S, (self.loop_s - t) / FADE_S)
        # The gaze wanders a few degrees, slowly, so the walls drift through view.
        gaze_um = 0.08 * self.look_ahead_um
        look = (
            gaze_um * math.sin(2.0 * math.pi * play_s / 17.0),
            y + self.look_ahead_um,
            0.7 * gaze_um * math.sin(2.0 * math.pi * play_s / 13.0 + 0.5),
        )
        return RailPose((x, y, z), look, max(0.0, brightness))

    def place(self, camera: NodePath, play_s: float) -> float:
        """Move ``camera`` to its pose at ``play_s``; returns the brightness for the fade."""
        pose = self.pose_at(play_s)
        camera.set_pos(*pose.position_um)
        camera.look_at(*pose.look_at_um)
        return pose.brightness


def configure_lens(lens: PerspectiveLens, *, far_um: float, vertical_fov_deg: float = 48.0) -> None:
    """A wide-ish lens in micrometres: near enough for the narrow neck, far as the fog."""
    aspect = lens.get_aspect_ratio() or 16.0 / 9.0
    vertical = math.radians(vertical_fov_deg)
    horizontal_deg = math.degrees(2.0 * math.atan(math.tan(vertical / 2.0) * aspect))
    lens.set_fov(horizontal_deg, vertical_fov_deg)
    lens.set_near_far(0.05, far_um)
