"""numba's cache works when the install directory is read-only: it moves to a user cache dir."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game import REPO_ROOT

RUN_A_KERNEL = """
import os, sys
# import game from PYTHONPATH, not from the editable install's finder
sys.meta_path = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()]
{patch}
import game.sim.jit as jit
from game.sim.fiber import MyelinatedFiber
fibre = MyelinatedFiber(n_nodes=3)
fibre.advance(duration_ms=0.05)
print(jit.NUMBA_CACHE_DIR)
"""

PRETEND_READ_ONLY = """
package = os.path.realpath(sys.argv[1])
real_access = os.access
def access(path, mode, *args, **kwargs):
    if os.path.realpath(str(path)).startswith(package) and mode & os.W_OK:
        return False
    return real_access(path, mode, *args, **kwargs)
os.access = access
"""


def _env(tmp_path: Path, pythonpath: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    env["PYTHONPATH"] = str(pythonpath)
    return env


def _cache_files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.suffix in (".nbi", ".nbc")]


def test_cache_goes_to_user_dir_when_package_dir_is_not_writable(tmp_path):
    # as root every directory is writable, so the check of writability is what we vary
    script = RUN_A_KERNEL.format(patch=PRETEND_READ_ONLY)
    result = subprocess.run(
        [sys.executable, "-c", script, str(REPO_ROOT / "game" / "sim")],
        capture_output=True, text=True, env=_env(tmp_path, REPO_ROOT), timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    user_dir = tmp_path / "user-cache" / "pins-and-needles" / "numba"
    chosen = Path(result.stdout.strip().splitlines()[-1])
    assert chosen.parent == user_dir and chosen.name.startswith("sim-")
    assert _cache_files(user_dir), "numba wrote its cache to the user cache directory"


def test_a_change_to_any_simulation_module_starts_a_fresh_cache(tmp_path):
    """numba keys its cache on a kernel's own file only: a changed callee in another module
    would otherwise run stale compiled code. The folder name follows every module's source."""
    from game.sim.jit import simulation_source_hash

    copy = tmp_path / "sim"
    shutil.copytree(REPO_ROOT / "game" / "sim", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = simulation_source_hash(copy)
    assert before == simulation_source_hash(REPO_ROOT / "game" / "sim")
    constants = copy / "na_k_pump.py"
    constants.write_text(constants.read_text() + "\n# a changed constant elsewhere\n")
    assert simulation_source_hash(copy) != before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
def test_read_only_install_still_runs_and_caches_in_user_dir(tmp_path):
    install = tmp_path / "install"
    shutil.copytree(REPO_ROOT / "game", install / "game", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [install, *install.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        result = subprocess.run(
            [sys.executable, "-c", RUN_A_KERNEL.format(patch="")],
            capture_output=True, text=True, env=_env(tmp_path, install), timeout=300,
        )
    finally:
        for path in [install, *install.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _cache_files(tmp_path / "user-cache" / "pins-and-needles" / "numba")
