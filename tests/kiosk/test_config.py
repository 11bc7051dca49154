"""The operator's kiosk.toml: each kind of bad value is reported in one line naming the key
and the default used, and replaced by that default; a missing file means all defaults."""

import datetime as dt

import pytest

from game.kiosk.config import DEFAULTS, check_config, load_config


def write(tmp_path, text):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_all_defaults(tmp_path):
    config, problems = load_config(tmp_path / "nope.toml")
    assert config == DEFAULTS
    assert problems == []


def test_good_file_is_read(tmp_path):
    path = write(
        tmp_path,
        'languages = ["es", "en"]\ndefault_language = "es"\nidle_timeout_s = 45\n'
        'countdown_s = 10\nscience_profile = "evidence"\nchapters = ["nerve", "recovery"]\n'
        'calm_mode = true\nvolume = 0.25\nopening_time = "10:00"\nclosing_time = "17:30"\n'
        'nightly_restart_time = "02:15"\noperator_pin = "90210"\n',
    )
    config, problems = load_config(path)
    assert problems == []
    assert config.languages == ("es", "en") and config.default_language == "es"
    assert config.idle_timeout_s == 45 and config.countdown_s == 10
    assert config.science_profile == "evidence" and config.chapters == ("nerve", "recovery")
    assert config.calm_mode and config.volume == 0.25 and config.operator_pin == "90210"
    assert config.is_open(dt.time(12, 0)) and not config.is_open(dt.time(18, 0))


@pytest.mark.parametrize(
    "line, key, fragment",
    [
        (
            'idle_timeout_s = "abc"',
            "idle_timeout_s",
            "expected a number of seconds 10-3600, got 'abc'; using 90",
        ),
        ("idle_timeout_s = 5", "idle_timeout_s", "using 90"),
        ("countdown_s = true", "countdown_s", "using 15"),
        ("volume = 1.5", "volume", "expected a number 0-1, got 1.5; using 0.7"),
        ('science_profile = "artcle"', "science_profile", "expected one of 'article', 'evidence'"),
        ('languages = ["en", "fr"]', "languages", "using ['en', 'es']"),
        ("languages = []", "languages", "non-empty list"),
        ('chapters = ["nerve", "nerv"]', "chapters", "chapters from"),
        ('calm_mode = "yes"', "calm_mode", "expected true or false, got 'yes'; using false"),
        ('opening_time = "9am"', "opening_time", 'expected a local time "HH:MM"'),
        ('nightly_restart_time = "24:00"', "nightly_restart_time", "using '03:00'"),
        ("operator_pin = 1234", "operator_pin", "PIN of 4 to 8 digits"),
        ('default_language = "de"', "default_language", "using 'en'"),
    ],
)
def test_each_bad_value_is_reported_and_replaced_by_its_default(tmp_path, line, key, fragment):
    path = write(tmp_path, line + "\n")
    config, problems = load_config(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: key '{key}': ")
    assert fragment in problems[0]
    assert "\n" not in problems[0]
    assert getattr(config, key) == getattr(DEFAULTS, key)
    assert check_config(path) == problems


def test_good_keys_survive_next_to_bad_ones_and_unknown_keys_are_reported(tmp_path):
    path = write(tmp_path, 'idle_timeout_s = "abc"\nvolume = 0.3\nidel_timeout = 40\n')
    config, problems = load_config(path)
    assert config.volume == 0.3 and config.idle_timeout_s == DEFAULTS.idle_timeout_s
    assert len(problems) == 2
    assert any("key 'idel_timeout': unknown key" in p for p in problems)


def test_default_language_must_be_offered(tmp_path):
    path = write(tmp_path, 'languages = ["es"]\ndefault_language = "en"\n')
    config, problems = load_config(path)
    assert config.default_language == "es"
    assert "key 'default_language'" in problems[0]


def test_broken_toml_gives_defaults_and_one_line(tmp_path):
    path = write(tmp_path, "idle_timeout_s = = 3\n")
    config, problems = load_config(path)
    assert config == DEFAULTS
    assert len(problems) == 1 and "not valid TOML" in problems[0]


def test_check_config_reports_a_missing_file(tmp_path):
    problems = check_config(tmp_path / "kiosk.toml")
    assert len(problems) == 1 and "not found" in problems[0]


def test_nightly_restart_is_due_after_the_restart_time():
    started = dt.datetime(2026, 5, 1, 9, 0)
    assert not DEFAULTS.restart_due(started, dt.datetime(2026, 5, 2, 2, 59))
    assert DEFAULTS.restart_due(started, dt.datetime(2026, 5, 2, 3, 0))
