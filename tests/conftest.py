"""Test-wide set-up that must happen before numba or a GL driver is loaded.

numba's cache and Mesa's shader cache go to per-user folders under the temp directory (kept
between runs, so only the first run pays for the compile) unless the environment already
names them; the render tier's fixtures live in ``tests/render/conftest.py``.
"""

import os
import tempfile
from pathlib import Path


def _cache_dir(name: str) -> str:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    path = Path(tempfile.gettempdir()) / f"pins-and-needles-test-{uid}" / name
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


if "NUMBA_CACHE_DIR" not in os.environ:
    os.environ["NUMBA_CACHE_DIR"] = _cache_dir("numba")
if "MESA_SHADER_CACHE_DIR" not in os.environ:
    os.environ["MESA_SHADER_CACHE_DIR"] = _cache_dir("mesa_shader_cache")
# Offscreen GL through EGL without a display (see ../shared/HEADLESS.md).
os.environ.setdefault("EGL_PLATFORM", "surfaceless")
# One raster thread for llvmpipe: on the 2-core CI machine a second raster thread and a busy
# simulation thread would share one core whatever the code does, and the render tier's
# "frame rate with the sim running" test is about the GIL, not about that (HEADLESS.md:
# LP_NUM_THREADS=1 also makes frame times steadier).
os.environ.setdefault("LP_NUM_THREADS", "1")
