"""The nerve's generated geometry: epineurium, perineurium, endoneurium, fibres, Remak bundles,
vessel walls, as GeomNodes under one root, each layer with its shader and blending.

Built at load from a ``NerveLayout`` in well under two seconds: every tube is a numpy array
(``tube_mesh``), uploaded through memoryviews. Myelinated fibres are one tube each whose
radius dips to the bare axon at every node of Ranvier; their ``tissue`` column names the
node's texel in the glow texture (``SiteView``) and how near the node each ring is.
"""

import math
from dataclasses import dataclass

import numpy as np
from panda3d.core import CullBinManager, NodePath, TransparencyAttrib

from game.render.nerve_world.layout import NerveLayout
from game.render.nerve_world.palette import SheathLook, WorldLook
from game.render.nerve_world.tube_mesh import chunked_geom_nodes, polyline_tube, straight_tube
from game.render.shader_files import load_shader

#: Length of one culling chunk along the nerve, du.
CHUNK_DU = 40.0
#: Radius of the bare axon at a node, and of the endoneurial sleeve, as fractions of the
#: fibre's (myelin's outer) radius.
NODE_RADIUS_FRACTION = 0.5
ENDONEURIUM_FRACTION = 1.2
#: Segments around a fibre, by class (A-alpha, A-beta, A-delta, C axon).
SEGMENTS_BY_CLASS = (9, 7, 6, 4)


NEAR_BIN = "nerve-near"


def front_to_back_bin() -> str:
    bins = CullBinManager.get_global_ptr()
    if bins.find_bin(NEAR_BIN) < 0:
        bins.add_bin(NEAR_BIN, CullBinManager.BT_front_to_back, 16)  # before "opaque" (20)
    return NEAR_BIN


@dataclass
class Anatomy:
    root: NodePath
    epineurium: NodePath
    fibres: NodePath
    sheaths: NodePath
    vessels: NodePath


