"""The explore experience's two views of one running nerve, and the frame update that drives
whichever is shown.

- ``WorldView``, "the nerve" (the default): the outside of the fibres inside the nerve
  (``game.render.nerve_world``: sheaths, fascicles, fibres whose nodes glow with the
  simulated potentials, blood flowing at the simulated perfusion, the compressed segment
  narrowing), with Na+ and K+ ions and pumps (``game.render.ions``) at the nodes the visitor
  passes. The guided rail (``FibreRail``) flies beside the A-beta (touch) fibre nearest the
  nerve's axis, the fibre a touch sends its signal up, so its nodes light up one after
  another close by; the ions sit at that fibre's nodes and at the nodes nearest the axis.
  Spread over all ~1,700 drawn nodes they would be a few dozen per node and invisible;
  gathered where the visitor passes they are hundreds per node (the ions engineer's advice).
- ``TunnelView``, "inside one fibre": the A-beta fibre's tunnel (``game.render.fiber_scene``)
  with its rings lighting up as the signal jumps.

The ions fill the space around each of those nodes (off the myelin, into the fluid between
the fibres) and step on their own thread beside the draw (``IonsView(background=True)``);
the rail, ions and pumps follow the compressed segment's narrowing. ``FrameCosts`` records
the main thread's CPU of each part of a frame for ``pins-and-needles bench``.

Both read the same ``NerveSnapshot`` and ration their flashes with a ``FlashLimiter`` per
node (``comfort.max_flashes_per_s``; calm mode: fewer, softer). Each flies its own guided
rail, or a ``FreeFlight`` bounded by its own world (the nerve's epineurium, the fibre's
wall). ``ExploreDriver`` is the one per-frame task (sort 49, like ``game.render.flight``):
it paces the simulation thread's play clock, takes the newest snapshot, hands it to the HUD
and the shown view, and says the captions of ``levels/explore/captions.toml`` on entering a
view and when ``snapshot.stage`` changes. ``switch()`` (the V key) changes view; the hidden
view is stashed and costs nothing.
"""

import math
import time
from collections import deque

import numpy as np
from direct.task.Task import Task

from game.comfort import ComfortSettings
from game.render.explore_captions import ExploreCaptions, load_explore_captions
from game.render.flight import pace_simulation  # its SimulationStalled and catch-up wait

TASK_NAME = "explore-update"
#: Before the draw task (50); after free flight (48) and the app's touch task (48).
TASK_SORT = 49
#: The nodes that carry ions (the guide fibre's, then the myelinated nodes nearest the
#: nerve's axis), and the particles of each species shared among them.
ION_NODES = 48
IONS_PER_SPECIES = 16_000
#: The ions outside a node fill the space around it: out to this many node radii from the
#: fibre's axis (past the myelin, at 2, into the endoneurial fluid between the fibres) and
#: this many times the inside cloud's half-length along it; they keep off the myelin.
ION_OUTER_RADII = 3.2
ION_OUTER_LENGTH = 1.8
#: An ion's drawn diameter, as a fraction of its node's radius: bigger than the ions demo's
#: 0.15 because the world is seen from further away.
ION_DIAMETER_FRACTION = 0.28
#: Guided rail speed through the nerve world at travel_speed_scale 1 (drawn units per s).
WORLD_RAIL_DU_PER_S = 12.0
#: Free flight in the world counts its speeds in this length (drawn units), a few node
#: radii, so cruising is about as fast as the rail.
WORLD_FLIGHT_UNIT_DU = 24.0
#: Free flight keeps this far from the epineurium (drawn units).
WORLD_CLEARANCE_DU = 3.0
#: Stereo in the world (drawn units): eye separation and where the two images coincide.
WORLD_INTEROCULAR_DU = 0.6
WORLD_CONVERGENCE_DU = 30.0
#: Guided rail speed inside the fibre at travel_speed_scale 1, drawn um per s.
TUNNEL_RAIL_UM_PER_S = 7.0
#: The fibre the tunnel shows (touch).
SHOWN_CLASS = "A-beta"
#: Seconds of play before the caption of a stage seen again is said again.
STAGE_REPEAT_S = 30.0
#: Frames of timing kept for the benchmark.
TIMING_FRAMES = 2000


