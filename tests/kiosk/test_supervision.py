"""Supervision: systemd notify datagrams (READY=1, rate-limited WATCHDOG=1) on a unix socket
bound in a temp dir, a no-op without NOTIFY_SOCKET, and fatal errors logged with exit 1."""

import socket

from game.kiosk.supervision import (
    HEARTBEAT_EVERY_S,
    SystemdNotifier,
    close_logging,
    run_logged,
    setup_logging,
)


def receive_all(sock):
    messages = []
    sock.setblocking(False)
    while True:
        try:
            messages.append(sock.recv(256).decode())
        except BlockingIOError:
            return messages


def test_ready_and_heartbeats_reach_the_notify_socket(tmp_path):
    path = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    now = [0.0]
    notifier = SystemdNotifier(clock=lambda: now[0], environ={"NOTIFY_SOCKET": str(path)})
    try:
        assert notifier.enabled and notifier.ready()
        for _ in range(100):  # 100 frames at 60 fps: 1.67 s -> two heartbeats
            notifier.heartbeat()
            now[0] += 1 / 60
        assert receive_all(server) == ["READY=1", "WATCHDOG=1", "WATCHDOG=1"]
        now[0] += HEARTBEAT_EVERY_S
        assert notifier.heartbeat()
        assert notifier.stopping()
        assert receive_all(server) == ["WATCHDOG=1", "STOPPING=1"]
        server.close()
        path.unlink()
        assert not notifier.heartbeat() and not notifier.notify("WATCHDOG=1")  # never raises
    finally:
        notifier.close()
        server.close()


def test_abstract_socket_names(tmp_path):
    name = f"pins-test-{id(tmp_path)}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    notifier = SystemdNotifier(environ={"NOTIFY_SOCKET": "@" + name})
    try:
        assert notifier.ready()
        assert receive_all(server) == ["READY=1"]
    finally:
        notifier.close()
        server.close()


def test_without_notify_socket_everything_is_a_no_op():
    notifier = SystemdNotifier(environ={})
    assert not notifier.enabled
    assert not notifier.ready() and not notifier.heartbeat()


def test_a_fatal_error_is_logged_in_the_daily_log_and_exits_non_zero(tmp_path):
    logger = setup_logging(tmp_path / "logs")

    def crash():
        raise RuntimeError("the GPU caught fire")

    try:
        assert run_logged(crash, logger) == 1
        assert run_logged(lambda: 0, logger) == 0
    finally:
        close_logging()
    text = (tmp_path / "logs" / "kiosk.log").read_text()
    assert "fatal error" in text and "RuntimeError: the GPU caught fire" in text
    assert "Traceback" in text
