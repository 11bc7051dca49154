"""The kiosk runs the real story: attract loop on the live nerve (the story crosses the legs
itself), a touch restarts the story with the visitor in control, the idle timer pauses while
a caption is read, progress reports the furthest stage, and a reset leaves nothing behind
(no node, no task, no running simulation thread) session after session."""

import datetime as dt
import threading
import time

import pytest

from game.kiosk.config import KioskConfig
from game.options import RunOptions

pytestmark = pytest.mark.render

SESSIONS = 2


def node_count(base) -> int:
    return base.render.count_num_descendants() + base.aspect2d.count_num_descendants()


def sim_threads(at_most: int | None = None, *, wait_s: float = 30.0) -> int:
    """Running simulation threads; with ``at_most``, wait up to ``wait_s`` for that few (a
    stopped thread still building its nerve ends once the build is done)."""
    deadline = time.monotonic() + wait_s
    while True:
        n = sum(1 for t in threading.enumerate() if t.name == "nerve-sim" and t.is_alive())
        if at_most is None or n <= at_most or time.monotonic() > deadline:
            return n
        time.sleep(0.1)


@pytest.fixture
def kiosk(modes_base, strings, tmp_path):
    from game.i18n import load_font
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.kiosk.usage_stats import UsageStats
    from game.modes.story_experience import StoryExperience

    clock = FixedStepClock(step_s=1 / 30)
    stats = UsageStats(tmp_path / "usage.sqlite3")
    config = KioskConfig(idle_timeout_s=30, countdown_s=5, science_profile="evidence",
                         chapters=("nerve", "impulse", "compression"))  # fmt: skip
    before = (node_count(modes_base), sim_threads(), len(modes_base.task_mgr.getAllTasks()))
    experience = StoryExperience(
        modes_base, strings, config=config, options=RunOptions(offscreen=True, fixed_frame_s=1 / 30)
    )
    shell = KioskShell(modes_base, config=config, strings=strings, font=load_font(),
                       experience=experience, stats=stats, clock=clock,
                       wall_clock=lambda: dt.datetime(2026, 5, 1, 12, 0))  # fmt: skip

    def frames(n: int) -> None:
        for _ in range(n):
            clock.tick()
            shell.step()
            modes_base.task_mgr.step()

    yield shell, experience, frames, before
    shell.cleanup()
    stats.close()


def until(frames, condition, limit: int = 600) -> None:
    for _ in range(limit):
        if condition():
            return
        frames(1)
    raise AssertionError("condition never met")


def test_attract_then_visitor_sessions_on_the_live_story(kiosk, modes_base):
    from game.kiosk.session import ACTIVE, ATTRACT

    shell, experience, frames, before = kiosk
    until(frames, lambda: experience.mode is not None)
    assert experience.attract and experience.mode.story.attract
    assert experience.scene.sim.nerve.profile.name == "evidence"  # the kiosk's science profile
    assert experience.mode.story.config.profile == "evidence"
    assert experience.mode.story.config.beats[-1].id == "released"  # recovery not enabled
    assert not experience.narration_running  # nobody there: no narration to wait for
    # the app's scene took Escape and the window's exit for itself; the lock-down has them back
    refused = shell.lockdown.refused
    modes_base.messenger.send("escape")
    modes_base.finalizeExit()
    assert shell.lockdown.refused == refused + 2 and shell.exit_code is None
    for session in range(SESSIONS):
        shell.press("mouse1", (0.5, 0.5))
        assert shell.session.state == ACTIVE
        until(frames, lambda: experience.mode is not None)
        story = experience.mode.story
        assert not story.attract  # the visitor's hands on the legs now
        assert experience.narration_running  # the first caption is being read
        frames(2)
        assert shell.session.narration_running
        assert experience.progress().furthest_stage == "healthy"
        assert experience.progress().chapters_completed == ("nerve", "impulse")
        if session == 0:  # a language switch mid-session redraws the story in Spanish
            shell.choose_language("es")
            frames(2)
            shown = [
                n.node().get_text()
                for n in experience.mode.overlay.root.find_all_matches("**/+TextNode")
            ]
            assert "Nervio sano" in shown
        shell.session.finish()  # the visitor's session ends: back to the attract loop
        frames(1)
        assert shell.session.state == ATTRACT and experience.attract
        # this run's nerve and the spare, no more
        assert sim_threads(before[1] + 2) <= before[1] + 2
    from game.kiosk.usage_stats import CSV_COLUMNS

    rows = shell.stats.rows()
    assert len(rows) == SESSIONS
    assert all(r[CSV_COLUMNS.index("furthest_stage")] == "healthy" for r in rows)
    # one more visitor, and the exhibit closes mid-session: nothing is left behind
    shell.press("mouse1", (0.5, 0.5))
    until(frames, lambda: experience.mode is not None)
    shell.cleanup()
    assert experience.scene is None and experience.mode is None
    assert node_count(modes_base) == before[0]
    assert sim_threads(before[1]) == before[1]
    assert len(modes_base.task_mgr.getAllTasks()) == before[2]


def test_a_run_torn_down_is_freed_at_once(kiosk):
    """A run's scene, simulation thread and nerve hold each other in reference cycles; left to
    Python's cyclic collector they lived on for several runs (~28 MB each: the kiosk in a
    window grew 400 -> 700 MB in 20 minutes). Two frames into the next run they are freed."""
    import gc
    import weakref

    _shell, experience, frames, _ = kiosk
    until(frames, lambda: experience.mode is not None)
    nerve = weakref.ref(experience.scene.sim.nerve)
    session = weakref.ref(experience.scene.session)
    gc.disable()  # only what the experience frees counts, not a collection by chance
    try:
        experience.start_attract()  # the next attract run: this one is torn down
        frames(2)
        assert session() is None, "the run's scene is still alive two frames after the reset"
        assert nerve() is None, "the run's nerve is still alive two frames after the reset"
    finally:
        gc.enable()
