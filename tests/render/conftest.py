"""Fixtures of the render tier: one offscreen ShowBase per session, compiled sim kernels.

Like Panda3D's own tests/conftest.py, the graphics fixtures ``pytest.skip`` cleanly where no
OpenGL context with GLSL can be made (no EGL, no Mesa) instead of failing.
"""

import pytest

#: Small frames keep the tier fast on a software rasteriser.
WIDTH_PX, HEIGHT_PX = 320, 180


@pytest.fixture(scope="session")
def showbase():
    """An offscreen ShowBase (EGL, p3headlessgl) of WIDTH_PX x HEIGHT_PX with GLSL."""
    from game.errors import UserFacingError
    from game.render.display import DisplaySettings, open_showbase, unload_prc

    try:
        base, page = open_showbase(
            DisplaySettings(offscreen=True, width_px=WIDTH_PX, height_px=HEIGHT_PX)
        )
    except UserFacingError as exc:
        pytest.skip(f"no offscreen OpenGL context with GLSL here: {exc}")
    yield base
    base.destroy()
    unload_prc(page)


@pytest.fixture(scope="session")
def compiled_kernels():
    """Compile (or load from cache) the simulation's kernels once for the whole session."""
    from game.sim.warm_up import compile_kernels

    return compile_kernels(lambda fraction, label: None)


@pytest.fixture
def scene_root(showbase):
    """A fresh node under render for one test, removed afterwards with everything on it."""
    root = showbase.render.attach_new_node("test-scene")
    yield root
    root.remove_node()
    showbase.camera.set_pos_hpr(0, 0, 0, 0, 0, 0)
