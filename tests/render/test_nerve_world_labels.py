"""Labels: the structure looked at is named, with its compression vulnerability, on screen;
looking away shows none; a broken labels file is refused in one line naming file and key."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, luminance
from panda3d.core import Point3

from game.datafile import DataFileError
from game.render.camera_rail import configure_lens
from game.render.nerve_world.labels import LABELS_PATH, STRUCTURES, load_labels
from game.render.nerve_world.scene import NerveWorld
from game.render.nerve_world.synthetic import snapshot_shape

pytestmark = pytest.mark.render


@pytest.fixture
def world(showbase, scene_root):
    snapshot = snapshot_shape()
    world = NerveWorld(scene_root, snapshot, aspect2d=showbase.aspect2d)
    showbase.set_background_color(*world.look.fog_colour, 1.0)
    lens = showbase.cam.node().get_lens()
    configure_lens(lens, far_um=world.look.far_du)
    lens.set_near(0.2)
    yield world, snapshot
    world.cleanup()


def _label_area(showbase) -> np.ndarray:
    showbase.graphics_engine.render_frame()
    lum = luminance(frame_rgb(showbase.win))
    h, w = lum.shape
    return lum[: h // 3, : w // 2]


def test_label_appears_when_looking_at_a_vessel_and_not_when_looking_away(showbase, world):
    world, snapshot = world
    vessel = world.layout.vessels[0]
    target = vessel.points_du[len(vessel.points_du) // 2]
    eye = (
        target
        - np.array([0.0, 12.0, 0.0])
        - 4.0 * np.array([target[0], 0.0, target[2]]) / np.hypot(target[0], target[2])
    )
    showbase.camera.set_pos(*eye)
    showbase.camera.look_at(Point3(*target))
    world.update(snapshot, 0.0, showbase.camera)
    assert world.labels.current == "vasa_nervorum"
    assert "critical" in world.labels.labels.labels["vasa_nervorum"].caption
    with_label = _label_area(showbase)
    world.labels.node.hide()
    without_label = _label_area(showbase)
    world.labels.node.show()
    assert (np.abs(with_label - without_label) > 40).sum() > 100, "no label text on screen"

    # Outside the nerve, looking out into the dark: nothing is named.
    showbase.camera.set_pos(-200.0, 100.0, 0.0)
    showbase.camera.look_at(-400.0, 100.0, 0.0)
    world.update(snapshot, 0.0, showbase.camera)
    assert world.labels.current is None
    assert world.labels.node.is_hidden()


def test_each_structure_can_be_picked(showbase, world):
    world, _ = world
    picker = world.labels
    for key in ("myelin", "axon", "perineurium", "epineurium"):
        points = picker._points[picker._owner == picker._keys.index(key)]
        target = points[len(points) // 2]
        eye = (
            target
            + np.array([0.0, -3.0, 0.0])
            + 1.5
            * (np.array([0.0, target[1], 0.0]) - target)
            / max(1e-6, np.hypot(target[0], target[2]))
        )
        forward = (target - eye) / np.linalg.norm(target - eye)
        assert picker.pick(eye, forward) == key


def test_labels_file_names_every_structure_with_its_vulnerability():
    labels = load_labels()
    assert set(labels.labels) == set(STRUCTURES)
    vulnerability = {k: v.vulnerability for k, v in labels.labels.items()}
    assert vulnerability == {
        "epineurium": "low", "perineurium": "moderate", "endoneurium": "high",
        "vasa_nervorum": "critical", "myelin": "high", "axon": "highest",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("broken", "key", "expected"),
    [
        ('vulnerability = "low"', "structures.epineurium.vulnerability", "one of"),
        ("cone_deg = 9.0", "picking.cone_deg", "from 0.5 to 45"),
        ('name = "Epineurium"', "structures.epineurium.name", "missing"),
    ],
)
def test_a_broken_labels_file_is_refused_in_one_line(tmp_path, broken, key, expected):
    text = LABELS_PATH.read_text(encoding="utf-8")
    replacement = {
        'vulnerability = "low"': 'vulnerability = "mild"',
        "cone_deg = 9.0": "cone_deg = 90.0",
        'name = "Epineurium"': "",
    }[broken]
    path = tmp_path / "labels.toml"
    path.write_text(text.replace(broken, replacement, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_labels(path)
    message = str(info.value)
    assert "\n" not in message
    assert "labels.toml" in message and key in message and expected in message
