"""Where everything in the nerve world is drawn: fascicles, fibres, nodes, Remak bundles, vessels.

Pure numpy (no Panda3D), deterministic (fixed seed), so the anatomy can be tested without a
window. The segment is a stretch of the common peroneal nerve at the fibular head: the
epineurium (outer sheath) holding 2-4 fascicles, each wrapped in perineurium and packed with
myelinated A fibres (alpha, beta, delta) and C fibres in Remak bundles, each fibre in its
endoneurium; the vasa nervorum run along the epineurium and into the fascicles (Sunderland,
*Nerves and Nerve Injuries*, 1978; Lundborg 1988 for the vasa nervorum).

World units are "drawn units" (du) along +Y, the nerve's axis, y = 0 at the distal end. Life
sizes span 1000x (a 3 mm nerve, 1 um C axons), so sizes are drawn on a compressed scale that
keeps their order: fibre radius = ``FIBRE_RADIUS_DU_BASE + FIBRE_RADIUS_DU_PER_UM * diameter``,
internodes a fixed number of drawn radii long (life: about 100 fibre diameters).
"""

import math
from dataclasses import dataclass, field

import numpy as np

#: Drawn fibre radius from life diameter (du, du per um): A-alpha 16 um -> 2.4 du, C 1 um -> 0.7.
FIBRE_RADIUS_DU_BASE = 0.6
FIBRE_RADIUS_DU_PER_UM = 0.11
#: Internode length in drawn fibre radii (life: ~100 diameters; drawn shorter to show nodes).
INTERNODE_RADII = 13.0
#: Class order of the snapshot (game.sim.snapshot.NerveSnapshot.classes).
CLASS_NAMES = ("A-alpha", "A-beta", "A-delta", "C")
#: Representative diameters (levels/science/fibre_classes.toml), um.
CLASS_DIAMETER_UM = (16.0, 9.0, 3.0, 1.0)


def fibre_radius_du(diameter_um: float) -> float:
    return FIBRE_RADIUS_DU_BASE + FIBRE_RADIUS_DU_PER_UM * diameter_um


@dataclass(frozen=True)
class LayoutSettings:
    length_du: float = 480.0
    #: Inner radius of the epineurium (the world's outer wall).
    nerve_radius_du: float = 64.0
    n_fascicles: int = 3
    fascicle_radius_du: float = 19.0
    #: Distance of the fascicles' centres from the nerve's axis: leaves a channel of
    #: epineurial tissue along the axis for the visitor (and the largest vessels).
    fascicle_offset_du: float = 36.0
    #: Fibres per fascicle: A-alpha, A-beta, A-delta, and Remak bundles of C axons.
    fibres_per_fascicle: tuple[int, int, int, int] = (4, 7, 9, 4)
    c_axons_per_bundle: int = 6
    #: Blood cells in all vessels together.
    n_blood_cells: int = 1500
    #: Centre and half-width of the compressed segment, as fractions of the length
    #: (used until a snapshot gives per-site pressure weights).
    compression_centre: float = 0.5
    compression_half_width: float = 0.15
    seed: int = 11


@dataclass
class Fibre:
    """One drawn fibre (or one C axon) running the length of the nerve."""

    class_index: int
    x_du: float
    z_du: float
    radius_du: float
    #: Drawn node centres along y (myelinated), or drawn sample sites (C: continuous cable).
    node_y_du: np.ndarray
    #: Offset in sites added to each node's site index: the bundle does not fire in unison.
    site_offset: int
    fascicle: int
    myelinated: bool


@dataclass
class Vessel:
    """A vessel of the vasa nervorum: a polyline (k, 3) and its lumen radius."""

    points_du: np.ndarray
    radius_du: float
    kind: str  # "epineurial", "perineurial", "endoneurial", "feeding"


