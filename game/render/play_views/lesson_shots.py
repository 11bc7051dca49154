"""Screenshots of one lesson played as a newcomer would, from a real headless run:
``python -m game.render.play_views.lesson_shots OUT_DIR [--chapter 4] [--size 1024x768]
[--language es] [--caption-scale 2] [--no-captions]``.

``LessonMode`` runs on a headless nerve of the chapter's profile
(``game.play.nerve_view.HeadlessNerve``) and is driven only by key events, as the window's
keys would: N through the captions, ENTER to start the challenge, SPACE held to cross the
legs and let go once the nerve shows the challenge's pattern (T for a signal, 1-4 for a
guess), the quiz answered (the first question wrong, to see the explanation), ENTER back.
Each step is rendered offscreen and saved as ``NN_<step>.png``: for looking at, at any
window shape (the views must fit 4:3, 5:4 and portrait windows as well as 16:9).
"""

import argparse
import sys
from pathlib import Path

TICK_S = 0.5
MAX_TICKS = 900


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lesson_shots")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--chapter", type=int, default=4)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--language", default="en")
    parser.add_argument("--caption-scale", type=float, default=1.0)
    parser.add_argument("--no-captions", action="store_true")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    args.out_dir.mkdir(parents=True, exist_ok=True)

    from game.comfort import ComfortSettings
    from game.i18n import Strings
    from game.play.chapter_run import CHALLENGE, DONE, QUIZ
    from game.play.lessons import load_all_chapters
    from game.play.palsy import InjuryHeadlessNerve
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.play_views.lesson_mode import LessonMode

    chapter = next(c for c in load_all_chapters()[0] if c.number == args.chapter)
    comfort = ComfortSettings(caption_scale=args.caption_scale, captions=not args.no_captions)
    base, page = open_showbase(DisplaySettings(offscreen=True, width_px=width, height_px=height))
    shot = [0]

    def save(name: str) -> None:
        base.graphicsEngine.render_frame()
        base.graphicsEngine.render_frame()
        base.win.save_screenshot(str(args.out_dir / f"{shot[0]:02d}_{name}.png"))
        shot[0] += 1

    try:
        base.set_background_color(0.16, 0.18, 0.22, 1)
        nerve = InjuryHeadlessNerve(profile=chapter.profile, speed_factor=2.0,
                                    min_electrical_ms_per_s=2.0)  # fmt: skip
        mode = LessonMode(base, nerve.send, lambda: nerve.reading, chapter,
                          strings=Strings(("en", "es")), language=args.language,
                          fixed_frame_s=TICK_S, comfort=comfort)  # fmt: skip
        run = mode.run
        press = base.messenger.send

        def tick() -> None:
            base.task_mgr.step()
            nerve.step(TICK_S)

        tick()
        save("objective")
        press("n")
        tick()
        save("objective_next_page")
        press("enter")
        tick()
        save("challenge")
        params = run.chapter.challenge.params
        kind = run.chapter.challenge.kind
        if kind == "stimulus_arrives":
            press("t")
        elif kind == "first_to_block":
            press("4")  # a wrong guess first (C), to see what the card says
        elif kind == "falls_asleep_sooner":
            press("1")
        else:
            press("space")
        seen = set()
        released = False
        for _ in range(MAX_TICKS):
            tick()
            if run.state != CHALLENGE:
                break
            reading = nerve.reading
            if kind in ("first_to_block", "falls_asleep_sooner"):
                if mode.experiment is None and run.judge.feedback and "guess" not in seen:
                    seen.add("guess")
                    save("challenge_wrong_guess")
                    press(str(params.get("expect_first_index", 1) + 1))
                continue
            blocked = {c.name for c in reading.classes if not c.conducting}
            key = (reading.stage, frozenset(blocked))
            if key not in seen:
                seen.add(key)
                name = reading.stage.replace(" ", "_").replace(",", "")
                save(f"challenge_{name}_{len(blocked)}_blocked")
            want_blocked = set(params.get("blocked", ()))
            want_through = set(params.get("conducting", ()))
            pattern = want_blocked <= blocked and not (want_through & blocked)
            night_over = reading.physiological_s > 7 * 3600
            if not released and kind == "block_classes" and (pattern or night_over):
                press("space-up")
                released = True
        save("challenge_result")
        if run.state == CHALLENGE:
            press("k")
            tick()
        for i, q in enumerate(run.chapter.quiz):
            if run.state != QUIZ:
                break
            save(f"quiz_{i + 1}")
            press(str((q.answer + 1) % len(q.choices) + 1 if i == 0 else q.answer + 1))
            tick()
            save(f"quiz_{i + 1}_explained")
            press("enter")
            tick()
        if run.state == DONE:
            save("done")
        press("enter")
        tick()
        print(f"state {run.state}, stars {run.stars}, left: {mode.leave_requested}")
        mode.cleanup()
    finally:
        base.destroy()
        unload_prc(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
