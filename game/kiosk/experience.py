"""What plays behind the kiosk's cards: the ``Experience`` protocol and a simple stand-in story.

The kiosk shell drives any object with this protocol. The real story on the live nerve is
``game.modes.story_experience.StoryExperience`` (what ``pins-and-needles kiosk`` runs);
``DemoExperience`` is a cheap stand-in (``pins-and-needles kiosk --demo``, the soak test): a generated tunnel (the inside of a fibre, nodes
as bright rings) the camera glides through, stepping through the article's stages on a timer
with the stage's name and caption from the string tables. It is *not* driven by the
simulation; it exists so the kiosk runs end to end and so the soak test builds and tears
down a real scene every session.
"""

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import (
    Geom,
    GeomNode,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    NodePath,
    TextNode,
)

from game.i18n import Strings, stage_key

#: The story's stages in order: the article's compression stages, then its recovery phases.
STORY_STAGES = (
    "healthy",
    "vascular compression",
    "ATP depletion",
    "partial depolarisation",
    "complete failure",
    "nerve dark, silent",
    "scattered node activation",
    "random bursts throughout the nerve",
    "coordinated but irregular firing",
    "normal propagation resuming",
    "smooth continuous propagation",
)
#: Chapters completed once the story has passed the given stage.
CHAPTER_AFTER_STAGE = {
    "healthy": ("nerve", "impulse"),
    "complete failure": ("compression",),
    "smooth continuous propagation": ("recovery",),
}
STAGE_S = 12.0
#: The caption is "narrated" for this long at the start of each stage (pauses the idle timer).
NARRATION_S = 6.0


@dataclass(frozen=True)
class Progress:
    furthest_stage: str | None
    chapters_completed: tuple[str, ...]
    finished: bool


class Experience(Protocol):
    """What the kiosk shell needs from the story behind its cards."""

    def start_attract(self) -> None:
        """Nobody there: play the story by itself (muted or ambient), no visitor state."""

    def start_session(self, language: str) -> None:
        """A visitor touched the screen: start the story from its beginning in ``language``."""

    def set_language(self, language: str) -> None:
        """The visitor switched language mid-session."""

    def set_calm_mode(self, on: bool) -> None:
        """Calm mode (reduced motion and flashing) for this visitor; the shell calls it right
        after ``start_session`` with the operator's default."""

    def apply_config(self, config) -> None:
        """The operator changed the science profile or the chapters (a ``KioskConfig``):
        used from the story's next run (optional; without it they apply after a restart)."""

    def reset(self) -> None:
        """Tear down whatever the attract loop or session built (back to an empty scene)."""

    def update(self, dt_s: float) -> None:
        """Advance by ``dt_s`` seconds of play; called once a frame."""

    @property
    def narration_running(self) -> bool:
        """True while narration plays (the kiosk's idle timer pauses)."""

    def progress(self) -> Progress:
        """How far the current visitor got (recorded in the usage counts)."""

    def cleanup(self) -> None:
        """Remove everything, for good (the shell is closing)."""


def tunnel_geom(
    *, rings: int = 96, sides: int = 32, length: float = 120.0, radius: float = 3.0
) -> GeomNode:
    """A closed tube along +y, seen from inside, with node-of-Ranvier bands every 12 rings."""
    angle = np.linspace(0.0, 2.0 * np.pi, sides + 1)[:-1]
    y = np.linspace(0.0, length, rings)
    ring_index = np.repeat(np.arange(rings), sides)
    xyz = np.empty((rings * sides, 3), np.float32)
    xyz[:, 0] = np.tile(np.cos(angle), rings) * radius
    xyz[:, 1] = np.repeat(y, sides)
    xyz[:, 2] = np.tile(np.sin(angle), rings) * radius
    node_band = (ring_index % 12) < 1
    rgba = np.empty((rings * sides, 4), np.float32)
    rgba[:] = (0.10, 0.16, 0.30, 1.0)
    rgba[node_band] = (0.34, 0.70, 0.91, 1.0)  # a colour-blind-safe sky blue
    shade = 0.75 + 0.25 * np.tile(np.cos(angle * 3.0), rings)
    rgba[:, :3] *= shade[:, None]

    array = GeomVertexArrayFormat()
    array.add_column("vertex", 3, Geom.NT_float32, Geom.C_point)
    array.add_column("color", 4, Geom.NT_float32, Geom.C_color)
    vformat = GeomVertexFormat.register_format(GeomVertexFormat(array))
    vdata = GeomVertexData("tunnel", vformat, Geom.UH_static)
    vdata.unclean_set_num_rows(rings * sides)
    interleaved = np.concatenate([xyz, rgba], axis=1).astype(np.float32)
    memoryview(vdata.modify_array(0)).cast("B")[:] = interleaved.view(np.uint8).ravel()

    r, s = np.meshgrid(np.arange(rings - 1), np.arange(sides), indexing="ij")
    a = r * sides + s
    b = r * sides + (s + 1) % sides
    c = a + sides
    d = b + sides
    # Wound to face inward: the camera is inside the tube.
    tris = np.stack([a, c, b, b, c, d], axis=-1).reshape(-1).astype(np.uint32)
    prim = GeomTriangles(Geom.UH_static)
    prim.set_index_type(Geom.NT_uint32)
    handle = prim.modify_vertices()
    handle.unclean_set_num_rows(len(tris))
    memoryview(handle).cast("B")[:] = tris.view(np.uint8)
    geom = Geom(vdata)
    geom.add_primitive(prim)
    node = GeomNode("tunnel")
    node.add_geom(geom)
    return node


