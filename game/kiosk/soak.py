"""Soak driver: cycle many visitor sessions through a kiosk shell with a fixed-step clock.

Each session builds and tears down the scene and the cards: touch -> a few rendered frames ->
"Still there?" -> reset (even sessions) or the story's end (odd sessions, by ``finish()``).
Used by tests/kiosk/test_soak.py (a short run, no steady growth) and
benchmarks/kiosk_soak.py (MB per 1,000 sessions).
"""

import os
import time


def rss_mb() -> float:
    """This process's resident set size, MB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def run_sessions(shell, clock, count: int, *, render_frames: int = 3) -> None:
    """Cycle ``count`` sessions through ``shell`` (whose clock is ``clock``, a FixedStepClock)."""
    from game.kiosk.session import ATTRACT, STILL_THERE

    render = shell.base.graphicsEngine.render_frame
    for index in range(count):
        shell.press("mouse1", (0.5, 0.5))
        for _ in range(render_frames):
            clock.tick()
            shell.step()
            render()
        if index % 2:
            shell.session.finish()
        else:
            saw_card = False
            for _ in range(10_000):
                clock.tick()
                shell.step()
                if shell.session.state == STILL_THERE and not saw_card:
                    saw_card = True
                    render()
                if shell.session.state == ATTRACT:
                    break
            if not saw_card:
                raise AssertionError("the session ended without showing 'Still there?'")
        clock.tick()
        shell.step()
        render()


def os_threads() -> int:
    """Threads of this process as the kernel counts them (Python's, numba's, Mesa's, ...)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def leak_counts(base) -> dict[str, int]:
    """What a session that does not tear down fully leaves behind, counted: scene-graph nodes,
    tasks, event handlers, threads (Python and OS), GPU objects the window still holds,
    textures in the pool and Python objects."""
    import gc
    import threading

    from panda3d.core import TexturePool

    gc.collect()
    nodes = sum(
        np.count_num_descendants()
        for np in (base.render, base.render2d, base.aspect2d, base.pixel2d)
        if np is not None and not np.is_empty()
    )
    prepared = base.win.gsg.get_prepared_objects()
    return {
        "nodes": nodes,
        "tasks": len(base.task_mgr.getAllTasks()),
        "events": len(base.messenger.get_events()),
        "python_threads": threading.active_count(),
        "sim_threads": sum(1 for t in threading.enumerate() if t.name == "nerve-sim"),
        "os_threads": os_threads(),
        "gpu_textures": prepared.get_num_prepared_textures(),
        "gpu_geoms": prepared.get_num_prepared_geoms(),
        "gpu_vertex_buffers": prepared.get_num_prepared_vertex_buffers(),
        "gpu_shaders": prepared.get_num_prepared_shaders(),
        "pool_textures": len(TexturePool.find_all_textures()),
        "python_objects": len(gc.get_objects()),
    }


def run_story_sessions(
    shell, clock, count: int, *, frames_after_build: int = 4, max_wait_s: float = 600.0,
    attract: bool = True,
) -> None:  # fmt: skip
    """Cycle ``count`` sessions of the real story (``StoryExperience``) through ``shell``.

    Each session, as in the exhibit: a touch builds the visitor's nerve scene (a fresh
    simulation thread, the world, ions, HUD, story); a few frames render; even sessions are
    left alone until "Still there?" counts down to the reset, odd ones end as finished; then
    the attract loop's scene is built again and renders a frame (``attract=False``: the next
    visitor comes before it is built, which halves the cost of a session; the short CI soak).
    Frames are whole frames: ``task_mgr.step()`` runs the scene's tasks and renders.
    """
    from game.kiosk.session import ATTRACT, STILL_THERE

    experience = shell.experience

    def frame() -> None:
        clock.tick()
        shell.step()
        shell.base.task_mgr.step()

    def until_built(visitor: bool) -> None:
        # stuck means no scene within ``max_wait_s`` of wall-clock time: a count of frames
        # would fail a loaded machine, where the nerve takes longer to build but the empty
        # loading frames stay cheap
        deadline = time.monotonic() + max_wait_s
        frame()  # the run starts on the next update
        while experience.mode is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the soak is stuck: no scene after {max_wait_s:.0f} s")
            if visitor:  # they wait for the nerve (not idle: no "Still there?" meanwhile)
                shell.press("mouse1", (0.5, 0.5))
            frame()
            time.sleep(0.005)  # a real loading screen draws at 60 fps: leave the CPU to the build

    for index in range(count):
        shell.press("mouse1", (0.5, 0.5))
        until_built(True)
        for _ in range(frames_after_build):
            frame()
        if index % 2:
            shell.session.finish()
        else:
            saw_card = False
            while shell.session.state != ATTRACT:
                frame()
                saw_card = saw_card or shell.session.state == STILL_THERE
            if not saw_card:
                raise AssertionError("the session ended without showing 'Still there?'")
        if attract:
            until_built(False)
        frame()
