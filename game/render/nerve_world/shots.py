"""Screenshots of the explore world (anatomy, blood, ions, pumps) in the nerve's named states,
each from the same camera poses, to compare looks before and after a change:

    python -m game.render.nerve_world.shots OUT_DIR [--size 1280x720] [--states healthy,...]

States come from ``synthetic.fill_state`` (healthy, spike, crossed, failure, recovery); poses
are the guided rail in the compressed segment (``rail``) and a close look at an ion-carrying
node there (``ions``). Files are ``<state>_<pose>.png``. The scene is ``WorldView`` as the app
builds it (flash limiter included), fed with synthetic snapshots: no simulation thread.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

#: Rail time whose pose is in the compressed segment, looking along it (s of play).
RAIL_T_S = 17.0
#: Frames of play the particles and blood run before a shot (they settle to the state).
SETTLE_FRAMES = 150
FRAME_S = 1.0 / 30.0


def ion_close_pose(view):
    """Eye a few radii from the ion node nearest the middle of the nerve, looking along it."""
    sites = view.ions.field.sites
    mid = 0.5 * view.world.layout.length_du
    k = int(np.argmin(np.abs(sites.positions_um[:, 1] - mid)))
    p = sites.positions_um[k]
    radial = np.array([p[0], 0.0, p[2]])
    radial /= max(np.linalg.norm(radial), 1e-9)
    r = sites.radii_um[k]
    s = float(view.world.radial_scale_at(np.array([p[1]]))[0])
    p = p * np.array([s, 1.0, s])
    eye = p - 9.0 * r * radial + np.array([0.0, -6.0 * r, 2.0 * r])
    return tuple(eye), tuple(p + np.array([0.0, 2.0 * r, 0.0]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.render.nerve_world.shots")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--states", default=None, help="comma-separated (default: all)")
    parser.add_argument("--calm", action="store_true")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    args.out_dir.mkdir(parents=True, exist_ok=True)

    from panda3d.core import Filename

    from game.comfort import ComfortSettings
    from game.render.display import DisplaySettings, open_showbase, unload_prc
    from game.render.explore_view import WorldView
    from game.render.nerve_world.synthetic import STATES, fill_state, snapshot_shape

    states = STATES if args.states is None else tuple(args.states.split(","))
    comfort = ComfortSettings().calm() if args.calm else ComfortSettings()
    base, page = open_showbase(DisplaySettings(offscreen=True, width_px=width, height_px=height))
    try:
        for state in states:
            snapshot = snapshot_shape()
            view = WorldView(base, snapshot, comfort, free_flight=False, fixed_frame_s=FRAME_S)
            view.enter()
            for pose_name in ("rail", "ions"):
                for k in range(SETTLE_FRAMES):
                    t = RAIL_T_S + (k - SETTLE_FRAMES) * FRAME_S
                    fill_state(snapshot, t, state)
                    if pose_name == "rail":  # the rail follows the squeezed fibre
                        pose = view.world.rail.pose_at(RAIL_T_S)
                        eye, target = pose.position_du, pose.look_at_du
                    else:
                        eye, target = ion_close_pose(view)
                    base.camera.set_pos(*eye)
                    base.camera.look_at(*target)
                    view.world.update(snapshot, FRAME_S, base.camera)
                    view.ions.update(
                        snapshot, FRAME_S, site_scale=view.world.radial_scale_at(view._ion_y_du)
                    )
                    if k >= SETTLE_FRAMES - 2:
                        base.graphics_engine.render_frame()
                path = args.out_dir / f"{state}_{pose_name}.png"
                base.graphics_engine.render_frame()
                base.win.save_screenshot(Filename.from_os_specific(str(path)))
                print(f"wrote {path}", flush=True)
            view.leave()
            view.cleanup()
    finally:
        base.destroy()
        unload_prc(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
