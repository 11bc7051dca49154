"""Opens the Panda3D window or offscreen buffer: PRC settings, EGL for headless runs, GLSL check.

Offscreen runs render through EGL on whatever GL driver exists (llvmpipe on a machine with no
GPU) with ``load-display p3headlessgl``; see ../shared/HEADLESS.md for why each setting is here.
Panda3D falls back silently to a software renderer with no shaders when GL cannot be opened,
so every start checks for GLSL and says so in one line instead of drawing two colours.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from panda3d.core import ConfigPage, load_prc_file_data, unload_prc_file

from game.errors import UserFacingError

WINDOW_TITLE = "Pins & Needles"


@dataclass(frozen=True)
class DisplaySettings:
    """Where frames go: an offscreen buffer or a window of ``width_px`` x ``height_px``."""

    offscreen: bool
    width_px: int = 1280
    height_px: int = 720
    fullscreen: bool = False


def user_cache_dir(name: str) -> Path:
    """A writable per-user cache folder (``$XDG_CACHE_HOME/pins-and-needles/<name>``)."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = root / "pins-and-needles" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare_environment(settings: DisplaySettings) -> None:
    """Environment variables that must be set before the GL driver loads."""
    if settings.offscreen:
        # Without it EGL tries a display platform first and warns before falling back.
        os.environ.setdefault("EGL_PLATFORM", "surfaceless")
    # A software rasteriser (Mesa's llvmpipe) takes every core by default; on a machine with
    # cores to spare, leave one to the simulation thread. On 2 cores both raster threads are
    # kept: at the default slow motion the simulation needs well under a millisecond a frame
    # and one raster thread would halve the frame rate (measured 80 -> 45 fps at 1280x720).
    # A GPU driver ignores this variable.
    if "LP_NUM_THREADS" not in os.environ:
        os.environ["LP_NUM_THREADS"] = str(max(2, (os.cpu_count() or 2) - 1))
    if "MESA_SHADER_CACHE_DIR" not in os.environ:
        # Mesa's default (~/.cache/mesa_shader_cache) may not exist or be writable.
        os.environ["MESA_SHADER_CACHE_DIR"] = str(user_cache_dir("mesa_shader_cache"))


def prc_text(settings: DisplaySettings) -> str:
    """The PRC lines for ``settings`` (loaded on top of Panda3D's defaults)."""
    lines = [
        f"win-size {settings.width_px} {settings.height_px}",
        f"window-title {WINDOW_TITLE}",
        "audio-library-name null",  # no sound yet; OpenAL prints ALSA noise on kiosks
        "model-cache-dir",  # geometry is generated, nothing to cache
        "print-pipe-types #f",
        "notify-level-device fatal",
        "framebuffer-srgb #f",
        "framebuffer-multisample #f",  # multisampling costs too much on software GL
    ]
    if settings.offscreen:
        lines += [
            "load-display p3headlessgl",
            "window-type offscreen",
            "sync-video #f",
        ]
    else:
        lines += [
            "window-type onscreen",
            f"fullscreen {'#t' if settings.fullscreen else '#f'}",
            "sync-video #t",
        ]
    return "\n".join(lines)


def load_prc(settings: DisplaySettings) -> ConfigPage:
    """Load the PRC page for ``settings``; hand it to ``unload_prc`` at teardown."""
    prepare_environment(settings)
    return load_prc_file_data("pins-and-needles display", prc_text(settings))


def unload_prc(page: ConfigPage) -> None:
    unload_prc_file(page)


def open_showbase(settings: DisplaySettings):
    """Create the ShowBase with a window or buffer that supports GLSL, or raise UserFacingError.

    Returns ``(base, prc_page)``; the caller destroys ``base`` and unloads the page.
    """
    page = load_prc(settings)
    # Imported here so that importing this module does not build the ShowBase machinery.
    from direct.showbase.ShowBase import ShowBase

    try:
        base = ShowBase()
    except Exception as exc:  # noqa: BLE001 - Panda3D raises a bare Exception("Could not open window.")
        unload_prc(page)
        raise UserFacingError(_no_window_message(settings, exc)) from None
    if base.win is None or base.win.gsg is None:
        base.destroy()
        unload_prc(page)
        raise UserFacingError(_no_window_message(settings, None))
    if not base.win.gsg.get_supports_glsl():
        renderer = base.win.gsg.get_driver_renderer() or "unknown renderer"
        base.destroy()
        unload_prc(page)
        raise UserFacingError(
            f"the graphics driver ({renderer}) has no GLSL shader support: "
            "install Mesa (libegl1, libgl1-mesa-dri) or a GPU driver with OpenGL 3.3"
        )
    return base, page


def _no_window_message(settings: DisplaySettings, exc: Exception | None) -> str:
    if settings.offscreen:
        return (
            "could not open an offscreen OpenGL buffer through EGL "
            f"({exc or 'no graphics context'}): install Mesa (libegl1, libgl1-mesa-dri)"
        )
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return (
            "no display found ($DISPLAY is not set): render offscreen instead with "
            "--offscreen --frames 300 --screenshot out.png"
        )
    return (
        f"could not open a window on display {os.environ.get('DISPLAY', '?')}: "
        "render offscreen instead with --offscreen --frames 300 --screenshot out.png"
    )
