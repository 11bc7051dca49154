"""The one place that imports numba: JIT flags for every kernel, and where its cache lives.

Kernels are ``@njit(**KERNEL_FLAGS)``: ``nogil`` so the render loop keeps its frame rate while
they run (measured: without it the loop collapses to ~26 fps), ``cache`` so a second start
skips the compile. numba writes its cache next to the source; when the install directory is
read-only we point ``NUMBA_CACHE_DIR`` at a user cache directory *before* numba is imported
(if neither is writable, importing numba itself fails with "no locator available").
"""

import os
import tempfile
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _is_writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)


def user_cache_dir() -> Path:
    """Where our caches go when the install directory is read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pins-and-needles" / "numba"


def choose_numba_cache_dir() -> Path | None:
    """Set ``NUMBA_CACHE_DIR`` when numba could not write next to the source; return it."""
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured and _is_writable_dir(Path(configured)):
        return Path(configured)
    if not configured and os.access(_PACKAGE_DIR, os.W_OK):
        pycache = _PACKAGE_DIR / "__pycache__"
        if not pycache.exists() or os.access(pycache, os.W_OK):
            return None  # numba's default, next to the source, works
    for candidate in (
        user_cache_dir(),
        Path(tempfile.gettempdir()) / f"pins-and-needles-numba-{os.getuid()}",
    ):
        if _is_writable_dir(candidate):
            os.environ["NUMBA_CACHE_DIR"] = str(candidate)
            return candidate
    return None


NUMBA_CACHE_DIR = choose_numba_cache_dir()

import numba  # noqa: E402  (must come after the cache directory is chosen)

if NUMBA_CACHE_DIR is not None:
    numba.config.CACHE_DIR = str(NUMBA_CACHE_DIR)

#: Flags for every simulation kernel (one dict, as in PySDM).
KERNEL_FLAGS = {"nogil": True, "cache": True, "fastmath": False, "error_model": "numpy"}

njit = numba.njit
