"""What the story's overlay says, in words (no window needed): the prompt asks to cross the
legs before the release and to watch the recovery after it (not to cross them again), and
once the nerve reports a lasting injury the top bar names it instead of the stage."""

from dataclasses import dataclass, replace

from panda3d.core import NodePath
from play_fakes import FakeReading

from game.play.story import Story
from game.render.play_views.story_overlay import StoryOverlay
from game.sim.nerve_injury import InjuryStatus


@dataclass(frozen=True)
class InjuredReading(FakeReading):
    injury: InjuryStatus | None = None


def texts_under(node) -> list[str]:
    return [n.node().get_text() for n in node.find_all_matches("**/+TextNode")]


def test_after_the_release_the_prompt_says_watch_the_recovery_not_cross_again():
    story = Story(lambda command: None, attract=False)
    overlay = StoryOverlay(NodePath("ui"), story)
    story.update(0.1, FakeReading(physiological_s=60.0))
    overlay.update(FakeReading(physiological_s=60.0))
    assert "Hold to cross your legs" in texts_under(overlay.root)
    story.legs.hold()
    crossed = FakeReading(physiological_s=900.0, legs_crossed=True, stage="complete failure")
    story.update(2.0, crossed)
    story.legs.let_go()
    released = FakeReading(physiological_s=905.0, stage="nerve dark, silent", sensation="numb")
    story.update(2.0, released)
    overlay.update(released)
    shown = texts_under(overlay.root)
    assert story.released_at_s is not None
    assert "Now watch the nerve wake up (G: move the leg gently)" in shown
    assert "Hold to cross your legs" not in shown
    overlay.cleanup()


def test_a_lasting_injury_replaces_the_stage_in_the_top_bar():
    story = Story(lambda command: None, attract=False)
    overlay = StoryOverlay(NodePath("ui"), story)
    dark = InjuredReading(stage="nerve dark, silent", physiological_s=30000.0)
    story.update(0.1, dark)
    overlay.update(dark)
    assert "Nerve dark, silent" in texts_under(overlay.root)
    injury = InjuryStatus(lasting_block={"A-alpha": 0.9, "C": 0.0}, foot_drop=True)
    overlay.update(replace(dark, injury=injury))
    shown = texts_under(overlay.root)
    assert "Nerve injured: foot drop (weeks to heal)" in shown
    assert "Nerve dark, silent" not in shown
    overlay.cleanup()
