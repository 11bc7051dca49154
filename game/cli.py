"""The ``pins-and-needles`` command (and ``python -m game``): parse, validate, run.

Everything the command line says is checked here, once, and turned into a
:class:`game.options.RunOptions`; bad input is one line on stderr and exit code 2. The
experience itself (``game.app``) and the benchmark (``game.bench``) are imported only after
that, so ``--help`` and input errors are instant and never load Panda3D or numba.

The bare command opens the title screen (``game.modes.runner``): the front door a visitor or
a teacher lands on, where they choose the story, free exploration or the lessons, the
language, calm mode and captions. ``title`` (an alias of the bare command), ``story`` and
``lessons`` take the same options plus their own (``--language``, ``--attract``,
``--story-speed``, ``--chapter``) and open the runner on that screen; ``explore`` opens free
exploration directly (``game.app``).

A kiosk must never show a traceback: errors a person can fix are printed as one line,
anything unexpected as one line naming it and the log file that holds the traceback.
"""

import argparse
import math
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from game.comfort import (
    CAPTION_SCALE_RANGE,
    FOV_RANGE_DEG,
    SENSITIVITY_RANGE,
    STEREO_MODES,
    ComfortSettings,
)
from game.errors import UserFacingError
from game.options import RunOptions

PROG = "pins-and-needles"
MAX_SIZE_PX = 8192
#: What to run instead when there is no display (kept in one place: README and tests quote it).
OFFSCREEN_EXAMPLE = f"{PROG} --offscreen --frames 300 --screenshot shot.png"
#: The screen the bare command opens (``title`` is the same screen, named).
DEFAULT_COMMAND = "title"
#: Set to 1 to also print the full traceback of an unexpected error (for developers).
TRACEBACK_ENV = "PINS_AND_NEEDLES_TRACEBACK"

_SIZE_RE = re.compile(r"^\s*(\d+)\s*[xX]\s*(\d+)\s*$")


class OneLineArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``pins-and-needles: error: ...``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = " ".join(message.split())
        self.exit(2, f"{PROG}: error: {message} (see {self.prog} --help)\n")


# -- argument types (argparse prefixes their messages with "argument --option:") -----------
def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _size(text: str) -> tuple[int, int]:
    match = _SIZE_RE.match(text)
    expected = f"expected WIDTHxHEIGHT in pixels, each 1 to {MAX_SIZE_PX} (e.g. 1280x720)"
    if not match:
        raise argparse.ArgumentTypeError(f"{expected}, got {text!r}")
    width, height = int(match[1]), int(match[2])
    if not (0 < width <= MAX_SIZE_PX and 0 < height <= MAX_SIZE_PX):
        raise argparse.ArgumentTypeError(f"{expected}, got {text!r}")
    return width, height


