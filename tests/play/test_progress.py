"""Progress survives a killed process; the teacher view needs its PIN (stored hashed), locks
chapters and exports CSV with no personal data."""

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from game import REPO_ROOT
from game.play.progress import Progress, user_data_dir
from game.play.teacher import TeacherView

WRITER = textwrap.dedent(
    """
    import sys, time
    from game.play.chapter_run import ChapterRun
    from game.play.lessons import load_all_chapters
    from game.play.progress import Progress
    chapter = {c.id: c for c in load_all_chapters()[0]}["fibre_types"]
    progress = Progress(sys.argv[1])
    progress.record_stars("meet_the_nerve", 2)
    run = ChapterRun(chapter, lambda c: None, progress=progress)
    run.skip_challenge()
    run.answer(chapter.quiz[0].answer)
    run.answer(0)
    print("answered", flush=True)
    time.sleep(60)  # killed here, mid-chapter
    """
)


def test_progress_written_then_the_process_killed_reads_back_intact(tmp_path):
    db = tmp_path / "progress.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "answered"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    progress = Progress(db)
    assert progress.stars("meet_the_nerve") == 2
    answers = progress.answers("fibre_types")
    assert [(a["question"], a["choice"]) for a in answers] == [(0, 3), (1, 0)]
    assert progress.checkpoint("fibre_types")["answers"] == [3, 0]


def test_the_user_data_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / "pins-and-needles"
    p = Progress()
    assert p.path.parent == tmp_path / "pins-and-needles" and p.path.exists()


def test_stars_keep_the_best_result(tmp_path):
    p = Progress(tmp_path / "p.sqlite3")
    assert p.record_stars("x", 2) == 2
    assert p.record_stars("x", 1) == 2
    assert p.record_stars("x", 3) == 3


def test_the_teacher_view_needs_the_pin_which_is_stored_hashed(tmp_path):
    p = Progress(tmp_path / "p.sqlite3")
    teacher = TeacherView(p)
    teacher.set_pin("4321")
    stored = p.setting("teacher_pin")
    assert "4321" not in stored
    with pytest.raises(PermissionError):
        teacher.set_chapter_locked("the_reboot", True)
    assert not teacher.unlock("1234")
    with pytest.raises(PermissionError):
        teacher.export_csv()
    assert teacher.unlock("4321")
    teacher.set_chapter_locked("the_reboot", True)
    assert p.locked("the_reboot") and not p.locked("fibre_types")
    teacher.set_chapter_locked("the_reboot", False)
    assert not p.locked("the_reboot")
    with pytest.raises(ValueError, match="PIN"):
        teacher.set_pin("12")


def test_the_csv_export_holds_stars_and_answers(tmp_path):
    p = Progress(tmp_path / "p.sqlite3")
    p.record_stars("meet_the_nerve", 3)
    p.record_answer("meet_the_nerve", 1, 0, 1, True)
    teacher = TeacherView(p)
    teacher.set_pin("0000")
    teacher.unlock("0000")
    rows = list(csv.DictReader(io.StringIO(teacher.export_csv())))
    assert rows[0]["chapter"] == "meet_the_nerve" and rows[0]["stars"] == "3"
    assert rows[1]["kind"] == "answer" and rows[1]["correct"] == "1"
    assert set(rows[0]) == {"learner", "chapter", "kind", "attempt", "question", "choice",
                            "correct", "stars", "at_s"}  # fmt: skip
