"""Fixtures of the kiosk tests: an offscreen ShowBase for the tests of one module.

Module-scoped and destroyed afterwards (the render tier makes its own session-wide one
later); skipped cleanly where no OpenGL context with GLSL can be made, like tests/render.
"""

import builtins

import pytest

WIDTH_PX, HEIGHT_PX = 480, 270


@pytest.fixture(scope="module")
def kiosk_base():
    existing = getattr(builtins, "base", None)
    if existing is not None:  # another tier's ShowBase is alive: share it, never destroy it
        yield existing
        return
    from game.errors import UserFacingError
    from game.render.display import DisplaySettings, open_showbase, unload_prc

    try:
        base, page = open_showbase(
            DisplaySettings(offscreen=True, width_px=WIDTH_PX, height_px=HEIGHT_PX)
        )
    except UserFacingError as exc:
        pytest.skip(f"no offscreen OpenGL context with GLSL here: {exc}")
    base.disable_mouse()
    yield base
    base.destroy()
    unload_prc(page)


@pytest.fixture(scope="module")
def strings():
    from game.i18n import Strings

    return Strings(("en", "es"))


@pytest.fixture(scope="module")
def font(kiosk_base):
    from game.i18n import load_font

    return load_font()
