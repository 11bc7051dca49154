"""The story's palsy branch on screen, rendered offscreen and looked at: the released nerve's
caption explains foot drop, the legs inset lets the pressed leg's foot hang (labelled, not by
colour alone), and the summary card lists what stayed blocked. Screenshots go to
``$PINS_PLAY_SHOTS`` (default: a temporary folder)."""

import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from play_fakes import FakeReading
from shared_showbase import borrowed_or_own_showbase

from game.sim.nerve_injury import InjuryStatus

pytestmark = pytest.mark.render

WIDTH_PX, HEIGHT_PX = 640, 360


@dataclass(frozen=True)
class InjuredReading(FakeReading):
    injury: InjuryStatus | None = None


FOOT_DROP = InjuryStatus(
    mechanical_dose_mmHg_h=400.0, ischaemia_h=6.5, foot_drop=True, recovery_weeks=12.0,
    lasting_block={"A-alpha": 0.85, "A-beta": 0.7, "A-delta": 0.3, "C": 0.0},
)  # fmt: skip


@pytest.fixture(scope="module")
def base():
    yield from borrowed_or_own_showbase(WIDTH_PX, HEIGHT_PX)


@pytest.fixture
def ui(base):
    root = base.aspect2d.attach_new_node("palsy-view-test")
    yield root
    root.remove_node()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("PINS_PLAY_SHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("palsy-shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def frame(base, shots: Path, name: str) -> np.ndarray:
    from PIL import Image

    base.graphicsEngine.render_frame()
    base.graphicsEngine.render_frame()
    tex = base.win.get_screenshot()
    rgb = np.frombuffer(bytes(tex.get_ram_image_as("RGB")), np.uint8)
    rgb = rgb.reshape(tex.get_y_size(), tex.get_x_size(), 3)[::-1]
    Image.fromarray(rgb).save(shots / f"{name}.png")
    return rgb.astype(int)


def orange(rgb: np.ndarray) -> np.ndarray:
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (r > 150) & (g > 90) & (g < 190) & (b < 80)


def test_the_legs_inset_lets_the_foot_hang_in_the_palsy(base, ui, shots):
    from game.render.play_views.legs_inset import LegsInset

    inset = LegsInset(ui, pos=(0.0, 0.0), size=1.6)
    normal = frame(base, shots, "palsy_inset_normal")
    inset.set_foot_drop(True)
    hanging = frame(base, shots, "palsy_inset_foot_drop")
    assert orange(hanging).sum() > orange(normal).sum() + 200  # the label and its arrow
    assert np.abs(hanging - normal).sum(axis=2).astype(bool).sum() > 500  # the foot moved
    inset.cleanup()


def test_the_story_overlay_shows_the_palsy_branch_and_its_summary(base, ui, shots):
    from game.play.story import Story, default_story
    from game.render.play_views.legs_inset import LegsInset
    from game.render.play_views.story_overlay import StoryOverlay

    story = Story(lambda c: None, attract=False, config=replace(default_story(), summary_play_s=2))
    overlay = StoryOverlay(ui, story)
    inset = LegsInset(ui, pos=(1.25, 0.4), size=0.75)
    story.update(0.1, FakeReading())
    crossed = InjuredReading(legs_crossed=True, stage="complete failure", sensation="numb")
    story.update(0.1, replace(crossed, physiological_s=10.0))
    story.legs.hold()
    story.update(2.0, replace(crossed, physiological_s=6 * 3600.0, injury=FOOT_DROP))
    assert story.palsy
    inset.set_crossed(story.legs.crossed)
    overlay.update(crossed)
    frame(base, shots, "palsy_story_crossed")
    story.legs.let_go()
    released = InjuredReading(
        physiological_s=6 * 3600.0 + 90.0, stage="nerve dark, silent", sensation="numb",
        injury=FOOT_DROP,
    ).with_blocked("A-alpha", "A-beta")  # fmt: skip
    for _ in range(4):
        story.update(0.5, released)
    inset.set_crossed(story.legs.crossed)
    inset.set_foot_drop(story.palsy and story.palsy_released_s is not None)
    overlay.update(released)
    shot = frame(base, shots, "palsy_story_released")
    assert "foot drop" in story.caption.en
    assert orange(shot).sum() > 300  # the numb meter, the foot-drop label
    while story.summary_shown_s is None:
        story.update(0.5, released)
    inset.root.hide()
    overlay.update(released)
    card = frame(base, shots, "palsy_story_summary")
    # the palsy lines are marked in orange (with a cross), below the compression stages
    h = card.shape[0]
    assert orange(card[h // 2 :, :]).sum() > 100
    overlay.cleanup()
    inset.cleanup()
