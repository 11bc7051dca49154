"""Supervision: a daily log file, fatal errors logged with a non-zero exit, systemd heartbeats.

The log goes to ``$XDG_STATE_HOME/pins-and-needles/logs/kiosk.log`` (``~/.local/state/...``),
rotated at midnight into ``kiosk.log.YYYY-MM-DD``, 30 days kept. Under systemd
(``deploy/pins-and-needles.service``: ``Type=notify``, ``WatchdogSec=30``) the kiosk says
READY=1 once the window is up and WATCHDOG=1 from its main loop, through the datagram socket
named by ``$NOTIFY_SOCKET`` (the sd_notify protocol, stdlib only); a hung main loop stops the
heartbeats and systemd restarts the process. With the variable unset every call is a no-op.
"""

import logging
import logging.handlers
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

LOGGER_NAME = "pins-and-needles.kiosk"
LOG_DAYS_KEPT = 30
#: Heartbeats are sent at most this often, however fast the main loop runs.
HEARTBEAT_EVERY_S = 1.0
#: Exit status of a fatal error (systemd's Restart=on-failure restarts on any non-zero).
EXIT_FATAL = 1


def default_log_dir() -> Path:
    root = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return root / "pins-and-needles" / "logs"


def setup_logging(log_dir: Path | None = None) -> logging.Logger:
    """The kiosk's logger, writing to a file rotated daily in ``log_dir`` (created)."""
    log_dir = Path(log_dir) if log_dir is not None else default_log_dir()
    log_dir.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    path = log_dir / "kiosk.log"
    for handler in list(logger.handlers):  # a second set-up (tests, restarts) replaces the first
        logger.removeHandler(handler)
        handler.close()
    handler = logging.handlers.TimedRotatingFileHandler(
        path, when="midnight", backupCount=LOG_DAYS_KEPT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    return logger


def close_logging() -> None:
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def run_logged(action: Callable[[], int], logger: logging.Logger) -> int:
    """Run ``action``; an unexpected exception is logged with its traceback and gives EXIT_FATAL."""
    try:
        return action()
    except KeyboardInterrupt:
        logger.info("interrupted")
        return 130
    except Exception:
        logger.exception(
            "fatal error; exiting with status %d so the supervisor restarts", EXIT_FATAL
        )
        return EXIT_FATAL


class SystemdNotifier:
    """sd_notify over ``$NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract namespace)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, environ=os.environ) -> None:
        self._clock = clock
        self._address: str | bytes | None = None
        self._socket: socket.socket | None = None
        self._last_heartbeat_s: float | None = None
        address = environ.get("NOTIFY_SOCKET")
        if address:
            self._address = b"\0" + address[1:].encode() if address.startswith("@") else address
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)

    @property
    def enabled(self) -> bool:
        return self._socket is not None

    def notify(self, message: str) -> bool:
        """Send ``message`` (e.g. ``READY=1``); False when disabled or the socket is gone."""
        if self._socket is None:
            return False
        try:
            self._socket.sendto(message.encode(), self._address)
        except OSError:
            return False  # systemd went away: nothing to tell, and never a reason to crash
        return True

    def ready(self) -> bool:
        return self.notify("READY=1")

    def heartbeat(self) -> bool:
        """WATCHDOG=1, at most once every HEARTBEAT_EVERY_S; call every frame."""
        now = self._clock()
        if self._last_heartbeat_s is not None and now - self._last_heartbeat_s < HEARTBEAT_EVERY_S:
            return False
        self._last_heartbeat_s = now
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
