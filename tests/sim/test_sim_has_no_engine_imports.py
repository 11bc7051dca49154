"""The physiology core must not know the engine: importing all of game.sim loads no Panda3D."""

import subprocess
import sys

from game import REPO_ROOT

PROBE = """
import importlib, pkgutil, sys
import game.sim
for info in pkgutil.walk_packages(game.sim.__path__, "game.sim."):
    importlib.import_module(info.name)
engine = sorted(m for m in sys.modules if m.split(".")[0] in ("panda3d", "direct", "pandac"))
print(",".join(engine))
print("MODULES", len([m for m in sys.modules if m.startswith("game.sim")]))
"""


def test_importing_game_sim_loads_no_panda3d_or_direct():
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True, text=True, cwd=REPO_ROOT, check=True, timeout=120,
    ).stdout.splitlines()
    assert out[0] == "", f"game.sim pulled in engine modules: {out[0]}"
    # the probe really imported the simulation modules (cannot pass by importing nothing)
    assert int(out[1].split()[1]) >= 8
