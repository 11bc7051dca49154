"""The play views, rendered offscreen and looked at: the title screen marks its choice, the
legs inset shows the knee pressing the nerve only when crossed, the sensation meter fills
with the reading, the quiz marks the right answer and the wrong one. Screenshots go to
``$PINS_PLAY_SHOTS`` (default: a temporary folder) to be looked at; the fixtures (``base``,
``ui``, ``frame``, ``to_pixel``, ``orange``) are in ``conftest.py``."""

import numpy as np
import pytest
from play_fakes import FakeReading

pytestmark = pytest.mark.render


def test_the_title_screen_frames_the_chosen_entry_and_changes_language(base, ui, frame, to_pixel):
    from game.play.title_menu import TitleMenu
    from game.render.play_views.title_screen import BUTTON_TOPS, TitleScreen

    menu = TitleMenu()
    screen = TitleScreen(ui, menu)
    first = frame("title_story_selected")
    menu.move(2)
    menu.toggle_calm()
    screen.refresh()
    third = frame("title_lessons_selected_calm")

    def edge(rgb, i):  # the top edge of button i, where the selection frame is drawn
        r, c = to_pixel(0.0, BUTTON_TOPS[i])
        return rgb[max(r - 1, 0) : r + 2, c].mean(axis=0)

    accent = np.array([0x56, 0xB4, 0xE9])
    assert np.abs(edge(first, 0) - accent).sum() < np.abs(edge(first, 2) - accent).sum()
    assert np.abs(edge(third, 2) - accent).sum() < np.abs(edge(third, 0) - accent).sum()
    assert screen.button_at(0.0, BUTTON_TOPS[1] - 0.1) == 1 and screen.button_at(1.5, 0) is None
    screen.cleanup()


def test_the_legs_inset_presses_the_nerve_only_when_crossed(base, ui, frame, orange):
    from game.render.play_views.legs_inset import LegsInset

    inset = LegsInset(ui, pos=(0.0, 0.0), size=1.6)
    apart = frame("legs_apart")
    inset.set_crossed(0.5)
    frame("legs_half")
    inset.set_crossed(1.0)
    crossed = frame("legs_crossed")
    assert orange(crossed).sum() > 10 * orange(apart).sum() + 200
    assert np.abs(crossed - apart).sum(axis=2).astype(bool).sum() > 2000  # the leg moved
    inset.cleanup()


def test_the_story_overlay_meter_fills_with_the_sensation_and_shows_the_caption(
    base, ui, frame, to_pixel, orange
):
    from game.play.story import Story
    from game.render.play_views.story_overlay import METER_LEFT, METER_RIGHT, StoryOverlay

    story = Story(lambda c: None, attract=False)
    calm = FakeReading(physiological_s=65.0)
    story.update(0.1, calm)
    overlay = StoryOverlay(ui, story)
    overlay.update(calm)
    healthy = frame("story_healthy")
    numb = FakeReading(
        physiological_s=900.0, legs_crossed=True, stage="complete failure", sensation="numb"
    )
    story.update(5.0, numb)
    overlay.update(numb)
    failed = frame("story_complete_failure")
    r0, c0 = to_pixel(METER_LEFT, 0.3)
    r1, c1 = to_pixel(METER_RIGHT, -0.3)
    assert orange(healthy[r0:r1, c0:c1]).sum() == 0
    assert orange(failed[r0:r1, c0:c1]).mean() > 0.3
    # the caption box holds light text
    rb, _ = to_pixel(0.0, -0.72)
    assert failed[rb - 8 : rb + 8, :].max() > 200
    story.summary_shown_s = 0.0
    overlay.update(numb)
    frame("story_summary")
    overlay.cleanup()


def test_the_quiz_marks_the_right_answer_and_the_wrong_choice(base, ui, frame, to_pixel):
    from game.play.lessons import load_all_chapters
    from game.play.quiz import Quiz
    from game.render.play_views.quiz_panel import QuizPanel

    chapter = load_all_chapters()[0][0]
    quiz = Quiz(chapter.quiz)
    panel = QuizPanel(ui, quiz)
    before = frame("quiz_question")
    q = quiz.current
    wrong = (q.answer + 1) % len(q.choices)
    result = quiz.answer(wrong)
    panel.show_question(result)
    after = frame("quiz_explained")

    def box_colour(rgb, i):
        top = panel._choice_top(i)
        r, c = to_pixel(panel.half_width - 0.15, top - 0.04)
        return rgb[r, c]

    right_box, wrong_box = box_colour(after, q.answer), box_colour(after, wrong)
    assert right_box[1] > right_box[0]  # greenish
    assert wrong_box[0] > wrong_box[2] + 40  # orange
    assert not np.array_equal(before, after)
    assert panel.choice_at(0.0, panel._choice_top(1) - 0.05) == 1
    panel.cleanup()


