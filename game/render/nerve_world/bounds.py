"""Where a free-flying eye may be in the nerve world: inside the epineurium, within the
segment's length, following the compressed segment as it narrows.

An ``AxialBounds`` like ``game.render.tunnel_bounds.TunnelBounds`` (the same ``clamp``; its own
``allowed_radius_um``, ``min_y_um``, ``max_y_um``), so the free flight can be handed either;
the names say um, the nerve world's lengths are drawn units (du). Fibres and vessels inside
are not obstacles: the eye may pass through them, as a visitor in a translucent world expects.
"""

from game.render.tunnel_bounds import AxialBounds


class NerveBounds(AxialBounds):
    """The region a camera may occupy inside ``world`` (a NerveWorld), ``clearance_du`` from
    the epineurium and the segment's ends."""

    def __init__(self, world, *, clearance_du: float = 3.0) -> None:
        radius = world.layout.nerve_radius_du
        if not 0.0 < clearance_du < 0.5 * radius:
            raise ValueError(
                f"clearance_du must be between 0 and {0.5 * radius:g} (half the nerve's "
                f"radius), got {clearance_du!r}"
            )
        self._world = world
        self.clearance_um = clearance_du
        self.min_y_um = clearance_du
        self.max_y_um = world.layout.length_du - clearance_du
        self._radius_du = radius

    def allowed_radius_um(self, y_um: float) -> float:
        """Largest distance from the nerve's axis the eye may have at ``y_um`` now."""
        y = min(max(y_um, self.min_y_um), self.max_y_um)
        scale = float(self._world.radial_scale_at(y))
        return self._radius_du * scale - self.clearance_um
