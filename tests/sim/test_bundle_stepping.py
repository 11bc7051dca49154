"""A bundle of fibres stepped in one call (``game.sim.fibre_bundle``) does what each fibre does
stepped on its own, to the last bit; the linear systems solved side by side equal the single
solve to the last bit.

Each test runs twins: copies of the same fibres, one set in a ``FibreBundle``, the other
advanced fibre by fibre with ``Fiber.advance``, with what the slow clock changes between
calls (reversal potentials, pump current, slow inactivation) written through each fibre's
own arrays, stimuli added on the way, and channel noise on one fibre.
"""

import copy

import numpy as np
import pytest

from game.sim.banded import solve_symmetric_pentadiagonal, solve_symmetric_pentadiagonal_many
from game.sim.fiber import MyelinatedFiber, UnmyelinatedFiber
from game.sim.fibre_bundle import FibreBundle

STATE = (
    "gates", "vi_mV", "vp_mV", "noise_nA", "rng_state", "spike_count", "last_spike_ms",
    "first_spike_ms", "charge_na_pC", "charge_k_pC", "vdt_mV_ms",
)  # fmt: skip


def _fibres():
    noisy_c = UnmyelinatedFiber(diameter_um=0.8, length_um=400.0, seed=4)
    noisy_c.noise_sigma_nA[:] = 0.01
    return [
        MyelinatedFiber(diameter_um=12.0, n_nodes=8, seed=1),
        MyelinatedFiber(diameter_um=6.0, n_nodes=8, seed=2),
        MyelinatedFiber(diameter_um=9.0, n_nodes=6, seed=3),
        noisy_c,
        UnmyelinatedFiber(diameter_um=1.5, length_um=400.0, seed=5),
    ]


def _slow_clock_moves(fibre, rng: np.random.Generator) -> None:
    """What the slow clock writes into a fibre between electrical runs (in place)."""
    n = fibre.n_sites
    fibre.e_na_mV += rng.normal(0.0, 1.0, n)
    fibre.e_k_mV += rng.normal(0.0, 1.0, n)
    fibre.e_k_internode_mV += rng.normal(0.0, 1.5, n)
    fibre.i_pump_nA[:] = np.abs(rng.normal(0.01, 0.005, n))
    fibre.na_available[:] = rng.uniform(0.85, 1.0, n)


def _run_twins(durations_ms):
    bundled = _fibres()
    alone = copy.deepcopy(bundled)
    bundle = FibreBundle(bundled)
    rng_bundled, rng_alone = np.random.default_rng(11), np.random.default_rng(11)
    for call, duration_ms in enumerate(durations_ms):
        if call % 3 == 1:
            for fibres in (bundled, alone):
                for i, f in enumerate(fibres):
                    f.add_stimulus(
                        node=0, start_ms=f.t_ms + 0.02 * i, duration_ms=0.1, amplitude_nA=4.0
                    )
        if call % 4 == 3:
            for f in bundled:
                _slow_clock_moves(f, rng_bundled)
            for f in alone:
                _slow_clock_moves(f, rng_alone)
        bundle.advance(duration_ms=duration_ms)
        for f in alone:
            f.advance(duration_ms=duration_ms)
    return bundled, alone


def test_bundle_steps_every_fibre_as_it_steps_alone_to_the_last_bit():
    # frame-sized calls (a fraction of a step carries over) and longer ones that fire
    durations = [0.0033, 0.0033, 0.0034, 0.6, 0.012, 1.5, 0.0033, 0.8, 2.0, 0.004, 1.0, 0.3]
    bundled, alone = _run_twins(durations)
    assert sum(int(f.spike_count.sum()) for f in alone) > 0, "the stimuli fire the fibres"
    assert np.any(alone[3].noise_nA != 0.0), "the noisy fibre draws noise"
    for b, a in zip(bundled, alone):
        assert b.step_count == a.step_count and b.accumulated_ms == a.accumulated_ms
        for name in STATE:
            np.testing.assert_array_equal(getattr(b, name), getattr(a, name), err_msg=name)


def test_a_fibre_of_the_bundle_reads_what_is_written_into_it():
    """The slow clock writes a fibre's arrays; the bundle must step with them. Raising one
    bundled fibre's K+ reversal depolarises it, and only it."""
    fibres = [MyelinatedFiber(diameter_um=10.0, n_nodes=6, seed=s) for s in range(2)]
    bundle = FibreBundle(fibres)
    rest = fibres[1].site_v_mV().copy()
    fibres[0].e_k_mV[:] = -40.0
    bundle.advance(duration_ms=2.0)
    assert np.all(fibres[0].site_v_mV() > rest + 5.0)
    np.testing.assert_allclose(fibres[1].site_v_mV(), rest, atol=0.5)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 17, 640])
@pytest.mark.parametrize("m", [1, 3, 4])
def test_side_by_side_solve_equals_the_single_solve_to_the_last_bit(n, m):
    rng = np.random.default_rng(n * 10 + m)
    rows = n * m + 5  # systems at uneven offsets, rows between them left alone
    diag = 4.0 + rng.random(rows)
    off1, off2, rhs = -rng.random(rows), -rng.random(rows), rng.normal(size=rows)
    first_row = np.array([1 + g * n for g in range(m)], dtype=np.int64)
    expected = []
    for o in first_row:
        out, work = np.zeros(n), [np.zeros(n) for _ in range(3)]
        sl = slice(o, o + n)
        solve_symmetric_pentadiagonal(diag[sl], off1[sl], off2[sl], rhs[sl].copy(), out, *work)
        expected.append(out)
    out = np.full(rows, np.nan)
    work = [np.zeros(rows) for _ in range(3)]
    solve_symmetric_pentadiagonal_many(
        first_row, n, diag, off1, off2, rhs.copy(), out, *work, np.zeros((8, m))
    )
    for g, o in enumerate(first_row):
        np.testing.assert_array_equal(out[o : o + n], expected[g])
    assert np.isnan(out[0]) and np.isnan(out[-1]), "rows outside the systems untouched"


def test_bundle_refuses_fibres_of_different_time_steps():
    with pytest.raises(ValueError, match="dt_ms"):
        FibreBundle([MyelinatedFiber(n_nodes=4), MyelinatedFiber(n_nodes=4, dt_ms=0.01)])
