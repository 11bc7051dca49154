"""The title screen: the three ways in (story, explore, lessons) as big touch targets; the
language, calm mode, captions and field of view, each shown beside the key that changes it. Draws ``game.play.title_menu.TitleMenu``; ``refresh()``
after the menu changes. Built under its own root; ``cleanup()`` removes it."""

from panda3d.core import NodePath, TextNode

from game.play.play_data import localized
from game.play.title_menu import (
    CALM_OFF,
    CALM_ON,
    CAPTIONS_OFF,
    CAPTIONS_ON,
    ENTRIES,
    FOV,
    HEADING,
    KEYS_HINT,
    LANGUAGE_NAMES,
    SUBTITLE,
    TitleMenu,
)
from game.render.play_views import widgets as w

BUTTON_HALF_WIDTH = 0.62
BUTTON_HALF_HEIGHT = 0.11
BUTTON_TOPS = (0.22, -0.04, -0.30)
#: The settings under the buttons: two columns (left edges) of two rows (text baselines).
SETTINGS_COLUMNS_X = (-0.95, 0.1)
SETTINGS_ROWS_Y = (-0.68, -0.8)
#: The side of the square that shows a setting's key.
KEY_CHIP = 0.085


class TitleScreen:
    def __init__(self, parent: NodePath, menu: TitleMenu, *, strings=None) -> None:
        self.parent = parent
        self.menu = menu
        self.strings = strings
        self.root: NodePath | None = None
        self.refresh()

    def _t(self, text, **values) -> str:
        return localized(text, self.strings, self.menu.language, **values)

    def refresh(self) -> None:
        if self.root is not None:
            self.root.remove_node()
        self.root = self.parent.attach_new_node("title-screen")
        w.box(self.root, -2.0, 2.0, -1.0, 1.0, (0.03, 0.05, 0.09, 1.0), "backdrop")
        w.label(
            self.root,
            self._t(HEADING),
            0,
            0.62,
            scale=0.14,
            colour=w.NERVE,
            align=TextNode.A_center,
        )
        w.label(
            self.root,
            self._t(SUBTITLE),
            0,
            0.47,
            scale=0.07,
            colour=w.TEXT,
            align=TextNode.A_center,
        )
        self.buttons = []
        for i, ((_mode, text), top) in enumerate(zip(ENTRIES, BUTTON_TOPS)):
            chosen = i == self.menu.selected
            b = self.root.attach_new_node(f"button-{i}")
            w.box(b, -BUTTON_HALF_WIDTH, BUTTON_HALF_WIDTH, top - 2 * BUTTON_HALF_HEIGHT, top,
                  w.PANEL_LIGHT if chosen else w.PANEL)  # fmt: skip
            if chosen:  # the selection is a frame and an arrow, not only a colour
                w.outline(b, -BUTTON_HALF_WIDTH, BUTTON_HALF_WIDTH,
                          top - 2 * BUTTON_HALF_HEIGHT, top, w.ACCENT, thickness=4)  # fmt: skip
                w.label(b, "\u25b6", -BUTTON_HALF_WIDTH + 0.06, top - BUTTON_HALF_HEIGHT - 0.025,
                        scale=0.07, colour=w.ACCENT)  # fmt: skip
            w.label(b, self._t(text), 0, top - BUTTON_HALF_HEIGHT - 0.025, scale=0.075,
                    align=TextNode.A_center)  # fmt: skip
            self.buttons.append(b)
        # The settings a first-time visitor may want before anything moves, each beside the
        # key that changes it (a newcomer should not have to decode the key line).
        language = LANGUAGE_NAMES.get(self.menu.language, self.menu.language)
        calm = CALM_ON if self.menu.calm else CALM_OFF
        captions = CAPTIONS_ON if self.menu.captions else CAPTIONS_OFF
        fov = self._t(FOV, degrees=f"{self.menu.comfort.fov_deg:.0f}")
        settings = (("L", language), ("M", self._t(calm)), ("C", self._t(captions)), ("F", fov))
        group = self.root.attach_new_node("settings")
        for i, (key, text) in enumerate(settings):
            x = SETTINGS_COLUMNS_X[i % 2]
            y = SETTINGS_ROWS_Y[i // 2]
            w.box(group, x, x + KEY_CHIP, y - 0.025, y + KEY_CHIP - 0.025, w.PANEL_LIGHT)
            w.label(group, key, x + KEY_CHIP / 2, y, scale=0.055, colour=w.ACCENT,
                    align=TextNode.A_center)  # fmt: skip
            w.label(group, text, x + KEY_CHIP + 0.04, y, scale=0.06, colour=w.MUTED)
        hint = self.root.attach_new_node("keys-hint")
        w.label(hint, self._t(KEYS_HINT), 0, -0.94, scale=0.05, colour=w.MUTED,
                align=TextNode.A_center)  # fmt: skip
        for node in (group, hint):
            _fit_width(node, self.root)

    def button_at(self, x: float, y: float) -> int | None:
        """Which entry a touch at (x, y) in the parent's units hits, if any."""
        for i, top in enumerate(BUTTON_TOPS):
            if abs(x) <= BUTTON_HALF_WIDTH and top - 2 * BUTTON_HALF_HEIGHT <= y <= top:
                return i
        return None

    def cleanup(self) -> None:
        if self.root is not None:
            self.root.remove_node()
            self.root = None


def _fit_width(node: NodePath, parent: NodePath, margin: float = 0.05) -> None:
    """Shrink ``node`` (about its own middle line, keeping its baselines' height) so it fits
    the window's width: on a narrow or portrait window the settings and the key line would
    run off both sides (the buttons already fit)."""
    left, right, _, _ = w.screen_extent(parent)
    low, high = node.get_tight_bounds(parent)
    width = high.x - low.x
    room = right - left - 2 * margin
    if width <= room:
        return
    s = room / width
    middle_x, middle_z = 0.5 * (low.x + high.x), 0.5 * (low.z + high.z)
    node.set_scale(s)
    node.set_pos(-middle_x * s, 0.0, middle_z * (1 - s))
