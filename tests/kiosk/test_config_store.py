"""The operator panel's changes outlast a restart: they are written into the config file the
kiosk was started with (comments and other keys kept, atomically); a read-only file, an
unwritable folder or a broken file gives one log line, the change still applies for this run
and the exhibit goes on."""

import datetime as dt
import logging
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from game import REPO_ROOT
from game.kiosk.config import load_config
from game.kiosk.config_store import SettingsNotSaved, save_settings, update_toml_text
from game.kiosk.lockdown import OPERATOR

EXAMPLE = REPO_ROOT / "levels" / "kiosk" / "kiosk.example.toml"
SHOTS = Path(os.environ.get("KIOSK_SHOTS", "/tmp/kiosk"))


# -- the file edit, no window -----------------------------------------------------------------
def test_edit_keeps_comments_other_keys_and_trailing_comments():
    text = (
        "# the museum's own note\n"
        "volume = 0.7   # loud enough for the hall\n"
        'idle_timeout_s = "abc"\n'  # a bad value the panel overwrites
        "chapters = [\n"
        '  "nerve",\n'
        '  "recovery",\n'
        "]\n"
        "[unknown_table]\n"
        "x = 1\n"
    )
    new = update_toml_text(
        text, {"volume": 0.3, "idle_timeout_s": 120.0, "chapters": ("nerve",), "calm_mode": True}
    )
    parsed = tomllib.loads(new)
    assert parsed["volume"] == 0.3 and parsed["idle_timeout_s"] == 120
    assert parsed["chapters"] == ["nerve"] and parsed["calm_mode"] is True
    assert parsed["unknown_table"] == {"x": 1}  # the new key went above the table
    assert "# the museum's own note\n" in new
    assert "volume = 0.3  # loud enough for the hall\n" in new


def test_save_is_atomic_and_keeps_mode(tmp_path):
    target = tmp_path / "kiosk.toml"
    shutil.copy(EXAMPLE, target)
    target.chmod(0o640)
    save_settings(target, {"volume": 0.2, "default_language": "es"})
    config, problems = load_config(target)
    assert problems == [] and config.volume == 0.2 and config.default_language == "es"
    assert (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]  # no temporary file left
    assert "CHANGE IT" in target.read_text()  # the example's comments are still there


def test_missing_file_is_created_with_a_header(tmp_path):
    target = tmp_path / "new" / "kiosk.toml"
    save_settings(target, {"calm_mode": True})
    assert load_config(target)[0].calm_mode is True
    assert target.read_text().startswith("# Pins & Needles kiosk settings")


def test_broken_file_is_left_alone(tmp_path):
    target = tmp_path / "kiosk.toml"
    target.write_text("volume = = 0.7\n")
    with pytest.raises(SettingsNotSaved, match=r"kiosk.toml: file: not valid TOML"):
        save_settings(target, {"volume": 0.2})
    assert target.read_text() == "volume = = 0.7\n"


# -- through the panel, with a restart --------------------------------------------------------
def make_shell(base, strings, font, stats_path, config_path, logger=None, readable=True):
    from game.kiosk.experience import DemoExperience
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.kiosk.usage_stats import UsageStats

    config, problems = load_config(config_path)
    assert problems == [] or not readable
    stats = UsageStats(stats_path)
    shell = KioskShell(
        base,
        config=config,
        strings=strings,
        font=font,
        experience=DemoExperience(base, strings, font),
        stats=stats,
        clock=FixedStepClock(step_s=0.5),
        wall_clock=lambda: dt.datetime(2026, 5, 1, 12, 0),
        logger=logger,
        config_path=config_path,
    )
    return shell, stats


def open_panel(shell):
    for _ in range(5):
        shell.press("f12")
    for key in "2468":
        shell.press(key)
    shell.press("enter")
    assert shell.access.mode == OPERATOR and "panel" in shell._cards


def close(shell, stats):
    shell.cleanup()
    stats.close()


@pytest.mark.render
def test_panel_changes_survive_a_restart(kiosk_base, strings, font, tmp_path):
    config_path = tmp_path / "kiosk.toml"
    shutil.copy(EXAMPLE, config_path)
    shell, stats = make_shell(kiosk_base, strings, font, tmp_path / "u.sqlite3", config_path)
    open_panel(shell)
    shell.change_volume(-0.2)
    shell.cycle_default_language()
    shell.toggle_calm_default()
    shell.change_idle_timeout(+1)  # 90 -> 120
    shell.change_countdown(-1)  # 15 -> 10
    shell.cycle_science_profile()
    shell.toggle_chapter("evidence")
    assert shell.save_state == "saved"
    # handed to the story too (it uses them from its next run on)
    assert shell.experience.config.science_profile == "evidence"
    assert shell.experience.config.calm_mode is True
    shell.base.graphicsEngine.render_frame()
    if SHOTS.is_dir():
        from game.render.frame_capture import save_frame

        shell.base.graphicsEngine.render_frame()
        save_frame(shell.base.win, SHOTS / "operator_panel_saved.png")
    close(shell, stats)

    # the restart: a new shell from the same file
    shell, stats = make_shell(kiosk_base, strings, font, tmp_path / "u.sqlite3", config_path)
    try:
        assert shell.volume == 0.5
        assert shell.session.default_language == "es" and shell.session.language == "es"
        assert shell.session.calm_mode_default is True
        assert shell.session.idle_timeout_s == 120 and shell.session.countdown_s == 10
        assert shell.config.science_profile == "evidence"
        assert "evidence" not in shell.config.chapters and "recovery" in shell.config.chapters
        assert "# The operator panel's PIN" in config_path.read_text()  # comments kept
    finally:
        close(shell, stats)


@pytest.mark.render
@pytest.mark.parametrize("where", ["read-only file", "folder is a file"])
def test_unwritable_config_logs_one_line_and_still_applies(
    kiosk_base, strings, font, tmp_path, caplog, where
):
    if where == "read-only file":
        config_path = tmp_path / "kiosk.toml"
        shutil.copy(EXAMPLE, config_path)
        config_path.chmod(0o444)
        expected = "read-only"
    else:
        (tmp_path / "etc").write_text("not a folder")
        config_path = tmp_path / "etc" / "kiosk.toml"  # missing: defaults, cannot be created
        expected = "cannot be written"
    before = config_path.read_bytes() if config_path.is_file() else None
    logger = logging.getLogger("pins-and-needles.kiosk.test-store")
    shell, stats = make_shell(
        kiosk_base,
        strings,
        font,
        tmp_path / "u.sqlite3",
        config_path,
        logger=logger,
        readable=where == "read-only file",
    )
    try:
        open_panel(shell)
        with caplog.at_level(logging.WARNING, logger=logger.name):
            shell.toggle_calm_default()
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1 and "\n" not in warnings[0], warnings
        assert "kiosk.toml" in warnings[0] and expected in warnings[0]
        assert "applies until the next restart" in warnings[0]
        assert shell.save_state == "not_saved" and "panel" in shell._cards
        shell.press("f12")  # the panel still works
        shell.close_operator()
        shell.session.finish()  # the gesture's first taps had started a session
        shell.press("mouse1", (0.5, 0.5))
        assert shell.session.visitor.calm_mode  # the change applies for this run
    finally:
        close(shell, stats)
        if config_path.is_file():
            config_path.chmod(0o644)
    if before is not None:
        assert config_path.read_bytes() == before
