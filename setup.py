"""Standalone build of Pins & Needles with Panda3D's ``build_apps`` (a museum installs this).

The project's metadata and dependencies live in pyproject.toml; this file only configures
``build_apps`` / ``bdist_apps``. Build (downloads Panda3D's and the dependencies' wheels for
each platform; see deploy/README.md):

    .venv/bin/python setup.py bdist_apps      # or: setup.py build_apps (unpacked, in build/)

``pip install`` runs this file too: the ``__main__`` guard keeps the build options out of
imports (tests/kiosk/test_build_config.py reads ``BUILD_APPS``).
"""

import re
from pathlib import Path

from setuptools import setup

#: numba's version as pinned in deploy/requirements.txt (its metadata is bundled, see below).
NUMBA_VERSION = re.search(
    r"^numba==([\w.]+)",
    (Path(__file__).parent / "deploy" / "requirements.txt").read_text(),
    re.MULTILINE,
)[1]

BUILD_APPS = {
    "gui_apps": {
        # The experience (``pins-and-needles [options]``) and the museum kiosk.
        "pins-and-needles": "game/__main__.py",
        "pins-and-needles-kiosk": "game/kiosk/__main__.py",
    },
    # Required by build_apps with two GUI apps (even when macOS is not a target).
    "macos_main_app": "pins-and-needles-kiosk",
    # Data files are read at run time from the folder next to the executable (game.REPO_ROOT).
    "include_patterns": [
        "levels/**/*.toml",
        "shaders/**/*",
        "models/**/*",
    ],
    "exclude_patterns": ["**/__pycache__/**", "**/*.nbi", "**/*.nbc"],
    # Files of dependencies that Python's import machinery does not see. A frozen module's
    # resources are looked up beside the executable (build_apps sets every module's origin
    # to it), so these go to the top folder.
    "package_data_dirs": {
        # numba compiles through LLVM: llvmlite loads this library with ctypes
        "llvmlite": [
            ("llvmlite/binding/libllvmlite.so", "", {}),
            ("llvmlite/binding/llvmlite.dll", "", {}),
        ],
        # game/sim/jit.py names its kernel cache after numba's version, read from its
        # metadata (the version pinned in deploy/requirements.txt)
        "numba": [
            (f"numba-{NUMBA_VERSION}.dist-info/METADATA", f"numba-{NUMBA_VERSION}.dist-info", {})
        ],
    },
    # Windows: OpenGL; headless EGL for offscreen runs (Linux); OpenAL for the narration.
    "plugins": ["pandagl", "p3headlessgl", "p3openal_audio"],
    "platforms": ["manylinux2014_x86_64", "win_amd64"],
    # The wheels to bundle (pyproject's runtime dependencies, pinned by the museum's build).
    "requirements_path": "deploy/requirements.txt",
    # PyPI only: Panda3D's own indexes (its "optimized" wheels without debug checks, and
    # third-party wheels we do not use) are retried for minutes where they are unreachable.
    "use_optimized_wheels": False,
    "pypi_extra_indexes": [],
    # argparse help texts and module docs are read at run time.
    "strip_docstrings": False,
    "log_filename": "$USER_APPDATA/pins-and-needles/output.log",
    "log_append": True,
}

if __name__ == "__main__":
    setup(options={"build_apps": BUILD_APPS})
