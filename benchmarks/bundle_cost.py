"""What the standard kiosk bundle costs per rendered frame (issue 3's benchmark).

The bundle: 12 fibres of each myelinated class (30 nodes each: MRG double cable) and 12 C
fibres (5 mm of 50 um compartments), every one on both clocks. Prints figures, asserts
nothing (these machines are noisy):

    .venv/bin/python benchmarks/bundle_cost.py [--frames 300] [--fps 60]

- compartment-steps per second of the electrical kernel, and its real-time factor (electrical
  ms simulated per wall-clock ms, all fibres on one core);
- CPU ms per frame at the default slow motion (0.2 electrical ms per second of play) and the
  default physiological speed-up, split into the electrical and the slow clock (which steps
  at 10 Hz: perfusion, ATP and ions change over seconds).
"""

import argparse
import time

import numpy as np

from game.sim.fiber import MyelinatedFiber, UnmyelinatedFiber
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--fps", type=float, default=60.0)
    parser.add_argument("--electrical-ms-per-s", type=float, default=0.2)
    parser.add_argument("--physiological-speedup", type=float, default=12.0)
    parser.add_argument("--slow-clock-hz", type=float, default=10.0,
                        help="how often the slow clock steps (it changes over seconds)")  # fmt: skip
    args = parser.parse_args(argv)

    started = time.perf_counter()
    bundle = build_bundle()
    sections = sum(f.cable.kind.shape[0] for f, _ in bundle)
    sites = sum(f.n_sites for f, _ in bundle)
    print(f"bundle: {len(bundle)} fibres, {sections} compartments, {sites} ion sites "
          f"(built and calibrated in {time.perf_counter() - started:.1f} s)")  # fmt: skip

    # the electrical kernel alone, flat out
    real_ms = 2.0
    started = time.perf_counter()
    for fibre, _ in bundle:
        fibre.advance(duration_ms=real_ms)
    wall_ms = (time.perf_counter() - started) * 1000.0
    steps = real_ms / bundle[0][0].dt_ms
    print(f"electrical kernel: {sections * steps / (wall_ms / 1000.0) / 1e6:.2f} million "
          f"compartment-steps per second; real-time factor {real_ms / wall_ms:.4f} "
          f"({wall_ms / real_ms:.0f} ms of CPU per electrical ms, whole bundle, one core)")  # fmt: skip

    frame_s = 1.0 / args.fps
    electrical_ms = args.electrical_ms_per_s * frame_s
    physiological_s = args.physiological_speedup * frame_s
    slow_every = max(1, round(args.fps / args.slow_clock_hz))
    elec_cpu, slow_cpu = [], []
    for frame in range(args.frames):
        t0 = time.perf_counter()
        for fibre, _ in bundle:
            fibre.advance(duration_ms=electrical_ms)
        t1 = time.perf_counter()
        if frame % slow_every == slow_every - 1:
            for fibre, metabolism in bundle:
                metabolism.advance(duration_s=physiological_s * slow_every)
                fibre.reset_accumulators()
        t2 = time.perf_counter()
        elec_cpu.append((t1 - t0) * 1000.0)
        slow_cpu.append((t2 - t1) * 1000.0)
    total = np.add(elec_cpu, slow_cpu)
    print(f"per frame at {args.fps:g} fps, {args.electrical_ms_per_s:g} electrical ms/s, "
          f"x{args.physiological_speedup:g} physiological (slow clock at "
          f"{args.fps / slow_every:g} Hz): mean {np.mean(total):.2f} ms "
          f"(electrical {np.mean(elec_cpu):.2f}, slow clock {np.mean(slow_cpu):.2f}), "
          f"median {np.median(total):.2f}, 99th percentile {np.percentile(total, 99):.2f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
