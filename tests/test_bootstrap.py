"""The README's two commands (scripts/run.sh, scripts/test.sh) and their shared set-up.

The full from-scratch set-up (create .venv, pip install) is what CI itself runs; these tests
check the parts that must fail clearly, in a scratch copy of the scripts so that the real
.venv is never touched.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("bootstrap.sh", "run.sh", "test.sh")
BASH = shutil.which("bash")

pytestmark = pytest.mark.skipif(BASH is None, reason="the scripts need bash")


def scratch_repo(tmp_path: Path) -> Path:
    """A copy of scripts/ beside a stub pyproject.toml, with no .venv."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    for name in SCRIPTS:
        shutil.copy2(REPO_ROOT / "scripts" / name, repo / "scripts" / name)
    (repo / "pyproject.toml").write_text('[project]\nname = "stub"\n')
    return repo


def fake_bin(tmp_path: Path, tools: dict[str, str]) -> Path:
    """A PATH folder holding the given shell scripts plus links to the basic tools."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("dirname", "basename", "mkdir", "rm", "id", "cat", "cut", "sha256sum"):
        found = shutil.which(name)
        if found:
            (bin_dir / name).symlink_to(found)
    for name, body in tools.items():
        path = bin_dir / name
        path.write_text(f"#!{BASH}\n{body}\n")
        path.chmod(0o755)
    return bin_dir


def run_script(repo: Path, name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BASH, str(repo / "scripts" / name)],
        check=False,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("name", [*SCRIPTS, "../.ci/run"])
def test_scripts_parse(name):
    result = subprocess.run(
        [BASH, "-n", str(REPO_ROOT / "scripts" / name)], check=False, capture_output=True
    )
    assert result.returncode == 0, result.stderr


def test_ci_runs_exactly_the_test_command():
    text = (REPO_ROOT / ".ci" / "run").read_text()
    assert "exec bash scripts/test.sh\n" in text
    assert "bash scripts/test.sh" in (REPO_ROOT / "README.md").read_text()


def test_no_python_is_one_clear_line(tmp_path):
    repo = scratch_repo(tmp_path)
    # Every python on this PATH is too old.
    old = 'case "$1" in -c) exit 1;; --version) echo "Python 3.9.2";; esac'
    bin_dir = fake_bin(tmp_path, {n: old for n in ("python3", "python3.11", "python3.12")})
    result = run_script(repo, "run.sh", {"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode == 1
    expected = (
        "scripts/run.sh: no Python 3.11 or newer found (looked for python3.11 python3.12 "
        "python3.13 python3); install it, e.g. apt-get install python3 python3-venv"
    )
    assert result.stderr.splitlines() == [expected]
    assert not (repo / ".venv").exists()


def test_missing_ensurepip_is_one_clear_line(tmp_path):
    """Debian without python3-venv: venv cannot install pip. We say which package fixes it."""
    repo = scratch_repo(tmp_path)
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "ensurepip.py").write_text("raise ImportError('ensurepip hidden by the test')\n")
    python = fake_bin(tmp_path, {"python-no-ensurepip": f'exec "{sys.executable}" "$@"'})
    env = {
        "PATH": f"{python}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PINS_PYTHON": "python-no-ensurepip",
        "PYTHONPATH": str(hide),
        "PN_NO_APT": "1",  # never apt-get install from a test
    }
    result = run_script(repo, "test.sh", env)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("scripts/test.sh: Python 3.")
    assert "ensurepip is missing" in lines[0] and "python3-venv" in lines[0]
    assert not (repo / ".venv").exists()


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (REPO_ROOT / ".venv").resolve(),
    reason="runs scripts/test.sh again, only from the venv it set up (fast: nothing to install)",
)
def test_no_tests_collected_is_a_failure(tmp_path):
    empty = tmp_path / "no_tests_here"
    empty.mkdir()
    result = subprocess.run(
        [BASH, str(REPO_ROOT / "scripts" / "test.sh"), str(empty), "-p", "no:cacheprovider"],
        check=False,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no tests ran" in result.stdout
    assert "pytest collected no tests" in result.stderr
