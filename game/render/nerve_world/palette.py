"""The nerve world's colours and light: one place for every tissue's colour and opacity.

RGB as written to the framebuffer. Node glow is Okabe-Ito sky blue going white at the peak
(game/render/look.py), so brightness, not hue alone, carries the signal; blood is the only
red and it never flashes (WCAG 2.3.1 asks for no saturated red flashes).
"""

import math
from dataclasses import dataclass

from game.render.look import OKABE_ITO_SKY_BLUE


@dataclass(frozen=True)
class SheathLook:
    colour: tuple[float, float, float]
    #: Opacity seen face-on and edge-on (a thin sheet is denser at a grazing angle).
    face_alpha: float
    edge_alpha: float
    band_strength: float = 0.3
    band_scale: float = 0.6


@dataclass(frozen=True)
class WorldLook:
    fog_colour: tuple[float, float, float] = (0.09, 0.145, 0.225)
    fog_density_per_du: float = 0.015
    #: Toward the key light, world space: from above and ahead, a little to the side.
    key_dir_world: tuple[float, float, float] = (0.35, -0.25, 0.9)
    lamp_strength: float = 0.42
    glow_colour: tuple[float, float, float] = OKABE_ITO_SKY_BLUE
    v_rest_mV: float = -80.0
    v_peak_mV: float = 30.0
    #: Pale, warm ivory lipid; light that has crossed it comes out warmer; cool edge light.
    myelin_colour: tuple[float, float, float] = (0.80, 0.76, 0.68)
    scatter_colour: tuple[float, float, float] = (1.0, 0.68, 0.52)
    rim_colour: tuple[float, float, float] = (0.55, 0.76, 1.0)
    axon_colour: tuple[float, float, float] = (0.24, 0.2, 0.42)
    cell_colour: tuple[float, float, float] = (0.80, 0.12, 0.13)
    epineurium: SheathLook = SheathLook((0.60, 0.40, 0.40), 1.0, 1.0, 0.35, 0.25)
    perineurium: SheathLook = SheathLook((0.48, 0.62, 0.80), 0.06, 0.45, 0.25, 0.35)
    endoneurium: SheathLook = SheathLook((0.46, 0.68, 0.58), 0.03, 0.3, 0.1, 0.5)
    remak_sleeve: SheathLook = SheathLook((0.62, 0.52, 0.40), 0.2, 0.7, 0.15, 0.5)
    vessel_wall: SheathLook = SheathLook((0.66, 0.22, 0.24), 0.12, 0.6, 0.2, 0.5)

    @property
    def far_du(self) -> float:
        """Distance at which the fog leaves 5% of a surface: the far plane. Beyond it nothing
        is drawn (a software rasteriser pays for every vertex), and the cut is lost in fog."""
        return math.log(20.0) / self.fog_density_per_du
