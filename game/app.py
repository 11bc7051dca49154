"""Wires the experience together: options -> window, simulation thread, scene, flight.

Thin on purpose: each piece lives in its own module (``game.render.*`` draws,
``game.play.sim_thread`` runs ``game.sim``). ``run`` shows a loading screen while the
simulation's kernels compile, then flies along a fibre whose distal node is paced, so action
potentials travel up the fibre from node 0, and returns 0 when done.
"""

import time

from game.errors import UsageError
from game.options import RunOptions
from game.render.display import DisplaySettings, open_showbase, unload_prc
from game.render.frame_capture import FrameCapture

#: An A-beta (touch) fibre: 10 µm, 30 nodes of Ranvier (about 3 cm of nerve).
FIBER_DIAMETER_UM = 10.0
N_NODES = 30
#: The distal node fires every this many electrical ms: a wave every 7.5 s of play at the
#: default 0.2 ms/s (the fibre follows 1.5 ms intervals: every node fires every time).
PACEMAKER_PERIOD_MS = 1.5
#: Frame pace while the loading screen waits for the compiler, leaving it the CPU.
LOADING_FRAME_S = 1.0 / 30.0


def run(options: RunOptions) -> int:
    """Run the experience as ``options`` say; returns the exit code (0)."""
    if options.offscreen and options.frames is None:
        raise UsageError("--offscreen needs --frames N (how many frames to render)")
    capture = FrameCapture(screenshot=options.screenshot, record_dir=options.record_dir)
    capture.check_paths()  # before the window: a typo should cost no start-up time
    # Imported here, not at the top: the CLI imports this module before it knows whether
    # it will run at all, and importing game.sim loads numba.
    from game.play.sim_thread import SimulationThread
    from game.sim.commands import SetPacemaker
    from game.sim.fiber import MyelinatedFiber
    from game.sim.warm_up import compile_kernels

    settings = DisplaySettings(
        offscreen=options.offscreen,
        width_px=options.width_px,
        height_px=options.height_px,
        fullscreen=options.fullscreen,
    )
    base, prc_page = open_showbase(settings)
    sim = None
    session = None
    try:
        fiber = MyelinatedFiber(diameter_um=FIBER_DIAMETER_UM, n_nodes=N_NODES)
        sim = SimulationThread(
            fiber,
            electrical_ms_per_s=options.electrical_ms_per_s,
            warm_up=compile_kernels,
            # A fixed-step recording waits for every step instead of dropping a backlog.
            max_lag_s=None if options.fixed_frame_s is not None else 0.25,
        )
        session = FlightSession(base, fiber, sim, options)
        sim.start()
        sim.send(SetPacemaker(node=0, period_ms=PACEMAKER_PERIOD_MS))
        session.run(capture)
    finally:
        if sim is not None:
            sim.stop()
        if session is not None:
            session.cleanup()
        base.destroy()
        unload_prc(prc_page)
    return 0


class FlightSession:
    """The scene, loading screen, captions and flight of one run; ``cleanup()`` removes all."""

    def __init__(self, base, fiber, sim, options: RunOptions) -> None:
        from game.render.camera_rail import CameraRail, configure_lens
        from game.render.fiber_scene import FiberScene
        from game.render.flight import Flight
        from game.render.hud import FlightHud
        from game.render.loading_screen import LoadingScreen

        self.base = base
        self.sim = sim
        self.frames = options.frames
        self.quit_requested = False
        self.scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=base.render)
        base.set_background_color(*self.scene.look.fog_colour, 1.0)
        configure_lens(base.cam.node().get_lens(), far_um=self.scene.look.far_um)
        self.rail = CameraRail(self.scene.layout)
        self.rail.place(base.camera, 0.0)
        self.loading = LoadingScreen(base.aspect2d)
        self.hud = FlightHud(
            base.aspect2d,
            fiber_diameter_um=fiber.geometry.fiber_diameter_um,
            axial_compression=self.scene.layout.axial_compression,
            electrical_ms_per_s=options.electrical_ms_per_s,
        )
        self.hud.root.hide()
        fixed = options.fixed_frame_s
        # free flight: the visitor flies the camera instead of the rail; the flight update
        # then asks it only for the brightness (always full)
        self.free_flight = None
        if options.free_flight:
            from game.render.free_flight import FreeFlight
            from game.render.mouse_look import WindowPointer

            base.disable_mouse()
            self.free_flight = FreeFlight(
                self.scene.layout,
                camera=base.camera,
                task_mgr=base.task_mgr,
                clock=base.clock,
                messenger=base.messenger,
                pointer=WindowPointer(base.win),
                fixed_frame_s=fixed,
            )
        self.flight = Flight(
            sim=sim,
            scene=self.scene,
            rail=self.rail if self.free_flight is None else self.free_flight,
            camera=base.camera,
            hud=self.hud,
            task_mgr=base.task_mgr,
            clock=base.clock,
            fixed_frame_s=fixed,
        )
        # Closing the window or Escape ends the run instead of ShowBase's sys.exit().
        base.finalizeExit = self.request_quit
        base.accept("escape", self.request_quit)

    def request_quit(self) -> None:
        self.quit_requested = True

    def run(self, capture: FrameCapture) -> None:
        base, sim = self.base, self.sim
        while not sim.ready.is_set() and not self.quit_requested:
            self.loading.show(sim.progress, sim.progress_label)
            base.task_mgr.step()
            time.sleep(LOADING_FRAME_S)
        if sim.error is not None:
            raise RuntimeError("the simulation failed to start") from sim.error
        self.loading.destroy()
        self.loading = None
        self.hud.root.show()
        self.flight.start()
        if self.free_flight is not None:
            self.free_flight.start()
        frame = 0
        while not self.quit_requested and (self.frames is None or frame < self.frames):
            base.task_mgr.step()
            capture.after_frame(base.win, frame)
            frame += 1
        if not self.quit_requested:
            capture.finish(base.win)

    def cleanup(self) -> None:
        self.flight.stop()
        if self.free_flight is not None:
            self.free_flight.cleanup()
        self.base.ignore("escape")
        if self.loading is not None:
            self.loading.destroy()
        self.hud.destroy()
        self.scene.cleanup()
