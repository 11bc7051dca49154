"""The nerve world: the outside view of a nerve segment (anatomy, node glow, blood, labels),
driven by the simulation's NerveSnapshot. ``python -m game.render.nerve_world --help``."""

from game.render.nerve_world.scene import NerveWorld, NodeSites

__all__ = ["NerveWorld", "NodeSites"]
