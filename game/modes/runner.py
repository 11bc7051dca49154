"""The three ways in, in one window: the title screen, the story, exploring, the lessons.

``ModeRunner`` owns the frame loop (like ``game.app.run`` does for exploring alone) and one
*screen* at a time; a screen's ``update()`` runs before each frame and returns the name of
the screen to go to next, or None to stay. Screens:

- ``title``: ``TitleScreen`` (UP/DOWN choose, ENTER or a click starts, L language, M calm
  mode, C captions);
- ``story``: the nerve scene (``game.modes.session_adapter``) with ``StoryMode``, a key line
  at the foot and the legs' warnings; the summary card stays until ENTER (or ESC) goes back
  to the title; ``attract`` plays it by itself;
- ``explore``: the app's explore experience (the same scene with its own keys and HUD);
- ``lessons``: the chapter list (locked chapters shown locked, stars shown; UP/DOWN, ENTER
  starts, T opens the teacher view) then ``LessonMode`` on a nerve of the chapter's profile;
  progress is saved in ``game.play.progress`` (SQLite in the user data directory);
- ``teacher``: behind the teacher PIN (``game.play.teacher``; the first PIN typed sets it):
  UP/DOWN choose a chapter, L locks or unlocks it, E exports the results as CSV.

Escape goes back one screen (from the title, or a screen the command started on, it quits).
The chosen language, calm mode and captions carry over from the title to every screen.
"""

import logging
import time
from pathlib import Path

from game.comfort import ComfortSettings
from game.options import RunOptions
from game.play.play_data import Text, localized

log = logging.getLogger("pins-and-needles")

SCREENS = ("title", "story", "explore", "lessons", "teacher")
#: Wall-clock pace of the loop while nothing but 2D cards is shown (no busy spinning).
CARD_FRAME_S = 1.0 / 60.0
#: Pace of the loading screen while the nerve is built (as game.app paces it).
LOADING_FRAME_S = 1.0 / 30.0

LESSONS_HEADING = Text("lesson.list.heading", "Lessons")
LESSONS_KEYS = Text(
    "lesson.list.keys", "\u2191\u2193 choose   ENTER start   T teacher view   ESC back"
)
LOCKED = Text("lesson.list.locked", "locked")
LOCKED_HINT = Text("lesson.list.locked_hint", "Locked by the teacher (T: teacher view)")
#: Rows of the chapter list: the first row's top, and at most this much room for all rows.
LIST_TOP, LIST_ROOM = 0.62, 1.3
TEACHER_HEADING = Text("lesson.teacher.heading", "Teacher view")
TEACHER_PIN = Text("lesson.teacher.pin_prompt", "Type the teacher PIN, then ENTER")
TEACHER_NEW_PIN = Text("lesson.teacher.new_pin", "Choose a teacher PIN (4+ digits), then ENTER")
TEACHER_WRONG = Text("lesson.teacher.wrong_pin", "Wrong PIN")
TEACHER_KEYS = Text(
    "lesson.teacher.keys", "\u2191\u2193 choose   L lock/unlock   E export CSV   ESC back"
)
TEACHER_EXPORTED = Text("lesson.teacher.exported", "Results written to {path}")
STORY_KEYS = Text(
    "story.overlay.keys", "SPACE hold: cross the legs   G move gently   S shake   ESC back"
)
STORY_DONE_KEYS = Text("title.story_done_keys", "ENTER or ESC: back to the title")
EXPLORE_BACK = Text("title.explore_back", "Esc back")
#: How long a warning (shaking a numb leg) stays on the story's screen, seconds of play.
WARNING_SHOWN_S = 7.0


