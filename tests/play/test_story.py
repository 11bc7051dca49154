"""The kiosk story: driven by a real simulated nerve through the whole arc, every beat is
entered in order with its caption, only when the simulation shows its stage; the sensation
meter follows the sensation model; the summary card holds each stage's physiological time."""

from dataclasses import dataclass, replace

import pytest
from play_fakes import FakeReading

from game.datafile import DataFileError
from game.play.nerve_view import HeadlessNerve
from game.play.story import STORY_PATH, Story, default_story, load_story
from game.sim.commands import SetClockRates, SetPressure
from game.sim.nerve_injury import InjuryStatus
from game.sim.protocol import COMPRESSION_STAGES

#: Beats the article profile's nerve always shows; the three recovery phases between "dark"
#: and "normal propagation" depend on how much ectopic firing a run catches.
REQUIRED = (
    "healthy", "legs_crossed", "vascular_compression", "partial_depolarisation",
    "complete_failure", "released", "nerve_dark_silent", "normal_propagation_resuming",
    "smooth_continuous_propagation", "normal",
)  # fmt: skip


@pytest.fixture(scope="module")
def story_run():
    """The attract-mode story at 4x the kiosk's physiological speed, 0.5 s of play a tick."""
    nerve = HeadlessNerve(speed_factor=4.0, min_electrical_ms_per_s=5.0)
    story = Story(nerve.send, attract=True, config=replace(default_story(), summary_play_s=1.0))
    reading = nerve.reading
    captions_seen = []
    stages_read = []
    for _ in range(400):
        for event in story.update(0.5, reading):
            if event.kind == "story-beat":
                captions_seen.append((event.beat.id, story.caption))
        if story.finished:
            break
        reading = nerve.step(0.5)
        stages_read.append(reading.stage)
    return story, nerve, captions_seen, stages_read


@pytest.mark.slow
def test_the_story_reaches_every_beat_in_order_with_its_caption(story_run):
    story, _nerve, captions_seen, _ = story_run
    assert story.finished
    ids = [b.id for b in story.config.beats]
    entered = [e.beat.id for e in story.entries if not e.skipped]
    assert [i for i in ids if i in entered] == entered  # never backwards
    for required in REQUIRED:
        assert required in entered, f"beat {required} never reached: {entered}"
    for beat_id, caption in captions_seen:
        assert caption.key == f"story.{beat_id}.caption" and caption.en.strip()
    assert ("complete_failure", story.config.beats[ids.index("complete_failure")].caption) in (
        captions_seen
    )
    # the kiosk lets go by itself long before the nerve could be damaged
    assert not story.palsy and "kept_crossed" not in entered
    assert not _nerve.nerve.injury_status().injured


@pytest.mark.slow
def test_each_beat_was_entered_only_when_the_simulation_showed_its_stage(story_run):
    story, _nerve, _, stages_read = story_run
    for entry in story.entries:
        if not entry.skipped:
            assert entry.physiological_s is not None
    # every compression stage the story shows was read off the nerve, in the article's order
    firsts = [stages_read.index(s) for s in COMPRESSION_STAGES if s in stages_read]
    assert firsts == sorted(firsts) and "complete failure" in stages_read


@pytest.mark.slow
def test_the_story_crossed_and_uncrossed_the_legs_and_set_the_clocks(story_run):
    _story, nerve, _, _ = story_run
    pressures = [c.pressure_mmHg for c in nerve.sent if isinstance(c, SetPressure)]
    assert pressures[0] > 60.0 and pressures[-1] == 0.0
    rates = [c for c in nerve.sent if isinstance(c, SetClockRates)]
    assert len({r.physiological_speedup for r in rates}) >= 3


