"""``python -m game.render.ions --screenshot out.png``: the ions and pumps around a few nodes
of a straight fibre, fed by a synthetic snapshot (``demo.SyntheticNerve``), rendered
offscreen. Bad input is one line naming the option and exit status 2.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from game.errors import UsageError, UserFacingError

PROG = "python -m game.render.ions"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, never a usage dump
        raise UsageError(message)


def parse(argv: list[str]) -> argparse.Namespace:
    from game.render.ions.demo import SCENARIOS

    parser = _Parser(
        prog=PROG,
        description="Render the ions and pumps around a few nodes of a straight fibre, fed "
        "by a synthetic snapshot, offscreen, and write the last frame to a PNG file.",
    )
    parser.add_argument("--screenshot", required=True, help="PNG file to write the last frame to")
    parser.add_argument("--frames", type=int, default=60, help="frames to render (default 60)")
    parser.add_argument("--size", default="960x540", help="image size WxH (default 960x540)")
    parser.add_argument("--particles", type=int, default=40_000,
                        help="Na+ and K+ particles in all (default 40000)")  # fmt: skip
    parser.add_argument("--sites", type=int, default=5, help="nodes on the fibre (default 5)")
    parser.add_argument("--scenario", choices=SCENARIOS, default="healthy")
    parser.add_argument("--view", choices=("side", "along"), default="side",
                        help="look at the fibre from the side (near half cut away) or along "
                             "its axis from beyond the first node")  # fmt: skip
    parser.add_argument("--fixed-step", type=float, default=1.0 / 30.0,
                        help="seconds of play per frame (default 1/30)")  # fmt: skip
    args = parser.parse_args(argv)
    shot = Path(args.screenshot)
    if shot.suffix.lower() != ".png":
        raise UsageError(f"--screenshot: expected a .png file, got {args.screenshot!r}")
    if not shot.parent.is_dir():
        raise UsageError(f"--screenshot: folder {str(shot.parent)!r} does not exist")
    if args.frames < 1:
        raise UsageError(f"--frames: expected a whole number >= 1, got {args.frames}")
    if not 1 <= args.sites <= 64:
        raise UsageError(f"--sites: expected 1 to 64, got {args.sites}")
    if args.particles < 2 * args.sites:
        raise UsageError(f"--particles: expected at least {2 * args.sites}, got {args.particles}")
    if not 0.0 < args.fixed_step <= 1.0:
        raise UsageError(f"--fixed-step: expected seconds in (0, 1], got {args.fixed_step}")
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size: expected WxH such as 960x540, got {args.size!r}") from None
    if not (1 <= width <= 8192 and 1 <= height <= 8192):
        raise UsageError(f"--size: expected 1 to 8192 pixels each, got {args.size!r}")
    args.width_px, args.height_px = width, height
    return args


def run(args: argparse.Namespace) -> None:
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.ions.demo import SyntheticNerve, demo_camera
    from game.render.ions.legend import IonLegend
    from game.render.ions.membrane import membrane_tubes
    from game.render.ions.particles import IonFieldSettings
    from game.render.ions.sites import straight_fibre_sites
    from game.render.ions.view import IonsView
    from game.render.png_file import write_png

    base, page = open_showbase(
        DisplaySettings(offscreen=True, width_px=args.width_px, height_px=args.height_px)
    )
    try:
        base.set_background_color(0.02, 0.03, 0.06, 1.0)
        sites = straight_fibre_sites(args.sites, spacing_um=11.0, radius_um=3.0, half_length_um=4.5)
        nerve = SyntheticNerve(
            sites.n_sites, scenario=args.scenario, duration_s=args.frames * args.fixed_step
        )
        view = IonsView(
            sites,
            base.render,
            settings=IonFieldSettings(n_per_species=args.particles // 2),
            # Seen along the axis, the ions are near: drawn smaller so the view stays open.
            diameter_um=0.25 if args.view == "along" else 0.45,
        )
        membrane_tubes(sites, view.root)
        IonLegend(base.a2dTopLeft, pos=(0.04, -0.04))
        demo_camera(base, sites, along=args.view == "along")
        if args.view == "side":
            # Cut away the near half of the clouds (the side facing the camera) to see inside.
            centre = sites.positions_um.mean(axis=0)
            view.cloud.set_cutaway(normal=(0.8, 0.0, 0.45), point=centre)
        view.update_view(base.cam.node().get_lens(), base.cam.node().get_display_region(0))
        for frame in range(args.frames):
            view.update(nerve.at((frame + 1) * args.fixed_step), args.fixed_step)
            base.graphics_engine.render_frame()
        base.graphics_engine.render_frame()
        texture = base.win.get_screenshot()
        rgb = np.frombuffer(bytes(texture.get_ram_image_as("RGB")), np.uint8)
        rgb = rgb.reshape(texture.get_y_size(), texture.get_x_size(), 3)[::-1]
        write_png(Path(args.screenshot), np.ascontiguousarray(rgb))
        print(f"wrote {args.screenshot}: {view.field.n_particles} particles, {args.frames} frames")
    finally:
        base.destroy()
        unload_prc(page)


def main(argv: list[str] | None = None) -> int:
    try:
        run(parse(sys.argv[1:] if argv is None else argv))
    except UserFacingError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
