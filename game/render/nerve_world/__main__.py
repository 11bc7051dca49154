"""Look at the nerve world offscreen, with a synthetic snapshot.


    python -m game.render.nerve_world --screenshot out.png [--pressure 120] [--time 4]

Renders ``--frames`` frames along the guided rail (blood flowing, spikes travelling) and saves
the last one. Bad input gives one line and exit status 2; no OpenGL gives one line and 1.
"""

import argparse
import sys
from pathlib import Path

from game.errors import UsageError, UserFacingError


def _parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m game.render.nerve_world", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--screenshot", type=Path, required=True, help="PNG file to write")
    parser.add_argument(
        "--pressure", type=float, default=0.0, help="applied pressure, mmHg (0-300)"
    )
    parser.add_argument("--time", type=float, default=6.0, help="seconds along the rail (>= 0)")
    parser.add_argument(
        "--frames", type=int, default=30, help="frames rendered before the shot (>= 1)"
    )
    parser.add_argument("--size", default="1280x720", help="WIDTHxHEIGHT in pixels")
    parser.add_argument("--calm", action="store_true", help="calm mode (glow halved)")
    parser.add_argument(
        "--outside", action="store_true", help="view the nerve from the side, outside"
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.pressure <= 300.0:
        raise UsageError(f"--pressure: expected a number from 0 to 300 mmHg, got {args.pressure:g}")
    if args.time < 0.0:
        raise UsageError(f"--time: expected a number >= 0, got {args.time:g}")
    if args.frames < 1:
        raise UsageError(f"--frames: expected an integer >= 1, got {args.frames}")
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if w < 16 or h < 16:
            raise ValueError
    except ValueError:
        raise UsageError(
            f"--size: expected WIDTHxHEIGHT of at least 16x16, got {args.size!r}"
        ) from None
    args.width_px, args.height_px = w, h
    folder = args.screenshot.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"--screenshot: folder {folder} does not exist")
    return args


def run(args: argparse.Namespace) -> None:
    from panda3d.core import Filename

    from game.comfort import ComfortSettings
    from game.render.camera_rail import configure_lens
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.nerve_world.palette import WorldLook
    from game.render.nerve_world.scene import NerveWorld
    from game.render.nerve_world.synthetic import fill, snapshot_shape

    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=args.width_px, height_px=args.height_px)
    )
    try:
        comfort = ComfortSettings().calm() if args.calm else ComfortSettings()
        snapshot = snapshot_shape()
        # From outside, thin fog: the whole segment and its narrowing stand out.
        look = WorldLook(fog_density_per_du=0.002) if args.outside else WorldLook()
        world = NerveWorld(base.render, snapshot, comfort, aspect2d=base.aspect2d, look=look)
        base.set_background_color(*world.look.fog_colour, 1.0)
        configure_lens(
            base.cam.node().get_lens(), far_um=world.look.far_du, vertical_fov_deg=comfort.fov_deg
        )
        base.cam.node().get_lens().set_near(0.2)
        dt = 1.0 / 30.0
        for k in range(args.frames):
            t = args.time + (k - args.frames + 1) * dt
            if args.outside:
                base.camera.set_pos(-300.0, world.layout.length_du * 0.3, 120.0)
                base.camera.look_at(0.0, world.layout.length_du * 0.5, 0.0)
            else:
                pose = world.rail.pose_at(max(0.0, t))
                base.camera.set_pos(*pose.position_du)
                base.camera.look_at(*pose.look_at_du)
            fill(snapshot, max(0.0, t), args.pressure)
            world.update(snapshot, dt, base.camera)
            base.graphics_engine.render_frame()
        base.graphics_engine.render_frame()
        if not base.win.save_screenshot(Filename.from_os_specific(str(args.screenshot))):
            raise UserFacingError(f"--screenshot: could not write {args.screenshot}")
        print(f"wrote {args.screenshot} (label: {world.labels.current})")
        world.cleanup()
    finally:
        base.destroy()
        unload_prc(page)


def main(argv=None) -> int:
    try:
        run(_parse(sys.argv[1:] if argv is None else argv))
    except UserFacingError as exc:
        print(f"nerve_world: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
