"""Chapter 8, Saturday night palsy: its challenge is judged by the simulation. A night on the
crossed leg leaves A-alpha and A-beta blocked while A-delta and C conduct again (passed);
an ordinary crossing and recovery never show that pattern (not passed)."""

import pytest
from play_fakes import FakeReading

from game.play.challenges import judge_for
from game.play.chapter_run import DONE, QUIZ, ChapterRun
from game.play.lessons import LESSONS_DIR, load_all_chapters, load_chapter
from game.play.palsy import InjuryHeadlessNerve, needs_a_night_on_it, sleep_on_it

CHAPTER = LESSONS_DIR / "08_saturday_night_palsy.toml"


def test_the_chapter_loads_with_a_challenge_only_nerve_damage_can_pass():
    chapter = load_chapter(CHAPTER)
    assert chapter.number == 8 and chapter.challenge.kind == "block_classes"
    assert {"A-alpha", "A-beta"} <= set(chapter.challenge.params["blocked"])
    assert "C" in chapter.challenge.params["conducting"]
    assert 3 <= len(chapter.quiz) <= 5
    assert all(c.explanation.en.strip() for q in chapter.quiz for c in q.choices)
    # the scripted player knows it needs a night on the leg; no other chapter does
    assert [c.id for c in load_all_chapters()[0] if needs_a_night_on_it(c.challenge)] == [
        chapter.id
    ]


@pytest.mark.slow
def test_a_night_on_the_crossed_leg_passes_the_challenge_and_the_quiz_gives_three_stars():
    chapter = load_chapter(CHAPTER)
    nerve = InjuryHeadlessNerve(
        profile=chapter.profile, speed_factor=2.0, min_electrical_ms_per_s=2.0
    )
    run = ChapterRun(chapter, nerve.send)
    run.start_challenge()
    last = sleep_on_it(run, nerve, crossed_h=6.5)
    assert run.judge.passed and run.state == QUIZ
    assert not last.legs_crossed and last.injury.foot_drop
    assert run.legs.outcome == "saturday_night_palsy"
    while run.state == QUIZ:
        run.answer(run.quiz.current.answer)
    assert run.state == DONE and run.stars == 3


def test_an_ordinary_crossing_and_recovery_never_pass():
    """The article's order (C fails first, recovers last; A-alpha the reverse), read as the
    judge would read it: no moment has the large fibres blocked while C conducts."""
    judge = judge_for(load_chapter(CHAPTER))
    order = ("C", "A-delta", "A-beta", "A-alpha")
    t = 0.0
    for n in range(len(order) + 1):  # compression: the classes fail one by one
        judge.observe(FakeReading(physiological_s=t, legs_crossed=True).with_blocked(*order[:n]))
        t += 60.0
    for n in range(len(order), -1, -1):  # recovery: A-alpha first, C last
        judge.observe(FakeReading(physiological_s=t).with_blocked(*order[:n]))
        t += 10.0
    assert not judge.passed
    assert judge.observe(FakeReading(physiological_s=t).with_blocked("A-alpha", "A-beta"))
