"""Calm mode changes what the renderer does: the recorded barrage flashes less, and both pass.

The pins-and-needles barrage (every node of the tunnel scene firing at random at 20-50 Hz,
``game.safety.barrage_recording``) is rendered offscreen in its own process three times: raw
(no limiter: the analyser must fail it, so the check is known to bite on this very scene),
through the flash limiter with the normal comfort settings, and with calm mode's. The WCAG
2.3.1 analyser runs on the recorded frames; bright frames per second are counted from them.
"""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from game import REPO_ROOT
from game.safety.flash_analyser import THRESHOLD_AREA_PX_AT_REFERENCE, analyse_frames, linear_rgb

pytestmark = [pytest.mark.render, pytest.mark.slow]

FPS = 30.0
#: A pixel is "bright" this far above its resting luminance: half WCAG's general-flash delta.
BRIGHT_DELTA = 0.05


def record(folder, *flags: str, seconds: float = 3.0) -> list[np.ndarray]:
    run = subprocess.run(
        [sys.executable, "-m", "game.safety.barrage_recording", str(folder),
         "--seconds", str(seconds), *flags],
        check=False, capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip
    if run.returncode != 0 and ("OpenGL" in run.stderr or "EGL" in run.stderr):
        pytest.skip(run.stderr.strip()[-300:])
    assert run.returncode == 0, run.stderr[-2000:]
    paths = sorted(folder.glob("frame_*.png"))
    assert len(paths) == int(seconds * FPS)
    return [np.asarray(Image.open(p).convert("RGB")) for p in paths]


def bright_frames_per_s(frames: list[np.ndarray]) -> float:
    """Frames a second in which more than the analyser's threshold area is bright."""
    weights = np.array([0.2126, 0.7152, 0.0722], np.float32)
    lum = np.array([linear_rgb(f) @ weights for f in frames])
    rest = lum.min(axis=0)  # every pixel is at rest in some frame
    h, w = lum.shape[1:]
    threshold = THRESHOLD_AREA_PX_AT_REFERENCE * h * w / (1920 * 1080)
    bright = ((lum - rest) >= BRIGHT_DELTA).sum(axis=(1, 2)) > threshold
    return float(bright.sum()) * FPS / len(frames)


def test_the_barrage_passes_in_normal_and_calm_mode_and_calm_flashes_less(tmp_path):
    raw = record(tmp_path / "raw", "--no-limit", seconds=2.0)
    general, red = analyse_frames(iter(raw), FPS)
    assert not general.passed, "the unlimited barrage should fail: the check does not bite"

    normal = record(tmp_path / "normal")
    calm = record(tmp_path / "calm", "--calm")
    for frames in (normal, calm):
        general, red = analyse_frames(iter(frames), FPS)
        assert general.passed and red.passed, (general, red)

    normal_rate, calm_rate = bright_frames_per_s(normal), bright_frames_per_s(calm)
    print(f"bright frames per second: raw {bright_frames_per_s(raw):.1f}, "
          f"normal {normal_rate:.1f}, calm {calm_rate:.1f}")  # fmt: skip
    assert normal_rate > 0.0, "normal mode shows no flashes at all: nothing was measured"
    assert calm_rate < 0.5 * normal_rate, (calm_rate, normal_rate)
    # Calm mode's flashes are softer too: its brightest frame is darker than normal's.
    assert max(f.mean() for f in calm) < max(f.mean() for f in normal)
