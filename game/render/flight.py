"""The flight's per-frame update: one task at sort 49, just before Panda3D draws (sort 50).

Each frame it moves the play clock that paces the simulation thread, takes the newest
snapshot, uploads its node potentials to the voltage texture (a ``FiberSnapshot``'s nodes,
or the ``shown_class`` of a ``NerveSnapshot``), moves the camera along its rail and hands
the snapshot to the HUD (``hud.show(snapshot)``). With a fixed frame step (offscreen
recordings) it first waits for the simulation to reach the frame's time, so every run gives
the same frames.
"""

from direct.task.Task import Task, TaskManager
from panda3d.core import ClockObject, NodePath

from game.render.camera_rail import CameraRail
from game.render.fiber_scene import FiberScene
from game.render.hud import FlightHud

TASK_NAME = "flight-update"
#: Before the "igLoop" draw task (sort 50), after input (-50), intervals (20), collisions (30).
TASK_SORT = 49
#: Longest wait for the simulation in a fixed-step frame before reporting it stuck.
CATCH_UP_TIMEOUT_S = 30.0


class SimulationStalled(RuntimeError):
    """The simulation thread stopped or could not keep up with a fixed-step frame."""


def pace_simulation(sim, play_s: float, fixed_frame_s: float | None) -> None:
    """Move ``sim``'s play clock to ``play_s``; with a fixed frame step, wait until the
    simulation gets there (every run then gives the same frames). SimulationStalled if it
    failed, or did not get there within CATCH_UP_TIMEOUT_S."""
    sim.set_play_time(play_s)
    if fixed_frame_s is not None and not sim.wait_caught_up(CATCH_UP_TIMEOUT_S):
        raise SimulationStalled(f"the simulation did not reach play time {play_s:.3f} s") from (
            sim.error
        )
    if sim.error is not None:
        raise SimulationStalled("the simulation thread failed") from sim.error


class Flight:
    """Drives scene, camera and captions from the simulation; ``start()`` adds the task."""

    def __init__(
        self,
        *,
        sim,
        scene: FiberScene,
        rail: CameraRail,
        camera: NodePath,
        hud: FlightHud | None,
        task_mgr: TaskManager,
        clock: ClockObject,
        fixed_frame_s: float | None = None,
        shown_class: str | None = None,
    ) -> None:
        self._shown_class = shown_class
        self._sim = sim
        self._scene = scene
        self._rail = rail
        self._camera = camera
        self._hud = hud
        self._task_mgr = task_mgr
        self._clock = clock
        self._fixed_frame_s = fixed_frame_s
        self._start_s = 0.0
        self.frame_index = 0
        self.play_s = 0.0
        #: The snapshot shown by the last update: borrowed from ``sim.latest()``, so valid
        #: only until the next ``latest()`` call by anyone (``game.sim.triple_buffer``).
        self.snapshot = None

    def start(self) -> None:
        self._start_s = self._clock.get_frame_time()
        self.frame_index = 0
        self._task_mgr.add(self._update, TASK_NAME, sort=TASK_SORT)

    def stop(self) -> None:
        self._task_mgr.remove(TASK_NAME)

    def _update(self, task) -> int:
        if self._fixed_frame_s is not None:
            self.play_s = self.frame_index * self._fixed_frame_s
        else:
            self.play_s = self._clock.get_frame_time() - self._start_s
        pace_simulation(self._sim, self.play_s, self._fixed_frame_s)
        snapshot = self.snapshot = self._sim.latest()
        if self._shown_class is None:
            self._scene.show_potentials(snapshot.v_node_mV)
        else:
            self._scene.show_potentials(snapshot.by_name(self._shown_class).v_mV)
        self._scene.set_brightness(self._rail.place(self._camera, self.play_s))
        if self._hud is not None:
            self._hud.show(snapshot)
        self.frame_index += 1
        return Task.cont
