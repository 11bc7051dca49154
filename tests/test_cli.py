"""The ``pins-and-needles`` command line: one-line errors, exit codes, no traceback, no Panda3D.

Error paths run the real command in a subprocess (``python -m game``); the paths that would
start the experience run ``game.cli.main`` in-process with a stand-in ``game.app``.
"""

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import game
from game import cli
from game.comfort import ComfortSettings
from game.errors import UserFacingError
from game.options import RunOptions

REPO_ROOT = Path(__file__).resolve().parent.parent
HEAVY_MODULES = ("panda3d", "direct", "numba", "OpenGL")


def _env(tmp_path: Path, *, display: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    env.pop("PINS_AND_NEEDLES_TRACEBACK", None)
    if display:
        env.setdefault("DISPLAY", ":99")  # never used: these runs stop before opening a window
    else:
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return env


def run_cli(tmp_path: Path, *args: str, display: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        check=False,
        cwd=tmp_path,
        env=_env(tmp_path, display=display),
        capture_output=True,
        text=True,
        timeout=60,
    )


def stderr_line(result: subprocess.CompletedProcess) -> str:
    """The single line on stderr (fails if there are more or none)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def assert_usage_error(result: subprocess.CompletedProcess, *mentions: str) -> None:
    assert result.returncode == 2, result.stderr
    line = stderr_line(result)
    assert line.startswith("pins-and-needles: error: "), line
    for text in mentions:
        assert text in line, line


# -- usage errors: exit 2, one line naming the option ----------------------------------------
def test_help_exits_zero(tmp_path):
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for text in ("--offscreen", "--frames", "--screenshot", "--record", "--size", "bench"):
        assert text in result.stdout
    assert result.stderr == ""


def test_unknown_flag(tmp_path):
    assert_usage_error(run_cli(tmp_path, "--no-such-flag"), "--no-such-flag")


def test_unknown_command(tmp_path):
    assert_usage_error(run_cli(tmp_path, "fly"), "fly")


@pytest.mark.parametrize("size", ["0x0", "1280x0", "0x720", "1280", "axb", "9000x720", "-5x5"])
def test_bad_size(tmp_path, size):
    assert_usage_error(run_cli(tmp_path, f"--size={size}"), "--size", "1280x720")


@pytest.mark.parametrize("frames", ["0", "-3", "ten", "1.5"])
def test_bad_frames(tmp_path, frames):
    assert_usage_error(run_cli(tmp_path, f"--frames={frames}"), "--frames")


@pytest.mark.parametrize("option", ["--slow-motion", "--electrical-ms-per-s", "--fixed-step"])
@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "fast"])
def test_bad_positive_numbers(tmp_path, option, value):
    assert_usage_error(run_cli(tmp_path, f"{option}={value}"), option)


def test_slow_motion_and_rate_together(tmp_path):
    result = run_cli(tmp_path, "--slow-motion", "100", "--electrical-ms-per-s", "1")
    assert_usage_error(result, "--electrical-ms-per-s", "--slow-motion")


def test_offscreen_and_fullscreen_together(tmp_path):
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--fullscreen")
    assert_usage_error(result, "--fullscreen", "--offscreen")


def test_offscreen_needs_frames(tmp_path):
    assert_usage_error(run_cli(tmp_path, "--offscreen"), "--offscreen", "--frames")


def test_screenshot_directory_missing(tmp_path):
    shot = tmp_path / "no-such-dir" / "shot.png"
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--screenshot", str(shot))
    assert_usage_error(result, "--screenshot", "does not exist")


def test_screenshot_directory_is_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--screenshot", "afile/shot.png")
    assert_usage_error(result, "--screenshot", "not a directory")


def test_screenshot_directory_not_writable(tmp_path):
    if os.geteuid() == 0:
        # root writes through permission bits; /proc refuses new files even to root.
        if not sys.platform.startswith("linux"):
            pytest.skip("needs /proc to find a directory root cannot write to")
        shot = "/proc/shot.png"
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        shot = str(locked / "shot.png")
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--screenshot", shot)
    assert_usage_error(result, "--screenshot")


@pytest.mark.parametrize("name", ["shot.jpg", "shot", "shot.png.txt"])
def test_screenshot_must_be_png(tmp_path, name):
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--screenshot", name)
    assert_usage_error(result, "--screenshot", ".png")


def test_record_into_existing_file(tmp_path):
    (tmp_path / "frames").write_text("not a directory")
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--record", "frames")
    assert_usage_error(result, "--record", "existing file")


# -- no display ----------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY matters on Linux")
def test_no_display_without_offscreen(tmp_path):
    result = run_cli(tmp_path, display=False)
    assert result.returncode == 1
    line = stderr_line(result)
    assert "display" in line
    assert cli.OFFSCREEN_EXAMPLE in line
    assert result.stdout == ""


# -- error paths stay light ----------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [["--size", "0x0"], ["--bogus"], ["--help"], []],
    ids=["size", "flag", "help", "nodisplay"],
)
def test_error_paths_do_not_import_the_engine(tmp_path, args):
    probe = (
        "import sys\n"
        "from game.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r})\n"
        "print('HEAVY:' + ','.join(heavy))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        check=False,
        cwd=tmp_path,
        env=_env(tmp_path, display=False),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1, 2), result.stderr
    assert "HEAVY:\n" in result.stdout, result.stdout


# -- the run path, with a stand-in for game.app --------------------------------------------
@pytest.fixture
def fake_app(monkeypatch, tmp_path):
    """Replaces ``game.app`` with a module whose ``run`` records its options."""
    app = types.SimpleNamespace(calls=[], result=0, raises=None)

    def run(options):
        app.calls.append(options)
        if app.raises is not None:
            raise app.raises
        return app.result

    module = types.ModuleType("game.app")
    module.run = run
    monkeypatch.setitem(sys.modules, "game.app", module)
    monkeypatch.setattr(game, "app", module, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.setenv("MESA_SHADER_CACHE_DIR", str(tmp_path / "mesa"))
    monkeypatch.setenv("EGL_PLATFORM", "surfaceless")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("PINS_AND_NEEDLES_TRACEBACK", raising=False)
    monkeypatch.chdir(tmp_path)
    return app


def test_options_reach_the_app(fake_app, tmp_path):
    args = "--offscreen --frames 5 --size 640x360 --screenshot out.png --record rec/frames"
    code = cli.main(["explore", *args.split(), "--fixed-step", "0.02", "--slow-motion", "1000"])
    assert code == 0
    assert fake_app.calls == [
        RunOptions(
            offscreen=True,
            frames=5,
            screenshot=tmp_path / "out.png",
            record_dir=tmp_path / "rec" / "frames",
            width_px=640,
            height_px=360,
            fullscreen=False,
            electrical_ms_per_s=1.0,
            fixed_frame_s=0.02,
        )
    ]
    assert (tmp_path / "rec" / "frames").is_dir()


def test_defaults_reach_the_app(fake_app):
    assert cli.main(["explore"]) == 0
    assert fake_app.calls == [RunOptions()]


def test_electrical_rate_option(fake_app):
    assert cli.main(["explore", "--electrical-ms-per-s", "2.5", "--fullscreen"]) == 0
    (options,) = fake_app.calls
    assert options.electrical_ms_per_s == 2.5 and options.fullscreen


def test_the_starting_view_reaches_the_app_and_a_wrong_one_is_refused(fake_app, capsys):
    assert cli.main(["explore", "--view", "tunnel", "--free-flight"]) == 0
    (options,) = fake_app.calls
    assert options.view == "tunnel" and options.free_flight
    assert cli.main(["explore", "--view", "outside"]) == 2
    assert "--view" in capsys.readouterr().err


def test_app_exit_code_is_returned(fake_app):
    fake_app.result = 3
    assert cli.main(["explore"]) == 3


def test_user_facing_error(fake_app, capsys):
    fake_app.raises = UserFacingError("no OpenGL context: EGL failed", exit_code=4)
    assert cli.main(["explore"]) == 4
    captured = capsys.readouterr()
    assert captured.err == "pins-and-needles: no OpenGL context: EGL failed\n"


def test_unexpected_error_is_one_line_and_logged(fake_app, capsys, tmp_path):
    fake_app.raises = RuntimeError("boom\nsecond line")
    assert cli.main(["explore"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert "RuntimeError: boom second line" in err
    assert "Traceback" not in err
    logs = list((tmp_path / "xdg-cache" / "pins-and-needles" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "Traceback" in logs[0].read_text()


def test_bench_is_forwarded(monkeypatch, tmp_path):
    seen = []
    module = types.ModuleType("game.bench")
    module.main = lambda argv: seen.append(argv) or 0
    monkeypatch.setitem(sys.modules, "game.bench", module)
    monkeypatch.setattr(game, "bench", module, raising=False)
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.setenv("MESA_SHADER_CACHE_DIR", str(tmp_path / "mesa"))
    assert cli.main(["bench", "--frames", "10"]) == 0
    assert seen == [["--frames", "10"]]


def test_record_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    result = run_cli(tmp_path, "--offscreen", "--frames", "1", "--record", "afile/frames")
    assert_usage_error(result, "--record", "not a directory")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY matters on Linux")
def test_no_display_creates_nothing(tmp_path):
    result = run_cli(tmp_path, "--record", "frames", display=False)
    assert result.returncode == 1
    assert not (tmp_path / "frames").exists()


# -- comfort and access flags --------------------------------------------------------------
def test_help_lists_the_comfort_flags_and_the_subcommands(tmp_path):
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for text in ("--calm", "--fov", "--invert-y", "--sensitivity", "--caption-scale",
                 "--no-captions", "--stereo", "kiosk", "stats", "check-levels"):  # fmt: skip
        assert text in result.stdout, text


@pytest.mark.parametrize(
    "args, option",
    [
        (["--fov", "20"], "--fov"),
        (["--fov", "111"], "--fov"),
        (["--fov", "wide"], "--fov"),
        (["--fov=nan"], "--fov"),
        (["--sensitivity", "0.05"], "--sensitivity"),
        (["--sensitivity", "6"], "--sensitivity"),
        (["--sensitivity=inf"], "--sensitivity"),
        (["--caption-scale", "0.5"], "--caption-scale"),
        (["--caption-scale", "4"], "--caption-scale"),
        (["--stereo", "vr"], "--stereo"),
        (["--stereo"], "--stereo"),
        (["--calm=yes"], "--calm"),
    ],
)
def test_bad_comfort_values_are_one_line_naming_the_option(args, option, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("pins-and-needles: error: ") and option in err, err
    assert "Traceback" not in err


def test_a_bad_comfort_value_in_a_subprocess_is_one_line_with_exit_2(tmp_path):
    result = run_cli(tmp_path, "--fov", "200")
    assert_usage_error(result, "--fov", "30 to 110")


def test_comfort_flags_reach_the_app(fake_app):
    args = "--fov 70 --invert-y --sensitivity 2.5 --caption-scale 1.5 --no-captions --stereo sbs"
    assert cli.main(["explore", *args.split()]) == 0
    (options,) = fake_app.calls
    assert options.comfort == ComfortSettings(
        fov_deg=70.0,
        invert_y=True,
        mouse_sensitivity=2.5,
        caption_scale=1.5,
        captions=False,
        stereo="sbs",
    )


def test_calm_reaches_the_app_and_explicit_flags_stay_on_top(fake_app):
    assert cli.main(["explore", "--calm", "--stereo", "anaglyph", "--fov", "40"]) == 0
    (options,) = fake_app.calls
    comfort = options.comfort
    assert comfort.calm_mode and not comfort.camera_shake
    assert comfort.glow_gain < 1.0 and comfort.max_flashes_per_s < 3.0
    assert comfort.travel_speed_scale < 1.0 and comfort.vignette > 0.0
    assert comfort.stereo == "anaglyph" and comfort.fov_deg == 40.0
    assert comfort.captions  # calm mode keeps captions on


def test_no_comfort_flags_give_the_default_comfort(fake_app):
    assert cli.main(["explore"]) == 0
    assert fake_app.calls[0].comfort == ComfortSettings()
    assert not ComfortSettings().calm_mode and ComfortSettings().stereo is None


# -- the subcommands other modules provide ---------------------------------------------------
@pytest.fixture
def fake_subcommands(monkeypatch):
    """Stand-ins for game.kiosk.cli and game.play.check_levels that record their argv."""
    seen = []
    kiosk_cli = types.ModuleType("game.kiosk.cli")
    kiosk_cli.kiosk_main = lambda argv: seen.append(("kiosk", argv)) or 0
    kiosk_cli.stats_main = lambda argv: seen.append(("stats", argv)) or 5
    check_levels = types.ModuleType("game.play.check_levels")
    check_levels.main = lambda argv: seen.append(("check-levels", argv)) or 1
    monkeypatch.setitem(sys.modules, "game.kiosk", types.ModuleType("game.kiosk"))
    monkeypatch.setitem(sys.modules, "game.kiosk.cli", kiosk_cli)
    monkeypatch.setitem(sys.modules, "game.play.check_levels", check_levels)
    return seen


def test_subcommands_call_their_module_with_the_rest_of_the_line(fake_subcommands):
    assert cli.main(["kiosk", "--config", "k.toml"]) == 0
    assert cli.main(["stats", "--json"]) == 5
    assert cli.main(["check-levels", "levels/a.toml", "levels/b.toml"]) == 1
    assert fake_subcommands == [
        ("kiosk", ["--config", "k.toml"]),
        ("stats", ["--json"]),
        ("check-levels", ["levels/a.toml", "levels/b.toml"]),
    ]


@pytest.mark.parametrize("name", ["kiosk", "stats", "check-levels"])
def test_a_subcommand_missing_from_the_build_is_one_line_and_exit_1(monkeypatch, capsys, name):
    # None in sys.modules makes the import fail with ModuleNotFoundError, as if never written.
    module_name = cli.OPTIONAL_COMMANDS[name][0]
    monkeypatch.setitem(sys.modules, module_name, None)
    assert cli.main([name]) == 1
    assert capsys.readouterr().err == f"pins-and-needles: {name} is not available in this build\n"


def test_a_subcommand_without_its_function_is_not_available(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "game.kiosk", types.ModuleType("game.kiosk"))
    monkeypatch.setitem(sys.modules, "game.kiosk.cli", types.ModuleType("game.kiosk.cli"))
    assert cli.main(["stats"]) == 1
    assert "stats is not available in this build" in capsys.readouterr().err


def test_a_missing_dependency_inside_a_subcommand_is_not_hidden(monkeypatch, capsys, tmp_path):
    """Only the subcommand's own module missing means "not in this build"."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("PINS_AND_NEEDLES_TRACEBACK", raising=False)
    import importlib

    real_import = importlib.import_module

    def import_module(name, *args, **kwargs):
        if name == "game.play.check_levels":  # the module exists but needs a missing package
            raise ModuleNotFoundError("No module named 'tomli_w'", name="tomli_w")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", import_module)
    assert cli.main(["check-levels"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: ModuleNotFoundError" in err and len(err.splitlines()) == 1


def test_subcommand_is_unavailable_in_a_fresh_process_without_its_module(tmp_path):
    # None in sys.modules: the import fails as if game/kiosk/cli.py had never been written.
    probe = (
        "import sys\n"
        "sys.modules['game.kiosk.cli'] = None\n"
        "from game.cli import main\n"
        "sys.exit(main(['kiosk', '--offscreen']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert stderr_line(result) == "pins-and-needles: kiosk is not available in this build"


# -- the ways in: title (the bare command), story, lessons, explore ---------------------------
@pytest.mark.parametrize("command", ["title", "story", "lessons"])
def test_mode_command_help(tmp_path, command):
    result = run_cli(tmp_path, command, "--help")
    assert result.returncode == 0, result.stderr
    assert f"pins-and-needles {command}" in result.stdout
    assert "--offscreen" in result.stdout and "--language" in result.stdout


def test_explore_help_names_the_explore_flags_and_the_bare_help_names_explore(tmp_path):
    explore = run_cli(tmp_path, "explore", "--help")
    assert explore.returncode == 0, explore.stderr
    assert "pins-and-needles explore" in explore.stdout
    for flag in ("--free-flight", "--view", "--stereo", "--offscreen", "--frames", "--screenshot"):
        assert flag in explore.stdout, flag
    assert "--language" not in explore.stdout  # exploring has no texts to translate yet
    bare = run_cli(tmp_path, "--help").stdout
    assert "opens the title screen" in " ".join(bare.split())
    assert "pins-and-needles explore" in bare and "--language" in bare


def test_explore_takes_no_mode_options(tmp_path):
    assert_usage_error(run_cli(tmp_path, "explore", "--language", "es"), "--language")


def test_story_help_names_attract_and_lessons_help_names_chapter(tmp_path):
    assert "--attract" in run_cli(tmp_path, "story", "--help").stdout
    assert "--chapter" in run_cli(tmp_path, "lessons", "--help").stdout


@pytest.mark.parametrize(
    "args, mentions",
    [
        (["story", "--offscreen"], ("--offscreen", "--frames")),
        (["lessons", "--chapter", "0"], ("--chapter", "positive whole number")),
        (["title", "--language", "fr"], ("--language", "en or es", "'fr'")),
        (["story", "--story-speed", "0"], ("--story-speed",)),
        (["lessons", "--attract"], ("--attract",)),
    ],
)
def test_mode_command_usage_errors(tmp_path, args, mentions):
    assert_usage_error(run_cli(tmp_path, *args), *mentions)


@pytest.fixture
def fake_modes(monkeypatch, fake_app):
    """Replaces ``game.modes.runner.run_modes`` with a recorder."""
    calls = []
    module = types.ModuleType("game.modes.runner")
    module.run_modes = lambda options, **kw: calls.append((options, kw)) or 0
    monkeypatch.setitem(sys.modules, "game.modes.runner", module)
    return calls


def test_mode_commands_reach_the_mode_runner_with_the_common_options(fake_modes, fake_app):
    assert cli.main(["story", "--offscreen", "--frames", "3", "--calm", "--attract",
                     "--story-speed", "20", "--language", "es"]) == 0  # fmt: skip
    assert cli.main(["lessons", "--chapter", "4", "--no-captions"]) == 0
    assert cli.main(["title", "--size", "640x360"]) == 0
    (story, kw_story), (lessons, kw_lessons), (title, kw_title) = fake_modes
    assert story.offscreen and story.frames == 3 and story.comfort.calm_mode
    assert kw_story == {"first": "story", "language": "es", "chapter": None, "attract": True,
                        "story_speed": 20.0, "profile": "article"}  # fmt: skip
    assert kw_lessons["first"] == "lessons" and kw_lessons["chapter"] == 4
    assert not lessons.comfort.captions
    assert kw_title["first"] == "title" and (title.width_px, title.height_px) == (640, 360)
    assert fake_app.calls == []  # exploring was not run


def test_the_bare_command_opens_the_title_screen(fake_modes, fake_app):
    """The README's run command lands a visitor on the title screen, not in the nerve."""
    assert cli.main([]) == 0
    assert cli.main(["--calm", "--language", "es", "--free-flight"]) == 0
    (options, kw), (calm, kw_calm) = fake_modes
    assert options == RunOptions() and kw["first"] == "title" and kw["language"] == "en"
    assert kw_calm["first"] == "title" and kw_calm["language"] == "es"
    assert calm.comfort.calm_mode and calm.free_flight  # for exploring, chosen on the title
    assert fake_app.calls == []


def test_explore_opens_free_exploration_with_its_flags(fake_modes, fake_app):
    assert cli.main(["explore", "--free-flight", "--view", "tunnel", "--stereo", "sbs"]) == 0
    (options,) = fake_app.calls
    assert options.free_flight and options.view == "tunnel" and options.comfort.stereo == "sbs"
    assert fake_modes == []
