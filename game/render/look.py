"""The palette and light of the inside of the fibre: one place for every colour and fog setting.

Colours are RGB as written to the framebuffer. The glow is Okabe-Ito sky blue (#56B4E9),
colour-blind safe and far from red (WCAG 2.3.1 asks for no saturated red flashes); it goes
toward white at the spike's peak, so brightness, not hue alone, carries the signal.
"""

import math
from dataclasses import dataclass

#: Okabe & Ito (2008) "sky blue", #56B4E9.
OKABE_ITO_SKY_BLUE = (0x56 / 255, 0xB4 / 255, 0xE9 / 255)


def _rgb(hex_colour: int) -> tuple[float, float, float]:
    return ((hex_colour >> 16) / 255, ((hex_colour >> 8) & 0xFF) / 255, (hex_colour & 0xFF) / 255)


#: The whole Okabe & Ito (2008) palette, distinguishable with every common colour-vision
#: deficiency; the HUD's states and gauges take their colours from here.
OKABE_ITO = {
    "orange": _rgb(0xE69F00),
    "sky blue": OKABE_ITO_SKY_BLUE,
    "bluish green": _rgb(0x009E73),
    "yellow": _rgb(0xF0E442),
    "blue": _rgb(0x0072B2),
    "vermillion": _rgb(0xD55E00),
    "reddish purple": _rgb(0xCC79A7),
}


@dataclass(frozen=True)
class Look:
    glow_colour: tuple[float, float, float] = OKABE_ITO_SKY_BLUE
    #: Pale, warm ivory: myelin is lipid, white in life.
    myelin_colour: tuple[float, float, float] = (0.86, 0.83, 0.80)
    #: The bare axolemma of a node at rest: dusky violet-grey, darker than myelin.
    node_colour: tuple[float, float, float] = (0.14, 0.12, 0.28)
    #: Cool sheen where the myelin is seen edge-on: it looks translucent, lit from within.
    sheen_colour: tuple[float, float, float] = (0.5, 0.62, 0.82)
    #: Light from the lamp at the eye, and the sheen of myelin seen edge-on: together they
    #: make the wall look like translucent gel rather than painted plaster.
    lamp_strength: float = 0.55
    sheen_strength: float = 0.8
    filament_colour: tuple[float, float, float] = (0.035, 0.04, 0.055)
    #: Deep navy: the far tunnel and the background.
    fog_colour: tuple[float, float, float] = (0.004, 0.01, 0.04)
    fog_density_per_um: float = 0.035
    #: The glow is its own light source and is dimmed by fog this much less.
    glow_fog_ratio: float = 0.5
    #: Potentials mapped to no glow (rest, MRG node) and full glow (spike overshoot).
    v_rest_mV: float = -80.0
    v_peak_mV: float = 30.0

    @property
    def far_um(self) -> float:
        """Distance at which even the glow has faded under 1% in the fog: the far plane."""
        return math.log(100.0) / (self.fog_density_per_um * self.glow_fog_ratio)
