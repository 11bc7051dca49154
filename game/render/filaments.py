"""Axoplasm filaments: neurofilaments and microtubules running along the inside of the axon.

Thin lines parallel to the axis at fixed fractions of the local wall radius, so they crowd
together through each narrow node and spread out again in the internode, as they do in
electron micrographs. Generated with a fixed seed; one GeomNode of lines per node chunk
(like the wall) so culling works. Each vertex carries the same ``node_coord`` column as the
wall, so the filaments pick up the glow of the node they pass through.
"""

import numpy as np
from panda3d.core import GeomEnums, GeomLines, GeomNode, GeomVertexFormat, InternalName, NodePath

from game.render.tunnel_layout import (
    TunnelLayout,
    distance_to_nearest_node_um,
    node_coordinate,
    ring_positions_um,
    wall_radius_um,
)
from game.render.tunnel_mesh import VERTEX, float32_format, indexed_geom_node

N_FILAMENTS = 12


def filament_format() -> GeomVertexFormat:
    return float32_format(VERTEX, (InternalName.make("node_coord"), 2, GeomEnums.C_other))


def bundle_radius_um(layout: TunnelLayout, y_um: np.ndarray, *, ease_um: float = 3.0) -> np.ndarray:
    """A smooth radius that never leaves the wall: filaments ease into each neck.

    Following the wall exactly puts kinks into the lines at the neck, which perspective near
    the lens turns into jagged streaks. So: the wall radius eroded (the minimum over
    +-ease_um), then smoothed over the same distance, which keeps it inside the wall.
    """
    step_um = 0.25
    grid = np.arange(y_um.min() - 2 * ease_um, y_um.max() + 2 * ease_um + step_um, step_um)
    half = round(ease_um / step_um)
    padded = np.pad(wall_radius_um(layout, grid), half, mode="edge")
    eroded = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1).min(axis=-1)
    kernel = np.exp(-0.5 * (np.arange(-half, half + 1) / (0.5 * half)) ** 2)
    smooth = np.convolve(np.pad(eroded, half, mode="edge"), kernel / kernel.sum(), mode="valid")
    return np.interp(y_um, grid, smooth)


def filament_vertices(layout: TunnelLayout, y_um: np.ndarray, *, seed: int = 11) -> np.ndarray:
    """(N_FILAMENTS, len(y_um), 5) float32: x, y, z, node index, node distance."""
    rng = np.random.default_rng(seed)
    # Radial fractions kept off the wall and well off the camera's path along the axis
    # (a line passing right by the lens projects into long jagged streaks).
    fraction = np.sqrt(rng.uniform(0.35, 0.8, N_FILAMENTS))[:, None]
    angle0 = rng.uniform(0.0, 2.0 * np.pi, N_FILAMENTS)[:, None]
    twist_per_um = rng.normal(0.0, 0.004, N_FILAMENTS)[:, None]
    wave_um = rng.uniform(8.0, 25.0, N_FILAMENTS)[:, None]
    phase = rng.uniform(0.0, 2.0 * np.pi, N_FILAMENTS)[:, None]
    y = y_um[None, :]
    angle = angle0 + twist_per_um * y + 0.12 * np.sin(y / wave_um + phase)
    radius = fraction * bundle_radius_um(layout, y_um)[None, :] * (1.0 + 0.05 * np.cos(y / wave_um))
    out = np.empty((N_FILAMENTS, len(y_um), 5), dtype=np.float32)
    out[..., 0] = radius * np.cos(angle)
    out[..., 1] = y
    out[..., 2] = radius * np.sin(angle)
    out[..., 3] = node_coordinate(layout, y_um)[None, :]
    out[..., 4] = distance_to_nearest_node_um(layout, y_um)[None, :]
    return out


def make_lines(vertices: np.ndarray, name: str) -> GeomNode:
    """Lines joining consecutive points of each filament in (filaments, points, 5) ``vertices``."""
    n_fil, n_pts, _ = vertices.shape
    start = (np.arange(n_fil)[:, None] * n_pts + np.arange(n_pts - 1)[None, :]).ravel()
    indices = np.stack([start, start + 1], axis=-1).reshape(-1)
    flat = vertices.reshape(-1, vertices.shape[-1])
    return indexed_geom_node(filament_format(), flat, indices, name, GeomLines)


def build_filaments(layout: TunnelLayout, parent: NodePath) -> NodePath:
    """Attach the filaments under ``parent``, one chunk per node; returns their root."""
    root = parent.attach_new_node("axoplasm-filaments")
    y_um = ring_positions_um(layout, internode_step_um=1.5, taper_rings=4)
    vertices = filament_vertices(layout, y_um)
    midpoints = 0.5 * (layout.node_y_um[1:] + layout.node_y_um[:-1])
    bounds = np.concatenate([[y_um[0]], midpoints, [y_um[-1]]])
    for node in range(layout.n_nodes):
        first = int(np.searchsorted(y_um, bounds[node]))
        last = int(np.searchsorted(y_um, bounds[node + 1])) + 1
        root.attach_new_node(make_lines(vertices[:, first:last], f"filaments-node-{node}"))
    return root
