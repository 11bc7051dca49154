"""The per-frame flash limiter the scenes use (``limit_potentials``, one numba loop) shows
exactly what the numpy reference (``FlashLimiter.limit``) would, frame by frame, for every
budget and glow gain: flash safety does not depend on which path ran. No OpenGL."""

import numpy as np
import pytest

from game.render.flash_limiter import FlashLimiter, glow_of_potentials, limit_potentials

REST, PEAK = -80.0, 30.0


def reference(limiter: FlashLimiter, v: np.ndarray, dt_s) -> np.ndarray:
    """``limit_potentials`` as it was written in numpy before the numba loop."""
    v = np.asarray(v, dtype=np.float32)
    shown = limiter.limit(glow_of_potentials(v, v_rest_mV=REST, v_peak_mV=PEAK), dt_s)
    out = (REST + shown * (PEAK - REST)).astype(np.float32)
    return np.where(v < REST, v, out).astype(np.float32)


@pytest.mark.parametrize(
    ("budget", "gain"), [(3.0, 1.0), (1.0, 0.5), (0.0, 1.0), (float("inf"), 0.8)]
)
def test_the_fast_limiter_matches_the_reference_frame_by_frame(budget, gain):
    rng = np.random.default_rng(4)
    n = 64
    fast = FlashLimiter(n, fps=60.0, max_flashes_per_s=budget, glow_gain=gain)
    slow = FlashLimiter(n, fps=60.0, max_flashes_per_s=budget, glow_gain=gain)
    # Spikes at random rates (up to far above 3 a second), below-rest dips, plateaus.
    rate_hz = rng.uniform(0.5, 30.0, n)
    flashes = 0
    for frame in range(400):
        dt = None if frame % 3 else float(rng.uniform(0.005, 0.05))
        t = frame / 60.0
        phase = (t * rate_hz) % 1.0
        v = np.where(phase < 0.2, PEAK, REST - 5.0 * rng.uniform(0, 1, n)).astype(np.float32)
        v[::7] = -50.0  # a depolarised plateau: glow just above the bright level
        got = limit_potentials(fast, v, v_rest_mV=REST, v_peak_mV=PEAK, dt_s=dt)
        want = reference(slow, v, dt)
        np.testing.assert_array_equal(got, want, err_msg=f"frame {frame}")
        flashes += int((got > REST + 0.5 * (PEAK - REST) * gain).sum())
    assert fast.frame == slow.frame == 400 and fast.time_s == pytest.approx(slow.time_s)
    if budget > 0:
        assert flashes > 0, "nothing ever went bright: the test would not catch a stuck limiter"


def test_a_wrong_number_of_potentials_is_one_line():
    limiter = FlashLimiter(5, fps=60.0)
    with pytest.raises(ValueError, match=r"v_mV: expected shape \(5,\)"):
        limit_potentials(limiter, np.zeros(4), v_rest_mV=REST, v_peak_mV=PEAK)
