"""The lesson and story views fit the window whatever its shape: at 16:9, 16:10, 4:3, 5:4, a
portrait-ish window and a small one, the chapter card (objective, challenge, result), the
quiz panel (its longest question, explained) and the story's overlay and legs inset lie
inside the screen, in Spanish (the longer language); the card's teaching text grows with
the caption size and, with captions off, waits for N while the objective and the keys stay;
the card follows the window when it changes shape mid-chapter; the quiz's question, choices
and explanation grow with the caption size and still fit. Rendered offscreen (the
fixtures are in ``conftest.py``); frames are saved to look at."""

import pytest
from play_fakes import FakeReading

pytestmark = pytest.mark.render

#: (name, width, height): kept small, the rasteriser is software.
SHAPES = [
    ("16x9", 640, 360), ("16x10", 640, 400), ("4x3", 640, 480), ("5x4", 640, 512),
    ("portrait", 480, 640), ("small_4x3", 320, 240),
]  # fmt: skip
#: How far past the edge a glyph's anti-aliased rim may reach, in aspect2d units.
SLACK = 0.005


@pytest.fixture(scope="module")
def chapters():
    from game.play.lessons import load_all_chapters

    return {c.number: c for c in load_all_chapters()[0]}


@pytest.fixture(scope="module")
def strings():
    from game.i18n import Strings

    return Strings(("en", "es"))


def texts_under(node) -> list[str]:
    return [n.node().get_text() for n in node.find_all_matches("**/+TextNode")]


def assert_on_screen(base, node, what: str) -> None:
    low, high = node.get_tight_bounds(base.aspect2d)
    left, right, bottom, top = base.a2dLeft, base.a2dRight, base.a2dBottom, base.a2dTop
    assert low.x >= left - SLACK and high.x <= right + SLACK, (
        f"{what}: x from {low.x:.3f} to {high.x:.3f}, the screen from {left:.3f} to {right:.3f}"
    )
    assert low.z >= bottom - SLACK and high.z <= top + SLACK, (
        f"{what}: y from {low.z:.3f} to {high.z:.3f}, the screen from {bottom:.3f} to {top:.3f}"
    )


@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
def test_the_chapter_card_and_the_quiz_fit_the_window(base, ui, frame, window_shape, chapters,
                                                      strings, shape):  # fmt: skip
    from game.play.chapter_run import ChapterRun
    from game.play.quiz import Quiz
    from game.render.play_views.chapter_card import ChapterCard
    from game.render.play_views.quiz_panel import QuizPanel

    name, width, height = shape
    window_shape(width, height)
    # chapter 8 has the longest instruction; Spanish is longer than English
    run = ChapterRun(chapters[8], lambda command: None)
    card = ChapterCard(ui, run, strings=strings, language="es")
    assert_on_screen(base, card.root, f"{name}: the card's objective")
    run.start_challenge()
    card.show_reading(FakeReading(stage="complete failure").with_blocked("A-alpha", "A-beta"))
    assert_on_screen(base, card.root, f"{name}: the card's challenge")
    frame(f"fit_{name}_card_challenge")
    run.skip_challenge()
    for q in run.chapter.quiz:
        run.answer(q.answer)
    card.refresh()
    assert_on_screen(base, card.root, f"{name}: the card's result")
    card.cleanup()

    # the quiz: the question with the most text, answered wrong (the longest explanation)
    def size(q):
        return len(strings.text("es", q.question.key)) + sum(
            len(strings.text("es", c.text.key)) for c in q.choices
        )

    longest = max((q for c in chapters.values() for q in c.quiz), key=size)
    quiz = Quiz((longest,))
    panel = QuizPanel(ui, quiz, strings=strings, language="es", banner="Reto: saltado "
                      "(repite el capítulo para ganar su estrella)", banner_good=False)  # fmt: skip
    assert_on_screen(base, panel.root, f"{name}: the quiz's question")
    # a touch on a choice finds it wherever the layout put it
    bottom, top = panel.choice_boxes[1]
    assert panel.choice_at(0.0, 0.5 * (bottom + top)) == 1
    result = quiz.answer((longest.answer + 1) % len(longest.choices))
    panel.show_question(result)
    assert_on_screen(base, panel.root, f"{name}: the quiz's explanation")
    frame(f"fit_{name}_quiz_explained")
    panel.cleanup()


