"""The HUD's oscilloscope: the membrane potential at the picked node over the last seconds.

A ring buffer of one sample a frame (``push``), drawn as one line strip whose vertex
positions are rewritten each frame from numpy through a memoryview (no Python loop over
samples, no new geometry). The axis runs from -90 to +40 mV with lines at -90, -50 (about
where a node fires), 0 and +40 mV; the newest sample is at the right edge.
"""

import numpy as np
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import (
    Geom,
    GeomLinestrips,
    GeomNode,
    GeomVertexData,
    GeomVertexFormat,
    LineSegs,
    NodePath,
    TextNode,
    TransparencyAttrib,
)

from game.render.look import OKABE_ITO

V_MIN_MV = -90.0
V_MAX_MV = 40.0
GRID_MV = (-90.0, -50.0, 0.0, 40.0)
#: Samples shown: 4 s at 60 frames a second.
N_SAMPLES = 240


class Oscilloscope:
    """A trace ``width`` x ``height`` (aspect2d units) under ``parent``, bottom-left at (x, z)."""

    def __init__(
        self,
        parent: NodePath,
        *,
        x: float,
        z: float,
        width: float = 0.9,
        height: float = 0.38,
        n_samples: int = N_SAMPLES,
    ) -> None:
        self.width, self.height, self.n_samples = width, height, n_samples
        self.root = parent.attach_new_node("oscilloscope")
        self.root.set_pos(x, 0, z)
        self.root.set_transparency(TransparencyAttrib.M_alpha)
        self.samples_mV = np.full(n_samples, V_MIN_MV, dtype=np.float32)
        self._filled = False
        self._back = self._build_back()
        self._positions = np.zeros((n_samples, 3), dtype=np.float32)
        self._positions[:, 0] = np.linspace(0.0, width, n_samples, dtype=np.float32)
        self.trace = self._build_trace()
        self._text = []
        style = {"parent": self.root, "fg": (0.75, 0.8, 0.88, 0.9), "scale": 0.032}
        for v in GRID_MV:
            label = f"{v:+.0f} mV" if v else "0 mV"
            self._text.append(
                OnscreenText(
                    text=label, pos=(-0.015, self._z_of(v) - 0.01), align=TextNode.A_right, **style
                )
            )
        self.title = OnscreenText(
            text="", pos=(0.0, height + 0.02), align=TextNode.A_left, mayChange=True,
            parent=self.root, fg=(0.86, 0.9, 0.96, 0.95), scale=0.036, shadow=(0, 0, 0, 0.8),
        )  # fmt: skip
        self._title_text = ""

    def _z_of(self, v_mV: float) -> float:
        return (v_mV - V_MIN_MV) / (V_MAX_MV - V_MIN_MV) * self.height

    def _build_back(self) -> NodePath:
        lines = LineSegs("scope-grid")
        lines.set_thickness(1.0)
        lines.set_color(0.45, 0.5, 0.6, 0.55)
        for v in GRID_MV:
            lines.move_to(0, 0, self._z_of(v))
            lines.draw_to(self.width, 0, self._z_of(v))
        lines.move_to(0, 0, 0)
        lines.draw_to(0, 0, self.height)
        back = self.root.attach_new_node(lines.create())
        from direct.gui.DirectGui import DirectFrame

        self._card = DirectFrame(
            parent=self.root,
            frameColor=(0.0, 0.02, 0.06, 0.55),
            frameSize=(-0.02, self.width + 0.02, -0.02, self.height + 0.02),
        )
        self._card.set_bin("fixed", 0)
        back.set_bin("fixed", 1)
        return back

    def _build_trace(self) -> NodePath:
        vdata = GeomVertexData("scope", GeomVertexFormat.get_v3(), Geom.UH_dynamic)
        vdata.set_num_rows(self.n_samples)
        memoryview(vdata.modify_array(0)).cast("B")[:] = self._positions.view(np.uint8).ravel()
        strip = GeomLinestrips(Geom.UH_static)
        strip.add_consecutive_vertices(0, self.n_samples)
        strip.close_primitive()
        geom = Geom(vdata)
        geom.add_primitive(strip)
        node = GeomNode("scope-trace")
        node.add_geom(geom)
        self._vdata = vdata
        trace = self.root.attach_new_node(node)
        trace.set_render_mode_thickness(2.5)
        trace.set_color(*OKABE_ITO["sky blue"], 1.0)
        trace.set_bin("fixed", 2)
        return trace

    def set_title(self, text: str) -> None:
        if text != self._title_text:
            self._title_text = text
            self.title.setText(text)

    def clear(self, v_mV: float | None = None) -> None:
        """Forget the trace (a new node was picked); it restarts flat at ``v_mV``."""
        self._filled = False
        if v_mV is not None:
            self.samples_mV[:] = v_mV
            self._filled = True

    def push(self, v_mV: float) -> None:
        """Add this frame's sample and redraw the trace."""
        if not self._filled:
            self.samples_mV[:] = v_mV
            self._filled = True
        self.samples_mV[:-1] = self.samples_mV[1:]
        self.samples_mV[-1] = v_mV
        z = (np.clip(self.samples_mV, V_MIN_MV, V_MAX_MV) - V_MIN_MV) / (V_MAX_MV - V_MIN_MV)
        self._positions[:, 2] = z * self.height
        view = memoryview(self._vdata.modify_array(0)).cast("B")
        view[:] = self._positions.view(np.uint8).ravel()

    def destroy(self) -> None:
        for text in self._text:
            text.destroy()
        self.title.destroy()
        self._card.destroy()
        self.root.remove_node()
