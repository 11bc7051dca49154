"""Membrane sites (nodes of Ranvier) that the ions and pumps gather around, and what the
simulation says about each of them this frame.

A site is a short stretch of axon membrane: a centre, an axis along the fibre and a radius.
The anatomy scene (game/render/nerve_world) provides them; this module only checks them and
builds each site's orthonormal frame. ``SiteReadings`` gathers, for every site, its class's
snapshot values (``game.sim.snapshot.NerveSnapshot``) with one fancy-indexing operation per
fibre class: no Python loop over sites or particles.

Lengths are in the scene's units, called um here: the anatomy scene's drawn units work as
well, with ``IonFieldSettings.for_site_radius`` scaling the motion to the sites' size.

Pure numpy (no Panda3D), so the particle kernels and their tests can use it headless.
"""

from dataclasses import dataclass

import numpy as np

from game.sim.ions import K_IN_MM, K_OUT_MM, NA_IN_MM, NA_OUT_MM


@dataclass(frozen=True)
class IonSites:
    """N membrane sites: ``positions_um`` (N, 3), ``axes`` (N, 3), ``radii_um`` (N,),
    ``half_lengths_um`` (N,) (how far along the axis each site's ion cloud reaches), and for
    each site the (class index, site index) it reads in the ``NerveSnapshot``."""

    positions_um: np.ndarray
    axes: np.ndarray
    radii_um: np.ndarray
    half_lengths_um: np.ndarray
    class_index: np.ndarray
    snapshot_site: np.ndarray

    @property
    def n_sites(self) -> int:
        return len(self.radii_um)


def make_sites(
    *,
    positions_um,
    axes,
    radii_um,
    half_lengths_um=None,
    class_index=None,
    snapshot_site=None,
) -> IonSites:
    """Check and convert the site arrays once; raises ValueError naming the bad argument.

    ``half_lengths_um`` defaults to twice each radius; ``class_index`` to 0 and
    ``snapshot_site`` to 0, 1, 2, ... (site k reads site k of the first class).
    """
    positions = np.ascontiguousarray(positions_um, dtype=np.float64)
    if positions.ndim != 2 or positions.shape[1] != 3 or len(positions) == 0:
        raise ValueError(f"positions_um: expected an (N, 3) array, N >= 1, got {positions.shape}")
    n = len(positions)
    axes_arr = np.ascontiguousarray(axes, dtype=np.float64)
    if axes_arr.shape != (n, 3):
        raise ValueError(f"axes: expected shape ({n}, 3), got {axes_arr.shape}")
    lengths = np.linalg.norm(axes_arr, axis=1)
    if not np.all(lengths > 1e-9):
        raise ValueError("axes: expected non-zero direction vectors")
    radii = _per_site("radii_um", radii_um, n)
    if half_lengths_um is None:
        half_lengths_um = 2.0 * radii
    half = _per_site("half_lengths_um", half_lengths_um, n)
    cls = np.zeros(n, np.int64) if class_index is None else np.asarray(class_index, np.int64)
    if snapshot_site is None:
        snapshot_site = np.arange(n)
    site = np.asarray(snapshot_site, np.int64)
    for name, arr in (("class_index", cls), ("snapshot_site", site)):
        if arr.shape != (n,) or np.any(arr < 0):
            raise ValueError(f"{name}: expected {n} non-negative integers, got {arr!r}")
    return IonSites(
        positions_um=positions,
        axes=axes_arr / lengths[:, None],
        radii_um=radii,
        half_lengths_um=half,
        class_index=cls,
        snapshot_site=site,
    )


def _per_site(name: str, values, n: int) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(values, dtype=np.float64), (n,)).copy()
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0.0):
        raise ValueError(f"{name}: expected {n} positive finite numbers, got {arr!r}")
    return arr


def straight_fibre_sites(
    n_sites: int, *, spacing_um: float = 12.0, radius_um: float = 3.0, half_length_um=None
) -> IonSites:
    """``n_sites`` nodes along +y, spaced ``spacing_um`` apart (for demos and tests)."""
    positions = np.zeros((n_sites, 3))
    positions[:, 1] = np.arange(n_sites) * spacing_um
    axes = np.tile([0.0, 1.0, 0.0], (n_sites, 1))
    return make_sites(
        positions_um=positions, axes=axes, radii_um=radius_um, half_lengths_um=half_length_um
    )


#: The order of ``NerveSnapshot.classes`` (game/sim/snapshot.py).
SNAPSHOT_CLASS_ORDER = ("A-alpha", "A-beta", "A-delta", "C")