class ModeContext:
    """What every screen shares: the window, the options, language, comfort, strings."""

    def __init__(self, base, options: RunOptions, *, strings, language: str,
                 progress_path: Path | None = None, story_speed: float = 1.0,
                 profile: str = "article") -> None:  # fmt: skip
        self.base = base
        self.options = options
        self.strings = strings
        self.language = language
        self.comfort = options.comfort or ComfortSettings()
        self.calm = self.comfort.calm_mode
        self.progress_path = progress_path
        self.story_speed = story_speed
        self.profile = profile
        self._progress = None

    def t(self, text: Text, **values) -> str:
        return localized(text, self.strings, self.language, **values)

    @property
    def progress(self):
        """The learner's saved progress (opened on first use)."""
        if self._progress is None:
            from game.play.progress import Progress

            self._progress = Progress(self.progress_path)
        return self._progress

    def close(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None


class Screen:
    """A screen's shape: ``update()`` -> next screen name or None; ``back()``; ``cleanup()``."""

    keys: tuple[str, ...] = ()

    def __init__(self, ctx: ModeContext) -> None:
        self.ctx = ctx
        self.next: str | None = None

    def accept(self, event: str, method, extra=()) -> None:
        self.ctx.base.accept(event, method, list(extra))
        self.keys += (event,)

    def update(self) -> str | None:
        return self.next

    def cleanup(self) -> None:
        for key in self.keys:
            self.ctx.base.ignore(key)


class CardScreen(Screen):
    """A screen drawn as one 2D page under ``aspect2d`` (``root``), rebuilt whole by its
    ``refresh()``: ``new_page`` replaces the previous page by a backdrop and a heading."""

    def __init__(self, ctx: ModeContext) -> None:
        super().__init__(ctx)
        self.root = None

    def new_page(self, name: str, backdrop, heading: Text, *, scale: float, colour):
        """Remove the page shown and start page ``name``: a full-screen ``backdrop`` colour
        and ``heading`` at the top; returns its root."""
        from panda3d.core import TextNode

        from game.render.play_views import widgets as w

        if self.root is not None:
            self.root.remove_node()
        self.root = root = self.ctx.base.aspect2d.attach_new_node(name)
        w.box(root, -2.0, 2.0, -1.0, 1.0, backdrop, "backdrop")
        w.label(root, self.ctx.t(heading), 0, 0.8, scale=scale, colour=colour,
                align=TextNode.A_center)  # fmt: skip
        return root

    def cleanup(self) -> None:
        super().cleanup()
        if self.root is not None:
            self.root.remove_node()
            self.root = None


class TitleRun(Screen):
    def __init__(self, ctx: ModeContext) -> None:
        super().__init__(ctx)
        from game.play.title_menu import TitleMenu
        from game.render.play_views.title_screen import TitleScreen

        languages = tuple(ctx.strings.languages) if ctx.strings is not None else ("en",)
        self.menu = TitleMenu(languages=languages, comfort=ctx.comfort, language=ctx.language,
                              calm=ctx.calm)  # fmt: skip
        self.view = TitleScreen(ctx.base.aspect2d, self.menu, strings=ctx.strings)
        self.accept("arrow_up", self.move, [-1])
        self.accept("arrow_down", self.move, [+1])
        self.accept("enter", self.choose)
        self.accept("l", self.next_language)
        self.accept("m", self.toggle_calm)
        self.accept("c", self.toggle_captions)
        self.accept("f", self.next_fov)
        self.accept("mouse1", self.click)

    def move(self, by: int) -> None:
        self.menu.move(by)
        self.view.refresh()

    def choose(self, index: int | None = None) -> str:
        self.next = self.menu.choose(index)
        return self.next

    def next_language(self) -> None:
        self.ctx.language = self.menu.next_language()
        self.view.refresh()

    def toggle_calm(self) -> None:
        self.ctx.comfort = self.menu.toggle_calm()
        self.ctx.calm = self.menu.calm
        self.view.refresh()

    def toggle_captions(self) -> None:
        self.ctx.comfort = self.menu.toggle_captions()
        self.view.refresh()

    def next_fov(self) -> None:
        self.ctx.comfort = self.menu.next_fov()
        self.view.refresh()

    def click(self) -> None:
        watcher = self.ctx.base.mouseWatcherNode
        if watcher is None or not watcher.has_mouse():
            return
        aspect = self.ctx.base.get_aspect_ratio()
        index = self.view.button_at(watcher.get_mouse_x() * aspect, watcher.get_mouse_y())
        if index is not None:
            self.choose(index)

    def cleanup(self) -> None:
        super().cleanup()
        self.view.cleanup()


class SceneRun(Screen):
    """A screen on the live nerve: the scene first, then what the screen adds on top."""

    mode_keys = True

    def __init__(self, ctx: ModeContext, *, profile: str | None = None,
                 key_hint: str | None = None) -> None:  # fmt: skip
        super().__init__(ctx)
        from game.modes.session_adapter import NerveScene, new_simulation

        sim = new_simulation(ctx.options, profile=profile or ctx.profile)
        self.scene = NerveScene(ctx.base, sim, ctx.options, comfort=ctx.comfort,
                                mode_keys=self.mode_keys, key_hint=key_hint)  # fmt: skip
        self.mode = None

    def update(self) -> str | None:
        if self.scene.update() and self.mode is None and self.mode_keys:
            self.scene.hide_explore_overlays()
            self.mode = self.start_mode()
        return self.next

    def start_mode(self):
        return None

    def cleanup(self) -> None:
        super().cleanup()
        if self.mode is not None:
            self.mode.cleanup()
            self.mode = None
        self.scene.cleanup()


class ExploreRun(SceneRun):
    """Exploring, reached from the title: the app's own HUD and keys, and on its key line
    the way back (the bare ``explore`` command quits with Escape instead)."""

    mode_keys = False

    def __init__(self, ctx: ModeContext) -> None:
        super().__init__(ctx, key_hint=explore_key_hint(ctx.t(EXPLORE_BACK)))


def explore_key_hint(back: str) -> str:
    """The explore HUD's key line with the way back added."""
    from game.app import VIEW_KEY_HINT
    from game.render.hud import KEYS_HINT

    return f"{KEYS_HINT}{VIEW_KEY_HINT}   {back}"


class StoryRun(SceneRun):
    """The story on the live nerve, with what the story's own overlay leaves to the screen:
    the key line at the foot (which keys cross the legs, how to leave; at the summary card,
    how to go back), and the warnings the legs raise (shaking a numb leg) in a box that
    stays a few seconds. The summary card stays until ENTER or ESC (a reader needs longer
    than the story's own 10 s); an ``attract`` story plays on by itself."""

    def __init__(self, ctx: ModeContext, *, attract: bool = False) -> None:
        self.attract = attract
        super().__init__(ctx)
        self.hint_root = None
        self._hint = None
        self.warning_root = None
        self.warning_text: str | None = None
        self._warning_left_s = 0.0
        self.accept("enter", self.leave_summary)

    def start_mode(self):
        from game.kiosk.config import KioskConfig
        from game.modes.story_experience import story_for
        from game.render.play_views.story_mode import StoryMode

        config = story_for(KioskConfig(science_profile=self.ctx.profile),
                           speed_factor=self.ctx.story_speed)  # fmt: skip
        return StoryMode(
            self.ctx.base, self.scene.send, self.scene.latest, attract=self.attract,
            strings=self.ctx.strings, language=self.ctx.language,
            fixed_frame_s=self.ctx.options.fixed_frame_s, config=config,
            captions=self.ctx.comfort.captions,
            caption_scale=self.ctx.comfort.caption_scale,
        )  # fmt: skip

    @property
    def story(self):
        return self.mode.story if self.mode is not None else None

    @property
    def at_summary(self) -> bool:
        return self.mode is not None and self.mode.story.summary_shown_s is not None

    def leave_summary(self) -> None:
        """ENTER: from the summary card back to the title (before it, ENTER does nothing)."""
        if self.at_summary and not self.attract:
            self.next = "title"

    def update(self) -> str | None:
        nxt = super().update()
        if self.mode is not None:
            self._show_keys()
            self._show_warnings()
        return nxt

    def _show_keys(self) -> None:
        from panda3d.core import TextNode

        from game.render.play_views import widgets as w

        if self.attract:
            return
        hint = self.ctx.t(STORY_DONE_KEYS if self.at_summary else STORY_KEYS)
        if hint == self._hint:
            return
        self._hint = hint
        if self.hint_root is not None:
            self.hint_root.remove_node()
        self.hint_root = root = self.ctx.base.aspect2d.attach_new_node("story-keys")
        w.box(root, -2.0, 2.0, -1.0, -0.9, (0.0, 0.0, 0.0, 0.72), "keys-backing")
        w.label(root, hint, 0.0, -0.965, scale=0.045, colour=w.TEXT, align=TextNode.A_center)

    def _show_warnings(self) -> None:
        from game.render.play_views import widgets as w

        messages = self.mode.messages
        texts = [m.text for m in messages if getattr(m, "text", None) is not None]
        messages.clear()
        if texts:
            self.warning_text = self.ctx.t(texts[-1])
            self._warning_left_s = WARNING_SHOWN_S
            if self.warning_root is not None:
                self.warning_root.remove_node()
            self.warning_root = root = self.ctx.base.aspect2d.attach_new_node("story-warning")
            w.box(root, -1.25, 1.25, -0.36, 0.0, (0.1, 0.06, 0.02, 0.92), "warning-backing")
            w.outline(root, -1.25, 1.25, -0.36, 0.0, w.WARN, thickness=3)
            w.label(root, "\u26a0 " + self.warning_text, -1.18, -0.09, scale=0.055,
                    colour=w.WARN, wrap=2.36)  # fmt: skip
        elif self.warning_root is not None:
            fixed = self.ctx.options.fixed_frame_s
            self._warning_left_s -= fixed if fixed is not None else self.ctx.base.clock.get_dt()
            if self._warning_left_s <= 0.0:
                self.warning_root.remove_node()
                self.warning_root = None
                self.warning_text = None

    def cleanup(self) -> None:
        super().cleanup()
        for root in (self.hint_root, self.warning_root):
            if root is not None:
                root.remove_node()
        self.hint_root = self.warning_root = None


class LessonsRun(CardScreen):
    """The chapter list: locked chapters shown locked, stars shown."""

    def __init__(self, ctx: ModeContext) -> None:
        super().__init__(ctx)
        from game.play.lessons import load_all_chapters

        self.chapters, self.problems = load_all_chapters()
        for problem in self.problems:  # a broken chapter is left out, the others still load
            log.warning("%s", problem)
        self.selected = 0
        self.chosen = None
        self.accept("arrow_up", self.move, [-1])
        self.accept("arrow_down", self.move, [+1])
        self.accept("enter", self.choose)
        self.accept("t", self.teacher)
        self.refresh()

    def move(self, by: int) -> None:
        if self.chapters:
            self.selected = (self.selected + by) % len(self.chapters)
            self.refresh()

    def choose(self, index: int | None = None) -> None:
        if index is not None:
            self.selected = index
        if not self.chapters:
            return
        chapter = self.chapters[self.selected]
        if self.ctx.progress.locked(chapter.id):
            return
        self.chosen = chapter
        self.next = "lesson"

    def teacher(self) -> None:
        self.next = "teacher"

    def refresh(self) -> None:
        from panda3d.core import TextNode

        from game.render.play_views import widgets as w

        root = self.new_page("lesson-list", (0.03, 0.05, 0.09, 1.0), LESSONS_HEADING,
                             scale=0.11, colour=w.NERVE)  # fmt: skip
        t = self.ctx.t
        progress = self.ctx.progress
        # rows shrink a little when more chapters are added, so the list never runs into the
        # objective and the key line below it
        pitch = min(0.17, LIST_ROOM / max(1, len(self.chapters)))
        row = pitch * 0.82
        for i, chapter in enumerate(self.chapters):
            y = LIST_TOP - i * pitch
            chosen = i == self.selected
            w.box(root, -1.2, 1.2, y - row, y, w.PANEL_LIGHT if chosen else w.PANEL)
            if chosen:
                w.outline(root, -1.2, 1.2, y - row, y, w.ACCENT, thickness=3)
            locked = progress.locked(chapter.id)
            title = f"{chapter.number}. {t(chapter.title)}"
            w.label(root, title, -1.12, y - row * 0.68, scale=0.06,
                    colour=w.MUTED if locked else w.TEXT)  # fmt: skip
            stars = progress.stars(chapter.id)
            mark = f"\u2717 {t(LOCKED)}" if locked else "\u2605" * stars + "\u2606" * (3 - stars)
            w.label(root, mark, 1.12, y - row * 0.68, scale=0.06,
                    colour=w.MUTED if locked else w.NERVE, align=TextNode.A_right)  # fmt: skip
        if self.chapters:  # what the chosen chapter is about (or why it does not start)
            chapter = self.chapters[self.selected]
            about = t(LOCKED_HINT) if progress.locked(chapter.id) else t(chapter.objective)
            w.label(root, about, 0, LIST_TOP - LIST_ROOM - 0.08, scale=0.05, colour=w.TEXT,
                    align=TextNode.A_center, wrap=2.6)  # fmt: skip
        w.label(root, t(LESSONS_KEYS), 0, -0.93, scale=0.045, colour=w.MUTED,
                align=TextNode.A_center)  # fmt: skip


class LessonRun(SceneRun):
    def __init__(self, ctx: ModeContext, chapter) -> None:
        self.chapter = chapter
        super().__init__(ctx, profile=chapter.profile)

    def update(self) -> str | None:
        nxt = super().update()
        if self.mode is not None and self.mode.leave_requested:
            return "lessons"
        return nxt

    def start_mode(self):
        from game.render.play_views.lesson_mode import LessonMode

        return LessonMode(
            self.ctx.base, self.scene.send, self.scene.latest, self.chapter,
            progress=self.ctx.progress, strings=self.ctx.strings, language=self.ctx.language,
            fixed_frame_s=self.ctx.options.fixed_frame_s, comfort=self.ctx.comfort,
        )  # fmt: skip


class TeacherRun(CardScreen):
    """The teacher view behind the PIN: lock/unlock chapters, export the results as CSV."""

    def __init__(self, ctx: ModeContext, chapters) -> None:
        super().__init__(ctx)
        from game.play.teacher import TeacherView

        self.chapters = chapters
        self.view = TeacherView(ctx.progress)
        self.typed = ""
        self.message: Text | None = None
        self.message_values: dict = {}
        self.selected = 0
        for digit in "0123456789":
            self.accept(digit, self.digit, [digit])
        self.accept("backspace", self.backspace)
        self.accept("enter", self.enter)
        self.accept("arrow_up", self.move, [-1])
        self.accept("arrow_down", self.move, [+1])
        self.accept("l", self.toggle_lock)
        self.accept("e", self.export)
        self.refresh()

    def digit(self, d: str) -> None:
        if not self.view.unlocked:
            self.typed = (self.typed + d)[:8]
            self.refresh()

    def backspace(self) -> None:
        self.typed = self.typed[:-1]
        self.refresh()

    def enter(self) -> bool:
        if self.view.unlocked:
            return True
        if not self.view.has_pin:
            try:
                self.view.set_pin(self.typed)
            except ValueError:
                self.message = TEACHER_NEW_PIN
                self.typed = ""
                self.refresh()
                return False
        ok = self.view.unlock(self.typed)
        self.message = None if ok else TEACHER_WRONG
        self.typed = ""
        self.refresh()
        return ok

    def move(self, by: int) -> None:
        if self.view.unlocked and self.chapters:
            self.selected = (self.selected + by) % len(self.chapters)
            self.refresh()

    def toggle_lock(self) -> None:
        if self.view.unlocked and self.chapters:
            chapter = self.chapters[self.selected].id
            self.view.set_chapter_locked(chapter, not self.ctx.progress.locked(chapter))
            self.refresh()

    def export(self) -> Path | None:
        if not self.view.unlocked:
            return None
        path = Path(self.ctx.progress.path).with_name(time.strftime("results-%Y%m%d-%H%M%S.csv"))
        path.write_text(self.view.export_csv(), encoding="utf-8")
        self.message, self.message_values = TEACHER_EXPORTED, {"path": str(path)}
        self.refresh()
        return path

    def refresh(self) -> None:
        from panda3d.core import TextNode

        from game.render.play_views import widgets as w

        root = self.new_page("teacher-view", (0.04, 0.04, 0.07, 1.0), TEACHER_HEADING,
                             scale=0.1, colour=w.ACCENT)  # fmt: skip
        t = self.ctx.t
        if not self.view.unlocked:
            prompt = TEACHER_PIN if self.view.has_pin else TEACHER_NEW_PIN
            w.label(root, t(prompt), 0, 0.3, scale=0.07, align=TextNode.A_center)
            w.label(root, "\u25cf " * len(self.typed) or "_", 0, 0.1, scale=0.09,
                    align=TextNode.A_center)  # fmt: skip
        else:
            progress = self.ctx.progress
            for i, chapter in enumerate(self.chapters):
                y = 0.6 - i * 0.15
                if i == self.selected:
                    w.outline(root, -1.2, 1.2, y - 0.13, y, w.ACCENT, thickness=3)
                locked = progress.locked(chapter.id)
                w.label(root, f"{chapter.number}. {t(chapter.title)}", -1.12, y - 0.09,
                        scale=0.055)  # fmt: skip
                w.label(root, (f"\u2717 {t(LOCKED)}" if locked else "\u2713")
                        + f"   \u2605{progress.stars(chapter.id)}", 1.12, y - 0.09, scale=0.055,
                        colour=w.WARN if locked else w.GOOD, align=TextNode.A_right)  # fmt: skip
            w.label(root, t(TEACHER_KEYS), 0, -0.93, scale=0.045, colour=w.MUTED,
                    align=TextNode.A_center)  # fmt: skip
        if self.message is not None:
            w.label(root, t(self.message, **self.message_values), 0, -0.8, scale=0.05,
                    colour=w.WARN, align=TextNode.A_center, wrap=3.4)  # fmt: skip


class ModeRunner:
    """One window, one screen at a time (see the module docstring).

    ``first``: the screen to start on; ``chapter``: with ``first="lessons"``, start that
    chapter (its number) at once. ``frame_hooks``: ``hook(runner, frame)`` each frame (tests
    script key presses with them).
    """

    def __init__(self, base, options: RunOptions, *, strings, language: str = "en",
                 first: str = "title", chapter: int | None = None, attract: bool = False,
                 story_speed: float = 1.0, profile: str = "article",
                 progress_path: Path | None = None, frame_hooks=()) -> None:  # fmt: skip
        if first not in SCREENS:
            raise ValueError(f"first screen: expected one of {', '.join(SCREENS)}, got {first!r}")
        self.ctx = ModeContext(base, options, strings=strings, language=language,
                               progress_path=progress_path, story_speed=story_speed,
                               profile=profile)  # fmt: skip
        self.first = first
        self.attract = attract
        self.frame_hooks = list(frame_hooks)
        self.quit_requested = False
        self.screen: Screen | None = None
        self.name: str | None = None
        self.history: list[str] = []
        self._chapters = None
        base.finalizeExit = self.request_quit
        base.accept("escape", self.back)
        self.go(first)
        if chapter is not None:
            self._start_chapter(chapter)

    @property
    def base(self):
        return self.ctx.base

    def request_quit(self) -> None:
        self.quit_requested = True

    def _start_chapter(self, number: int) -> None:
        from game.errors import UsageError

        lessons = self.screen
        for i, c in enumerate(lessons.chapters):
            if c.number == number:
                lessons.choose(i)
                if lessons.next is None:
                    raise UsageError(f"--chapter: chapter {number} is locked (teacher view)")
                self.go("lesson")
                return
        numbers = ", ".join(str(c.number) for c in lessons.chapters)
        raise UsageError(f"--chapter: expected one of {numbers}, got {number}")

    def go(self, name: str) -> None:
        """Leave the current screen and show ``name``."""
        chosen = getattr(self.screen, "chosen", None)
        chapters = getattr(self.screen, "chapters", None)
        if chapters is not None:
            self._chapters = chapters
        if self.screen is not None:
            self.screen.cleanup()
            self.history.append(self.name)
        ctx = self.ctx
        if name == "title":
            self.screen = TitleRun(ctx)
        elif name == "story":
            self.screen = StoryRun(ctx, attract=self.attract)
        elif name == "explore":
            self.screen = ExploreRun(ctx)
        elif name == "lessons":
            self.screen = LessonsRun(ctx)
        elif name == "lesson":
            self.screen = LessonRun(ctx, chosen)
        elif name == "teacher":
            self.screen = TeacherRun(ctx, self._chapters or [])
        else:
            raise ValueError(f"no screen {name!r}")
        self.name = name
        log.info("screen: %s", name)

    def back(self) -> None:
        """Escape: one screen back (lesson -> list, teacher -> list, others -> title); from
        the screen the command started on, quit."""
        up = {"lesson": "lessons", "teacher": "lessons"}.get(self.name, "title")
        if self.name == self.first or (self.name == "title"):
            self.request_quit()
        else:
            self.go(up)

    def step(self) -> None:
        """One frame's logic before the frame renders."""
        nxt = self.screen.update()
        if nxt is not None and nxt != self.name:
            self.go(nxt)

    def run(self, capture) -> None:
        base = self.base
        frame = 0
        frames = self.ctx.options.frames
        while not self.quit_requested and (frames is None or frame < frames):
            for hook in list(self.frame_hooks):
                hook(self, frame)
            self.step()
            base.task_mgr.step()
            capture.after_frame(base.win, frame)
            frame += 1
            if self.ctx.options.fixed_frame_s is None:
                if not isinstance(self.screen, SceneRun):
                    time.sleep(CARD_FRAME_S)  # cards only: no need to spin
                elif not self.screen.scene.built:
                    time.sleep(LOADING_FRAME_S)  # leave the CPU to the nerve being built
        if not self.quit_requested:
            capture.finish(base.win)

    def cleanup(self) -> None:
        if self.screen is not None:
            self.screen.cleanup()
            self.screen = None
        self.base.ignore("escape")
        self.ctx.close()


def run_modes(options: RunOptions, *, first: str, language: str = "en", chapter=None,
              attract: bool = False, story_speed: float = 1.0, profile: str = "article",
              progress_path: Path | None = None, frame_hooks=()) -> int:  # fmt: skip
    """Open the window and run ``first`` (and whatever is chosen from it); returns 0."""
    from game.errors import UsageError
    from game.i18n import Strings
    from game.modes.session_adapter import close_window, open_window
    from game.render.frame_capture import FrameCapture

    if options.offscreen and options.frames is None:
        raise UsageError("--offscreen needs --frames N (how many frames to render)")
    capture = FrameCapture(screenshot=options.screenshot, record_dir=options.record_dir)
    capture.check_paths()
    strings = Strings(("en", "es"))
    for line in strings.problems:
        log.warning("strings: %s", line)
    if language not in strings.languages:
        raise UsageError(f"--language: expected one of {', '.join(strings.languages)}, "
                         f"got {language!r}")  # fmt: skip
    base, page = open_window(options)
    runner = None
    try:
        base.disable_mouse()
        runner = ModeRunner(base, options, strings=strings, language=language, first=first,
                            chapter=chapter, attract=attract, story_speed=story_speed,
                            profile=profile, progress_path=progress_path,
                            frame_hooks=frame_hooks)  # fmt: skip
        runner.run(capture)
    finally:
        if runner is not None:
            runner.cleanup()
        close_window(base, page)
    return 0
