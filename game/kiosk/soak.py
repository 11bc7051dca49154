"""Soak driver: cycle many visitor sessions through a kiosk shell with a fixed-step clock.

Each session builds and tears down the scene and the cards: touch -> a few rendered frames ->
"Still there?" -> reset (even sessions) or the story's end (odd sessions, by ``finish()``).
Used by tests/kiosk/test_soak.py (a short run, no steady growth) and
benchmarks/kiosk_soak.py (MB per 1,000 sessions).
"""

import os


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
