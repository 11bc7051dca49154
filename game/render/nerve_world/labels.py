"""Labels naming what the visitor looks at, with how vulnerable it is to compression.

The texts are data (``levels/world/labels.toml``), validated on load: a broken file gives one
line naming the file, the key and what was expected. Each structure has sample points in the
nerve's space; the label shown is that of the structure whose nearest sample lies closest to
the view ray, within a cone and a distance (numpy over a few thousand points a frame).
"""

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from panda3d.core import NodePath, TextNode

from game import REPO_ROOT
from game.datafile import Field, check_table, load_toml
from game.render.nerve_world.anatomy import ENDONEURIUM_FRACTION, NODE_RADIUS_FRACTION
from game.render.nerve_world.layout import NerveLayout

LABELS_PATH = REPO_ROOT / "levels" / "world" / "labels.toml"
STRUCTURES = ("epineurium", "perineurium", "endoneurium", "vasa_nervorum", "myelin", "axon")
VULNERABILITIES = ("low", "moderate", "high", "critical", "highest")

#: ``LabelPicker.follow`` picks again after the eye moved this far (du), the view turned
#: this much (degrees), or this long (s of play), whichever comes first.
REPICK_DU = 1.5
REPICK_DEG = 2.0
REPICK_S = 0.25

_STRUCTURE = {
    "name": Field("string"),
    "vulnerability": Field("string", choices=VULNERABILITIES),
    "text": Field("string"),
}
SCHEMA = {
    "picking": Field("table", schema={
        "cone_deg": Field("number", min=0.5, max=45.0),
        "max_distance_du": Field("number", min=1.0, max=1000.0),
    }),
    "structures": Field("table", schema={key: Field("table", schema=_STRUCTURE) for key in STRUCTURES}),
}  # fmt: skip


@dataclass(frozen=True)
class Label:
    key: str
    name: str
    vulnerability: str
    text: str

    @property
    def caption(self) -> str:
        return f"{self.name}\nvulnerability to compression: {self.vulnerability}\n{self.text}"


@dataclass(frozen=True)
class LabelSet:
    labels: dict[str, Label]
    cone_deg: float
    max_distance_du: float


def load_labels(path: Path = LABELS_PATH) -> LabelSet:
    """The labels file, validated; raises DataFileError (one line) when it is wrong."""
    data = load_toml(path)
    check_table(path, data, SCHEMA)
    labels = {key: Label(key, **data["structures"][key]) for key in STRUCTURES}
    picking = data["picking"]
    return LabelSet(labels, float(picking["cone_deg"]), float(picking["max_distance_du"]))


def sample_points(layout: NerveLayout) -> dict[str, np.ndarray]:
    """Points (n, 3) on each structure, in the nerve's space (unsqueezed)."""
    rng = np.random.default_rng(3)
    length = layout.length_du

    def ring_points(cx, cz, radius, step_du, around):
        y = np.arange(0.5 * step_du, length, step_du)
        a = np.linspace(0, 2 * np.pi, around, endpoint=False)
        yy, aa = np.meshgrid(y, a, indexing="ij")
        return np.stack([cx + radius * np.cos(aa), yy, cz + radius * np.sin(aa)], -1).reshape(-1, 3)

    points = {
        "epineurium": ring_points(0.0, 0.0, layout.nerve_radius_du, 12.0, 24),
        "perineurium": np.concatenate([
            ring_points(cx, cz, fr, 10.0, 20)
            for (cx, cz), fr in zip(layout.fascicle_centres_du, layout.fascicle_radii_du)
        ]),
        "vasa_nervorum": np.concatenate([v.points_du for v in layout.vessels]),
    }  # fmt: skip
    myelin, endo, axon = [], [], []
    for fibre in layout.fibres:
        if fibre.myelinated:
            mids = 0.5 * (fibre.node_y_du[1:] + fibre.node_y_du[:-1])
            a = rng.uniform(0, 2 * np.pi, len(mids))
            myelin.append(
                np.stack(
                    [
                        fibre.x_du + fibre.radius_du * np.cos(a),
                        mids,
                        fibre.z_du + fibre.radius_du * np.sin(a),
                    ],
                    1,
                )
            )
            r = fibre.radius_du * ENDONEURIUM_FRACTION
            endo.append(
                np.stack(
                    [
                        fibre.x_du + r * np.cos(a + 2),
                        mids + 0.25 * (fibre.node_y_du[1] - fibre.node_y_du[0]),
                        fibre.z_du + r * np.sin(a + 2),
                    ],
                    1,
                )
            )
            r = fibre.radius_du * NODE_RADIUS_FRACTION
            axon.append(
                np.stack(
                    [fibre.x_du + r * np.cos(a), fibre.node_y_du[1:], fibre.z_du + r * np.sin(a)], 1
                )
            )
        else:
            y = fibre.node_y_du[::2]
            axon.append(np.stack([np.full(len(y), fibre.x_du), y, np.full(len(y), fibre.z_du)], 1))
    points["myelin"] = np.concatenate(myelin)
    points["endoneurium"] = np.concatenate(endo)
    points["axon"] = np.concatenate(axon)
    return points


