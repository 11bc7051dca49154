"""What the chapter card says, in words a newcomer reads (no window needed): each challenge
lists only the keys it listens to, a guessing challenge numbers its choices, a wrong try is
explained (which fibres stopped, what the experiment found), and the result names the stars,
the challenge and the quiz score."""

import pytest
from panda3d.core import NodePath

from game.play.chapter_run import ChapterRun
from game.play.lessons import load_all_chapters
from game.render.play_views.chapter_card import ChapterCard

CHAPTERS = {c.id: c for c in load_all_chapters()[0]}


def texts_under(node) -> list[str]:
    return [n.node().get_text() for n in node.find_all_matches("**/+TextNode")]


def card_for(chapter_id: str) -> tuple[ChapterCard, ChapterRun]:
    run = ChapterRun(CHAPTERS[chapter_id], lambda command: None)
    return ChapterCard(NodePath("ui"), run), run


@pytest.mark.parametrize(
    "chapter_id, first_word, absent",
    [
        ("meet_the_nerve", "T send a signal", "SPACE"),
        ("cross_your_legs", "SPACE hold: cross the legs", "1-4"),
        ("what_the_popular_story_gets_wrong", "1-4 your guess", "SPACE"),
        ("why_some_legs_sleep_sooner", "1-3 choose", "SPACE"),
    ],
)
def test_each_challenge_shows_only_its_own_keys(chapter_id, first_word, absent):
    if chapter_id not in CHAPTERS:
        pytest.skip(f"no chapter {chapter_id} in levels/lessons")
    card, run = card_for(chapter_id)
    assert "ENTER start the challenge" in card.keys_text()
    run.start_challenge()
    card.refresh()
    keys = card.keys_text()
    assert keys.startswith(first_word) and absent not in keys, keys
    assert keys in texts_under(card.root)
    assert "ESC back" in keys


def test_a_guessing_challenge_numbers_its_choices_and_explains_a_wrong_guess():
    card, run = card_for("what_the_popular_story_gets_wrong")
    run.start_challenge()
    assert card.choices_text() == "1 A-alpha   2 A-beta   3 A-delta   4 C"
    run.judge.prediction, run.judge.feedback = "C", "first:A-beta"  # what predict() leaves
    card.refresh()
    said = "You guessed C, but in the experiment A-beta stopped first. Guess again."
    assert card.feedback_text() == said and said in texts_under(card.root)
    card.running = True
    assert card.feedback_text().startswith("Running the experiment")


def test_crossing_too_far_says_which_fibres_stopped():
    card, run = card_for("cross_your_legs")
    run.start_challenge()
    run.judge.feedback = "too-far:A-alpha,A-delta"
    assert card.feedback_text().startswith("Too far: A-alpha, A-delta stopped too.")
    run.judge.passed = True
    assert card.feedback_text() == ""  # nothing to correct once it is met


def test_the_result_names_stars_challenge_and_quiz_score():
    card, run = card_for("meet_the_nerve")
    run.start_challenge()
    run.skip_challenge()
    questions = CHAPTERS["meet_the_nerve"].quiz
    for i, q in enumerate(questions):
        run.answer(q.answer if i else (q.answer + 1) % len(q.choices))  # the first one wrong
    card.refresh()
    shown = texts_under(card.root)
    right = len(questions) - 1
    assert "Chapter done" in shown and "Challenge: skipped" in " ".join(shown)
    assert any(f"Quiz: {right} of {len(questions)} right" in t for t in shown)
    assert f"{run.stars} of 3 stars" in shown
    assert "ENTER or ESC: back to the lessons" in shown


def test_the_night_challenge_names_the_clock_keys_and_does_not_send_the_sleeper_back():
    from play_fakes import FakeReading

    card, run = card_for("saturday_night_palsy")
    run.start_challenge()
    card.refresh()
    assert "] faster clock" in card.keys_text() and "SPACE hold" in card.keys_text()
    # while the leg is pressed the thin fibres stop too: that passes, so no "start again"
    run.judge.feedback = "too-far:A-delta,C"
    said = card.feedback_text()
    assert said.startswith("A-delta, C stopped too") and "Keep the legs crossed" in said
    # the card counts the night in the real time the body clock stands for
    card.show_reading(FakeReading(physiological_s=100.0))
    card.show_reading(FakeReading(physiological_s=160.0, legs_crossed=True))
    card.show_reading(FakeReading(physiological_s=160.0 + 2 * 3600 + 5 * 60, legs_crossed=True))
    assert "legs crossed for 2 h 05 min (real time)" in texts_under(card.root)
    card.show_reading(FakeReading(physiological_s=7700.0, stage="nerve dark, silent"))
    assert "legs uncrossed for 0 min (real time)" in texts_under(card.root)
