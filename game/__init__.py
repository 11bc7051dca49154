"""Pins & Needles: a real-time 3D flight along a peripheral nerve that falls asleep.

Layers (data flows one way): ``game.play`` (gameplay, commands) -> ``game.sim`` (physiology,
numpy + numba only, in its own thread) -> ``game.render`` (Panda3D, reads snapshots).
"""

import sys
from pathlib import Path

__version__ = "0.1.0"

#: The repository root, where ``shaders/``, ``models/`` and ``levels/`` live. In a
#: standalone build (build_apps) every frozen module's ``__file__`` is the executable, and
#: the data folders sit next to it.
REPO_ROOT = (
    Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False)
    else Path(__file__).resolve().parent.parent
)
