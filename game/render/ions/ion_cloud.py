"""Draws the Na+ and K+ particles of an ``IonField``: one point cloud per species.

Each species is one ``GeomVertexData`` of points (x, y, z, fade, glow: the field's vertex
rows as they are) drawn by shaders/ion_particle.*; every frame the rows are copied in with
one memoryview assignment per species (no Python loop over particles). The two species
differ in shape (Na+ a round bead, K+ a square tile) and in colour, from the Okabe-Ito
palette (Okabe & Ito 2008, "Color Universal Design"): orange #E69F00 for Na+, blue #0072B2
for K+. That pair keeps apart under every common colour-vision deficiency, by luminance too
(relative luminance 0.42 against 0.15; 0.45 against 0.14 under simulated deuteranopia,
see game/safety/colour_vision.py).
"""

import math
from dataclasses import dataclass

import numpy as np
from panda3d.core import (
    BoundingBox,
    Geom,
    GeomEnums,
    GeomNode,
    GeomPoints,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
    NodePath,
    Point3,
    ShaderAttrib,
)

from game.render.ions.particles import NA, SPECIES, IonField
from game.render.shader_files import load_shader


def okabe_ito(hex_code: str) -> tuple[float, float, float]:
    value = int(hex_code.lstrip("#"), 16)
    return ((value >> 16) / 255.0, ((value >> 8) & 0xFF) / 255.0, (value & 0xFF) / 255.0)


@dataclass(frozen=True)
class IonPalette:
    """Colour (display RGB 0-1) and shape of each species, and its label."""

    na_colour: tuple[float, float, float] = okabe_ito("#E69F00")  # orange
    k_colour: tuple[float, float, float] = okabe_ito("#0072B2")  # blue
    na_label: str = "Na+  sodium"
    k_label: str = "K+  potassium"

    def colour(self, species: int) -> tuple[float, float, float]:
        return self.na_colour if species == NA else self.k_colour

    def label(self, species: int) -> str:
        return self.na_label if species == NA else self.k_label


#: Shapes, as the fragment shader's ``ion_shape``: 0 round (Na+), 1 square (K+).
SHAPE_ROUND, SHAPE_SQUARE = 0, 1


def ion_format() -> GeomVertexFormat:
    array = GeomVertexArrayFormat()
    array.add_column(InternalName.get_vertex(), 3, GeomEnums.NT_float32, GeomEnums.C_point)
    array.add_column(InternalName.make("ion_info"), 2, GeomEnums.NT_float32, GeomEnums.C_other)
    return GeomVertexFormat.register_format(array)


class IonCloud:
    """Both species' points under ``parent``; call ``upload()`` after each ``field.advance``
    and ``update_view(lens, display_region)`` when the lens or the window size changes."""

    def __init__(
        self,
        field: IonField,
        parent: NodePath,
        *,
        diameter_um: float = 0.45,
        palette: IonPalette = IonPalette(),
        glow_gain: float = 1.0,
    ) -> None:
        self.field = field
        self.palette = palette
        self.root = parent.attach_new_node("ions")
        shader = load_shader("ion_particle")
        bounds = self._bounds()
        self._vdata: list[GeomVertexData] = []
        self.species_nodes: list[NodePath] = []
        for sp, name in enumerate(SPECIES):
            rows = field.vertices[sp]
            vdata = GeomVertexData(f"ions-{name}", ion_format(), GeomEnums.UH_stream)
            vdata.unclean_set_num_rows(len(rows))
            points = GeomPoints(GeomEnums.UH_static)
            points.add_consecutive_vertices(0, len(rows))
            geom = Geom(vdata)
            geom.add_primitive(points)
            geom.set_bounds(bounds)  # the rows move every frame: never recompute bounds
            node = GeomNode(f"ions-{name}")
            node.add_geom(geom)
            node.set_bounds(bounds)
            node.set_final(True)
            path = self.root.attach_new_node(node)
            path.set_shader(shader)
            path.set_attrib(
                path.get_attrib(ShaderAttrib).set_flag(ShaderAttrib.F_shader_point_size, True)
            )
            path.set_shader_input("ion_shape", SHAPE_ROUND if sp == NA else SHAPE_SQUARE)
            path.set_shader_input("ion_colour", palette.colour(sp))
            path.set_shader_input("diameter_um", float(diameter_um))
            path.set_shader_input("glow_gain", float(glow_gain))
            path.set_shader_input("px_per_um_at_1um", 500.0)
            path.set_shader_input("viewport_px", (0.0, 0.0, 1000.0, 1000.0))
            path.set_shader_input("cut_plane", (0.0, 0.0, 0.0, -1.0))
            self._vdata.append(vdata)
            self.species_nodes.append(path)
        self.upload()

    def _bounds(self) -> BoundingBox:
        field = self.field
        sites = field.sites
        reach = np.maximum.reduce(
            [
                field.r_out_um,
                field.half_out_um,
                sites.radii_um * math.sqrt(2.0),
                sites.half_lengths_um,
            ]
        )[:, None]
        lo = (sites.positions_um - reach).min(axis=0)
        hi = (sites.positions_um + reach).max(axis=0)
        return BoundingBox(Point3(*lo), Point3(*hi))

    def upload(self) -> None:
        """Copy the field's vertex rows into the GPU-bound vertex data (a memcpy each)."""
        for vdata, rows in zip(self._vdata, self.field.vertices, strict=True):
            memoryview(vdata.modify_array(0)).cast("B")[:] = rows.view(np.uint8).reshape(-1)

    def update_view(self, lens, display_region) -> None:
        """Point sizes for this lens and display region (pixels per um at 1 um)."""
        width = display_region.get_pixel_width()
        height = display_region.get_pixel_height()
        left, _, bottom, _ = display_region.get_dimensions()
        window = display_region.get_window()
        x0 = float(left * window.get_x_size())
        y0 = float(bottom * window.get_y_size())
        fov_v_deg = lens.get_fov()[1]
        px_per_um = 0.5 * height / math.tan(math.radians(0.5 * fov_v_deg))
        for path in self.species_nodes:
            path.set_shader_input("px_per_um_at_1um", float(px_per_um))
            path.set_shader_input("viewport_px", (x0, y0, float(width), float(height)))

    def set_cutaway(self, normal=None, point=(0.0, 0.0, 0.0)) -> None:
        """Hide the ions on the ``normal`` side of the plane through ``point`` (in the
        cloud's space); ``normal=None`` hides none. For views of a fibre from outside."""
        if normal is None:
            plane = (0.0, 0.0, 0.0, -1.0)
        else:
            n = np.asarray(normal, np.float64)
            plane = (*n, -float(n @ np.asarray(point, np.float64)))
        for path in self.species_nodes:
            path.set_shader_input("cut_plane", tuple(float(v) for v in plane))

    def cleanup(self) -> None:
        self.root.remove_node()
        self._vdata.clear()
        self.species_nodes.clear()
