"""Opens the Panda3D window or offscreen buffer: PRC settings, EGL for headless runs, GLSL check.

Offscreen runs render through EGL on whatever GL driver exists (llvmpipe on a machine with no
GPU) with ``load-display p3headlessgl``; see ../shared/HEADLESS.md for why each setting is here.
Panda3D falls back silently to a software renderer with no shaders when GL cannot be opened,
so every start checks for GLSL and says so in one line instead of drawing two colours.

Stereo (``--stereo``) uses Panda3D's own: the output is flagged side-by-side or red-blue
(``GraphicsOutput.set_side_by_side_stereo`` / ``set_red_blue_stereo``, what the PRC variables
``side-by-side-stereo`` and ``red-blue-stereo`` do for windows) and each camera's display
region is replaced by a ``StereoDisplayRegion``, which renders the scene twice from eyes
``interocular distance`` apart on the lens, converging at its convergence distance.
Side by side is "half" SBS as 3D TVs and phone headsets take it: each eye gets half the
width, squeezed. Red-blue writes the left eye to the red channel and the right eye to green
and blue (red-cyan glasses).
"""

import os
from dataclasses import dataclass
from pathlib import Path

from panda3d.core import ColorWriteAttrib, ConfigPage, Lens, load_prc_file_data, unload_prc_file

from game.comfort import STEREO_MODES
from game.errors import UserFacingError

WINDOW_TITLE = "Pins & Needles"
#: Eye separation in scene units (micrometres): a tenth of the 10 um fibre's node radius
#: gives a clear depth to the rings a few internodes ahead without doubling the near wall
#: beyond what eyes can fuse.
STEREO_INTEROCULAR_UM = 0.3
#: Distance (micrometres) at which the two eyes' images coincide: about where the rail looks.
STEREO_CONVERGENCE_UM = 12.0


@dataclass(frozen=True)
class DisplaySettings:
    """Where frames go: an offscreen buffer or a window of ``width_px`` x ``height_px``."""

    offscreen: bool
    width_px: int = 1280
    height_px: int = 720
    fullscreen: bool = False
    #: None (mono), "sbs" (side by side) or "anaglyph" (red-cyan).
    stereo: str | None = None


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
    if settings.stereo is not None:
        enable_stereo(base.win, settings.stereo, lens=base.camLens)
    return base, page


def enable_stereo(
    win,
    mode: str,
    *,
    lens=None,
    interocular_um: float = STEREO_INTEROCULAR_UM,
    convergence_um: float = STEREO_CONVERGENCE_UM,
) -> list:
    """Make ``win`` (a window or buffer) render every camera in stereo; returns the new
    StereoDisplayRegions.

    ``mode`` is "sbs" or "anaglyph". Each display region with a camera (the 3D scene, and the
    2D overlays, which then appear in both halves side by side) is replaced by a stereo one
    with the same sort, clears and dimensions; ``lens`` (the 3D camera's) gets the eye
    separation and convergence distance.
    """
    if mode not in STEREO_MODES:
        raise ValueError(f"stereo: expected {' or '.join(STEREO_MODES)}, got {mode!r}")
    if mode == "sbs":
        win.set_side_by_side_stereo(True)
    else:
        win.set_red_blue_stereo(
            True, ColorWriteAttrib.C_red, ColorWriteAttrib.C_green | ColorWriteAttrib.C_blue
        )
    made = []
    for region in list(win.get_display_regions()):
        camera = region.get_camera()
        # Skip stereo regions and their eyes (listed as regions of their own).
        if camera.is_empty() or region.is_stereo() or region.get_stereo_channel() != Lens.SC_mono:
            continue
        left, right, bottom, top = region.get_dimensions()
        stereo = win.make_stereo_display_region(left, right, bottom, top)
        stereo.set_camera(camera)
        stereo.set_sort(region.get_sort())
        stereo.set_active(region.is_active())
        stereo.set_clear_color_active(region.get_clear_color_active())
        stereo.set_clear_color(region.get_clear_color())
        stereo.set_clear_depth_active(region.get_clear_depth_active())
        stereo.set_clear_depth(region.get_clear_depth())
        # The right eye draws after the left: without its own depth clear, red-blue loses
        # the right eye's view wherever the left eye's image lies in front of it.
        stereo.get_right_eye().set_clear_depth_active(True)
        win.remove_display_region(region)
        made.append(stereo)
    if lens is not None:
        lens.set_interocular_distance(interocular_um)
        lens.set_convergence_distance(convergence_um)
    return made


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
