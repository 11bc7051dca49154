"""The kiosk shell offscreen with a fixed-step clock: the attract card's "Touch to start" is
drawn, a touch starts a session (a usage row), silence brings "Still there?" and then the
reset, the operator gets in with F12 x5 + PIN and only then can quit."""

import datetime as dt
import os
from pathlib import Path

import pytest
from direct.showbase.MessengerGlobal import messenger

from game.kiosk.config import KioskConfig
from game.kiosk.lockdown import OPERATOR, PIN_ENTRY, VISITOR
from game.kiosk.session import ACTIVE, ATTRACT, STILL_THERE
from game.render.frame_capture import frame_rgb, save_frame

pytestmark = pytest.mark.render

SHOTS = Path(os.environ.get("KIOSK_SHOTS", "/tmp/kiosk"))


def white_pixels(rgb):
    return (rgb.min(axis=2) > 200).sum()


@pytest.fixture
def shell(kiosk_base, strings, font, tmp_path):
    from game.kiosk.experience import DemoExperience
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.kiosk.usage_stats import UsageStats

    clock = FixedStepClock(step_s=0.5)
    stats = UsageStats(tmp_path / "usage.sqlite3")
    config = KioskConfig(idle_timeout_s=20, countdown_s=10)
    shell = KioskShell(
        kiosk_base,
        config=config,
        strings=strings,
        font=font,
        experience=DemoExperience(kiosk_base, strings, font),
        stats=stats,
        clock=clock,
        wall_clock=lambda: dt.datetime(2026, 5, 1, 12, 0),
    )
    shell.clock = clock
    yield shell
    shell.cleanup()
    stats.close()


def frame(shell, n=1):
    for _ in range(n):
        shell.clock.tick()
        shell.step()
        shell.base.graphicsEngine.render_frame()
    shell.base.graphicsEngine.render_frame()
    return frame_rgb(shell.base.win)


def save(shell, name):
    if SHOTS.is_dir():
        save_frame(shell.base.win, SHOTS / name)


def text_box_px(base, text_node_path):
    """The pixel box (x0, y0, x1, y1; top-left origin) of an OnscreenText."""
    lo, hi = text_node_path.get_tight_bounds(base.render2d)
    w, h = base.win.get_x_size(), base.win.get_y_size()
    x0, x1 = int((lo.x + 1) / 2 * w), int((hi.x + 1) / 2 * w) + 1
    y0, y1 = int((1 - hi.z) / 2 * h), int((1 - lo.z) / 2 * h) + 1
    return x0, y0, x1, y1


def text_pixels(shell, widget):
    """Fractions of ``widget``'s box that are white with it shown, and with it hidden."""
    rgb = frame(shell, 0)
    x0, y0, x1, y1 = text_box_px(shell.base, widget)
    area = max(1, (x1 - x0) * (y1 - y0))
    shown = white_pixels(rgb[y0:y1, x0:x1]) / area
    widget.hide()
    hidden = white_pixels(frame(shell, 0)[y0:y1, x0:x1]) / area
    widget.show()
    return shown, hidden


def test_attract_card_draws_touch_to_start(shell):
    frame(shell)
    save(shell, "shell_attract.png")
    assert shell.session.state == ATTRACT
    line = shell._cards["attract"].touch_lines[0]
    assert line.getText() == "Touch to start"
    shown, hidden = text_pixels(shell, line)
    assert shown > 0.08, shown  # glyph strokes cover a good part of the text's box
    assert hidden < shown / 10


def test_touch_idle_countdown_reset_with_a_usage_row(shell):
    frame(shell)
    shell.press("mouse1", (0.5, 0.5))
    assert shell.session.state == ACTIVE and "languages" in shell._cards
    frame(shell, 4)
    save(shell, "shell_active.png")
    assert shell.stats.rows()[0][7] is None  # running
    # Narration (6 s of every 12 s stage) pauses the idle timer: 20 s idle takes ~40 s.
    for _ in range(200):
        shell.clock.tick()
        shell.step()
        if shell.session.state == STILL_THERE:
            break
    assert shell.session.state == STILL_THERE
    frame(shell)
    save(shell, "shell_still_there.png")
    count = shell._cards["still"]._count
    assert count.getText().startswith("Starting over in ")
    shown, hidden = text_pixels(shell, count)
    assert shown > 0.08 and hidden < shown / 10
    shell.press("space")  # an answer: back to the session
    assert shell.session.state == ACTIVE and "still" not in shell._cards
    for _ in range(400):
        shell.clock.tick()
        shell.step()
        if shell.session.state == ATTRACT:
            break
    assert shell.session.state == ATTRACT and "attract" in shell._cards
    (row,) = shell.stats.rows()
    assert row[7] == "timeout" and row[3] > 60 and row[4] is not None
    assert shell.base.render.find("**/kiosk-experience")  # the attract loop is playing


