"""Writes rendered frames to disk: the last one as ``--screenshot``, every one with ``--record``.

Paths are checked before any window opens, so a typo costs no start-up time and is reported
in one line naming the option. Frames are read back from the window or offscreen buffer
after each rendered frame (``frame_000000.png``, ``frame_000001.png``, ...).
"""

import os
from pathlib import Path

import numpy as np
from panda3d.core import GraphicsOutput

from game.errors import UsageError, UserFacingError
from game.render.png_file import write_png


def check_writable_file(path: Path, option: str) -> None:
    """Raise UsageError unless ``path`` can be created or overwritten."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{option} {path}: is a directory; expected a .png file path")
    if path.suffix.lower() != ".png":
        raise UsageError(f"{option} {path}: expected a file name ending in .png")
    if not parent.is_dir():
        raise UsageError(f"{option} {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: directory {parent} is not writable")


def prepare_record_dir(path: Path, option: str = "--record") -> None:
    """Create ``path`` if needed; raise UsageError unless it is a writable directory."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot create the directory ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {path}: directory is not writable")


def frame_path(record_dir: Path, index: int) -> Path:
    return record_dir / f"frame_{index:06d}.png"


class FrameCapture:
    """Saves frames of ``window`` as the options ask; check paths with ``check_paths`` first."""

    def __init__(self, *, screenshot: Path | None, record_dir: Path | None) -> None:
        self.screenshot = screenshot
        self.record_dir = record_dir
        self.frames_written = 0

    def check_paths(self) -> None:
        if self.screenshot is not None:
            check_writable_file(self.screenshot, "--screenshot")
        if self.record_dir is not None:
            prepare_record_dir(self.record_dir)

    def after_frame(self, window: GraphicsOutput, index: int) -> None:
        """Call after frame ``index`` was rendered."""
        if self.record_dir is not None:
            save_frame(window, frame_path(self.record_dir, index))
            self.frames_written += 1

    def finish(self, window: GraphicsOutput) -> None:
        """Call after the last frame: writes the screenshot."""
        if self.screenshot is not None:
            save_frame(window, self.screenshot)


def frame_rgb(window: GraphicsOutput) -> np.ndarray:
    """The window's current frame as (height, width, 3) uint8, top row first."""
    texture = window.get_screenshot()
    if texture is None:
        raise UserFacingError("could not read the rendered frame back from the graphics driver")
    data = np.frombuffer(bytes(texture.get_ram_image_as("RGB")), dtype=np.uint8)
    return data.reshape(texture.get_y_size(), texture.get_x_size(), 3)[::-1]


def save_frame(window: GraphicsOutput, path: Path) -> None:
    """Write the window's current frame to ``path`` as PNG, or raise UserFacingError."""
    rgb = frame_rgb(window)
    try:
        write_png(path, rgb)
    except OSError as exc:
        raise UserFacingError(
            f"could not write the frame to {path}: {exc.strerror or exc}"
        ) from None
