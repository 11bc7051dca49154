"""Builds the axon wall mesh (the tunnel seen from inside the fibre) from a ``TunnelLayout``.

The wall is a surface of revolution around +Y, cut into one GeomNode per node of Ranvier (from
the midpoint before it to the midpoint after it) so that Panda3D's frustum culling drops the
chunks behind the camera and beyond the far plane. Each vertex carries, besides position,
inward normal and texture coordinate, a ``node_coord`` column (continuous node index, distance
to the nearest node centre in drawn µm) that the wall shader uses to find its node's voltage.
Arrays are filled from numpy through memoryviews; nothing loops over vertices in Python.
"""

import numpy as np
from panda3d.core import (
    Geom,
    GeomEnums,
    GeomNode,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
    NodePath,
)

from game.render.tunnel_layout import (
    TunnelLayout,
    distance_to_nearest_node_um,
    node_coordinate,
    ring_positions_um,
    wall_radius_um,
)

#: Vertices around each ring (the seam vertex is doubled so the texture wraps cleanly).
#: Lighting is per vertex, so the near funnels' outlines need this many to look round.
SEGMENTS_AROUND = 48


#: The float32 columns most meshes start with: (name, components, contents).
VERTEX = (InternalName.get_vertex(), 3, GeomEnums.C_point)
NORMAL = (InternalName.get_normal(), 3, GeomEnums.C_normal)


def float32_format(*columns: tuple[InternalName, int, int]) -> GeomVertexFormat:
    """One array of float32 ``columns``, each (name, number of components, contents): the
    tunnel's wall, the nerve world's tubes."""
    array = GeomVertexArrayFormat()
    for name, components, contents in columns:
        array.add_column(name, components, GeomEnums.NT_float32, contents)
    return GeomVertexFormat.register_format(array)


def indexed_geom_node(
    vertex_format: GeomVertexFormat,
    vertices: np.ndarray,
    indices: np.ndarray,
    name: str,
    primitive=GeomTriangles,
) -> GeomNode:
    """A GeomNode of one Geom: ``vertices`` (rows of ``vertex_format``'s one float32 array)
    joined by uint32 ``indices`` into ``primitive``s (triangles, or GeomLines), both copied
    in through memoryviews."""
    vdata = GeomVertexData(name, vertex_format, GeomEnums.UH_static)
    vdata.unclean_set_num_rows(len(vertices))
    memoryview(vdata.modify_array(0)).cast("B")[:] = (
        np.ascontiguousarray(vertices, dtype=np.float32).view(np.uint8).ravel()
    )
    prim = primitive(GeomEnums.UH_static)
    prim.set_index_type(GeomEnums.NT_uint32)
    handle = prim.modify_vertices()
    handle.unclean_set_num_rows(len(indices))
    memoryview(handle).cast("B")[:] = np.ascontiguousarray(indices, dtype=np.uint32).view(np.uint8)
    geom = Geom(vdata)
    geom.add_primitive(prim)
    node = GeomNode(name)
    node.add_geom(geom)
    return node


def wall_format() -> GeomVertexFormat:
    """vertex, normal, texcoord (float32) and our ``node_coord`` (continuous index, distance)."""
    return float32_format(
        VERTEX,
        NORMAL,
        (InternalName.get_texcoord(), 2, GeomEnums.C_texcoord),
        (InternalName.make("node_coord"), 2, GeomEnums.C_other),
    )


def wall_vertices(layout: TunnelLayout, ring_y_um: np.ndarray) -> np.ndarray:
    """(rings, SEGMENTS_AROUND + 1, 10) float32: position, inward normal, uv, node coord."""
    radius = wall_radius_um(layout, ring_y_um)
    slope = np.gradient(radius, ring_y_um)
    angle = np.linspace(0.0, 2.0 * np.pi, SEGMENTS_AROUND + 1)
    cos_a, sin_a = np.cos(angle)[None, :], np.sin(angle)[None, :]
    out = np.empty((len(ring_y_um), SEGMENTS_AROUND + 1, 10), dtype=np.float32)
    out[..., 0] = radius[:, None] * cos_a
    out[..., 1] = ring_y_um[:, None]
    out[..., 2] = radius[:, None] * sin_a
    # Outward normal of r(y) revolved is (cos, -dr/dy, sin); we look at the inside.
    normal = np.stack(np.broadcast_arrays(-cos_a, slope[:, None], -sin_a), axis=-1)
    out[..., 3:6] = normal / np.linalg.norm(normal, axis=-1, keepdims=True)
    # Three texture repeats around, and about square texels on the internode wall.
    out[..., 6] = 3.0 * angle[None, :] / (2.0 * np.pi)
    out[..., 7] = 3.0 * ring_y_um[:, None] / (2.0 * np.pi * layout.axon_radius_um)
    out[..., 8] = node_coordinate(layout, ring_y_um)[:, None]
    out[..., 9] = distance_to_nearest_node_um(layout, ring_y_um)[:, None]
    return out


def ring_strip_indices(n_rings: int) -> np.ndarray:
    """Triangle indices joining consecutive rings of SEGMENTS_AROUND + 1 vertices."""
    per_ring = SEGMENTS_AROUND + 1
    ring = np.arange(n_rings - 1)[:, None] * per_ring
    seg = np.arange(SEGMENTS_AROUND)[None, :]
    a = ring + seg
    b = a + 1
    c = a + per_ring
    d = c + 1
    # Wound so the faces point inward (toward the axis), where the camera is.
    tris = np.stack([a, b, c, b, d, c], axis=-1)
    return tris.reshape(-1).astype(np.uint32)


def make_geom(vertices: np.ndarray, indices: np.ndarray, name: str) -> GeomNode:
    """A GeomNode of the wall's triangles from float32 ``vertices`` rows and uint32 ``indices``."""
    rows = vertices.reshape(-1, vertices.shape[-1])
    return indexed_geom_node(wall_format(), rows, indices, name)


def build_wall(layout: TunnelLayout, parent: NodePath) -> NodePath:
    """Attach the wall under ``parent``, one chunk per node; returns the wall's root."""
    root = parent.attach_new_node("axon-wall")
    ring_y_um = ring_positions_um(layout, internode_step_um=4.0)
    vertices = wall_vertices(layout, ring_y_um)
    midpoints = 0.5 * (layout.node_y_um[1:] + layout.node_y_um[:-1])
    bounds = np.concatenate([[ring_y_um[0]], midpoints, [ring_y_um[-1]]])
    for node in range(layout.n_nodes):
        # Midpoints are rings, so neighbouring chunks share their boundary ring: no gap.
        first = int(np.searchsorted(ring_y_um, bounds[node]))
        last = int(np.searchsorted(ring_y_um, bounds[node + 1])) + 1
        chunk = vertices[first:last]
        root.attach_new_node(make_geom(chunk, ring_strip_indices(len(chunk)), f"wall-node-{node}"))
    return root
