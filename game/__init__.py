"""Pins & Needles: a real-time 3D flight along a peripheral nerve that falls asleep.

Layers (data flows one way): ``game.play`` (gameplay, commands) -> ``game.sim`` (physiology,
numpy + numba only, in its own thread) -> ``game.render`` (Panda3D, reads snapshots).
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root, where ``shaders/``, ``models/`` and ``levels/`` live.
REPO_ROOT = Path(__file__).resolve().parent.parent
