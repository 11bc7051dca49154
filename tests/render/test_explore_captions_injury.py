"""After a palsy (hours of pressure: the snapshot's ``injury`` reports a lasting block) the
explore captions say the injury, not "the nerve is still dark" or "recovered"; without an
injury, and while the pressure is on, they say the stage as before; the injured captions are
validated like the others, and the explore view's driver passes the snapshot's injury on."""

import pytest

from game.render.explore_captions import CAPTIONS_PATH, load_explore_captions
from game.sim.nerve_injury import InjuryStatus
from game.sim.stages import COMPRESSION_STAGES, RECOVERY_PHASES

PALSY = InjuryStatus(lasting_block={"A-alpha": 0.9, "A-beta": 0.8, "A-delta": 0.0, "C": 0.0},
                     foot_drop=True, recovery_weeks=8.0)  # fmt: skip
MINUTES = InjuryStatus(lasting_block={"A-alpha": 0.0, "A-beta": 0.0, "A-delta": 0.0, "C": 0.0})


@pytest.fixture(scope="module")
def texts():
    return load_explore_captions()


@pytest.mark.parametrize("view", ["world", "tunnel"])
def test_after_a_palsy_the_captions_say_the_injury_not_still_dark(texts, view):
    dark = texts.stage(view, "nerve dark, silent")
    assert "still dark" in dark  # the caption a palsy must not get
    said = texts.stage(view, "nerve dark, silent", injury=PALSY)
    assert said != dark and "injured" in said
    for stage in (*RECOVERY_PHASES, "healthy"):  # nor "recovered" while it stays blocked
        assert texts.stage(view, stage, injury=PALSY) == said


@pytest.mark.parametrize("view", ["world", "tunnel"])
def test_without_a_lasting_block_or_under_pressure_the_stage_is_said(texts, view):
    for stage in (*COMPRESSION_STAGES, *RECOVERY_PHASES):
        usual = texts.stage(view, stage)
        assert texts.stage(view, stage, injury=None) == usual
        assert texts.stage(view, stage, injury=MINUTES) == usual  # minutes harm nothing
    for stage in COMPRESSION_STAGES:  # legs crossed again: the pressure's captions hold
        assert texts.stage(view, stage, injury=PALSY) == texts.stage(view, stage)


def test_a_too_long_injured_caption_is_one_line_naming_the_key(tmp_path):
    from game.datafile import DataFileError

    text = CAPTIONS_PATH.read_text()
    start = text.index("[injured]")
    start = text.index("\ntunnel = ", start) + 1
    end = text.index("\n", start)
    bad = tmp_path / "captions.toml"
    bad.write_text(text[:start] + 'tunnel = "' + "y" * 90 + '"' + text[end:])
    with pytest.raises(DataFileError) as caught:
        load_explore_captions(bad)
    assert "injured.tunnel" in str(caught.value) and "\n" not in str(caught.value)
    bad.write_text(text[: text.index("[injured]")])
    with pytest.raises(DataFileError, match="injured"):
        load_explore_captions(bad)


class _Recorder:
    """Stands in for the caption box, the views, the task manager, the clock and the sim."""

    def __init__(self):
        self.said: list[str] = []
        self.snapshot = None
        self.error = None

    def say(self, text, interrupt=False):
        self.said.append(text)

    def enter(self):
        pass

    def leave(self):
        pass

    def show(self, *args):
        pass

    def add(self, *args, **kwargs):
        pass

    def get_frame_time(self):
        return 0.0

    def set_play_time(self, play_s):
        pass

    def wait_caught_up(self, timeout_s):
        return True

    def latest(self):
        return self.snapshot


def test_the_explore_view_says_the_injury_after_a_palsy(texts):
    from types import SimpleNamespace

    from game.render.explore_view import ExploreDriver

    fake = _Recorder()
    driver = ExploreDriver(sim=fake, views={"world": fake, "tunnel": fake}, hud=None,
                           captions=fake, task_mgr=fake, clock=fake, fixed_frame_s=0.1,
                           texts=texts)  # fmt: skip
    driver.start()
    for stage, injury in (("healthy", None), ("complete failure", PALSY),
                          ("nerve dark, silent", PALSY)):  # fmt: skip
        fake.snapshot = SimpleNamespace(stage=stage, injury=injury)
        driver._update(None)
    assert fake.said[-1] == texts.on_injured["world"], fake.said
    driver.switch("tunnel")
    assert fake.said[-1] == texts.on_injured["tunnel"], fake.said
