"""What a frame of the nerve world costs offscreen (issue 4's benchmark for the world).

Renders the whole nerve world (anatomy, node glow, blood cells, labels) along the guided rail
at 1280x720 with a synthetic snapshot that changes every frame (spikes travelling, pressure
ramping on and off so the blood slows, stops and restarts), and prints figures; asserts
nothing (these machines are noisy):

    .venv/bin/python benchmarks/world_frame.py [--frames 200] [--size 1280x720]

- build time of the world (geometry generated at load), vertices and draw nodes;
- frame time, median and 99th percentile, each frame waited for with glFinish (called from a
  draw callback inside Panda3D's context; llvmpipe defers work otherwise);
- the CPU side alone: ``NerveWorld.update`` (snapshot gather, uploads, blood kernel, label
  pick) per frame, median and p99, its parts in main-thread CPU (thread time:
  ``game.render.explore_view.FrameCosts``), and the blood-cell upload's share.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _finish_callback():
    """A CallbackNode whose draw callback calls glFinish (or None without PyOpenGL)."""
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
    try:
        from OpenGL import GL
    except Exception:  # noqa: BLE001 - optional: fall back to unsynced frame times
        return None
    from panda3d.core import CallbackNode, PythonCallbackObject

    def finish(cbdata):
        cbdata.upcall()
        GL.glFinish()

    node = CallbackNode("gl-finish")
    node.set_draw_callback(PythonCallbackObject(finish))
    return node


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument(
        "--cells", type=int, default=None, help="blood cells (default: the layout's)"
    )
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    import numpy as np
    from panda3d.core import BoundingSphere, Point3

    from game.render.camera_rail import configure_lens
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.explore_view import FrameCosts
    from game.render.nerve_world.layout import LayoutSettings
    from game.render.nerve_world.scene import NerveWorld
    from game.render.nerve_world.synthetic import fill, snapshot_shape

    base, page = open_showbase(DisplaySettings(offscreen=True, width_px=width, height_px=height))
    try:
        print(
            f"renderer: {base.win.gsg.get_driver_renderer()}, LP_NUM_THREADS={os.environ.get('LP_NUM_THREADS')}"
        )
        snapshot = snapshot_shape()
        settings = (
            LayoutSettings() if args.cells is None else LayoutSettings(n_blood_cells=args.cells)
        )
        started = time.perf_counter()
        world = NerveWorld(base.render, snapshot, aspect2d=base.aspect2d, layout_settings=settings)
        build_s = time.perf_counter() - started
        vertices = sum(
            g.get_vertex_data().get_num_rows()
            for np_ in world.root.find_all_matches("**/+GeomNode")
            for g in np_.node().get_geoms()
        )
        print(f"world built in {build_s:.2f} s: {vertices:,} vertices, "
              f"{world.root.find_all_matches('**/+GeomNode').get_num_paths()} geom nodes, "
              f"{world.blood.n_cells} blood cells, {world.sites.n_nodes} glowing nodes")  # fmt: skip
        base.set_background_color(*world.look.fog_colour, 1.0)
        configure_lens(base.cam.node().get_lens(), far_um=world.look.far_du)
        base.cam.node().get_lens().set_near(0.2)
        finisher = _finish_callback()
        if finisher is not None:
            finisher.set_bounds(BoundingSphere(Point3(0, 0, 0), 1e6))
            path = base.render.attach_new_node(finisher)
            path.set_bin("fixed", 10000)
        dt = 1.0 / 60.0
        costs = FrameCosts()
        frame_ms, update_ms, upload_ms = [], [], []
        for k in range(args.frames + 10):
            t = k * dt
            pose = world.rail.pose_at(t * 4.0)
            base.camera.set_pos(*pose.position_du)
            base.camera.look_at(*pose.look_at_du)
            pressure = 150.0 if (k // 60) % 2 else 0.0
            fill(snapshot, t, pressure)
            t0 = time.perf_counter()
            costs.start()
            world.update(snapshot, dt, base.camera, costs=costs)
            t1 = time.perf_counter()
            base.graphics_engine.render_frame()
            t2 = time.perf_counter()
            memoryview(world.blood.texture.modify_ram_image())[:] = world.blood.texels.view(
                np.uint8
            ).ravel()
            t3 = time.perf_counter()
            if k >= 10:
                update_ms.append(1000 * (t1 - t0))
                frame_ms.append(1000 * (t2 - t0))
                upload_ms.append(1000 * (t3 - t2))
        frame_ms, update_ms, upload_ms = map(np.array, (frame_ms, update_ms, upload_ms))
        sync = "glFinish each frame" if finisher is not None else "NOT synced (no PyOpenGL)"
        print(
            f"frame at {width}x{height} ({sync}): median {np.median(frame_ms):.1f} ms, "
            f"p99 {np.percentile(frame_ms, 99):.1f} ms ({1000 / np.median(frame_ms):.0f} fps)"
        )
        print(
            f"CPU update (gather, uploads, blood kernel, label): median {np.median(update_ms):.2f} ms, "
            f"p99 {np.percentile(update_ms, 99):.2f} ms"
        )
        for part, seconds in costs.parts.items():
            ms = 1000.0 * np.asarray(seconds)[10:]
            print(f"  {part}: median {np.median(ms):.3f} ms CPU, p99 {np.percentile(ms, 99):.3f}")
        print(
            f"blood-cell upload alone ({world.blood.n_cells} cells, "
            f"{world.blood.texels.nbytes / 1024:.0f} KiB): median {1000 * np.median(upload_ms):.0f} us"
        )
        world.cleanup()
    finally:
        base.destroy()
        unload_prc(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