@pytest.mark.parametrize("shape", [SHAPES[2], SHAPES[4]], ids=["4x3", "portrait"])
def test_the_story_overlay_and_its_legs_inset_fit_the_window(base, frame, window_shape, strings,
                                                             shape):  # fmt: skip
    from game.render.play_views.story_mode import StoryMode

    name, width, height = shape
    window_shape(width, height)
    reading = {"now": FakeReading(physiological_s=65.0)}
    mode = StoryMode(base, lambda command: None, lambda: reading["now"], strings=strings,
                     language="es", fixed_frame_s=0.25)  # fmt: skip
    base.task_mgr.step()
    reading["now"] = FakeReading(physiological_s=900.0, legs_crossed=True,
                                 stage="random bursts throughout the nerve", sensation="numb")  # fmt: skip
    base.task_mgr.step()
    frame(f"fit_{name}_story")
    assert_on_screen(base, mode.overlay.root, f"{name}: the story's overlay")
    assert_on_screen(base, mode.inset.root, f"{name}: the legs inset")
    # the inset overlaps neither the class panel's rows nor the meter: it is beside them,
    # or (portrait) under the rows and right of the meter
    inset_low, inset_high = mode.inset.root.get_tight_bounds(base.aspect2d)
    side = mode.overlay.root.find("**/side-panels")
    for text in side.find_all_matches("**/+TextNode"):
        low, high = text.get_tight_bounds(base.aspect2d)
        apart = high.x < inset_low.x or high.z < inset_low.z or low.z > inset_high.z
        assert apart, f"the legs inset covers {text.node().get_text()!r}"
    mode.cleanup()


def test_the_card_follows_the_window_when_it_changes_shape(base, window_shape, chapters,
                                                           tmp_path):  # fmt: skip
    from game.render.play_views.lesson_mode import LessonMode

    window_shape(640, 360)
    mode = LessonMode(base, lambda command: None, FakeReading, chapters[4], fixed_frame_s=0.1)
    base.task_mgr.step()
    base.messenger.send("enter")  # the challenge: the card and the legs inset
    base.task_mgr.step()
    window_shape(640, 480)  # the window is made narrower: ShowBase says "aspectRatioChanged"
    assert_on_screen(base, mode.card.root, "the card after the resize")
    assert_on_screen(base, mode.inset.root, "the legs inset after the resize")
    _, _, free_bottom, free_top = mode.card.free
    low, high = mode.inset.root.get_tight_bounds(base.aspect2d)
    assert free_bottom - SLACK <= low.z and high.z <= free_top + SLACK  # not over the text
    mode.cleanup()


def caption_height(card) -> float:
    low, high = card.root.find("**/caption").get_tight_bounds(card.root)
    return high.z - low.z


def test_the_cards_teaching_text_grows_with_the_caption_size(base, ui, window_shape, chapters):
    from game.comfort import ComfortSettings
    from game.play.chapter_run import ChapterRun
    from game.render.play_views.chapter_card import ChapterCard

    window_shape(640, 480)
    cards = {}
    for scale in (1.0, 2.0, 3.0):
        run = ChapterRun(chapters[4], lambda command: None)
        cards[scale] = ChapterCard(ui, run, comfort=ComfortSettings(caption_scale=scale))
    one, two = caption_height(cards[1.0]), caption_height(cards[2.0])
    assert two > 1.7 * one  # the caption page: two lines each, twice the size
    objective = [
        c.root.find("**/objective").get_tight_bounds(c.root) for c in (cards[1.0], cards[2.0])
    ]
    assert objective[1][1].z - objective[1][0].z > objective[0][1].z - objective[0][0].z
    for scale, card in cards.items():  # still on the screen, even at three times the size
        assert_on_screen(base, card.root, f"the card at caption size {scale}")
        card.cleanup()


