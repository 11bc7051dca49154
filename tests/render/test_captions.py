"""Captions: big enough (capitals >= 46 px on a 1080-line screen), boxed, two lines of at most
40 characters, timed for reading, hidden when switched off.

The pixel tests draw on a 1920x1080 offscreen buffer of their own (sharing the session's GL
context) with a 2D camera and an aspect2d-like root, exactly as ShowBase's aspect2d maps a
16:9 window, over a mid-grey background so both the white glyphs and the dark box show.
"""

import numpy as np
import pytest

from game.comfort import ComfortSettings, with_caption_scale, with_captions
from game.render.captions import (
    MAX_CHARS_PER_LINE,
    MIN_CAPTION_S,
    CaptionQueue,
    Captions,
    chars_per_line,
    reading_time_s,
    split_caption,
)

WIDTH_PX, HEIGHT_PX = 1920, 1080
GREY = 0.5
NARRATION = (
    "When you cross your legs, the nerve behind your knee is pressed against the bone. "
    "Its blood vessels close, the pumps run out of fuel, and the signals begin to fail."
)


# -- the text: pure, no rendering --------------------------------------------------------------
def test_long_narration_is_split_into_captions_of_two_lines_of_at_most_40_characters():
    pages = split_caption(NARRATION)
    assert len(pages) >= 2
    for page in pages:
        lines = page.split("\n")
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= MAX_CHARS_PER_LINE for line in lines), page
    assert " ".join(" ".join(p.split("\n")) for p in pages) == " ".join(NARRATION.split())


def test_a_word_longer_than_a_line_is_cut():
    (page,) = split_caption("x" * 50)
    assert page.split("\n") == ["x" * 40, "x" * 10]


def test_reading_time_grows_with_length_and_has_a_minimum():
    assert reading_time_s("Hi") == MIN_CAPTION_S
    assert reading_time_s("a" * 80) > reading_time_s("a" * 40) > MIN_CAPTION_S


def test_the_queue_shows_each_caption_for_its_reading_time_in_order():
    queue = CaptionQueue()
    queue.say(NARRATION)
    first = queue.current
    expected = split_caption(NARRATION)
    assert first == expected[0]
    shown = [first]
    for _ in range(int(60 / 0.1)):
        text = queue.update(0.1)
        if text is not None and text != shown[-1]:
            shown.append(text)
    assert shown == expected
    assert queue.current is None


def test_time_with_nothing_to_say_does_not_shorten_the_next_caption():
    queue = CaptionQueue()
    queue.update(30.0)  # e.g. the loading screen, before the first narration
    queue.say("The nerve is waking up.")
    queue.update(1.0)
    assert queue.current == "The nerve is waking up."


def test_a_given_duration_is_shared_by_the_captions_in_proportion():
    queue = CaptionQueue()
    queue.say(NARRATION, duration_s=10.0)
    total = queue.remaining_s + sum(c.duration_s for c in queue.pending())
    assert total == pytest.approx(10.0)
    queue.update(9.99)
    assert queue.current is not None
    queue.update(0.02)
    assert queue.current is None


def test_interrupt_replaces_what_was_said():
    queue = CaptionQueue()
    queue.say(NARRATION)
    queue.say("Uncross your legs.", interrupt=True)
    assert queue.current == "Uncross your legs." and queue.pending() == []


def test_big_caption_scales_use_shorter_lines_so_they_fit():
    assert chars_per_line(16 / 9, 1.0) == MAX_CHARS_PER_LINE
    assert chars_per_line(16 / 9, 3.0) < 25
    assert chars_per_line(4 / 3, 2.0) < chars_per_line(16 / 9, 2.0)


# -- the picture ----------------------------------------------------------------------------------
@pytest.fixture
def screen_1080p(showbase):
    """(draw(), aspect2d-like root) on a 1920x1080 buffer with a mid-grey background."""
    from panda3d.core import (
        Camera,
        FrameBufferProperties,
        GraphicsPipe,
        NodePath,
        OrthographicLens,
        WindowProperties,
    )

    fb = FrameBufferProperties()
    fb.set_rgb_color(True)
    fb.set_rgba_bits(8, 8, 8, 0)
    buffer = showbase.graphics_engine.make_output(
        showbase.pipe, "captions-1080p", -5, fb, WindowProperties.size(WIDTH_PX, HEIGHT_PX),
        GraphicsPipe.BF_refuse_window, showbase.win.get_gsg(), showbase.win,
    )  # fmt: skip
    if buffer is None:
        pytest.skip("could not make a 1920x1080 offscreen buffer")
    buffer.set_clear_color_active(True)
    buffer.set_clear_color((GREY, GREY, GREY, 1.0))
    render2d = NodePath("render2d-1080p")
    render2d.set_depth_test(False)
    render2d.set_depth_write(False)
    lens = OrthographicLens()
    lens.set_film_size(2, 2)
    lens.set_near_far(-1000, 1000)
    camera = render2d.attach_new_node(Camera("cam2d-1080p", lens))
    buffer.make_display_region().set_camera(camera)
    aspect2d = render2d.attach_new_node("aspect2d-1080p")
    aspect2d.set_scale(HEIGHT_PX / WIDTH_PX, 1.0, 1.0)  # as ShowBase: x spans the aspect ratio

    def draw() -> np.ndarray:
        showbase.graphics_engine.render_frame()
        showbase.graphics_engine.render_frame()
        texture = buffer.get_screenshot()
        data = bytes(texture.get_ram_image_as("RGB"))
        return np.frombuffer(data, np.uint8).reshape(HEIGHT_PX, WIDTH_PX, 3)[::-1]

    yield draw, aspect2d
    showbase.graphics_engine.remove_window(buffer)
    render2d.remove_node()


