"""The renderer-side flash limiter: no region goes bright more often than allowed, calm is softer."""

import numpy as np
import pytest

from game.render.flash_limiter import (
    BRIGHT_LEVEL,
    FlashLimiter,
    glow_of_potentials,
    limit_flashes,
    limit_potentials,
)

FPS = 30.0


def random_barrage(seconds: float, n_regions: int, rate_hz: tuple[float, float], seed: int = 1):
    """Glow (frames, regions): each region fires at its own random 20-50 Hz-like rate, a spike
    lasting one frame at full glow, jittered, as the pins-and-needles barrage would."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * FPS)
    rates = rng.uniform(*rate_hz, n_regions)
    glow = np.zeros((frames, n_regions))
    # Poisson firing sampled per frame: several spikes in one frame are one bright frame.
    fired = rng.random((frames, n_regions)) < 1.0 - np.exp(-rates / FPS)
    glow[fired] = 1.0
    return glow


def onsets(glow: np.ndarray, level: float = BRIGHT_LEVEL) -> np.ndarray:
    """Frames (frames, regions) where a region rises above ``level``."""
    bright = glow > level + 1e-12
    previous = np.vstack([np.zeros((1, glow.shape[1]), bool), bright[:-1]])
    return bright & ~previous


def most_onsets_in_any_second(glow: np.ndarray) -> int:
    counts = np.cumsum(np.vstack([np.zeros((1, glow.shape[1]), int), onsets(glow)]), axis=0)
    window = int(FPS)
    return int((counts[window:] - counts[:-window]).max())


def test_a_fast_barrage_is_cut_to_three_bright_onsets_a_second():
    glow = random_barrage(4.0, 40, (20.0, 50.0))
    assert most_onsets_in_any_second(glow) > 6  # the input flashes far too often
    shown = limit_flashes(glow, fps=FPS, max_flashes_per_s=3.0)
    assert most_onsets_in_any_second(shown) == 3
    assert shown.max() == 1.0  # the allowed flashes keep their full brightness


def test_calm_settings_flash_once_a_second_at_half_brightness():
    glow = random_barrage(4.0, 40, (20.0, 50.0))
    shown = limit_flashes(glow, fps=FPS, max_flashes_per_s=1.0, glow_gain=0.5)
    assert most_onsets_in_any_second(shown / 0.5) == 1
    assert shown.max() == pytest.approx(0.5)


def test_slow_firing_and_dim_glow_pass_unchanged():
    frames = int(4 * FPS)
    glow = np.zeros((frames, 2))
    glow[:: int(FPS), 0] = 1.0  # 1 Hz: well within the budget
    glow[:, 1] = 0.1 + 0.05 * np.sin(np.arange(frames))  # below the bright level
    np.testing.assert_allclose(limit_flashes(glow, fps=FPS), glow)


def test_a_held_glow_is_one_flash_and_a_refused_onset_is_held_dim_until_dark():
    limiter = FlashLimiter(1, fps=10.0, max_flashes_per_s=1.0)
    sequence = [0, 1, 1, 0, 1, 0.9, 0.1, 0, 0, 0, 0, 1]
    shown = [float(limiter.limit(np.array([g]))[0]) for g in sequence]
    # allowed onset (frames 1-2); refused onset at frame 4 held at the level through frame 5;
    # dim glow passes; frame 11 is a second after frame 1: allowed again.
    assert shown == pytest.approx([0, 1, 1, 0, BRIGHT_LEVEL, BRIGHT_LEVEL, 0.1, 0, 0, 0, 0, 1])


def test_regions_have_their_own_budget():
    glow = np.zeros((6, 3))
    glow[0::2, :] = 1.0  # every region flashes every other frame
    shown = limit_flashes(glow, fps=FPS, max_flashes_per_s=2.0)
    assert (onsets(shown).sum(axis=0) == 2).all()


def test_zero_flashes_allowed_means_never_bright():
    shown = limit_flashes(random_barrage(1.0, 5, (30.0, 40.0)), fps=FPS, max_flashes_per_s=0.0)
    assert shown.max() <= BRIGHT_LEVEL


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"n_regions": 0}, "n_regions"),
        ({"fps": 0.0}, "fps"),
        ({"max_flashes_per_s": -1.0}, "max_flashes_per_s"),
        ({"glow_gain": 1.5}, "glow_gain"),
        ({"bright_level": 1.0}, "bright_level"),
    ],
)
def test_bad_settings_name_the_setting(kwargs, name):
    args = {"n_regions": 3, "fps": FPS, **kwargs}
    with pytest.raises(ValueError, match=f"^{name}: expected"):
        FlashLimiter(args.pop("n_regions"), **args)


def test_potentials_are_limited_as_the_wall_shader_would_draw_them():
    rest, peak = -80.0, 30.0
    limiter = FlashLimiter(3, fps=FPS, max_flashes_per_s=3.0, glow_gain=0.5)
    v = np.array([-85.0, -80.0, 30.0], np.float32)
    shown = limit_potentials(limiter, v, v_rest_mV=rest, v_peak_mV=peak)
    assert shown.dtype == np.float32
    assert shown[0] == -85.0 and shown[1] == -80.0  # at or below rest: untouched
    assert glow_of_potentials(shown, v_rest_mV=rest, v_peak_mV=peak)[2] == pytest.approx(0.5)


def test_the_budget_is_per_second_of_time_whatever_the_frame_rate():
    limiter = FlashLimiter(1, fps=30.0, max_flashes_per_s=2.0)
    # A region flickering every other frame at a varying 20-120 fps for 3 seconds.
    rng = np.random.default_rng(3)
    times, shown, t = [], [], 0.0
    for i in range(400):
        dt = float(rng.uniform(1 / 120, 1 / 20))
        t += dt
        times.append(t)
        shown.append(float(limiter.limit(np.array([float(i % 2)]), dt)[0]))
    times, shown = np.array(times), np.array(shown)
    starts = times[1:][(shown[1:] > BRIGHT_LEVEL) & (shown[:-1] <= BRIGHT_LEVEL)]
    for start in starts:
        assert ((starts >= start) & (starts < start + 1.0 - 1e-6)).sum() <= 2


class FakeScene:
    """What FlashLimitedScene needs of a FiberScene."""

    def __init__(self, n_nodes: int) -> None:
        from types import SimpleNamespace

        self.look = SimpleNamespace(v_rest_mV=-80.0, v_peak_mV=30.0)
        self.layout = SimpleNamespace(n_nodes=n_nodes)
        self.shown = []
        self.brightness = None

    def show_potentials(self, v):
        self.shown.append(v.copy())

    def set_brightness(self, b):
        self.brightness = b


def test_the_limited_scene_stands_in_for_the_scene():
    from game.comfort import ComfortSettings
    from game.render.flash_limiter import FlashLimitedScene

    scene = FakeScene(2)
    limited = FlashLimitedScene(scene, ComfortSettings().calm(), fixed_frame_s=0.1, glow_gain=0.5)
    spike = np.array([30.0, -80.0], np.float32)
    rest = np.array([-80.0, -80.0], np.float32)
    for v in (spike, rest, spike, rest):  # two spikes 0.2 s apart: calm allows one a second
        limited.show_potentials(v)
    limited.set_brightness(0.5)  # passed through
    assert scene.brightness == 0.5
    glow = [(v[0] + 80.0) / 110.0 for v in scene.shown]
    assert glow == pytest.approx([0.5, 0.0, 0.5 * BRIGHT_LEVEL, 0.0])
    # By default it only rations: the scene itself softens the glow (FiberScene.set_glow_gain).
    plain = FakeScene(1)
    rationing = FlashLimitedScene(plain, ComfortSettings().calm(), fixed_frame_s=0.1)
    for v in ([30.0], [-80.0], [30.0]):
        rationing.show_potentials(np.array(v, np.float32))
    assert [float(v[0]) for v in plain.shown] == pytest.approx(
        [30.0, -80.0, -80.0 + 110.0 * BRIGHT_LEVEL]
    )
