"""The standalone build's configuration (setup.py, build_apps) and the systemd unit parse and
name what the museum needs; the build itself is not run (it downloads wheels)."""

import configparser
import importlib.util
import tomllib

from game import REPO_ROOT


def load_setup():
    spec = importlib.util.spec_from_file_location("pins_setup", REPO_ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not __main__: setup() is not called
    return module.BUILD_APPS


def test_build_apps_options_are_accepted_by_panda3d():
    from direct.dist.commands import build_apps
    from setuptools import Distribution

    options = load_setup()
    command = build_apps(Distribution({"name": "pins-and-needles", "version": "0"}))
    command.initialize_options()
    for key, value in options.items():
        assert hasattr(command, key), f"build_apps has no option {key!r}"
        setattr(command, key, value)
    command.finalize_options()  # checks the apps' scripts exist, among others
    assert set(command.platforms) == {"manylinux2014_x86_64", "win_amd64"}
    assert {"pandagl", "p3headlessgl", "p3openal_audio"} <= set(command.plugins)
    assert command.gui_apps["pins-and-needles"] == "game/__main__.py"


def test_build_includes_data_and_every_dependency():
    options = load_setup()
    patterns = options["include_patterns"]
    for folder in ("levels", "shaders", "models"):
        assert any(p.startswith(folder + "/") for p in patterns)
    for script in options["gui_apps"].values():
        assert (REPO_ROOT / script).is_file()
    requirements = (REPO_ROOT / options["requirements_path"]).read_text()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    for dependency in project["dependencies"]:
        name = dependency.split(">")[0].split("<")[0].split("=")[0]
        assert name in requirements, f"{name} missing from {options['requirements_path']}"


def test_systemd_unit_restarts_on_failure_with_a_watchdog():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(REPO_ROOT / "deploy" / "pins-and-needles.service")
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "on-failure"
    assert int(service["WatchdogSec"]) >= 10
    assert "kiosk" in service["ExecStart"]
