"""Wires the experience together: options -> window, nerve simulation thread, views, HUD, keys.

Thin on purpose: each piece lives in its own module (``game.render.*`` draws,
``game.play.nerve_thread`` runs the compressed nerve of ``game.sim.nerve``). ``run`` shows a
loading screen while the kernels compile and the nerve is built, then shows the explore
experience (``game.render.explore_view``): by default "the nerve", the fibres, vessels, ions
and pumps inside the nerve seen from the guided rail (or in free flight, bounded by the
epineurium); V switches to "inside one fibre", the tunnel of the A-beta (touch) fibre, and
back. Both views read the same snapshot; a touch at the distal end every few seconds sends a
signal up the fibres; the HUD shows the whole nerve, captions say what is on screen, the
explore keys (``game.render.hud_keys``) cross the legs, pause, change the clocks. Returns 0
when done.

``NerveSession`` is also the scene the other modes (title, story, lessons, kiosk) show inside
their own frame loop, through ``game.modes.session_adapter``; what they may use is its public
API: ``own_exits``, ``skip_keys`` and ``key_hint`` at construction, ``step_loading()`` each frame
until it says the nerve is ready, ``start()`` once, ``set_overlays()`` and ``cleanup()``.
"""

import time
from types import SimpleNamespace

from game.comfort import ComfortSettings
from game.errors import UsageError
from game.options import RunOptions
from game.render.display import DisplaySettings, open_showbase, unload_prc
from game.render.frame_capture import FrameCapture

#: The fibre the tunnel shows (touch): the nerve's A-beta probe fibre.
SHOWN_CLASS = "A-beta"
#: A touch at the distal end of the shown fibre every this many seconds of play, so a signal
#: crosses the screen every few seconds (at the default slow motion one takes about 3 s).
TOUCH_EVERY_PLAY_S = 6.0
#: Frame pace while the loading screen waits for the compiler, leaving it the CPU.
LOADING_FRAME_S = 1.0 / 30.0
#: The key that switches between the nerve (outside) and inside one fibre (tunnel).
SWITCH_VIEW_KEY = "v"
#: The HUD's key line, with the view switch added.
VIEW_KEY_HINT = "   V inside/outside"
#: The caption box's bottom edge (aspect2d): just above the HUD's oscilloscope and gauges
#: (their panels reach 0.56 above the bottom edge), so that neither hides the other.
CAPTION_BOTTOM = -0.42
#: The views, and the one a run starts in unless ``options.view`` says otherwise.
VIEWS = ("world", "tunnel")
FIRST_VIEW = "world"


def run(options: RunOptions, *, frame_hooks=()) -> int:
    """Run the experience as ``options`` say; returns the exit code (0).

    ``frame_hooks``: ``hook(session, frame)`` callables run every frame (``NerveSession``).
    """
    if options.offscreen and options.frames is None:
        raise UsageError("--offscreen needs --frames N (how many frames to render)")
    capture = FrameCapture(screenshot=options.screenshot, record_dir=options.record_dir)
    capture.check_paths()  # before the window: a typo should cost no start-up time
    # Imported here, not at the top: the CLI imports this module before it knows whether
    # it will run at all, and importing game.sim loads numba.
    from game.play.nerve_thread import NerveSimulationThread
    from game.sim.nerve import Nerve
    from game.sim.warm_up import compile_kernels

    comfort = getattr(options, "comfort", None) or ComfortSettings()
    base, prc_page = open_window(options, comfort)
    sim = None
    session = None
    try:
        rate = options.electrical_ms_per_s
        sim = NerveSimulationThread(
            lambda: Nerve(electrical_ms_per_s=rate),
            warm_up=compile_kernels,
            # A fixed-step recording waits for every step instead of dropping a backlog.
            max_lag_s=None if options.fixed_frame_s is not None else 0.25,
            shown_class=SHOWN_CLASS,
        )
        session = NerveSession(base, sim, options, comfort)
        session.frame_hooks.extend(frame_hooks)
        sim.start()
        session.run(capture)
    finally:
        if sim is not None:
            sim.stop()
        if session is not None:
            session.cleanup()
        base.destroy()
        unload_prc(prc_page)
    return 0