def _number_in(low: float, high: float, unit: str = ""):
    """An argparse type: a finite number from ``low`` to ``high`` inclusive."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(
                f"expected a number from {low:g} to {high:g}{unit}, got {text!r}"
            )
        return value

    return parse


def _absolute(text: str) -> Path:
    # Absolute, so that nothing the app does later (a chdir) changes where files land.
    return Path(os.path.abspath(os.path.expanduser(text)))


#: The ways in that open a window: name -> help line. ``explore`` runs ``game.app``; the
#: others open a screen of ``game.modes.runner``.
MODE_COMMANDS = {
    "title": "the title screen: the story, exploring or the lessons; language, calm mode, captions",
    "story": "the 2-3 minute story: cross your legs, feel it fall asleep, wake it up",
    "lessons": "the lessons: the chapter list (T: teacher view), or --chapter N at once",
    "explore": "free exploration: the nerve, free to look around, with every control",
}


def build_parser(command: str | None = None) -> OneLineArgumentParser:
    """The parser of ``command`` (None: the bare command, which opens the title screen)."""
    default_rate = RunOptions().electrical_ms_per_s
    parser = OneLineArgumentParser(
        prog=PROG if command is None else f"{PROG} {command}",
        description=(
            "Pins & Needles: fly along a peripheral nerve and watch, from a live biophysical\n"
            "simulation, why a leg falls asleep. With no command it opens the title screen:\n"
            "the 3-minute story, free exploration or the lessons (arrow keys and Enter, or a\n"
            "click), with the language, calm mode, captions and field of view to choose first."
        ),
        epilog=(
            f"commands:\n  {PROG} explore [--help]\n"
            "      free exploration at once: the nerve, free to look around, every control\n"
            f"  {PROG} story|lessons|title [--help]\n"
            "      the story, the lessons, the title screen (same options as below)\n"
            f"  {PROG} bench [--help]\n"
            "      print numba compile times, sim cost per frame and offscreen frames per second\n"
            f"  {PROG} science [--profile article|evidence] [--json] [--plot out.png]\n"
            "      run the standard compression protocol headless and report it\n"
            f"  {PROG} flashcheck DIR_OF_FRAMES --fps F\n"
            "      check recorded frames for photosensitive flashes (WCAG 2.3.1)\n"
            f"  {PROG} kiosk [--help]\n"
            "      run the unattended museum kiosk (attract loop, story, reset after idle)\n"
            f"  {PROG} stats [--help]\n"
            "      print the kiosk's usage counts\n"
            f"  {PROG} check-levels [PATH ...]\n"
            "      validate level and lesson data files; one line per problem\n\n"
            f"examples:\n  {PROG}\n  {PROG} explore --free-flight\n  {OFFSCREEN_EXAMPLE}\n"
            f"  {PROG} explore --offscreen --frames 120 --fixed-step 0.0333 --record frames/\n\n"
            f"Set {TRACEBACK_ENV}=1 to print the full traceback of an unexpected error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    display = parser.add_argument_group("display")
    window = display.add_mutually_exclusive_group()
    window.add_argument(
        "--offscreen",
        action="store_true",
        help="render without a window or display (EGL); needs --frames",
    )
    window.add_argument("--fullscreen", action="store_true", help="open a fullscreen window")
    display.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help=f"window or image size in pixels, e.g. 1280x720 (default), at most {MAX_SIZE_PX}",
    )

    output = parser.add_argument_group("output")
    output.add_argument(
        "--frames", type=_positive_int, metavar="N", help="stop after N rendered frames"
    )
    output.add_argument(
        "--screenshot",
        type=_absolute,
        metavar="PATH",
        help="write the last rendered frame to PATH (a .png file)",
    )
    output.add_argument(
        "--record",
        type=_absolute,
        metavar="DIR",
        help="write every frame to DIR as frame_000000.png, frame_000001.png, ...",
    )

    timing = parser.add_argument_group("time")
    rate = timing.add_mutually_exclusive_group()
    rate.add_argument(
        "--slow-motion",
        type=_positive_float,
        metavar="FACTOR",
        help="show the electrical activity FACTOR times slower than life "
        f"(default {1000 / default_rate:g})",
    )
    rate.add_argument(
        "--electrical-ms-per-s",
        type=_positive_float,
        metavar="MS",
        help="milliseconds of electrical activity simulated per second of play "
        f"(default {default_rate:g}; 1000 is real time)",
    )
    timing.add_argument(
        "--fixed-step",
        type=_positive_float,
        metavar="SECONDS",
        help="advance play by SECONDS per frame instead of by the wall clock, so runs and "
        "recordings are the same on every machine (offscreen default: 1/30, i.e. 30 fps)",
    )
    camera = parser.add_argument_group("camera")
    camera.add_argument(
        "--free-flight",
        action="store_true",
        help="fly freely (WASD + mouse, Q/E down/up, Shift faster, or a gamepad) instead of "
        "following the guided rail",
    )
    parser.add_argument(
        "--view",
        choices=("world", "tunnel"),
        default="world",
        help="the view to start in (V switches): the nerve, or inside one fibre",
    )
    comfort = parser.add_argument_group("comfort and access")
    comfort.add_argument(
        "--calm",
        action="store_true",
        help="calm mode: no camera shake, slower travel, softer and fewer flashes, vignette",
    )
    comfort.add_argument(
        "--fov",
        type=_number_in(*FOV_RANGE_DEG, " degrees"),
        metavar="DEG",
        help=f"vertical field of view in degrees, {FOV_RANGE_DEG[0]:g} to {FOV_RANGE_DEG[1]:g} "
        f"(default {ComfortSettings().fov_deg:g})",
    )
    comfort.add_argument(
        "--invert-y", action="store_true", help="mouse or stick forward looks down"
    )
    comfort.add_argument(
        "--sensitivity",
        type=_number_in(*SENSITIVITY_RANGE),
        metavar="X",
        help=f"look speed multiplier for mouse and stick, {SENSITIVITY_RANGE[0]:g} to "
        f"{SENSITIVITY_RANGE[1]:g} (default 1)",
    )
    comfort.add_argument(
        "--caption-scale",
        type=_number_in(*CAPTION_SCALE_RANGE),
        metavar="X",
        help=f"caption size, {CAPTION_SCALE_RANGE[0]:g} (46 px on a 1080p screen) to "
        f"{CAPTION_SCALE_RANGE[1]:g} times that",
    )
    comfort.add_argument("--no-captions", action="store_true", help="hide the captions")
    comfort.add_argument(
        "--stereo",
        choices=STEREO_MODES,
        help="stereo viewing: sbs (side by side, for a headset or cross-eyed viewing) or "
        "anaglyph (red-cyan glasses)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    if command is not None:
        parser.description = f"Pins & Needles: {MODE_COMMANDS[command]}."
        parser.epilog = None
    if command != "explore":
        _add_mode_arguments(parser, command or DEFAULT_COMMAND)
    return parser


def _add_mode_arguments(parser: OneLineArgumentParser, command: str) -> None:
    modes = parser.add_argument_group(command)
    modes.add_argument("--language", metavar="CODE", default="en", help="en (default) or es")
    if command in ("story", "title"):
        modes.add_argument(
            "--profile",
            choices=("article", "evidence"),
            default="article",
            help="the science profile of the nerve (default article)",
        )
    if command == "story":
        modes.add_argument(
            "--attract",
            action="store_true",
            help="the story plays by itself (it crosses and uncrosses the legs), as a kiosk's "
            "attract loop does",
        )
        modes.add_argument(
            "--story-speed",
            type=_number_in(0.1, 1000.0),
            metavar="X",
            help="run the story's body clock X times faster and hold its captions X times "
            "shorter (recordings; default 1)",
        )
    if command == "lessons":
        modes.add_argument(
            "--chapter", type=_positive_int, metavar="N", help="start chapter N at once"
        )


#: Play time per frame offscreen when --fixed-step is not given (30 fps).
OFFSCREEN_FRAME_S = 1.0 / 30.0


def _version() -> str:
    from game import __version__

    return __version__


# -- validation after parsing --------------------------------------------------------------
def _writable_dir_problem(directory: Path) -> str | None:
    """Why files cannot be created in ``directory``, or None if they can."""
    if not directory.exists():
        return f"the directory {str(directory)!r} does not exist"
    if not directory.is_dir():
        return f"{str(directory)!r} is not a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"the directory {str(directory)!r} is not writable"
    try:  # os.access says yes to root even on some read-only places (/proc): really try.
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        return f"files cannot be created in {str(directory)!r} ({exc.strerror or exc})"
    return None


def _validate(parser: OneLineArgumentParser, args: argparse.Namespace) -> RunOptions:
    if args.offscreen and args.frames is None:
        parser.error(
            "argument --offscreen: needs --frames N, a positive number of frames to render "
            f"(e.g. {OFFSCREEN_EXAMPLE})"
        )

    if args.screenshot is not None:
        shot: Path = args.screenshot
        if shot.suffix.lower() != ".png":
            parser.error(
                f"argument --screenshot: expected a path ending in .png, got {str(shot)!r}"
            )
        if shot.is_dir():
            parser.error(
                f"argument --screenshot: expected a file path, {str(shot)!r} is a directory"
            )
        if shot.exists() and not os.access(shot, os.W_OK):
            parser.error(f"argument --screenshot: {str(shot)!r} exists and is not writable")
        problem = _writable_dir_problem(shot.parent)
        if problem:
            parser.error(f"argument --screenshot: cannot write {shot.name!r} there: {problem}")

    if args.record is not None:
        record: Path = args.record
        if record.exists() and not record.is_dir():
            parser.error(
                f"argument --record: expected a directory, {str(record)!r} is an existing file"
            )
        existing = record
        while not existing.exists():  # created once we know the run can start
            existing = existing.parent
        problem = _writable_dir_problem(existing)
        if problem:
            parser.error(f"argument --record: cannot create or fill {str(record)!r}: {problem}")

    defaults = RunOptions()
    width_px, height_px = args.size or (defaults.width_px, defaults.height_px)
    if args.electrical_ms_per_s is not None:
        electrical_ms_per_s = args.electrical_ms_per_s
    elif args.slow_motion is not None:
        electrical_ms_per_s = 1000.0 / args.slow_motion
    else:
        electrical_ms_per_s = defaults.electrical_ms_per_s

    return RunOptions(
        offscreen=args.offscreen,
        frames=args.frames,
        screenshot=args.screenshot,
        record_dir=args.record,
        width_px=width_px,
        height_px=height_px,
        fullscreen=args.fullscreen,
        electrical_ms_per_s=electrical_ms_per_s,
        # offscreen frames are a recording: the same on every machine unless told otherwise
        fixed_frame_s=(
            args.fixed_step
            if args.fixed_step is not None
            else (OFFSCREEN_FRAME_S if args.offscreen else None)
        ),
        free_flight=args.free_flight,
        view=args.view,
        comfort=_comfort(args),
    )


def _comfort(args: argparse.Namespace) -> ComfortSettings:
    """Calm mode first, then the explicit flags on top of it."""
    comfort = ComfortSettings()
    if args.calm:
        comfort = comfort.calm()
    changes = {}
    if args.fov is not None:
        changes["fov_deg"] = args.fov
    if args.invert_y:
        changes["invert_y"] = True
    if args.sensitivity is not None:
        changes["mouse_sensitivity"] = args.sensitivity
    if args.caption_scale is not None:
        changes["caption_scale"] = args.caption_scale
    if args.no_captions:
        changes["captions"] = False
    if args.stereo is not None:
        changes["stereo"] = args.stereo
    return replace(comfort, **changes) if changes else comfort


def _create_record_dir(parser: OneLineArgumentParser, record: Path) -> None:
    try:
        record.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        parser.error(
            f"argument --record: cannot create the directory {str(record)!r} "
            f"({exc.strerror or exc})"
        )
    problem = _writable_dir_problem(record)
    if problem:
        parser.error(f"argument --record: {problem}")


def _no_display() -> bool:
    """True on Linux with neither an X11 nor a Wayland display to open a window on."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


