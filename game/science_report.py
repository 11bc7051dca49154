"""``pins-and-needles science``: the standard protocol as a table a teacher can read, as JSON,
or as a plot.

Healthy baseline (conduction velocity per class), legs crossed for 20 physiological minutes,
release, then recovery: 5 minutes for ``article``, 12 for ``evidence``, whose post-release
paresthesia fades over about 10 (``game.sim.protocol``). Each result is set beside what the
profile is expected to show (``game.sim.targets``).
"""

import argparse
import json
import math
import sys
from pathlib import Path

from game.errors import UsageError

PROG = "pins-and-needles science"
#: Minutes of recovery each profile's report runs by default: long enough to see what the
#: profile is checked against (evidence: paresthesia fading over about 10 minutes).
DEFAULT_RECOVER_MIN = {"article": 5.0, "evidence": 12.0}


def _parser() -> argparse.ArgumentParser:
    from game.cli import OneLineArgumentParser

    parser = OneLineArgumentParser(
        prog=PROG,
        description="Run the standard compression protocol headless and report it.",
        allow_abbrev=False,
    )
    parser.add_argument("--profile", choices=("article", "evidence"), default="article",
                        help="science profile (default: article)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--plot", type=Path, metavar="OUT.png",
                        help="also draw membrane potential, ATP, K+ and firing per class")  # fmt: skip
    parser.add_argument("--compress-min", type=float, default=20.0, metavar="MIN")
    parser.add_argument("--recover-min", type=float, default=None, metavar="MIN",
                        help="minutes of recovery (default: 5 for article, 12 for evidence)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    return parser


def _check_plot_path(path: Path) -> Path:
    path = path.expanduser().resolve()
    if path.suffix.lower() != ".png":
        raise UsageError(f"--plot {path}: expected a file name ending in .png")
    if not path.parent.is_dir():
        raise UsageError(f"--plot {path}: the folder {path.parent} does not exist")
    return path


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not (0.0 < args.compress_min <= 600.0):
        raise UsageError(f"--compress-min {args.compress_min}: expected 0-600 minutes")
    if args.recover_min is None:
        args.recover_min = DEFAULT_RECOVER_MIN[args.profile]
    if not (0.0 <= args.recover_min <= 120.0):
        raise UsageError(f"--recover-min {args.recover_min}: expected 0-120 minutes")
    plot = _check_plot_path(args.plot) if args.plot else None

    from game.sim.protocol import compression_protocol

    result = compression_protocol(
        profile=args.profile, compress_min=args.compress_min, recover_min=args.recover_min,
        seed=args.seed,
    )  # fmt: skip
    if args.json:
        json.dump(result.to_dict(), sys.stdout, indent=1, default=_json_default)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_report(result))
    if plot is not None:
        draw_plot(result, plot)
        if not args.json:
            sys.stdout.write(f"\nplot written to {plot}\n")
    return 0


