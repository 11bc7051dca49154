"""The one door from the modes (title, story, lessons, kiosk) to the app's nerve scene.

``game.app`` builds the explore experience (views, HUD, captions, vignette, flight, keys) in
``NerveSession``. The modes need the same scene inside *their* loop (the title screen, the
kiosk shell), several times in one window, next to keys of their own; everything they use of
``game.app`` goes through this module, and this module uses only ``NerveSession``'s public
API (``own_exits``, ``skip_keys``, ``key_hint``, ``step_loading()``, ``start()``,
``set_overlays()``, ``cleanup()``). What this adds around it:

- ``NerveScene.update()`` once a frame shows the loading screen until the simulation thread
  is ready, then starts the scene once (a fixed-step recording waits for the nerve);
- Escape and the window's close button stay the caller's (a kiosk's lock-down, a mode's
  "back"): the session is made with ``own_exits=False``;
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
#: How long a fixed-step (recorded) run waits for the nerve to be built.
READY_TIMEOUT_S = 120.0


def open_window(options: RunOptions):
    """The window (or offscreen buffer) as ``game.app.run`` opens it: (base, prc page)."""
    from game import app

    return app.open_window(options, options.comfort or ComfortSettings())


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
        self.session = app.NerveSession(
            base, sim, self.options, self.options.comfort, own_exits=False,
            skip_keys=OWNED_BY_MODE if mode_keys else (), key_hint=key_hint,
        )  # fmt: skip

    @property
    def built(self) -> bool:
        return self.session.started

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
        """Hide the explore HUD's panels, the explore captions and the looked-at label: the
        story and the lessons draw their own stage, sensation, fibre classes and captions."""
        self.session.set_overlays(False)

    def switch_view(self, name: str | None = None) -> str:
        return self.session.switch_view(name)

    # -- each frame --------------------------------------------------------------------------
    def update(self) -> bool:
        """Before the frame renders: the loading screen until the nerve is ready, then start
        the scene once. True once built. A failed simulation raises RuntimeError."""
        if self.session.started:
            return True
        if self.options.fixed_frame_s is not None:
            # a fixed-step run is a recording: frames wait for the nerve, as game.app's do
            self.sim.ready.wait(READY_TIMEOUT_S)
        if not self.session.step_loading():
            return False
        self.session.start()
        return True

    def cleanup(self, *, stop_sim: bool = True) -> None:
        """Remove the scene and stop the simulation (``stop_sim=False``: the caller takes it
        back, e.g. a nerve still being built for the next run); Escape and the close button
        are left as they were (a kiosk's lock-down kept)."""
        try:
            self.session.cleanup()
        finally:
            if stop_sim:
                self.sim.stop()