# -- error reporting -----------------------------------------------------------------------
def _log_dir() -> Path:
    """A writable folder for crash logs: the user cache dir, else the temp dir (created)."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    for candidate in (root / PROG / "logs", Path(tempfile.gettempdir()) / f"{PROG}-{uid}-logs"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    raise OSError("no writable directory for a crash log")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _report_unexpected(exc: BaseException) -> None:
    details = "".join(traceback.format_exception(exc))
    where = "nowhere (no writable log directory)"
    try:
        log_dir = _log_dir()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log_path = log_dir / f"crash-{stamp}-{os.getpid()}.log"
        header = f"{PROG} {_version()} crashed; argv: {sys.argv!r}\n"
        log_path.write_text(header + details, encoding="utf-8")
        where = str(log_path)
    except OSError:
        pass
    summary = type(exc).__name__
    if str(exc):
        summary += f": {_one_line(exc)}"
    if os.environ.get(TRACEBACK_ENV) == "1":
        sys.stderr.write(details)
    sys.stderr.write(f"{PROG}: unexpected error: {summary} (full traceback in {where})\n")


def _guarded(action) -> int:
    """Run ``action()`` so that no traceback ever reaches the screen."""
    try:
        result = action()
    except UserFacingError as exc:
        sys.stderr.write(f"{PROG}: {_one_line(exc, limit=1000)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return 130
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{PROG}: {_one_line(exc.code)}\n")
        return 1
    except BaseException as exc:  # noqa: BLE001 - a kiosk must never show a traceback
        _report_unexpected(exc)
        return 1
    return result if isinstance(result, int) else 0


# -- entry point ---------------------------------------------------------------------------
def _run_bench(argv: list[str]) -> int:
    from game import bench

    return bench.main(argv)


def _run_science(argv: list[str]) -> int:
    from game import science_report

    return science_report.main(argv)


def _run_flashcheck(argv: list[str]) -> int:
    from game.safety import flashcheck_cli

    return flashcheck_cli.main(argv)


#: Subcommands whose modules are optional in a build: name -> (module, function).
OPTIONAL_COMMANDS = {
    "kiosk": ("game.kiosk.cli", "kiosk_main"),
    "stats": ("game.kiosk.cli", "stats_main"),
    "check-levels": ("game.play.check_levels", "main"),
}


def _optional_command(name: str) -> Callable[[list[str]], int]:
    """The entry function of subcommand ``name``, imported only now; UserFacingError if this
    build does not have it (its module, or a package above it, is missing)."""
    import importlib

    module_name, function_name = OPTIONAL_COMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the command's own module missing means "not in this build"; a missing
        # dependency inside it is a real error and goes to the crash log.
        parts = module_name.split(".")
        own = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
        if exc.name not in own:
            raise
        module = None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise UserFacingError(f"{name} is not available in this build")
    return function


def _run_optional(name: str, argv: list[str]) -> int:
    result = _optional_command(name)(argv)
    return result if isinstance(result, int) else 0


def _run_app(options: RunOptions) -> int:
    from game import app

    return app.run(options)


def _run_mode(command: str, options: RunOptions, args: argparse.Namespace) -> int:
    from game.modes.runner import run_modes

    return run_modes(
        options,
        first="lessons" if command == "lessons" else command,
        language=args.language,
        chapter=getattr(args, "chapter", None),
        attract=getattr(args, "attract", False),
        story_speed=getattr(args, "story_speed", None) or 1.0,
        profile=getattr(args, "profile", "article"),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["bench"]:
        return _guarded(lambda: _run_bench(args_list[1:]))
    if args_list[:1] == ["science"]:
        return _guarded(lambda: _run_science(args_list[1:]))
    if args_list[:1] == ["flashcheck"]:
        return _guarded(lambda: _run_flashcheck(args_list[1:]))
    if args_list[:1] and args_list[0] in OPTIONAL_COMMANDS:
        name = args_list[0]
        return _guarded(lambda: _run_optional(name, args_list[1:]))

    command = args_list[0] if args_list[:1] and args_list[0] in MODE_COMMANDS else None
    if command is not None:
        args_list = args_list[1:]
    parser = build_parser(command)
    try:
        args = parser.parse_args(args_list)
        if getattr(args, "language", "en") not in ("en", "es"):
            parser.error(f"argument --language: expected en or es, got {args.language!r}")
        options = _validate(parser, args)
        if not options.offscreen and _no_display():
            sys.stderr.write(
                f"{PROG}: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not "
                f"set); to render offscreen instead run: {OFFSCREEN_EXAMPLE}\n"
            )
            return 1
        if options.record_dir is not None:
            _create_record_dir(parser, options.record_dir)
    except SystemExit as exc:  # --help, --version, or a one-line error already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if command == "explore":
        return _guarded(lambda: _run_app(options))
    return _guarded(lambda: _run_mode(command or DEFAULT_COMMAND, options, args))
