"""The offscreen ShowBase the tiers share: Panda3D allows one per process, so a tier's
fixture borrows the one another tier opened (and never destroys it), or opens its own, which
it destroys afterwards; skipped cleanly where no OpenGL context with GLSL can be made."""

import builtins

import pytest


def borrowed_or_own_showbase(width_px: int, height_px: int):
    """Generator for a fixture: ``yield from borrowed_or_own_showbase(w, h)``."""
    existing = getattr(builtins, "base", None)
    if existing is not None:
        yield existing
        return
    from game.errors import UserFacingError
    from game.render.display import DisplaySettings, open_showbase, unload_prc

    try:
        base, page = open_showbase(
            DisplaySettings(offscreen=True, width_px=width_px, height_px=height_px)
        )
    except UserFacingError as exc:
        pytest.skip(f"no offscreen OpenGL context with GLSL here: {exc}")
    base.disable_mouse()
    yield base
    base.destroy()
    unload_prc(page)
