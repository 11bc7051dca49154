"""Photosensitive-seizure check of recorded frames, after WCAG 2.3.1 (Three Flashes or Below).

Definitions (WCAG 2.2, "general flash and red flash thresholds"):
- relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of linearised sRGB;
- a *general flash* is a pair of opposing changes in L of at least 0.1 where the darker state
  is below 0.80;
- a *red flash* is a pair of opposing transitions involving a saturated red: a state with
  R / (R + G + B) >= 0.8, and a change of at least 20 in (R - G - B) x 320 (negatives as 0);
- content fails if more than three flashes of either kind fall in any one-second window over
  an area larger than a quarter of any 10-degree field of view.

The area threshold: WCAG approximates a 10-degree field by 341 x 256 px of a 1024 x 768
screen. For our kiosk we assume a 27-inch 16:9 touch screen (0.598 m wide) at arm's length
(0.60 m): 10 degrees span 2 x 0.60 m x tan(5 deg) = 0.105 m = 337 px of 1920, so the field is
337 x 253 px and a quarter of it 21,300 px at 1920 x 1080 (scaled with the frame's area for
other sizes). Frames are reduced to blocks of 4 x 4 px first: flashes smaller than a block are
far below the threshold.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REFERENCE_WIDTH_PX = 1920
REFERENCE_HEIGHT_PX = 1080
#: A quarter of a 10-degree field at the reference size (see the module docstring).
THRESHOLD_AREA_PX_AT_REFERENCE = 0.25 * 337 * 253
BLOCK_PX = 4
GENERAL_DELTA = 0.1
GENERAL_DARKER_BELOW = 0.8
RED_SATURATION = 0.8
RED_DELTA = 20.0
MAX_FLASHES_PER_SECOND = 3


@dataclass(frozen=True)
class FlashReport:
    kind: str  # "general" or "red"
    passed: bool
    #: The worst one-second window: first and last frame index, and the area (px of the
    #: original frames) flashing more than three times in it.
    worst_first_frame: int
    worst_last_frame: int
    worst_area_px: float
    threshold_area_px: float
    max_flashes: int


def linear_rgb(frame_u8: np.ndarray) -> np.ndarray:
    """sRGB bytes (h, w, 3) to linear RGB floats in 0-1."""
    c = frame_u8.astype(np.float32) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def block_mean(image: np.ndarray, block: int = BLOCK_PX) -> np.ndarray:
    h, w = image.shape[:2]
    h, w = h - h % block, w - w % block
    trimmed = image[:h, :w]
    shape = (h // block, block, w // block, block) + image.shape[2:]
    return trimmed.reshape(shape).mean(axis=(1, 3))


class _TransitionTracker:
    """Per-block runs of monotonic change; a run that reverses after a big enough change in
    the right range is a transition (two opposing transitions make a flash)."""

    def __init__(self, first: np.ndarray, delta: float, qualifies) -> None:
        self.previous = first
        self.run_start = first.copy()
        self.run_sign = np.zeros(first.shape, dtype=np.int8)
        self.delta = delta
        self.qualifies = qualifies  # (start, end) -> bool array: the pair may count

    def step(self, value: np.ndarray) -> np.ndarray:
        """Feed the next frame; returns where a transition just completed."""
        change = value - self.previous
        sign = np.sign(change).astype(np.int8)
        reversed_ = (sign != 0) & (self.run_sign != 0) & (sign != self.run_sign)
        size = np.abs(self.previous - self.run_start)
        transition = reversed_ & (size >= self.delta) & self.qualifies(self.run_start, self.previous)
        # a reversal starts a new run at the turning point
        self.run_start = np.where(reversed_, self.previous, self.run_start)
        self.run_sign = np.where(sign != 0, sign, self.run_sign)
        self.previous = value
        return transition

    def finish(self) -> np.ndarray:
        """A run still open at the end counts if it is big enough."""
        size = np.abs(self.previous - self.run_start)
        return (size >= self.delta) & self.qualifies(self.run_start, self.previous)


def _general_qualifies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.minimum(a, b) < GENERAL_DARKER_BELOW


def analyse_frames(frames, fps: float) -> tuple[FlashReport, FlashReport]:
    """Check an iterable of RGB uint8 frames (h, w, 3) shown at ``fps``."""
    if not (math.isfinite(fps) and fps > 0):
        raise ValueError(f"fps={fps}: expected a positive number")
    luminance_events, red_events = [], []
    trackers = None
    shape = None
    for frame in frames:
        if shape is None:
            shape = frame.shape
        elif frame.shape != shape:
            raise ValueError(f"frame of size {frame.shape[1]}x{frame.shape[0]} among {shape[1]}x{shape[0]}")
        rgb = block_mean(linear_rgb(frame[..., :3]))
        lum = rgb @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
        total = rgb.sum(axis=-1)
        saturated = rgb[..., 0] / np.maximum(total, 1e-6) >= RED_SATURATION
        red = np.maximum(0.0, (rgb[..., 0] - rgb[..., 1] - rgb[..., 2]) * 320.0)
        # a red state only counts where the colour is a saturated red
        red_state = np.where(saturated, red, 0.0)
        if trackers is None:
            trackers = (
                _TransitionTracker(lum, GENERAL_DELTA, _general_qualifies),
                _TransitionTracker(red_state, RED_DELTA, lambda a, b: np.ones(a.shape, bool)),
            )
            luminance_events.append(np.zeros(lum.shape, bool))
            red_events.append(np.zeros(lum.shape, bool))
            continue
        luminance_events.append(trackers[0].step(lum))
        red_events.append(trackers[1].step(red_state))
    if shape is None:
        raise ValueError("no frames to analyse")
    luminance_events.append(trackers[0].finish())
    red_events.append(trackers[1].finish())
    h, w = shape[:2]
    threshold = THRESHOLD_AREA_PX_AT_REFERENCE * (h * w) / (REFERENCE_WIDTH_PX * REFERENCE_HEIGHT_PX)
    window = max(1, int(round(fps)))
    return (
        _judge("general", np.array(luminance_events), window, threshold),
        _judge("red", np.array(red_events), window, threshold),
    )


def _judge(kind: str, events: np.ndarray, window: int, threshold_px: float) -> FlashReport:
    """Slide a one-second window over the per-block transition events."""
    counts = np.cumsum(np.concatenate([np.zeros((1,) + events.shape[1:], np.int32), events]), axis=0)
    n = events.shape[0]
    worst = (0, min(window, n) - 1, 0.0, 0)
    block_area = BLOCK_PX * BLOCK_PX
    for start in range(0, max(1, n - window + 1)):
        end = min(n, start + window)
        transitions = counts[end] - counts[start]
        flashes = transitions // 2
        area = float(np.count_nonzero(flashes > MAX_FLASHES_PER_SECOND)) * block_area
        if area > worst[2] or (area == worst[2] and flashes.max() > worst[3]):
            worst = (start, end - 1, area, int(flashes.max()))
    return FlashReport(
        kind=kind,
        passed=worst[2] <= threshold_px,
        worst_first_frame=worst[0],
        worst_last_frame=worst[1],
        worst_area_px=worst[2],
        threshold_area_px=threshold_px,
        max_flashes=worst[3],
    )


def read_frames(directory: Path):
    """The PNG frames of ``directory`` in name order, as RGB uint8 arrays."""
    from PIL import Image

    paths = sorted(Path(directory).glob("*.png"))
    if not paths:
        raise FileNotFoundError(f"{directory}: no .png frames in it")
    for path in paths:
        with Image.open(path) as image:
            yield np.asarray(image.convert("RGB"))
