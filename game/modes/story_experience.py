"""The kiosk's real story: the ``game.kiosk.experience.Experience`` protocol over the live nerve.

Each run (the attract loop, or one visitor's session) gets a fresh nerve simulation thread,
the app's scene, HUD and captions (``game.modes.session_adapter.NerveScene``) and the story
(``game.render.play_views.story_mode.StoryMode``) driven only by the stage the simulated
nerve shows (``game.play.story``). In the attract loop the story crosses and uncrosses the
legs itself and starts again when it ends; a visitor's session restarts the story with the
visitor's hands on the legs (SPACE held, a touch held, a trigger). The nerve takes a few
seconds to build, so the next run's simulation is built in the background while this one
plays (a spare), and a touch starts the visitor's story at once.

Kiosk settings respected: ``science_profile`` (the nerve's and the story's profile),
``chapters`` (the recovery half of the story plays only when "recovery" is enabled; only
enabled chapters are counted as completed), ``calm_mode`` (the attract loop; a visitor's
calm mode comes from ``set_calm_mode``), ``languages`` (via ``set_language``).

The idle timer pauses while narration runs: a beat's caption is being "read" for the
beat's ``min_play_s`` after the story enters it (DESIGN.md: captions are the narration).
``reset()`` stops the simulation, removes every node and task the run made and frees the
run's memory at once (``collect_run_garbage``: the run's objects hold each other in cycles).
"""

import gc
import logging
import time
from dataclasses import replace

from game.comfort import ComfortSettings
from game.kiosk.config import KioskConfig
from game.kiosk.experience import CHAPTER_AFTER_STAGE, Progress
from game.modes.session_adapter import NerveScene, new_simulation
from game.options import RunOptions
from game.play.play_data import ALL_STAGES, RECOVERY_PHASES

#: A torn-down run is freed at the second update after the reset (``collect_run_garbage``):
#: the frame in between lets the task manager drop the run's removed tasks.
COLLECT_AFTER_UPDATES = 2
#: Beats that belong to the recovery half of the story (played only if "recovery" is on).
RECOVERY_BEATS_FROM = "released"
#: The story's keys, shown on the HUD's key line in a visitor's session.
STORY_KEY_HINT_KEY = "story.overlay.keys"

log = logging.getLogger("pins-and-needles.kiosk")


def collect_run_garbage() -> int:
    """Free a torn-down run now: its scene, simulation thread and nerve hold each other in
    reference cycles (``game.app``'s session, its driver and the driver's captions), so
    reference counting alone never frees them, and Python's cyclic collector reaches them
    only at its next full collection, every few runs. In the exhibit each run left ~28 MB
    of nerve arrays and scene data behind until then, and the freed blocks came back
    fragmented: the kiosk in a window grew 400 -> 700 MB in 20 minutes. A full collection
    takes 70-80 ms (measured on 2 busy cores), paid while the loading screen or the attract
    card shows.
    Called one frame after the reset: until the task manager's next step, the run's removed
    tasks still hold its session.
    Returns the number of objects collected."""
    start_s = time.perf_counter()
    found = gc.collect()
    log.debug("run torn down: %d objects collected in %.0f ms", found,
              (time.perf_counter() - start_s) * 1e3)  # fmt: skip
    return found


def story_for(config: KioskConfig, base_config=None, *, speed_factor: float = 1.0):
    """The story as the kiosk config wants it: its science profile; without the recovery
    chapter, the story ends at the release. ``speed_factor`` > 1 runs the body clock that
    much faster and holds each beat that much shorter (recordings, tests)."""
    from game.play.story import default_story

    story = base_config if base_config is not None else default_story()
    beats = story.beats
    if "recovery" not in config.chapters:
        ids = [b.id for b in beats]
        if RECOVERY_BEATS_FROM in ids:
            beats = beats[: ids.index(RECOVERY_BEATS_FROM) + 1]
    if speed_factor != 1.0:
        beats = tuple(
            replace(
                b,
                physiological_speedup=b.physiological_speedup * speed_factor,
                min_play_s=b.min_play_s / speed_factor,
            )
            for b in beats
        )
        story = replace(
            story,
            cross_after_play_s=story.cross_after_play_s / speed_factor,
            release_after_play_s=story.release_after_play_s / speed_factor,
            summary_play_s=story.summary_play_s / speed_factor,
        )
    return replace(story, beats=tuple(beats), profile=config.science_profile)


