"""The drawn fibre follows the MRG geometry: narrow at each node, full axon width between."""

import numpy as np
import pytest

from game.render.tunnel_layout import (
    AXIAL_COMPRESSION,
    distance_to_nearest_node_um,
    layout_for_fiber,
    node_coordinate,
    ring_positions_um,
    wall_radius_um,
)
from game.render.tunnel_mesh import SEGMENTS_AROUND, ring_strip_indices, wall_vertices
from game.sim.fiber_geometry import mrg_geometry


@pytest.fixture(scope="module")
def layout():
    geometry = mrg_geometry(diameter_um=10.0)
    node_x_um = np.arange(30) * geometry.node_spacing_um
    return layout_for_fiber(geometry, node_x_um)


def test_wall_is_the_node_diameter_at_nodes_and_the_axon_diameter_between(layout):
    geometry = mrg_geometry(diameter_um=10.0)
    at_nodes = wall_radius_um(layout, layout.node_y_um)
    midpoints = 0.5 * (layout.node_y_um[1:] + layout.node_y_um[:-1])
    between = wall_radius_um(layout, midpoints)
    np.testing.assert_allclose(2 * at_nodes, geometry.node_diameter_um)
    np.testing.assert_allclose(2 * between, geometry.axon_diameter_um)
    # The node is about half the axon's width (MRG: 3.3 of 7.0 um at 10 um).
    assert 0.4 < geometry.node_diameter_um / geometry.axon_diameter_um < 0.6


def test_internodes_are_drawn_shorter_by_the_stated_factor(layout):
    geometry = mrg_geometry(diameter_um=10.0)
    spacing = np.diff(layout.node_y_um)
    np.testing.assert_allclose(spacing, geometry.node_spacing_um / AXIAL_COMPRESSION)
    # ... while the node and its paranodes keep life size.
    assert layout.node_half_length_um == pytest.approx(0.5 * geometry.node_length_um)
    assert layout.neck_half_length_um == pytest.approx(
        0.5 * geometry.node_length_um + geometry.mysa_length_um
    )


def test_wall_radius_never_leaves_the_node_to_axon_range(layout):
    y = np.linspace(layout.start_y_um, layout.end_y_um, 5000)
    r = wall_radius_um(layout, y)
    assert r.min() >= layout.node_radius_um - 1e-9
    assert r.max() <= layout.axon_radius_um + 1e-9


def test_node_coordinate_is_the_node_index_at_each_node(layout):
    np.testing.assert_allclose(node_coordinate(layout, layout.node_y_um), np.arange(30))
    np.testing.assert_allclose(distance_to_nearest_node_um(layout, layout.node_y_um), 0.0)


def test_mesh_has_a_ring_at_every_node_and_midpoint(layout):
    rings = ring_positions_um(layout)
    midpoints = 0.5 * (layout.node_y_um[1:] + layout.node_y_um[:-1])
    for y in np.concatenate([layout.node_y_um, midpoints]):
        assert np.min(np.abs(rings - y)) < 1e-9
    assert np.all(np.diff(rings) > 0)


def test_wall_normals_point_inward_and_triangles_index_the_rings(layout):
    rings = ring_positions_um(layout)[:40]
    vertices = wall_vertices(layout, rings)
    position, normal = vertices[..., 0:3], vertices[..., 3:6]
    radial = position[..., [0, 2]]
    assert np.all(np.sum(radial * normal[..., [0, 2]], axis=-1) < 0), "normals face the axis"
    np.testing.assert_allclose(np.linalg.norm(normal, axis=-1), 1.0, rtol=1e-5)
    indices = ring_strip_indices(len(rings))
    assert indices.max() == len(rings) * (SEGMENTS_AROUND + 1) - 1
    assert len(indices) == (len(rings) - 1) * SEGMENTS_AROUND * 6
