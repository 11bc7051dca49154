"""``pins-and-needles bench``: compile times, simulation cost per frame, offscreen frame rates.

Prints plain lines:
- numba compile time on a first start (a fresh, empty cache directory) and on a cached start
  (the same directory again), each in its own Python process, as a user's start would be;
- offscreen frames per second of the flight at 1280x720 without the simulation thread, with
  it at the default slow motion, and with it computing flat out (real time);
- the simulation's cost per rendered frame at the default slow motion: electrical ms
  simulated and CPU ms spent in kernels;
- the explore experience as ``game.app`` runs it (the whole nerve in its thread at the
  default clocks, HUD, captions, vignette, flash limiting), in the nerve world with its ions
  and pumps (the default view) and inside one fibre (after V): frame time median and 99th
  percentile at 1280x720, the CPU the per-frame update (snapshot to glow, blood, ions, pumps
  and HUD) takes on the main thread, the particles uploaded per frame and the upload's own
  cost, and the nerve simulation's CPU per rendered frame (advancing both clocks, and
  reading the nerve's status); then the same at 320x180, where the update's figure is its
  own CPU (at 1280x720 it also waits for the rasteriser to finish the frame before);
- before those, the main thread's CPU per frame in the nerve world part by part (node glow
  and flash limiter, blood, label pick, ion kernel, upload, pumps, HUD) at a fixed 120
  frames a second of play, and all its Python work per frame (every task but the draw):
  the issue's budget is 4 ms.

Frame times are the intervals between successive frames of a running loop; a software
rasteriser defers its work, so one frame's interval can hold part of the previous one's
drawing, but the median and the tail over hundreds of frames are what a visitor sees.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

from game import REPO_ROOT
from game.options import RunOptions

COMPILE_SCRIPT = (
    "import time; started = time.perf_counter()\n"
    "from game.sim.warm_up import compile_kernels\n"
    "compile_kernels(lambda fraction, label: None)\n"
    "print(time.perf_counter() - started)\n"
)


def compile_seconds(cache_dir: str) -> float:
    """Seconds to import the simulation and compile (or load) its kernels, in a new process."""
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run(
        [sys.executable, "-c", COMPILE_SCRIPT],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(f"compiling the kernels failed: {result.stderr.strip()[-500:]}")
    return float(result.stdout.strip().splitlines()[-1])


def frames_per_second(base, flight, frames: int) -> float:
    """Frames per second of the running flight, waiting for the driver to finish drawing."""
    flight.start()
    try:
        for _ in range(10):
            base.task_mgr.step()
        started = time.perf_counter()
        for _ in range(frames):
            base.task_mgr.step()
        base.win.get_screenshot()  # reading pixels back waits for every queued frame
        return frames / (time.perf_counter() - started)
    finally:
        flight.stop()


def render_figures(width_px: int, height_px: int, frames: int) -> list[str]:
    from game.play.sim_thread import SimulationThread
    from game.render.camera_rail import CameraRail, configure_lens
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.fiber_scene import FiberScene
    from game.render.flight import Flight
    from game.sim.commands import SetPacemaker
    from game.sim.fiber import MyelinatedFiber
    from game.sim.warm_up import compile_kernels

    default_rate = RunOptions().electrical_ms_per_s
    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=width_px, height_px=height_px)
    )
    lines = [f"renderer: {base.win.gsg.get_driver_renderer()}"]
    try:
        fiber = MyelinatedFiber(diameter_um=10.0, n_nodes=30)
        scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=base.render)
        base.set_background_color(*scene.look.fog_colour, 1.0)
        configure_lens(base.cam.node().get_lens(), far_um=scene.look.far_um)
        rail = CameraRail(scene.layout)

        def flight_for(sim):
            return Flight(
                sim=sim, scene=scene, rail=rail, camera=base.camera, hud=None,
                task_mgr=base.task_mgr, clock=base.clock,
            )  # fmt: skip

        idle = SimulationThread(fiber, electrical_ms_per_s=default_rate)  # never started
        fps_idle = frames_per_second(base, flight_for(idle), frames)
        size = f"{width_px}x{height_px}"
        lines.append(f"offscreen fps at {size}, no sim thread: {fps_idle:.0f}")
        for label, rate in (("default slow motion", default_rate), ("flat out, real time", 1000.0)):
            sim = SimulationThread(
                MyelinatedFiber(diameter_um=10.0, n_nodes=30),
                electrical_ms_per_s=rate,
                warm_up=compile_kernels,
            )
            sim.start()
            try:
                sim.ready.wait(600)
                sim.send(SetPacemaker(node=0, period_ms=3.0))
                # The first advance settles the fibre at rest (30 ms of electrical time in
                # one go): leave it out of the per-frame cost.
                sim.set_play_time(0.01)
                while sim.advance_calls == 0 and sim.error is None:
                    time.sleep(0.01)
                busy_before, t_before = sim.busy_s, sim.latest().t_ms
                fps = frames_per_second(base, flight_for(sim), frames)
                busy_ms = 1000.0 * (sim.busy_s - busy_before)
                electrical_ms = sim.latest().t_ms - t_before
            finally:
                sim.stop()
            lines.append(f"offscreen fps at {size}, sim thread at {label}: {fps:.0f}")
            if rate == default_rate:
                per_frame = frames + 10
                lines.append(
                    f"sim per rendered frame at {1000 / rate:,.0f}x slow motion: "
                    f"{electrical_ms / per_frame * 1000:.2f} us electrical, "
                    f"{busy_ms / per_frame:.3f} ms CPU in kernels"
                )
        scene.cleanup()
    finally:
        base.destroy()
        unload_prc(page)
    return lines


def explore_figures(width_px: int, height_px: int, frames: int) -> list[str]:
    """The explore experience as ``game.app`` runs it (wall clock, the nerve thread at the
    default clocks, HUD, captions, vignette, flash limiting): frame times in the nerve world
    (the default view, with ions and pumps) and inside one fibre (after V), the main thread's
    per-frame update, particles uploaded per frame and the upload's cost, and the nerve
    simulation's CPU per rendered frame."""
    import numpy as np

    from game.app import run
    from game.options import RunOptions

    warm = 30  # first uploads, shader binding, the first status reading
    stamps: dict[str, list[float]] = {"world": [], "tunnel": []}
    updates: dict[str, list[float]] = {"world": [], "tunnel": []}
    uploads: list[float] = []
    facts: dict = {}

    def hook(session, frame: int) -> None:
        driver, world = session.driver, session.views["world"]
        view = "world" if frame < warm + frames + 1 else "tunnel"
        if frame == 0:
            facts["particles"] = world.particles
            facts["ion_nodes"] = len(world.ion_node_index)
            facts["nodes"] = len(world.world.node_sites().radius_du)
        if frame in (warm, warm + frames + 1):
            # numbers, not the snapshot: the thread refills its buffers in place
            sim, snap = session.sim, session.sim.latest()
            facts["sim0" if frame == warm else "sim1"] = (
                sim.busy_s,
                sim.status_s,
                snap.electrical_ms,
                snap.physiological_s,
            )
        if frame == warm + frames + 1:
            session.switch_view("tunnel")
        if warm <= frame <= warm + frames or frame >= 2 * warm + frames + 1:
            stamps[view].append(time.perf_counter())
            if frame != warm and frame != 2 * warm + frames + 1:
                updates[view].append(driver.update_s[-1])
                if view == "world":
                    uploads.append(world.upload_s)

    options = RunOptions(offscreen=True, frames=2 * (warm + frames) + 2, width_px=width_px,
                         height_px=height_px)  # fmt: skip
    run(options, frame_hooks=[hook])
    size = f"{width_px}x{height_px}"
    lines = []
    for view, label in (("world", "the nerve (world view, ions, pumps)"),
                        ("tunnel", "inside one fibre (tunnel view)")):  # fmt: skip
        frame_ms = np.diff(stamps[view]) * 1000.0
        update_ms = np.asarray(updates[view]) * 1000.0
        median_ms, p99_ms = np.median(frame_ms), np.percentile(frame_ms, 99)
        lines.append(
            f"explore at {size}, {label}, nerve thread running: frame time median "
            f"{median_ms:.1f} ms, p99 {p99_ms:.1f} ms ({1000.0 / median_ms:.0f} fps); "
            f"main-thread update median {np.median(update_ms):.2f} ms, "
            f"p99 {np.percentile(update_ms, 99):.2f} ms"
        )
    upload_ms = np.asarray(uploads) * 1000.0
    lines.append(
        f"ions: {facts['particles']:,} particles uploaded per frame (Na+ and K+ at the "
        f"{facts['ion_nodes']} of {facts['nodes']} nodes the rail passes); upload median "
        f"{np.median(upload_ms):.3f} ms, p99 {np.percentile(upload_ms, 99):.3f} ms"
    )
    (busy0, status0, el0, ph0), (busy1, status1, el1, ph1) = facts["sim0"], facts["sim1"]
    per = 1000.0 / frames
    lines.append(
        f"nerve sim per rendered frame (world view): {per * (busy1 - busy0):.2f} ms CPU "
        f"advancing, {per * (status1 - status0):.2f} ms CPU reading status; "
        f"{1000.0 * (el1 - el0) / frames:.2f} us electrical, "
        f"{(ph1 - ph0) / frames:.2f} s physiological"
    )
    return lines


