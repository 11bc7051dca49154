"""The sections of a fibre as a cable: geometry in, per-section electrical constants out.

Myelinated fibres follow MRG 2002 (McIntyre, Richardson & Grill, J Neurophysiol 87:995): each
node-to-node period is node, MYSA, FLUT, 6 STIN, FLUT, MYSA, a double cable whose second
layer is the periaxonal space under the myelin. Unmyelinated fibres are a single continuous
cable of equal compartments. Every section's ions belong to one *site* (a node of Ranvier, or
an unmyelinated compartment): the place where channels, pump and concentrations live.
Units: um, nF, uS (nF * mV/ms = nA = uS * mV).
"""

import math
from dataclasses import dataclass

import numpy as np

from game.sim import c_fibre_membrane, mrg_node
from game.sim.fiber_geometry import (
    PERIAXONAL_FLUT_STIN_UM,
    PERIAXONAL_NODE_MYSA_UM,
    STIN_PER_INTERNODE,
    MrgGeometry,
)

#: Axoplasm resistivity, ohm cm (MRG: 0.7 Mohm um).
AXOPLASM_OHM_CM = 70.0
#: Myelin, per lamella membrane (two membranes per lamella): MRG.
MYELIN_C_UF_PER_CM2 = 0.1
MYELIN_G_S_PER_CM2 = 0.001
#: Internodal axolemma (MRG): MYSA leak 0.001, FLUT and STIN 0.0001 S/cm^2; 2 uF/cm^2.
MYSA_G_S_PER_CM2 = 0.001
FLUT_STIN_G_S_PER_CM2 = 0.0001
AXOLEMMA_C_UF_PER_CM2 = 2.0
#: Internodal leak reversal at rest (MRG e_pas), and the reversals it is mixed from.
AXOLEMMA_E_MV = -80.0

SECTION_NODE, SECTION_MYSA, SECTION_FLUT, SECTION_STIN, SECTION_UNMYELINATED = 0, 1, 2, 3, 4
MODEL_MRG_NODE, MODEL_C_FIBRE = 0, 1


@dataclass
class CableArrays:
    """Static electrical description of a chain of sections and of its ion sites."""

    kind: np.ndarray  # int8, SECTION_*
    x_um: np.ndarray  # section centres along the fibre
    length_um: np.ndarray
    c_membrane_nF: np.ndarray
    g_passive_uS: np.ndarray  # passive axolemma leak (0 at active sites: they have their own)
    #: share of the passive leak carried by Na+ (the rest by K+); gives AXOLEMMA_E_MV at rest
    passive_na_fraction: np.ndarray
    c_myelin_nF: np.ndarray  # 0 where the periaxonal space is open to the outside
    g_myelin_uS: np.ndarray
    pinned_vp: np.ndarray  # int8: 1 where the periaxonal potential is the outside's (0 mV)
    g_axial_uS: np.ndarray  # between section k and k+1 (n_sec - 1)
    g_periaxonal_uS: np.ndarray  # between section k and k+1 (n_sec - 1)
    section_site: np.ndarray  # int64, the site whose ions each section shares
    site_section: np.ndarray  # int64, section index of each site
    site_model: np.ndarray  # int64, MODEL_*
    site_area_um2: np.ndarray  # excitable membrane area of each site
    #: axolemma area (site and passive sections) whose ions each site accounts for
    site_total_area_um2: np.ndarray
    site_volume_um3: np.ndarray  # axoplasm volume each site's concentrations refer to


def _half_resistance_mohm(length_um: float, area_um2: float) -> float:
    # R = rho * (L/2) / A, with rho in ohm cm, L in um, A in um^2 -> Mohm.
    return AXOPLASM_OHM_CM * (length_um / 2.0) * 1e-2 / area_um2


def _annulus_um2(radius_um: float, width_um: float) -> float:
    return math.pi * ((radius_um + width_um) ** 2 - radius_um**2)


def _na_fraction_for(e_rest_mV: float) -> float:
    """Share of Na+ in a Na+/K+ leak whose reversal is ``e_rest_mV`` at baseline."""
    return (e_rest_mV - mrg_node.E_K_MV) / (mrg_node.E_NA_MV - mrg_node.E_K_MV)


