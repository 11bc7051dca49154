"""Soak (short versions): sessions headless through the kiosk shell, the scene and the cards
built and torn down each time; resident memory after a warm-up must not keep growing and
nothing may be left behind (nodes, tasks, event handlers, threads, simulation threads, GPU
objects). The real story on the live nerve (a handful of sessions, each building a fresh
nerve, the nerve world, ions and story for the visitor) and the cheap demo scene (30
sessions). Runs benchmarks/kiosk_soak.py in a fresh process (its own ShowBase,
nothing else in its memory); the long version is that script with --sessions 200 or more."""

import json
import subprocess
import sys

import pytest

from game import REPO_ROOT

pytestmark = pytest.mark.render

SESSIONS = 30
#: Generous: measured 0.0-0.3 MB over 30 sessions. A lazy teardown (a card or the scene
#: detached instead of removed, widgets never destroyed) grows far more than this.
MAX_GROWTH_MB = 6.0
#: The real story: 1 warm-up session, then 2 measured ones, each a visitor's nerve scene
#: (the next visitor comes before the attract loop is rebuilt: half the cost); measured
#: 0-2.7 MB over 3 sessions after the warm-up (and a bounded settling of ~3 MB a session
#: over the first tens of sessions, flat after: benchmarks/kiosk_soak.py, 200 sessions). A
#: session that leaks its scene shows first in the counts below.
STORY_WARM_UP, STORY_SESSIONS = 1, 2
STORY_MAX_GROWTH_MB = 20.0
#: Counts that must come back exactly after every session.
EXACT = ("nodes", "tasks", "events", "gpu_shaders", "pool_textures")
#: Threads: the next run's simulation is built in the background, so one more may be alive
#: when they are counted (a leak of one thread a session is two here).
THREADS = ("python_threads", "sim_threads", "os_threads")


def run_soak(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "kiosk_soak.py"), *args, "--json"],
        check=False,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "could not open an offscreen OpenGL buffer" in result.stderr:
        pytest.skip("no offscreen OpenGL context here")
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_story_sessions_on_the_live_nerve_leave_nothing_behind():
    figures = run_soak(
        "--scene", "story", "--sessions", str(STORY_SESSIONS), "--warm-up", str(STORY_WARM_UP),
        "--size", "160x90", "--no-attract",
    )  # fmt: skip
    assert figures["usage_rows"] == STORY_WARM_UP + STORY_SESSIONS
    before, after = figures["counts_before"], figures["counts_after"]
    for key in EXACT:
        assert after[key] == before[key], (key, before, after)
    for key in THREADS:
        assert after[key] <= before[key] + 1, (key, before, after)
    # what the window holds drifts by a few (font pages, the loading screen's texture)
    assert after["gpu_textures"] <= before["gpu_textures"] + 6, (before, after)
    # vertex buffers are prepared when first drawn, so how many of a freshly built scene's
    # exist depends on the frames it has rendered (72 vs 77 seen); a leaked scene is ~70
    assert after["gpu_vertex_buffers"] <= before["gpu_vertex_buffers"] + 20, (before, after)
    assert abs(after["python_objects"] - before["python_objects"]) < 2000, (before, after)
    assert figures["growth_mb"] < STORY_MAX_GROWTH_MB, figures


def test_thirty_sessions_do_not_grow_memory():
    figures = run_soak("--scene", "demo", "--sessions", str(SESSIONS), "--warm-up", "10")
    assert figures["usage_rows"] == 10 + SESSIONS
    assert figures["scene_nodes_after"] == figures["scene_nodes_before"]
    assert figures["growth_mb"] < MAX_GROWTH_MB, figures
