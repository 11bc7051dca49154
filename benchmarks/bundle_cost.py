"""What the standard kiosk bundle costs per rendered frame (issue 3's benchmark).

The bundle: 12 fibres of each myelinated class (30 nodes each: MRG double cable) and 12 C
fibres (5 mm of 50 um compartments), every one on both clocks. Prints figures, asserts
nothing (these machines are noisy):

    .venv/bin/python benchmarks/bundle_cost.py [--frames 300] [--fps 60] [--no-nerve]
                                               [--one-by-one]

The electrical clock steps the whole bundle in one call (``game.sim.fibre_bundle``);
``--one-by-one`` steps each fibre with its own ``Fiber.advance`` call instead (as before the
bundle existed: the same results, to the last bit).

- compartment-steps per second of the electrical kernel, and its real-time factor (electrical
  ms simulated per CPU ms, all fibres on one core);
- CPU ms per frame at the default slow motion (0.2 electrical ms per second of play) and the
  default physiological speed-up, split into the electrical and the slow clock (which steps
  at 10 Hz: perfusion, ATP and ions change over seconds): mean, median and 99th percentile.
  Twice: with every fibre's slow step in the same frame (one frame in six pays for all of
  them), and staggered (each frame steps a sixth of the fibres; each fibre still steps every
  sixth frame, so the work is the same and only its spread over frames changes);
- the live nerve of the exhibit (``game.sim.nerve.Nerve``: one probe fibre per class):
  ``advance(play_s=1/60)`` and ``status()``.

Times are CPU time of this thread (``time.thread_time``): on a shared machine wall-clock time
also counts the time other processes held the core. The wall-clock mean is printed beside.
"""

import argparse
import time

import numpy as np

from game.sim.fiber import MyelinatedFiber, UnmyelinatedFiber
from game.sim.fibre_bundle import FibreBundle
from game.sim.fibre_classes import default_fibre_classes
from game.sim.profiles import profile
from game.sim.site_metabolism import SiteMetabolism

N_PER_CLASS = 12
N_NODES = 30
C_LENGTH_UM = 5000.0


def build_bundle(seed: int = 0):
    prof = profile("article")
    rng = np.random.default_rng(seed)
    bundle = []
    for cls in default_fibre_classes():
        low, high = cls.diameter_range_um
        for i in range(N_PER_CLASS):
            d = float(rng.uniform(max(low, 2.0) if cls.myelinated else max(low, 0.4), high))
            if cls.myelinated:
                fibre = MyelinatedFiber(diameter_um=d, n_nodes=N_NODES, seed=seed + i)
            else:
                fibre = UnmyelinatedFiber(diameter_um=d, length_um=C_LENGTH_UM, seed=seed + i)
            bundle.append((fibre, SiteMetabolism(fibre, prof.class_params[cls.name], seed=i)))
    return bundle


def _stats(values: list[float]) -> str:
    return (
        f"mean {np.mean(values):.2f}, median {np.median(values):.2f}, "
        f"99th percentile {np.percentile(values, 99):.2f} ms"
    )


def electrical_step(bundle, stepper, duration_ms: float) -> None:
    """Every fibre's electrical clock by ``duration_ms``: one bundle call, or fibre by fibre."""
    if stepper is not None:
        stepper.advance(duration_ms=duration_ms)
    else:
        for fibre, _ in bundle:
            fibre.advance(duration_ms=duration_ms)


def run_frames(bundle, stepper, args, *, stagger: bool) -> None:
    frame_s = 1.0 / args.fps
    electrical_ms = args.electrical_ms_per_s * frame_s
    physiological_s = args.physiological_speedup * frame_s
    slow_every = max(1, round(args.fps / args.slow_clock_hz))
    elec_cpu, slow_cpu, wall = [], [], []
    for frame in range(args.frames):
        w0 = time.perf_counter()
        t0 = time.thread_time()
        electrical_step(bundle, stepper, electrical_ms)
        t1 = time.thread_time()
        for i, (fibre, metabolism) in enumerate(bundle):
            phase = i % slow_every if stagger else slow_every - 1
            if frame % slow_every == phase:
                metabolism.advance(duration_s=physiological_s * slow_every)
                fibre.reset_accumulators()
        t2 = time.thread_time()
        wall.append((time.perf_counter() - w0) * 1000.0)
        elec_cpu.append((t1 - t0) * 1000.0)
        slow_cpu.append((t2 - t1) * 1000.0)
    total = np.add(elec_cpu, slow_cpu)
    how = "staggered over frames" if stagger else "all fibres in one frame"
    print(
        f"  slow steps {how}: {_stats(total)} (electrical {np.mean(elec_cpu):.2f}, slow clock "
        f"{np.mean(slow_cpu):.2f}; wall-clock mean {np.mean(wall):.2f} ms)"
    )


