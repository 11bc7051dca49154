"""A lesson chapter on screen: wires ``game.play.chapter_run.ChapterRun`` to a running nerve.

``LessonMode(base, send, latest, chapter, progress=None)``. Objective: the chapter card
shows the captions (N: next caption); ENTER starts the challenge. Challenge: SPACE held
crosses the legs (the inset shows it), T stimulates (the chapter's fibre class), and for
the prediction chapters 1-4 pick a fibre class (A-alpha, A-beta, A-delta, C) or 1-3 a
modifier; those side experiments run on a worker thread so the frame never stalls (the card
says so, and what came out of a wrong try). K skips the challenge. Quiz: 1-5 (or a click on
a choice) answers, the explanation shows, ENTER goes on; above the first question, how the
challenge went. Done: the stars, the challenge and the quiz score; ENTER sets
``leave_requested`` (the screen goes back to the chapter list).
``comfort`` (``game.comfort.ComfortSettings``): the card's and the quiz's caption size, and
the card's captions on/off.
During the challenge the card shows the live nerve (its stage, or its lasting injury after a
palsy, and which fibre classes get through). The card, the quiz and the legs inset are laid
out for the window's shape, again whenever it changes ("aspectRatioChanged").
A task at sort 47 feeds the run the newest reading; ``cleanup()`` removes task, keys, nodes.
"""

import threading

from direct.showbase.DirectObject import DirectObject
from direct.task import Task

from game.play.chapter_run import CHALLENGE, DONE, OBJECTIVE, QUIZ, ChapterRun
from game.play.lessons import Chapter
from game.play.play_data import Text, class_names, localized
from game.render.play_views.chapter_card import CHALLENGE_PASSED, CHALLENGE_SKIPPED, ChapterCard
from game.render.play_views.legs_inset import LegsInset
from game.render.play_views.quiz_panel import QuizPanel

TASK_NAME = "play-lesson"
KEYS = ("enter", "n", "space", "space-up", "t", "k", "1", "2", "3", "4", "5", "mouse1")
#: Above the quiz, after a skipped challenge: how to earn its star.
SKIPPED_HINT = Text("lesson.quiz.skipped_hint", "(replay the chapter to earn its star)")
#: The legs inset's largest side, and its distance from the window's right edge.
INSET_SIZE, INSET_MARGIN = 0.6, 0.05


