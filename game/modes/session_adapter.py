"""The one door from the modes (title, story, lessons, kiosk) to the app's nerve scene.

``game.app`` builds the explore experience (views, HUD, captions, vignette, flight, keys) in
``NerveSession`` and runs its own frame loop. The modes need the same scene inside *their*
loop (the title screen, the kiosk shell), several times in one window, next to keys of their
own; everything they use of ``game.app`` goes through this module, so a change there costs
one file. What this adds around ``NerveSession``:

- it is stepped from outside: ``NerveScene.update()`` once a frame shows the loading screen
  until the simulation thread is ready, then builds the scene once;
- the exits a kiosk's lock-down installed (``base.finalizeExit``, the Escape handler) are put
  back after ``NerveSession`` replaced them and after its cleanup removed them;
- the explore keys that the story's or a lesson's legs own (``OWNED_BY_MODE``) are left
  unbound, so one key never drives the legs two ways;
- ``cleanup()`` removes the scene *and* stops its simulation thread.
"""

from dataclasses import replace

from game.comfort import ComfortSettings
from game.options import RunOptions

#: Explore keys the story and the lessons bind themselves (their legs, gentle movement,
#: shaking): C crosses the legs, G gentle movement, H shakes, SPACE stimulates.
OWNED_BY_MODE = ("c", "g", "h", "space")
#: Events whose handlers on ``base`` a kiosk owns (its lock-down) and that NerveSession
#: replaces or removes.
GUARDED_EVENTS = ("escape",)
#: How long a fixed-step (recorded) run waits for the nerve to be built.
READY_TIMEOUT_S = 120.0


def open_window(options: RunOptions):
    """The window (or offscreen buffer) as ``game.app.run`` opens it: (base, prc page)."""
    from game.render.display import DisplaySettings, open_showbase

    comfort = options.comfort or ComfortSettings()
    display = {
        "offscreen": options.offscreen,
        "width_px": options.width_px,
        "height_px": options.height_px,
        "fullscreen": options.fullscreen,
    }
    if "stereo" in DisplaySettings.__dataclass_fields__:
        display["stereo"] = comfort.stereo
    return open_showbase(DisplaySettings(**display))


def close_window(base, page) -> None:
    from game.render.display import unload_prc

    base.destroy()
    unload_prc(page)


def new_simulation(options: RunOptions, *, profile: str = "article"):
    """A started nerve simulation thread as the app makes it (``profile``: the science
    profile, ``article`` or ``evidence``); it builds its nerve on its own thread."""
    from game import app
    from game.play.nerve_thread import NerveSimulationThread
    from game.sim.nerve import Nerve
    from game.sim.warm_up import compile_kernels

    rate = options.electrical_ms_per_s
    sim = NerveSimulationThread(
        lambda: Nerve(electrical_ms_per_s=rate, profile=profile),
        warm_up=compile_kernels,
        max_lag_s=None if options.fixed_frame_s is not None else 0.25,
        shown_class=getattr(app, "SHOWN_CLASS", "A-beta"),
    )
    sim.start()
    return sim


def _held(base, events):
    """The handlers ``base`` itself has for ``events`` now (to put back later)."""
    held = {}
    me = getattr(base, "_MSGRmessengerId", None)  # how the messenger keys ``base``
    for event in events:
        entry = (base.messenger.whoAccepts(event) or {}).get(me)
        if entry is not None:
            held[event] = (entry[0], list(entry[1] or []))
    return held, base.finalizeExit


def _put_back(base, saved) -> None:
    held, finalize = saved
    base.finalizeExit = finalize
    for event, (method, extra) in held.items():
        base.accept(event, method, extra)


