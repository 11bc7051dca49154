"""The legs inset: a side view of two seated legs. As ``crossed`` goes 0 -> 1 the upper leg
swings over the lower one until the lower knee presses its common peroneal nerve (yellow)
against the fibular head (labelled). The pressure is marked by rings and a word, not by
colour alone. Driven by ``game.play.legs.Legs.crossed``; ``set_foot_drop(True)`` (the
"Saturday night palsy" branch) lets the pressed leg's foot hang, labelled. ``cleanup()``
removes it."""

import math

from panda3d.core import LineSegs, NodePath, TextNode

from game.play.play_data import Text, localized
from game.render.play_views import widgets as w

SKIN = (0.83, 0.69, 0.58, 1.0)
SKIN_DARK = (0.66, 0.52, 0.43, 1.0)
BONE = (0.95, 0.93, 0.86, 1.0)
THIGH_LENGTH = 0.42
SHIN_LENGTH = 0.42


def _limb(parent: NodePath, points, colour, thickness) -> NodePath:
    ls = LineSegs("limb")
    ls.set_color(*colour)
    ls.set_thickness(thickness)
    ls.move_to(points[0][0], 0, points[0][1])
    for x, z in points[1:]:
        ls.draw_to(x, 0, z)
    return parent.attach_new_node(ls.create())


def _circle(parent: NodePath, cx, cz, r, colour, thickness=3.0, segments=28) -> NodePath:
    pts = [(cx + r * math.cos(2 * math.pi * i / segments), cz + r * math.sin(2 * math.pi * i / segments))
           for i in range(segments + 1)]  # fmt: skip
    return _limb(parent, pts, colour, thickness)


def leg_points(crossed: float) -> dict[str, tuple]:
    """Hip, knee and foot of both legs in inset units (the inset spans -0.5..0.5)."""
    hip = (-0.38, -0.02)
    low_knee = (hip[0] + THIGH_LENGTH, hip[1])
    low_foot = (low_knee[0] + 0.04, low_knee[1] - SHIN_LENGTH)
    # the upper thigh rises as it crosses until its back of the knee rests on the lower knee
    angle = math.radians(4.0 + 16.0 * crossed)
    up_hip = (hip[0], hip[1] + 0.03)
    up_knee = (
        up_hip[0] + THIGH_LENGTH * math.cos(angle),
        up_hip[1] + THIGH_LENGTH * math.sin(angle),
    )
    shin_angle = math.radians(-88.0 + 28.0 * crossed)
    up_foot = (
        up_knee[0] + SHIN_LENGTH * math.cos(shin_angle),
        up_knee[1] + SHIN_LENGTH * math.sin(shin_angle),
    )
    # the fibular head: on the outer side of the upper leg, just below its knee
    fib = (
        up_knee[0] + 0.055 * math.cos(shin_angle) - 0.01,
        up_knee[1] + 0.055 * math.sin(shin_angle) - 0.025,
    )
    return {"hip": hip, "low_knee": low_knee, "low_foot": low_foot, "up_hip": up_hip,
            "up_knee": up_knee, "up_foot": up_foot, "fibular_head": fib}  # fmt: skip


