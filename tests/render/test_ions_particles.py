"""The ion particles follow the simulated currents and concentrations (numpy + numba only,
no OpenGL): a spike sends Na+ in, pumps move 3 Na+ for 2 K+ and nothing when stopped,
inside counts follow the concentrations, nothing escapes, a seed repeats a run."""

import numpy as np
import pytest

from game.render.ions.particles import CHANNEL, LEAK, NA, PUMP, IonField, IonFieldSettings, K
from game.render.ions.sites import SiteReadings, inside_fractions, make_sites, straight_fibre_sites
from game.sim.snapshot import ClassSnapshot, NerveSnapshot

FRAME_S = 1.0 / 30.0
#: Electrical time per frame at the default slow motion (0.2 ms per second of play).
FRAME_MS = 0.2 * FRAME_S
INWARD, OUTWARD = 0, 1


def field(n_sites=3, n_per_species=3000, seed=1, **settings) -> IonField:
    sites = straight_fibre_sites(n_sites, spacing_um=10.0, radius_um=2.5, half_length_um=4.0)
    return IonField(sites, IonFieldSettings(n_per_species=n_per_species, seed=seed, **settings))


def run(f: IonField, readings: SiteReadings, frames: int, electrical_ms=FRAME_MS) -> None:
    for _ in range(frames):
        f.advance(readings, play_dt_s=FRAME_S, electrical_dt_ms=electrical_ms)


def test_a_spike_sends_na_in_at_its_site_and_k_out_after():
    f = field()
    rest = SiteReadings.resting(3)
    run(f, rest, 10)
    before = f.inside_count.copy()
    spike = SiteReadings.resting(3)
    spike.i_na_in_nA[1] = 15.0  # the upstroke at site 1 only
    run(f, spike, 6, electrical_ms=0.05)
    assert f.inside_count[NA, 1] > before[NA, 1] + 20, "Na+ did not rush in during the spike"
    assert abs(f.inside_count[NA, 0] - before[NA, 0]) <= 3, "Na+ moved at a site with no spike"
    assert f.crossings[NA, INWARD, 1, CHANNEL] > 20
    assert f.crossings[NA, INWARD, 0, CHANNEL] == 0
    # Repolarisation: K+ leaves through its channels.
    k_before = f.inside_count[K, 1]
    repolarise = SiteReadings.resting(3)
    repolarise.i_k_out_nA[1] = 10.0
    run(f, repolarise, 6, electrical_ms=0.05)
    assert f.inside_count[K, 1] < k_before - 15
    assert f.crossings[K, OUTWARD, 1, CHANNEL] > 15


def test_no_electrical_time_no_channel_flux():
    f = field()
    spike = SiteReadings.resting(3)
    spike.i_na_in_nA[:] = 15.0
    run(f, spike, 10, electrical_ms=0.0)  # a frame that saw no new snapshot
    assert f.crossings[:, :, :, CHANNEL].sum() == 0


def test_stopped_pumps_move_nothing():
    f = field()
    stopped = SiteReadings.resting(3)
    stopped.pump_rate[:] = 0.0
    run(f, stopped, 90)
    assert f.crossings[:, :, :, PUMP].sum() == 0


@pytest.mark.parametrize("rate", [0.4, 1.0, 2.5])
def test_pumps_move_three_na_out_for_two_k_in_at_their_rate(rate):
    f = field(pump_cycles_per_s=3.0)
    readings = SiteReadings.resting(3)
    readings.pump_rate[:] = rate
    run(f, readings, 90)  # 3 s of play
    na_out = f.crossings[NA, OUTWARD, :, PUMP]
    k_in = f.crossings[K, INWARD, :, PUMP]
    assert np.all(na_out > 0)
    np.testing.assert_array_equal(2 * na_out, 3 * k_in)  # exactly 3:2, site by site
    assert f.crossings[NA, INWARD, :, PUMP].sum() == 0
    assert f.crossings[K, OUTWARD, :, PUMP].sum() == 0
    cycles = na_out / 3
    expected = rate * 3.0 * 90 * FRAME_S
    assert np.all(np.abs(cycles - expected) <= 1.0), f"{cycles} cycles, expected {expected}"


