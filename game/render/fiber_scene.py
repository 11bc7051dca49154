"""The scene inside one myelinated fibre: wall, filaments, their shaders and the voltage texture.

Owns everything it draws under one root, and removes it in ``cleanup()``. Knows nothing of
threads or clocks: each frame its owner hands it the newest node potentials with
``show_potentials`` (one memcpy into the texture).
"""

import numpy as np
from panda3d.core import ColorBlendAttrib, CullBinManager, NodePath, TransparencyAttrib

from game.render.filaments import build_filaments
from game.render.look import Look
from game.render.shader_files import load_shader
from game.render.tunnel_layout import AXIAL_COMPRESSION, TunnelLayout, layout_for_fiber
from game.render.tunnel_mesh import build_wall
from game.render.voltage_texture import VoltageTexture
from game.render.wall_texture import make_detail_texture

WALL_BIN = "fiber-wall"


def _front_to_back_bin() -> str:
    bins = CullBinManager.get_global_ptr()
    if bins.find_bin(WALL_BIN) < 0:
        bins.add_bin(WALL_BIN, CullBinManager.BT_front_to_back, 15)  # before "opaque" (20)
    return WALL_BIN


class FiberScene:
    """The inside of the fibre described by MRG ``geometry`` with nodes at ``node_x_um``."""

    def __init__(
        self,
        geometry,
        node_x_um: np.ndarray,
        *,
        parent: NodePath,
        look: Look | None = None,
        axial_compression: float = AXIAL_COMPRESSION,
    ) -> None:
        self.look = look or Look()
        self.layout: TunnelLayout = layout_for_fiber(
            geometry, node_x_um, axial_compression=axial_compression
        )
        self.voltage = VoltageTexture(self.layout.n_nodes)
        self.root = parent.attach_new_node("fiber-scene")
        # Lighting, fog and glow are all in the shaders; Panda3D's own would only cost.
        self.root.set_light_off(1)
        self.root.set_transparency(TransparencyAttrib.M_none, 1)
        self._set_shared_inputs(self.root)

        self.wall = build_wall(self.layout, self.root)
        # Near chunks first: each neck hides most of the tunnel beyond it, so early depth
        # rejection skips the shading of what is behind (fragments are the whole cost of a
        # frame on a software rasteriser).
        self.wall.set_bin(_front_to_back_bin(), 0)
        self.wall.set_shader(load_shader("fiber_wall"))
        self.wall.set_shader_input("wall_detail_tex", make_detail_texture())
        self.wall.set_shader_input("node_half_length_um", self.layout.node_half_length_um)
        self.wall.set_shader_input("myelin_colour", self.look.myelin_colour)
        self.wall.set_shader_input("node_colour", self.look.node_colour)
        self.wall.set_shader_input("sheen_colour", self.look.sheen_colour)
        self.wall.set_shader_input("lamp_strength", self.look.lamp_strength)
        self.wall.set_shader_input("sheen_strength", self.look.sheen_strength)

        self.filaments = build_filaments(self.layout, self.root)
        self.filaments.set_shader(load_shader("axoplasm_filament"))
        self.filaments.set_shader_input("filament_colour", self.look.filament_colour)
        # Additive and after the wall: faint threads of light, no depth writes, no sorting.
        self.filaments.set_attrib(ColorBlendAttrib.make(ColorBlendAttrib.M_add))
        self.filaments.set_depth_write(False)
        self.filaments.set_bin("fixed", 0)

    def _set_shared_inputs(self, node: NodePath) -> None:
        look = self.look
        node.set_shader_input("voltage_tex", self.voltage.texture)
        node.set_shader_input("n_nodes", float(self.layout.n_nodes))
        node.set_shader_input("internode_length_um", self.layout.internode_length_um)
        node.set_shader_input("v_rest_mV", look.v_rest_mV)
        node.set_shader_input("v_peak_mV", look.v_peak_mV)
        node.set_shader_input("glow_colour", look.glow_colour)
        node.set_shader_input("fog_colour", look.fog_colour)
        node.set_shader_input("fog_density_per_um", look.fog_density_per_um)
        node.set_shader_input("glow_fog_ratio", look.glow_fog_ratio)
        node.set_shader_input("brightness", 1.0)
        node.set_shader_input("glow_gain", 1.0)
        node.set_shader_input("picked_node", -1.0)

    def show_potentials(self, v_node_mV: np.ndarray) -> None:
        """Display these node potentials (float32, mV) from the next frame on."""
        self.voltage.upload(v_node_mV)

    def set_glow_gain(self, gain: float) -> None:
        """Scale the node glow (``ComfortSettings.glow_gain``: 1 full, less in calm mode)."""
        self.root.set_shader_input("glow_gain", float(gain))

    def mark_node(self, node: int | None) -> None:
        """Outline node ``node``'s ring (the one the HUD's oscilloscope reads); None: none."""
        self.root.set_shader_input("picked_node", -1.0 if node is None else float(node))

    def set_brightness(self, brightness: float) -> None:
        """Scale the whole scene toward black (0) for fades."""
        self.root.set_shader_input("brightness", float(brightness))

    def cleanup(self) -> None:
        self.root.remove_node()
