"""Limits how often any region of the picture may go bright, and how bright: flash safety on
the renderer's side, after WCAG 2.3.1 ("three flashes or below").

The simulation decides when a node fires; during the pins-and-needles barrage nodes fire at
tens of hertz, far above the three flashes a second WCAG allows. This module sits between
the snapshot and the scene: per region (a node's ring, a particle cluster...) it counts the
*onsets* of brightness (glow rising through ``bright_level``) and lets at most
``max_flashes_per_s`` of them through in any one-second window; an onset over budget is held
at ``bright_level`` until the region goes dark again, so it never becomes a flash. Every
value is multiplied by ``glow_gain`` (calm mode softens the glow). Below ``bright_level``
glow passes unchanged (times the gain): depolarisation stays visible, only flashes are
rationed. Glow is 0 (dark) to 1 (full) as the wall shader maps it from the node potential
(``(v - v_rest) / (v_peak - v_rest)``, fiber_wall.vert); ``limit_potentials`` does that
mapping both ways so a caller can filter the potentials it hands to ``FiberScene``.

``FlashLimiter.limit`` is a few numpy vector operations per frame (the reference);
``limit_potentials``, which the scenes call every frame over thousands of nodes, does the same
in one numba loop (no temporaries; tests/safety check that both agree frame by frame).
``limit_flashes`` runs a whole sequence.
"""

import math

import numpy as np

from game.render.ions.main_thread_jit import MAIN_THREAD_FLAGS, njit

#: Glow above this fraction of full counts as "bright" (the onset of a flash).
BRIGHT_LEVEL = 0.2


class FlashLimiter:
    """Streaming limiter for ``n_regions`` regions; frames ``1/fps`` apart unless told."""

    #: More onsets a second than this is no limit at all (and would only cost memory).
    MAX_BUDGET = 1000

    def __init__(
        self,
        n_regions: int,
        *,
        fps: float,
        max_flashes_per_s: float = 3.0,
        glow_gain: float = 1.0,
        bright_level: float = BRIGHT_LEVEL,
    ) -> None:
        if not (isinstance(n_regions, int) and n_regions > 0):
            raise ValueError(f"n_regions: expected a positive whole number, got {n_regions!r}")
        if not (math.isfinite(fps) and fps > 0):
            raise ValueError(f"fps: expected a positive number, got {fps!r}")
        if not (max_flashes_per_s >= 0):  # inf allowed: no limit
            raise ValueError(
                f"max_flashes_per_s: expected a number of 0 or more, got {max_flashes_per_s!r}"
            )
        if not (math.isfinite(glow_gain) and 0.0 <= glow_gain <= 1.0):
            raise ValueError(f"glow_gain: expected a number from 0 to 1, got {glow_gain!r}")
        if not 0.0 < bright_level < 1.0:
            raise ValueError(
                f"bright_level: expected a number between 0 and 1, got {bright_level!r}"
            )
        self.n_regions = n_regions
        self.frame_s = 1.0 / float(fps)
        self.glow_gain = float(glow_gain)
        self.bright_level = float(bright_level)
        #: Onsets allowed per region in any one second.
        self.budget = math.floor(min(max_flashes_per_s, self.MAX_BUDGET) + 1e-9)
        # The times of each region's last ``budget`` allowed onsets (oldest first); never,
        # to start with.
        self._onsets_s = np.full((n_regions, max(1, self.budget)), -np.inf)
        self._bright_in = np.zeros(n_regions, dtype=bool)  # input above the level last frame
        self._passing = np.zeros(n_regions, dtype=bool)  # current bright spell was allowed
        #: The time of the last frame limited (the first frame is at 0).
        self.time_s = -self.frame_s
        self.frame = 0

    def limit(self, glow: np.ndarray, dt_s: float | None = None) -> np.ndarray:
        """This frame's glow per region (0..1) -> the glow to show (0..glow_gain).

        ``dt_s``: seconds since the previous frame (default ``1/fps``), for a renderer whose
        frame rate varies.
        """
        glow = np.asarray(glow, dtype=np.float64)
        if glow.shape != (self.n_regions,):
            raise ValueError(f"glow: expected shape ({self.n_regions},), got {glow.shape}")
        now = self.time_s + (self.frame_s if dt_s is None else max(0.0, dt_s))
        glow = np.clip(glow, 0.0, 1.0)
        bright = glow > self.bright_level
        onset = bright & ~self._bright_in
        if self.budget > 0:
            # Allowed if the oldest of the last `budget` onsets has left the one-second
            # window (a microsecond of slack for sums of frame times).
            allowed = onset & (now - self._onsets_s[:, 0] >= 1.0 - 1e-6)
            if allowed.any():
                rows = np.flatnonzero(allowed)
                self._onsets_s[rows, :-1] = self._onsets_s[rows, 1:]
                self._onsets_s[rows, -1] = now
        else:
            allowed = np.zeros_like(onset)
        # A spell stays allowed (or held) until the input goes dark again.
        self._passing = np.where(onset, allowed, self._passing & bright)
        shown = np.where(self._passing | ~bright, glow, self.bright_level)
        self._bright_in = bright
        self.time_s = now
        self.frame += 1
        return shown * self.glow_gain


