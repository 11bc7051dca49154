"""The WCAG 2.3.1 flash analyser bites on what it must refuse and passes what is safe."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from game import REPO_ROOT
from game.safety.flash_analyser import analyse_frames

FPS = 30.0
SIZE = (180, 320)  # rows, columns


def _flicker(seconds: float, hz: float, dark, bright, patch=None):
    for i in range(int(seconds * FPS)):
        frame = np.zeros(SIZE + (3,), np.uint8)
        frame[:] = dark
        if int(2 * hz * i / FPS) % 2:
            rows, cols = patch if patch else (slice(None), slice(None))
            frame[rows, cols] = bright
        yield frame


def test_a_full_screen_10_hz_flicker_fails():
    general, _ = analyse_frames(_flicker(2, 10, (0, 0, 0), (255, 255, 255)), FPS)
    assert not general.passed and general.max_flashes >= 9


def test_a_saturated_red_5_hz_flash_fails_as_a_red_flash():
    _, red = analyse_frames(_flicker(2, 5, (20, 0, 0), (255, 0, 0)), FPS)
    assert not red.passed and red.max_flashes >= 4


def test_three_flashes_a_second_or_fewer_pass():
    general, red = analyse_frames(_flicker(2, 3, (0, 0, 0), (255, 255, 255)), FPS)
    assert general.passed and red.passed


def test_only_a_flicker_larger_than_a_quarter_of_the_field_of_view_fails():
    # at 320x180 the limit is 21,300 px x (320 x 180) / (1920 x 1080), about 590 px
    tiny = (slice(0, 16), slice(0, 16))  # 256 px
    general, _ = analyse_frames(_flicker(2, 10, (0, 0, 0), (255, 255, 255), tiny), FPS)
    assert general.passed and general.threshold_area_px == pytest.approx(592, abs=2)
    large = (slice(0, 40), slice(0, 40))  # 1600 px
    general, _ = analyse_frames(_flicker(2, 10, (0, 0, 0), (255, 255, 255), large), FPS)
    assert not general.passed and general.worst_area_px == pytest.approx(1600)


def test_changes_between_bright_states_are_not_flashes():
    # both states above 0.8 relative luminance: WCAG does not count it
    general, _ = analyse_frames(_flicker(2, 10, (235, 235, 235), (255, 255, 255)), FPS)
    assert general.passed and general.max_flashes == 0


def test_the_threshold_area_is_stated_for_a_1920x1080_kiosk_screen():
    frames = [np.zeros((1080, 1920, 3), np.uint8)] * 2
    general, _ = analyse_frames(iter(frames), FPS)
    assert general.threshold_area_px == pytest.approx(0.25 * 337 * 253)


def _write_frames(folder, frames):
    folder.mkdir()
    for i, frame in enumerate(frames):
        Image.fromarray(frame).save(folder / f"frame_{i:06d}.png")


def _flashcheck(*args):
    return subprocess.run(
        [sys.executable, "-m", "game", "flashcheck", *args],
        check=False, capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip


def _recorded_flight_passes(frames, n_frames: int, *options: str) -> None:
    """Record ``n_frames`` of the explore flight into ``frames`` (320x180: the analyser's
    threshold area scales with the frame, so a small frame judges the same picture, in a
    quarter of the rendering and analysing time), then flashcheck must pass it."""
    run = subprocess.run(
        [sys.executable, "-m", "game", "explore", "--offscreen", "--frames", str(n_frames),
         "--size", "320x180", *options, "--record", str(frames)],
        check=False, capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip
    if run.returncode != 0 and "OpenGL" in run.stderr:
        pytest.skip(run.stderr.strip())
    assert run.returncode == 0, run.stderr
    result = _flashcheck(str(frames), "--fps", "30")
    assert result.returncode == 0, result.stdout


def test_the_command_exits_1_on_a_failing_recording_and_0_on_a_safe_one(tmp_path):
    _write_frames(tmp_path / "flicker", _flicker(1.5, 10, (0, 0, 0), (255, 255, 255)))
    result = _flashcheck(str(tmp_path / "flicker"), "--fps", "30")
    assert result.returncode == 1 and "general flashes: FAIL" in result.stdout
    assert "frames" in result.stdout and "px" in result.stdout
    _write_frames(tmp_path / "calm", _flicker(1.5, 1, (0, 0, 0), (255, 255, 255)))
    result = _flashcheck(str(tmp_path / "calm"), "--fps", "30")
    assert result.returncode == 0 and "general flashes: pass" in result.stdout


def test_bad_input_is_one_line(tmp_path):
    result = _flashcheck(str(tmp_path / "nowhere"), "--fps", "30")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "empty").mkdir()
    result = _flashcheck(str(tmp_path / "empty"), "--fps", "30")
    assert result.returncode == 1 and "no .png frames" in result.stderr
    result = _flashcheck(str(tmp_path / "empty"), "--fps", "0")
    assert result.returncode == 2 and "--fps" in result.stderr


@pytest.mark.render
@pytest.mark.slow
def test_the_recorded_spike_trains_of_the_flight_pass(tmp_path):
    _recorded_flight_passes(tmp_path / "flight", 120)


@pytest.mark.render
@pytest.mark.slow
def test_the_recorded_flight_in_calm_mode_passes(tmp_path):
    _recorded_flight_passes(tmp_path / "calm-flight", 90, "--calm")
