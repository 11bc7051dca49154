"""Kiosk soak: cycle many visitor sessions headless and print resident memory per 1,000 sessions.

By default each session is the real one (``--scene story``): a touch builds the story on the
live nerve (``game.modes.story_experience``: a fresh simulation thread, the nerve world,
ions and pumps, HUD, story panels), a few frames render, the visitor leaves ("Still there?"
and the reset) or finishes, and the attract loop's scene is built again. ``--scene demo``
cycles the cheap stand-in (game/kiosk/experience.py) instead. Prints figures, asserts
nothing:

    .venv/bin/python benchmarks/kiosk_soak.py [--sessions 200] [--warm-up 10] [--scene story|demo]

Besides resident memory it counts what a leaky teardown leaves behind, before and after:
scene-graph nodes, tasks, event handlers, Python and OS threads, simulation threads, GPU
textures / geoms / vertex buffers / shaders the window holds, pool textures, Python objects.

Frames are finished (``gl-finish #t``) before the next starts, as the kiosk does. Without it
Mesa 22.3's llvmpipe on an offscreen buffer grows with *every frame that draws anything*,
sessions or not (measured with the demo scene: one static card, 2.7 kB a frame, 4 MB per
1,500 frames; flat with gl-finish, and flat on softpipe). ``--no-finish`` shows that growth;
``--driver softpipe`` picks Mesa's other software driver. ``--json`` prints one JSON object
(the soak tests read it).
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def soak(
    *, sessions: int, warm_up: int, width_px: int, height_px: int, scene: str = "story",
    story_speed: float = 30.0, attract: bool = True, fixed_step: bool = False,
) -> dict:  # fmt: skip
    from game.i18n import Strings, load_font
    from game.kiosk.config import KioskConfig
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.kiosk.soak import leak_counts, rss_mb, run_sessions, run_story_sessions
    from game.kiosk.usage_stats import UsageStats
    from game.render.display import DisplaySettings, open_showbase, unload_prc

    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=width_px, height_px=height_px)
    )
    base.disable_mouse()
    renderer = base.win.gsg.get_driver_renderer()
    strings = Strings(("en", "es"))
    font = load_font()
    # the story holds its captions (narration pauses the idle timer) for 1/story_speed as
    # long; the shell's clock moves 2 s a frame (less than the countdown, so the card shows)
    config = KioskConfig(idle_timeout_s=10, countdown_s=3)
    if scene == "story":
        from game.modes.story_experience import StoryExperience
        from game.options import RunOptions

        clock = FixedStepClock(step_s=2.0)
        experience = StoryExperience(
            base, strings, font, config=config, speed_factor=story_speed,
            options=RunOptions(offscreen=True, fixed_frame_s=1 / 30 if fixed_step else None),
        )  # fmt: skip

        def cycle(shell, clock, count):
            run_story_sessions(shell, clock, count, attract=attract)
    else:
        from game.kiosk.experience import DemoExperience

        clock = FixedStepClock(step_s=2.0)
        config = KioskConfig(idle_timeout_s=10, countdown_s=5)
        experience = DemoExperience(base, strings, font)
        cycle = run_sessions
    with tempfile.TemporaryDirectory() as tmp:
        stats = UsageStats(Path(tmp) / "usage.sqlite3")
        shell = KioskShell(
            base,
            config=config,
            strings=strings,
            font=font,
            experience=experience,
            stats=stats,
            clock=clock,
            wall_clock=lambda: dt.datetime(2026, 5, 1, 12, 0),
        )

        def settled_counts() -> dict:
            # count with no scene half-built: whether the attract run after the last session
            # has been created yet depends on timing, and a half-built scene holds hundreds
            # of nodes and a dozen tasks that are not a leak
            deadline = time.monotonic() + 600.0
            while getattr(shell.experience, "loading", False):
                if time.monotonic() > deadline:
                    raise AssertionError("the soak is stuck: the scene never finished loading")
                clock.tick()
                shell.step()
                base.task_mgr.step()
                time.sleep(0.005)
            return leak_counts(base)

        try:
            cycle(shell, clock, warm_up)
            counts_before = settled_counts()
            before_mb = rss_mb()
            start = time.perf_counter()
            samples = []
            every = max(1, sessions // 10)
            for done in range(0, sessions, every):
                cycle(shell, clock, min(every, sessions - done))
                # no gc.collect() here: the kiosk does not collect between sessions either
                # (a collection here once hid each run's scene and nerve, kept alive in
                # reference cycles until Python's next full collection: issue 6)
                samples.append(round(rss_mb(), 1))
                # progress on stderr, so that a long run that is cut short still tells
                print(
                    f"{done + min(every, sessions - done)} sessions: {samples[-1]} MB "
                    f"({time.perf_counter() - start:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
            seconds = time.perf_counter() - start
            counts_after = settled_counts()
            after_mb = rss_mb()
            rows = len(stats.rows())
        finally:
            shell.cleanup()
            stats.close()
    base.destroy()
    unload_prc(page)
    return {
        "renderer": renderer,
        "scene": scene,
        "sessions": sessions,
        "warm_up": warm_up,
        "rss_before_mb": round(before_mb, 2),
        "rss_after_mb": round(after_mb, 2),
        "rss_samples_mb": samples,
        "growth_mb": round(after_mb - before_mb, 2),
        "mb_per_1000_sessions": round((after_mb - before_mb) / sessions * 1000, 2),
        # the second half only: the process's allocators settle over the first tens of
        # sessions (a bounded step), a leak keeps growing
        "second_half_mb_per_1000_sessions": round(
            (samples[-1] - samples[len(samples) // 2 - 1]) / (sessions / 2) * 1000, 2
        )
        if len(samples) >= 2
        else None,
        "counts_before": counts_before,
        "counts_after": counts_after,
        "scene_nodes_before": counts_before["nodes"],
        "scene_nodes_after": counts_after["nodes"],
        "usage_rows": rows,
        "ms_per_session": round(seconds / sessions * 1000, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--scene", choices=("story", "demo"), default="story")
    parser.add_argument(
        "--story-speed", type=float, default=30.0, help="story beats held 1/X as long (default 30)"
    )
    parser.add_argument(
        "--no-attract",
        action="store_true",
        help="story: the next visitor comes before the attract loop is rebuilt (half the cost)",
    )
    parser.add_argument(
        "--fixed-step",
        action="store_true",
        help="story: every frame waits for the simulation to reach 1/30 s more (a recording's "
        "pace; slower) instead of the wall clock as in the exhibit",
    )
    parser.add_argument("--size", default="320x180", help="frame size WxH (default 320x180)")
    parser.add_argument("--driver", help="Mesa Gallium driver (GALLIUM_DRIVER: llvmpipe, softpipe)")
    parser.add_argument("--no-finish", action="store_true", help="do not glFinish each frame")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.driver:
        os.environ["GALLIUM_DRIVER"] = args.driver  # before any GL library loads
    if not args.no_finish:
        from panda3d.core import load_prc_file_data

        load_prc_file_data("kiosk soak", "gl-finish #t\nnotify-level-glgsg error")
    os.environ.setdefault("EGL_PLATFORM", "surfaceless")
    width_px, height_px = (int(v) for v in args.size.lower().split("x"))
    result = soak(
        sessions=args.sessions, warm_up=args.warm_up, width_px=width_px, height_px=height_px,
        scene=args.scene, story_speed=args.story_speed, attract=not args.no_attract,
        fixed_step=args.fixed_step,
    )  # fmt: skip
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"renderer: {result['renderer']}, scene: {result['scene']}, gl-finish: {not args.no_finish}"
        )
        print(
            f"sessions: {result['sessions']} after {result['warm_up']} warm-up sessions, "
            f"{result['ms_per_session']} ms each"
        )
        print(
            f"resident memory: {result['rss_before_mb']} MB -> {result['rss_after_mb']} MB "
            f"({result['mb_per_1000_sessions']} MB per 1,000 sessions)"
        )
        print(
            f"resident memory every {max(1, args.sessions // 10)} sessions: {result['rss_samples_mb']}"
        )
        print(f"second half: {result['second_half_mb_per_1000_sessions']} MB per 1,000 sessions")
        for key, before in result["counts_before"].items():
            print(f"{key}: {before} -> {result['counts_after'][key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
