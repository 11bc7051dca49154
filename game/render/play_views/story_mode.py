"""The story on screen: wires ``game.play.story.Story`` (and its legs) to a running nerve.

``StoryMode(base, send, latest)``: ``send`` takes command values to the simulation thread,
``latest()`` returns its newest ``NerveSnapshot`` (None until the first). A task at sort 47
(before the HUD and flight at 48-49) feeds the story the newest reading each frame and
redraws the overlay (stage, real time, caption, sensation meter, fibre classes) and the legs
inset. In attract mode the story crosses the legs itself; otherwise holding SPACE, the left
mouse button or a touch (or a trigger the app binds to ``hold()``/``let_go()``) crosses
them, G toggles gentle movement, S shakes the leg. ``set_language()`` switches every text
mid-story. ``cleanup()`` removes the task, the keys and every node.
"""

from direct.showbase.DirectObject import DirectObject
from direct.task import Task

from game.play.story import Story
from game.render.play_views.legs_inset import LegsInset
from game.render.play_views.story_overlay import INSET_SIZE, INSET_X, INSET_Z, StoryOverlay

TASK_NAME = "play-story"
KEYS = ("space", "space-up", "mouse1", "mouse1-up", "g", "s")


class StoryMode:
    def __init__(
        self, base, send, latest, *, attract: bool = False, strings=None, language: str = "en",
        fixed_frame_s: float | None = None, config=None, captions: bool = True,
        caption_scale: float = 1.0,
    ) -> None:  # fmt: skip
        self.base = base
        self.latest = latest
        self.story = Story(send, attract=attract, config=config)
        self.overlay = StoryOverlay(base.aspect2d, self.story, strings=strings, language=language,
                                    captions=captions, caption_scale=caption_scale)  # fmt: skip
        self.inset = LegsInset(
            base.aspect2d, pos=(INSET_X, INSET_Z), size=INSET_SIZE, strings=strings,
            language=language,
        )  # fmt: skip
        self._place_inset()
        # a listener of our own: the app's handlers of the same event stay as they are
        self._window = DirectObject()
        self._window.accept("aspectRatioChanged", self.relayout)
        self.fixed_frame_s = fixed_frame_s
        #: Warnings and outcomes to show (kebab-case kind, Text); the app may drain it.
        self.messages: list = []
        base.accept("space", self.hold)
        base.accept("space-up", self.let_go)
        if not attract:  # a touch screen: hold a finger anywhere to keep the legs crossed
            base.accept("mouse1", self.hold)
            base.accept("mouse1-up", self.let_go)
        base.accept("g", self.toggle_gentle)
        base.accept("s", self.shake)
        base.task_mgr.add(self._update, TASK_NAME, sort=47)

    def _place_inset(self) -> None:
        """Where the overlay leaves room for it (beside or under its class panel)."""
        x, z, size = self.overlay.inset_placement()
        self.inset.root.set_pos(x, 0.0, z)
        self.inset.root.set_scale(size)

    def relayout(self) -> None:
        """The window changed shape: the overlay and the inset are laid out again."""
        self.overlay.relayout()
        self._place_inset()

    def set_language(self, language: str) -> None:
        self.overlay.set_language(language)
        self.inset.set_language(language)

    def hold(self) -> None:
        self.story.legs.hold()

    def let_go(self) -> None:
        self.story.legs.let_go()

    def toggle_gentle(self) -> None:
        legs = self.story.legs
        legs.set_gentle_movement(not legs.gentle)

    def shake(self) -> None:
        # read the nerve now: a snapshot kept from an earlier frame may have been recycled
        # by the triple buffer since (latest() is valid only until its next call)
        reading = self.latest()
        if reading is not None:
            self.messages.extend(self.story.legs.shake_hard(reading))

    def _update(self, task):
        reading = self.latest()
        if reading is None:
            return Task.cont
        dt = self.fixed_frame_s if self.fixed_frame_s is not None else self.base.clock.get_dt()
        self.messages.extend(e for e in self.story.update(dt, reading) if e.kind == "story-palsy")
        self.inset.set_crossed(self.story.legs.crossed)
        self.inset.set_foot_drop(self.story.palsy and self.story.palsy_released_s is not None)
        if self.story.summary_shown_s is not None:
            self.inset.root.hide()
        self.overlay.update(reading)
        self._place_inset()  # under a top bar that may have grown a row
        self.overlay.tick(dt)
        return Task.cont

    def cleanup(self) -> None:
        self._window.ignore_all()
        self.base.task_mgr.remove(TASK_NAME)
        for key in KEYS:
            self.base.ignore(key)
        self.overlay.cleanup()
        self.inset.cleanup()
