"""The flight's pieces that need no GL context: rail, captions, voltage upload, output paths."""

import numpy as np
import pytest

from game.errors import UsageError
from game.render.camera_rail import FADE_S, CameraRail
from game.render.frame_capture import FrameCapture, frame_path
from game.render.hud import scale_caption, time_caption
from game.render.tunnel_layout import layout_for_fiber
from game.render.voltage_texture import VoltageTexture
from game.sim.fiber_geometry import mrg_geometry


@pytest.fixture(scope="module")
def layout():
    geometry = mrg_geometry(diameter_um=10.0)
    return layout_for_fiber(geometry, np.arange(30) * geometry.node_spacing_um)


def test_rail_moves_at_constant_speed_and_loops(layout):
    rail = CameraRail(layout, speed_um_per_s=7.0)
    y = np.array([rail.pose_at(t).position_um[1] for t in np.arange(0.0, 10.0, 0.5)])
    np.testing.assert_allclose(np.diff(y), 3.5, rtol=1e-9)
    assert rail.pose_at(rail.loop_s + 1.0).position_um[1] == pytest.approx(y[2])


def test_rail_stays_inside_the_narrowest_node_and_fades_at_the_cut(layout):
    rail = CameraRail(layout)
    for t in np.linspace(0.0, rail.loop_s, 400):
        x, _, z = rail.pose_at(t).position_um
        assert np.hypot(x, z) < 0.5 * layout.node_radius_um
    assert rail.pose_at(0.0).brightness == 0.0
    assert rail.pose_at(FADE_S).brightness == pytest.approx(1.0)
    assert rail.pose_at(0.5 * rail.loop_s).brightness == 1.0
    assert rail.pose_at(rail.loop_s - 0.5 * FADE_S).brightness == pytest.approx(0.5)


def test_captions_state_the_scale_and_the_slow_motion():
    assert "60x shorter than life" in scale_caption(fiber_diameter_um=10.0, axial_compression=60)
    assert "slowed 5,000x" in time_caption(0.25, electrical_ms_per_s=0.2)


def test_voltage_upload_copies_the_snapshot_bytes_into_the_texture():
    texture = VoltageTexture(30)
    v = np.linspace(-80.0, 30.0, 30, dtype=np.float32)
    texture.upload(v)
    stored = np.frombuffer(bytes(texture.texture.get_ram_image()), dtype=np.float32)
    np.testing.assert_array_equal(stored, v)
    with pytest.raises(ValueError):
        texture.upload(v.astype(np.float64))


def test_output_paths_are_checked_before_a_window_opens(tmp_path):
    FrameCapture(screenshot=tmp_path / "a.png", record_dir=tmp_path / "frames").check_paths()
    assert (tmp_path / "frames").is_dir()
    assert frame_path(tmp_path, 12).name == "frame_000012.png"
    with pytest.raises(UsageError, match="--screenshot .* does not exist"):
        FrameCapture(screenshot=tmp_path / "missing" / "a.png", record_dir=None).check_paths()
    with pytest.raises(UsageError, match=r"\.png"):
        FrameCapture(screenshot=tmp_path / "a.jpg", record_dir=None).check_paths()
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="--record .* not a directory"):
        FrameCapture(screenshot=None, record_dir=tmp_path / "file").check_paths()
