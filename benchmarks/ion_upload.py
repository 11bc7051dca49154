"""What the ion particles cost per frame at 20k, 50k and 100k particles (issue 4's benchmark).

Prints figures, asserts nothing (these machines are noisy):

    .venv/bin/python benchmarks/ion_upload.py [--frames 60] [--size 1280x720] [--sites 10]

For each count: particles uploaded per frame; the numba kernels' cost (``IonField.advance``:
diffusion, membrane crossings from a synthetic spike train and pump cycles, vertex rows) in
ms; the upload alone (``IonCloud.upload``: one memoryview copy per species) in ms; the pumps'
update in ms (these three measured with nothing rendering, as a software renderer
rasterises on its own threads after a frame is submitted); then whole frames back to back
(update, upload, draw: median and 99th percentile ms, and frames per second). On a software
renderer the frame time is the cost of rasterising the points, not of the upload. The
kernel's minimum is shown beside its median: on a shared machine the median mostly measures
the other processes.
"""

import argparse
import os
import statistics
import time

import numpy as np

COUNTS = (20_000, 50_000, 100_000)


def percentile(values, q):
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--sites", type=int, default=10)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    os.environ.setdefault("EGL_PLATFORM", "surfaceless")

    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.ions.demo import SyntheticNerve, demo_camera
    from game.render.ions.particles import IonFieldSettings
    from game.render.ions.sites import straight_fibre_sites
    from game.render.ions.view import IonsView

    base, page = open_showbase(DisplaySettings(offscreen=True, width_px=width, height_px=height))
    renderer = base.win.gsg.get_driver_renderer()
    print(f"renderer: {renderer}; {width}x{height}; {args.sites} sites; {args.frames} frames")
    print(f"{'particles':>10} {'kernel ms':>10} {'(min)':>7} {'upload ms':>10} {'pumps ms':>9} "
          f"{'frame ms median':>16} {'p99':>7} {'frames/s':>9}")  # fmt: skip
    dt = 1.0 / 60.0
    try:
        sites = straight_fibre_sites(args.sites, spacing_um=11.0, radius_um=3.0, half_length_um=4.5)
        demo_camera(base, sites)
        for count in COUNTS:
            view = IonsView(sites, base.render, settings=IonFieldSettings(n_per_species=count // 2))
            view.update_view(base.cam.node().get_lens(), base.cam.node().get_display_region(0))
            nerve = SyntheticNerve(sites.n_sites, electrical_ms_per_s=1.0)
            field, cloud, pumps = view.field, view.cloud, view.pumps
            # 1. The CPU costs alone, with nothing rendering: llvmpipe rasterises a frame
            # on its own threads after render_frame() returns, and would share the CPU.
            base.win.get_screenshot()  # reading the frame back waits for the rasteriser
            kernel, upload, pump = [], [], []
            for i in range(args.frames + 5):
                view.readings.gather(nerve.at((i + 1) * dt), sites)
                t0 = time.perf_counter()
                field.advance(view.readings, play_dt_s=dt, electrical_dt_ms=dt * 1.0)
                t1 = time.perf_counter()
                cloud.upload()
                t2 = time.perf_counter()
                pumps.update(view.readings.pump_rate, dt)
                t3 = time.perf_counter()
                if i >= 5:  # the first calls load the compiled kernels
                    kernel.append(1e3 * (t1 - t0))
                    upload.append(1e3 * (t2 - t1))
                    pump.append(1e3 * (t3 - t2))
            # 2. Whole frames: update, upload and draw, back to back.
            frame = []
            start = time.perf_counter()
            for i in range(args.frames + 5):
                t0 = time.perf_counter()
                view.update(nerve.at((args.frames + i + 6) * dt), dt)
                base.graphics_engine.render_frame()
                if i >= 5:
                    frame.append(1e3 * (time.perf_counter() - t0))
                if i == 4:
                    start = time.perf_counter()
            fps = args.frames / (time.perf_counter() - start)
            print(
                f"{field.n_particles:>10,} {statistics.median(kernel):>10.2f} {min(kernel):>7.2f} "
                f"{statistics.median(upload):>10.3f} {statistics.median(pump):>9.3f} "
                f"{statistics.median(frame):>16.1f} {percentile(frame, 99):>7.1f} {fps:>9.1f}"
            )
            view.cleanup()
    finally:
        base.destroy()
        unload_prc(page)


if __name__ == "__main__":
    main()
