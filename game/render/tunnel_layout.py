"""Where the inside of a myelinated fibre is drawn: node centres, wall radius, axial squeeze.

Pure numpy (no Panda3D), so the shape can be tested without a window. World units are
micrometres; the fibre's axis is +Y (Panda3D's forward) and node 0, the distal end where the
pacemaker fires, sits at y = 0. Radii follow the MRG geometry (McIntyre, Richardson & Grill
2002): the axon narrows to the node diameter (about half the axon's) at each node of Ranvier
and along its two MYSA paranodes, then widens again through the FLUT into the internode.
Internodes (about 100 fibre diameters long) are drawn ``axial_compression`` times shorter
than life so that several nodes are in view at once; nodes and paranodes keep life size.
"""

from dataclasses import dataclass

import numpy as np

#: Internodes drawn this many times shorter than life: a 10 µm fibre's 1.09 mm internode
#: becomes 18 µm, under three axon diameters, so several nodes' rings are in view at once.
AXIAL_COMPRESSION = 60.0


@dataclass(frozen=True)
class TunnelLayout:
    """The drawn shape of one fibre's axon, in drawn micrometres along +Y."""

    #: Drawn centre of each node of Ranvier along the axis.
    node_y_um: np.ndarray
    axon_radius_um: float
    node_radius_um: float
    #: Half the node gap (bare axolemma, where the Na+ channels are): the glowing ring.
    node_half_length_um: float
    #: Half the narrow neck: the node plus one MYSA paranode on each side, life size.
    neck_half_length_um: float
    #: Length over which the FLUT widens from the neck to the full axon radius (drawn).
    taper_length_um: float
    axial_compression: float

    @property
    def n_nodes(self) -> int:
        return len(self.node_y_um)

    @property
    def internode_length_um(self) -> float:
        """Mean drawn distance between node centres."""
        if self.n_nodes < 2:
            return 4.0 * self.axon_radius_um
        return float((self.node_y_um[-1] - self.node_y_um[0]) / (self.n_nodes - 1))

    @property
    def start_y_um(self) -> float:
        """The tunnel starts half an internode before node 0 ..."""
        return float(self.node_y_um[0] - 0.5 * self.internode_length_um)

    @property
    def end_y_um(self) -> float:
        """... and ends half an internode after the last node."""
        return float(self.node_y_um[-1] + 0.5 * self.internode_length_um)


def layout_for_fiber(
    geometry, node_x_um: np.ndarray, *, axial_compression: float = AXIAL_COMPRESSION
):
    """The drawn layout of a fibre from its MRG ``geometry`` and node positions (µm)."""
    node_x_um = np.asarray(node_x_um, dtype=np.float64)
    node_y_um = (node_x_um - node_x_um[0]) / axial_compression
    axon_radius_um = 0.5 * geometry.axon_diameter_um
    node_radius_um = 0.5 * geometry.node_diameter_um
    neck_half_length_um = 0.5 * geometry.node_length_um + geometry.mysa_length_um
    # The FLUT (tens of µm in life) would be a cliff once squeezed; draw its widening over
    # about two thirds of an axon radius so the neck reads as a smooth funnel.
    taper_length_um = min(geometry.flut_length_um, 0.65 * axon_radius_um)
    return TunnelLayout(
        node_y_um=node_y_um,
        axon_radius_um=axon_radius_um,
        node_radius_um=node_radius_um,
        node_half_length_um=0.5 * geometry.node_length_um,
        neck_half_length_um=neck_half_length_um,
        taper_length_um=taper_length_um,
        axial_compression=axial_compression,
    )


def node_coordinate(layout: TunnelLayout, y_um: np.ndarray) -> np.ndarray:
    """A continuous node index along the axis: ``i`` at node i's centre, linear between."""
    y_um = np.asarray(y_um, dtype=np.float64)
    index = np.arange(layout.n_nodes, dtype=np.float64)
    u = np.interp(y_um, layout.node_y_um, index)
    # Beyond the end nodes, carry on at the mean spacing (np.interp would clamp).
    spacing = layout.internode_length_um
    u = np.where(y_um < layout.node_y_um[0], (y_um - layout.node_y_um[0]) / spacing, u)
    u = np.where(
        y_um > layout.node_y_um[-1],
        layout.n_nodes - 1 + (y_um - layout.node_y_um[-1]) / spacing,
        u,
    )
    return u


def distance_to_nearest_node_um(layout: TunnelLayout, y_um: np.ndarray) -> np.ndarray:
    """Unsigned drawn distance from ``y_um`` to the nearest node centre."""
    y_um = np.asarray(y_um, dtype=np.float64)
    right = np.clip(np.searchsorted(layout.node_y_um, y_um), 0, layout.n_nodes - 1)
    left = np.clip(right - 1, 0, layout.n_nodes - 1)
    return np.minimum(np.abs(y_um - layout.node_y_um[left]), np.abs(y_um - layout.node_y_um[right]))


def wall_radius_um(layout: TunnelLayout, y_um: np.ndarray) -> np.ndarray:
    """Radius of the axon wall at ``y_um``: the node radius in the neck, the axon radius between."""
    d = distance_to_nearest_node_um(layout, y_um)
    past_neck = np.clip((d - layout.neck_half_length_um) / layout.taper_length_um, 0.0, 1.0)
    widen = past_neck * past_neck * (3.0 - 2.0 * past_neck)  # smoothstep: no crease
    # The neck bulges very slightly toward the paranodes, as in electron micrographs.
    neck = layout.node_radius_um * (
        1.0 + 0.08 * np.minimum(d / layout.neck_half_length_um, 1.0) ** 2
    )
    return neck + (layout.axon_radius_um - neck) * widen


def ring_positions_um(
    layout: TunnelLayout, *, internode_step_um: float = 3.0, taper_rings: int = 6
) -> np.ndarray:
    """Axial positions of the mesh's rings: dense where the wall bends, sparse in internodes.

    Every node centre and every midpoint between nodes gets a ring, so the per-vertex node
    coordinate and distance (piecewise linear with kinks there) interpolate exactly.
    """
    h = layout.node_half_length_um
    neck = layout.neck_half_length_um
    taper = np.linspace(0.0, 1.0, taper_rings + 1)[1:] * layout.taper_length_um + neck
    offsets = np.concatenate([[0.0, h, 0.5 * (h + neck), neck], taper])
    offsets = np.concatenate([-offsets, offsets])
    shaped = np.concatenate(
        [
            (layout.node_y_um[:, None] + offsets[None, :]).ravel(),
            0.5 * (layout.node_y_um[1:] + layout.node_y_um[:-1]),  # midpoints between nodes
        ]
    )
    shaped = np.unique(shaped)
    count = max(2, int(np.ceil((layout.end_y_um - layout.start_y_um) / internode_step_um)) + 1)
    even = np.linspace(layout.start_y_um, layout.end_y_um, count)
    # Drop evenly spaced rings that would crowd a shaped one (a sliver of triangles).
    nearest = np.searchsorted(shaped, even)
    gap = np.minimum(
        np.abs(even - shaped[np.clip(nearest, 0, len(shaped) - 1)]),
        np.abs(even - shaped[np.clip(nearest - 1, 0, len(shaped) - 1)]),
    )
    y = np.concatenate([shaped, even[gap > 0.25 * internode_step_um], even[[0, -1]]])
    y = y[(y >= layout.start_y_um) & (y <= layout.end_y_um)]
    return np.unique(y)