def open_window(options: RunOptions, comfort: ComfortSettings):
    """The window (or offscreen buffer) ``options`` ask for, stereo as ``comfort`` says:
    (ShowBase, its PRC page for ``unload_prc``)."""
    display = {
        "offscreen": options.offscreen,
        "width_px": options.width_px,
        "height_px": options.height_px,
        "fullscreen": options.fullscreen,
    }
    if "stereo" in DisplaySettings.__dataclass_fields__:
        display["stereo"] = comfort.stereo
    return open_showbase(DisplaySettings(**display))


class NerveSession:
    """Loading screen, then views, HUD, flight and keys of one run; ``cleanup()`` removes all.

    ``frame_hooks``: callables ``hook(session, frame)`` run every frame after the build, before
    the views update (tests and recordings script key presses and commands with them).

    Driven from another frame loop (the modes): ``step_loading()`` once a frame shows the
    loading screen and returns True once the nerve is ready; ``start()`` then builds the scene
    and starts it (once). ``own_exits=False`` leaves Escape and the window's close button to
    the caller (a kiosk's lock-down, a mode's "back"); ``skip_keys`` are explore keys left
    unbound because the caller binds them itself (a story's legs); ``key_hint`` replaces the
    HUD's key line; ``set_overlays(False)`` hides the HUD, the explore captions and the
    looked-at label for a mode that draws its own.
    """

    def __init__(
        self, base, sim, options: RunOptions, comfort: ComfortSettings, *,
        own_exits: bool = True, skip_keys: tuple[str, ...] = (), key_hint: str | None = None,
    ) -> None:  # fmt: skip
        from game.render.loading_screen import LoadingScreen

        self.base = base
        self.sim = sim
        self.options = options
        self.comfort = comfort
        self.frames = options.frames
        self.first_view = getattr(options, "view", None) or FIRST_VIEW
        if self.first_view not in VIEWS:
            raise UsageError(f"view: expected one of {', '.join(VIEWS)}, got {self.first_view!r}")
        self.own_exits = own_exits
        self.skip_keys = tuple(skip_keys)
        self.key_hint = key_hint
        self.quit_requested = False
        self.started = False
        #: Whether the HUD, the explore captions and the looked-at label are shown.
        self.overlays = True
        self.views: dict = {}
        self.hud = None
        self.driver = None
        self.keys = None
        self.vignette = None
        self.captions = None
        self.frame_hooks: list = []
        self._hook_frame = 0
        self._next_touch_s = 0.0
        # Parents of everything set_overlays() hides: one under aspect2d, one per corner.
        self._overlay_nodes: list = []
        self._label_home = None  # where the looked-at label lives while overlays are shown
        self._label_stash = None
        self.loading = LoadingScreen(base.aspect2d)
        if own_exits:
            # Closing the window or Escape ends the run instead of ShowBase's sys.exit().
            base.finalizeExit = self.request_quit
            base.accept("escape", self.request_quit)

    def request_quit(self) -> None:
        self.quit_requested = True

    @property
    def flight(self):
        """The per-frame driver (``play_s``, ``snapshot``, ``frame_index``)."""
        return self.driver

    @property
    def scene(self):
        """The tunnel's FiberScene."""
        return self.views["tunnel"].scene if "tunnel" in self.views else None

    @property
    def world(self):
        """The nerve world (``NerveWorld``)."""
        return self.views["world"].world if "world" in self.views else None

    def _build(self) -> None:
        """Both views, the HUD, captions, vignette and keys, once the nerve exists."""
        from game.render.captions import Captions
        from game.render.explore_view import ExploreDriver, TunnelView, WorldView
        from game.render.hud import KEYS_HINT, NerveHud
        from game.render.hud_keys import ExploreControls
        from game.render.vignette import Vignette

        base, options, comfort = self.base, self.options, self.comfort
        nerve = self.sim.nerve
        fiber = nerve.fibres[SHOWN_CLASS].fiber
        fixed = options.fixed_frame_s
        pointer = None
        skip: tuple[str, ...] = self.skip_keys
        if options.free_flight:
            from game.render.mouse_look import WindowPointer

            pointer = WindowPointer(base.win)
            skip += ("tab",)  # free flight frees the pointer with Tab; N picks the node
        overlay = self._overlay_anchors()
        # only its shape (classes, sites per class) is kept: the snapshot is borrowed
        snapshot = self.sim.latest()
        self.views["world"] = WorldView(
            base, snapshot, comfort, free_flight=options.free_flight, fixed_frame_s=fixed,
            pointer=pointer,
        )  # fmt: skip
        tunnel = self.views["tunnel"] = TunnelView(
            base, fiber, comfort, free_flight=options.free_flight, fixed_frame_s=fixed,
            pointer=pointer,
        )  # fmt: skip
        self.hud = NerveHud(
            overlay,
            shown_class=SHOWN_CLASS,
            n_sites=fiber.n_sites,
            fiber_diameter_um=fiber.geometry.fiber_diameter_um,
            axial_compression=tunnel.scene.layout.axial_compression,
            on_pick=tunnel.scene.mark_node,
        )
        self.hud.keys.set(self.key_hint if self.key_hint is not None else KEYS_HINT + VIEW_KEY_HINT)
        # Comfort: a vignette that deepens with fast motion (calm: always on), captions.
        self.vignette = Vignette(base.render2d, comfort)
        self.vignette.start(base.task_mgr, base.camera, clock=base.clock, fixed_frame_s=fixed)
        self.captions = Captions(overlay.aspect2d, comfort, bottom=CAPTION_BOTTOM)
        self.captions.follow_window(base)
        self.captions.start(base.task_mgr, clock=base.clock, fixed_frame_s=fixed)
        self.driver = ExploreDriver(
            sim=self.sim, views=self.views, hud=self.hud, captions=_GatedCaptions(self),
            task_mgr=base.task_mgr, clock=base.clock, fixed_frame_s=fixed,
            first=self.first_view,
        )  # fmt: skip
        self.keys = ExploreControls(
            base,
            send=self.sim.send,
            latest=self.sim.latest,
            hud=self.hud,
            crossed_pressure_mmHg=nerve.profile.pressure_mmHg,
            skip=skip,
        )
        for prefix in ("", "shift-"):
            base.accept(prefix + SWITCH_VIEW_KEY, self.switch_view)
        base.accept("window-event", self._on_window_event)
        labels = getattr(self.world, "labels", None)
        if labels is not None and labels.node is not None:
            self._label_home = labels.node.get_parent()
            self._label_stash = base.aspect2d.attach_new_node("explore-label-hidden")
            self._label_stash.hide()
            self._overlay_nodes.append(self._label_stash)

    def _overlay_anchors(self) -> SimpleNamespace:
        """ShowBase's 2D anchors, each with a child of ours in between, for the HUD and the
        captions: hiding those children hides them without touching what else hangs there."""
        base = self.base
        names = ("aspect2d", "a2dTopLeft", "a2dTopRight", "a2dBottomLeft", "a2dBottomRight",
                 "a2dTopCenter", "a2dBottomCenter")  # fmt: skip
        nodes = {n: getattr(base, n).attach_new_node(f"explore-overlay-{n}") for n in names}
        self._overlay_nodes.extend(nodes.values())
        return SimpleNamespace(**nodes)

    def set_overlays(self, visible: bool) -> None:
        """Show or hide the HUD's panels, the explore captions (hidden, they are not said
        either) and the nerve world's looked-at label: the story and the lessons draw their
        own stage, sensation, fibre classes and captions, and two of each on one screen tell
        nothing. The HUD keeps updating (cheap), so it can come back."""
        self.overlays = bool(visible)
        for node in self._overlay_nodes:
            if node is not self._label_stash:
                node.show() if visible else node.hide()
        if not visible and self.captions is not None:
            self.captions.clear()
        labels = getattr(self.world, "labels", None)
        if labels is not None and labels.node is not None and self._label_stash is not None:
            labels.node.reparent_to(self._label_home if visible else self._label_stash)

    def step_loading(self) -> bool:
        """One frame of waiting: True once the nerve is ready (then call ``start()``); until
        then the loading screen shows the build's progress. RuntimeError if it failed."""
        sim = self.sim
        if sim.error is not None:
            raise RuntimeError("the simulation failed to start") from sim.error
        if sim.ready.is_set():
            return True
        if self.loading is not None:
            self.loading.show(sim.progress, sim.progress_label)
        return False

    def start(self) -> None:
        """Replace the loading screen by the scene and start it (after ``step_loading()`` said
        the nerve is ready); a second call does nothing."""
        if self.started:
            return
        if self.loading is not None:
            self.loading.destroy()
            self.loading = None
        self._build()
        self.driver.start()
        # before the driver's update (sort 49), at the play time of the frame before
        self.base.task_mgr.add(self._touch, "nerve-touch", sort=48)
        self.base.task_mgr.add(self._hooks, "explore-hooks", sort=47)
        self.started = True

    def switch_view(self, name: str | None = None) -> str:
        """Show the other view (or ``name``); returns the view now shown."""
        return self.driver.switch(name)

    def _on_window_event(self, window) -> None:
        # ShowBase's own handler keeps the lens's aspect ratio; the ions' point sizes follow.
        self.base.windowEvent(window)
        if self.driver is not None:
            self.driver.view.update_lens()

    def _touch(self, task):
        """A touch at the distal end of the shown fibre every TOUCH_EVERY_PLAY_S of play."""
        from direct.task.Task import Task

        from game.sim.commands import StimulateClass

        if self.driver.play_s >= self._next_touch_s:
            self.sim.send(StimulateClass(SHOWN_CLASS))
            self._next_touch_s = self.driver.play_s + TOUCH_EVERY_PLAY_S
        return Task.cont

    def _hooks(self, task):
        from direct.task.Task import Task

        for hook in list(self.frame_hooks):
            hook(self, self._hook_frame)
        self._hook_frame += 1
        return Task.cont

    def run(self, capture: FrameCapture) -> None:
        base = self.base
        while not self.quit_requested and not self.step_loading():
            base.task_mgr.step()
            time.sleep(LOADING_FRAME_S)
        if self.quit_requested:
            return
        self.start()
        frame = 0
        while not self.quit_requested and (self.frames is None or frame < self.frames):
            base.task_mgr.step()
            capture.after_frame(base.win, frame)
            frame += 1
        if not self.quit_requested:
            capture.finish(base.win)

    def cleanup(self) -> None:
        base = self.base
        base.task_mgr.remove("nerve-touch")
        base.task_mgr.remove("explore-hooks")
        if self.driver is not None:
            self.driver.stop()
        if self.keys is not None:
            self.keys.cleanup()
        for prefix in ("", "shift-"):
            base.ignore(prefix + SWITCH_VIEW_KEY)
        if self.own_exits:
            base.ignore("escape")
        if self.driver is not None:  # ShowBase's own window handler again
            base.accept("window-event", base.windowEvent)
        if self.loading is not None:
            self.loading.destroy()
        if self.hud is not None:
            self.hud.destroy()
        if self.vignette is not None:
            self.vignette.destroy()
        if self.captions is not None:
            self.captions.destroy()
        for view in self.views.values():
            view.cleanup()
        self.views.clear()
        for node in self._overlay_nodes:
            node.remove_node()
        self._overlay_nodes.clear()
        self._label_stash = self._label_home = None
        # the driver's captions hold this session: let go of the driver so that reference
        # counting frees the run (its nerve, ~28 MB) without waiting for the cyclic collector
        self.driver = None


class _GatedCaptions:
    """The explore captions as the driver says them: silent while the overlays are hidden."""

    def __init__(self, session: NerveSession) -> None:
        self._session = session

    def say(self, text: str, duration_s: float | None = None, *, interrupt: bool = False):
        session = self._session
        if session.overlays and session.captions is not None:
            session.captions.say(text, duration_s, interrupt=interrupt)
