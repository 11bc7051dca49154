"""Where a free-flying eye may be in the nerve world: inside the epineurium, within the
segment's length, following the compressed segment as it narrows.

Duck-type compatible with ``game.render.tunnel_bounds.TunnelBounds`` (``clamp``,
``allowed_radius_um``, ``min_y_um``, ``max_y_um``), so the free flight can be handed either;
the names say um, the nerve world's lengths are drawn units (du). Fibres and vessels inside
are not obstacles: the eye may pass through them, as a visitor in a translucent world expects.
"""

import math


class NerveBounds:
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

    def clamp(self, x_um: float, y_um: float, z_um: float) -> tuple[float, float, float, bool]:
        """(x, y, z) pulled in toward the axis and within the ends; and whether it moved."""
        hit = False
        if y_um < self.min_y_um:
            y_um, hit = self.min_y_um, True
        elif y_um > self.max_y_um:
            y_um, hit = self.max_y_um, True
        limit = self.allowed_radius_um(y_um)
        r2 = x_um * x_um + z_um * z_um
        if r2 > limit * limit:
            scale = limit / math.sqrt(r2)
            x_um, z_um, hit = x_um * scale, z_um * scale, True
        return x_um, y_um, z_um, hit
