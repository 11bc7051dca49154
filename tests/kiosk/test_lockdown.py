"""Lock-down: Escape, Alt+F4 and the window's close request do nothing for visitors; quit is
honoured only after the hidden gesture and the right PIN; a wrong PIN is refused."""

import pytest
from panda3d.core import WindowProperties

from game.kiosk.lockdown import (
    CLOSE_REQUEST_EVENT,
    LOCKOUT_S,
    OPERATOR,
    PANEL_TIMEOUT_S,
    PIN_ENTRY,
    PIN_PAD_TIMEOUT_S,
    VISITOR,
    LockDown,
    OperatorAccess,
    in_corner,
    kiosk_window_properties,
)


class Clock:
    def __init__(self):
        self.now_s = 0.0

    def __call__(self):
        return self.now_s


def open_pin_pad(access, clock):
    clock.now_s += 10.0  # earlier taps have expired
    for _ in range(5):
        clock.now_s += 0.4
        opened = access.gesture_hit()
    assert opened and access.mode == PIN_ENTRY


def test_kiosk_window_properties():
    props = kiosk_window_properties(1920, 1080)
    assert isinstance(props, WindowProperties)
    assert props.get_fullscreen() and props.get_undecorated() and props.get_cursor_hidden()
    assert (props.get_x_size(), props.get_y_size()) == (1920, 1080)


def test_gesture_needs_five_quick_taps_in_the_corner():
    clock = Clock()
    access = OperatorAccess("2468", clock=clock)
    for _ in range(4):
        clock.now_s += 1.0
        assert not access.gesture_hit()
    clock.now_s += 1.0  # five taps, but spread over 5 s
    assert not access.gesture_hit() and access.mode == VISITOR
    open_pin_pad(access, clock)
    assert in_corner(0.05, 0.05) and not in_corner(0.5, 0.05) and not in_corner(0.05, 0.9)


def test_wrong_pin_refused_right_pin_accepted_and_lockout():
    clock = Clock()
    access = OperatorAccess("2468", clock=clock)
    assert not access.enter_pin("2468")  # no PIN pad open: nothing to type into
    open_pin_pad(access, clock)
    assert not access.enter_pin("1234") and access.mode == PIN_ENTRY
    assert not access.enter_pin("")
    assert not access.enter_pin("0000")  # third wrong try: locked out
    assert not access.enter_pin("2468") and access.locked_for_s > 0
    clock.now_s += LOCKOUT_S + 1
    access.activity()
    assert access.enter_pin("2468") and access.mode == OPERATOR


def test_abandoned_pin_pad_and_panel_close_themselves():
    clock = Clock()
    access = OperatorAccess("2468", clock=clock)
    open_pin_pad(access, clock)
    clock.now_s += PIN_PAD_TIMEOUT_S + 0.1
    access.update()
    assert access.mode == VISITOR
    open_pin_pad(access, clock)
    assert access.enter_pin("2468")
    clock.now_s += PANEL_TIMEOUT_S - 1
    access.update()
    assert access.mode == OPERATOR
    clock.now_s += 2
    access.update()
    assert access.mode == VISITOR


@pytest.mark.render
def test_quit_and_close_are_ignored_for_visitors_and_honoured_after_the_pin(kiosk_base):
    from direct.showbase.MessengerGlobal import messenger

    clock = Clock()
    access = OperatorAccess("2468", clock=clock)
    quits = []
    lockdown = LockDown(kiosk_base, access, on_quit=lambda: quits.append(1))
    try:
        for event in ("escape", "alt-f4", CLOSE_REQUEST_EVENT):
            messenger.send(event)
        kiosk_base.userExit()  # ShowBase's own exit path (what a window close calls)
        kiosk_base.finalizeExit()
        assert not lockdown.quit_from_panel()
        assert quits == [] and lockdown.refused == 6
        kiosk_base.graphicsEngine.render_frame()  # still rendering
        open_pin_pad(access, clock)
        assert not access.enter_pin("9999")
        messenger.send("escape")
        assert quits == []
        assert access.enter_pin("2468")
        assert lockdown.quit_from_panel()
        messenger.send(CLOSE_REQUEST_EVENT)
        assert quits == [1, 1]
    finally:
        lockdown.uninstall()
    assert kiosk_base.userExit.__func__ is type(kiosk_base).userExit
