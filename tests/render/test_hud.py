"""The nerve HUD, offscreen: the oscilloscope trace moves when a spike passes the picked node,
a class's panel entry changes (shape, colour and words) when it blocks, and the captions say
the real time, the slow motion and the units. Snapshots are filled by hand."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance
from panda3d.core import Point3

from game.render.hud import (
    FOOT_DROP_WARNING,
    INJURY_WARNING,
    NerveHud,
    electrical_caption,
    real_time_caption,
    warning_caption,
)
from game.render.hud_classes import class_state
from game.sim.snapshot import ClassSnapshot, NerveSnapshot

CLASSES = (("A-alpha", True, 16.0, 27), ("A-beta", True, 9.0, 27), ("A-delta", True, 3.0, 27),
           ("C", False, 0.8, 60))  # fmt: skip


def hand_snapshot() -> NerveSnapshot:
    """A healthy nerve at rest, legs uncrossed."""
    classes = []
    for name, myelinated, diameter_um, n in CLASSES:
        c = ClassSnapshot(name=name, myelinated=myelinated, diameter_um=diameter_um, n_sites=n)
        c.site_x_um[:] = np.arange(n) * 1000.0
        offset = np.abs((np.arange(n) + 0.5) / n - 0.5) / 0.2
        c.pressure_weight[:] = np.clip(1.0 - (offset - 0.65) / 0.35, 0.0, 1.0)
        c.v_mV[:] = -80.0
        c.atp_mM[:] = 2.5
        c.na_in_mM[:] = 10.0
        c.k_out_mM[:] = 4.5
        c.pump_rate[:] = 1.0
        c.perfusion[:] = 1.0
        classes.append(c)
    return NerveSnapshot(classes=tuple(classes))


# -- no GL needed -----------------------------------------------------------------------------
def test_captions_say_the_real_time_and_the_slow_motion():
    assert real_time_caption(750.0, 12.0) == "12:30 of real time, 12x faster than life"
    assert real_time_caption(3725.0, 60.0).startswith("1:02:05 of real time")
    assert "slowed 5,000x" in electrical_caption(0.25, 0.2)
    assert "real time" in electrical_caption(12.0, 1000.0)


def test_the_warning_line_names_lasting_damage_before_the_shaking_risk():
    from game.sim.nerve_injury import InjuryStatus

    snap = NerveSnapshot(classes=())
    assert warning_caption(snap) == ""
    snap.injury_risk = True
    assert warning_caption(snap) == INJURY_WARNING
    snap.injury = InjuryStatus(lasting_block={"A-alpha": 0.9}, foot_drop=True, recovery_weeks=9)
    assert warning_caption(snap) == FOOT_DROP_WARNING


def test_class_state_reads_block_ectopic_and_failing_off_the_snapshot():
    snap = hand_snapshot()
    c = snap.by_name("A-delta")
    assert class_state(c) == "conducting"
    c.atp_mM[c.pressure_weight >= 0.999] = 0.5
    assert class_state(c) == "failing"
    c.conducting = False
    assert class_state(c) == "blocked"
    c.ectopic_hz = 25.0
    assert class_state(c) == "ectopic"


# -- offscreen ---------------------------------------------------------------------------------
@pytest.fixture
def hud(showbase):
    showbase.set_background_color(0.004, 0.01, 0.04, 1.0)
    hud = NerveHud(
        showbase, shown_class="A-beta", n_sites=27, fiber_diameter_um=9.0, axial_compression=60
    )
    yield hud
    hud.destroy()


def box_px(showbase, node, a: Point3, b: Point3) -> tuple[slice, slice]:
    """Rows and columns of the screen box between points ``a`` and ``b`` of ``node``."""
    width, height = showbase.win.get_x_size(), showbase.win.get_y_size()
    corners = [showbase.render2d.get_relative_point(node, p) for p in (a, b)]
    cols = sorted(round((p.x + 1.0) * 0.5 * (width - 1)) for p in corners)
    rows = sorted(round((1.0 - p.z) * 0.5 * (height - 1)) for p in corners)
    return slice(rows[0], rows[1] + 1), slice(cols[0], cols[1] + 1)


def draw(showbase, hud, snapshot, frames: int = 1) -> np.ndarray:
    for _ in range(frames):
        hud.show(snapshot)
        showbase.graphics_engine.render_frame()
    return frame_rgb(showbase.win)


@pytest.mark.render
def test_the_trace_rises_when_a_spike_passes_the_picked_node(showbase, hud):
    snap = hand_snapshot()
    scope = hud.scope
    # the band between 5 and 35 mV, clear of the grid lines at 0 and +40 mV and of the axis
    rows, cols = box_px(
        showbase, scope.root,
        Point3(0.1 * scope.width, 0, scope._z_of(5.0)), Point3(scope.width, 0, scope._z_of(35.0)),
    )  # fmt: skip
    rest = luminance(draw(showbase, hud, snap, frames=30))[rows, cols]
    c = snap.by_name("A-beta")
    for v in (-60.0, -20.0, 20.0, 30.0, 25.0, 0.0, -40.0, -70.0, -80.0):
        c.v_mV[hud.picked] = v
        spiked = luminance(draw(showbase, hud, snap))[rows, cols]
    assert rest.max() < 40.0, "the trace sat high while the node rested"
    assert spiked.max() > rest.max() + 60.0, "no trace above 0 mV after the spike"
    # a spike at another node leaves the trace alone
    hud.scope.clear(-80.0)
    other = (hud.picked + 5) % 27
    c.v_mV[:] = -80.0
    c.v_mV[other] = 30.0
    elsewhere = luminance(draw(showbase, hud, snap, frames=3))[rows, cols]
    assert elsewhere.max() < 40.0
    # paused, the trace holds still
    snap.paused = True
    held = hud.scope.samples_mV.copy()
    c.v_mV[hud.picked] = 30.0
    draw(showbase, hud, snap, frames=3)
    np.testing.assert_array_equal(hud.scope.samples_mV, held)


@pytest.mark.render
def test_a_class_entry_changes_shape_colour_and_words_when_blocked(showbase, hud):
    snap = hand_snapshot()
    icon = hud.classes._rows[3][1]["conducting"]  # the C fibre's row
    low, high = icon.get_tight_bounds(showbase.render2d)
    rows, cols = box_px(showbase, showbase.render2d, low, high)
    rows = slice(rows.start - 2, rows.stop + 2)
    cols = slice(cols.start - 2, cols.stop + 2)
    before = draw(showbase, hud, snap, frames=2)[rows, cols].astype(int)
    assert hud.classes.states[3] == "conducting"
    snap.by_name("C").conducting = False
    after = draw(showbase, hud, snap, frames=2)[rows, cols].astype(int)
    assert hud.classes.states[3] == "blocked"
    assert hud.classes._rows[3][2].getText().endswith("blocked")

    def lit(rgb):
        return rgb[luminance(rgb) > 40.0]

    assert len(lit(before)) > 3 and len(lit(after)) > 3, "the icon is not drawn"
    # bluish green before, vermillion after: the hue changed...
    assert lit(before)[:, 1].mean() > lit(before)[:, 0].mean()
    assert lit(after)[:, 0].mean() > lit(after)[:, 1].mean()
    # ...and so did the shape: different pixels are lit
    assert np.any((luminance(before) > 40.0) != (luminance(after) > 40.0))


@pytest.mark.render
def test_gauges_and_captions_show_the_picked_site_with_units(showbase, hud):
    snap = hand_snapshot()
    snap.physiological_s, snap.legs_crossed, snap.pressure_mmHg = 750.0, True, 100.0
    c = snap.by_name("A-beta")
    c.atp_mM[hud.picked] = 0.8
    c.perfusion[hud.picked] = 0.03
    rgb = draw(showbase, hud, snap)
    assert luminance(rgb).mean() > 1.0, "nothing drawn"
    assert hud.real_time.text == "12:30 of real time, 12x faster than life"
    assert "slowed 5,000x" in hud.signals.text
    assert hud.legs.text.startswith("Legs crossed: 100 mmHg")
    texts = hud.gauges.texts
    assert texts[0].startswith("ATP 0.80 mM") and texts[3].startswith("blood flow 3 %")
    assert "[Na+] inside 10.0 mM" in texts[1] and "[K+] outside 4.5 mM" in texts[2]
    hud.show_movement(True)
    assert hud.movement.text == "Moving the leg gently"
    picked = hud.picked
    assert hud.pick_next() == picked + 1
    draw(showbase, hud, snap)
    assert hud.gauges.texts[0].startswith("ATP 2.50 mM")


@pytest.mark.render
def test_keys_cross_the_legs_pause_and_pick_a_node_in_the_running_experience(
    showbase, compiled_kernels
):
    """The app's session (scene, HUD, flight, keys, nerve thread) driven by key events."""
    from game import app
    from game.comfort import ComfortSettings
    from game.options import RunOptions
    from game.play.nerve_thread import NerveSimulationThread
    from game.render.frame_capture import FrameCapture
    from game.sim.nerve import Nerve

    options = RunOptions(offscreen=True, frames=40, width_px=320, height_px=180, fixed_frame_s=0.05)
    sim = NerveSimulationThread(lambda: Nerve(), max_lag_s=None)
    session = app.NerveSession(showbase, sim, options, ComfortSettings())
    seen, frame = {}, [0]

    def script(task):
        n = frame[0] = frame[0] + 1
        key = {3: "c", 10: "tab", 20: "p", 30: "c-up"}.get(n)
        if key:
            showbase.messenger.send(key)
        if n in (2, 12, 28, 38):
            s = sim.latest()
            seen[n] = (s.legs_crossed, s.paused, s.physiological_s, session.hud.legs.text,
                       session.hud.scope.title.text)  # fmt: skip
        return task.cont

    build = session._build

    def build_and_script():
        build()
        showbase.task_mgr.add(script, "test-script", sort=47)

    session._build = build_and_script
    sim.start()
    try:
        session.run(FrameCapture(screenshot=None, record_dir=None))
    finally:
        sim.stop()
        session.cleanup()
        showbase.task_mgr.remove("test-script")
    assert sim.error is None
    assert seen[2][:2] == (False, False)
    assert seen[12][0] and seen[12][3].startswith("Legs crossed")
    assert seen[12][4].startswith("A-beta node 15 of 27"), "Tab picked the next node"
    assert seen[28][1], "P paused the nerve"
    assert seen[28][2] == seen[38][2], "the clocks stood still while paused"
    assert not seen[38][0], "releasing C uncrossed the legs"
    assert not any(t.name == "nerve-touch" for t in showbase.task_mgr.getAllTasks())