def test_the_chapter_card_shows_objective_then_instruction_and_the_stars(base, ui, frame, to_pixel):
    from game.play.chapter_run import ChapterRun
    from game.play.lessons import load_all_chapters
    from game.render.play_views.chapter_card import ChapterCard

    chapter = load_all_chapters()[0][3]  # cross your legs
    run = ChapterRun(chapter, lambda c: None)
    card = ChapterCard(ui, run)
    objective = frame("chapter_objective")
    run.start_challenge()
    card.refresh()
    challenge = frame("chapter_challenge")
    run.skip_challenge()
    for q in chapter.quiz:
        run.answer(q.answer)
    card.refresh()
    done = frame("chapter_done_two_stars")

    def yellow(rgb):
        r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
        return (r > 180) & (g > 180) & (b < 120)

    r, c = to_pixel(1.0, 0.9)
    stars_region = (slice(0, r + 30), slice(c, None))
    # 30 more star pixels at 640x360; the session's ShowBase may be smaller
    area = base.win.get_x_size() * base.win.get_y_size() / (640 * 360)
    assert yellow(done[stars_region]).sum() > yellow(objective[stars_region]).sum() + 30 * area
    assert run.stars == 2  # challenge skipped, quiz all right
    assert not np.array_equal(objective, challenge)  # the instruction replaced the caption
    card.cleanup()


def test_story_mode_crosses_the_legs_while_space_is_held_and_cleans_up(base, frame, orange):
    from game.render.play_views.story_mode import StoryMode
    from game.sim.commands import SetPressure

    sent = []
    reading = {"now": FakeReading()}
    mode = StoryMode(base, sent.append, lambda: reading["now"], fixed_frame_s=0.25)
    children_before = base.aspect2d.get_num_children()
    base.task_mgr.step()
    base.messenger.send("space")
    for _ in range(5):  # 1.25 s of play: the crossing animation completes
        base.task_mgr.step()
    assert SetPressure(100.0) in sent
    reading["now"] = FakeReading(legs_crossed=True, pressure_mmHg=100.0, stage="complete failure",
                                 sensation="numb", physiological_s=800.0)  # fmt: skip
    base.task_mgr.step()
    rgb = frame("story_mode_holding")
    assert orange(rgb).sum() > 100  # the meter and the pressed knee
    base.messenger.send("space-up")
    base.task_mgr.step()
    assert sent[-1] == SetPressure(0.0)
    mode.cleanup()
    assert base.aspect2d.get_num_children() == children_before - 2
    assert list(base.task_mgr.getTasksNamed("play-story")) == []


def test_story_mode_shaking_a_numb_leg_warns_from_the_reading_of_that_moment(base):
    from game.render.play_views.story_mode import StoryMode
    from game.sim.commands import ShakeHard

    sent = []
    reading = {"now": FakeReading()}
    mode = StoryMode(base, sent.append, lambda: reading["now"], fixed_frame_s=0.25)
    base.task_mgr.step()  # the last frame saw a healthy nerve...
    reading["now"] = FakeReading(
        legs_crossed=True, pressure_mmHg=100.0, stage="complete failure", sensation="numb"
    ).with_blocked("A-alpha", "A-beta", "A-delta", "C")
    base.messenger.send("s")  # ...but the leg is numb when S is pressed
    assert ShakeHard() in sent
    assert [m.kind for m in mode.messages] == ["legs-position-sense-gone"]
    mode.cleanup()


def test_lesson_mode_plays_a_chapter_with_keys_to_its_stars(base, frame, tmp_path):
    from game.play.chapter_run import DONE, QUIZ
    from game.play.lessons import load_all_chapters
    from game.play.progress import Progress
    from game.render.play_views.lesson_mode import LessonMode
    from game.sim.commands import StimulateClass

    chapter = load_all_chapters()[0][0]  # meet the nerve: stimulate A-beta
    sent = []
    progress = Progress(tmp_path / "p.sqlite3")
    children_before = base.aspect2d.get_num_children()
    mode = LessonMode(base, sent.append, FakeReading, chapter, progress=progress, fixed_frame_s=0.1)
    base.task_mgr.step()
    frame("lesson_objective")
    base.messenger.send("enter")
    base.messenger.send("t")
    assert StimulateClass("A-beta") in sent
    base.task_mgr.step()
    assert mode.run.state == QUIZ and mode.run.judge.passed
    frame("lesson_quiz")
    for q in chapter.quiz:
        base.messenger.send(str(q.answer + 1))
        base.task_mgr.step()
        base.messenger.send("enter")
        base.task_mgr.step()
    assert mode.run.state == DONE and mode.run.stars == 3
    frame("lesson_done")
    assert progress.stars(chapter.id) == 3
    mode.cleanup()
    assert base.aspect2d.get_num_children() == children_before
