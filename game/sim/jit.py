"""The one place that imports numba: JIT flags for every kernel, and where its cache lives.

Kernels are ``@njit(**KERNEL_FLAGS)``: ``nogil`` so the render loop keeps its frame rate while
they run (measured: without it the loop collapses to ~26 fps), ``cache`` so a second start
skips the compile.

numba's cache is keyed on each kernel's own source file only: a kernel that calls a function
(or reads a constant) from another module keeps running its old compiled code after that
module changes. So the cache lives in a folder named after a hash of every module of
``game.sim`` (and numba's version): any change to the simulation starts a fresh cache. The
folder sits under ``NUMBA_CACHE_DIR`` if set, else next to the source, else (read-only
install) under a user cache directory; it is chosen *before* numba is imported (if nothing is
writable, importing numba itself fails with "no locator available").
"""

import hashlib
import importlib.metadata
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


def simulation_source_hash(package_dir: Path = _PACKAGE_DIR) -> str:
    """A short hash of every module of game.sim and of numba's version."""
    try:
        numba_version = importlib.metadata.version("numba")
    except importlib.metadata.PackageNotFoundError:  # a standalone build without its metadata
        numba_version = "frozen"
    digest = hashlib.sha256(numba_version.encode())
    for path in sorted(package_dir.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def choose_numba_cache_dir() -> Path | None:
    """Point ``NUMBA_CACHE_DIR`` at a writable folder named after the simulation's source
    hash (see the module docstring); return it (None if nothing is writable)."""
    folder = f"sim-{simulation_source_hash()}"
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured and Path(configured).name == folder:
        configured = str(Path(configured).parent)  # set by a parent process: already hashed
    candidates = [Path(configured)] if configured else []
    if not configured and os.access(_PACKAGE_DIR, os.W_OK):
        pycache = _PACKAGE_DIR / "__pycache__"
        if not pycache.exists() or os.access(pycache, os.W_OK):
            candidates.append(pycache / "numba")
    candidates += [
        user_cache_dir(),
        Path(tempfile.gettempdir()) / f"pins-and-needles-numba-{os.getuid()}",
    ]
    for base in candidates:
        if _is_writable_dir(base / folder):
            os.environ["NUMBA_CACHE_DIR"] = str(base / folder)
            return base / folder
    return None


NUMBA_CACHE_DIR = choose_numba_cache_dir()

import numba  # noqa: E402  (must come after the cache directory is chosen)

if NUMBA_CACHE_DIR is not None:
    numba.config.CACHE_DIR = str(NUMBA_CACHE_DIR)

#: Flags for every simulation kernel (one dict, as in PySDM).
KERNEL_FLAGS = {"nogil": True, "cache": True, "fastmath": False, "error_model": "numpy"}

njit = numba.njit