class NerveScene:
    """The app's scene, HUD, captions and flight on one simulation, stepped from outside.

    ``sim``: a started simulation (``new_simulation``); the scene owns it from now on and
    stops it in ``cleanup()``. ``mode_keys``: leave ``OWNED_BY_MODE`` unbound (story, lessons).
    ``key_hint``: the HUD's key line instead of the explore one.
    """

    def __init__(
        self, base, sim, options: RunOptions, *, comfort: ComfortSettings | None = None,
        mode_keys: bool = False, key_hint: str | None = None,
    ) -> None:  # fmt: skip
        from game import app

        self.base = base
        self.sim = sim
        self.options = replace(options, comfort=comfort or options.comfort or ComfortSettings())
        self.mode_keys = mode_keys
        self.key_hint = key_hint
        self.built = False
        self._stash = None  # hidden parent of the explore overlays a mode replaces
        self._saved = _held(base, GUARDED_EVENTS)
        self.session = app.NerveSession(base, sim, self.options, self.options.comfort)
        _put_back(base, self._saved)

    # -- what the modes read -----------------------------------------------------------------
    def send(self, command) -> None:
        self.sim.send(command)

    def latest(self):
        return self.sim.latest()

    @property
    def hud(self):
        return self.session.hud

    @property
    def driver(self):
        return self.session.driver

    @property
    def captions(self):
        return self.session.captions

    @property
    def crossed_pressure_mmHg(self) -> float:
        return self.sim.nerve.profile.pressure_mmHg

    def hide_explore_overlays(self) -> None:
        """Hide the explore HUD's panels and the explore captions: the story and the lessons
        draw their own stage, sensation, fibre classes and captions, and two of each on one
        screen tell nothing. The HUD keeps updating (cheap) so it can come back."""
        hud = self.session.hud
        if hud is not None:
            hud.root.hide()
            for anchor in getattr(hud, "_anchors", ()):
                anchor.hide()
        captions = self.session.captions
        driver = self.session.driver
        if driver is not None and hasattr(driver, "_captions"):
            driver._captions = None  # the explore texts are no longer said
        if captions is not None:
            captions.clear()
            if getattr(captions, "root", None) is not None:
                captions.root.hide()
        # the nerve world's looked-at label: the story's panels take its place on screen
        world = self.session.world
        labels = getattr(world, "labels", None)
        if labels is not None and labels.node is not None:
            self._stash = self.base.aspect2d.attach_new_node("hidden-explore-labels")
            self._stash.hide()
            labels.node.reparent_to(self._stash)

    def switch_view(self, name: str | None = None) -> str:
        return self.session.switch_view(name)

    # -- each frame --------------------------------------------------------------------------
    def update(self) -> bool:
        """Before the frame renders: the loading screen until the nerve is ready, then build
        the scene once. True once built. A failed simulation raises RuntimeError."""
        if self.built:
            return True
        sim = self.sim
        if sim.error is not None:
            raise RuntimeError("the simulation failed to start") from sim.error
        if self.options.fixed_frame_s is not None:
            # a fixed-step run is a recording: frames wait for the nerve, as game.app's do
            sim.ready.wait(READY_TIMEOUT_S)
            if sim.error is not None:
                raise RuntimeError("the simulation failed to start") from sim.error
        if not sim.ready.is_set():
            if self.session.loading is not None:
                self.session.loading.show(sim.progress, sim.progress_label)
            return False
        self._build()
        return True

    def _build(self) -> None:
        s, base = self.session, self.base
        if s.loading is not None:
            s.loading.destroy()
            s.loading = None
        s._build()
        if self.mode_keys and s.keys is not None:
            from game.render.hud_keys import ExploreControls

            s.keys.cleanup()
            s.keys = ExploreControls(
                base, send=self.sim.send, latest=self.sim.latest, hud=s.hud,
                crossed_pressure_mmHg=self.crossed_pressure_mmHg, skip=OWNED_BY_MODE,
            )  # fmt: skip
        if self.key_hint is not None and s.hud is not None:
            s.hud.keys.set(self.key_hint)
        s.driver.start()
        base.task_mgr.add(s._touch, "nerve-touch", sort=48)
        base.task_mgr.add(s._hooks, "explore-hooks", sort=47)
        _put_back(base, self._saved)
        self.built = True

    def cleanup(self) -> None:
        """Remove the scene and stop the simulation; the window is as before (lock-down kept)."""
        try:
            self.session.cleanup()
        finally:
            if self._stash is not None:
                self._stash.remove_node()
                self._stash = None
            self.sim.stop()
            _put_back(self.base, self._saved)
