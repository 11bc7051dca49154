"""The HUD's panel of the four fibre classes: conducting, failing, blocked or ectopic.

Each row says its state in words *and* with a shape (never by colour alone): an arrow for a
class that conducts, a broken arrow for one that is failing, a bar for a blocked one, a
star for one firing on its own; colours are Okabe-Ito (colour-blind safe, as in
``game.render.look``). The state is read off the snapshot (``class_state``): the last
probe's conduction and ectopic rate, and the ATP left in the compressed middle.
"""

import math

from direct.gui.OnscreenText import OnscreenText
from panda3d.core import LineSegs, NodePath, TextNode

from game.render.look import OKABE_ITO

STATES = ("conducting", "failing", "blocked", "ectopic")
#: Ectopic firing past the segment at or above this rate counts as "ectopic", Hz.
ECTOPIC_HZ = 1.0
#: A conducting class whose compressed middle has less than this share of the ATP of its
#: healthy ends is "failing": its pumps are running down and the block is coming.
FAILING_ATP_SHARE = 0.5

STATE_COLOURS = {
    "conducting": OKABE_ITO["bluish green"],
    "failing": OKABE_ITO["orange"],
    "blocked": OKABE_ITO["vermillion"],
    "ectopic": OKABE_ITO["yellow"],
}
ROLE = {
    "A-alpha": "position, muscle",
    "A-beta": "touch",
    "A-delta": "sharp pain, cold",
    "C": "slow pain, warmth",
}


def class_state(c) -> str:
    """One of STATES for a ``ClassSnapshot``."""
    if c.ectopic_hz >= ECTOPIC_HZ:
        return "ectopic"
    if not c.conducting:
        return "blocked"
    middle = c.pressure_weight >= 0.999
    ends = c.pressure_weight <= 0.0
    if middle.any() and ends.any():
        reference = float(c.atp_mM[ends].mean())
        if reference > 0 and float(c.atp_mM[middle].mean()) < FAILING_ATP_SHARE * reference:
            return "failing"
    return "conducting"


def _icon(state: str, size: float) -> NodePath:
    """A shape that says ``state`` without colour, ``size`` across, centred on the origin."""
    lines = LineSegs(f"icon-{state}")
    lines.set_thickness(2.5)
    lines.set_color(*STATE_COLOURS[state], 1.0)
    h = 0.5 * size
    if state == "conducting":  # an arrow all the way through
        lines.move_to(-h, 0, 0)
        lines.draw_to(h, 0, 0)
        lines.move_to(0.35 * h, 0, 0.45 * h)
        lines.draw_to(h, 0, 0)
        lines.draw_to(0.35 * h, 0, -0.45 * h)
    elif state == "failing":  # an arrow with a gap in it
        lines.move_to(-h, 0, 0)
        lines.draw_to(-0.2 * h, 0, 0)
        lines.move_to(0.2 * h, 0, 0)
        lines.draw_to(h, 0, 0)
        lines.move_to(0.35 * h, 0, 0.45 * h)
        lines.draw_to(h, 0, 0)
        lines.draw_to(0.35 * h, 0, -0.45 * h)
    elif state == "blocked":  # a line stopped at a bar
        lines.move_to(-h, 0, 0)
        lines.draw_to(0.1 * h, 0, 0)
        for dx in (0.3 * h, 0.45 * h):
            lines.move_to(dx, 0, 0.8 * h)
            lines.draw_to(dx, 0, -0.8 * h)
    else:  # ectopic: a burst, firing both ways from inside
        for k in range(8):
            a = k * math.pi / 4
            lines.move_to(0.2 * h * math.cos(a), 0, 0.2 * h * math.sin(a))
            lines.draw_to(0.9 * h * math.cos(a), 0, 0.9 * h * math.sin(a))
    return NodePath(lines.create())


class ClassPanel:
    """Four rows under ``parent``, top-left corner at (x, z); ``show(snapshot)`` each frame."""

    def __init__(self, parent: NodePath, *, x: float, z: float, scale: float = 0.042) -> None:
        self.root = parent.attach_new_node("class-panel")
        self.root.set_pos(x, 0, z)
        self._rows: list[tuple[str, dict[str, NodePath], OnscreenText]] = []
        self._states: list[str | None] = []
        self._title = OnscreenText(
            text="Fibre classes",
            parent=self.root,
            pos=(0.0, 0.0),
            scale=scale,
            fg=(0.86, 0.9, 0.96, 0.95),
            shadow=(0, 0, 0, 0.8),
            align=TextNode.A_left,
        )
        row_h = 1.7 * scale
        for i, name in enumerate(("A-alpha", "A-beta", "A-delta", "C")):
            z_row = -(i + 1) * row_h
            icons = {}
            for state in STATES:
                icon = _icon(state, 1.2 * scale)
                icon.reparent_to(self.root)
                icon.set_pos(0.6 * scale, 0, z_row + 0.3 * scale)
                icon.hide()
                icons[state] = icon
            label = OnscreenText(
                text=name,
                parent=self.root,
                pos=(1.5 * scale, z_row),
                scale=0.85 * scale,
                fg=(0.86, 0.9, 0.96, 0.95),
                shadow=(0, 0, 0, 0.8),
                align=TextNode.A_left,
                mayChange=True,
            )
            self._rows.append((name, icons, label))
            self._states.append(None)

    def show(self, snapshot) -> None:
        for i, (name, icons, label) in enumerate(self._rows):
            state = class_state(snapshot.by_name(name))
            if state == self._states[i]:
                continue
            if self._states[i] is not None:
                icons[self._states[i]].hide()
            icons[state].show()
            self._states[i] = state
            label.setText(f"{name} ({ROLE[name]}): {state}")
            label.setFg((*STATE_COLOURS[state], 1.0))

    @property
    def states(self) -> list[str | None]:
        return list(self._states)

    def destroy(self) -> None:
        self._title.destroy()
        for _, _, label in self._rows:
            label.destroy()
        self.root.remove_node()