def fibre_rings(
    node_y_du: np.ndarray, radius_du: float, length_du: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Ring positions, radii, nearness to the node (1 at its centre) and nearest node index
    for a myelinated fibre: rings crowd around each node, few along the internode."""
    offsets = radius_du * np.array([-1.2, -0.5, -0.25, 0.0, 0.25, 0.5, 1.2])
    internode = float(np.median(np.diff(node_y_du))) if len(node_y_du) > 1 else length_du
    mids = np.concatenate([node_y_du[:-1] + 0.5 * internode, [node_y_du[-1] + 0.5 * internode]])
    ring_y = np.concatenate(
        [(node_y_du[:, None] + offsets[None, :]).ravel(), mids, [0.0, length_du]]
    )
    ring_y = np.unique(np.clip(ring_y, 0.0, length_du))
    nearest = (
        np.clip(np.searchsorted(node_y_du, ring_y), 1, len(node_y_du) - 1)
        if len(node_y_du) > 1
        else np.zeros(len(ring_y), np.int64)
    )
    if len(node_y_du) > 1:
        left = node_y_du[nearest - 1]
        right = node_y_du[nearest]
        nearest = np.where(ring_y - left < right - ring_y, nearest - 1, nearest)
    distance = np.abs(ring_y - node_y_du[nearest])
    nearness = np.clip(1.0 - distance / (1.6 * radius_du), 0.0, 1.0)
    rise = np.clip((distance - 0.3 * radius_du) / (0.7 * radius_du), 0.0, 1.0)
    rise = rise * rise * (3 - 2 * rise)
    radius = radius_du * (NODE_RADIUS_FRACTION + (1 - NODE_RADIUS_FRACTION) * rise)
    return ring_y, radius, nearness, nearest


def _set_sheath_look(node: NodePath, look: SheathLook, *, blended: bool) -> None:
    node.set_shader_input("sheath_colour", look.colour)
    node.set_shader_input("face_alpha", look.face_alpha)
    node.set_shader_input("edge_alpha", look.edge_alpha)
    node.set_shader_input("band_strength", look.band_strength)
    node.set_shader_input("band_scale", look.band_scale)
    node.set_two_sided(True)
    if blended:
        node.set_transparency(TransparencyAttrib.M_alpha)
        node.set_depth_write(False)
        node.set_bin("transparent", 0)


def _sheath_tube(x, z, radius, length_du, ring_step_du, segments):
    ring_y = np.linspace(0.0, length_du, max(2, int(length_du / ring_step_du) + 1))
    tissue = np.zeros((len(ring_y), segments + 1, 4), dtype=np.float32)
    tissue[..., 0] = np.linspace(0.0, 1.0, segments + 1)[None, :]
    tissue[..., 1] = ring_y[:, None]
    tissue[..., 2] = radius
    return straight_tube(x, z, ring_y, np.full(len(ring_y), radius), tissue, segments)


def _attach(parent: NodePath, nodes) -> None:
    for node in nodes:
        parent.attach_new_node(node)


def build_anatomy(
    layout: NerveLayout, fibre_first_node: list[int], parent: NodePath, look: WorldLook
) -> Anatomy:
    length = layout.length_du
    root = parent.attach_new_node("anatomy")
    sheath_shader = load_shader("nerve_sheath")

    # Epineurium: the world's outer wall, seen from inside: opaque, banded, dusky rose.
    epi = root.attach_new_node("epineurium")
    _attach(
        epi,
        chunked_geom_nodes(
            [_sheath_tube(0.0, 0.0, layout.nerve_radius_du, length, 6.0, 72)],
            "epineurium",
            CHUNK_DU,
        ),
    )
    epi.set_shader(sheath_shader)
    _set_sheath_look(epi, look.epineurium, blended=False)

    # Fibres: myelinated tubes with node dips, and C axons, per fascicle.
    fibres = root.attach_new_node("fibres")
    fibres.set_shader(load_shader("nerve_fibre"))
    # Near chunks first, before everything else opaque: fibres hide most of what lies behind
    # them, and early depth rejection then skips its shading (on a software rasteriser the
    # fragments are the frame's cost). The epineurium, behind everything, comes after.
    fibres.set_bin(front_to_back_bin(), 0)
    for f in range(len(layout.fascicle_centres_du)):
        tubes = []
        # Innermost first: the rail runs along the nerve's axis, so within a chunk the fibres
        # nearest it are drawn first and hide (early depth test) the ones behind them.
        mine = [i for i, fibre in enumerate(layout.fibres) if fibre.fascicle == f]
        mine.sort(key=lambda i: math.hypot(layout.fibres[i].x_du, layout.fibres[i].z_du))
        for i in mine:
            fibre = layout.fibres[i]
            segs = SEGMENTS_BY_CLASS[fibre.class_index]
            if fibre.myelinated:
                ring_y, radius, nearness, nearest = fibre_rings(
                    fibre.node_y_du, fibre.radius_du, length
                )
                myelin = 1.0
            else:
                ring_y = np.arange(0.0, length + 1e-6, 6.0)
                nearest = np.clip(
                    np.rint(np.interp(ring_y, fibre.node_y_du, np.arange(len(fibre.node_y_du)))),
                    0,
                    len(fibre.node_y_du) - 1,
                ).astype(np.int64)
                radius = np.full(len(ring_y), fibre.radius_du)
                nearness = np.ones(len(ring_y))
                myelin = 0.0
            tissue = np.stack([
                fibre_first_node[i] + nearest, nearness, np.full(len(ring_y), myelin),
                np.full(len(ring_y), (i * 0.618) % 1.0),
            ], axis=1)  # fmt: skip
            tubes.append(straight_tube(fibre.x_du, fibre.z_du, ring_y, radius, tissue, segs))
        _attach(
            fibres.attach_new_node(f"fascicle-{f}"),
            chunked_geom_nodes(tubes, f"fibres-{f}", CHUNK_DU),
        )

    sheaths = root.attach_new_node("sheaths")
    sheaths.set_shader(sheath_shader)
    # Perineurium: a lamellated sheet around each fascicle, translucent, denser edge-on.
    peri = sheaths.attach_new_node("perineurium")
    peri_tubes = []
    for (cx, cz), fr in zip(layout.fascicle_centres_du, layout.fascicle_radii_du):
        peri_tubes.append(_sheath_tube(cx, cz, fr, length, 8.0, 40))
    _attach(peri, chunked_geom_nodes(peri_tubes, "perineurium", CHUNK_DU))
    _set_sheath_look(peri, look.perineurium, blended=True)
    # Endoneurium: a faint sleeve around each myelinated fibre.
    endo = sheaths.attach_new_node("endoneurium")
    endo_tubes = [
        _sheath_tube(f.x_du, f.z_du, f.radius_du * ENDONEURIUM_FRACTION, length, 30.0, 7)
        for f in layout.fibres if f.myelinated
    ]  # fmt: skip
    _attach(endo, chunked_geom_nodes(endo_tubes, "endoneurium", CHUNK_DU))
    _set_sheath_look(endo, look.endoneurium, blended=True)
    # Remak bundles: one Schwann-cell sleeve around several C axons.
    remak = sheaths.attach_new_node("remak-sleeves")
    remak_tubes = [_sheath_tube(x, z, r, length, 10.0, 12) for x, z, r, _ in layout.remak_bundles]
    _attach(remak, chunked_geom_nodes(remak_tubes, "remak", CHUNK_DU))
    _set_sheath_look(remak, look.remak_sleeve, blended=True)

    vessels = root.attach_new_node("vessel-walls")
    vessels.set_shader(sheath_shader)
    wall_tubes = [polyline_tube(v.points_du, v.radius_du, 10) for v in layout.vessels]
    _attach(vessels, chunked_geom_nodes(wall_tubes, "vessels", CHUNK_DU))
    _set_sheath_look(vessels, look.vessel_wall, blended=True)
    return Anatomy(root, epi, fibres, sheaths, vessels)