def test_with_captions_off_the_text_waits_for_n_and_the_instructions_stay(ui, chapters):
    from game.comfort import ComfortSettings
    from game.play.chapter_run import ChapterRun
    from game.render.play_views.chapter_card import ChapterCard

    run = ChapterRun(chapters[4], lambda command: None)
    card = ChapterCard(ui, run, comfort=ComfortSettings(captions=False))
    first_page = card._pages()[0][1]
    shown = texts_under(card.root)
    assert first_page not in shown and card.root.find("**/caption").is_empty()
    assert run.chapter.objective.en in shown  # the objective is an instruction: it stays
    assert any(t.startswith("N show the chapter's text") for t in shown)
    assert any("Captions are off" in t for t in shown)
    card.next_caption()  # N: the text shows, from its first page
    assert first_page in texts_under(card.root)
    card.next_caption()
    assert card.page_index == 1
    card.cleanup()


@pytest.mark.parametrize("shape", [SHAPES[2], SHAPES[4]], ids=["4x3", "portrait"])
def test_the_title_screens_settings_and_keys_fit_the_window(base, ui, frame, window_shape,
                                                            strings, shape):  # fmt: skip
    from game.play.title_menu import TitleMenu
    from game.render.play_views.title_screen import TitleScreen

    name, width, height = shape
    window_shape(width, height)
    screen = TitleScreen(ui, TitleMenu(languages=("en", "es"), language="es"), strings=strings)
    frame(f"fit_{name}_title")
    for part in ("settings", "keys-hint", "button-0", "button-2"):
        assert_on_screen(base, screen.root.find(f"**/{part}"), f"{name}: the title's {part}")
    screen.cleanup()


def quiz_text_heights(panel) -> dict[str, float]:
    """The height of the question, the first choice's text and the explanation (if shown)."""
    heights = {}
    for name in ("question", "choice-text-0", "explanation", "keys"):
        node = panel.root.find(f"**/{name}")
        if not node.is_empty():
            low, high = node.get_tight_bounds(panel.root)
            heights[name] = high.z - low.z
    return heights


def test_the_quizs_text_grows_with_the_caption_size_and_still_fits(base, ui, frame, window_shape,
                                                                   chapters, strings):  # fmt: skip
    from game.comfort import ComfortSettings
    from game.play.quiz import Quiz
    from game.render.play_views.quiz_panel import QuizPanel

    window_shape(640, 480)
    question = chapters[4].quiz[0]
    wrong = (question.answer + 1) % len(question.choices)
    heights = {}
    for scale in (1.0, 2.0, 3.0):
        quiz = Quiz((question,))
        panel = QuizPanel(ui, quiz, strings=strings, language="es",
                          comfort=ComfortSettings(caption_scale=scale))  # fmt: skip
        assert_on_screen(base, panel.root, f"the quiz's question at caption size {scale}")
        panel.show_question(quiz.answer(wrong))
        assert_on_screen(base, panel.root, f"the quiz's explanation at caption size {scale}")
        frame(f"fit_4x3_quiz_caption_{scale:g}")
        heights[scale] = quiz_text_heights(panel)
        panel.cleanup()
    for name in ("question", "choice-text-0", "explanation"):
        assert heights[2.0][name] > 1.4 * heights[1.0][name], (name, heights)
    # the key hint is an instruction: it does not grow, nor shrink to make room for the rest
    assert heights[3.0]["keys"] > 0.95 * heights[1.0]["keys"], heights


def test_a_lesson_hands_its_caption_size_to_the_quiz(base, window_shape, chapters):
    from game.comfort import ComfortSettings
    from game.play.chapter_run import QUIZ
    from game.render.play_views.lesson_mode import LessonMode

    window_shape(640, 480)
    heights = {}
    for scale in (1.0, 2.0):
        mode = LessonMode(base, lambda command: None, FakeReading, chapters[1],
                          fixed_frame_s=0.1, comfort=ComfortSettings(caption_scale=scale))  # fmt: skip
        base.task_mgr.step()
        base.messenger.send("enter")  # the challenge
        base.messenger.send("k")  # skipped: on to the quiz
        base.task_mgr.step()
        assert mode.run.state == QUIZ and mode.quiz_panel is not None
        assert_on_screen(base, mode.quiz_panel.root, f"the lesson's quiz at caption size {scale}")
        heights[scale] = quiz_text_heights(mode.quiz_panel)["question"]
        mode.cleanup()
    assert heights[2.0] > 1.4 * heights[1.0], heights