def live_nerve_cost(repeats: int = 30) -> None:
    from game.sim.nerve import Nerve

    started = time.perf_counter()
    nerve = Nerve()
    nerve.advance(play_s=1.0)
    nerve.status()
    print(f"live nerve (Nerve(): one probe fibre per class; built in "
          f"{time.perf_counter() - started:.1f} s):")  # fmt: skip
    t0 = time.thread_time()
    for _ in range(repeats):
        nerve.advance(play_s=1.0 / 60.0)
    advance_ms = (time.thread_time() - t0) / repeats * 1000.0
    t0 = time.thread_time()
    for _ in range(3):
        nerve.status()
    status_ms = (time.thread_time() - t0) / 3 * 1000.0
    print(f"  advance(play_s=1/60): {advance_ms:.1f} ms; status(): {status_ms:.1f} ms (CPU)")
    for name, fibre in nerve.fibres.items():
        t0 = time.thread_time()
        fibre.probe_conduction()
        probe_ms = (time.thread_time() - t0) * 1000.0
        sections = fibre.fiber.cable.kind.shape[0]
        print(f"    {name:8s} probe {probe_ms:6.1f} ms ({fibre.window_ms:.2f} electrical ms "
              f"at dt {fibre.fiber.dt_ms * 1000:g} us, {sections} compartments)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--fps", type=float, default=60.0)
    parser.add_argument("--electrical-ms-per-s", type=float, default=0.2)
    parser.add_argument("--physiological-speedup", type=float, default=12.0)
    parser.add_argument("--slow-clock-hz", type=float, default=10.0,
                        help="how often the slow clock steps (it changes over seconds)")  # fmt: skip
    parser.add_argument("--no-nerve", action="store_true", help="skip the live nerve's figures")
    parser.add_argument("--one-by-one", action="store_true",
                        help="step each fibre with its own call, not the bundle in one")  # fmt: skip
    args = parser.parse_args(argv)

    started = time.perf_counter()
    bundle = build_bundle()
    stepper = None if args.one_by_one else FibreBundle([f for f, _ in bundle])
    sections = sum(f.cable.kind.shape[0] for f, _ in bundle)
    sites = sum(f.n_sites for f, _ in bundle)
    print(f"bundle: {len(bundle)} fibres, {sections} compartments, {sites} ion sites "
          f"(built and calibrated in {time.perf_counter() - started:.1f} s)")  # fmt: skip

    # compile (or load from numba's cache) the slow clock's kernels outside the timed frames
    bundle[0][1].advance(duration_s=0.1)
    bundle[-1][1].advance(duration_s=0.1)
    # the electrical kernel alone, flat out
    real_ms = 2.0
    started = time.thread_time()
    electrical_step(bundle, stepper, real_ms)
    cpu_ms = (time.thread_time() - started) * 1000.0
    steps = real_ms / bundle[0][0].dt_ms
    print(f"electrical kernel: {sections * steps / (cpu_ms / 1000.0) / 1e6:.2f} million "
          f"compartment-steps per second; real-time factor {real_ms / cpu_ms:.4f} "
          f"({cpu_ms / real_ms:.0f} ms of CPU per electrical ms, whole bundle, one core)")  # fmt: skip

    slow_every = max(1, round(args.fps / args.slow_clock_hz))
    print(f"CPU per frame at {args.fps:g} fps, {args.electrical_ms_per_s:g} electrical ms/s, "
          f"x{args.physiological_speedup:g} physiological (slow clock at "
          f"{args.fps / slow_every:g} Hz), {args.frames} frames, electrical clock "
          f"{'fibre by fibre' if stepper is None else 'one call for the bundle'}:")  # fmt: skip
    run_frames(bundle, stepper, args, stagger=False)
    run_frames(bundle, stepper, args, stagger=True)
    if not args.no_nerve:
        live_nerve_cost()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
