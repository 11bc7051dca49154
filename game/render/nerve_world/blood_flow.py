"""Red blood cells flowing through the vasa nervorum at the simulated perfusion.

Each cell belongs to one vessel and sits at an arc length ``s`` along it, off the centre line
by a fixed lateral offset. A numba kernel advances every cell by its vessel's speed (a
parabolic profile: cells near the axis move faster, as in Poiseuille flow) and writes
centres, flow directions and tumble angles into a float32 array that goes to a buffer texture
through a memoryview; one instanced disc draws them all.

Vessels are in series with the compressed segment, so a vessel's flow is set by its most
compressed point: every cell of a vessel moves at ``base speed x min(perfusion along it)``
(Rydevik, Lundborg & Bagge 1981: intraneural flow stops at 50-70 mmHg and resumes on
release). The kernel lives here, not in game/sim: it is a view of the simulation.
"""

import math

import numpy as np
from panda3d.core import (
    BoundingBox,
    GeomEnums,
    NodePath,
    Point3,
    SamplerState,
    Texture,
)

from game.render.ions.main_thread_jit import MAIN_THREAD_FLAGS, njit
from game.render.nerve_world.layout import NerveLayout
from game.render.nerve_world.tube_mesh import make_geom_node, merge, straight_tube

#: Samples per vessel path after resampling to equal arc length.
PATH_SAMPLES = 96
#: Speed of a cell on the axis of a fully perfused vessel, du per second of play.
BASE_SPEED_DU_PER_S = 22.0
#: Drawn cell radius as a fraction of the vessel's lumen radius.
CELL_RADIUS_FRACTION = 0.42


@njit(**MAIN_THREAD_FLAGS)
def advance_cells(
    s_du,
    vessel,
    lateral,
    tumble,
    tumble_rate,
    vessel_speed,
    path_xyz,
    path_side,
    path_len_du,
    dt_s,
    out,
):
    """Move every cell along its vessel by dt_s and write its two texels into ``out``.

    s_du (n,), vessel (n,) int, lateral (n, 3): offset across the lumen (du along the path's
    two side vectors, and the fraction of the radius from the axis), tumble (n,),
    tumble_rate (n,); vessel_speed (v,) du/s; path_xyz (v, PATH_SAMPLES, 3) at equal arc
    length, path_side (v, PATH_SAMPLES, 6) two unit vectors across it; out (n * 2, 4) float32.
    """
    n = s_du.shape[0]
    samples = path_xyz.shape[1]
    for i in range(n):
        v = vessel[i]
        length = path_len_du[v]
        r = lateral[i, 2]
        speed = vessel_speed[v] * (1.0 - 0.6 * r * r)
        s = s_du[i] + speed * dt_s
        if s >= length:
            s -= length * math.floor(s / length)
        s_du[i] = s
        tumble[i] += tumble_rate[i] * speed * dt_s
        f = s / length * (samples - 1)
        k = min(int(f), samples - 2)
        t = f - k
        for c in range(3):
            out[2 * i, c] = (
                (1.0 - t) * path_xyz[v, k, c]
                + t * path_xyz[v, k + 1, c]
                + lateral[i, 0] * path_side[v, k, c]
                + lateral[i, 1] * path_side[v, k, 3 + c]
            )
            out[2 * i + 1, c] = path_xyz[v, k + 1, c] - path_xyz[v, k, c]
        out[2 * i, 3] = 1.0
        out[2 * i + 1, 3] = tumble[i]