def test_inside_counts_follow_the_concentrations():
    f = field(n_per_species=6000)
    readings = SiteReadings.resting(3)
    run(f, readings, 30)
    np.testing.assert_allclose(f.inside_count, f.target_inside(readings), atol=3)
    # Pumps fail: Na+ piles up inside, K+ outside (periaxonal K+ rises).
    readings.pump_rate[:] = 0.0
    readings.na_in_mM[:] = 40.0
    readings.k_out_mM[:] = 20.0
    rest_na = f.inside_count[NA].copy()
    run(f, readings, 300)  # 10 s of play, several relaxation times
    target = f.target_inside(readings)
    assert np.all(f.inside_count[NA] > 2.5 * rest_na)
    np.testing.assert_allclose(f.inside_count, target, rtol=0.03, atol=3)
    na_share, k_share = inside_fractions(readings.na_in_mM, readings.k_out_mM)
    assert np.allclose(f.inside_count[NA] / f.n_per_site, na_share, atol=0.01)
    assert np.allclose(f.inside_count[K] / f.n_per_site, k_share, atol=0.01)


def test_particle_sides_match_their_flags_and_nothing_escapes_or_turns_nan():
    f = field(n_sites=4, n_per_species=8000)
    busy = SiteReadings.resting(4)
    busy.pump_rate[:] = [0.0, 1.0, 3.0, 1.0]
    for frame in range(150):
        busy.i_na_in_nA[:] = 20.0 if frame % 20 < 3 else 0.0
        busy.i_k_out_nA[:] = 12.0 if 3 <= frame % 20 < 8 else 0.0
        f.advance(busy, play_dt_s=FRAME_S, electrical_dt_ms=0.05)
    sites = f.sites
    for sp in (NA, K):
        assert np.all(np.isfinite(f.vertices[sp]))
        local = f.local[sp]
        rho = np.hypot(local[:, 0], local[:, 1])
        radius = sites.radii_um[f.site]
        inside = f.inside[sp] == 1
        assert np.all(rho[inside] < radius[inside]), "an inside particle is outside the membrane"
        assert np.all(rho[~inside] > radius[~inside]), "an outside particle is inside the membrane"
        assert np.all(rho <= np.sqrt(2.0) * radius + 1e-6), "a particle left its site's cloud"
        assert np.all(np.abs(local[:, 2]) <= sites.half_lengths_um[f.site] + 1e-6)
        # The uploaded world positions are the local ones in the site's frame.
        world = f.vertices[sp][:, :3].astype(np.float64)
        offset = world - sites.positions_um[f.site]
        along = np.einsum("ij,ij->i", offset, sites.axes[f.site])
        assert np.allclose(along, local[:, 2], atol=1e-3)
        # The counts the field keeps are the particles' own flags.
        np.testing.assert_array_equal(
            np.bincount(f.site[inside], minlength=sites.n_sites), f.inside_count[sp]
        )


def test_the_same_seed_gives_the_same_run_and_another_seed_does_not():
    readings = SiteReadings.resting(3)
    readings.i_na_in_nA[:] = 5.0
    a, b, c = field(seed=7), field(seed=7), field(seed=8)
    for f in (a, b, c):
        run(f, readings, 20)
    np.testing.assert_array_equal(a.vertices[NA], b.vertices[NA])
    np.testing.assert_array_equal(a.crossings, b.crossings)
    assert not np.array_equal(a.vertices[NA], c.vertices[NA])


def test_leak_crossings_leave_no_glow_but_channel_crossings_do():
    f = field()
    spike = SiteReadings.resting(3)
    spike.i_na_in_nA[:] = 15.0
    f.advance(spike, play_dt_s=FRAME_S, electrical_dt_ms=0.1)
    glowing = f.vertices[NA][:, 4] > 0.5
    assert glowing.sum() >= f.crossings[NA, INWARD, :, CHANNEL].sum() // 2
    assert f.crossings[NA, :, :, LEAK].sum() < glowing.sum()