class _TimedEngine:
    """Stands in for ShowBase's graphics engine and adds up the main thread's CPU in
    ``renderFrame`` (Panda's cull and draw, and the driver's share of the rasterising)."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self.render_s = 0.0

    def renderFrame(self) -> None:  # ShowBase calls it by this name
        started = time.thread_time()
        self._engine.renderFrame()
        self.render_s += time.thread_time() - started

    def __getattr__(self, name):
        return getattr(self._engine, name)


def explore_cpu_split(frames: int, frame_s: float = 1.0 / 120.0) -> list[str]:
    """The main thread's CPU per frame of the explore experience in the nerve world, part by
    part (``FrameCosts``), at a fixed step of ``frame_s`` of play per frame (the 120 fps
    target: parts that run at a lower rate, the HUD's words and the label pick, cost what
    they would there), and all its Python work per frame: every task but the draw."""
    import numpy as np

    from game.app import run
    from game.render.explore_view import FrameCosts

    warm = 30
    state: dict = {"task_s": []}

    def hook(session, frame: int) -> None:
        base = session.base
        now = time.thread_time()
        if frame == 0:
            session.driver.costs = FrameCosts()
            state["engine"] = base.graphicsEngine = _TimedEngine(base.graphicsEngine)
        elif frame > warm:
            engine = state["engine"]
            state["task_s"].append(now - state["t"] - (engine.render_s - state["render_s"]))
        if frame >= warm:
            state["t"], state["render_s"] = now, state["engine"].render_s
        if frame == warm:
            state["costs"] = session.driver.costs
            for part in state["costs"].parts.values():
                part.clear()
        if frame == warm + frames:
            base.graphicsEngine = state["engine"]._engine
            state["wall_s"] = list(session.driver.update_s)[-frames:]

    options = RunOptions(offscreen=True, frames=warm + frames + 1, width_px=320, height_px=180,
                         fixed_frame_s=frame_s)  # fmt: skip
    run(options, frame_hooks=[hook])
    costs = state["costs"]
    title = (
        f"main-thread CPU per frame in the nerve world, by part (median ms over {frames} "
        f"frames at {1.0 / frame_s:.0f} frames per second of play, thread time):"
    )
    lines = [title]
    total = np.zeros(min(len(v) for v in costs.parts.values()))
    for part, seconds in costs.parts.items():
        ms = np.asarray(seconds)[-len(total) :] * 1000.0
        total += ms
        lines.append(f"  {part:<44} {np.median(ms):6.3f}  (p99 {np.percentile(ms, 99):.3f})")
    lines.append(f"  {'explore update, all parts':<44} {np.median(total):6.3f}  "
                 f"(p99 {np.percentile(total, 99):.3f})")  # fmt: skip
    wall_ms = np.asarray(state["wall_s"]) * 1000.0
    lines.append(f"  {'explore update, wall clock (waits included)':<44} "
                 f"{np.median(wall_ms):6.3f}  (p99 {np.percentile(wall_ms, 99):.3f})")  # fmt: skip
    task_ms = np.asarray(state["task_s"]) * 1000.0
    lines.append(f"  {'every task but the draw (vignette, captions...)':<44} "
                 f"{np.median(task_ms):6.3f}  (p99 {np.percentile(task_ms, 99):.3f})")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pins-and-needles bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--frames", type=int, default=300, help="frames per fps measurement")
    parser.add_argument("--skip-compile", action="store_true", help="skip the compile timing")
    parser.add_argument(
        "--split-only",
        action="store_true",
        help="only the main thread's CPU per frame, part by part",
    )
    parser.add_argument(
        "--nerve-only",
        action="store_true",
        help="only the explore experience (both views) with the nerve thread",
    )
    args = parser.parse_args(argv)
    if args.frames < 1:
        parser.error("--frames must be at least 1")
    if args.split_only:
        for line in explore_cpu_split(args.frames):
            print(line, flush=True)
        return 0
    if not args.skip_compile and not args.nerve_only:
        with tempfile.TemporaryDirectory(prefix="pins-and-needles-bench-numba-") as cache_dir:
            first = compile_seconds(cache_dir)
            print(f"numba compile, first start (empty cache): {first:.2f} s", flush=True)
            cached = compile_seconds(cache_dir)
            print(f"numba compile, cached start: {cached:.2f} s", flush=True)
    if not args.nerve_only:
        for line in render_figures(1280, 720, args.frames):
            print(line, flush=True)
    for line in explore_cpu_split(args.frames):
        print(line, flush=True)
    for line in explore_figures(1280, 720, args.frames):
        print(line, flush=True)
    # At 1280x720 the software rasteriser's deferred drawing of the previous frame lands in
    # whichever main-thread call touches GPU data first (the uploads), so the update there
    # counts drawing too; a small frame shows the update's own CPU cost.
    for line in explore_figures(320, 180, args.frames):
        if line.startswith("explore at"):
            print(line + " (small frame: the update's own CPU)", flush=True)
    return 0
