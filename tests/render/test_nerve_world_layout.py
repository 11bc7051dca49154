"""The nerve world's anatomy, without a window: fascicles inside the epineurium, fibres inside
their fascicle, all four classes, C axons sharing Remak sleeves, nodes with bare rings, a
snapshot-shaped site view and a rail that stays in the channel between the fascicles."""

import numpy as np
import pytest

from game.render.nerve_world.anatomy import NODE_RADIUS_FRACTION, fibre_rings
from game.render.nerve_world.layout import LayoutSettings, build_layout, site_index_of
from game.render.nerve_world.scene import NerveRail
from game.render.nerve_world.site_view import SiteView
from game.render.nerve_world.synthetic import fill, snapshot_shape


@pytest.fixture(scope="module")
def layout():
    return build_layout()


def test_fascicles_lie_inside_the_epineurium(layout):
    assert 2 <= len(layout.fascicle_centres_du) <= 4
    reach = np.linalg.norm(layout.fascicle_centres_du, axis=1) + layout.fascicle_radii_du
    assert (reach < layout.nerve_radius_du).all()


def test_fibres_of_every_class_sit_inside_their_fascicle(layout):
    assert {f.class_index for f in layout.fibres} == {0, 1, 2, 3}
    for f in layout.fibres:
        centre = layout.fascicle_centres_du[f.fascicle]
        off = np.hypot(f.x_du - centre[0], f.z_du - centre[1]) + f.radius_du
        assert off < layout.fascicle_radii_du[f.fascicle] * 1.01
    radius = {
        c: np.mean([f.radius_du for f in layout.fibres if f.class_index == c]) for c in range(4)
    }
    assert radius[0] > radius[1] > radius[2] > radius[3], "drawn sizes keep the classes' order"


def test_c_axons_share_remak_sleeves(layout):
    axons = [f for f in layout.fibres if f.class_index == 3]
    assert not any(f.myelinated for f in axons)
    for x, z, r, _ in layout.remak_bundles:
        inside = [f for f in axons if np.hypot(f.x_du - x, f.z_du - z) + f.radius_du <= r]
        assert len(inside) >= 3, "a Remak bundle holds several thin axons"


def test_node_rings_are_bare_and_narrow(layout):
    fibre = next(f for f in layout.fibres if f.class_index == 0)
    ring_y, radius, nearness, _ = fibre_rings(fibre.node_y_du, fibre.radius_du, layout.length_du)
    at_node = np.isin(ring_y, fibre.node_y_du)
    assert at_node.sum() >= len(fibre.node_y_du) - 1
    assert np.allclose(radius[at_node], NODE_RADIUS_FRACTION * fibre.radius_du)
    assert np.allclose(nearness[at_node], 1.0)
    assert radius.max() == pytest.approx(fibre.radius_du)


def test_vessels_run_along_the_nerve_and_into_it(layout):
    kinds = {v.kind for v in layout.vessels}
    assert kinds == {"epineurial", "perineurial", "endoneurial", "feeding"}
    for v in layout.vessels:
        if v.kind == "feeding":  # from outside the epineurium down to a fascicle
            r = np.hypot(v.points_du[:, 0], v.points_du[:, 2])
            assert r[0] > layout.nerve_radius_du and r[-1] < layout.nerve_radius_du - 5.0
        else:
            assert v.points_du[0, 1] <= 0.0 and v.points_du[-1, 1] >= layout.length_du


def test_site_view_reads_each_node_from_its_class_and_site(layout):
    snapshot = snapshot_shape()
    view = SiteView(layout, [c.n_sites for c in snapshot.classes])
    beta = snapshot.by_name("A-beta")
    beta.v_mV[5] = 25.0
    view.update(snapshot)
    lit = view.node_mV > 0.0
    assert lit.any()
    assert set(view.node_class[lit]) == {1} and set(view.node_site[lit]) == {5}


def test_a_node_filter_rations_what_glows(layout):
    """The flash limiter's hook: what the filter returns is what the nodes show."""
    snapshot = snapshot_shape()
    view = SiteView(layout, [c.n_sites for c in snapshot.classes])
    snapshot.by_name("A-beta").v_mV[5] = 25.0
    seen = []

    def hold_at_rest(v_mV, dt_s):
        seen.append((v_mV.max(), dt_s))
        return np.minimum(v_mV, -70.0)

    view.update(snapshot, hold_at_rest, 0.03)
    assert seen == [(pytest.approx(25.0), 0.03)]
    assert view.node_mV.max() == pytest.approx(-70.0)


def test_site_view_profile_follows_pressure_and_perfusion(layout):
    snapshot = fill(snapshot_shape(), 0.0, 120.0)
    view = SiteView(layout, [c.n_sites for c in snapshot.classes])
    view.update(snapshot)
    middle, end = len(view.pressure_weight) // 2, 5
    assert view.pressure_weight[middle] > 0.9 and view.pressure_weight[end] < 0.05
    assert view.perfusion[middle] < 0.05 and view.perfusion[end] > 0.95


def test_site_index_maps_the_length_onto_the_sites():
    assert list(site_index_of(np.array([0.0, 50.0, 100.0]), 100.0, 11)) == [0, 5, 10]


def test_rail_stays_in_the_channel_between_fascicles(layout):
    rail = NerveRail(layout)
    points = rail.points()
    clearance = np.linalg.norm(layout.fascicle_centres_du, axis=1) - layout.fascicle_radii_du
    assert (np.hypot(points[:, 0], points[:, 2]) < clearance.min() - 2.0).all()
    assert points[:, 1].min() >= 0.0 and points[:, 1].max() <= layout.length_du


def test_rail_moves_at_constant_speed_and_fades_at_its_loop(layout):
    rail = NerveRail(layout)
    y = [rail.pose_at(t).position_du[1] for t in (2.0, 3.0, 4.0)]
    assert y[1] - y[0] == pytest.approx(rail.speed_du_per_s) == pytest.approx(y[2] - y[1])
    assert rail.pose_at(5.0).brightness == 1.0
    assert rail.pose_at(0.0).brightness == 0.0
    assert rail.pose_at(rail.loop_s - 0.25).brightness == pytest.approx(0.25)


def test_fascicle_count_outside_2_to_4_is_refused():
    with pytest.raises(ValueError, match="n_fascicles"):
        build_layout(LayoutSettings(n_fascicles=5))