class LessonMode:
    def __init__(
        self, base, send, latest, chapter: Chapter, *, progress=None, strings=None,
        language: str = "en", fixed_frame_s: float | None = None, comfort=None,
    ) -> None:  # fmt: skip
        self.base = base
        self.latest = latest
        self.run = ChapterRun(chapter, send, progress=progress)
        self.strings, self.language = strings, language
        self.comfort = comfort
        self.card = ChapterCard(base.aspect2d, self.run, strings=strings, language=language,
                                comfort=comfort)  # fmt: skip
        self.inset = LegsInset(base.aspect2d, pos=(1.25, 0.05), size=INSET_SIZE,
                               strings=strings, language=language)  # fmt: skip
        self.quiz_panel: QuizPanel | None = None
        self.fixed_frame_s = fixed_frame_s
        self.experiment: threading.Thread | None = None
        self._answered = None
        self._shown_state = None
        self._shown_feedback = None
        #: ENTER on the result: the screen should go back to the chapter list.
        self.leave_requested = False
        base.accept("enter", self.enter)
        base.accept("n", self.card.next_caption)
        base.accept("space", self.run.legs.hold)
        base.accept("space-up", self.run.legs.let_go)
        base.accept("t", self.stimulate)
        base.accept("k", self.skip)
        for i in range(5):
            base.accept(str(i + 1), self.number, [i])
        base.accept("mouse1", self.click)
        # a listener of our own: the app's handlers of the same event stay as they are
        self._window = DirectObject()
        self._window.accept("aspectRatioChanged", self.relayout)
        base.task_mgr.add(self._update, TASK_NAME, sort=47)
        self._show()
        self._place_inset()

    def relayout(self) -> None:
        """The window changed shape: lay the card, the quiz and the inset out again."""
        self.card.refresh()
        if self.quiz_panel is not None:
            self.quiz_panel.refresh()
        self._place_inset()

    def _place_inset(self) -> None:
        """The legs inset at the right, in the middle the card leaves free."""
        left, right, bottom, top = self.card.free
        size = max(0.2, min(INSET_SIZE, top - bottom - 0.06, 0.4 * (right - left)))
        self.inset.root.set_pos(right - INSET_MARGIN - size / 2, 0, (top + bottom) / 2)
        self.inset.root.set_scale(size)

    # -- keys --------------------------------------------------------------------------------
    def enter(self) -> None:
        if self.run.state == OBJECTIVE:
            self.run.start_challenge()
        elif self.run.state == DONE and self._answered is None:
            self.leave_requested = True
        elif self.run.state in (QUIZ, DONE) and self._answered is not None:
            self._answered = None
            if self.quiz_panel is not None:
                self.quiz_panel.show_question()
        self._show()

    def stimulate(self) -> None:
        if self.run.state == CHALLENGE:
            self.run.stimulate(self.run.chapter.challenge.params.get("class_name"))

    def skip(self) -> None:
        if self.run.state == CHALLENGE:
            self.run.skip_challenge()
            self._show()

    def number(self, i: int) -> None:
        run = self.run
        if run.state == QUIZ and self._answered is None:
            if i < len(run.quiz.current.choices):
                self._answered = run.answer(i)
                self.quiz_panel.show_question(self._answered)
        elif run.state == CHALLENGE and self.experiment is None:
            kind = run.chapter.challenge.kind
            if kind == "first_to_block" and i < len(class_names()):
                self._start(run.predict_first_block, class_names()[i])
            elif kind == "falls_asleep_sooner" and i < len(run.chapter.modifiers):
                self._start(run.choose_modifier, run.chapter.modifiers[i].id)

    def click(self) -> None:
        """A click (or a touch) on a quiz choice answers with it."""
        watcher = self.base.mouseWatcherNode
        if self.quiz_panel is None or watcher is None or not watcher.has_mouse():
            return
        from panda3d.core import Point3

        # render2d spans the window as -1..1; the panel is laid out in aspect2d's units
        point = self.base.aspect2d.get_relative_point(
            self.base.render2d, Point3(watcher.get_mouse_x(), 0.0, watcher.get_mouse_y())
        )
        choice = self.quiz_panel.choice_at(point.x, point.z)
        if choice is not None:
            self.number(choice)

    def _start(self, action, arg) -> None:
        self.experiment = threading.Thread(target=action, args=(arg,), daemon=True)
        self.experiment.start()
        self.card.running = True
        self.card.refresh()

    # -- each frame --------------------------------------------------------------------------
    def _show(self) -> None:
        state = self.run.state
        if state == self._shown_state and state != DONE:
            return
        self._shown_state = state
        self.card.refresh()
        if state == CHALLENGE:
            self._place_inset()
            self.inset.root.show()
        else:
            self.inset.root.hide()
        if state == QUIZ and self.quiz_panel is None:
            self.card.root.hide()
            passed = self.run.judge.passed
            banner = localized(CHALLENGE_PASSED if passed else CHALLENGE_SKIPPED, self.strings,
                               self.language)  # fmt: skip
            if not passed:
                banner += " " + localized(SKIPPED_HINT, self.strings, self.language)
            self.quiz_panel = QuizPanel(self.base.aspect2d, self.run.quiz, strings=self.strings,
                                        language=self.language, banner=banner,
                                        banner_good=passed, comfort=self.comfort)  # fmt: skip
        if state == DONE and self._answered is None:
            if self.quiz_panel is not None:
                self.quiz_panel.cleanup()
                self.quiz_panel = None
            self.card.root.show()
            self.card.refresh()

    def _update(self, task):
        if self.experiment is not None and not self.experiment.is_alive():
            self.experiment = None
            self.card.running = False
            if self.run.state == CHALLENGE and not self.run.judge.passed:
                self.card.refresh()  # wrong guess: say what happened; try again
        feedback = self.run.judge.feedback if self.run.state == CHALLENGE else None
        if feedback != self._shown_feedback:
            self._shown_feedback = feedback
            if self.run.state == CHALLENGE:
                self.card.refresh()  # what the nerve said about the last try
                self._place_inset()
        reading = self.latest()
        if reading is not None and self.card.show_reading(reading):
            self._place_inset()  # the card's top panel may have grown a row
        if reading is not None:
            dt = self.fixed_frame_s if self.fixed_frame_s is not None else self.base.clock.get_dt()
            self.run.update(dt, reading)
            self.inset.set_crossed(self.run.legs.crossed)
        self._show()
        return Task.cont

    def cleanup(self) -> None:
        self._window.ignore_all()
        self.base.task_mgr.remove(TASK_NAME)
        for key in KEYS:
            self.base.ignore(key)
        if self.quiz_panel is not None:
            self.quiz_panel.cleanup()
        self.card.cleanup()
        self.inset.cleanup()
