"""The teacher view's rules, behind a PIN: lock and unlock chapters, export results as CSV.

The PIN is stored only as a salted PBKDF2-SHA256 hash in the progress database (settings
key ``teacher_pin``). Results hold no personal data: the station label, the chapter, the
stars and each quiz answer with its time.
"""

import csv
import hashlib
import hmac
import io
import os

from game.play.progress import Progress

PIN_KEY = "teacher_pin"
ITERATIONS = 100_000
MIN_PIN_DIGITS = 4


def _hash(pin: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, ITERATIONS).hex()


class TeacherView:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.unlocked = False

    @property
    def has_pin(self) -> bool:
        return self.progress.setting(PIN_KEY) is not None

    def set_pin(self, pin: str) -> None:
        """Set the PIN (first time, or when unlocked)."""
        if self.has_pin and not self.unlocked:
            raise PermissionError("enter the current PIN first")
        if not (pin.isdigit() and len(pin) >= MIN_PIN_DIGITS):
            raise ValueError(f"PIN: expected at least {MIN_PIN_DIGITS} digits")
        salt = os.urandom(16)
        self.progress.set_setting(PIN_KEY, f"{salt.hex()}:{_hash(pin, salt)}")

    def unlock(self, pin: str) -> bool:
        stored = self.progress.setting(PIN_KEY)
        if stored is None:
            return False
        salt_hex, digest = stored.split(":")
        self.unlocked = hmac.compare_digest(_hash(pin, bytes.fromhex(salt_hex)), digest)
        return self.unlocked

    def lock_view(self) -> None:
        self.unlocked = False

    def _require(self) -> None:
        if not self.unlocked:
            raise PermissionError("the teacher view is locked: enter the PIN")

    def set_chapter_locked(self, chapter_id: str, locked: bool) -> None:
        self._require()
        self.progress.set_locked(chapter_id, locked)

    def export_csv(self) -> str:
        """Stars and every answer, one row each, as CSV text."""
        self._require()
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(
            [
                "learner",
                "chapter",
                "kind",
                "attempt",
                "question",
                "choice",
                "correct",
                "stars",
                "at_s",
            ]
        )
        for chapter, stars in sorted(self.progress.all_stars().items()):
            w.writerow([self.progress.learner, chapter, "stars", "", "", "", "", stars, ""])
        for a in self.progress.answers():
            w.writerow([
                a["learner"], a["chapter"], "answer", a["attempt"], a["question"], a["choice"],
                a["correct"], "", f"{a['at_s']:.0f}",
            ])  # fmt: skip
        return out.getvalue()
