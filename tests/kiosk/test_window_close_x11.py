"""A real X11 window (Xvfb): the kiosk ignores Escape and the window manager's close request
(WM_DELETE_WINDOW, what Alt+F4 and the close button send), where a plain ShowBase quits.

Needs Xvfb and xdotool (skipped without them; ``apt-get install xvfb xdotool``)."""

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import time

import pytest

from game import REPO_ROOT

pytestmark = [pytest.mark.render, pytest.mark.slow]


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _Event(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


def send_wm_delete(display_name: str, window: int) -> None:
    """What a window manager sends when the visitor presses Alt+F4 or clicks the close button."""
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_Event),
    ]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(display_name.encode())
    assert display, f"cannot open X display {display_name}"
    event = _Event()
    event.xclient.type = 33  # ClientMessage
    event.xclient.window = window
    event.xclient.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    event.xclient.format = 32
    event.xclient.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    assert x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
    x11.XFlush(display)
    x11.XCloseDisplay(display)


@pytest.fixture
def xvfb():
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("needs Xvfb and xdotool (apt-get install xvfb xdotool)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def find_window(display: str, title: str, process: subprocess.Popen) -> int:
    env = {**os.environ, "DISPLAY": display}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = subprocess.run(
            ["xdotool", "search", "--name", title],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.3)
    raise AssertionError(f"no window titled {title!r} appeared")


def run_and_close(display, argv, title, tmp_path):
    env = {
        **os.environ,
        "DISPLAY": display,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    process = subprocess.Popen(
        argv, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        window = find_window(display, title, process)
        time.sleep(1.0)  # a few frames
        subprocess.run(["xdotool", "key", "--window", str(window), "Escape"], env=env, check=False)
        send_wm_delete(display, window)
        time.sleep(2.0)
        return process.poll()
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def test_close_request_quits_a_plain_showbase_but_not_the_kiosk(xvfb, tmp_path):
    plain = (
        "from direct.showbase.ShowBase import ShowBase\n"
        "from panda3d.core import load_prc_file_data\n"
        "load_prc_file_data('', 'window-title plain-showbase\\naudio-library-name null')\n"
        "base = ShowBase()\n"
        "for _ in range(100000): base.taskMgr.step()\n"
    )
    # The control: the same message closes an ordinary Panda3D window (so it does arrive).
    assert (
        run_and_close(xvfb, [sys.executable, "-c", plain], "plain-showbase", tmp_path) is not None
    )
    kiosk = [sys.executable, "-m", "game.kiosk", "--frames", "100000", "--size", "640x360"]
    assert run_and_close(xvfb, kiosk, "Pins & Needles", tmp_path) is None  # still running
    log = (tmp_path / "state" / "pins-and-needles" / "logs" / "kiosk.log").read_text()
    assert "kiosk started" in log
