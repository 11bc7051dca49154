"""Fixtures of the play views' render tests: one offscreen ShowBase for a module (the
session's, when another tier opened one), a fresh node under aspect2d per test, the folder
screenshots go to (``$PINS_PLAY_SHOTS``, default a temporary one), ``frame(name)`` to render,
save and read a frame, ``to_pixel(x, y)`` for an aspect2d point's pixel, and
``window_shape(w, h)`` to give the window another shape for one test."""

import os
from pathlib import Path

import numpy as np
import pytest
from shared_showbase import borrowed_or_own_showbase

WIDTH_PX, HEIGHT_PX = 640, 360


@pytest.fixture(scope="module")
def base():
    """The session's ShowBase when one is open (the render tier's), else one of our own."""
    yield from borrowed_or_own_showbase(WIDTH_PX, HEIGHT_PX)


@pytest.fixture
def ui(base):
    root = base.aspect2d.attach_new_node("play-view-test")
    yield root
    root.remove_node()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("PINS_PLAY_SHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("play-shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def frame(base, shots):
    """``frame(name)``: render, save ``<shots>/<name>.png``, return (h, w, 3) ints, top row
    first."""

    def grab(name: str) -> np.ndarray:
        from PIL import Image

        base.graphicsEngine.render_frame()
        base.graphicsEngine.render_frame()
        tex = base.win.get_screenshot()
        rgb = np.frombuffer(bytes(tex.get_ram_image_as("RGB")), np.uint8)
        rgb = rgb.reshape(tex.get_y_size(), tex.get_x_size(), 3)[::-1]
        Image.fromarray(rgb).save(shots / f"{name}.png")
        return rgb.astype(int)

    return grab


@pytest.fixture
def to_pixel(base):
    """``to_pixel(x, y)``: (row, column) of the aspect2d point (x, y) in the frame."""

    def pixel(x: float, y: float) -> tuple[int, int]:
        from panda3d.core import Point3

        h, w = base.win.get_y_size(), base.win.get_x_size()
        p = base.render2d.get_relative_point(base.aspect2d, Point3(x, 0.0, y))
        return round((1 - p.z) / 2 * (h - 1)), round((p.x + 1) / 2 * (w - 1))

    return pixel


@pytest.fixture
def window_shape(base):
    """``window_shape(w, h)``: the (offscreen) window resized, aspect2d fitted to it as
    ShowBase does on a resize ("aspectRatioChanged" sent); the old size is put back after."""
    old = (base.win.get_x_size(), base.win.get_y_size())

    def shape(width_px: int, height_px: int) -> None:
        base.win.set_size(width_px, height_px)
        base.adjustWindowAspectRatio(width_px / height_px)

    yield shape
    shape(*old)


def orange_pixels(rgb: np.ndarray) -> np.ndarray:
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 150) & (g > 90) & (g < 190) & (b < 80)


@pytest.fixture
def orange():
    """``orange(rgb)``: the mask of Okabe-Ito orange pixels (the warning colour)."""
    return orange_pixels