@pytest.mark.render
def test_a_palsy_shows_on_the_stage_line_instead_of_nerve_dark_silent(showbase, hud):
    """A palsy has no stage of its own: the sim's stage stays "nerve dark, silent" after
    release, which would tell the visitor the nerve is only waking up. The HUD's stage line
    names the injury instead, and goes back to the stage when there is none."""
    from game.sim.nerve_injury import InjuryStatus

    snap = hand_snapshot()
    snap.stage = "nerve dark, silent"
    draw(showbase, hud, snap)
    assert hud.stage.text == "Stage: nerve dark, silent"
    snap.injury = InjuryStatus(lasting_block={"A-alpha": 0.9, "A-beta": 0.9, "C": 0.0},
                               foot_drop=True, recovery_weeks=12.0)  # fmt: skip
    draw(showbase, hud, snap)
    assert hud.stage.text.startswith("Nerve injured: foot drop")
    snap.injury = InjuryStatus(lasting_block={"A-alpha": 0.3, "A-beta": 0.3, "C": 0.0})
    draw(showbase, hud, snap)
    assert hud.stage.text.startswith("Nerve injured: lasting damage")
    snap.injury = InjuryStatus(lasting_block={"A-alpha": 0.0, "C": 0.0})  # dose, no damage yet
    draw(showbase, hud, snap)
    assert hud.stage.text == "Stage: nerve dark, silent"
