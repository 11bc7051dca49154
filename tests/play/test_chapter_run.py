"""A chapter's flow without a simulation: the judges on scripted readings, the quiz's
explanations, the stars, and the checkpoint that lets a chapter resume."""

from play_fakes import FakeReading

from game.play.chapter_run import CHALLENGE, DONE, OBJECTIVE, QUIZ, ChapterRun
from game.play.lessons import load_all_chapters
from game.play.progress import Progress
from game.play.quiz import stars_for
from game.sim.commands import SetClockRates, StimulateClass

CHAPTERS = {c.id: c for c in load_all_chapters()[0]}


def test_stars_one_for_the_challenge_one_for_60_percent_one_for_all():
    assert stars_for(True, 1.0) == 3
    assert stars_for(True, 0.67) == 2
    assert stars_for(False, 0.67) == 1
    assert stars_for(True, 0.5) == 1
    assert stars_for(False, 0.0) == 0


def test_a_stimulus_counts_only_when_it_arrives():
    sent = []
    run = ChapterRun(CHAPTERS["meet_the_nerve"], sent.append)
    assert run.state == OBJECTIVE
    run.start_challenge()
    assert isinstance(sent[-1], SetClockRates) and run.state == CHALLENGE
    run.update(0.1, FakeReading())
    assert run.state == CHALLENGE  # nothing sent yet
    run.stimulate("A-beta")
    assert sent[-1] == StimulateClass("A-beta")
    run.update(0.1, FakeReading().with_blocked("A-beta"))
    assert run.state == CHALLENGE and run.judge.feedback == "blocked"
    run.stimulate("A-beta")
    events = run.update(0.1, FakeReading())
    assert [e.kind for e in events] == ["chapter-challenge-passed"] and run.state == QUIZ


def test_blocking_too_much_is_not_a_pass():
    run = ChapterRun(CHAPTERS["cross_your_legs"], lambda c: None)
    run.start_challenge()
    run.update(0.1, FakeReading().with_blocked("A-beta", "A-alpha"))
    assert run.state == CHALLENGE and run.judge.feedback.startswith("too-far")
    run.update(0.1, FakeReading().with_blocked("A-beta", "C"))
    assert run.state == QUIZ


def test_restore_within_needs_failure_then_recovery_in_time():
    run = ChapterRun(CHAPTERS["the_reboot"], lambda c: None)
    run.start_challenge()
    run.update(0.1, FakeReading(stage="smooth continuous propagation"))
    assert run.state == CHALLENGE  # never failed: nothing to restore
    run.update(0.1, FakeReading(physiological_s=900, legs_crossed=True, stage="complete failure"))
    run.update(0.1, FakeReading(physiological_s=910, stage="nerve dark, silent"))
    run.update(0.1, FakeReading(physiological_s=1400, stage="smooth continuous propagation"))
    assert run.state == CHALLENGE and run.judge.feedback == "too-slow"  # 490 s > 5 min
    run.update(0.1, FakeReading(physiological_s=2000, legs_crossed=True, stage="complete failure"))
    run.update(0.1, FakeReading(physiological_s=2010, stage="nerve dark, silent"))
    run.update(0.1, FakeReading(physiological_s=2200, stage="smooth continuous propagation"))
    assert run.state == QUIZ


def test_every_answer_is_explained_and_a_wrong_one_shows_the_right_explanation():
    run = ChapterRun(CHAPTERS["meet_the_nerve"], lambda c: None)
    run.skip_challenge()
    q = run.quiz.current
    wrong = (q.answer + 1) % len(q.choices)
    result = run.answer(wrong)
    assert not result.correct
    assert result.explanation == q.choices[wrong].explanation
    assert result.correct_explanation == q.choices[q.answer].explanation
    for _ in range(len(run.chapter.quiz) - 1):
        run.answer(run.quiz.current.answer)
    assert run.state == DONE and run.stars == 1  # no challenge, 2 of 3 right


def test_a_chapter_resumes_from_its_checkpoint(tmp_path):
    db = tmp_path / "progress.sqlite3"
    chapter = CHAPTERS["fibre_types"]
    run = ChapterRun(chapter, lambda c: None, progress=Progress(db))
    run.start_challenge()
    run.update(0.1, FakeReading().with_blocked("C"))
    run.answer(chapter.quiz[0].answer)
    again = ChapterRun(chapter, lambda c: None, progress=Progress(db))
    assert again.state == QUIZ and again.judge.passed and again.quiz.index == 1
    again.answer(chapter.quiz[1].answer)
    again.answer(chapter.quiz[2].answer)
    assert again.stars == 3 and Progress(db).stars("fibre_types") == 3
    assert Progress(db).checkpoint("fibre_types") is None
