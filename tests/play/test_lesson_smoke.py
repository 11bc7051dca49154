"""Every lesson file is loaded, validated and played to the end by a scripted visitor against
a real simulated nerve: the simulation judges each challenge, the quiz is answered, stars
are given (parametrised over the files, so a new chapter is covered when it is added)."""

import pytest

from game.play.autoplay import play_chapter
from game.play.chapter_run import DONE
from game.play.lessons import chapter_files, load_chapter
from game.sim.commands import SetPressure, StimulateClass

FILES = chapter_files()


def test_there_are_eight_lesson_files():
    assert len(FILES) == 8


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_chapter_plays_to_the_end_with_the_simulation_judging(path):
    chapter = load_chapter(path)
    run, nerve = play_chapter(chapter)
    assert run.state == DONE
    assert run.judge.passed, (
        f"{chapter.id}: the simulation did not pass the scripted play ({run.judge.feedback})"
    )
    assert run.stars == 3 and run.quiz.score == 1.0
    kind = chapter.challenge.kind
    if kind == "stimulus_arrives":
        assert StimulateClass(chapter.challenge.params["class_name"]) in nerve.sent
    elif kind in ("block_classes", "reach_stage", "restore_within"):
        assert any(isinstance(c, SetPressure) and c.pressure_mmHg > 60 for c in nerve.sent)
    elif kind == "first_to_block":
        assert run.judge.result.first == chapter.challenge.params["expect_first"]
    elif kind == "falls_asleep_sooner":
        base, modified = run.judge.baseline.minutes("A-beta"), run.judge.modified.minutes("A-beta")
        assert modified < (base if base is not None else float("inf"))
