"""Every text the title screen, the story's overlay, the legs inset and the lessons show has
a key in every string table, and Spanish really differs from English for them."""

import tomllib

from game import REPO_ROOT
from game.i18n import Strings
from game.kiosk.config import KNOWN_LANGUAGES
from game.play.play_data import Text


def _texts_of(module) -> list[Text]:
    found = []
    for value in vars(module).values():
        if isinstance(value, Text):
            found.append(value)
        elif isinstance(value, (tuple, list, dict)):
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                if isinstance(item, Text):
                    found.append(item)
                elif isinstance(item, tuple):
                    found += [x for x in item if isinstance(x, Text)]
    return found


def _file_texts(node):
    if isinstance(node, dict):
        if isinstance(node.get("key"), str) and "en" in node:
            yield Text(node["key"], node["en"])
        for value in node.values():
            yield from _file_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _file_texts(value)


def test_every_text_of_the_modes_is_in_every_table_and_translated():
    from game.modes import runner
    from game.play import title_menu
    from game.render.play_views import chapter_card, quiz_panel, story_overlay

    texts = []
    for module in (runner, title_menu, story_overlay, chapter_card, quiz_panel):
        texts += _texts_of(module)
    for path in sorted((REPO_ROOT / "levels" / "lessons").glob("*.toml")):
        texts += list(_file_texts(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert len(texts) > 200
    strings = Strings(KNOWN_LANGUAGES)
    assert strings.problems == []
    missing = [t.key for t in texts if t.key not in strings.reference]
    assert not missing, f"keys missing from levels/strings/en.toml: {missing}"
    for t in texts:
        assert strings.text("en", t.key) == t.en, t.key  # the files' English is the table's
    # Spanish is a translation, not a copy (a few words are the same in both: "C", "A-beta")
    same = [t.key for t in texts if strings.text("es", t.key) == strings.text("en", t.key)]
    assert len(same) < 10, same


def test_the_legs_inset_words_have_keys():
    strings = Strings(KNOWN_LANGUAGES)
    for key in ("fibular_head", "peroneal_nerve", "pressed", "crossing", "apart"):
        assert strings.text("es", f"legs.inset.{key}") != strings.text("en", f"legs.inset.{key}")