@njit(**MAIN_THREAD_FLAGS)
def _limit_potentials(v, v_rest, v_peak, onsets, bright_in, passing, now, budget, bright_level,
                      gain, out):  # fmt: skip
    """``FlashLimiter.limit`` of the glow of potentials ``v`` (float32), mapped back to
    potentials, into ``out``: element by element what the numpy reference does."""
    span = v_peak - v_rest
    keep = onsets.shape[1]
    for i in range(len(v)):
        x = float(v[i])
        glow = min(1.0, max(0.0, (x - v_rest) / span))
        bright = glow > bright_level
        if bright and not bright_in[i]:  # an onset: allowed while the budget lasts
            allowed = budget > 0 and now - onsets[i, 0] >= 1.0 - 1e-6
            if allowed:
                for k in range(keep - 1):
                    onsets[i, k] = onsets[i, k + 1]
                onsets[i, keep - 1] = now
            passing[i] = allowed
        else:
            passing[i] = passing[i] and bright
        shown = glow if (passing[i] or not bright) else bright_level
        bright_in[i] = bright
        out[i] = x if x < v_rest else np.float32(v_rest + shown * gain * span)


def limit_flashes(
    glow_frames: np.ndarray,
    *,
    fps: float,
    max_flashes_per_s: float = 3.0,
    glow_gain: float = 1.0,
    bright_level: float = BRIGHT_LEVEL,
) -> np.ndarray:
    """The limited glow of a whole sequence, shape (frames, regions) -> the same shape."""
    glow_frames = np.asarray(glow_frames, dtype=np.float64)
    if glow_frames.ndim != 2:
        raise ValueError(f"glow_frames: expected shape (frames, regions), got {glow_frames.shape}")
    limiter = FlashLimiter(
        glow_frames.shape[1],
        fps=fps,
        max_flashes_per_s=max_flashes_per_s,
        glow_gain=glow_gain,
        bright_level=bright_level,
    )
    return np.array([limiter.limit(row) for row in glow_frames]).reshape(glow_frames.shape)


def glow_of_potentials(v_mV: np.ndarray, *, v_rest_mV: float, v_peak_mV: float) -> np.ndarray:
    """The wall shader's glow (0..1) of node potentials (fiber_wall.vert)."""
    return np.clip((np.asarray(v_mV, np.float64) - v_rest_mV) / (v_peak_mV - v_rest_mV), 0, 1)


def limit_potentials(
    limiter: FlashLimiter,
    v_mV: np.ndarray,
    *,
    v_rest_mV: float,
    v_peak_mV: float,
    dt_s: float | None = None,
) -> np.ndarray:
    """Node potentials (float32 mV) whose glow, as the wall shader draws it, is ``limiter``'s.

    Potentials below rest are kept (they draw no glow either way); the rest are replaced by
    the potential that draws the limited glow.
    """
    v = np.ascontiguousarray(v_mV, dtype=np.float32)
    if v.shape != (limiter.n_regions,):
        raise ValueError(f"v_mV: expected shape ({limiter.n_regions},), got {v.shape}")
    now = limiter.time_s + (limiter.frame_s if dt_s is None else max(0.0, dt_s))
    out = np.empty_like(v)
    _limit_potentials(v, float(v_rest_mV), float(v_peak_mV), limiter._onsets_s,
                      limiter._bright_in, limiter._passing, now, limiter.budget,
                      limiter.bright_level, limiter.glow_gain, out)  # fmt: skip
    limiter.time_s = now
    limiter.frame += 1
    return out


class FlashLimitedScene:
    """Stands in for a scene with ``show_potentials`` (``FiberScene``) and rations its flashes.

    Everything else is passed through to the scene, so ``game.render.flight.Flight`` can be
    handed this instead of the scene. The frame time comes from ``clock.get_dt()`` or
    ``fixed_frame_s``; the budget from ``comfort.max_flashes_per_s``. Brightness is left to
    the scene (``FiberScene.set_glow_gain(comfort.glow_gain)``); pass ``glow_gain`` to have
    the limiter scale it instead, for a scene that cannot.
    """

    def __init__(
        self,
        scene,
        comfort,
        *,
        clock=None,
        fixed_frame_s: float | None = None,
        glow_gain: float = 1.0,
    ) -> None:
        self._scene = scene
        self._clock = clock
        self._fixed_frame_s = fixed_frame_s
        self._look = scene.look
        self.limiter = FlashLimiter(
            scene.layout.n_nodes,
            fps=1.0 / fixed_frame_s if fixed_frame_s else 30.0,
            max_flashes_per_s=comfort.max_flashes_per_s,
            glow_gain=glow_gain,
        )

    def show_potentials(self, v_node_mV: np.ndarray) -> None:
        if self._fixed_frame_s is not None:
            dt = self._fixed_frame_s
        elif self._clock is not None:
            dt = self._clock.get_dt()
        else:
            dt = None
        look = self._look
        self._scene.show_potentials(
            limit_potentials(
                self.limiter, v_node_mV, v_rest_mV=look.v_rest_mV, v_peak_mV=look.v_peak_mV,
                dt_s=dt,
            )
        )  # fmt: skip

    def __getattr__(self, name):
        return getattr(self._scene, name)