@pytest.mark.slow
def test_the_summary_card_gives_physiological_times_inside_the_article_windows(story_run):
    story, *_ = story_run
    lines = {line.stage: line for line in story.summary().lines}
    failure = lines["complete failure"].minutes_after_crossing
    assert 10.0 <= failure <= 20.0  # article: complete failure at 10-20 min
    assert lines["vascular compression"].minutes_after_crossing < 2.0
    restored = lines["smooth continuous propagation"].seconds_after_release
    assert 60.0 <= restored <= 300.0
    assert "min after crossing" in lines["complete failure"].text


def test_the_story_does_not_move_on_by_itself_whatever_the_time():
    sent = []
    story = Story(sent.append, attract=False)
    healthy = FakeReading()
    for i in range(200):
        story.update(1.0, replace(healthy, physiological_s=i * 60.0))
    assert story.beat.id == "healthy" and not story.finished
    crossed = FakeReading(legs_crossed=True, stage="vascular compression")
    story.update(0.1, crossed)
    assert story.beat.id == "legs_crossed"
    story.update(10.0, replace(crossed, stage="complete failure", sensation="numb"))
    # ATP depletion and partial depolarisation were never read: skipped, not shown
    assert story.beat.id == "complete_failure"
    skipped = [e.beat.id for e in story.entries if e.skipped]
    assert skipped == ["vascular_compression", "atp_depletion", "partial_depolarisation"]
    assert story.meter[1].en == "Numb" and story.meter[0] > 0.5


def test_the_sensation_meter_follows_the_reading():
    story = Story(lambda c: None, attract=False)
    story.update(0.1, FakeReading(sensation="pins_and_needles"))
    assert story.meter[0] == 1.0 and story.meter[1].key == "sensation.pins_and_needles"
    story.update(0.1, FakeReading(sensation="normal"))
    assert story.meter[0] == 0.0


def test_a_story_file_naming_a_stage_that_does_not_exist_is_refused(tmp_path):
    bad = tmp_path / "story.toml"
    bad.write_text(STORY_PATH.read_text().replace('stage = "ATP depletion"', 'stage = "ATP crash"'))
    with pytest.raises(DataFileError, match=r"beat\[3\]\.stage.*unknown stage 'ATP crash'"):
        load_story(bad)


@dataclass(frozen=True)
class InjuredReading(FakeReading):
    injury: InjuryStatus | None = None


FOOT_DROP = InjuryStatus(
    mechanical_dose_mmHg_h=500.0, ischaemia_h=7.0, foot_drop=True, recovery_weeks=12.0,
    lasting_block={"A-alpha": 0.9, "A-beta": 0.75, "A-delta": 0.3, "C": 0.0},
)  # fmt: skip


def test_legs_crossed_far_too_long_end_in_saturday_night_palsy_not_recovery():
    config = replace(default_story(), summary_play_s=1.0)
    story = Story(lambda c: None, attract=False, config=config)
    story.update(0.1, FakeReading())
    crossed = InjuredReading(legs_crossed=True, stage="complete failure", sensation="numb")
    story.update(0.1, replace(crossed, physiological_s=10.0))
    # hours crossed alone change nothing: the simulated nerve reports the damage
    story.update(0.1, replace(crossed, physiological_s=5 * 3600.0))
    assert not story.palsy
    events = story.update(0.1, replace(crossed, physiological_s=6 * 3600.0, injury=FOOT_DROP))
    assert "story-palsy" in [e.kind for e in events]
    assert story.caption.key == "story.palsy.caption" and "palsy" in story.caption.en
    # released: the nerve does not recover; the caption explains foot drop
    released = InjuredReading(
        physiological_s=6 * 3600.0 + 60.0, stage="nerve dark, silent", sensation="numb",
        injury=FOOT_DROP,
    ).with_blocked("A-alpha", "A-beta")  # fmt: skip
    story.update(0.5, released)
    assert story.caption.key == "story.palsy.released_caption"
    assert "foot drop" in story.caption.en and "Saturday night palsy" in story.caption.en
    assert story.summary_shown_s is None  # the nerve that does not recover is shown first
    for _ in range(30):
        story.update(0.5, released)
    assert story.finished
    summary = story.summary()
    stages = [line.stage for line in summary.lines]
    assert summary.palsy and "smooth continuous propagation" not in stages
    assert "palsy-blocked:A-alpha" in stages and "palsy-blocked:C" not in stages
    assert "palsy-foot-drop" in stages
    palsy_line = next(line for line in summary.lines if line.stage == "palsy")
    assert "Saturday night palsy" in palsy_line.text
    assert palsy_line.value == pytest.approx(6.0, 0.01)
    weeks = next(line for line in summary.lines if line.stage == "palsy-recovery")
    assert weeks.value == 12.0 and "12 weeks" in weeks.text