class FrameCosts:
    """Main-thread CPU (thread time, so a busy machine's waits are not counted) of each
    part of the frame update, newest last: ``start()`` when a frame's update begins, then
    ``mark(part)`` after each part. For the benchmark (``pins-and-needles bench``); off
    (None) unless asked for, since reading the thread's clock costs a little too."""

    def __init__(self, frames: int = TIMING_FRAMES) -> None:
        self.frames = frames
        self.parts: dict[str, deque[float]] = {}
        self._t = 0.0

    def start(self) -> None:
        self._t = time.thread_time()

    def mark(self, part: str) -> None:
        now = time.thread_time()
        seconds = self.parts.get(part)
        if seconds is None:
            seconds = self.parts[part] = deque(maxlen=self.frames)
        seconds.append(now - self._t)
        self._t = now


def free_flight_for(base, comfort: ComfortSettings, *, pointer, fixed_frame_s, **where):
    """A ``FreeFlight`` on ``base``'s camera, clock, tasks and events, with ``comfort``;
    ``where`` (a tunnel's layout, or bounds, start and unit length) says where it may fly."""
    from game.render.free_flight import FreeFlight

    return FreeFlight(
        camera=base.camera, task_mgr=base.task_mgr, clock=base.clock,
        messenger=base.messenger, pointer=pointer, fixed_frame_s=fixed_frame_s, comfort=comfort,
        **where,
    )  # fmt: skip