def measure(frame: np.ndarray) -> dict:
    """Rows and columns of the glyphs (bright) and of the box (darker than the background)."""
    green = frame[..., 1].astype(int)
    background = round(GREY * 255)
    glyph_rows = np.flatnonzero((green > 200).any(axis=1))
    glyph_cols = np.flatnonzero((green > 200).any(axis=0))
    box = green < background - 40
    box_rows = np.flatnonzero(box.sum(axis=1) > 50)
    box_cols = np.flatnonzero(box.sum(axis=0) > 20)
    return {
        "glyph_rows": glyph_rows, "glyph_cols": glyph_cols,
        "box_rows": box_rows, "box_cols": box_cols, "box": box,
    }  # fmt: skip


def shoot(frame: np.ndarray, name: str) -> None:
    from pathlib import Path

    from PIL import Image

    folder = Path("/tmp/comfort")
    if folder.is_dir():
        Image.fromarray(frame).save(folder / name)


@pytest.mark.render
def test_capitals_are_at_least_46_px_tall_on_a_1080p_screen_on_a_box(screen_1080p):
    draw, aspect2d = screen_1080p
    captions = Captions(aspect2d, ComfortSettings(), aspect_ratio=WIDTH_PX / HEIGHT_PX)
    try:
        captions.say("HEAR THE NERVE")  # capitals only: the ink height is the cap height
        frame = draw()
        shoot(frame, "captions_1080p.png")
    finally:
        captions.destroy()
    m = measure(frame)
    cap_px = m["glyph_rows"].max() - m["glyph_rows"].min() + 1
    assert 46 <= cap_px <= 60, cap_px
    # The box lies behind the text with a margin on every side, semi-opaque: darker than
    # the background, not black.
    assert m["box_rows"].min() < m["glyph_rows"].min() - 5
    assert m["box_rows"].max() > m["glyph_rows"].max() + 5
    assert m["box_cols"].min() < m["glyph_cols"].min() - 10
    assert m["box_cols"].max() > m["glyph_cols"].max() + 10
    inside = frame[m["box_rows"].min() + 3, m["box_cols"].min() + 3, 1]
    assert 10 < inside < round(GREY * 255) * 0.6, inside
    # Low on the screen, in the lower fifth.
    assert m["box_rows"].max() > 0.8 * HEIGHT_PX


@pytest.mark.render
def test_two_lines_of_narration_fit_and_caption_scale_makes_them_bigger(screen_1080p):
    draw, aspect2d = screen_1080p
    captions = Captions(aspect2d, ComfortSettings(), aspect_ratio=WIDTH_PX / HEIGHT_PX)
    try:
        captions.say(NARRATION)
        assert len(captions.current.split("\n")) == 2
        frame = draw()
        shoot(frame, "captions_two_lines.png")
        m1 = measure(frame)
        captions.set_comfort(with_caption_scale(captions.comfort, 2.0))
        captions.clear()
        captions.say("HEAR THE NERVE")
        big = measure(draw())
        captions.set_comfort(with_caption_scale(captions.comfort, 1.0))
        captions.clear()
        captions.say("HEAR THE NERVE")
        small = measure(draw())
    finally:
        captions.destroy()
    # The whole box is on screen, with room to spare at the sides.
    assert m1["box_cols"].min() > 0 and m1["box_cols"].max() < WIDTH_PX - 1
    assert m1["box_rows"].min() > 0 and m1["box_rows"].max() < HEIGHT_PX - 1
    height = lambda m: m["glyph_rows"].max() - m["glyph_rows"].min() + 1
    assert height(big) == pytest.approx(2 * height(small), rel=0.08)


@pytest.mark.render
def test_switched_off_nothing_is_drawn_and_on_again_it_shows_the_current_caption(screen_1080p):
    draw, aspect2d = screen_1080p
    plain = draw()
    captions = Captions(aspect2d, with_captions(ComfortSettings(), False))
    try:
        captions.say("The nerve is waking up.")
        off = draw()
        captions.update(0.5)
        captions.set_comfort(ComfortSettings())
        on = draw()
        assert captions.current == "The nerve is waking up."
        captions.update(60.0)  # long after: gone
        gone = draw()
    finally:
        captions.destroy()
    np.testing.assert_array_equal(off, plain)
    assert (measure(on)["box"]).sum() > 10_000
    np.testing.assert_array_equal(gone, plain)


@pytest.mark.render
def test_line_length_follows_the_window_shape(showbase):
    from types import SimpleNamespace

    window = SimpleNamespace(messenger=showbase.messenger, get_aspect_ratio=lambda: 16 / 9)
    captions = Captions(showbase.aspect2d, ComfortSettings(caption_scale=2.0))
    try:
        captions.follow_window(window)
        wide = captions.queue.max_chars
        window.get_aspect_ratio = lambda: 1.0  # resized to a square window
        showbase.messenger.send("aspectRatioChanged")
        assert captions.queue.max_chars < wide
    finally:
        captions.destroy()
    assert showbase.messenger.get_all_accepting(captions) == []
