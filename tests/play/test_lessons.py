"""Lesson files: all eight load; a broken one is refused with one line naming the file, the
key and what was expected, and the other chapters still load; check-levels reports it."""

import shutil

import pytest

from game.datafile import DataFileError
from game.play import check_levels
from game.play.lessons import CHALLENGE_KINDS, LESSONS_DIR, load_all_chapters, load_chapter

FIRST = LESSONS_DIR / "01_meet_the_nerve.toml"
FOURTH = LESSONS_DIR / "04_cross_your_legs.toml"


def test_the_eight_chapters_load_in_order_each_with_objective_challenge_and_quiz():
    chapters, problems = load_all_chapters()
    assert problems == []
    assert [c.number for c in chapters] == [1, 2, 3, 4, 5, 6, 7, 8]
    for c in chapters:
        assert c.objective.en and c.captions and c.challenge.kind in CHALLENGE_KINDS
        assert 3 <= len(c.quiz) <= 5
        for q in c.quiz:
            assert all(choice.explanation.en for choice in q.choices)
    assert {c.profile for c in chapters} == {"article", "evidence"}
    assert [m.id for m in chapters[6].modifiers] == ["less_padding", "thin_nerve", "diabetic"]


BROKEN = [
    # (file, text replaced, replacement, key named, expectation in the message)
    (FIRST, 'id = "meet_the_nerve"\n', "", "id", "missing"),
    (FIRST, "number = 1\n", 'number = 1\ncolour = "red"\n', "colour", "unknown key"),
    (FIRST, "number = 1\n", 'number = "one"\n', "number", "expected an integer"),
    (
        FIRST,
        'profile = "article"',
        'profile = "tabloid"',
        "profile",
        "unknown science profile 'tabloid'",
    ),
    (
        FIRST,
        'class_name = "A-beta"',
        'class_name = "A-gamma"',
        "challenge.class_name",
        "unknown fibre class 'A-gamma'",
    ),
    (
        FIRST,
        'kind = "stimulus_arrives"',
        'kind = "win_the_game"',
        "challenge.kind",
        "unknown challenge kind",
    ),
    (FIRST, "answer = 2", "answer = 7", "quiz[2].answer", "expected a choice index 0-2"),
    (
        FOURTH,
        'blocked = ["A-beta"]',
        'blocked = ["A-beta", "Z"]',
        "challenge.blocked[1]",
        "unknown fibre class 'Z'",
    ),
    (
        FOURTH,
        'kind = "block_classes"',
        'kind = "reach_stage"\nstage = "asleep"',
        "challenge.blocked",
        "unknown key (expected one of: instruction, kind, stage)",
    ),
]


@pytest.mark.parametrize("source, old, new, key, expected", BROKEN)
def test_a_broken_chapter_is_refused_with_file_key_and_expectation(
    tmp_path, source, old, new, key, expected
):
    text = source.read_text()
    assert old in text
    bad = tmp_path / source.name
    bad.write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError) as info:
        load_chapter(bad)
    message = str(info.value)
    assert "\n" not in message and source.name in message
    assert f"key '{key}'" in message, message
    assert expected in message


def test_an_unknown_stage_is_refused(tmp_path):
    text = (
        FOURTH.read_text()
        .replace('blocked = ["A-beta"]\nconducting = ["A-alpha"]', 'stage = "asleep"')
        .replace('kind = "block_classes"', 'kind = "reach_stage"')
    )
    bad = tmp_path / "04.toml"
    bad.write_text(text)
    with pytest.raises(DataFileError, match=r"key 'challenge.stage': unknown stage 'asleep'"):
        load_chapter(bad)


def test_too_few_questions_are_refused(tmp_path):
    text = FIRST.read_text()
    cut = text.index("[[quiz]]", text.index("[[quiz]]") + 1)
    bad = tmp_path / "01.toml"
    bad.write_text(text[:cut])
    with pytest.raises(DataFileError, match="key 'quiz': expected 3-5 questions, got 1"):
        load_chapter(bad)


@pytest.fixture
def lessons_with_one_broken(tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS_DIR, folder)
    broken = folder / "03_fibre_types.toml"
    broken.write_text(broken.read_text().replace("number = 3", "number = 3.5"))
    return folder


def test_the_other_chapters_still_load(lessons_with_one_broken):
    chapters, problems = load_all_chapters(lessons_with_one_broken)
    assert [c.number for c in chapters] == [1, 2, 4, 5, 6, 7, 8]
    assert len(problems) == 1 and "03_fibre_types.toml: key 'number'" in str(problems[0])


def test_check_levels_prints_one_line_per_problem_and_exits_1(lessons_with_one_broken, capsys):
    (lessons_with_one_broken / "08_extra.toml").write_text('id = "meet_the_nerve"\n')
    assert check_levels.main([str(lessons_with_one_broken)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert "03_fibre_types.toml: key 'number': expected an integer" in lines[0]
    assert "08_extra.toml: key 'number': missing" in lines[1]


def test_check_levels_passes_the_shipped_levels(capsys):
    assert check_levels.main([]) == 0
    assert "no problems" in capsys.readouterr().out