def nearest_axis_nodes(position_du: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` nodes nearest the nerve's axis (x = z = 0), sorted along it."""
    radial = np.hypot(position_du[:, 0], position_du[:, 2])
    chosen = np.argsort(radial, kind="stable")[: min(n, len(radial))]
    return chosen[np.argsort(position_du[chosen, 1], kind="stable")]


def _subset(node_sites, chosen: np.ndarray):
    """The same NodeSites type holding only the ``chosen`` nodes."""
    return type(node_sites)(
        node_sites.position_du[chosen],
        node_sites.axis[chosen],
        node_sites.radius_du[chosen],
        tuple(node_sites.class_name[i] for i in chosen),
        node_sites.site_index[chosen],
        node_sites.glow_index[chosen],
    )


def guide_fibre(world, class_name: str = SHOWN_CLASS) -> int:
    """Index (in ``world.layout.fibres``) of the myelinated ``class_name`` fibre nearest the
    nerve's axis: the one the guided rail flies beside and whose nodes carry the ions."""
    from game.render.nerve_world.layout import CLASS_NAMES

    best, best_r = -1, float("inf")
    for i, fibre in enumerate(world.layout.fibres):
        if fibre.myelinated and CLASS_NAMES[fibre.class_index] == class_name:
            r = math.hypot(fibre.x_du, fibre.z_du)
            if r < best_r:
                best, best_r = i, r
    if best < 0:
        raise ValueError(f"the nerve world has no myelinated {class_name} fibre")
    return best


class FibreRail:
    """A constant-speed path beside one fibre, on its side toward the nerve's axis, looking
    ahead along it: its nodes (glowing, with their ions and pumps) pass close by, the rest of
    the nerve opens beyond. Loops with a fade to black, as ``NerveRail``."""

    def __init__(self, world, fibre_index: int, *, speed_du_per_s: float = WORLD_RAIL_DU_PER_S,
                 standoff_du: float = 5.0, margin_du: float = 20.0) -> None:  # fmt: skip
        fibre = world.layout.fibres[fibre_index]
        self.fibre_xz = (float(fibre.x_du), float(fibre.z_du))
        r = math.hypot(*self.fibre_xz)
        # Unit vector from the fibre toward the axis, and one across it.
        self.inward = (-self.fibre_xz[0] / r, -self.fibre_xz[1] / r)
        self.across = (-self.inward[1], self.inward[0])
        self.standoff_du = standoff_du + float(fibre.radius_du)
        self.start_y_du = margin_du
        self.end_y_du = world.layout.length_du - margin_du
        self.speed_du_per_s = speed_du_per_s
        # The compressed segment squeezes the fibre toward the axis: the rail follows it
        # (else the fibre would move into the camera).
        self._scale_at = world.radial_scale_at

    @property
    def loop_s(self) -> float:
        return (self.end_y_du - self.start_y_du) / self.speed_du_per_s

    def pose_at(self, play_s: float):
        from game.render.nerve_world.scene import FADE_S, RailPose

        t = play_s % self.loop_s
        y = self.start_y_du + t * self.speed_du_per_s
        # A slow drift toward and away from the fibre and across it, so the view breathes.
        d = self.standoff_du + 1.2 * math.sin(2 * math.pi * play_s / 14.0)
        a = 1.5 * math.sin(2 * math.pi * play_s / 19.0 + 0.7)
        fx, fz = self.fibre_xz
        ix, iz = self.inward
        cx, cz = self.across
        s_eye, s_look = (float(v) for v in self._scale_at(np.array([y, y + 22.0])))
        eye = (s_eye * fx + d * ix + a * cx, y, s_eye * fz + d * iz + a * cz)
        # Ahead along the fibre, a little toward it: its next nodes stay in the picture.
        look = (s_look * fx + 0.3 * d * ix, y + 22.0, s_look * fz + 0.3 * d * iz)
        brightness = max(0.0, min(1.0, t / FADE_S, (self.loop_s - t) / FADE_S))
        return RailPose(eye, look, brightness)

    def place(self, camera, play_s: float) -> float:
        pose = self.pose_at(play_s)
        camera.set_pos(*pose.position_du)
        camera.look_at(*pose.look_at_du)
        return pose.brightness


class WorldView:
    """The nerve from inside its epineurium, with ions and pumps; ``cleanup()`` removes it."""

    name = "world"

    def __init__(self, base, snapshot_shape, comfort: ComfortSettings, *, free_flight: bool,
                 fixed_frame_s: float | None, pointer=None, ion_nodes: int = ION_NODES,
                 ions_per_species: int = IONS_PER_SPECIES) -> None:  # fmt: skip
        from game.render.flash_limiter import FlashLimiter, limit_potentials
        from game.render.ions.particles import IonFieldSettings
        from game.render.ions.sites import sites_from_node_sites
        from game.render.ions.view import IonsView
        from game.render.nerve_world.anatomy import NODE_RADIUS_FRACTION
        from game.render.nerve_world.scene import NerveWorld

        self.base = base
        self.comfort = comfort
        self.world = world = NerveWorld(
            base.render, snapshot_shape, comfort, aspect2d=base.aspect2d
        )
        # The label beside the HUD's left column, not under its top-left block.
        if world.labels.node is not None:
            world.labels.node.reparent_to(base.a2dLeftCenter)
            world.labels.node.set_pos(0.06, 0.0, 0.42)
        self.guide_fibre = guide_fibre(world)
        world.rail = FibreRail(
            world, self.guide_fibre, speed_du_per_s=WORLD_RAIL_DU_PER_S * comfort.travel_speed_scale
        )
        look = world.look
        self.limiter = FlashLimiter(
            world.sites.n_nodes,
            fps=1.0 / fixed_frame_s if fixed_frame_s else 60.0,
            max_flashes_per_s=comfort.max_flashes_per_s,
        )
        limiter = self.limiter
        world.node_filter = lambda v, dt: limit_potentials(
            limiter, v, v_rest_mV=look.v_rest_mV, v_peak_mV=look.v_peak_mV, dt_s=dt
        )
        all_nodes = world.node_sites()
        # The guide fibre's nodes (the rail passes them), then the nodes nearest the axis.
        first = int(world.sites.fibre_first_node[self.guide_fibre])
        mine = np.flatnonzero(
            np.isin(
                all_nodes.glow_index,
                np.arange(first, first + len(world.layout.fibres[self.guide_fibre].node_y_du)),
            )
        )
        taken = set(mine.tolist())
        others = [i for i in nearest_axis_nodes(all_nodes.position_du, ion_nodes) if i not in taken]
        self.ion_node_index = np.concatenate(
            [mine, others[: max(0, ion_nodes - len(mine))]]
        ).astype(np.int64)
        sites = sites_from_node_sites(_subset(all_nodes, self.ion_node_index))
        self._ion_y_du = sites.positions_um[:, 1].copy()
        radius = float(np.median(sites.radii_um))
        self.ions = IonsView(
            sites,
            world.root,
            settings=IonFieldSettings.for_site_radius(
                radius,
                n_per_species=ions_per_species,
                outer_radius_fraction=ION_OUTER_RADII,
                outer_length_fraction=ION_OUTER_LENGTH,
                sheath_radius_fraction=1.0 / NODE_RADIUS_FRACTION,
            ),
            diameter_um=ION_DIAMETER_FRACTION * radius,
            glow_gain=comfort.glow_gain,
            background=True,
        )
        self.free_flight = None
        if free_flight:
            self.free_flight = free_flight_for(
                base, comfort, pointer=pointer, fixed_frame_s=fixed_frame_s,
                bounds=world.bounds(clearance_du=WORLD_CLEARANCE_DU),
                unit_length_um=WORLD_FLIGHT_UNIT_DU,
                start_position_um=world.rail.pose_at(0.0).position_du,
            )  # fmt: skip
        #: Seconds the last frame spent uploading ion particles (for the benchmark).
        self.upload_s = 0.0
        self._time_upload()
        self.world.root.stash()

    def _time_upload(self) -> None:
        cloud = self.ions.cloud
        upload = cloud.upload

        def timed_upload() -> None:
            started = time.perf_counter()
            upload()
            self.upload_s = time.perf_counter() - started

        cloud.upload = timed_upload

    @property
    def root(self):
        return self.world.root

    @property
    def particles(self) -> int:
        return self.ions.field.n_particles

    def enter(self) -> None:
        from game.render.camera_rail import configure_lens

        base, look = self.base, self.world.look
        self.world.root.unstash()
        base.set_background_color(*look.fog_colour, 1.0)
        lens = base.cam.node().get_lens()
        configure_lens(lens, far_um=look.far_du, vertical_fov_deg=self.comfort.fov_deg)
        lens.set_near(0.2)
        if self.comfort.stereo is not None:
            # The world is seen from further than the tunnel's wall: wider-set eyes that
            # converge where the rail looks, so the fibres ahead stand out in depth.
            lens.set_interocular_distance(WORLD_INTEROCULAR_DU)
            lens.set_convergence_distance(WORLD_CONVERGENCE_DU)
        self.update_lens()
        if self.free_flight is not None:
            self.free_flight.start()

    def update_lens(self) -> None:
        """Point sizes for the window's lens (on entering, and when the window changes)."""
        self.ions.update_view(self.base.camLens, self.base.cam.node().get_display_region(0))

    def leave(self) -> None:
        if self.free_flight is not None:
            self.free_flight.stop()
        self.world.root.stash()
        labels = self.world.labels
        if labels.node is not None:
            labels.node.hide()
        labels.current = None

    def show(self, snapshot, play_s: float, dt_s: float, costs: FrameCosts | None = None) -> None:
        world = self.world
        camera = self.base.camera
        if self.free_flight is None:
            world.set_brightness(world.rail.place(camera, play_s))
        world.update(snapshot, dt_s, camera, costs=costs)
        self.ions.update(
            snapshot, 0.0 if snapshot.paused else dt_s, costs=costs,
            site_scale=world.radial_scale_at(self._ion_y_du),
        )  # fmt: skip

    def cleanup(self) -> None:
        if self.free_flight is not None:
            self.free_flight.cleanup()
        self.ions.cleanup()
        self.world.cleanup()


class TunnelView:
    """Inside the shown class's fibre, its rings lit by the potentials; ``cleanup()``."""

    name = "tunnel"

    def __init__(self, base, fiber, comfort: ComfortSettings, *, free_flight: bool,
                 fixed_frame_s: float | None, pointer=None) -> None:  # fmt: skip
        from game.render.camera_rail import CameraRail
        from game.render.fiber_scene import FiberScene
        from game.render.flash_limiter import FlashLimitedScene

        self.base = base
        self.comfort = comfort
        self.scene = FiberScene(fiber.geometry, fiber.node_x_um, parent=base.render)
        self.scene.set_glow_gain(comfort.glow_gain)
        self.limited = FlashLimitedScene(
            self.scene, comfort, clock=base.clock, fixed_frame_s=fixed_frame_s
        )
        self.rail = CameraRail(
            self.scene.layout, speed_um_per_s=TUNNEL_RAIL_UM_PER_S * comfort.travel_speed_scale
        )
        self.free_flight = None
        if free_flight:
            layout = self.scene.layout
            self.free_flight = free_flight_for(
                base, comfort, pointer=pointer, fixed_frame_s=fixed_frame_s, layout=layout
            )
        self.scene.root.stash()

    @property
    def root(self):
        return self.scene.root

    def enter(self) -> None:
        from game.render.camera_rail import configure_lens

        base = self.base
        self.scene.root.unstash()
        base.set_background_color(*self.scene.look.fog_colour, 1.0)
        lens = base.cam.node().get_lens()
        configure_lens(lens, far_um=self.scene.look.far_um, vertical_fov_deg=self.comfort.fov_deg)
        if self.comfort.stereo is not None:
            from game.render.display import STEREO_CONVERGENCE_UM, STEREO_INTEROCULAR_UM

            lens.set_interocular_distance(STEREO_INTEROCULAR_UM)
            lens.set_convergence_distance(STEREO_CONVERGENCE_UM)
        if self.free_flight is not None:
            self.free_flight.start()

    def update_lens(self) -> None:
        pass

    def leave(self) -> None:
        if self.free_flight is not None:
            self.free_flight.stop()
        self.scene.root.stash()

    def show(self, snapshot, play_s: float, dt_s: float) -> None:
        self.limited.show_potentials(snapshot.by_name(SHOWN_CLASS).v_mV)
        rail = self.rail if self.free_flight is None else self.free_flight
        self.scene.set_brightness(rail.place(self.base.camera, play_s))

    def cleanup(self) -> None:
        if self.free_flight is not None:
            self.free_flight.cleanup()
        self.scene.cleanup()


class ExploreDriver:
    """The per-frame update of the explore experience over ``views`` (name -> view)."""

    def __init__(self, *, sim, views: dict, hud, captions, task_mgr, clock,
                 fixed_frame_s: float | None = None, first: str = "world",
                 texts: ExploreCaptions | None = None) -> None:  # fmt: skip
        if first not in views:
            raise ValueError(f"first view: expected one of {', '.join(views)}, got {first!r}")
        self._sim = sim
        self.views = views
        self._hud = hud
        self._captions = captions
        self._task_mgr = task_mgr
        self._clock = clock
        self._fixed_frame_s = fixed_frame_s
        self.texts = texts or load_explore_captions()
        self.current = first
        self.play_s = 0.0
        self.frame_index = 0
        #: The snapshot shown by the last update: borrowed from ``sim.latest()``, so valid
        #: only until the next ``latest()`` call by anyone (the keys and the modes read it
        #: too; ``game.sim.triple_buffer``): copy what must be kept longer.
        self.snapshot = None
        self._start_s = 0.0
        self._last_play_s = 0.0
        self._stage: str | None = None
        self._stage_said_s: dict[str, float] = {}
        #: Main-thread seconds of each frame's update (snapshot to HUD and view), newest last.
        self.update_s: deque[float] = deque(maxlen=TIMING_FRAMES)
        #: Per-part CPU of the update (``FrameCosts``), when the benchmark asks for it.
        self.costs: FrameCosts | None = None

    @property
    def view(self):
        return self.views[self.current]

    def start(self) -> None:
        self._start_s = self._clock.get_frame_time()
        self.frame_index = 0
        self.view.enter()
        self._say(self.texts.entering(self.current), interrupt=True)
        self._task_mgr.add(self._update, TASK_NAME, sort=TASK_SORT)

    def stop(self) -> None:
        self._task_mgr.remove(TASK_NAME)

    def switch(self, name: str | None = None) -> str:
        """Show view ``name`` (None: the other one); returns the view now shown."""
        names = list(self.views)
        if name is None:
            name = names[(names.index(self.current) + 1) % len(names)]
        if name not in self.views:
            raise ValueError(f"view: expected one of {', '.join(names)}, got {name!r}")
        if name != self.current:
            self.view.leave()
            self.current = name
            self.view.enter()
            self._say(self.texts.entering(name), interrupt=True)
            if self._stage is not None and self._stage != "healthy":
                text = self.texts.stage(
                    name, self._stage, injury=getattr(self.snapshot, "injury", None)
                )
                if text:
                    self._say(text)
        return self.current

    def _say_stage(self, stage: str) -> None:
        # A stage that flickers back and forth at a boundary is captioned once a while.
        said = self._stage_said_s.get(stage)
        if said is not None and self.play_s - said < STAGE_REPEAT_S:
            return
        text = self.texts.stage(self.current, stage, injury=getattr(self.snapshot, "injury", None))
        if text:
            self._stage_said_s[stage] = self.play_s
            self._say(text, interrupt=True)

    def _say(self, text: str, *, interrupt: bool = False) -> None:
        if self._captions is not None:
            self._captions.say(text, interrupt=interrupt)

    def _update(self, task) -> int:
        if self._fixed_frame_s is not None:
            self.play_s = self.frame_index * self._fixed_frame_s
        else:
            self.play_s = self._clock.get_frame_time() - self._start_s
        dt_s = max(0.0, self.play_s - self._last_play_s) if self.frame_index else 0.0
        self._last_play_s = self.play_s
        pace_simulation(self._sim, self.play_s, self._fixed_frame_s)
        started = time.perf_counter()
        costs = self.costs
        if costs is not None:
            costs.start()
        snapshot = self.snapshot = self._sim.latest()
        if snapshot is not None:
            if snapshot.stage != self._stage:
                if self._stage is not None:
                    self._say_stage(snapshot.stage)
                self._stage = snapshot.stage
            if costs is not None:
                costs.mark("snapshot, captions")
            if isinstance(self.view, WorldView):
                self.view.show(snapshot, self.play_s, dt_s, costs)
            else:
                self.view.show(snapshot, self.play_s, dt_s)
                if costs is not None:
                    costs.mark("view")
            if self._hud is not None:
                self._hud.show(snapshot, now_s=self.play_s)
                if costs is not None:
                    costs.mark("HUD")
        self.update_s.append(time.perf_counter() - started)
        self.frame_index += 1
        return Task.cont
