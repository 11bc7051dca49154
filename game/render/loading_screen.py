"""The loading screen shown while the simulation's kernels compile on a first start.

A title, a progress bar and the compiler's current step over a dimmed view of the resting
fibre, so the window keeps drawing (never a frozen black window) while numba works.
"""

from direct.gui.DirectGui import DirectFrame, DirectWaitBar
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextNode, TransparencyAttrib


class LoadingScreen:
    """Shown under ``parent`` (aspect2d) until ``destroy()``; ``show(fraction, label)`` per frame."""

    def __init__(self, parent: NodePath) -> None:
        self.root = parent.attach_new_node("loading-screen")
        self._veil = DirectFrame(
            parent=self.root,
            frameColor=(0.005, 0.01, 0.03, 0.72),
            frameSize=(-4.0, 4.0, -1.2, 1.2),  # wider than any aspect ratio
        )
        self._veil.set_transparency(TransparencyAttrib.M_alpha)
        text = {"parent": self.root, "fg": (0.88, 0.92, 0.98, 1.0), "align": TextNode.A_center}
        self._title = OnscreenText(text="Pins & Needles", pos=(0.0, 0.22), scale=0.11, **text)
        self._subtitle = OnscreenText(
            text="Preparing the nerve simulation", pos=(0.0, 0.09), scale=0.05, **text
        )
        self._bar = DirectWaitBar(
            parent=self.root,
            range=1000,
            value=0,
            pos=(0.0, 0.0, -0.04),
            frameSize=(-0.7, 0.7, -0.018, 0.018),
            frameColor=(0.12, 0.15, 0.22, 1.0),
            barColor=(0x56 / 255, 0xB4 / 255, 0xE9 / 255, 1.0),
        )
        self._label = OnscreenText(
            text="starting", pos=(0.0, -0.14), scale=0.042, mayChange=True, **text
        )
        self._hint = OnscreenText(
            text="The first start compiles the simulation; later starts are quick.",
            pos=(0.0, -0.24),
            scale=0.035,
            fg=(0.6, 0.66, 0.76, 1.0),
            parent=self.root,
            align=TextNode.A_center,
        )
        self._shown_label = "starting"

    def show(self, fraction: float, label: str) -> None:
        self._bar["value"] = 1000.0 * min(max(fraction, 0.0), 1.0)
        if label != self._shown_label:
            self._shown_label = label
            self._label.setText(label)

    def destroy(self) -> None:
        for widget in (self._bar, self._veil):
            widget.destroy()
        for text in (self._title, self._subtitle, self._label, self._hint):
            text.destroy()
        self.root.remove_node()
