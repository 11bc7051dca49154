"""Fixtures of the kiosk tests: an offscreen ShowBase for the tests of one module.

Module-scoped and destroyed afterwards (the render tier makes its own session-wide one
later); skipped cleanly where no OpenGL context with GLSL can be made, like tests/render.
"""

import pytest
from shared_showbase import borrowed_or_own_showbase

WIDTH_PX, HEIGHT_PX = 480, 270


@pytest.fixture(scope="module")
def kiosk_base():
    yield from borrowed_or_own_showbase(WIDTH_PX, HEIGHT_PX)


@pytest.fixture(scope="module")
def strings():
    from game.i18n import Strings

    return Strings(("en", "es"))


@pytest.fixture(scope="module")
def font(kiosk_base):
    from game.i18n import load_font

    return load_font()
