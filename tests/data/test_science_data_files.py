"""The science data in levels/science: every file loads, and a broken one is refused with one
line naming the file, the key and what was expected."""

import re
from pathlib import Path

import pytest

from game.datafile import DataFileError
from game.sim.fibre_classes import FIBRE_CLASSES_PATH, load_fibre_classes
from game.sim.profiles import PROFILE_DIR, PROFILE_NAMES, load_profile
from game.sim.sensation import SENSATION_PATH, load_sensation_rules

CLASS_NAMES = ["A-alpha", "A-beta", "A-delta", "C"]


def test_fibre_classes_are_the_articles_four_in_order():
    classes = load_fibre_classes()
    assert [c.name for c in classes] == CLASS_NAMES
    assert [c.myelinated for c in classes] == [True, True, True, False]


@pytest.mark.parametrize("name", PROFILE_NAMES)
def test_each_profile_loads_with_a_source_for_every_parameter(name):
    profile = load_profile(PROFILE_DIR / f"profile_{name}.toml")
    assert profile.name == name
    assert set(profile.class_params) == set(CLASS_NAMES)
    assert all(text.strip() for text in profile.sources.values())
    assert profile.perfusion_at(0.0) == 1.0
    assert profile.perfusion_at(80.0) == 0.0  # Rydevik 1981: no flow at 60-80 mmHg


def test_profiles_differ_only_in_parameters_not_in_shape():
    article, evidence = (load_profile(PROFILE_DIR / f"profile_{n}.toml") for n in PROFILE_NAMES)
    assert article.class_params.keys() == evidence.class_params.keys()
    assert article.class_params != evidence.class_params


def test_sensation_rules_load_and_end_with_a_default():
    rules = load_sensation_rules()
    assert rules[-1].sensation == "normal" and not rules[-1].conditions


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text, f"fixture text {old!r} not in {source.name}"
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1))
    return path


def _message(loader, path) -> str:
    with pytest.raises(DataFileError) as caught:
        loader(path)
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    return message


ARTICLE = PROFILE_DIR / "profile_article.toml"


@pytest.mark.parametrize(
    "old, new, key, expected",
    [
        ('name = "article"', "", "name", "missing"),
        ('name = "article"', 'name = "article"\ncolour = "red"', "colour", "unknown key"),
        ("[stages]", '[stages]\nsparkle = { value = 1.0, source = "x" }', "stages.sparkle", "unknown key"),
        ("atp_baseline_mM = { value = 2.5,", 'atp_baseline_mM = { value = "lots",',
         "metabolism.atp_baseline_mM.value", "expected a number"),
        ("atp_baseline_mM = { value = 2.5,", "atp_baseline_mM = { value = 500.0,",
         "metabolism.atp_baseline_mM.value", "from 0.5 to 10"),
        ("[class.C]", "[class.B]", "class.B", "unknown fibre class"),
        ("flow_fraction = [1.0,", "flow_fraction = [1.0, 1.0,", "perfusion.flow_fraction", "one flow value per pressure"),
    ],
)  # fmt: skip
def test_a_broken_profile_is_refused_naming_file_key_and_expectation(tmp_path, old, new, key, expected):
    message = _message(load_profile, _broken(tmp_path, ARTICLE, old, new))
    assert f"'{key}'" in message and expected in message


def test_a_profile_with_bad_toml_syntax_names_the_file(tmp_path):
    path = tmp_path / "profile_article.toml"
    path.write_text("name = \n")
    assert "not valid TOML" in _message(load_profile, path)


def test_a_missing_profile_file_is_one_line(tmp_path):
    assert "file not found" in _message(load_profile, tmp_path / "profile_article.toml")


@pytest.mark.parametrize(
    "old, new, key, expected",
    [
        ("representative_diameter_um = 16.0", "representative_diameter_um = 30.0",
         "fibre_class[0].representative_diameter_um", "from 0.1 to 25"),
        ("diameter_range_um = [13.0, 20.0]", "diameter_range_um = [20.0, 13.0]",
         "fibre_class[0].diameter_range_um", "low < high"),
        ('myelin = "heavy"', 'myelin = "thick"', "fibre_class[0].myelin", "one of"),
        ("bundle_count = 12", "bundle_count = 12.5", "fibre_class[0].bundle_count", "an integer"),
    ],
)  # fmt: skip
def test_a_broken_fibre_class_table_is_refused(tmp_path, old, new, key, expected):
    message = _message(load_fibre_classes, _broken(tmp_path, FIBRE_CLASSES_PATH, old, new))
    assert f"'{key}'" in message and expected in message


def test_a_sensation_rule_naming_an_unknown_class_is_refused(tmp_path):
    path = _broken(tmp_path, SENSATION_PATH, 'blocked_any = ["A-beta"]', 'blocked_any = ["A-gamma"]')
    message = _message(load_sensation_rules, path)
    assert re.search(r"rule\[\d+\]\.blocked_any", message) and "A-gamma" in message
