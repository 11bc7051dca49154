"""Geometry of a myelinated fibre from its diameter, after the MRG model.

McIntyre, Richardson & Grill 2002 (J Neurophysiol 87:995), Table 1 regressions in fibre
diameter D (valid for 5.7-16 um). Below 5.7 um (A-delta) the published fits turn negative, so
we *extrapolate* by keeping the proportions of the 5.7 um fibre (every length scales with D):
a stated assumption, consistent with internodes of about 100 x D (Vizoso & Young 1948).
"""

import math
from dataclasses import dataclass

MRG_MIN_DIAMETER_UM = 5.7
NODE_LENGTH_UM = 1.0
MYSA_LENGTH_UM = 3.0
#: Periaxonal space widths, um (MRG: 2 nm at node and MYSA, 4 nm at FLUT and STIN).
PERIAXONAL_NODE_MYSA_UM = 0.002
PERIAXONAL_FLUT_STIN_UM = 0.004
STIN_PER_INTERNODE = 6


@dataclass(frozen=True)
class MrgGeometry:
    """Dimensions of one node-to-node period of a myelinated fibre (um)."""

    fiber_diameter_um: float
    axon_diameter_um: float
    node_diameter_um: float
    #: MYSA (myelin attachment) axon diameter: the same as the node's.
    mysa_diameter_um: float
    #: FLUT (paranode main) and STIN (internode) axon diameter: the full axon's.
    flut_diameter_um: float
    node_spacing_um: float
    node_length_um: float
    mysa_length_um: float
    flut_length_um: float
    stin_length_um: float
    lamellae: int
    extrapolated: bool


def _mrg_fit(d_um: float) -> tuple[float, float, float, float, float]:
    axon = 0.889 * d_um - 1.9104
    node = 0.3449 * d_um - 0.1484
    spacing = 969.3 * math.log(d_um) - 1144.6
    flut = 2.5811 * d_um + 19.59
    lamellae = 65.897 * math.log(d_um) - 32.666
    return axon, node, spacing, flut, lamellae


def mrg_geometry(*, diameter_um: float) -> MrgGeometry:
    """MRG geometry for a fibre of outer (myelinated) diameter ``diameter_um``."""
    if not 0.5 <= diameter_um <= 25.0:
        raise ValueError(f"diameter_um={diameter_um}: expected 0.5-25 um for a myelinated fibre")
    extrapolated = diameter_um < MRG_MIN_DIAMETER_UM
    if extrapolated:
        scale = diameter_um / MRG_MIN_DIAMETER_UM
        axon, node, spacing, flut, lamellae = (
            v * scale for v in _mrg_fit(MRG_MIN_DIAMETER_UM)
        )
    else:
        axon, node, spacing, flut, lamellae = _mrg_fit(diameter_um)
    node_length = NODE_LENGTH_UM
    mysa_length = MYSA_LENGTH_UM * (min(1.0, diameter_um / MRG_MIN_DIAMETER_UM))
    stin = (spacing - node_length - 2 * mysa_length - 2 * flut) / STIN_PER_INTERNODE
    return MrgGeometry(
        fiber_diameter_um=diameter_um,
        axon_diameter_um=axon,
        node_diameter_um=node,
        mysa_diameter_um=node,
        flut_diameter_um=axon,
        node_spacing_um=spacing,
        node_length_um=node_length,
        mysa_length_um=mysa_length,
        flut_length_um=flut,
        stin_length_um=stin,
        lamellae=max(1, round(lamellae)),
        extrapolated=extrapolated,
    )
