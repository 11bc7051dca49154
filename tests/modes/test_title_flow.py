"""The title screen's flow in one window: calm mode, captions and language chosen there reach
the story; the story says its keys, shows the legs' warnings and keeps its summary card until
ENTER; exploring from the title says how to get back; the lessons list shows locked chapters,
stars and the chosen chapter's objective; the teacher view behind the PIN locks a chapter and
exports CSV; Escape goes back and leaves nothing behind."""

from types import SimpleNamespace

import pytest

from game.options import RunOptions

pytestmark = pytest.mark.render

OPTIONS = RunOptions(offscreen=True, frames=1, width_px=320, height_px=180, fixed_frame_s=1 / 30)


def texts_under(node) -> list[str]:
    return [n.node().get_text() for n in node.find_all_matches("**/+TextNode")]


def frames(runner, n: int = 1) -> None:
    for _ in range(n):
        runner.step()
        runner.base.task_mgr.step()


def press(runner, key: str) -> None:
    runner.base.messenger.send(key)
    frames(runner)


def node_count(base) -> int:
    return base.render.count_num_descendants() + base.aspect2d.count_num_descendants()


def test_calm_captions_and_language_from_the_title_reach_the_story(modes_base, strings, data_home):
    from game.modes.runner import ExploreRun, ModeRunner, StoryRun, TitleRun

    before = node_count(modes_base)
    runner = ModeRunner(modes_base, OPTIONS, strings=strings, first="title")
    try:
        assert isinstance(runner.screen, TitleRun)
        assert "Calm mode: off" in texts_under(runner.screen.view.root)
        for key in ("m", "c", "l"):
            press(runner, key)
        assert runner.ctx.comfort.calm_mode and not runner.ctx.comfort.captions
        assert runner.ctx.language == "es"
        shown = texts_under(runner.screen.view.root)
        assert "Modo tranquilo: sí" in shown and "Subtítulos: no" in shown
        assert "La historia en 3 minutos" in shown
        press(runner, "enter")  # the first entry: the story, in the same window
        assert isinstance(runner.screen, StoryRun)
        story = runner.screen
        for _ in range(400):
            frames(runner)
            if story.mode is not None and story.story.entries:
                break
        assert story.mode is not None, "the story never started on the live nerve"
        assert story.scene.options.comfort.calm_mode
        overlay = story.mode.overlay
        frames(runner, 3)
        shown = texts_under(overlay.root)
        assert "Nervio sano" in shown  # the stage, in Spanish
        assert not overlay.captions  # captions off: no caption box
        assert not any("Signals jump" in t or "señales" in t.lower() for t in shown)
        # the explore HUD and captions are hidden under the story's own panels
        assert story.scene.hud.root.is_hidden() and story.scene.captions.root.is_hidden()
        # the keys at the foot, in Spanish: how to cross the legs and how to leave
        (keys,) = texts_under(story.hint_root)
        assert "ESPACIO" in keys and "ESC" in keys
        # shaking a numb leg: the legs' warning stays on screen a few seconds
        from game.play.legs import default_legs_config

        warning = default_legs_config().texts["position_sense_gone"]
        story.mode.messages.append(SimpleNamespace(kind="legs-position-sense-gone", text=warning))
        frames(runner)
        assert any("¡Cuidado!" in t for t in texts_under(story.warning_root))
        frames(runner, 3)
        assert story.warning_root is not None  # still there: a warning must be readable
        press(runner, "enter")  # before the summary card ENTER does nothing
        assert runner.screen is story
        # the summary card (reached here by hand: the arc itself is the flash test's) stays
        # past the story's end until ENTER
        story.story.summary_shown_s = 0.0
        story.story.finished = True
        frames(runner, 2)
        assert runner.screen is story
        (keys,) = texts_under(story.hint_root)
        assert keys == "ENTER o ESC: volver al inicio"
        sim = story.scene.sim
        press(runner, "enter")  # back to the title; the nerve thread stops
        assert isinstance(runner.screen, TitleRun)
        assert not sim._thread.is_alive()
        press(runner, "arrow_down")
        press(runner, "f")  # a wider field of view, shown on the title, used by the flight
        assert runner.ctx.comfort.fov_deg == 60.0
        assert "Campo de visión: 60 grados" in texts_under(runner.screen.view.root)
        press(runner, "enter")  # the second entry: exploring, the app's own HUD and keys
        assert isinstance(runner.screen, ExploreRun)
        for _ in range(400):
            if runner.screen.scene.built:
                break
            frames(runner)
        frames(runner, 2)
        assert runner.screen.scene.built and not runner.screen.scene.hud.root.is_hidden()
        assert runner.screen.scene.hud.keys.text.endswith("Esc volver")  # the way back
        assert modes_base.cam.node().get_lens().get_fov()[1] == pytest.approx(60.0, abs=0.5)
        press(runner, "escape")
        assert isinstance(runner.screen, TitleRun)
    finally:
        runner.cleanup()
    assert node_count(modes_base) == before