@dataclass
class NerveLayout:
    settings: LayoutSettings
    fascicle_centres_du: np.ndarray  # (n, 2): x, z
    fascicle_radii_du: np.ndarray
    fibres: list[Fibre] = field(default_factory=list)
    #: Remak bundles: (x, z, sleeve radius, fascicle).
    remak_bundles: list[tuple[float, float, float, int]] = field(default_factory=list)
    vessels: list[Vessel] = field(default_factory=list)

    @property
    def length_du(self) -> float:
        return self.settings.length_du

    @property
    def nerve_radius_du(self) -> float:
        return self.settings.nerve_radius_du


def _pack_circles(
    rng: np.random.Generator, radii: list[float], container_du: float, gap_du: float
) -> np.ndarray:
    """Centres (n, 2) for circles of ``radii`` inside a circle of ``container_du``, biggest
    first, by dart throwing (a few hundred circles at load: the loop is over fibres, not
    vertices)."""
    order = np.argsort(radii)[::-1]
    placed = np.zeros((len(radii), 2))
    done_xy, done_r = [], []
    for i in order:
        r = radii[i]
        limit = container_du - r - gap_du
        best = None
        for _ in range(400):
            a = rng.uniform(0, 2 * math.pi)
            d = limit * math.sqrt(rng.uniform(0, 1))
            p = np.array([d * math.cos(a), d * math.sin(a)])
            if not done_xy:
                best = p
                break
            dist = np.linalg.norm(np.array(done_xy) - p, axis=1) - np.array(done_r) - r
            if dist.min() > gap_du:
                best = p
                break
        if best is None:  # crowded: accept the last try (overlaps hidden among others)
            best = p
        placed[i] = best
        done_xy.append(best)
        done_r.append(r)
    return placed


def node_positions_du(length_du: float, internode_du: float, phase: float) -> np.ndarray:
    """Node centres every ``internode_du`` along the length, shifted by ``phase`` (0..1)."""
    first = phase * internode_du
    return np.arange(first, length_du, internode_du)


def _vessel_path(rng, start_xz, length_du, wander_du, n=40) -> np.ndarray:
    y = np.linspace(-0.02 * length_du, 1.02 * length_du, n)
    phase = rng.uniform(0, 2 * math.pi, 2)
    freq = rng.uniform(1.0, 2.5, 2) * 2 * math.pi / length_du
    x = start_xz[0] + wander_du * np.sin(freq[0] * y + phase[0])
    z = start_xz[1] + wander_du * np.sin(freq[1] * y + phase[1])
    return np.stack([x, y, z], axis=1)