class LegsInset:
    """A square inset of ``size`` at ``pos`` (parent units); ``set_crossed(0..1)`` each frame."""

    def __init__(
        self, parent: NodePath, *, pos=(1.25, 0.55), size=0.6, strings=None, language="en"
    ) -> None:
        self.strings, self.language = strings, language
        self.root = parent.attach_new_node("legs-inset")
        self.root.set_pos(pos[0], 0, pos[1])
        self.root.set_scale(size)
        self.crossed = -1.0
        self.foot_drop = False
        self._drawing: NodePath | None = None
        w.box(self.root, -0.5, 0.5, -0.5, 0.5, w.PANEL, "inset-panel")
        w.outline(self.root, -0.5, 0.5, -0.5, 0.5, w.MUTED, thickness=2)
        self.set_crossed(0.0)

    def _t(self, key: str, english: str) -> str:
        return localized(Text(key, english), self.strings, self.language)

    def set_language(self, language: str) -> None:
        self.language = language
        crossed, self.crossed = self.crossed, -1.0
        self.set_crossed(crossed)

    def set_foot_drop(self, foot_drop: bool) -> None:
        """The pressed leg's foot hangs (its lifting muscle gets no signal) or not."""
        if foot_drop != self.foot_drop:
            self.foot_drop = foot_drop
            crossed, self.crossed = self.crossed, -1.0
            self.set_crossed(crossed)

    def set_crossed(self, crossed: float) -> None:
        crossed = min(1.0, max(0.0, crossed))
        # small steps are not redrawn, but reaching either end always is ("PRESSED")
        if abs(crossed - self.crossed) < 1e-3 and crossed not in (0.0, 1.0):
            return
        if crossed == self.crossed:
            return
        self.crossed = crossed
        if self._drawing is not None:
            self._drawing.remove_node()
        d = self._drawing = self.root.attach_new_node("legs")
        p = leg_points(crossed)
        _limb(d, [(-0.46, 0.3), p["hip"]], SKIN_DARK, 10)  # the seat's edge / torso hint
        _limb(
            d,
            [p["hip"], p["low_knee"], p["low_foot"], (p["low_foot"][0] + 0.1, p["low_foot"][1])],
            SKIN_DARK,
            16,
        )
        _limb(
            d,
            [
                p["up_hip"],
                p["up_knee"],
                p["up_foot"],
                # foot drop: the toes point down instead of forward
                (p["up_foot"][0] + 0.05, p["up_foot"][1] - 0.085)
                if self.foot_drop
                else (p["up_foot"][0] + 0.09, p["up_foot"][1] + 0.03),
            ],
            SKIN,
            16,
        )
        fx, fz = p["fibular_head"]
        _circle(d, fx, fz, 0.025, BONE, thickness=5)
        # the common peroneal nerve wraps around the fibular head
        knee = p["up_knee"]
        _limb(d, [(knee[0] - 0.12, knee[1] + 0.03), (fx - 0.03, fz + 0.02), (fx, fz - 0.03),
                  (fx + 0.05, fz - 0.07)], w.NERVE, 4)  # fmt: skip
        w.label(
            d,
            self._t("legs.inset.fibular_head", "fibular head"),
            fx + 0.05,
            fz + 0.03,
            scale=0.04,  # "cabeza del peroné" stays inside the inset
            colour=w.TEXT,
        )
        w.label(
            d,
            self._t("legs.inset.peroneal_nerve", "peroneal nerve"),
            fx + 0.06,
            fz - 0.09,
            scale=0.04,
            colour=w.NERVE,
        )
        if crossed >= 1.0:  # the knee presses: rings and a word
            for r in (0.045, 0.07):
                _circle(d, fx, fz, r, w.WARN, thickness=3)
            w.label(
                d,
                self._t("legs.inset.pressed", "PRESSED"),
                0.0,
                0.4,
                scale=0.06,
                colour=w.WARN,
                align=TextNode.A_center,
            )
        elif self.foot_drop:
            # where the foot should be (outline), and an arrow down to where it hangs
            foot = p["up_foot"]
            toe, dropped = (foot[0] + 0.09, foot[1] + 0.03), (foot[0] + 0.05, foot[1] - 0.085)
            _limb(d, [foot, toe], w.MUTED, 3)
            _limb(d, [(toe[0] + 0.03, toe[1]), (dropped[0] + 0.04, dropped[1] + 0.01)], w.WARN, 3)
            _limb(d, [(dropped[0] + 0.015, dropped[1] + 0.035), (dropped[0] + 0.04, dropped[1] + 0.01),
                      (dropped[0] + 0.06, dropped[1] + 0.04)], w.WARN, 3)  # fmt: skip
            w.label(d, self._t("palsy.foot_drop", "FOOT DROP: the foot hangs"), 0.0, 0.4,
                    scale=0.05, colour=w.WARN, align=TextNode.A_center)  # fmt: skip
        else:
            word = (self._t("legs.inset.crossing", "legs crossing") if crossed > 0
                    else self._t("legs.inset.apart", "legs apart"))  # fmt: skip
            w.label(d, word, 0.0, 0.4, scale=0.05,
                    colour=w.MUTED, align=TextNode.A_center)  # fmt: skip

    def cleanup(self) -> None:
        self.root.remove_node()
