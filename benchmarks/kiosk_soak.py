"""Kiosk soak: cycle many visitor sessions headless and print resident memory per 1,000 sessions.

Each session builds and tears down the scene and the cards (game/kiosk/soak.py): touch, a
few rendered frames, "Still there?" and reset, or the story's end. Prints figures, asserts
nothing:

    .venv/bin/python benchmarks/kiosk_soak.py [--sessions 1000] [--warm-up 50] [--driver softpipe]

Frames are finished (``gl-finish #t``) before the next starts. Without it Mesa 22.3's llvmpipe
on an offscreen buffer grows with *every frame that draws anything*, sessions or not
(measured here: one static card, 2.7 kB a frame, 4 MB per 1,500 frames; flat with gl-finish,
and flat on softpipe), which would hide what the kiosk itself does. ``--no-finish`` shows that
growth as well; ``--driver softpipe`` picks Mesa's other software driver. ``--json`` prints one
JSON object (the soak test reads it).
"""

import argparse
import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def soak(*, sessions: int, warm_up: int, width_px: int, height_px: int) -> dict:
    from game.i18n import Strings, load_font
    from game.kiosk.config import KioskConfig
    from game.kiosk.experience import DemoExperience
    from game.kiosk.shell import FixedStepClock, KioskShell
    from game.kiosk.soak import rss_mb, run_sessions
    from game.kiosk.usage_stats import UsageStats
    from game.render.display import DisplaySettings, open_showbase, unload_prc

    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=width_px, height_px=height_px)
    )
    renderer = base.win.gsg.get_driver_renderer()
    strings = Strings(("en", "es"))
    font = load_font()
    clock = FixedStepClock(step_s=2.0)
    with tempfile.TemporaryDirectory() as tmp:
        stats = UsageStats(Path(tmp) / "usage.sqlite3")
        shell = KioskShell(
            base,
            config=KioskConfig(idle_timeout_s=10, countdown_s=5),
            strings=strings,
            font=font,
            experience=DemoExperience(base, strings, font),
            stats=stats,
            clock=clock,
            wall_clock=lambda: dt.datetime(2026, 5, 1, 12, 0),
        )
        try:
            run_sessions(shell, clock, warm_up)
            gc.collect()
            before_mb = rss_mb()
            nodes_before = (
                base.render.count_num_descendants() + base.aspect2d.count_num_descendants()
            )
            start = time.perf_counter()
            run_sessions(shell, clock, sessions)
            seconds = time.perf_counter() - start
            gc.collect()
            after_mb = rss_mb()
            nodes_after = (
                base.render.count_num_descendants() + base.aspect2d.count_num_descendants()
            )
            rows = len(stats.rows())
        finally:
            shell.cleanup()
            stats.close()
    base.destroy()
    unload_prc(page)
    return {
        "renderer": renderer,
        "sessions": sessions,
        "warm_up": warm_up,
        "rss_before_mb": round(before_mb, 2),
        "rss_after_mb": round(after_mb, 2),
        "growth_mb": round(after_mb - before_mb, 2),
        "mb_per_1000_sessions": round((after_mb - before_mb) / sessions * 1000, 2),
        "scene_nodes_before": nodes_before,
        "scene_nodes_after": nodes_after,
        "usage_rows": rows,
        "ms_per_session": round(seconds / sessions * 1000, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--warm-up", type=int, default=50)
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
        sessions=args.sessions, warm_up=args.warm_up, width_px=width_px, height_px=height_px
    )
    if args.json:
        print(json.dumps(result))
    else:
        print(f"renderer: {result['renderer']}")
        print(
            f"sessions: {result['sessions']} after {result['warm_up']} warm-up sessions, "
            f"{result['ms_per_session']} ms each"
        )
        print(
            f"resident memory: {result['rss_before_mb']} MB -> {result['rss_after_mb']} MB "
            f"({result['mb_per_1000_sessions']} MB per 1,000 sessions)"
        )
        print(f"scene-graph nodes: {result['scene_nodes_before']} -> {result['scene_nodes_after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
