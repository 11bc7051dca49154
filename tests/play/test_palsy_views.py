"""The story's palsy branch on screen, rendered offscreen and looked at: the released nerve's
caption explains foot drop, the legs inset lets the pressed leg's foot hang (labelled, not by
colour alone), and the summary card lists what stayed blocked. Screenshots go to
``$PINS_PLAY_SHOTS`` (default: a temporary folder); the fixtures are in ``conftest.py``."""

from dataclasses import dataclass, replace

import numpy as np
import pytest
from play_fakes import FakeReading

from game.sim.nerve_injury import InjuryStatus

pytestmark = pytest.mark.render


@dataclass(frozen=True)
class InjuredReading(FakeReading):
    injury: InjuryStatus | None = None


FOOT_DROP = InjuryStatus(
    mechanical_dose_mmHg_h=400.0, ischaemia_h=6.5, foot_drop=True, recovery_weeks=12.0,
    lasting_block={"A-alpha": 0.85, "A-beta": 0.7, "A-delta": 0.3, "C": 0.0},
)  # fmt: skip


def texts_under(node) -> list[str]:
    return [n.node().get_text() for n in node.find_all_matches("**/+TextNode")]


def test_the_lesson_card_names_the_injury_where_it_shows_the_stage(base, ui, frame):
    from game.i18n import Strings
    from game.play.chapter_run import ChapterRun
    from game.play.lessons import load_all_chapters
    from game.render.play_views.chapter_card import ChapterCard

    chapter = next(c for c in load_all_chapters()[0] if c.id == "saturday_night_palsy")
    run = ChapterRun(chapter, lambda command: None)
    card = ChapterCard(ui, run, strings=Strings(("en", "es")), language="es")
    run.start_challenge()
    card.show_reading(InjuredReading(stage="complete failure", legs_crossed=True))
    assert "El nervio ahora: Fallo completo" in texts_under(card.root)
    released = InjuredReading(stage="nerve dark, silent", injury=FOOT_DROP)
    assert card.show_reading(released.with_blocked("A-alpha", "A-beta"))
    shown = texts_under(card.root)
    frame("palsy_lesson_card_injured")
    assert "Nervio lesionado: pie caído (semanas para curarse)" in shown
    assert not any("oscuro" in t for t in shown)
    assert "\u2717 A-alpha bloqueada" in shown and "\u2713 C pasa" in shown
    assert not card.show_reading(released.with_blocked("A-alpha", "A-beta"))  # no change
    card.cleanup()


def test_the_legs_inset_lets_the_foot_hang_in_the_palsy(base, ui, frame, orange):
    from game.render.play_views.legs_inset import LegsInset

    inset = LegsInset(ui, pos=(0.0, 0.0), size=1.6)
    normal = frame("palsy_inset_normal")
    inset.set_foot_drop(True)
    hanging = frame("palsy_inset_foot_drop")
    assert orange(hanging).sum() > orange(normal).sum() + 200  # the label and its arrow
    assert np.abs(hanging - normal).sum(axis=2).astype(bool).sum() > 500  # the foot moved
    inset.cleanup()


def test_the_story_overlay_shows_the_palsy_branch_and_its_summary(base, ui, frame, orange):
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
    frame("palsy_story_crossed")
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
    shot = frame("palsy_story_released")
    assert "foot drop" in story.caption.en
    # where the stage goes: the injury, not "nerve dark, silent" (a palsy has no stage)
    shown = texts_under(overlay.root)
    assert any(t.startswith("Nerve injured: foot drop") for t in shown), shown
    assert not any(t.lower().startswith("nerve dark") for t in shown)
    assert orange(shot).sum() > 300  # the numb meter, the foot-drop label
    while story.summary_shown_s is None:
        story.update(0.5, released)
    inset.root.hide()
    overlay.update(released)
    card = frame("palsy_story_summary")
    # the palsy lines are marked in orange (with a cross), below the compression stages
    h = card.shape[0]
    assert orange(card[h // 2 :, :]).sum() > 100
    overlay.cleanup()
    inset.cleanup()