def test_language_switch_mid_session(shell):
    shell.press("mouse1", (0.5, 0.5))
    shell.choose_language("es")
    frame(shell, 2)
    save(shell, "shell_active_es.png")
    assert shell.session.visitor.language == "es"
    assert shell.experience._captions[0].getText() == "Nervio sano"


def test_operator_gesture_pin_and_quit(shell):
    frame(shell)
    messenger.send("escape")
    shell.base.userExit()
    assert shell.exit_code is None
    for _ in range(5):
        shell.press("f12")
    assert shell.access.mode == PIN_ENTRY and "pin" in shell._cards
    for digit in "1111":
        shell.press(digit)
    shell.press("enter")  # wrong PIN: refused, pad stays
    assert shell.access.mode == PIN_ENTRY
    assert not shell.operator_quit() and shell.exit_code is None
    frame(shell)
    save(shell, "shell_pin_pad.png")
    shell._cards["pin"].press("2")
    for digit in "468":
        shell.press(digit)
    shell.press("enter")
    assert shell.access.mode == OPERATOR and "panel" in shell._cards
    shell.change_volume(-0.2)
    shell.cycle_default_language()
    assert shell.volume == 0.5 and shell.session.default_language == "es"
    frame(shell)
    save(shell, "shell_operator_panel.png")
    shell.close_operator()
    assert shell.access.mode == VISITOR and shell.exit_code is None
    for _ in range(5):
        shell.press("mouse1", (0.03, 0.05))  # the corner taps
    assert shell.access.mode == PIN_ENTRY
    shell.enter_pin("2468")
    assert shell.operator_quit() and shell.exit_code == 0


def test_corner_taps_in_the_wrong_place_do_not_open_the_pad(shell):
    for _ in range(6):
        shell.press("mouse1", (0.5, 0.03))
    assert shell.access.mode == VISITOR and shell.session.state == ACTIVE


def test_nightly_restart_only_while_nobody_is_there(shell):
    from game.kiosk.shell import EXIT_NIGHTLY_RESTART

    now = [dt.datetime(2026, 5, 2, 3, 1)]
    shell._wall_clock = lambda: now[0]
    shell.press("mouse1", (0.5, 0.5))  # a visitor at 3 am
    shell._next_wall_check_s = 0
    shell.step()
    assert shell.exit_code is None
    shell.session.finish()
    shell._next_wall_check_s = 0
    shell.step()
    assert shell.exit_code == EXIT_NIGHTLY_RESTART


def test_calm_mode_default_reaches_each_new_visitor(shell):
    shell.toggle_calm_default()  # what the operator panel's calm button does
    shell.press("mouse1", (0.5, 0.5))
    assert shell.session.visitor.calm_mode
    assert shell.experience._travel_scale == 0.6  # the demo story travels slower when calm


def test_a_visitor_waiting_for_the_scene_is_not_idle_for_a_while(shell):
    from game.kiosk.shell import LOADING_GRACE_S

    shell.press("mouse1", (0.5, 0.5))
    shell.experience.loading = True  # the story's nerve is still being built
    for _ in range(int(40 / shell.clock.step_s)):  # twice the idle timeout
        shell.clock.tick()
        shell.step()
    assert shell.session.state == ACTIVE  # no "Still there?" over a loading screen
    for _ in range(int((LOADING_GRACE_S + 60) / shell.clock.step_s)):  # + idle (demo narrates half)
        shell.clock.tick()
        shell.step()
    assert shell.session.state != ACTIVE  # a scene that never comes does not hold it for ever
    shell.experience.loading = False