def _finish(kind, length, diameter, gap, fiber_diameter_um, lamellae, section_site, model):
    n = len(kind)
    x = np.cumsum(length) - length / 2.0
    area = math.pi * diameter * length
    active = (kind == SECTION_NODE) | (kind == SECTION_UNMYELINATED)
    c_uF = np.select(
        [kind == SECTION_NODE, kind == SECTION_UNMYELINATED],
        [mrg_node.C_NODE_UF_PER_CM2, c_fibre_membrane.C_UF_PER_CM2],
        AXOLEMMA_C_UF_PER_CM2,
    )
    g_leak = np.select(
        [active, kind == SECTION_MYSA], [0.0, MYSA_G_S_PER_CM2], FLUT_STIN_G_S_PER_CM2
    )
    if lamellae > 0:
        per_membrane = 1.0 / (2.0 * lamellae)  # lamellae membranes in series
        myelin_area = math.pi * fiber_diameter_um * length
        c_myelin = np.where(active, 0.0, MYELIN_C_UF_PER_CM2 * per_membrane * myelin_area * 1e-5)
        g_myelin = np.where(active, 0.0, MYELIN_G_S_PER_CM2 * per_membrane * myelin_area * 1e-2)
    else:
        c_myelin = np.zeros(n)
        g_myelin = np.zeros(n)
    r_axial = np.array([_half_resistance_mohm(length[k], math.pi * diameter[k] ** 2 / 4) for k in range(n)])
    r_peri = np.array(
        [_half_resistance_mohm(length[k], _annulus_um2(diameter[k] / 2, gap[k])) for k in range(n)]
    )
    site_section = np.flatnonzero(active).astype(np.int64)
    n_sites = len(site_section)
    volume = math.pi * diameter**2 / 4 * length
    return CableArrays(
        kind=kind,
        x_um=x,
        length_um=length,
        c_membrane_nF=c_uF * area * 1e-5,
        g_passive_uS=g_leak * area * 1e-2,
        passive_na_fraction=np.full(n, _na_fraction_for(AXOLEMMA_E_MV)),
        c_myelin_nF=c_myelin,
        g_myelin_uS=g_myelin,
        pinned_vp=active.astype(np.int8),
        g_axial_uS=1.0 / (r_axial[:-1] + r_axial[1:]),
        g_periaxonal_uS=1.0 / (r_peri[:-1] + r_peri[1:]),
        section_site=section_site,
        site_section=site_section,
        site_model=np.full(n_sites, model, dtype=np.int64),
        site_area_um2=area[site_section],
        site_total_area_um2=np.bincount(section_site, weights=area, minlength=n_sites),
        site_volume_um3=np.bincount(section_site, weights=volume, minlength=n_sites),
    )


def build_myelinated_cable(geometry: MrgGeometry, *, n_nodes: int) -> CableArrays:
    """The sections of a myelinated fibre with ``n_nodes`` nodes (and nodes at both ends)."""
    if n_nodes < 2:
        raise ValueError(f"n_nodes={n_nodes}: expected at least 2")
    g = geometry
    period = (
        [(SECTION_NODE, g.node_length_um, g.node_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
        + [(SECTION_MYSA, g.mysa_length_um, g.mysa_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
        + [(SECTION_FLUT, g.flut_length_um, g.flut_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        + [(SECTION_STIN, g.stin_length_um, g.axon_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        * STIN_PER_INTERNODE
        + [(SECTION_FLUT, g.flut_length_um, g.flut_diameter_um, PERIAXONAL_FLUT_STIN_UM)]
        + [(SECTION_MYSA, g.mysa_length_um, g.mysa_diameter_um, PERIAXONAL_NODE_MYSA_UM)]
    )
    per = len(period)
    sections = period * (n_nodes - 1) + period[:1]
    # the first half of each internode shares the ions of the node before it, the rest the next
    section_site = np.array(
        [k // per + (1 if (k % per) > per // 2 else 0) for k in range(len(sections))],
        dtype=np.int64,
    )
    return _finish(
        np.array([s[0] for s in sections], dtype=np.int8),
        np.array([s[1] for s in sections], dtype=np.float64),
        np.array([s[2] for s in sections], dtype=np.float64),
        np.array([s[3] for s in sections], dtype=np.float64),
        g.fiber_diameter_um,
        g.lamellae,
        section_site,
        MODEL_MRG_NODE,
    )


def build_unmyelinated_cable(
    *, diameter_um: float, length_um: float, compartment_um: float
) -> CableArrays:
    """A continuous cable of equal compartments, each its own ion site."""
    n = max(3, int(round(length_um / compartment_um)))
    dx = length_um / n
    return _finish(
        np.full(n, SECTION_UNMYELINATED, dtype=np.int8),
        np.full(n, dx),
        np.full(n, diameter_um),
        np.full(n, PERIAXONAL_FLUT_STIN_UM),
        diameter_um,
        0,
        np.arange(n, dtype=np.int64),
        MODEL_C_FIBRE,
    )