class DemoExperience:
    """The stand-in story: a tunnel flight through the article's stages with captions."""

    def __init__(self, base, strings: Strings, font) -> None:
        self._base = base
        self._strings = strings
        self._font = font
        self.config = None  # the operator's KioskConfig, once apply_config gave one
        self._root: NodePath | None = None
        self._captions: list[OnscreenText] = []
        self._language = "en"
        self._attract = False
        self._t_s = 0.0
        self._stage_index = -1
        self._travel_scale = 1.0

    # -- Experience ------------------------------------------------------------------------
    def start_attract(self) -> None:
        self.reset()
        self._attract = True
        self._build()

    def start_session(self, language: str) -> None:
        self.reset()
        self._attract = False
        self._language = language
        self._build()

    def set_language(self, language: str) -> None:
        self._language = language
        self._show_stage(force=True)

    def apply_config(self, config) -> None:
        self.config = config  # the demo tells the same story whatever the profile

    def set_calm_mode(self, on: bool) -> None:
        # Calm mode travels slower (game.comfort.ComfortSettings.calm: 0.6) and does not roll.
        self._travel_scale = 0.6 if on else 1.0

    def reset(self) -> None:
        self._travel_scale = 1.0
        for caption in self._captions:
            caption.destroy()
        self._captions = []
        if self._root is not None:
            self._root.remove_node()
            self._root = None
        self._t_s = 0.0
        self._stage_index = -1

    def update(self, dt_s: float) -> None:
        if self._root is None:
            return
        self._t_s += dt_s
        if self._attract:
            self._t_s %= STAGE_S * len(STORY_STAGES)  # the attract loop never ends
        # Glide through the tunnel, looping over its middle part.
        travelled = self._t_s * 4.0 * self._travel_scale
        self._base.camera.set_pos(0.0, 10.0 + travelled % 90.0, 0.0)
        self._base.camera.set_hpr(0.0, 0.0, self._t_s * 3.0 if self._travel_scale == 1.0 else 0.0)
        self._show_stage()

    @property
    def narration_running(self) -> bool:
        return (
            self._root is not None
            and not self._attract
            and not self.progress().finished
            and (self._t_s % STAGE_S) < NARRATION_S
        )

    def progress(self) -> Progress:
        if self._attract or self._stage_index < 0:
            return Progress(None, (), False)
        index = min(self._stage_index, len(STORY_STAGES) - 1)
        chapters: list[str] = []
        for stage in STORY_STAGES[: index + 1]:
            chapters += CHAPTER_AFTER_STAGE.get(stage, ())
        finished = self._t_s >= STAGE_S * len(STORY_STAGES)
        return Progress(STORY_STAGES[index], tuple(chapters), finished)

    def cleanup(self) -> None:
        self.reset()

    # -- drawing ---------------------------------------------------------------------------
    def _build(self) -> None:
        self._root = self._base.render.attach_new_node("kiosk-experience")
        tunnel = self._root.attach_new_node(tunnel_geom())
        tunnel.set_two_sided(True)
        tunnel.set_light_off()
        self._base.camLens.set_fov(70.0, 50.0)
        if not self._attract:
            style = {
                "parent": self._base.aspect2d,
                "fg": (0.92, 0.95, 1.0, 1.0),
                "shadow": (0, 0, 0, 0.9),
                "align": TextNode.A_center,
                "mayChange": True,
                "font": self._font,
            }
            self._captions = [
                OnscreenText(text="", pos=(0.0, -0.74), scale=0.065, **style),
                OnscreenText(text="", pos=(0.0, -0.84), scale=0.042, wordwrap=36, **style),
            ]
        self._show_stage(force=True)

    def _show_stage(self, force: bool = False) -> None:
        index = min(int(self._t_s // STAGE_S), len(STORY_STAGES) - 1)
        if index == self._stage_index and not force:
            return
        self._stage_index = index
        if self._captions:
            key = stage_key(STORY_STAGES[index])
            self._captions[0].setText(self._strings.text(self._language, f"stage.{key}"))
            self._captions[1].setText(self._strings.text(self._language, f"caption.{key}"))
