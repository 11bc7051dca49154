"""``pins-and-needles flashcheck DIR --fps F``: run the WCAG 2.3.1 flash analyser on recorded
frames (e.g. from ``--record DIR``); exit code 1 when they would fail."""

import math
import sys
from pathlib import Path

from game.errors import UserFacingError, UsageError


def main(argv: list[str]) -> int:
    from game.cli import OneLineArgumentParser

    parser = OneLineArgumentParser(
        prog="pins-and-needles flashcheck",
        description="Check recorded PNG frames against WCAG 2.3.1 (general and red flashes).",
        allow_abbrev=False,
    )
    parser.add_argument("frames_dir", type=Path, metavar="DIR_OF_FRAMES")
    parser.add_argument("--fps", type=float, required=True, metavar="F",
                        help="the rate the frames are shown at")  # fmt: skip
    args = parser.parse_args(argv)
    if not (math.isfinite(args.fps) and 0 < args.fps <= 1000):
        raise UsageError(f"--fps {args.fps}: expected a rate above 0 and at most 1000")
    if not args.frames_dir.is_dir():
        raise UsageError(f"{args.frames_dir}: not a folder of frames")

    from game.safety.flash_analyser import analyse_frames, read_frames

    try:
        reports = analyse_frames(read_frames(args.frames_dir), args.fps)
    except FileNotFoundError as exc:
        raise UserFacingError(str(exc)) from None
    except ValueError as exc:
        raise UserFacingError(f"{args.frames_dir}: {exc}") from None
    failed = False
    for r in reports:
        first_s, last_s = r.worst_first_frame / args.fps, (r.worst_last_frame + 1) / args.fps
        verdict = "pass" if r.passed else "FAIL"
        sys.stdout.write(
            f"{r.kind} flashes: {verdict}; worst second frames {r.worst_first_frame}-"
            f"{r.worst_last_frame} ({first_s:.2f}-{last_s:.2f} s): up to {r.max_flashes} "
            f"flashes, {r.worst_area_px:.0f} px flashing more than 3 times "
            f"(limit {r.threshold_area_px:.0f} px)\n"
        )
        failed = failed or not r.passed
    return 1 if failed else 0