def test_lessons_list_teacher_view_locks_and_exports(modes_base, strings, data_home):
    from game.modes.runner import LessonRun, LessonsRun, ModeRunner, TeacherRun

    runner = ModeRunner(modes_base, OPTIONS, strings=strings, first="lessons")
    try:
        lessons = runner.screen
        assert isinstance(lessons, LessonsRun) and len(lessons.chapters) >= 7
        assert any("\u2606\u2606\u2606" in t for t in texts_under(lessons.root))  # no stars yet
        # what the chosen chapter is about, under the list
        assert runner.ctx.t(lessons.chapters[0].objective) in texts_under(lessons.root)
        press(runner, "t")
        teacher = runner.screen
        assert isinstance(teacher, TeacherRun) and not teacher.view.unlocked
        for key in "2580":
            press(runner, key)
        press(runner, "enter")  # the first PIN typed sets it
        assert teacher.view.unlocked
        press(runner, "l")  # lock chapter 1
        assert runner.ctx.progress.locked(lessons.chapters[0].id)
        path = teacher.export()
        assert path.read_text().startswith("learner,chapter,kind")
        press(runner, "escape")
        lessons = runner.screen
        assert isinstance(lessons, LessonsRun)
        assert any("locked" in t for t in texts_under(lessons.root))
        assert "Locked by the teacher (T: teacher view)" in texts_under(lessons.root)
        press(runner, "enter")  # chapter 1 is locked: nothing starts
        assert isinstance(runner.screen, LessonsRun)
        press(runner, "arrow_down")
        press(runner, "enter")  # chapter 2 starts on the live nerve
        assert isinstance(runner.screen, LessonRun)
        assert runner.screen.chapter.number == 2
        press(runner, "escape")
        assert isinstance(runner.screen, LessonsRun)
        # a wrong PIN keeps the teacher view shut
        press(runner, "t")
        for key in "1111":
            press(runner, key)
        press(runner, "enter")
        assert not runner.screen.view.unlocked
        assert "Wrong PIN" in texts_under(runner.screen.root)
    finally:
        runner.cleanup()


def test_a_lesson_from_its_objective_to_its_stars_and_back_to_the_list(
    modes_base, strings, data_home
):
    """Chapter 1 as a newcomer plays it: the keys of each step on screen, the challenge
    judged by the live nerve, the quiz with the challenge's outcome above it, the result
    (stars, challenge, quiz score), and ENTER back to the list with the stars kept."""
    from game.modes.runner import LessonRun, LessonsRun, ModeRunner
    from game.play.chapter_run import DONE

    runner = ModeRunner(modes_base, OPTIONS, strings=strings, first="lessons", chapter=1)
    try:
        lesson = runner.screen
        assert isinstance(lesson, LessonRun)
        for _ in range(400):
            frames(runner)
            if lesson.mode is not None:
                break
        mode = lesson.mode
        assert mode is not None, "the lesson never started on the live nerve"
        card = mode.card.root
        assert any("ENTER start the challenge" in t for t in texts_under(card))
        press(runner, "enter")
        assert any(t.startswith("T send a signal") for t in texts_under(card))
        press(runner, "t")  # the touch signal arrives: the challenge is met
        frames(runner, 2)
        assert mode.quiz_panel is not None, "the challenge was not judged passed"
        assert "Challenge: done \u2713" in texts_under(mode.quiz_panel.root)
        for q in lesson.chapter.quiz:
            press(runner, str(q.answer + 1))
            press(runner, "enter")
        assert mode.run.state == DONE
        shown = texts_under(card)
        assert "Chapter done" in shown and "3 of 3 stars" in shown
        assert any(f"Quiz: {len(lesson.chapter.quiz)} of" in t for t in shown)
        press(runner, "enter")  # the result -> the chapter list
        assert isinstance(runner.screen, LessonsRun)
        assert any("\u2605\u2605\u2605" in t for t in texts_under(runner.screen.root))
    finally:
        runner.cleanup()
