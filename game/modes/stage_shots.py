"""Screenshots of the story from the real app path, one per beat the story enters:
``python -m game.modes.stage_shots OUT_DIR [--size 1280x720] [--speed 20] [--frames 2000]
[--calm] [--language es] [--profile evidence] [--record DIR]``.

Runs ``pins-and-needles story --attract --offscreen`` (the live nerve on its thread, the
app's scene, the story driven only by the simulated stage) and saves the frame after each
beat is entered as ``NN_<beat>.png`` (a few frames later, so the overlay has redrawn), and
the summary card, then stops. ``--record DIR`` also writes every frame (the flash-safety
test analyses them). The last line printed is JSON: the beats entered, in order, and whether
the summary card was reached.
"""

import argparse
import json
import sys
from pathlib import Path

#: Frames after entering a beat before its screenshot (the overlay redraws, the camera moves).
SETTLE_FRAMES = 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stage_shots")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--frames", type=int, default=2000)
    parser.add_argument("--language", default="en")
    parser.add_argument("--calm", action="store_true")
    parser.add_argument("--record", type=Path)
    parser.add_argument("--profile", default="article", choices=("article", "evidence"))
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    args.out_dir.mkdir(parents=True, exist_ok=True)

    from game.comfort import ComfortSettings
    from game.modes.runner import run_modes
    from game.options import RunOptions
    from game.render.frame_capture import save_frame

    comfort = ComfortSettings().calm() if args.calm else ComfortSettings()
    if args.record is not None:
        args.record.mkdir(parents=True, exist_ok=True)
    options = RunOptions(offscreen=True, frames=args.frames, width_px=width, height_px=height,
                         fixed_frame_s=1 / 30, comfort=comfort,
                         record_dir=args.record)  # fmt: skip
    state = {"entries": 0, "due": None, "shot": 0, "summary": False, "beats": []}

    def hook(runner, frame: int) -> None:
        story = getattr(runner.screen, "story", None)
        if story is None:
            return
        if len(story.entries) != state["entries"]:
            state["entries"] = len(story.entries)
            state["due"] = (frame + SETTLE_FRAMES, story.beat.id)
            state["beats"] = [e.beat.id for e in story.entries if not e.skipped]
        due = state["due"]
        if due is not None and frame >= due[0]:
            state["due"] = None
            save_frame(runner.base.win, args.out_dir / f"{state['shot']:02d}_{due[1]}.png")
            state["shot"] += 1
            print(f"frame {frame}: {due[1]}", flush=True)
        if (
            story.summary_shown_s is not None
            and not state["summary"]
            and (story.summary_shown_s > 0.2)
        ):
            state["summary"] = True
            save_frame(runner.base.win, args.out_dir / f"{state['shot']:02d}_summary.png")
            print(f"frame {frame}: summary", flush=True)
            runner.request_quit()

    code = run_modes(options, first="story", attract=True, story_speed=args.speed,
                     language=args.language, profile=args.profile,
                     frame_hooks=[hook])  # fmt: skip
    print(json.dumps({"beats": state["beats"], "summary": state["summary"]}))
    return code


if __name__ == "__main__":
    sys.exit(main())
