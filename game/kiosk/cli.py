"""Entry points of ``pins-and-needles kiosk ...`` and ``pins-and-needles stats ...``.

The kiosk plays the real story on the live nerve (``game.modes.story_experience``);
``--demo`` swaps in the timer stand-in of ``game.kiosk.experience`` (testing the shell).

Both return an exit status and print errors as one line, never a traceback. ``kiosk_main``
logs to the daily log (``game.kiosk.supervision``); a fatal error there is logged in full
and gives status 1, so systemd restarts the exhibit. Statuses: 0 operator quit or --frames
done; 1 fatal error or bad config file for --check-config; 2 bad command-line input; 75
nightly restart (``EXIT_NIGHTLY_RESTART``).
"""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from game.errors import UserFacingError

PROG = "pins-and-needles"
#: The kiosk's frame-rate cap in a window (see ``_run_window``).
KIOSK_MAX_FPS = 60


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        width = height = 0
    if not (0 < width <= 8192 and 0 < height <= 8192):
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT in pixels (e.g. 1920x1080), got {text!r}"
        )
    return width, height


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (0 < value < 1e4):
        raise argparse.ArgumentTypeError(f"expected a positive number below 10000, got {text!r}")
    return value


def _path(text: str) -> Path:
    return Path(os.path.abspath(os.path.expanduser(text)))


def build_kiosk_parser() -> _Parser:
    from game.kiosk.config import default_config_path
    from game.kiosk.supervision import default_log_dir
    from game.kiosk.usage_stats import default_db_path

    parser = _Parser(
        prog=f"{PROG} kiosk",
        description="Run the museum exhibit: attract loop, touch to start, idle reset, "
        "operator panel (5 taps in the top-left corner within 3 s, or F12 five times, then the PIN).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--config",
        type=_path,
        metavar="FILE",
        help=f"the operator's settings (default {default_config_path()})",
    )
    parser.add_argument(
        "--check-config",
        type=_path,
        metavar="FILE",
        help="print every problem in FILE, one line each, and exit (1 if any)",
    )
    parser.add_argument(
        "--log-dir",
        type=_path,
        metavar="DIR",
        help=f"daily log folder (default {default_log_dir()})",
    )
    parser.add_argument(
        "--db", type=_path, metavar="FILE", help=f"usage counts (default {default_db_path()})"
    )
    parser.add_argument(
        "--offscreen", action="store_true", help="render offscreen (tests); needs --frames"
    )
    parser.add_argument(
        "--windowed", action="store_true", help="a normal window instead of fullscreen (setting up)"
    )
    parser.add_argument("--frames", type=_positive_int, metavar="N", help="stop after N frames")
    parser.add_argument(
        "--screenshot", type=_path, metavar="PNG", help="write the last frame to PNG"
    )
    parser.add_argument(
        "--size", type=_size, metavar="WxH", help="window or image size (default 1920x1080)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the cheap stand-in story on a timer instead of the live nerve (testing the shell)",
    )
    parser.add_argument(
        "--story-speed",
        type=_positive_float,
        metavar="X",
        help="run the story's body clock X times faster (offscreen recordings; default 1)",
    )
    parser.add_argument(
        "--touch-at-frame",
        type=_positive_int,
        metavar="N",
        help="simulate a visitor's touch at frame N (offscreen demos and tests)",
    )
    return parser