def furthest_stage(first_seen: dict[str, float]) -> str | None:
    """The furthest stage along the story's arc that the nerve showed."""
    seen = [s for s in ALL_STAGES if s in first_seen]
    # "healthy" comes first in ALL_STAGES; a stage seen later in the arc is further along
    return seen[-1] if seen else None


class StoryExperience:
    """The real story behind the kiosk's cards (see the module docstring).

    ``options``: window-independent run options (fixed frame step offscreen, electrical
    rate, comfort flags other than calm); ``speed_factor``: see ``story_for``.
    """

    def __init__(
        self, base, strings, font=None, *, config: KioskConfig | None = None,
        options: RunOptions | None = None, speed_factor: float = 1.0,
    ) -> None:  # fmt: skip
        self._base = base
        self._strings = strings
        self._font = font
        self.config = config or KioskConfig()
        self._options = options or RunOptions()
        self._speed_factor = speed_factor
        self._story_config = story_for(self.config, speed_factor=speed_factor)
        self._language = self.config.default_language
        self._calm = self.config.calm_mode
        self.attract = True
        self.scene: NerveScene | None = None
        self.mode = None  # StoryMode, once the scene is built
        self._spare = None  # a simulation building in the background for the next run
        self._pending_start = False
        self._collect_in_updates = 0  # > 0: a torn-down run is freed that many updates on
        #: Runs started (attract loops and sessions), for tests and the soak.
        self.runs = 0

    # -- Experience ------------------------------------------------------------------------
    def start_attract(self) -> None:
        self.reset()
        self.attract = True
        self._language = self.config.default_language
        self._calm = self.config.calm_mode
        self._pending_start = True

    def start_session(self, language: str) -> None:
        self.reset()
        self.attract = False
        self._language = language
        self._calm = self.config.calm_mode
        self._pending_start = True

    def set_language(self, language: str) -> None:
        self._language = language
        if self.mode is not None:
            self.mode.set_language(language)

    def set_calm_mode(self, on: bool) -> None:
        """Calm mode for this run. Called right after ``start_session``, before the scene is
        built; later, it restarts the run in calm mode (the vignette, the flash limits and
        the travel speed are fixed when the scene is built)."""
        if on == self._calm:
            return
        self._calm = on
        if self.scene is not None:
            attract = self.attract
            self.reset()
            self.attract = attract
            self._pending_start = True

    def reset(self) -> None:
        torn_down = self.mode is not None or self.scene is not None
        if self.mode is not None:
            self.mode.cleanup()
            self.mode = None
        if self.scene is not None:
            sim = self.scene.sim
            # a nerve still being built: keep it for the next run instead of building another
            # (a touch or an idle reset during loading used to start a new build each time,
            # and the old ones kept running: threads piled up on a busy machine)
            keep = not self.scene.built and self._spare is None and sim.error is None
            self.scene.cleanup(stop_sim=not keep)
            if keep:
                self._spare = sim
            self.scene = None
        self._pending_start = False
        if torn_down:
            # the task manager lets go of the run's removed tasks (which hold its session)
            # only in the next frame: collect at the update after it
            self._collect_in_updates = COLLECT_AFTER_UPDATES

    @property
    def loading(self) -> bool:
        """A run is starting or its nerve is still being built."""
        return self._pending_start or (self.scene is not None and self.mode is None)

    def apply_config(self, config: KioskConfig) -> None:
        """Operator panel changes, used from the next run on."""
        profile_changed = config.science_profile != self.config.science_profile
        self.config = config
        self._story_config = story_for(config, speed_factor=self._speed_factor)
        if profile_changed and self._spare is not None:
            self._spare.stop()
            self._spare = None

    def update(self, dt_s: float) -> None:
        if self._collect_in_updates:
            self._collect_in_updates -= 1
            if not self._collect_in_updates:
                collect_run_garbage()
        if self._pending_start:
            self._pending_start = False
            self._start_run()
        if self.scene is None:
            return
        if not self.scene.update():
            return
        if self.mode is None:
            self.scene.hide_explore_overlays()
            self._start_story()
            if self._spare is None:  # build the next run's nerve while this one plays
                self._spare = self._new_sim()
        story = self.mode.story
        if self.attract and story.finished:
            self.start_attract()  # the attract loop never ends

    @property
    def narration_running(self) -> bool:
        if self.attract or self.mode is None:
            return False
        story = self.mode.story
        return not story.finished and story.in_beat_s < story.beat.min_play_s

    def progress(self) -> Progress:
        if self.attract or self.mode is None:
            return Progress(None, (), False)
        story = self.mode.story
        stage = furthest_stage(story.first_seen_s)
        chapters: list[str] = []
        if stage is not None:
            for s in ALL_STAGES[: ALL_STAGES.index(stage) + 1]:
                chapters += CHAPTER_AFTER_STAGE.get(s, ())
        if story.finished and RECOVERY_PHASES[-1] not in story.first_seen_s:
            # the story ended (its last beat): the recovery was told even if the last phase
            # was passed between two readings
            chapters += [c for c in CHAPTER_AFTER_STAGE.get(RECOVERY_PHASES[-1], ())]
        enabled = tuple(dict.fromkeys(c for c in chapters if c in self.config.chapters))
        return Progress(stage, enabled, story.finished)

    def cleanup(self) -> None:
        self.reset()
        if self._spare is not None:
            self._spare.stop()
            self._spare = None
        self._collect_in_updates = 0  # no more updates: whoever goes on collects as usual

    # -- runs ------------------------------------------------------------------------------
    def _comfort(self) -> ComfortSettings:
        comfort = self._options.comfort or ComfortSettings()
        return comfort.calm() if self._calm else comfort

    def _new_sim(self):
        return new_simulation(self._options, profile=self.config.science_profile)

    def _start_run(self) -> None:
        sim, self._spare = self._spare, None
        if sim is None or sim.error is not None:
            if sim is not None:
                sim.stop()
            sim = self._new_sim()
        self.scene = NerveScene(
            self._base, sim, self._options, comfort=self._comfort(), mode_keys=True,
            key_hint=self._key_hint(),
        )  # fmt: skip
        self.runs += 1

    def _key_hint(self) -> str:
        try:
            return self._strings.text(self._language, STORY_KEY_HINT_KEY)
        except (KeyError, AttributeError):
            return "SPACE hold: cross the legs   G move gently   S shake"

    def _start_story(self) -> None:
        from game.render.play_views.story_mode import StoryMode

        self.mode = StoryMode(
            self._base, self.scene.send, self.scene.latest, attract=self.attract,
            strings=self._strings, language=self._language,
            fixed_frame_s=self._options.fixed_frame_s, config=self._story_config,
            captions=self._comfort().captions,
            caption_scale=self._comfort().caption_scale,
        )  # fmt: skip
        if self.attract:
            # the attract card ("Touch to start", the languages) is the message now: the story
            # runs underneath, seen in the nerve itself, without its panels and captions
            # crowding the card
            self.mode.overlay.root.hide()
            self.mode.inset.root.hide()
        log.info("story started (%s, %s)", "attract" if self.attract else "visitor",
                 self._language)  # fmt: skip
