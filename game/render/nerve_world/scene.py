"""The nerve world: the outside view of a segment of the common peroneal nerve, driven by the
simulation's snapshot.

``NerveWorld`` owns everything it draws under one root (anatomy, blood cells, label) and
removes it in ``cleanup()``. Each frame ``update(snapshot, dt_s, camera)`` reads the newest
``NerveSnapshot``: node potentials into the glow texture, pressure weight and perfusion into
the profile texture (the compressed segment narrows by ``1 - k * pressure * weight``), the
blood cells advanced at the simulated perfusion, and the label of what the camera looks at.
"""

import math
from dataclasses import dataclass

import numpy as np
from panda3d.core import NodePath, PTA_float

from game.comfort import ComfortSettings
from game.render.nerve_world.anatomy import NODE_RADIUS_FRACTION, build_anatomy
from game.render.nerve_world.blood_flow import BloodFlow
from game.render.nerve_world.bounds import NerveBounds
from game.render.nerve_world.labels import LabelPicker, LabelSet, load_labels
from game.render.nerve_world.layout import CLASS_NAMES, LayoutSettings, NerveLayout, build_layout
from game.render.nerve_world.palette import WorldLook
from game.render.nerve_world.site_view import SiteView
from game.render.shader_files import load_shader

#: Fraction of the radius lost per mmHg where the pressure weight is 1, and the most lost.
#: Drawn, not measured: a nerve under 120 mmHg deforms far less than the 40% drawn here;
#: the narrowing is exaggerated so that the visitor sees where the pressure acts.
SQUEEZE_PER_MMHG = 0.0035
MAX_SQUEEZE = 0.55


def squeeze_for(pressure_mmHg: float) -> float:
    return min(MAX_SQUEEZE, max(0.0, SQUEEZE_PER_MMHG * pressure_mmHg))


@dataclass(frozen=True)
class NodeSites:
    """The drawn nodes of Ranvier (myelinated fibres), in the world root's space, unsqueezed."""

    position_du: np.ndarray  # (n, 3)
    axis: np.ndarray  # (n, 3) unit, along the fibre
    radius_du: np.ndarray  # (n,) bare axon radius at the node
    class_name: tuple[str, ...]  # per node
    #: The snapshot site each node reads (index into that class's arrays).
    site_index: np.ndarray
    #: The node's texel in the glow texture.
    glow_index: np.ndarray


#: Seconds of fade to black before the rail's loop cuts back to the start, and back in after.
FADE_S = 1.0


@dataclass(frozen=True)
class RailPose:
    position_du: tuple[float, float, float]
    look_at_du: tuple[float, float, float]
    #: 1 in flight, toward 0 around the loop's cut.
    brightness: float = 1.0


class NerveRail:
    """A constant-speed path along the epineurial channel between the fascicles, looping."""

    def __init__(
        self, layout: NerveLayout, speed_du_per_s: float = 12.0, margin_du: float = 30.0
    ) -> None:
        self.start_y_du = margin_du
        self.end_y_du = layout.length_du - margin_du
        self.speed_du_per_s = speed_du_per_s
        self.sway_du = 2.5

    @property
    def loop_s(self) -> float:
        return (self.end_y_du - self.start_y_du) / self.speed_du_per_s

    def pose_at(self, play_s: float) -> RailPose:
        t = play_s % self.loop_s
        y = self.start_y_du + t * self.speed_du_per_s
        x = self.sway_du * math.sin(2 * math.pi * play_s / 13.0)
        z = self.sway_du * math.sin(2 * math.pi * play_s / 9.0 + 1.0)
        look = (
            3.0 * math.sin(2 * math.pi * play_s / 17.0),
            y + 30.0,
            2.0 * math.sin(2 * math.pi * play_s / 11.0),
        )
        brightness = max(0.0, min(1.0, t / FADE_S, (self.loop_s - t) / FADE_S))
        return RailPose((x, y, z), look, brightness)

    def place(self, camera: NodePath, play_s: float) -> float:
        """Move ``camera`` to its pose at ``play_s``; returns the brightness for the fade
        (as ``game.render.camera_rail.CameraRail.place``)."""
        pose = self.pose_at(play_s)
        camera.set_pos(*pose.position_du)
        camera.look_at(*pose.look_at_du)
        return pose.brightness

    def points(self, n: int = 64) -> np.ndarray:
        """(n, 3) points along the rail (for a guided camera or a minimap)."""
        t = np.linspace(0.0, self.loop_s, n, endpoint=False)
        return np.array([self.pose_at(float(s)).position_du for s in t])


def _site_counts(snapshot_shape) -> list[int]:
    classes = getattr(snapshot_shape, "classes", snapshot_shape)
    counts = [int(c.n_sites) for c in classes]
    if len(counts) != 4 or min(counts) < 2:
        raise ValueError(f"snapshot_shape: expected 4 classes of at least 2 sites, got {counts}")
    return counts


