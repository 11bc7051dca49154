"""Helpers for render tests: read a rendered frame into numpy, find pixels of scene points."""

import numpy as np
from panda3d.core import NodePath, Point2, Point3


def frame_rgb(window) -> np.ndarray:
    """The window's current frame as (height, width, 3) uint8, top row first."""
    texture = window.get_screenshot()
    assert texture is not None, "could not read the frame back"
    data = bytes(texture.get_ram_image_as("RGB"))
    height, width = texture.get_y_size(), texture.get_x_size()
    return np.frombuffer(data, np.uint8).reshape(height, width, 3)[::-1]


def luminance(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., :3].astype(np.float64) @ np.array([0.2126, 0.7152, 0.0722])


def pixel_of(base, point: Point3, relative_to: NodePath) -> tuple[int, int] | None:
    """Column and row of ``point`` (in ``relative_to``'s space) in the frame, or None."""
    in_camera = base.cam.get_relative_point(relative_to, point)
    projected = Point2()
    if not base.camLens.project(in_camera, projected):
        return None
    width, height = base.win.get_x_size(), base.win.get_y_size()
    column = round((projected.x + 1.0) * 0.5 * (width - 1))
    row = round((1.0 - projected.y) * 0.5 * (height - 1))
    return column, row