def test_readings_are_gathered_from_the_snapshot_by_class_and_site():
    snapshot = NerveSnapshot(
        classes=(
            ClassSnapshot(name="A-alpha", myelinated=True, diameter_um=16.0, n_sites=5),
            ClassSnapshot(name="C", myelinated=False, diameter_um=0.8, n_sites=8),
        )
    )
    snapshot.classes[0].i_na_in_nA[:] = np.arange(5, dtype=np.float32)
    snapshot.classes[0].pump_rate[:] = 0.5
    snapshot.classes[1].pump_rate[:] = 10.0 + np.arange(8, dtype=np.float32)
    sites = make_sites(
        positions_um=np.zeros((3, 3)),
        axes=np.tile([0.0, 1.0, 0.0], (3, 1)),
        radii_um=2.0,
        class_index=[0, 1, 0],
        snapshot_site=[4, 6, 1],
    )
    readings = SiteReadings.resting(3)
    readings.gather(snapshot, sites)
    assert readings.i_na_in_nA.tolist() == [4.0, 0.0, 1.0]
    assert readings.pump_rate.tolist() == [0.5, 16.0, 0.5]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"positions_um": np.zeros((3, 2))}, "positions_um: expected an (N, 3) array"),
        ({"axes": np.zeros((3, 3))}, "axes: expected non-zero"),
        ({"radii_um": [1.0, -1.0, 1.0]}, "radii_um: expected 3 positive"),
        ({"snapshot_site": [0, 1]}, "snapshot_site: expected 3 non-negative"),
    ],
)
def test_bad_site_arrays_are_refused_in_one_line(kwargs, message):
    args = {
        "positions_um": np.zeros((3, 3)),
        "axes": np.tile([0.0, 0.0, 1.0], (3, 1)),
        "radii_um": 1.0,
    }
    args.update(kwargs)
    with pytest.raises(ValueError) as info:
        make_sites(**args)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_sites_come_from_the_anatomy_scenes_node_sites_by_class_name():
    from types import SimpleNamespace

    from game.render.ions.sites import sites_from_node_sites

    nodes = SimpleNamespace(
        position_du=np.array([[0.0, 10.0, 0.0], [5.0, 20.0, 0.0]]),
        axis=np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]),
        radius_du=np.array([1.0, 0.5]),
        class_name=("A-beta", "A-delta"),
        site_index=np.array([3, 7]),
    )
    sites = sites_from_node_sites(nodes)
    assert sites.class_index.tolist() == [1, 2]
    assert sites.snapshot_site.tolist() == [3, 7]
    assert sites.half_lengths_um.tolist() == [2.0, 1.0]
    nodes.class_name = ("A-beta", "B")
    with pytest.raises(ValueError, match="class_name: expected one of"):
        sites_from_node_sites(nodes)


def test_settings_scale_the_motion_to_the_site_radius():
    small = IonFieldSettings.for_site_radius(1.5)
    assert small.diffusion_um2_per_s == pytest.approx(IonFieldSettings().diffusion_um2_per_s / 4)
    assert small.kick_speed_um_per_s == pytest.approx(IonFieldSettings().kick_speed_um_per_s / 2)
    assert IonFieldSettings.for_site_radius(1.5, seed=9).seed == 9


def test_channel_crossings_per_frame_are_capped_in_real_time():
    f = field(n_per_species=3000)  # 1000 a site
    spike = SiteReadings.resting(3)
    spike.i_na_in_nA[:] = 15.0
    f.advance(spike, play_dt_s=FRAME_S, electrical_dt_ms=33.0)  # real time: 33 ms a frame
    assert np.all(f.crossings[NA, INWARD, :, CHANNEL] == 50)  # 5% of a site's particles


