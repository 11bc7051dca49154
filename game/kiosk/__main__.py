"""``python -m game.kiosk [ARGS]`` runs the kiosk; ``python -m game.kiosk stats [ARGS]`` the counts.

Also the entry point of the standalone build's ``pins-and-needles-kiosk`` (setup.py).
"""

import sys
from pathlib import Path

import game

if getattr(sys, "frozen", False):
    # build_apps gives every frozen module ``__file__ = sys.executable``; the data folders
    # (levels/, shaders/, models/) lie beside the executable, not one folder above it.
    game.REPO_ROOT = Path(sys.executable).resolve().parent
    # ... and so do the bundled packages' metadata (numba's version: game/sim/jit.py)
    if str(game.REPO_ROOT) not in sys.path:
        sys.path.append(str(game.REPO_ROOT))
    # ... and llvmlite's LLVM library, which it finds through importlib.resources: for a
    # frozen package that gives an "orphan" path (FileNotFoundError on ``import numba``)
    import importlib.resources as _resources

    _files = _resources.files

    def _files_beside_executable(anchor=None):
        name = anchor if isinstance(anchor, str) else getattr(anchor, "__name__", "")
        if name == "llvmlite.binding":
            return game.REPO_ROOT
        return _files(anchor)

    _resources.files = _files_beside_executable

from game.kiosk.cli import kiosk_main, stats_main

if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["stats"]:
        sys.exit(stats_main(argv[1:]))
    sys.exit(kiosk_main(argv[1:] if argv[:1] == ["kiosk"] else argv))
