"""Lessons as data: one chapter per file in ``levels/lessons/NN_<id>.toml``, checked on load.

A chapter has an objective, captions, one challenge that the *simulation* judges, and 3-5
quiz questions, each choice with its own explanation. Challenges come from a closed set of
kinds (``CHALLENGE_SCHEMAS``); each names only classes, stages, profiles and modifiers that
exist. Chapter 7's modifiers (padding, nerve diameter, diabetic neuropathy) change the
simulated nerve through ``game.play.modifiers``. A broken file is refused with one line
naming the file, the key and what was expected; ``load_all_chapters`` loads the others.
"""

from dataclasses import dataclass
from pathlib import Path

from game import REPO_ROOT
from game.datafile import DataFileError, Field, check_table, load_toml
from game.play.play_data import (
    ALL_STAGES,
    PROFILE_NAMES,
    TEXT,
    Text,
    class_names,
    require_choice,
    text,
)  # fmt: skip

LESSONS_DIR = REPO_ROOT / "levels" / "lessons"

_CLASSES = Field("list", item_kind="string")
_INSTRUCTION = {"kind": Field("string"), "instruction": TEXT}
#: The closed set of challenge kinds and the keys each takes (besides kind, instruction).
CHALLENGE_SCHEMAS: dict[str, dict[str, Field]] = {
    # send a signal down a class and see it arrive past the compressed segment
    "stimulus_arrives": {"class_name": Field("string")},
    # reach a moment when these classes are blocked while those still conduct
    "block_classes": {"blocked": _CLASSES, "conducting": _CLASSES},
    # make the nerve show a stage (compression stage or recovery phase)
    "reach_stage": {"stage": Field("string")},
    # after complete failure, release and have smooth propagation back within N minutes
    "restore_within": {"within_min": Field("number", min=0.5, max=120.0)},
    # predict which class blocks first under a profile; the simulation answers
    "first_to_block": {
        "profile": Field("string", choices=PROFILE_NAMES),
        "expect_first": Field("string"),
    },
    # choose a modifier that makes the leg fall asleep (A-beta blocked) sooner than baseline
    "falls_asleep_sooner": {
        "modifier": Field("string"),
        "baseline_pressure_mmHg": Field("number", min=0.0, max=300.0),
    },
}
CHALLENGE_KINDS = tuple(CHALLENGE_SCHEMAS)

CHOICE_SCHEMA = {"text": TEXT, "explanation": TEXT}
QUESTION_SCHEMA = {
    "question": TEXT,
    "answer": Field("integer", min=0, max=9),
    "choice": Field("list", schema=CHOICE_SCHEMA),
}
MODIFIER_SCHEMA = {
    "id": Field("string"),
    "label": TEXT,
    "source": Field("string"),
    "pressure_mmHg": Field("number", required=False, min=0.0, max=300.0),
    "energy_use_scale": Field("number", required=False, min=0.2, max=5.0),
    "pump_capacity_scale": Field("number", required=False, min=0.2, max=2.0),
    "blood_clearance_scale": Field("number", required=False, min=0.05, max=5.0),
}
FILE_SCHEMA = {
    "id": Field("string"),
    "number": Field("integer", min=1, max=99),
    "title": TEXT,
    "objective": TEXT,
    "profile": Field("string"),
    "physiological_speedup": Field("number", min=0.0, max=1e5),
    "electrical_ms_per_s": Field("number", min=0.0, max=1e4),
    "captions": Field("list", schema=TEXT.schema),
    "challenge": Field("table"),
    "modifier": Field("list", required=False, schema=MODIFIER_SCHEMA),
    "quiz": Field("list", schema=QUESTION_SCHEMA),
}
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


@dataclass(frozen=True)
class Choice:
    text: Text
    explanation: Text


@dataclass(frozen=True)
class Question:
    question: Text
    answer: int
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Modifier:
    id: str
    label: Text
    source: str
    pressure_mmHg: float | None = None
    energy_use_scale: float = 1.0
    pump_capacity_scale: float = 1.0
    blood_clearance_scale: float = 1.0


@dataclass(frozen=True)
class Challenge:
    kind: str
    instruction: Text
    params: dict


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    title: Text
    objective: Text
    profile: str
    physiological_speedup: float
    electrical_ms_per_s: float
    captions: tuple[Text, ...]
    challenge: Challenge
    modifiers: tuple[Modifier, ...]
    quiz: tuple[Question, ...]
    path: Path

    def modifier(self, modifier_id: str) -> Modifier:
        for m in self.modifiers:
            if m.id == modifier_id:
                return m
        raise KeyError(modifier_id)


