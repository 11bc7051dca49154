"""Tubes as numpy arrays, and GeomNodes filled from them through memoryviews.

Every structure of the nerve world is a tube: straight ones along +Y (fibres, sheaths) with a
radius profile, and bent ones along polylines (vessels). Each vertex carries position, normal
and a ``tissue`` vec4 whose meaning the structure's shader documents (node index and how bare
the membrane is, for fibres; texture coordinates, for sheaths). Many tubes are concatenated
into one Geom so a whole fascicle is a handful of draw calls; nothing loops over vertices
in Python.
"""

import numpy as np
from panda3d.core import GeomEnums, GeomNode, GeomVertexFormat, InternalName

from game.render.tunnel_mesh import NORMAL, VERTEX, float32_format, indexed_geom_node

#: Floats per vertex: position 3, normal 3, tissue 4.
STRIDE = 10


def tissue_format() -> GeomVertexFormat:
    return float32_format(VERTEX, NORMAL, (InternalName.make("tissue"), 4, GeomEnums.C_other))


def straight_tube(
    x_du: float,
    z_du: float,
    ring_y_du: np.ndarray,
    ring_radius_du: np.ndarray,
    tissue: np.ndarray,
    segments: int,
) -> np.ndarray:
    """(rings, segments + 1, STRIDE) float32 for a tube along +Y at (x, z).

    ``tissue`` is (rings, 4) (per ring) or (rings, segments + 1, 4); outward normals follow
    the radius profile's slope.
    """
    radius = np.asarray(ring_radius_du, dtype=np.float64)
    slope = np.gradient(radius, ring_y_du) if len(ring_y_du) > 1 else np.zeros_like(radius)
    angle = np.linspace(0.0, 2.0 * np.pi, segments + 1)
    cos_a, sin_a = np.cos(angle)[None, :], np.sin(angle)[None, :]
    out = np.empty((len(ring_y_du), segments + 1, STRIDE), dtype=np.float32)
    out[..., 0] = x_du + radius[:, None] * cos_a
    out[..., 1] = ring_y_du[:, None]
    out[..., 2] = z_du + radius[:, None] * sin_a
    normal = np.stack(np.broadcast_arrays(cos_a, -slope[:, None], sin_a), axis=-1)
    out[..., 3:6] = normal / np.linalg.norm(normal, axis=-1, keepdims=True)
    tissue = np.asarray(tissue, dtype=np.float32)
    out[..., 6:10] = tissue[:, None, :] if tissue.ndim == 2 else tissue
    return out


def polyline_tube(
    points_du: np.ndarray, radius_du: float, segments: int, tissue_w: float = 0.0
) -> np.ndarray:
    """(len(points), segments + 1, STRIDE) for a tube of constant radius along a polyline.

    Frames are carried along by projection (no twist at gentle bends); tissue = (u around,
    arc length, radius, tissue_w).
    """
    p = np.asarray(points_du, dtype=np.float64)
    tangent = np.gradient(p, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    # One reference projected off each tangent (no twist): the axis least aligned with the
    # path's mean direction, so it never lines up with a tangent on a gently bent path.
    ref = np.eye(3)[int(np.argmin(np.abs(tangent.mean(axis=0))))]
    n1 = ref - tangent * (tangent @ ref)[:, None]
    n1 /= np.linalg.norm(n1, axis=1, keepdims=True)
    n2 = np.cross(tangent, n1)
    angle = np.linspace(0.0, 2.0 * np.pi, segments + 1)
    normal = (
        np.cos(angle)[None, :, None] * n1[:, None, :]
        + np.sin(angle)[None, :, None] * n2[:, None, :]
    )
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(p, axis=0), axis=1))])
    out = np.empty((len(p), segments + 1, STRIDE), dtype=np.float32)
    out[..., 0:3] = p[:, None, :] + radius_du * normal
    out[..., 3:6] = normal
    out[..., 6] = angle[None, :] / (2.0 * np.pi)
    out[..., 7] = arc[:, None]
    out[..., 8] = radius_du
    out[..., 9] = tissue_w
    return out


def strip_indices(n_rings: int, segments: int) -> np.ndarray:
    """Triangle indices joining consecutive rings of ``segments + 1`` vertices."""
    per_ring = segments + 1
    a = np.arange(n_rings - 1)[:, None] * per_ring + np.arange(segments)[None, :]
    b, c = a + 1, a + per_ring
    d = c + 1
    return np.stack([a, c, b, b, c, d], axis=-1).reshape(-1).astype(np.uint32)


def merge(tubes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate tubes (each (rings, segs + 1, STRIDE)) into one vertex and index array."""
    vertices, indices, base = [], [], 0
    for tube in tubes:
        rings, per_ring = tube.shape[0], tube.shape[1]
        vertices.append(tube.reshape(-1, STRIDE))
        indices.append(strip_indices(rings, per_ring - 1) + np.uint32(base))
        base += rings * per_ring
    return np.concatenate(vertices), np.concatenate(indices)


def make_geom_node(vertices: np.ndarray, indices: np.ndarray, name: str) -> GeomNode:
    """A GeomNode of triangles from (n, STRIDE) float32 vertices and uint32 indices."""
    return indexed_geom_node(tissue_format(), vertices, indices, name)


def chunked_geom_nodes(
    tubes: list[np.ndarray], name: str, chunk_du: float | None = None
) -> list[GeomNode]:
    """One GeomNode for all straight ``tubes``, or one per ``chunk_du`` of length along +Y
    (so frustum culling and the fog's far plane drop the parts out of view)."""
    if chunk_du is None:
        return [make_geom_node(*merge(tubes), name)]
    groups: dict[int, list[np.ndarray]] = {}
    for tube in tubes:
        ring_y = tube[:, 0, 1]
        chunk = np.floor(ring_y / chunk_du).astype(np.int64)
        for k in np.unique(chunk):
            rings = np.flatnonzero(chunk == k)
            # One ring past the end, so neighbouring chunks share it: no gap.
            first, last = rings[0], min(rings[-1] + 1, len(ring_y) - 1)
            if last > first:
                groups.setdefault(int(k), []).append(tube[first : last + 1])
    return [make_geom_node(*merge(parts), f"{name}-{k}") for k, parts in sorted(groups.items())]
