"""String tables: every key in every language, stage/sensation names covered, a missing key
reported at load and shown in English, and a font that draws the Spanish glyphs."""

import tomllib

import numpy as np
import pytest

from game import REPO_ROOT
from game.i18n import STRINGS_DIR, Strings, stage_key
from game.kiosk.config import KNOWN_LANGUAGES, STORY_CHAPTERS


def test_every_key_exists_in_every_language():
    strings = Strings(KNOWN_LANGUAGES)
    assert strings.problems == []
    for language in KNOWN_LANGUAGES:
        table = tomllib.loads((STRINGS_DIR / f"{language}.toml").read_text(encoding="utf-8"))
        assert set(dotted_keys(table)) == set(strings.reference), language


def dotted_keys(table, prefix=""):
    for name, value in table.items():
        if isinstance(value, dict):
            yield from dotted_keys(value, f"{prefix}{name}.")
        else:
            yield prefix + name


def story_texts(node):
    """Every ``{key = ..., en = ...}`` text the story's data files name."""
    if isinstance(node, dict):
        if isinstance(node.get("key"), str) and "en" in node:
            yield node["key"], node["en"]
        for value in node.values():
            yield from story_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from story_texts(value)


def test_every_text_the_story_names_has_a_translation():
    strings = Strings(KNOWN_LANGUAGES)
    files = sorted((REPO_ROOT / "levels").glob("story/*.toml"))
    missing = []
    for path in files:
        for key, _english in story_texts(tomllib.loads(path.read_text(encoding="utf-8"))):
            if key not in strings.reference:
                missing.append(f"{path.name}: {key}")
    assert not missing, "texts missing from levels/strings/en.toml (and es.toml): " + ", ".join(
        missing
    )


def test_stage_sensation_chapter_and_language_names_have_texts():
    from game.sim.protocol import COMPRESSION_STAGES, RECOVERY_PHASES

    sensation = tomllib.loads((REPO_ROOT / "levels/science/sensation.toml").read_text())
    strings = Strings(KNOWN_LANGUAGES)
    for language in KNOWN_LANGUAGES:
        for stage in ("healthy", *COMPRESSION_STAGES, *RECOVERY_PHASES):
            assert strings.text(language, f"stage.{stage_key(stage)}")
            assert strings.text(language, f"caption.{stage_key(stage)}")
        for rule in sensation["rule"]:
            assert strings.text(language, f"sensation.{rule['sensation']}")
        for chapter in STORY_CHAPTERS:
            assert strings.text(language, f"chapter.{chapter}")
        for other in KNOWN_LANGUAGES:
            assert strings.text(language, f"language.{other}")
    assert strings.text("es", "kiosk.countdown", seconds=7) == "Volvemos a empezar en 7 s"


def test_a_missing_key_is_reported_and_falls_back_to_english(tmp_path):
    (tmp_path / "en.toml").write_text(
        '[kiosk]\ntouch_to_start = "Touch to start"\ncountdown = "Starting over in {seconds} s"\n'
    )
    (tmp_path / "es.toml").write_text(
        '[kiosk]\ncountdown = "Volvemos en {segundos} s"\nextra = "x"\n', encoding="utf-8"
    )
    strings = Strings(("en", "es"), directory=tmp_path)
    assert strings.text("es", "kiosk.touch_to_start") == "Touch to start"
    assert strings.text("es", "kiosk.countdown", seconds=3) == "Starting over in 3 s"
    problems = "\n".join(strings.problems)
    assert "es.toml: key 'kiosk.touch_to_start': missing; showing English" in problems
    assert "key 'kiosk.countdown': expected the placeholders {seconds}" in problems
    assert "key 'kiosk.extra': unknown key" in problems
    assert len(strings.problems) == 3


def test_a_missing_language_file_shows_english(tmp_path):
    (tmp_path / "en.toml").write_text('[kiosk]\ntouch_to_start = "Touch to start"\n')
    strings = Strings(("en", "es"), directory=tmp_path)
    assert strings.text("es", "kiosk.touch_to_start") == "Touch to start"
    assert len(strings.problems) == 1 and "file not found" in strings.problems[0]


def test_stage_key():
    assert stage_key("ATP depletion") == "atp_depletion"
    assert stage_key("nerve dark, silent") == "nerve_dark_silent"


def test_font_has_a_licence_next_to_it():
    fonts = REPO_ROOT / "models" / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file()
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text()


@pytest.mark.render
def test_the_font_draws_every_spanish_glyph(kiosk_base, font):
    from direct.gui.OnscreenText import OnscreenText

    from game.render.frame_capture import frame_rgb

    def render(text):
        node = OnscreenText(
            text=text,
            font=font,
            scale=0.6,
            pos=(0, -0.2),
            fg=(1, 1, 1, 1),
            parent=kiosk_base.aspect2d,
        )
        kiosk_base.graphicsEngine.render_frame()
        kiosk_base.graphicsEngine.render_frame()
        lit = frame_rgb(kiosk_base.win).max(axis=2) > 128
        node.destroy()
        return lit

    # the ShowBase may be shared with other tiers' tests: start from a black, empty frame
    saved_background = kiosk_base.get_background_color()
    kiosk_base.set_background_color(0, 0, 0, 1)
    kiosk_base.render.hide()
    try:
        _check_spanish_glyphs(render)
    finally:
        kiosk_base.render.show()
        kiosk_base.set_background_color(saved_background)


def _check_spanish_glyphs(render) -> None:
    blank = render(" ")
    assert blank.sum() == 0
    whole = render("¿Año?")
    assert whole.sum() > 500
    for accented, plain in [
        ("á", "a"),
        ("é", "e"),
        ("í", "i"),
        ("ó", "o"),
        ("ú", "u"),
        ("ñ", "n"),
        ("¿", "?"),
        ("¡", "!"),
    ]:
        glyph = render(accented)
        assert glyph.sum() > 50, f"{accented!r} drew nothing"
        # The accent, tilde or inversion must show: the glyph differs from its plain letter.
        differs = np.logical_xor(glyph, render(plain)).sum()
        assert differs > 30, f"{accented!r} looks like {plain!r}"
