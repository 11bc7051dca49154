"""On-screen captions during the flight: what the visitor is looking at, and at what scale.

Says which fibre this is, that internodes are drawn shorter than life (and how much), and
the electrical time with its slow-motion factor, so nothing on screen misleads about scale.
The time line is regenerated only when its text changes.
"""

from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextNode


def scale_caption(*, fiber_diameter_um: float, axial_compression: float) -> str:
    return (
        f"Inside a {fiber_diameter_um:g} \u00b5m myelinated nerve fibre: "
        f"internodes drawn {axial_compression:g}x shorter than life"
    )


def time_caption(t_ms: float, electrical_ms_per_s: float) -> str:
    slow = 1000.0 / electrical_ms_per_s if electrical_ms_per_s > 0 else float("inf")
    return f"electrical time {t_ms:7.3f} ms, slowed {slow:,.0f}x"


class FlightHud:
    """Two lines at the bottom of the screen under ``parent`` (aspect2d)."""

    def __init__(
        self,
        parent: NodePath,
        *,
        fiber_diameter_um: float,
        axial_compression: float,
        electrical_ms_per_s: float,
    ) -> None:
        self._rate = electrical_ms_per_s
        style = {
            "parent": parent,
            "fg": (0.86, 0.9, 0.96, 0.92),
            "shadow": (0, 0, 0, 0.8),
            "align": TextNode.A_center,
            "mayChange": True,
        }
        self.root = parent.attach_new_node("flight-hud")
        self._scale = OnscreenText(
            text=scale_caption(
                fiber_diameter_um=fiber_diameter_um, axial_compression=axial_compression
            ),
            pos=(0.0, -0.86),
            scale=0.045,
            **style,
        )
        self._time = OnscreenText(text="", pos=(0.0, -0.93), scale=0.04, **style)
        self._scale.reparent_to(self.root)
        self._time.reparent_to(self.root)
        self._time_text = ""

    def show_time(self, t_ms: float) -> None:
        text = time_caption(t_ms, self._rate)
        if text != self._time_text:
            self._time_text = text
            self._time.setText(text)

    def destroy(self) -> None:
        self._scale.destroy()
        self._time.destroy()
        self.root.remove_node()
