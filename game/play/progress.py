"""Progress on this machine: stars per chapter, every quiz answer, the chapter in progress.

SQLite in WAL mode in the user data directory (``$XDG_DATA_HOME/pins-and-needles`` or
``~/.local/share/pins-and-needles``; a path can be given instead, e.g. for tests). Every
write is its own committed transaction with ``synchronous=FULL``, so a crash or a killed
process mid-chapter loses nothing already answered. No accounts and no personal data: a
"learner" is only a station label chosen by the teacher view (default "this machine").
"""

import json
import os
import sqlite3
import time
from pathlib import Path

from game.errors import UserFacingError

DB_NAME = "progress.sqlite3"
DEFAULT_LEARNER = "this machine"

SCHEMA = """
CREATE TABLE IF NOT EXISTS stars (
    learner TEXT NOT NULL, chapter TEXT NOT NULL, stars INTEGER NOT NULL,
    updated_s REAL NOT NULL, PRIMARY KEY (learner, chapter));
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT, learner TEXT NOT NULL, chapter TEXT NOT NULL,
    attempt INTEGER NOT NULL, question INTEGER NOT NULL, choice INTEGER NOT NULL,
    correct INTEGER NOT NULL, at_s REAL NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoint (
    learner TEXT NOT NULL, chapter TEXT NOT NULL, state TEXT NOT NULL, updated_s REAL NOT NULL,
    PRIMARY KEY (learner, chapter));
CREATE TABLE IF NOT EXISTS locks (chapter TEXT PRIMARY KEY, locked INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "pins-and-needles"


class Progress:
    """The progress database; ``path`` defaults to ``user_data_dir() / DB_NAME``."""

    def __init__(self, path: Path | None = None, *, learner: str = DEFAULT_LEARNER) -> None:
        self.path = Path(path) if path is not None else user_data_dir() / DB_NAME
        self.learner = learner
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UserFacingError(f"{self.path}: cannot open the progress file ({exc})") from None

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, args: tuple) -> None:
        with self._db:  # one committed transaction per write
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(sql, args)

    # -- stars -------------------------------------------------------------------------------
    def record_stars(self, chapter: str, stars: int) -> int:
        """Keep the best result; returns the stars now held for ``chapter``."""
        best = max(stars, self.stars(chapter))
        self._write(
            "INSERT INTO stars VALUES (?, ?, ?, ?) ON CONFLICT(learner, chapter) "
            "DO UPDATE SET stars = excluded.stars, updated_s = excluded.updated_s",
            (self.learner, chapter, best, time.time()),
        )
        return best

    def stars(self, chapter: str) -> int:
        row = self._db.execute(
            "SELECT stars FROM stars WHERE learner = ? AND chapter = ?", (self.learner, chapter)
        ).fetchone()
        return row[0] if row else 0

    def all_stars(self) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT chapter, stars FROM stars WHERE learner = ?", (self.learner,)
        )
        return dict(rows.fetchall())

    # -- answers -----------------------------------------------------------------------------
    def record_answer(
        self, chapter: str, attempt: int, question: int, choice: int, correct: bool
    ) -> None:
        self._write(
            "INSERT INTO answers (learner, chapter, attempt, question, choice, correct, at_s) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.learner, chapter, attempt, question, choice, int(correct), time.time()),
        )

    def answers(self, chapter: str | None = None) -> list[dict]:
        sql = "SELECT learner, chapter, attempt, question, choice, correct, at_s FROM answers"
        args: tuple = ()
        if chapter is not None:
            sql += " WHERE chapter = ?"
            args = (chapter,)
        cols = ("learner", "chapter", "attempt", "question", "choice", "correct", "at_s")
        return [dict(zip(cols, r)) for r in self._db.execute(sql + " ORDER BY id", args)]

    # -- the chapter in progress -------------------------------------------------------------
    def save_checkpoint(self, chapter: str, state: dict) -> None:
        self._write(
            "INSERT INTO checkpoint VALUES (?, ?, ?, ?) ON CONFLICT(learner, chapter) "
            "DO UPDATE SET state = excluded.state, updated_s = excluded.updated_s",
            (self.learner, chapter, json.dumps(state), time.time()),
        )

    def checkpoint(self, chapter: str) -> dict | None:
        row = self._db.execute(
            "SELECT state FROM checkpoint WHERE learner = ? AND chapter = ?",
            (self.learner, chapter),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def clear_checkpoint(self, chapter: str) -> None:
        self._write(
            "DELETE FROM checkpoint WHERE learner = ? AND chapter = ?", (self.learner, chapter)
        )

    # -- what the teacher view sets ----------------------------------------------------------
    def set_locked(self, chapter: str, locked: bool) -> None:
        self._write(
            "INSERT INTO locks VALUES (?, ?) ON CONFLICT(chapter) DO UPDATE SET locked = excluded.locked",
            (chapter, int(locked)),
        )

    def locked(self, chapter: str) -> bool:
        row = self._db.execute("SELECT locked FROM locks WHERE chapter = ?", (chapter,)).fetchone()
        return bool(row[0]) if row else False

    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._write(
            "INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