def test_refusing_to_uncross_enters_the_long_night_beat_only_after_half_an_hour():
    sent = []
    story = Story(sent.append, attract=False)
    story.update(5.0, FakeReading())
    failed = FakeReading(legs_crossed=True, stage="complete failure", sensation="numb")
    t = 10.0
    story.update(5.0, replace(failed, physiological_s=t))
    for _ in range(10):
        t += 60.0
        story.update(5.0, replace(failed, physiological_s=t))
    assert story.beat.id == "complete_failure"  # 10 min crossed: not yet
    story.update(5.0, replace(failed, physiological_s=10.0 + 31 * 60.0))
    assert story.beat.id == "kept_crossed"
    assert sent[-1] == SetClockRates(360.0, 0.2)  # hours a minute, as when asleep on it


def test_a_long_night_beat_the_kiosk_could_reach_by_itself_is_refused(tmp_path):
    bad = tmp_path / "story.toml"
    text = STORY_PATH.read_text()
    bad.write_text(text.replace("crossed_for_min = 30.0", "crossed_for_min = 20.0"))
    with pytest.raises(DataFileError, match=r"beat\[6\]\.crossed_for_min.*kiosk must never"):
        load_story(bad)


def test_legs_uncrossed_early_still_end_the_story_when_the_nerve_is_normal():
    story = Story(lambda c: None, attract=False)
    story.update(5.0, FakeReading())
    assert story.beat.id == "healthy"  # a healthy nerve before any crossing never ends it
    crossed = FakeReading(legs_crossed=True, stage="vascular compression", physiological_s=10.0)
    story.update(5.0, crossed)
    story.update(5.0, replace(crossed, stage="partial depolarisation", physiological_s=400.0))
    assert story.beat.id == "partial_depolarisation"
    # released before complete failure: the sim reads a healthy nerve again
    story.update(5.0, FakeReading(physiological_s=460.0, stage="healthy"))
    assert story.beat.id == "normal"
    for _ in range(20):
        story.update(1.0, FakeReading(physiological_s=470.0, stage="healthy"))
    assert story.finished


def test_attract_lets_go_when_the_nerve_never_fails_completely():
    """The evidence profile's C fibres hold out: the attract story must not keep the legs
    crossed until nerve damage; it lets go after release_after_crossed_min."""
    sent = []
    story = Story(sent.append, attract=True)
    limit_min = story.config.release_after_crossed_min
    assert 20.0 <= limit_min < 60.0  # past complete failure's window, short of palsy
    t = 0.0
    for _ in range(100):  # the healthy beat: the story crosses the legs itself
        story.update(0.1, FakeReading(physiological_s=t))
        t += 1.0
    assert story.legs.holding
    stuck = FakeReading(legs_crossed=True, stage="partial depolarisation", sensation="numb")
    start = t
    while t - start < (limit_min - 1.0) * 60.0:
        story.update(0.5, replace(stuck, physiological_s=t))
        t += 30.0
    assert story.legs.holding  # not yet
    story.update(0.5, replace(stuck, physiological_s=start + limit_min * 60.0 + 1.0))
    assert not story.legs.holding and not story.palsy
