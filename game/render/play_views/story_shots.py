"""Screenshots of the story, one per beat, from a real headless run:
``python -m game.render.play_views.story_shots OUT_DIR [--size 1280x720] [--speed 4]
[--language es]``.

The attract-mode story drives a headless nerve (``game.play.nerve_view.HeadlessNerve``);
at each beat the overlay (stage, real time, caption, sensation meter) and the legs inset are
rendered offscreen and saved as ``NN_<beat>.png``, then the summary card. For looking at:
the frames should tell the story on their own.
"""

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="story_shots")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--speed", type=float, default=4.0)
    parser.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    args.out_dir.mkdir(parents=True, exist_ok=True)

    from game.i18n import Strings
    from game.play.nerve_view import HeadlessNerve
    from game.play.story import Story, default_story
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.play_views.legs_inset import LegsInset
    from game.render.play_views.story_mode import INSET_SIZE, INSET_X, INSET_Z, StoryMode
    from game.render.play_views.story_overlay import StoryOverlay

    base, page = open_showbase(DisplaySettings(offscreen=True, width_px=width, height_px=height))
    try:
        base.set_background_color(0.16, 0.18, 0.22, 1)
        nerve = HeadlessNerve(speed_factor=args.speed, min_electrical_ms_per_s=5.0)
        story = Story(nerve.send, attract=True, config=replace(default_story(), summary_play_s=1.0))
        strings = Strings(("en", "es"))
        overlay = StoryOverlay(base.aspect2d, story, strings=strings, language=args.language)
        inset = LegsInset(base.aspect2d, pos=(INSET_X, INSET_Z), size=INSET_SIZE,
                          strings=strings, language=args.language)  # fmt: skip
        reading = nerve.reading
        shot = 0
        for _ in range(600):
            events = story.update(0.5, reading)
            inset.set_crossed(story.legs.crossed)
            if story.summary_shown_s is not None:
                inset.root.hide()  # the summary card has the screen
            overlay.update(reading)
            StoryMode._place_inset(SimpleNamespace(inset=inset, overlay=overlay))
            for event in events:
                name = event.beat.id if event.beat is not None else event.kind
                if event.kind in ("story-beat", "story-finished"):
                    base.graphicsEngine.render_frame()
                    base.graphicsEngine.render_frame()
                    base.win.save_screenshot(str(args.out_dir / f"{shot:02d}_{name}.png"))
                    shot += 1
            if story.finished:
                break
            reading = nerve.step(0.5)
        for line in story.summary().lines:
            print(line.text)
        overlay.cleanup()
        inset.cleanup()
    finally:
        base.destroy()
        unload_prc(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
