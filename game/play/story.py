"""The kiosk's 2-3 minute story: beats from ``levels/story/story.toml``, moved on only by
the simulated nerve.

Each beat names the stage (and optionally the legs and the sensation) the nerve must show;
the story enters the first later beat whose conditions the newest reading meets, so it can
never run ahead of the simulation, and beats the simulation skipped are recorded as skipped.
A beat is held at least ``min_play_s`` seconds of play so its caption can be read. In
attract mode the story crosses and uncrosses the legs itself (``game.play.legs``). It ends
with a summary card: each stage reached and when, in physiological time.

A visitor who refuses to uncross enters a beat that only a long crossing reaches
(``crossed_for_min``, longer than attract mode ever holds) and that runs the clock at hours a
minute; when the simulated nerve reports lasting damage (``game.sim.nerve_injury``, through
the legs) the story takes the "Saturday night palsy" branch: its caption, a look at the
released nerve that does not recover, and a summary card of what stays blocked.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.play.legs import Legs
from game.play.nerve_view import NerveReading, Send
from game.play.palsy import MOTOR_CLASS
from game.play.play_data import (
    ALL_STAGES,
    COMPRESSION_STAGES,
    PROFILE_NAMES,
    RECOVERY_PHASES,
    SENSATIONS,
    TEXT,
    Text,
    require_choice,
    text,
)  # fmt: skip
from game.sim.commands import SetClockRates

STORY_PATH = REPO_ROOT / "levels" / "story" / "story.toml"
#: Attract mode's longest crossing (physiological minutes): well past the article's complete
#: failure (10-20 min), well short of nerve damage (legs.toml: an hour).
DEFAULT_RELEASE_AFTER_CROSSED_MIN = 25.0


BEAT_SCHEMA = {
    "id": Field("string"),
    # one stage name or a list of them (a single name is read as a list of one)
    "stage": Field("list", item_kind="string"),
    "legs_crossed": Field("bool", required=False),
    "sensation": Field("string", required=False, choices=SENSATIONS),
    # true: only once the legs have been crossed and uncrossed in this story
    "after_release": Field("bool", required=False),
    "min_play_s": Field("number", min=0.0, max=60.0),
    # only once the legs have been crossed at least this many physiological minutes
    "crossed_for_min": Field("number", min=1.0, max=1440.0, required=False),
    "physiological_speedup": Field("number", min=0.0, max=1e5),
    "electrical_ms_per_s": Field("number", min=0.0, max=1e4),
    "caption": TEXT,
}
METER_ENTRY = Field("table", schema={"level": Field("number", min=0.0, max=1.0), "label": TEXT})
SUMMARY_KEYS = (
    "heading", "crossed_line", "released_line", "skipped_line", "palsy_line",
    "palsy_blocked_line", "palsy_foot_drop_line", "palsy_recovery_line",
)  # fmt: skip
PALSY_SCHEMA = {
    "caption": TEXT,
    # shown once the legs uncross after the damage: the nerve that does not recover
    "released_caption": TEXT,
    "released_play_s": Field("number", min=0.0, max=120.0),
    "released_physiological_speedup": Field("number", min=0.0, max=1e5),
}
FILE_SCHEMA = {
    "title": TEXT,
    "profile": Field("string", choices=PROFILE_NAMES),
    "attract": Field(
        "table",
        schema={
            **{
                k: Field("number", min=0.0, max=600.0)
                for k in ("cross_after_play_s", "release_after_play_s", "summary_play_s")
            },
            # a profile whose nerve never fails completely (evidence: C fibres hold out)
            # must still be released: after this many physiological minutes crossed
            "release_after_crossed_min": Field("number", min=1.0, max=600.0, required=False),
        },
    ),
    "meter": Field("table", schema={s: METER_ENTRY for s in SENSATIONS}),
    "summary": Field("table", schema={k: TEXT for k in SUMMARY_KEYS}),
    "beat": Field("list", schema=BEAT_SCHEMA),
    "palsy": Field("table", schema=PALSY_SCHEMA),
}


@dataclass(frozen=True)
class Beat:
    id: str
    stages: tuple[str, ...]
    legs_crossed: bool | None
    sensation: str | None
    after_release: bool
    min_play_s: float
    physiological_speedup: float
    electrical_ms_per_s: float
    caption: Text
    crossed_for_min: float | None = None

    def holds(
        self, reading: NerveReading, *, released: bool, crossed_min: float | None = None
    ) -> bool:
        long_enough = self.crossed_for_min is None or (
            crossed_min is not None and crossed_min >= self.crossed_for_min
        )
        return (
            long_enough
            and reading.stage in self.stages
            and (not self.after_release or released)
            and (self.legs_crossed is None or reading.legs_crossed == self.legs_crossed)
            and (self.sensation is None or reading.sensation == self.sensation)
        )


@dataclass(frozen=True)
class StoryConfig:
    title: Text
    profile: str
    cross_after_play_s: float
    release_after_play_s: float
    summary_play_s: float
    meter: dict[str, tuple[float, Text]]
    summary: dict[str, Text]
    beats: tuple[Beat, ...]
    palsy_caption: Text
    palsy_released_caption: Text
    palsy_released_play_s: float
    palsy_released_speedup: float
    #: Attract mode lets go after this many physiological minutes crossed, whatever the stage.
    release_after_crossed_min: float = DEFAULT_RELEASE_AFTER_CROSSED_MIN


def load_story(path: Path = STORY_PATH) -> StoryConfig:
    """Read and check the story; raises DataFileError naming file, key and expectation."""
    data = load_toml(path)
    for raw in data.get("beat", []) if isinstance(data.get("beat"), list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("stage"), str):
            raw["stage"] = [raw["stage"]]
    check_table(path, data, FILE_SCHEMA)
    beats = []
    ids = set()
    for i, raw in enumerate(data["beat"]):
        for stage in raw["stage"]:
            require_choice(path, f"beat[{i}].stage", stage, ALL_STAGES, "stage")
        if raw["id"] in ids:
            raise DataFileError(path, f"beat[{i}].id", f"'{raw['id']}' is used twice")
        ids.add(raw["id"])
        beats.append(
            Beat(
                id=raw["id"],
                stages=tuple(raw["stage"]),
                legs_crossed=raw.get("legs_crossed"),
                sensation=raw.get("sensation"),
                after_release=raw.get("after_release", False),
                min_play_s=float(raw["min_play_s"]),
                physiological_speedup=float(raw["physiological_speedup"]),
                electrical_ms_per_s=float(raw["electrical_ms_per_s"]),
                caption=text(raw["caption"]),
                crossed_for_min=raw.get("crossed_for_min"),
            )
        )
    if not beats:
        raise DataFileError(path, "beat", "expected at least one beat")
    a = data["attract"]
    attract_limit_min = a.get("release_after_crossed_min", DEFAULT_RELEASE_AFTER_CROSSED_MIN)
    for i, beat in enumerate(beats):
        if beat.crossed_for_min is not None and beat.crossed_for_min <= attract_limit_min:
            raise DataFileError(
                path, f"beat[{i}].crossed_for_min",
                f"expected more than attract.release_after_crossed_min ({attract_limit_min:g}):"
                " the kiosk must never reach this beat by itself",
            )  # fmt: skip
    palsy = data["palsy"]
    return StoryConfig(
        title=text(data["title"]),
        profile=data["profile"],
        cross_after_play_s=float(a["cross_after_play_s"]),
        release_after_play_s=float(a["release_after_play_s"]),
        summary_play_s=float(a["summary_play_s"]),
        meter={s: (float(m["level"]), text(m["label"])) for s, m in data["meter"].items()},
        summary={k: text(v) for k, v in data["summary"].items()},
        beats=tuple(beats),
        palsy_caption=text(palsy["caption"]),
        palsy_released_caption=text(palsy["released_caption"]),
        palsy_released_play_s=float(palsy["released_play_s"]),
        palsy_released_speedup=float(palsy["released_physiological_speedup"]),
        release_after_crossed_min=float(
            a.get("release_after_crossed_min", DEFAULT_RELEASE_AFTER_CROSSED_MIN)
        ),
    )


@cache
def default_story() -> StoryConfig:
    return load_story()


@dataclass(frozen=True)
class BeatEntry:
    """A beat as it happened: entered at this physiological time, or skipped."""

    beat: Beat
    physiological_s: float | None
    skipped: bool = False


@dataclass(frozen=True)
class SummaryLine:
    stage: str
    #: Minutes after the legs crossed (compression stages) or seconds after release
    #: (recovery phases); None when the stage was not seen.
    minutes_after_crossing: float | None = None
    seconds_after_release: float | None = None
    text: str = ""
    #: Palsy lines: the hours crossed ("palsy"), the weeks to recover ("palsy-recovery").
    value: float | None = None


@dataclass
class Summary:
    heading: Text
    lines: list[SummaryLine] = field(default_factory=list)
    palsy: bool = False


@dataclass(frozen=True)
class StoryEvent:
    """``kind``: "story-beat" (a beat was entered), "story-palsy", "story-finished"."""

    kind: str
    beat: Beat | None = None


class Story:
    """One run of the story. ``update(dt_s, reading)`` once per frame (or per snapshot)."""

    def __init__(
        self,
        send: Send,
        *,
        attract: bool = True,
        config: StoryConfig | None = None,
        legs: Legs | None = None,
    ) -> None:
        self.config = config if config is not None else default_story()
        self._send = send
        self.attract = attract
        self.legs = legs if legs is not None else Legs(send, profile=self.config.profile)
        self.index = 0
        self.entries: list[BeatEntry] = []
        self.in_beat_s = 0.0
        self.finished = False
        self.palsy = False
        #: Play seconds since the legs uncrossed after the damage (None: not yet).
        self.palsy_released_s: float | None = None
        #: Classes the simulation still reads as blocked after release, in the palsy branch.
        self.blocked_after_release: tuple[str, ...] = ()
        self.summary_shown_s: float | None = None
        self.sensation = "normal"
        #: Physiological time at which each stage was first read, and of crossing / release.
        self.first_seen_s: dict[str, float] = {}
        self.crossed_at_s: float | None = None
        self.released_at_s: float | None = None
        self._started = False

    @property
    def beat(self) -> Beat:
        return self.config.beats[self.index]

    @property
    def caption(self) -> Text:
        if self.palsy:
            if self.palsy_released_s is not None:
                return self.config.palsy_released_caption
            return self.config.palsy_caption
        return self.beat.caption

    @property
    def meter(self) -> tuple[float, Text]:
        """The sensation meter now: (level 0-1, label)."""
        return self.config.meter[self.sensation]

    def _enter(self, index: int, reading: NerveReading) -> StoryEvent:
        for skipped in self.config.beats[self.index + 1 : index]:
            self.entries.append(BeatEntry(skipped, None, skipped=True))
        self.index = index
        self.in_beat_s = 0.0
        beat = self.beat
        self.entries.append(BeatEntry(beat, reading.physiological_s))
        self._send(SetClockRates(beat.physiological_speedup, beat.electrical_ms_per_s))
        return StoryEvent("story-beat", beat)

    def update(self, dt_s: float, reading: NerveReading) -> list[StoryEvent]:
        events: list[StoryEvent] = []
        self.sensation = reading.sensation
        self._note(reading)
        if not self._started:
            self._started = True
            self.index = 0
            events.append(self._enter(0, reading))
        if self.finished:
            return events
        self.in_beat_s += dt_s
        for e in self.legs.update(dt_s, reading):
            if e.kind == "legs-saturday-night-palsy" and not self.palsy:
                self.palsy = True
                events.append(StoryEvent("story-palsy"))
        if self.attract:
            self._act(reading)
        at_end = self.index == len(self.config.beats) - 1 or self.palsy
        if not at_end and self.in_beat_s >= self.beat.min_play_s:
            released = self.released_at_s is not None
            crossed_min = (
                (reading.physiological_s - self.crossed_at_s) / 60.0
                if reading.legs_crossed and self.crossed_at_s is not None
                else None
            )
            for i in range(self.index + 1, len(self.config.beats)):
                if self.config.beats[i].holds(reading, released=released, crossed_min=crossed_min):
                    events.append(self._enter(i, reading))
                    break
        if self.palsy and not reading.legs_crossed:
            self._palsy_released(dt_s, reading)
        finishing = self.index == len(self.config.beats) - 1 and not self.palsy
        if finishing or (
            self.palsy_released_s is not None
            and self.palsy_released_s >= self.config.palsy_released_play_s
        ):
            if self.summary_shown_s is None:
                self.summary_shown_s = 0.0
            else:
                self.summary_shown_s += dt_s
            if self.summary_shown_s >= self.config.summary_play_s:
                self.finished = True
                events.append(StoryEvent("story-finished"))
        return events

    def _palsy_released(self, dt_s: float, reading: NerveReading) -> None:
        """The legs are uncrossed after the damage: show the nerve that does not recover, at
        a clock where the other classes visibly come back, then the summary."""
        if self.palsy_released_s is None:
            self.palsy_released_s = 0.0
            self._send(SetClockRates(self.config.palsy_released_speedup, None))
        else:
            self.palsy_released_s += dt_s
        self.blocked_after_release = tuple(c.name for c in reading.classes if not c.conducting)

    def _note(self, reading: NerveReading) -> None:
        t = reading.physiological_s
        if reading.legs_crossed and self.crossed_at_s is None:
            self.crossed_at_s = t
        if (
            not reading.legs_crossed
            and self.crossed_at_s is not None
            and self.released_at_s is None
        ):
            self.released_at_s = t
        self.first_seen_s.setdefault(reading.stage, t)

    def _act(self, reading: NerveReading) -> None:
        """Attract mode: the story's own hands on the legs."""
        beat = self.beat
        if beat.id == "healthy" and self.in_beat_s >= self.config.cross_after_play_s:
            self.legs.hold()
        crossed_too_long = (
            self.crossed_at_s is not None
            and reading.physiological_s - self.crossed_at_s
            >= self.config.release_after_crossed_min * 60.0
        )
        failed_long_enough = (
            "complete failure" in beat.stages and self.in_beat_s >= self.config.release_after_play_s
        )
        if reading.legs_crossed and self.legs.holding and (failed_long_enough or crossed_too_long):
            self.legs.let_go()
            # slow the clock with the release itself, not a reading later: the first
            # seconds of recovery are the quick ones (DESIGN.md: recovery is seconds long)
            after = next(
                (b for b in self.config.beats[self.index + 1 :] if b.legs_crossed is False), None
            )
            if after is not None:
                self._send(SetClockRates(after.physiological_speedup, after.electrical_ms_per_s))

    def summary(self) -> Summary:
        """The summary card: each compression stage and recovery phase, when it was first
        read off the nerve (minutes after crossing, seconds after release) or not seen. In
        the palsy branch the recovery phases give way to what stayed blocked, and the
        expected recovery time."""
        s = self.config.summary
        out = Summary(heading=s["heading"], palsy=self.palsy)
        stages = COMPRESSION_STAGES if self.palsy else (*COMPRESSION_STAGES, *RECOVERY_PHASES)
        for stage in stages:
            t = self.first_seen_s.get(stage)
            if t is None:
                out.lines.append(SummaryLine(stage, text=s["skipped_line"].en.format(stage=stage)))
            elif stage in COMPRESSION_STAGES and self.crossed_at_s is not None:
                minutes = (t - self.crossed_at_s) / 60.0
                out.lines.append(SummaryLine(
                    stage, minutes_after_crossing=minutes,
                    text=s["crossed_line"].en.format(stage=stage, minutes=f"{minutes:.1f}"),
                ))  # fmt: skip
            elif self.released_at_s is not None:
                seconds = t - self.released_at_s
                out.lines.append(SummaryLine(
                    stage, seconds_after_release=seconds,
                    text=s["released_line"].en.format(stage=stage, seconds=f"{seconds:.0f}"),
                ))  # fmt: skip
        if self.palsy and self.crossed_at_s is not None:
            out.lines.extend(self._palsy_lines())
        return out

    def _palsy_lines(self) -> list[SummaryLine]:
        s = self.config.summary
        end = self.released_at_s or max(self.first_seen_s.values())
        hours = (end - self.crossed_at_s) / 3600.0
        palsy_text = s["palsy_line"].en.format(hours=f"{hours:.1f}")
        lines = [
            SummaryLine("palsy", minutes_after_crossing=hours * 60.0, value=hours, text=palsy_text)
        ]
        for name in self.blocked_after_release:
            lines.append(SummaryLine(
                f"palsy-blocked:{name}", text=s["palsy_blocked_line"].en.format(name=name)
            ))  # fmt: skip
        injury = self.legs.injury
        if (injury is not None and injury.foot_drop) or MOTOR_CLASS in self.blocked_after_release:
            lines.append(SummaryLine("palsy-foot-drop", text=s["palsy_foot_drop_line"].en))
        if injury is not None and injury.recovery_weeks > 0:
            weeks = injury.recovery_weeks
            lines.append(SummaryLine(
                "palsy-recovery", value=weeks,
                text=s["palsy_recovery_line"].en.format(weeks=f"{weeks:.0f}"),
            ))  # fmt: skip
        return lines
