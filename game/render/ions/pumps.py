"""Na+/K+ pumps as small rotors set in the membrane, turning at the simulated pump rate.

Each site carries a few pumps (at the positions the ``IonField`` pumps its ions through).
A pump is a generated protein-like shape (a capped barrel through the membrane with three
lobes outside and two inside, one lobe pale so the turning reads) drawn instanced: one shape,
one instance per pump. Its turnover follows the site's ``pump_rate`` (0 stopped, 1 normal,
>1 racing) through a per-pump lag and a per-pump speed, so pumps slow and stop together but
restart out of step, as after ischaemia (DESIGN.md, recovery 10-20 s: "uncoordinated pump
reactivation"). Each frame the per-pump (phase, drive) rows are copied to the GPU with one
memoryview assignment; the vertex shader (shaders/pump_rotor.vert) turns each instance.
"""

import math

import numpy as np
from panda3d.core import (
    BoundingBox,
    Geom,
    GeomEnums,
    GeomNode,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
    NodePath,
    Point3,
)

from game.render.ions.ion_cloud import okabe_ito
from game.render.ions.main_thread_jit import MAIN_THREAD_FLAGS, njit
from game.render.ions.particles import IonField
from game.render.shader_files import load_shader

#: Okabe-Ito reddish purple: apart from both ion colours.
PUMP_COLOUR = okabe_ito("#CC79A7")


@njit(**MAIN_THREAD_FLAGS)
def drive_pumps(state, pump_site, site_rate, lag_s, speed, turns_per_s, dt_s):
    """Each pump's drive follows its site's rate with its own lag; its phase turns at
    ``turns_per_s`` x its speed x its drive. ``state`` (P, 2) float32, updated in place."""
    for p in range(len(pump_site)):
        target = max(site_rate[pump_site[p]], 0.0)
        drive = float(state[p, 1])
        drive += (target - drive) * (1.0 - math.exp(-dt_s / lag_s[p]))
        # A pump whose ATP is gone stops dead rather than creeping forever.
        if target == 0.0 and drive < 0.05:
            drive = 0.0
        phase = float(state[p, 0]) + 2.0 * math.pi * turns_per_s * speed[p] * drive * dt_s
        state[p, 0] = phase % (2.0 * math.pi)
        state[p, 1] = drive


class PumpDrive:
    """Phase and drive of every pump: ``state`` is (n_pumps, 2) float32 (phase in radians,
    drive = turnover relative to normal). One numba loop over pumps a frame."""

    def __init__(
        self,
        pump_site: np.ndarray,
        *,
        seed: int = 5,
        turns_per_s: float = 0.6,
        lag_s: tuple[float, float] = (0.3, 2.5),
        speed_spread: float = 0.15,
        initial_rate: np.ndarray | float = 1.0,
    ) -> None:
        rng = np.random.default_rng(seed)
        self.pump_site = np.asarray(pump_site, np.int64)
        n = len(self.pump_site)
        self.turns_per_s = turns_per_s
        self.lag_s = rng.uniform(lag_s[0], lag_s[1], n)
        self.speed = 1.0 + rng.uniform(-speed_spread, speed_spread, n)
        self.state = np.zeros((n, 2), np.float32)
        self.state[:, 0] = rng.uniform(0.0, 2.0 * np.pi, n)
        rate = np.broadcast_to(np.asarray(initial_rate, np.float64), (self.pump_site.max() + 1,))
        self.state[:, 1] = np.clip(rate[self.pump_site], 0.0, None)

    @property
    def phase(self) -> np.ndarray:
        return self.state[:, 0]

    @property
    def drive(self) -> np.ndarray:
        return self.state[:, 1]

    def update(self, site_rate: np.ndarray, dt_s: float) -> None:
        """Follow each site's pump rate for ``dt_s`` seconds of play."""
        drive_pumps(self.state, self.pump_site, np.asarray(site_rate, np.float64), self.lag_s,
                    self.speed, float(self.turns_per_s), float(dt_s))  # fmt: skip