def kiosk_main(argv: Sequence[str] | None = None) -> int:
    """``pins-and-needles kiosk [options]``; returns the exit status."""
    parser = build_kiosk_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.offscreen and args.frames is None:
            parser.error("argument --offscreen: needs --frames N")
        if args.screenshot is not None and (
            args.screenshot.suffix.lower() != ".png" or not args.screenshot.parent.is_dir()
        ):
            parser.error(
                "argument --screenshot: expected a .png path in an existing folder, "
                f"got {str(args.screenshot)!r}"
            )
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.check_config is not None:
        from game.kiosk.config import check_config

        problems = check_config(args.check_config)
        for line in problems:
            print(line)
        if not problems:
            print(f"{args.check_config}: no problems")
        return 1 if problems else 0
    if (
        not args.offscreen
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        sys.stderr.write(
            f"{PROG} kiosk: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set)\n"
        )
        return 1

    import tempfile

    from game.kiosk.supervision import close_logging, default_log_dir, run_logged, setup_logging

    wanted = args.log_dir or default_log_dir()
    try:
        logger = setup_logging(wanted)
    except OSError as exc:
        # An unwritable log folder must not keep the exhibit dark: log to the temp folder.
        fallback = Path(tempfile.gettempdir()) / f"pins-and-needles-{os.getuid()}-logs"
        sys.stderr.write(
            f"{PROG} kiosk: cannot write the log in {wanted} ({exc.strerror or exc}); "
            f"logging to {fallback}\n"
        )
        try:
            logger = setup_logging(fallback)
        except OSError:
            sys.stderr.write(f"{PROG} kiosk: cannot write a log in {fallback} either\n")
            return 1
    log_path = logger.handlers[0].baseFilename
    fatal: list[BaseException] = []

    def action() -> int:
        try:
            return _run_kiosk(args, logger)
        except UserFacingError as exc:  # a person can fix it: one line, no traceback
            logger.error("%s", exc)
            sys.stderr.write(f"{PROG} kiosk: {exc}\n")
            return exc.exit_code
        except Exception as exc:
            fatal.append(exc)
            raise

    try:
        status = run_logged(action, logger)  # logs an unexpected error's traceback
    finally:
        close_logging()
    if fatal:
        sys.stderr.write(
            f"{PROG} kiosk: fatal error: {type(fatal[0]).__name__}: {' '.join(str(fatal[0]).split())[:200]} "
            f"(traceback in {log_path})\n"
        )
    return status


def _run_kiosk(args, logger) -> int:
    from game.i18n import Strings, load_font
    from game.kiosk.config import load_config
    from game.kiosk.memtrace import ENV_FILE, start_from_environment
    from game.kiosk.supervision import SystemdNotifier
    from game.kiosk.usage_stats import UsageStats

    if start_from_environment() is not None:  # a debugging aid, off unless asked for
        logger.info("memory sampler writing %s", os.environ[ENV_FILE])
    config, problems = load_config(args.config)
    for line in problems:  # the exhibit starts anyway, on the defaults of those keys
        logger.warning("config: %s", line)
        sys.stderr.write(f"{PROG} kiosk: {line}\n")
    strings = Strings(config.languages)  # a broken English table raises UserFacingError
    for line in strings.problems:
        logger.warning("strings: %s", line)
    stats = UsageStats(args.db)
    interrupted = stats.mark_interrupted()
    if interrupted:
        logger.warning("%d session(s) were cut short by the last stop", interrupted)
    notifier = SystemdNotifier()
    try:
        return _run_window(args, config, strings, load_font, stats, notifier, logger)
    finally:
        notifier.stopping()
        notifier.close()
        stats.close()


def _run_window(args, config, strings, load_font, stats, notifier, logger) -> int:
    import time

    from panda3d.core import load_prc_file_data, unload_prc_file

    from game.kiosk.config import default_config_path
    from game.kiosk.lockdown import kiosk_window_properties
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.frame_capture import save_frame

    if not args.demo:
        # the live story's modules (numba, the simulation) load before the window opens:
        # once it shows, the exhibit is up within a frame
        import game.modes.story_experience  # noqa: F401

    width_px, height_px = args.size or (1920, 1080)
    fullscreen = not (args.offscreen or args.windowed)
    settings = DisplaySettings(
        offscreen=args.offscreen, width_px=width_px, height_px=height_px, fullscreen=fullscreen
    )
    # Undecorated and cursor hidden from the first frame (no flash of a desktop window).
    prc = "undecorated #t\ncursor-hidden #t\n" if fullscreen else ""
    if not args.offscreen:
        # At most KIOSK_MAX_FPS frames a second: where the swap does not wait for the screen
        # (a software renderer, a virtual display) the loop would otherwise draw as fast as
        # it can, and the simulation thread building the next nerve would starve (measured
        # in Xvfb on llvmpipe: the raster threads took ~85% of the process's CPU on the
        # loading screen). With a GPU and vsync at 60 Hz this changes nothing.
        prc += f"clock-mode limited\nclock-frame-rate {KIOSK_MAX_FPS}\n"
    kiosk_page = load_prc_file_data("pins-and-needles kiosk", prc)
    try:
        base, page = open_showbase(settings)
    except UserFacingError:
        unload_prc_file(kiosk_page)
        raise
    shell = None
    try:
        base.disable_mouse()  # no trackball camera: the experience owns the camera
        base.set_background_color(0.01, 0.015, 0.03, 1)
        if fullscreen and base.win is not None and hasattr(base.win, "request_properties"):
            base.win.request_properties(kiosk_window_properties(width_px, height_px))
        fixed = FixedStepClock() if args.offscreen else None
        font = load_font()
        shell = KioskShell(
            base,
            config=config,
            strings=strings,
            font=font,
            experience=_experience(args, base, strings, font, config),
            stats=stats,
            clock=fixed if fixed is not None else time.monotonic,
            notifier=notifier,
            logger=logger,
            # the operator panel's changes go into the file the kiosk was started with
            config_path=args.config or default_config_path(),
        )
        notifier.ready()
        logger.info(
            "kiosk started (%dx%d, %s)",
            width_px,
            height_px,
            "offscreen" if args.offscreen else "window",
        )
        if args.touch_at_frame is not None:
            status = shell.run(
                frames=args.touch_at_frame - 1, on_frame=fixed.tick if fixed else None
            )
            shell.press("mouse1", (0.5, 0.5))
            remaining = (
                None if args.frames is None else max(1, args.frames - args.touch_at_frame + 1)
            )
            status = shell.run(frames=remaining, on_frame=fixed.tick if fixed else None)
        else:
            status = shell.run(frames=args.frames, on_frame=fixed.tick if fixed else None)
        if args.screenshot is not None:
            save_frame(base.win, args.screenshot)
        return status
    finally:
        if shell is not None:
            shell.cleanup()
        base.destroy()
        unload_prc(page)
        unload_prc_file(kiosk_page)


def _experience(args, base, strings, font, config):
    """The live story (``game.modes.story_experience``), or the timer stand-in with --demo."""
    if args.demo:
        from game.kiosk.experience import DemoExperience

        return DemoExperience(base, strings, font)
    from game.modes.story_experience import StoryExperience
    from game.options import RunOptions

    # offscreen: a fixed step per frame, like the shell's FixedStepClock (1/30 s)
    options = RunOptions(offscreen=args.offscreen, fixed_frame_s=1 / 30 if args.offscreen else None)
    return StoryExperience(
        base, strings, font, config=config, options=options, speed_factor=args.story_speed or 1.0
    )


def build_stats_parser() -> _Parser:
    from game.kiosk.usage_stats import default_db_path

    parser = _Parser(
        prog=f"{PROG} stats",
        description="Usage counts of the kiosk (no personal data).",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--db", type=_path, metavar="FILE", help=f"the usage file (default {default_db_path()})"
    )
    parser.add_argument(
        "--csv",
        nargs="?",
        const="-",
        metavar="FILE",
        help="export every session as CSV to FILE (standard output without FILE)",
    )
    return parser


def stats_main(argv: Sequence[str] | None = None) -> int:
    """``pins-and-needles stats [--csv [FILE]]``; returns the exit status."""
    parser = build_stats_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    from game.kiosk.usage_stats import UsageStats, default_db_path

    db = args.db or default_db_path()
    if not db.exists():
        sys.stderr.write(
            f"{PROG} stats: no usage file at {db} (the kiosk creates it on its first session)\n"
        )
        return 1
    try:
        stats = UsageStats(db)
    except UserFacingError as exc:
        sys.stderr.write(f"{PROG} stats: {exc}\n")
        return 1
    try:
        if args.csv is None:
            for key, value in stats.counters().items():
                print(f"{key}: {value}")
        elif args.csv == "-":
            stats.export_csv(sys.stdout)
        else:
            target = _path(args.csv)
            try:
                with target.open("w", encoding="utf-8", newline="") as out:
                    count = stats.export_csv(out)
            except OSError as exc:
                sys.stderr.write(
                    f"{PROG} stats: argument --csv: cannot write {target}: {exc.strerror or exc}\n"
                )
                return 1
            print(f"{count} sessions written to {target}")
    finally:
        stats.close()
    return 0