def build_layout(settings: LayoutSettings | None = None) -> NerveLayout:
    """The whole nerve segment's drawn layout (well under a second)."""
    s = settings or LayoutSettings()
    if not 2 <= s.n_fascicles <= 4:
        raise ValueError(f"n_fascicles must be 2 to 4, got {s.n_fascicles}")
    rng = np.random.default_rng(s.seed)
    angles = np.linspace(0, 2 * math.pi, s.n_fascicles, endpoint=False) + 0.3
    centres = s.fascicle_offset_du * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    radii = s.fascicle_radius_du * rng.uniform(0.88, 1.08, s.n_fascicles)
    layout = NerveLayout(s, centres, radii)

    for f, (centre, fr) in enumerate(zip(centres, radii)):
        kinds, rads = [], []
        for cls, count in enumerate(s.fibres_per_fascicle):
            for _ in range(count):
                kinds.append(cls)
                if cls == 3:  # a Remak bundle's Schwann-cell sleeve
                    rads.append(fibre_radius_du(CLASS_DIAMETER_UM[3]) * 2.2)
                else:
                    d = CLASS_DIAMETER_UM[cls] * rng.uniform(0.85, 1.15)
                    rads.append(fibre_radius_du(d))
        # Endoneurium adds a thin coat around each fibre: leave room for it.
        xy = _pack_circles(rng, [r * 1.25 for r in rads], fr * 0.96, 0.15)
        for cls, r, (x, z) in zip(kinds, rads, xy):
            x, z = x + centre[0], z + centre[1]
            if cls == 3:
                layout.remak_bundles.append((x, z, r, f))
                n_ax = s.c_axons_per_bundle
                ax_r = fibre_radius_du(CLASS_DIAMETER_UM[3]) * 0.36
                a0 = rng.uniform(0, 2 * math.pi)
                for k in range(n_ax):
                    a = a0 + 2 * math.pi * k / n_ax
                    rr = 0.55 * r if k else 0.0
                    sites = np.arange(0.0, s.length_du + 1e-6, 6.0)
                    layout.fibres.append(
                        Fibre(3, x + rr * math.cos(a), z + rr * math.sin(a), ax_r, sites,
                              int(rng.integers(-3, 4)), f, False)
                    )  # fmt: skip
            else:
                nodes = node_positions_du(s.length_du, INTERNODE_RADII * r, rng.uniform())
                layout.fibres.append(Fibre(cls, x, z, r, nodes, int(rng.integers(-2, 3)), f, True))

    # Vasa nervorum: longitudinal epineurial arteries and veins near the axis and the
    # outer wall, perineurial ones on each fascicle's surface, endoneurial capillaries inside.
    for k in range(3):
        a = 2 * math.pi * k / 3 + 1.3
        layout.vessels.append(
            Vessel(_vessel_path(rng, (11.0 * math.cos(a), 11.0 * math.sin(a)), s.length_du, 1.2),
                   1.2, "epineurial")
        )  # fmt: skip
    for k in range(5):
        a = 2 * math.pi * k / 5 + 0.6
        d = s.nerve_radius_du - 7.0
        layout.vessels.append(
            Vessel(_vessel_path(rng, (d * math.cos(a), d * math.sin(a)), s.length_du, 2.0),
                   1.6, "epineurial")
        )  # fmt: skip
    for centre, fr in zip(centres, radii):
        toward_axis = math.atan2(-centre[1], -centre[0])
        for da in (-0.5, 0.5):
            a = toward_axis + da
            p = (centre[0] + (fr + 1.5) * math.cos(a), centre[1] + (fr + 1.5) * math.sin(a))
            layout.vessels.append(
                Vessel(_vessel_path(rng, p, s.length_du, 0.6), 1.0, "perineurial")
            )
        for _ in range(2):
            a, d = rng.uniform(0, 2 * math.pi), fr * 0.5 * rng.uniform(0.3, 1.0)
            p = (centre[0] + d * math.cos(a), centre[1] + d * math.sin(a))
            layout.vessels.append(
                Vessel(_vessel_path(rng, p, s.length_du, 1.0), 0.6, "endoneurial")
            )
    # Feeding arterioles entering from the mesoneurium through the epineurium, between two
    # fascicles, down to the central channel, then along it (the segmental supply of the
    # vasa nervorum).
    gap_angles = angles + math.pi / s.n_fascicles
    for k in range(4):
        a = gap_angles[k % s.n_fascicles] + 0.15 * (k // s.n_fascicles)
        out_dir = np.array([math.cos(a), math.sin(a)])
        y0 = s.length_du * (0.15 + 0.22 * k)
        t = np.linspace(0.0, 1.0, 16)
        r = s.nerve_radius_du + 14.0 - t * (s.nerve_radius_du + 14.0 - 13.0)
        head = np.column_stack([r * out_dir[0], y0 + 8.0 * t**2, r * out_dir[1]])
        along = np.linspace(y0 + 11.0, y0 + 80.0, 12)
        tail = np.column_stack(
            [np.full(12, 13.0 * out_dir[0]), along, np.full(12, 13.0 * out_dir[1])]
        )
        layout.vessels.append(Vessel(np.concatenate([head, tail]), 0.9, "feeding"))
    return layout


def site_index_of(y_du: np.ndarray, length_du: float, n_sites: int) -> np.ndarray:
    """The snapshot site a drawn position reads: the nerve's length maps onto the sites."""
    u = np.clip(np.asarray(y_du, dtype=np.float64) / length_du, 0.0, 1.0)
    return np.rint(u * (n_sites - 1)).astype(np.int64)