def resample_path(points: np.ndarray, samples: int = PATH_SAMPLES) -> tuple[np.ndarray, float]:
    """The polyline at ``samples`` points of equal arc length, and its length."""
    seg = np.linalg.norm(np.diff(points, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    target = np.linspace(0.0, arc[-1], samples)
    out = np.stack([np.interp(target, arc, points[:, c]) for c in range(3)], axis=1)
    return out, float(arc[-1])


def side_vectors(path: np.ndarray) -> np.ndarray:
    """(samples, 6): two unit vectors across the path at each sample (as the vessel's tube)."""
    tangent = np.gradient(path, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    ref = np.eye(3)[int(np.argmin(np.abs(tangent.mean(axis=0))))]
    n1 = ref - tangent * (tangent @ ref)[:, None]
    n1 /= np.linalg.norm(n1, axis=1, keepdims=True)
    return np.concatenate([n1, np.cross(tangent, n1)], axis=1)


def cell_template(segments: int = 10) -> np.ndarray:
    """A flattened, slightly biconcave disc of unit radius, thin along +Y (a tube of rings)."""
    t = np.linspace(-1.0, 1.0, 7)
    y = 0.32 * t
    radius = np.sqrt(np.clip(1.0 - t * t, 0.0, 1.0)) ** 0.5
    tissue = np.zeros((len(t), 4), dtype=np.float32)
    return straight_tube(0.0, 0.0, y, radius, tissue, segments)


class BloodFlow:
    """The cells of every vessel; ``advance(dt_s, perfusion_profile)`` each frame."""

    def __init__(self, layout: NerveLayout, parent: NodePath, n_cells: int, seed: int = 5) -> None:
        rng = np.random.default_rng(seed)
        paths, lengths, radii = [], [], []
        for vessel in layout.vessels:
            path, length = resample_path(vessel.points_du)
            paths.append(path)
            lengths.append(length)
            radii.append(vessel.radius_du)
        self.path_xyz = np.ascontiguousarray(np.stack(paths))
        self.path_side = np.ascontiguousarray(np.stack([side_vectors(p) for p in paths]))
        self.path_len_du = np.array(lengths)
        self.vessel_radius_du = np.array(radii)
        # Where along the nerve each vessel's samples lie, for the perfusion it sees.
        self._path_y_u = np.clip(self.path_xyz[:, :, 1] / layout.length_du, 0.0, 1.0)
        self._bins_of_path: tuple[int, np.ndarray] | None = None
        # Cells shared out by lumen cross-section times length.
        share = self.vessel_radius_du**2 * self.path_len_du
        counts = np.floor(n_cells * share / share.sum()).astype(np.int64)
        counts[0] += n_cells - counts.sum()
        self.n_cells = n_cells
        self.vessel = np.repeat(np.arange(len(counts)), counts)
        self.s_du = rng.uniform(0.0, 1.0, n_cells) * self.path_len_du[self.vessel]
        r = np.sqrt(rng.uniform(0.0, 1.0, n_cells)) * 0.55
        a = rng.uniform(0.0, 2 * math.pi, n_cells)
        lumen = self.vessel_radius_du[self.vessel]
        self.lateral = np.stack([r * np.cos(a) * lumen, r * np.sin(a) * lumen, r], axis=1)
        self.tumble = rng.uniform(0.0, 2 * math.pi, n_cells)
        self.tumble_rate = rng.uniform(-0.25, 0.25, n_cells)
        self.vessel_speed = np.zeros(len(counts))
        self.texels = np.zeros((2 * n_cells, 4), dtype=np.float32)
        self._cell_scale = (CELL_RADIUS_FRACTION * lumen).astype(np.float32)

        self.texture = Texture("blood-cells")
        self.texture.setup_buffer_texture(
            2 * n_cells, Texture.T_float, Texture.F_rgba32, GeomEnums.UH_dynamic
        )
        self.texture.set_minfilter(SamplerState.FT_nearest)
        self.texture.set_magfilter(SamplerState.FT_nearest)
        self.texture.set_keep_ram_image(True)

        node = make_geom_node(*merge([cell_template()]), "blood-cells")
        self.node = parent.attach_new_node(node)
        self.node.set_instance_count(n_cells)
        # Positions come from a texture: give the node the nerve's bounds so culling works.
        r_max = layout.nerve_radius_du + 4.0
        node.set_bounds(
            BoundingBox(
                Point3(-r_max, -10.0, -r_max), Point3(r_max, layout.length_du + 10.0, r_max)
            )
        )
        node.set_final(True)
        self.node.set_shader_input("cells_tex", self.texture)
        self.advance(0.0, np.ones(2, dtype=np.float32))

    def vessel_flow(self, perfusion_profile: np.ndarray) -> np.ndarray:
        """Each vessel's flow (0-1): the perfusion at its most compressed point."""
        bins = len(perfusion_profile)
        if self._bins_of_path is None or self._bins_of_path[0] != bins:
            idx = np.minimum((self._path_y_u * bins).astype(np.int64), bins - 1)
            self._bins_of_path = (bins, idx)
        return np.asarray(perfusion_profile)[self._bins_of_path[1]].min(axis=1)

    def advance(self, dt_s: float, perfusion_profile: np.ndarray) -> None:
        flow = np.clip(self.vessel_flow(perfusion_profile), 0.0, 1.5)
        self.vessel_speed[:] = BASE_SPEED_DU_PER_S * flow
        advance_cells(
            self.s_du, self.vessel, self.lateral, self.tumble, self.tumble_rate,
            self.vessel_speed, self.path_xyz, self.path_side, self.path_len_du, float(dt_s),
            self.texels,
        )  # fmt: skip
        self.texels[0::2, 3] = self._cell_scale
        memoryview(self.texture.modify_ram_image())[:] = self.texels.view(np.uint8).ravel()
