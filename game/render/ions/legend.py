"""The ions' legend: each species' shape in its colour, beside its name ("Na+ sodium").

Never meaning by colour alone (DESIGN.md): the legend repeats the shape cue and names the
species in words. Drawn in 2D (under aspect2d or one of its corners) as a dark card with
two rows; the glyphs are flat geometry, the labels Panda3D text.
"""

import math

from panda3d.core import (
    Geom,
    GeomEnums,
    GeomNode,
    GeomTriangles,
    GeomVertexData,
    GeomVertexFormat,
    GeomVertexWriter,
    NodePath,
    TextNode,
    TransparencyAttrib,
)

from game.render.ions.ion_cloud import IonPalette
from game.render.ions.particles import NA, SPECIES

ROW_HEIGHT = 0.085
GLYPH_HALF = 0.026


def _polygon(name: str, corners: list[tuple[float, float]], colour) -> GeomNode:
    """A filled convex polygon in the x-z plane (the 2D scene's screen plane)."""
    vdata = GeomVertexData(name, GeomVertexFormat.get_v3c4(), GeomEnums.UH_static)
    vertex = GeomVertexWriter(vdata, "vertex")
    colours = GeomVertexWriter(vdata, "color")
    for x, z in corners:
        vertex.add_data3(x, 0.0, z)
        colours.add_data4(*colour, 1.0)
    tris = GeomTriangles(GeomEnums.UH_static)
    for i in range(1, len(corners) - 1):
        tris.add_vertices(0, i, i + 1)
    geom = Geom(vdata)
    geom.add_primitive(tris)
    node = GeomNode(name)
    node.add_geom(geom)
    return node


def glyph(species: int, colour, half: float = GLYPH_HALF) -> NodePath:
    """The species' shape, as the particles draw it: a disc (Na+) or a rimmed square (K+)."""
    root = NodePath(f"legend-glyph-{SPECIES[species]}")
    if species == NA:
        corners = [(half * math.cos(a), half * math.sin(a))
                   for a in (2.0 * math.pi * k / 32 for k in range(32))]  # fmt: skip
        root.attach_new_node(_polygon("disc", corners, colour))
    else:
        rim = tuple(c + 0.3 * (1.0 - c) for c in colour)
        outer = [(-half, -half), (half, -half), (half, half), (-half, half)]
        inner = [(0.85 * x, 0.85 * z) for x, z in outer]
        root.attach_new_node(_polygon("rim", outer, rim))
        tile = root.attach_new_node(_polygon("tile", inner, colour))
        tile.set_y(-0.001)  # in front of the rim
    return root


class IonLegend:
    """Two rows, Na+ then K+, with their top-left corner at ``pos`` under ``parent``."""

    def __init__(
        self, parent: NodePath, *, pos=(0.0, 0.0), palette: IonPalette = IonPalette(),
        scale: float = 1.0,
    ) -> None:  # fmt: skip
        self.root = parent.attach_new_node("ion-legend")
        self.root.set_pos(pos[0], 0.0, pos[1])
        self.root.set_scale(scale)
        width = 0.42
        card = self.root.attach_new_node(
            _polygon(
                "legend-card",
                [(0.0, -2 * ROW_HEIGHT - 0.02), (width, -2 * ROW_HEIGHT - 0.02),
                 (width, 0.0), (0.0, 0.0)],  # fmt: skip
                (0.02, 0.03, 0.05),
            )
        )
        card.set_color_scale(1.0, 1.0, 1.0, 0.7)
        card.set_transparency(TransparencyAttrib.M_alpha)
        card.set_bin("fixed", 0)
        self.labels: list[TextNode] = []
        for row, sp in enumerate((NA, 1 - NA)):
            z = -ROW_HEIGHT * (row + 0.5) - 0.01
            mark = glyph(sp, palette.colour(sp))
            mark.reparent_to(self.root)
            mark.set_pos(0.05, 0.0, z)
            mark.set_bin("fixed", 1)
            text = TextNode(f"legend-label-{SPECIES[sp]}")
            text.set_text(palette.label(sp))
            text.set_text_color(0.92, 0.94, 0.97, 1.0)
            text.set_align(TextNode.A_left)
            label = self.root.attach_new_node(text)
            label.set_scale(0.05)
            label.set_pos(0.095, 0.0, z - 0.017)
            label.set_bin("fixed", 2)
            self.labels.append(text)

    def cleanup(self) -> None:
        self.root.remove_node()
