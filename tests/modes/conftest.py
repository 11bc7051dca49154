"""Fixtures of the modes tests: one offscreen ShowBase for a module (or the one another tier
made), skipped cleanly where no OpenGL context with GLSL can be made; strings; a temporary
progress file and user data directory so no test touches the real one."""

import pytest
from shared_showbase import borrowed_or_own_showbase

WIDTH_PX, HEIGHT_PX = 320, 180


@pytest.fixture(scope="module")
def modes_base():
    yield from borrowed_or_own_showbase(WIDTH_PX, HEIGHT_PX)


@pytest.fixture(scope="module")
def strings():
    from game.i18n import Strings

    return Strings(("en", "es"))


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"
