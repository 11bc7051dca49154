"""Where a free-flying eye may be inside the drawn fibre: within the wall, within its length.

The wall's radius along the axis (``tunnel_layout.wall_radius_um``) is sampled once into a
plain list, so the per-frame clamp is a few float operations and one list lookup, no numpy.
The eye keeps a clearance from the wall (so the near plane never cuts into it) and from the
tunnel's open ends (beyond them is only fog).
"""

import math

import numpy as np

from game.render.tunnel_layout import TunnelLayout, wall_radius_um

#: Axial spacing of the radius samples. The wall's steepest slope is about 1.1 (in the FLUT
#: taper), so neighbouring samples differ by under 0.03 µm; the clamp takes the smaller one.
SAMPLE_STEP_UM = 0.025


class AxialBounds:
    """A region around the +Y axis: ``min_y_um`` to ``max_y_um`` along it, and at each y at
    most ``allowed_radius_um(y)`` from it. Subclasses say those; ``clamp`` is shared (the free
    flight calls it on whichever bounds it was handed)."""

    min_y_um: float
    max_y_um: float

    def allowed_radius_um(self, y_um: float) -> float:
        raise NotImplementedError

    def clamp(self, x_um: float, y_um: float, z_um: float) -> tuple[float, float, float, bool]:
        """(x, y, z) pulled in toward the axis and within the ends; and whether it had to move."""
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


class TunnelBounds(AxialBounds):
    """The region a camera may occupy inside ``layout``'s fibre (axis +Y, centred on x = z = 0)."""

    def __init__(self, layout: TunnelLayout, *, clearance_um: float) -> None:
        if not 0.0 < clearance_um < layout.node_radius_um:
            raise ValueError(
                f"clearance_um must be between 0 and the node radius "
                f"({layout.node_radius_um:.3g} µm), got {clearance_um!r}"
            )
        self.clearance_um = clearance_um
        self.min_y_um = layout.start_y_um + clearance_um
        self.max_y_um = layout.end_y_um - clearance_um
        count = math.ceil((layout.end_y_um - layout.start_y_um) / SAMPLE_STEP_UM) + 2
        y = layout.start_y_um + SAMPLE_STEP_UM * np.arange(count)
        allowed = wall_radius_um(layout, y) - clearance_um
        self._y0_um = float(layout.start_y_um)
        self._last_index = count - 2
        #: A Python list: indexing it is cheaper per frame than any numpy call.
        self._allowed_um: list[float] = allowed.tolist()

    def allowed_radius_um(self, y_um: float) -> float:
        """Largest distance from the axis the eye may have at ``y_um`` (clamped into the tunnel)."""
        i = int((y_um - self._y0_um) / SAMPLE_STEP_UM)
        i = min(max(i, 0), self._last_index)
        return min(self._allowed_um[i], self._allowed_um[i + 1])