def _box(lo, hi, tint: float):
    """Vertices (24, 7: x y z nx ny nz tint) and triangles (12, 3) of an axis-aligned box."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    rows, tris = [], []
    for axis in range(3):
        for sign in (-1.0, 1.0):
            normal = np.zeros(3)
            normal[axis] = sign
            u, v = [a for a in range(3) if a != axis]
            base = len(rows)
            for cu, cv in ((0, 0), (1, 0), (1, 1), (0, 1)):
                p = np.where(normal > 0, hi, lo).astype(float)
                p[u] = hi[u] if cu else lo[u]
                p[v] = hi[v] if cv else lo[v]
                rows.append([*p, *normal, tint])
            tris += [[base, base + 1, base + 2], [base, base + 2, base + 3]]
    return np.array(rows), np.array(tris)


def rotor_mesh() -> tuple[np.ndarray, np.ndarray]:
    """The pump's shape in its own frame (z = the membrane normal, outward; unit ~ size):
    vertex rows (x y z nx ny nz tint) float32 and triangle indices uint32."""
    parts = []
    # A barrel through the membrane: an octagonal prism with its two caps.
    n_side, radius, half_height = 8, 0.42, 0.5
    angles = 2 * np.pi * np.arange(n_side + 1) / n_side
    for k in range(n_side):
        a0, a1 = angles[k], angles[k + 1]
        am = 0.5 * (a0 + a1)
        normal = [np.cos(am), np.sin(am), 0.0]
        quad = [
            [radius * np.cos(a0), radius * np.sin(a0), -half_height],
            [radius * np.cos(a1), radius * np.sin(a1), -half_height],
            [radius * np.cos(a1), radius * np.sin(a1), half_height],
            [radius * np.cos(a0), radius * np.sin(a0), half_height],
        ]
        rows = np.array([[*p, *normal, 0.0] for p in quad])
        parts.append((rows, np.array([[0, 1, 2], [0, 2, 3]])))
    for z in (-half_height, half_height):
        rim = [[radius * np.cos(a), radius * np.sin(a), z, 0.0, 0.0, np.sign(z), 0.0]
               for a in angles[:-1]]  # fmt: skip
        fan = [[0, i, i + 1] if z > 0 else [0, i + 1, i] for i in range(1, n_side - 1)]
        parts.append((np.array(rim), np.array(fan)))
    # Lobes: three outside the membrane (one pale, to see it turn), two inside.
    for angle, z0, z1, tint in [
        (0.0, 0.25, 0.7, 1.0), (2.1, 0.25, 0.7, 0.0), (4.2, 0.25, 0.7, 0.0),
        (1.0, -0.7, -0.25, 0.0), (4.1, -0.7, -0.25, 0.0),
    ]:  # fmt: skip
        rows, tris = _box([0.2, -0.19, z0], [0.9, 0.19, z1], tint)
        c, s = np.cos(angle), np.sin(angle)
        turn = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
        rows[:, 0:3] = rows[:, 0:3] @ turn.T
        rows[:, 3:6] = rows[:, 3:6] @ turn.T
        parts.append((rows, tris))
    vertices, indices, offset = [], [], 0
    for rows, tris in parts:
        vertices.append(rows)
        indices.append(tris + offset)
        offset += len(rows)
    return np.concatenate(vertices).astype(np.float32), np.concatenate(indices).astype(np.uint32)


def rotor_format() -> GeomVertexFormat:
    shape = GeomVertexArrayFormat()
    shape.add_column(InternalName.get_vertex(), 3, GeomEnums.NT_float32, GeomEnums.C_point)
    shape.add_column(InternalName.get_normal(), 3, GeomEnums.NT_float32, GeomEnums.C_normal)
    shape.add_column(InternalName.make("rotor_tint"), 1, GeomEnums.NT_float32, GeomEnums.C_other)
    placement = GeomVertexArrayFormat()
    f32 = GeomEnums.NT_float32
    placement.add_column(InternalName.make("pump_pos"), 3, f32, GeomEnums.C_point)
    placement.add_column(InternalName.make("pump_axis"), 3, f32, GeomEnums.C_vector)
    placement.set_divisor(1)
    state = GeomVertexArrayFormat()
    state.add_column(InternalName.make("pump_state"), 2, GeomEnums.NT_float32, GeomEnums.C_other)
    state.set_divisor(1)
    fmt = GeomVertexFormat()
    for array in (shape, placement, state):
        fmt.add_array(array)
    return GeomVertexFormat.register_format(fmt)


def pump_placements(field: IonField) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """World position and outward normal of every pump, and its site: (P, 3), (P, 3), (P,)."""
    sites = field.sites
    n_sites, per_site = field.pump_angle.shape
    site = np.repeat(np.arange(n_sites), per_site)
    angle = field.pump_angle.reshape(-1)
    normal = np.cos(angle)[:, None] * field.e1[site] + np.sin(angle)[:, None] * field.e2[site]
    position = (
        sites.positions_um[site]
        + sites.radii_um[site][:, None] * normal
        + field.pump_w_um.reshape(-1)[:, None] * sites.axes[site]
    )
    return position, normal, site


class PumpRotors:
    """The pumps of ``field``'s sites under ``parent``; ``update(site_rate, dt_s)`` each frame."""

    def __init__(
        self, field: IonField, parent: NodePath, *, size_um: float | None = None, seed: int = 5
    ) -> None:
        position, normal, site = pump_placements(field)
        self.n_pumps = len(site)
        initial = np.ones(field.sites.n_sites)
        self.drive = PumpDrive(site, seed=seed, initial_rate=initial)
        size = size_um if size_um is not None else 0.28 * float(np.median(field.sites.radii_um))
        vertices, indices = rotor_mesh()
        vdata = GeomVertexData("pumps", rotor_format(), GeomEnums.UH_dynamic)
        vdata.unclean_set_num_rows(len(vertices))
        memoryview(vdata.modify_array(0)).cast("B")[:] = vertices.view(np.uint8).reshape(-1)
        placement = np.hstack([position, normal]).astype(np.float32)
        self._placement = placement
        self._pump_site = site
        self._site_scale = np.ones(field.sites.n_sites)
        for array, rows in ((1, placement), (2, self.drive.state)):
            handle = vdata.modify_array(array)
            handle.unclean_set_num_rows(self.n_pumps)
            memoryview(handle).cast("B")[:] = rows.view(np.uint8).reshape(-1)
        self._vdata = vdata
        tris = GeomTriangles(GeomEnums.UH_static)
        tris.set_index_type(GeomEnums.NT_uint32)
        handle = tris.modify_vertices()
        handle.unclean_set_num_rows(indices.size)
        memoryview(handle).cast("B")[:] = indices.view(np.uint8).reshape(-1)
        geom = Geom(vdata)
        geom.add_primitive(tris)
        lo = position.min(axis=0) - 2.0 * size
        hi = position.max(axis=0) + 2.0 * size
        bounds = BoundingBox(Point3(*lo), Point3(*hi))
        geom.set_bounds(bounds)
        node = GeomNode("pumps")
        node.add_geom(geom)
        node.set_bounds(bounds)
        node.set_final(True)
        self.root = parent.attach_new_node(node)
        self.root.set_instance_count(self.n_pumps)
        self.root.set_shader(load_shader("pump_rotor"))
        self.root.set_shader_input("pump_size_um", float(size))
        self.root.set_shader_input("pump_colour", PUMP_COLOUR)
        self.size_um = size
        self.positions_um, self.normals = position, normal

    def set_site_scale(self, site_scale: np.ndarray) -> None:
        """Move the pumps with the compressed nerve's narrowing: x and z of each pump times
        its site's scale (uploaded only when it changed)."""
        if np.array_equal(site_scale, self._site_scale):
            return
        self._site_scale[:] = site_scale
        placement = self._placement.copy()
        scale = self._site_scale[self._pump_site].astype(np.float32)
        placement[:, 0] *= scale
        placement[:, 2] *= scale
        memoryview(self._vdata.modify_array(1)).cast("B")[:] = placement.view(np.uint8).reshape(-1)

    def update(self, site_rate: np.ndarray, dt_s: float) -> None:
        """Advance the turnover from the sites' pump rates and upload (phase, drive)."""
        self.drive.update(site_rate, dt_s)
        state = self.drive.state.view(np.uint8).reshape(-1)
        memoryview(self._vdata.modify_array(2)).cast("B")[:] = state

    def cleanup(self) -> None:
        self.root.remove_node()