class LabelPicker:
    """Chooses the structure looked at; shows its label in ``aspect2d`` (if given)."""

    def __init__(self, layout: NerveLayout, labels: LabelSet, aspect2d: NodePath | None) -> None:
        self.labels = labels
        points = sample_points(layout)
        self._keys = list(points)
        every = np.concatenate([points[k] for k in self._keys])
        owner = np.concatenate([np.full(len(points[k]), i) for i, k in enumerate(self._keys)])
        # Sorted along the nerve, so a pick looks only at the stretch within reach.
        order = np.argsort(every[:, 1], kind="stable")
        self._points = np.ascontiguousarray(every[order])
        self._owner = owner[order]
        self._y = self._points[:, 1].copy()
        self._cos_cone = math.cos(math.radians(labels.cone_deg))
        #: The key of the structure looked at now, or None.
        self.current: str | None = None
        self._last_view: tuple[float, ...] | None = None
        self._since_s = 0.0
        self._cos_repick = math.cos(math.radians(REPICK_DEG))
        self.node: NodePath | None = None
        if aspect2d is not None:
            text = TextNode("nerve-world-label")
            text.set_align(TextNode.A_left)
            text.set_text_color(0.9, 0.94, 1.0, 1.0)
            text.set_shadow(0.06, 0.06)
            text.set_shadow_color(0, 0, 0, 0.9)
            text.set_card_color(0.02, 0.03, 0.08, 0.6)
            text.set_card_as_margin(0.4, 0.4, 0.3, 0.3)
            text.set_wordwrap(26.0)
            self._text = text
            self.node = aspect2d.attach_new_node(text)
            self.node.set_scale(0.05)
            self.node.set_pos(-1.2, 0, 0.8)
            self.node.hide()

    def pick(self, eye: np.ndarray, forward: np.ndarray) -> str | None:
        """The structure looked at from ``eye`` along unit ``forward`` (nerve space), or None."""
        reach = self.labels.max_distance_du
        lo, hi = np.searchsorted(self._y, (eye[1] - reach, eye[1] + reach))
        d = self._points[lo:hi] - eye
        dist = np.sqrt(np.einsum("ij,ij->i", d, d))
        cos = (d @ forward) / np.maximum(dist, 1e-6)
        ok = (dist < reach) & (cos > self._cos_cone)
        if not ok.any():
            return None
        candidates = np.flatnonzero(ok)
        # Nearest the ray first; among nearly equal angles, the nearer point wins.
        score = (1.0 - cos[candidates]) + 1e-5 * dist[candidates]
        return self._keys[int(self._owner[lo + candidates[np.argmin(score)]])]

    def follow(self, eye, forward, dt_s: float | None) -> None:
        """``update`` at the pace a reader can follow: when the view has moved or turned
        enough to change what is looked at (``REPICK_DU``, ``REPICK_DEG``), else at most
        every ``REPICK_S`` of play. Picking searches thousands of points: doing it every
        frame would cost more than the rest of the world's update."""
        self._since_s += dt_s or 0.0
        ex, ey, ez = eye
        fx, fy, fz = forward
        last = self._last_view
        if last is not None and self._since_s < REPICK_S:
            moved = (ex - last[0]) ** 2 + (ey - last[1]) ** 2 + (ez - last[2]) ** 2
            turned = fx * last[3] + fy * last[4] + fz * last[5]
            if moved < REPICK_DU**2 and turned > self._cos_repick:
                return
        self._last_view = (ex, ey, ez, fx, fy, fz)
        self._since_s = 0.0
        self.update(np.array((ex, ey, ez), np.float64), np.array((fx, fy, fz), np.float64))

    def update(self, eye: np.ndarray, forward: np.ndarray) -> None:
        key = self.pick(eye, forward)
        if key == self.current:
            return
        self.current = key
        if self.node is None:
            return
        if key is None:
            self.node.hide()
        else:
            self._text.set_text(self.labels.labels[key].caption)
            self.node.show()

    def cleanup(self) -> None:
        if self.node is not None:
            self.node.remove_node()
