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
    code = cli.main([*args.split(), "--fixed-step", "0.02", "--slow-motion", "1000"])
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
    assert cli.main([]) == 0
    assert fake_app.calls == [RunOptions()]


def test_electrical_rate_option(fake_app):
    assert cli.main(["--electrical-ms-per-s", "2.5", "--fullscreen"]) == 0
    (options,) = fake_app.calls
    assert options.electrical_ms_per_s == 2.5 and options.fullscreen


def test_app_exit_code_is_returned(fake_app):
    fake_app.result = 3
    assert cli.main([]) == 3


def test_user_facing_error(fake_app, capsys):
    fake_app.raises = UserFacingError("no OpenGL context: EGL failed", exit_code=4)
    assert cli.main([]) == 4
    captured = capsys.readouterr()
    assert captured.err == "pins-and-needles: no OpenGL context: EGL failed\n"


def test_unexpected_error_is_one_line_and_logged(fake_app, capsys, tmp_path):
    fake_app.raises = RuntimeError("boom\nsecond line")
    assert cli.main([]) == 1
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
