"""Records the worst case for flash safety: the pins-and-needles barrage on the fibre's node
rings, in normal or calm mode, as PNG frames for the flash analyser.

During recovery from compression, nodes fire on their own at tens of hertz (DESIGN.md,
recovery 20-40 s: "random bursts throughout the nerve"). This renders the tunnel scene
(``game.render.fiber_scene``) offscreen from inside the fibre while every node fires at
random at its own rate (default 20-50 Hz, Poisson, seeded), each spike shown at full glow
for the frame it fires in. As in the app, the potentials go through the renderer-side flash
limiter (``game.render.flash_limiter``) with the comfort settings' ``max_flashes_per_s`` and
the scene's glow is scaled by ``glow_gain`` (``--calm`` for calm mode, ``--no-limit`` to see
the raw barrage), so the recording shows what calm mode makes of the barrage.

    python -m game.safety.barrage_recording OUT_DIR [--calm] [--no-limit] [--seconds S]
    pins-and-needles flashcheck OUT_DIR --fps 30

Runs in its own process: it opens its own offscreen ShowBase.
"""

import argparse
import math
import sys
from pathlib import Path

import numpy as np

FPS = 30.0
N_NODES = 14
FIBER_DIAMETER_UM = 10.0
#: The camera sits on the axis between node 1 and node 2, looking up the fibre: the next
#: rings fill most of the picture, the farther ones shrink into the fog.
CAMERA_NODE = 2


def barrage_potentials(
    frames: int, n_nodes: int, *, rate_hz=(20.0, 50.0), fps: float = FPS, seed: int = 7,
    v_rest_mV: float = -80.0, v_peak_mV: float = 30.0,
) -> np.ndarray:  # fmt: skip
    """(frames, n_nodes) float32 potentials: each node fires at random at its own rate."""
    rng = np.random.default_rng(seed)
    rates = rng.uniform(rate_hz[0], rate_hz[1], n_nodes)
    fired = rng.random((frames, n_nodes)) < 1.0 - np.exp(-rates / fps)
    return np.where(fired, v_peak_mV, v_rest_mV).astype(np.float32)


def record(
    out_dir: Path,
    *,
    comfort,
    limit: bool = True,
    seconds: float = 3.0,
    size_px: tuple[int, int] = (320, 180),
    seed: int = 7,
) -> int:
    """Render the barrage into ``out_dir`` (frame_000000.png ...); returns the frame count."""
    from game.render.camera_rail import configure_lens
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.fiber_scene import FiberScene
    from game.render.flash_limiter import FlashLimiter, limit_potentials
    from game.render.frame_capture import FrameCapture
    from game.sim.fiber_geometry import mrg_geometry

    out_dir.mkdir(parents=True, exist_ok=True)
    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=size_px[0], height_px=size_px[1])
    )
    try:
        geometry = mrg_geometry(diameter_um=FIBER_DIAMETER_UM)
        node_x_um = np.arange(N_NODES) * geometry.node_spacing_um
        scene = FiberScene(geometry, node_x_um, parent=base.render)
        look = scene.look
        base.set_background_color(*look.fog_colour, 1.0)
        configure_lens(base.cam.node().get_lens(), far_um=look.far_um)
        layout = scene.layout
        eye_y = float(layout.node_y_um[CAMERA_NODE] - 0.5 * layout.internode_length_um)
        base.camera.set_pos(0.0, eye_y, 0.0)
        base.camera.look_at(0.0, eye_y + 10.0, 0.0)

        frames = round(seconds * FPS)
        potentials = barrage_potentials(
            frames, N_NODES, seed=seed, v_rest_mV=look.v_rest_mV, v_peak_mV=look.v_peak_mV
        )
        # As the app does: the scene softens the glow (calm mode), the limiter rations it.
        gain = comfort.glow_gain if limit else 1.0
        scene_gain = hasattr(scene, "set_glow_gain")
        if scene_gain:
            scene.set_glow_gain(gain)
        limiter = FlashLimiter(
            N_NODES,
            fps=FPS,
            max_flashes_per_s=comfort.max_flashes_per_s if limit else math.inf,
            glow_gain=1.0 if scene_gain else gain,
        )
        capture = FrameCapture(screenshot=None, record_dir=out_dir)
        for index in range(frames):
            shown = limit_potentials(
                limiter, potentials[index], v_rest_mV=look.v_rest_mV, v_peak_mV=look.v_peak_mV
            )
            scene.show_potentials(shown)
            base.graphics_engine.render_frame()
            capture.after_frame(base.win, index)
        scene.cleanup()
        return frames
    finally:
        base.destroy()
        unload_prc(page)


def main(argv: list[str] | None = None) -> int:
    from game.comfort import ComfortSettings

    parser = argparse.ArgumentParser(
        prog="python -m game.safety.barrage_recording", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--calm", action="store_true", help="calm-mode comfort settings")
    parser.add_argument("--no-limit", action="store_true", help="the raw barrage, unlimited")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    comfort = ComfortSettings().calm() if args.calm else ComfortSettings()
    count = record(
        args.out_dir, comfort=comfort, limit=not args.no_limit, seconds=args.seconds,
        seed=args.seed,
    )  # fmt: skip
    sys.stdout.write(f"{count} frames at {FPS:g} fps in {args.out_dir}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
