"""Fixtures of the modes tests: one offscreen ShowBase for a module (or the one another tier
made), skipped cleanly where no OpenGL context with GLSL can be made; strings; a temporary
progress file and user data directory so no test touches the real one."""

import builtins

import pytest

WIDTH_PX, HEIGHT_PX = 320, 180


@pytest.fixture(scope="module")
def modes_base():
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


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"
