"""The HUD's gauges at the picked site: ATP, [Na+] inside, [K+] outside, blood flow.

Each gauge is a bar (its length the value's share of a full scale) with its name, value and
unit in words, and a tick at the healthy value, so a change reads without colour; bars are
scaled cards, so a frame costs a few ``set_sx`` calls and a text update only when the shown
number changes.
"""

from dataclasses import dataclass

from direct.gui.DirectGui import DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextNode

from game.render.look import OKABE_ITO


@dataclass(frozen=True)
class Gauge:
    label: str
    unit: str
    full_scale: float
    healthy: float
    #: format of the value (the unit follows)
    fmt: str
    colour: tuple[float, float, float]


GAUGES = (
    Gauge("ATP", "mM", 3.0, 2.5, "{:.2f}", OKABE_ITO["bluish green"]),
    Gauge("[Na+] inside", "mM", 60.0, 10.0, "{:.1f}", OKABE_ITO["orange"]),
    Gauge("[K+] outside", "mM", 60.0, 4.5, "{:.1f}", OKABE_ITO["reddish purple"]),
    Gauge("blood flow", "%", 100.0, 100.0, "{:.0f}", OKABE_ITO["sky blue"]),
)


def gauge_values(c, site: int) -> tuple[float, float, float, float]:
    """(ATP mM, [Na+]i mM, [K+]o mM, perfusion %) of ``ClassSnapshot`` ``c`` at ``site``."""
    return (
        float(c.atp_mM[site]),
        float(c.na_in_mM[site]),
        float(c.k_out_mM[site]),
        100.0 * float(c.perfusion[site]),
    )


class Gauges:
    """Four labelled bars under ``parent``, top-left at (x, z); ``show(values)`` per frame."""

    def __init__(self, parent: NodePath, *, x: float, z: float, width: float = 0.5) -> None:
        self.root = parent.attach_new_node("gauges")
        self.root.set_pos(x, 0, z)
        self.width = width
        self._bars: list[NodePath] = []
        self._texts: list[OnscreenText] = []
        self._shown: list[str] = []
        self._frames = []
        row = 0.1
        for i, g in enumerate(GAUGES):
            z_bar = -i * row - 0.075
            back = DirectFrame(
                parent=self.root, frameColor=(0.1, 0.12, 0.18, 0.7),
                frameSize=(0.0, width, -0.012, 0.012), pos=(0, 0, z_bar),
            )  # fmt: skip
            bar = DirectFrame(
                parent=self.root, frameColor=(*g.colour, 1.0),
                frameSize=(0.0, width, -0.012, 0.012), pos=(0, 0, z_bar),
            )  # fmt: skip
            tick = DirectFrame(
                parent=self.root, frameColor=(0.92, 0.94, 0.98, 0.9),
                frameSize=(-0.003, 0.003, -0.02, 0.02),
                pos=(width * min(g.healthy / g.full_scale, 1.0), 0, z_bar),
            )  # fmt: skip
            text = OnscreenText(
                text="", parent=self.root, pos=(0.0, z_bar + 0.022), scale=0.034,
                fg=(0.86, 0.9, 0.96, 0.95), shadow=(0, 0, 0, 0.8), align=TextNode.A_left,
                mayChange=True,
            )  # fmt: skip
            self._frames += [back, bar, tick]
            self._bars.append(bar)
            self._texts.append(text)
            self._shown.append("")

    def show(self, values: tuple[float, ...]) -> None:
        for i, (g, value) in enumerate(zip(GAUGES, values, strict=True)):
            share = min(max(value / g.full_scale, 0.0), 1.0)
            self._bars[i].set_sx(max(share, 1e-3))
            text = f"{g.label} {g.fmt.format(value)} {g.unit} (healthy {g.fmt.format(g.healthy)})"
            if text != self._shown[i]:
                self._shown[i] = text
                self._texts[i].setText(text)

    @property
    def texts(self) -> list[str]:
        return list(self._shown)

    def destroy(self) -> None:
        for text in self._texts:
            text.destroy()
        for frame in self._frames:
            frame.destroy()
        self.root.remove_node()