def _challenge(path: Path, raw: dict, modifier_ids: tuple[str, ...]) -> Challenge:
    kind = raw.get("kind")
    if kind is None:
        raise DataFileError(
            path, "challenge.kind", f"missing (expected one of: {', '.join(CHALLENGE_KINDS)})"
        )
    require_choice(path, "challenge.kind", kind, CHALLENGE_KINDS, "challenge kind")
    check_table(path, raw, {**_INSTRUCTION, **CHALLENGE_SCHEMAS[kind]}, prefix="challenge")
    classes = class_names()
    for key in ("class_name", "expect_first"):
        if key in raw:
            require_choice(path, f"challenge.{key}", raw[key], classes, "fibre class")
    for key in ("blocked", "conducting"):
        for i, name in enumerate(raw.get(key, [])):
            require_choice(path, f"challenge.{key}[{i}]", name, classes, "fibre class")
    if kind == "block_classes":
        if not raw["blocked"]:
            raise DataFileError(path, "challenge.blocked", "expected at least one class")
        both = set(raw["blocked"]) & set(raw["conducting"])
        if both:
            raise DataFileError(
                path, "challenge.conducting", f"{sorted(both)} also listed as blocked"
            )
    if "stage" in raw:
        require_choice(path, "challenge.stage", raw["stage"], ALL_STAGES, "stage")
    if "modifier" in raw:
        require_choice(path, "challenge.modifier", raw["modifier"], modifier_ids, "modifier")
    params = {k: v for k, v in raw.items() if k not in _INSTRUCTION}
    return Challenge(kind=kind, instruction=text(raw["instruction"]), params=params)


def _question(path: Path, i: int, raw: dict) -> Question:
    n = len(raw["choice"])
    if not 2 <= n <= 5:
        raise DataFileError(path, f"quiz[{i}].choice", f"expected 2-5 choices, got {n}")
    if raw["answer"] >= n:
        raise DataFileError(
            path, f"quiz[{i}].answer", f"expected a choice index 0-{n - 1}, got {raw['answer']}"
        )
    return Question(
        question=text(raw["question"]),
        answer=raw["answer"],
        choices=tuple(Choice(text(c["text"]), text(c["explanation"])) for c in raw["choice"]),
    )


def load_chapter(path: Path) -> Chapter:
    """Read and check one chapter; raises DataFileError naming file, key and expectation."""
    path = Path(path)
    data = load_toml(path)
    check_table(path, data, FILE_SCHEMA)
    require_choice(path, "profile", data["profile"], PROFILE_NAMES, "science profile")
    if not data["captions"]:
        raise DataFileError(path, "captions", "expected at least one caption")
    n = len(data["quiz"])
    if not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
        raise DataFileError(
            path, "quiz", f"expected {MIN_QUESTIONS}-{MAX_QUESTIONS} questions, got {n}"
        )
    modifiers = []
    for raw in data.get("modifier", []):
        modifiers.append(Modifier(
            id=raw["id"], label=text(raw["label"]), source=raw["source"],
            pressure_mmHg=raw.get("pressure_mmHg"),
            energy_use_scale=raw.get("energy_use_scale", 1.0),
            pump_capacity_scale=raw.get("pump_capacity_scale", 1.0),
            blood_clearance_scale=raw.get("blood_clearance_scale", 1.0),
        ))  # fmt: skip
    ids = tuple(m.id for m in modifiers)
    if len(set(ids)) != len(ids):
        raise DataFileError(path, "modifier", "expected each modifier id once")
    return Chapter(
        id=data["id"],
        number=data["number"],
        title=text(data["title"]),
        objective=text(data["objective"]),
        profile=data["profile"],
        physiological_speedup=float(data["physiological_speedup"]),
        electrical_ms_per_s=float(data["electrical_ms_per_s"]),
        captions=tuple(text(c) for c in data["captions"]),
        challenge=_challenge(path, data["challenge"], ids),
        modifiers=tuple(modifiers),
        quiz=tuple(_question(path, i, q) for i, q in enumerate(data["quiz"])),
        path=path,
    )


def chapter_files(directory: Path = LESSONS_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.toml"))


def load_all_chapters(directory: Path = LESSONS_DIR) -> tuple[list[Chapter], list[DataFileError]]:
    """Every chapter that loads, in number order, and one error per file that does not (a
    broken chapter never keeps the others from loading)."""
    chapters: list[Chapter] = []
    problems: list[DataFileError] = []
    seen: dict[str, Path] = {}
    for path in chapter_files(directory):
        try:
            chapter = load_chapter(path)
        except DataFileError as exc:
            problems.append(exc)
            continue
        if chapter.id in seen:
            problems.append(
                DataFileError(
                    path, "id", f"'{chapter.id}' is also the id of {seen[chapter.id].name}"
                )
            )
            continue
        seen[chapter.id] = path
        chapters.append(chapter)
    chapters.sort(key=lambda c: c.number)
    return chapters, problems