def test_a_published_k_in_sets_the_k_share_inside():
    snapshot = NerveSnapshot(
        classes=(ClassSnapshot(name="A-beta", myelinated=True, diameter_um=9.0, n_sites=3),)
    )
    cls = snapshot.classes[0]
    cls.na_in_mM[:] = 10.0
    cls.k_out_mM[:] = 10.0
    readings = SiteReadings.resting(3)
    readings.gather(snapshot, straight_fibre_sites(3))
    estimated = inside_fractions(readings.na_in_mM, readings.k_out_mM)[1]
    cls.k_in_mM = np.full(3, 40.0, np.float32)  # as if the snapshot carried [K+]i
    readings.gather(snapshot, straight_fibre_sites(3))
    f = field()
    share = f.target_inside(readings)[K] / f.n_per_site
    np.testing.assert_allclose(share, 40.0 / 50.0)
    assert np.all(estimated > 0.9)


def spread_field(n_sites=3, n_per_species=6000, seed=1) -> IonField:
    """Ions as the nerve world spreads them: out to 3.2 node radii, off a myelin of 2."""
    sites = straight_fibre_sites(n_sites, spacing_um=30.0, radius_um=1.0, half_length_um=2.0)
    settings = IonFieldSettings(n_per_species=n_per_species, seed=seed, outer_radius_fraction=3.2,
                                outer_length_fraction=1.8, sheath_radius_fraction=2.0)  # fmt: skip
    return IonField(sites, settings)


def test_ions_fill_the_space_around_a_node_off_the_myelin_and_cross_at_the_node():
    from game.render.ions.particles import outer_floor

    f = spread_field()
    spike = SiteReadings.resting(3)
    for frame in range(120):
        spike.i_na_in_nA[:] = 20.0 if frame % 30 < 3 else 0.0
        spike.i_k_out_nA[:] = 12.0 if 3 <= frame % 30 < 8 else 0.0
        f.advance(spike, play_dt_s=FRAME_S, electrical_dt_ms=0.05)
    for sp in (NA, K):
        local, inside = f.local[sp], f.inside[sp] == 1
        rho, w = np.hypot(local[:, 0], local[:, 1]), local[:, 2]
        out = ~inside
        floor = np.array([outer_floor(abs(x), 1.0, 0.04, 2.0) for x in w[out]])
        assert np.all(rho[out] >= floor - 1e-9), "an outside ion sits in the myelin"
        assert np.all(rho[out] <= 3.2 + 1e-9) and np.all(np.abs(w[out]) <= 3.6 + 1e-9)
        assert np.all(rho[inside] < 1.0) and np.all(np.abs(w[inside]) <= 2.0 + 1e-9)
        # The outside fills the space around the node, beyond the myelin's surface, along
        # the fibre on both sides: not a thin ring at the gap.
        assert np.mean(rho[out] > 2.0) > 0.5
        assert np.mean(w[out] > 1.5) > 0.2 and np.mean(w[out] < -1.5) > 0.2
    # Ions that crossed in this frame (full glow) crossed at the bare node, within its gap.
    spike.i_na_in_nA[:] = 20.0
    f.advance(spike, play_dt_s=FRAME_S, electrical_dt_ms=0.05)
    glowing = f.vertices[NA][:, 4] >= 1.0
    assert glowing.sum() >= 10
    assert np.all(np.abs(f.local[NA][glowing, 2]) <= f.gap_um[f.site[glowing]] + 1e-9)


def test_ions_follow_the_narrowed_nerve():
    f = spread_field()
    rest = SiteReadings.resting(3)
    f.site_scale[:] = [1.0, 0.5, 1.0]
    f.advance(rest, play_dt_s=FRAME_S, electrical_dt_ms=0.0)
    world = f.vertices[NA][:, :3].astype(np.float64)
    x_local = f.local[NA][:, 0] * f.e1[f.site][:, 0] + f.local[NA][:, 1] * f.e2[f.site][:, 0]
    expected = (f.sites.positions_um[f.site][:, 0] + x_local) * f.site_scale[f.site]
    np.testing.assert_allclose(world[:, 0], expected, atol=1e-4)
    assert np.abs(world[f.site == 1, 0]).max() <= 0.5 * 3.2 + 1e-4