def _json_default(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _fmt(value, unit: str, digits: int = 1) -> str:
    return "never" if value is None else f"{value:.{digits}f} {unit}"


def _within(value, window) -> str:
    if value is None:
        return "MISSED"
    return "ok" if window[0] <= value <= window[1] else "OUTSIDE"


def format_report(result) -> str:
    from game.sim import targets
    from game.sim.fibre_classes import default_fibre_classes
    from game.sim.profiles import profile

    prof = profile(result.profile)
    classes = {c.name: c for c in default_fibre_classes()}
    # the article's windows are targets only for the article profile; beside another profile
    # they are shown for comparison, without a verdict (a teacher would read MISSED as a fault)
    compare = prof.name != "article"
    window_head = "article window (for comparison)" if compare else "article window"

    def window_verdict(value, window) -> str:
        return "" if compare else _within(value, window)

    lines = [
        f"Pins & Needles - science protocol, profile '{prof.name}': {prof.title}",
        f"  {prof.summary}",
        "",
        "Healthy nerve at 37 degC: conduction velocity",
        f"  {'class':8} {'diameter':>9} {'velocity':>11}   published   carries",
    ]
    for name, cv in result.baseline_cv_m_per_s.items():
        c = classes[name]
        low, high = c.cv_range_m_per_s
        verdict = "ok" if low <= cv <= high else "OUTSIDE"
        lines.append(
            f"  {name:8} {c.representative_diameter_um:6.1f} um {cv:7.2f} m/s   "
            f"{low:g}-{high:g} {verdict:7} {c.carries}"
        )
    flow = prof.perfusion_at(result.pressure_mmHg)
    lines += [
        "",
        f"Legs crossed: {result.pressure_mmHg:g} mmHg on the nerve, blood flow {flow:.0%} of "
        f"normal, for {result.compress_min:g} min",
        f"  {'stage':26} {'entered':>10}   {window_head}",
    ]
    for stage, entered in result.stage_entry_min.items():
        window = targets.ARTICLE_STAGE_WINDOWS_MIN[stage]
        lines.append(
            f"  {stage:26} {_fmt(entered, 'min'):>10}   {window[0]:g}-{window[1]:g} min "
            f"{window_verdict(entered, window)}"
        )
    order = sorted(
        (n for n, t in result.block_min.items() if t is not None), key=lambda n: result.block_min[n]
    )
    expected = targets.ARTICLE_BLOCK_ORDER if prof.name == "article" else targets.EVIDENCE_BLOCK_ORDER
    lines += [
        f"  fibres stopped conducting in this order: {', '.join(order) or 'none'}"
        f"  (profile expects {', '.join(expected)})",
    ]
    for name, t in result.block_min.items():
        lines.append(f"    {name:8} blocked after {_fmt(t, 'min')}")
    lines += [
        "",
        f"Released, then {result.recover_min:g} min of recovery",
        f"  {'phase':36} {'entered':>9}   {window_head}",
    ]
    for phase, entered in result.recovery_entry_s.items():
        window = targets.ARTICLE_RECOVERY_WINDOWS_S[phase]
        lines.append(
            f"  {phase:36} {_fmt(entered, 's', 0):>9}   {window[0]:g}-{window[1]:g} s "
            f"{window_verdict(entered, window)}"
        )
    for name, t in result.recovery_s.items():
        lines.append(f"    {name:8} conducting again after {_fmt(t, 's', 0)}")
    start, end = result.paresthesia_s
    lines.append(
        "  paresthesia (ectopic firing felt): "
        + ("none" if start is None else f"from {start:.0f} s to {end:.0f} s after release")
    )
    if prof.name == "evidence":
        onset, fade = targets.EVIDENCE_PARESTHESIA_ONSET_S, targets.EVIDENCE_PARESTHESIA_END_S
        lines.append(
            f"  (the experiments: onset {onset[0]:g}-{onset[1]:g} s {_within(start, onset)}, "
            f"fading by {fade[0]:g}-{fade[1]:g} s {_within(end, fade)})"
        )
    lines += ["", "What the visitor would feel (each change):"]
    last = None
    for sample in result.timeline:
        if sample.sensation != last:
            phase = "crossed" if sample.legs_crossed else "released"
            rates = ", ".join(f"{n} {hz:.0f} Hz" for n, hz in sample.firing_hz.items() if hz > 0)
            lines.append(
                f"  {sample.t_min:6.2f} min ({phase:8}) {sample.sensation:17} "
                f"{('ectopic: ' + rates) if rates else ''}"
            )
            last = sample.sensation
    return "\n".join(lines) + "\n"


def draw_plot(result, path: Path) -> None:
    """Membrane potential change, ATP, K+ around the axon and ectopic firing per class."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [s.t_min for s in result.timeline]
    names = list(result.timeline[0].classes)
    panels = (
        ("depolarisation_mV", "membrane potential\nchange from rest (mV)"),
        ("atp_mM", "ATP (mM)"),
        ("k_out_mM", "K+ around the axon (mM)"),
        ("ectopic_hz", "ectopic firing (Hz)"),
    )
    # Okabe-Ito: readable by colour-blind readers; line styles tell the classes apart too
    colours = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
    styles = ("-", "--", "-.", ":")
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 10), sharex=True)
    for ax, (field, label) in zip(axes, panels):
        for name, colour, style in zip(names, colours, styles):
            ax.plot(t, [getattr(s.classes[name], field) for s in result.timeline],
                    color=colour, linestyle=style, label=name)  # fmt: skip
        ax.axvline(result.compress_min, color="0.4", linewidth=0.8)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend(ncol=4, loc="upper left")
    axes[0].set_title(
        f"Legs crossed for {result.compress_min:g} min at {result.pressure_mmHg:g} mmHg, then "
        f"released (profile '{result.profile}')"
    )
    axes[-1].set_xlabel("minutes since the legs were crossed (line: release)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