class NerveWorld:
    """The nerve segment under ``parent``, shaped for snapshots like ``snapshot_shape``."""

    def __init__(
        self,
        parent: NodePath,
        snapshot_shape,
        comfort: ComfortSettings | None = None,
        *,
        aspect2d: NodePath | None = None,
        layout_settings: LayoutSettings | None = None,
        labels: LabelSet | None = None,
        look: WorldLook | None = None,
        node_filter=None,
    ) -> None:
        self.look = look or WorldLook()
        self.comfort = comfort or ComfortSettings()
        self.layout = build_layout(layout_settings)
        self.sites = SiteView(self.layout, _site_counts(snapshot_shape))
        self.sites.default_pressure_weight()
        self.root = parent.attach_new_node("nerve-world")
        self.root.set_light_off(1)
        self._set_shared_inputs()
        self.anatomy = build_anatomy(self.layout, self.sites.fibre_first_node, self.root, self.look)
        self.blood = BloodFlow(self.layout, self.root, self.layout.settings.n_blood_cells)
        self.blood.node.set_shader(load_shader("nerve_blood"))
        self.blood.node.set_shader_input("cell_colour", self.look.cell_colour)
        self.labels = LabelPicker(self.layout, labels or load_labels(), aspect2d)
        self.rail = NerveRail(self.layout)
        self.pressure_mmHg = 0.0
        #: ``node_filter(v_node_mV, dt_s) -> v_node_mV`` applied to the drawn nodes'
        #: potentials before they glow (a flash limiter over ``self.sites.n_nodes`` regions).
        self.node_filter = node_filter

    def _set_shared_inputs(self) -> None:
        look, root = self.look, self.root
        root.set_shader_input("node_mv_tex", self.sites.glow_texture)
        root.set_shader_input("profile_tex", self.sites.profile_texture)
        root.set_shader_input("nerve_length_du", float(self.layout.length_du))
        # Values that change every frame go in through arrays the shaders read in place:
        # a new shader input would make a new render state for the whole tree each frame.
        self._squeeze = PTA_float.empty_array(1)
        self._brightness = PTA_float.empty_array(1)
        self._brightness[0] = 1.0
        root.set_shader_input("squeeze", self._squeeze)
        root.set_shader_input("fog_density_per_du", look.fog_density_per_du)
        root.set_shader_input("fog_colour", look.fog_colour)
        root.set_shader_input("key_dir_world", look.key_dir_world)
        root.set_shader_input("lamp_strength", look.lamp_strength)
        root.set_shader_input("v_rest_mV", look.v_rest_mV)
        root.set_shader_input("v_peak_mV", look.v_peak_mV)
        root.set_shader_input("glow_gain", float(self.comfort.glow_gain))
        root.set_shader_input("brightness", self._brightness)
        root.set_shader_input("glow_colour", look.glow_colour)
        root.set_shader_input("myelin_colour", look.myelin_colour)
        root.set_shader_input("scatter_colour", look.scatter_colour)
        root.set_shader_input("rim_colour", look.rim_colour)
        root.set_shader_input("axon_colour", look.axon_colour)

    def set_brightness(self, brightness: float) -> None:
        """Scale the whole world toward black (0) for fades (the rail's loop)."""
        self._brightness[0] = float(brightness)

    def set_comfort(self, comfort: ComfortSettings) -> None:
        self.comfort = comfort
        self.root.set_shader_input("glow_gain", float(comfort.glow_gain))

    def update(self, snapshot, dt_s: float, camera: NodePath | None = None, *,
               costs=None) -> None:  # fmt: skip
        """Show ``snapshot`` (a NerveSnapshot); advance the blood by ``dt_s`` of play.
        ``costs``: a ``game.render.explore_view.FrameCosts`` to mark each part's CPU in."""
        self.sites.update(snapshot, self.node_filter, dt_s)
        self.pressure_mmHg = float(snapshot.pressure_mmHg)
        self._squeeze[0] = squeeze_for(self.pressure_mmHg)
        if costs is not None:
            costs.mark("world: node glow, flash limiter, profile")
        self.blood.advance(0.0 if snapshot.paused else dt_s, self.sites.perfusion)
        if costs is not None:
            costs.mark("world: blood cells")
        if camera is not None:
            eye = camera.get_pos(self.root)
            forward = self.root.get_relative_vector(camera, (0.0, 1.0, 0.0))
            self.labels.follow(eye, forward, dt_s)
            if costs is not None:
                costs.mark("world: label pick")

    def radial_scale_at(self, y_du: np.ndarray) -> np.ndarray:
        """How much the compressed nerve is narrowed at drawn positions ``y_du`` now: the
        shaders draw a point (x, y, z) at (x * s, y, z * s). Things attached to node sites
        (ions, pumps) multiply their x and z by this to stay on the squeezed fibres."""
        return 1.0 - squeeze_for(self.pressure_mmHg) * self.sites.weight_at(y_du)

    def bounds(self, clearance_du: float = 3.0) -> NerveBounds:
        """Where a free-flying camera may go (inside the epineurium, following its narrowing);
        the same interface as ``TunnelBounds`` for the free flight."""
        return NerveBounds(self, clearance_du=clearance_du)

    def node_sites(self) -> NodeSites:
        """World (root-space) positions, axes and radii of the drawn nodes of Ranvier."""
        pos, radius, names, site, glow = [], [], [], [], []
        for i, fibre in enumerate(self.layout.fibres):
            if not fibre.myelinated:
                continue
            n = len(fibre.node_y_du)
            pos.append(
                np.stack([np.full(n, fibre.x_du), fibre.node_y_du, np.full(n, fibre.z_du)], 1)
            )
            radius.append(np.full(n, fibre.radius_du * NODE_RADIUS_FRACTION))
            names += [CLASS_NAMES[fibre.class_index]] * n
            first = self.sites.fibre_first_node[i]
            glow.append(np.arange(first, first + n))
            site.append(self.sites.node_site[first : first + n])
        position = np.concatenate(pos)
        axis = np.zeros_like(position)
        axis[:, 1] = 1.0
        return NodeSites(
            position,
            axis,
            np.concatenate(radius),
            tuple(names),
            np.concatenate(site),
            np.concatenate(glow),
        )

    def cleanup(self) -> None:
        self.labels.cleanup()
        self.root.remove_node()