def sites_from_node_sites(
    node_sites, *, half_length_factor: float = 2.0, class_order=SNAPSHOT_CLASS_ORDER
) -> IonSites:
    """``IonSites`` from the anatomy scene's ``NodeSites`` (game/render/nerve_world: fields
    ``position_du``, ``axis``, ``radius_du``, ``class_name``, ``site_index``), read by
    attribute so that this package does not depend on the scene. Each cloud reaches
    ``half_length_factor`` radii along the fibre either side of its node."""
    names = list(node_sites.class_name)
    unknown = sorted(set(names) - set(class_order))
    if unknown:
        raise ValueError(f"class_name: expected one of {', '.join(class_order)}, got {unknown}")
    radii = np.asarray(node_sites.radius_du, np.float64)
    return make_sites(
        positions_um=node_sites.position_du,
        axes=node_sites.axis,
        radii_um=radii,
        half_lengths_um=half_length_factor * radii,
        class_index=[class_order.index(n) for n in names],
        snapshot_site=node_sites.site_index,
    )


def site_frames(axes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors per site, perpendicular to its axis and to each other (e1, e2)."""
    # Cross with whichever world axis is least parallel, so the frame never degenerates.
    helper = np.zeros_like(axes)
    helper[np.arange(len(axes)), np.argmin(np.abs(axes), axis=1)] = 1.0
    e1 = np.cross(axes, helper)
    e1 /= np.linalg.norm(e1, axis=1)[:, None]
    e2 = np.cross(axes, e1)
    return e1, e2


@dataclass
class SiteReadings:
    """Per-site values for this frame (float64, one entry per site)."""

    v_mV: np.ndarray
    i_na_in_nA: np.ndarray
    i_k_out_nA: np.ndarray
    na_in_mM: np.ndarray
    k_out_mM: np.ndarray
    pump_rate: np.ndarray
    #: [K+]i when the snapshot publishes it (a ``k_in_mM`` site array); None: estimated
    #: from [Na+]i (see ``inside_fractions``).
    k_in_mM: np.ndarray | None = None

    @classmethod
    def resting(cls, n_sites: int) -> "SiteReadings":
        """A healthy resting membrane: no currents, baseline concentrations, pumps at 1."""
        full = lambda value: np.full(n_sites, value, dtype=np.float64)  # noqa: E731
        return cls(
            v_mV=full(-80.0),
            i_na_in_nA=full(0.0),
            i_k_out_nA=full(0.0),
            na_in_mM=full(NA_IN_MM),
            k_out_mM=full(K_OUT_MM),
            pump_rate=full(1.0),
        )

    def gather(self, snapshot, sites: IonSites) -> None:
        """Fill in place from a ``NerveSnapshot``: one indexing operation per fibre class
        and value; which sites read which class is worked out once per ``sites``."""
        plan = self.__dict__.get("_plan")
        if plan is None or plan[0] is not sites or plan[1] != len(snapshot.classes):
            groups = []
            for c in range(len(snapshot.classes)):
                rows = np.flatnonzero(sites.class_index == c)
                if len(rows):
                    groups.append((c, rows, sites.snapshot_site[rows]))
            plan = self.__dict__["_plan"] = (sites, len(snapshot.classes), groups)
        for c, rows, site in plan[2]:
            cls_snap = snapshot.classes[c]
            idx = np.minimum(site, cls_snap.n_sites - 1)
            self.v_mV[rows] = cls_snap.v_mV[idx]
            self.i_na_in_nA[rows] = cls_snap.i_na_in_nA[idx]
            self.i_k_out_nA[rows] = cls_snap.i_k_out_nA[idx]
            self.na_in_mM[rows] = cls_snap.na_in_mM[idx]
            self.k_out_mM[rows] = cls_snap.k_out_mM[idx]
            self.pump_rate[rows] = cls_snap.pump_rate[idx]
            k_in = getattr(cls_snap, "k_in_mM", None)
            if k_in is not None:
                if self.k_in_mM is None:
                    self.k_in_mM = K_IN_MM + NA_IN_MM - self.na_in_mM
                self.k_in_mM[rows] = k_in[idx]


def inside_fractions(
    na_in_mM: np.ndarray, k_out_mM: np.ndarray, k_in_mM: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Fraction of each species' particles that belong inside the membrane, per site.

    Each site's cloud has equal volumes inside and outside the membrane, so particle
    density follows concentration: inside fraction = c_in / (c_in + c_out). [Na+]o is held
    at 140 mM (the bath). Without a published [K+]i, it is taken to fall by as much as
    [Na+]i rises (an electroneutral exchange: the approximation is ours).
    """
    na_in = np.clip(na_in_mM, 0.0, None)
    if k_in_mM is None:
        k_in_mM = K_IN_MM + NA_IN_MM - na_in
    k_in = np.clip(k_in_mM, 1.0, None)
    k_out = np.clip(k_out_mM, 0.0, None)
    return na_in / (na_in + NA_OUT_MM), k_in / (k_in + k_out)
