"""Ion concentrations and the reversal potentials they set.

Baseline concentrations (SCIENCE.md section 1; Tigerholm et al. 2014, Brazhe et al. 2011):
[Na+]i 10, [Na+]o 140, [K+]i 131, [K+]o 4.5 mM. E_K is the Nernst potential (-90 mV at
37 degC, the MRG value). E_Na is the Goldman-Hodgkin-Katz reversal of a Na+ channel that
also passes K+ with P_K/P_Na = 1/12 (Hille, Ion Channels of Excitable Membranes): +51 mV,
close to MRG's +50, where the pure Nernst potential would be +70. So a collapsing gradient
moves the reversal potentials, and through them the membrane, without any scripting.
"""

import math

from game.sim.jit import KERNEL_FLAGS, njit

FARADAY_C_PER_MOL = 96485.33
GAS_J_PER_MOL_K = 8.314462

NA_IN_MM = 10.0
NA_OUT_MM = 140.0
K_IN_MM = 131.0
K_OUT_MM = 4.5
#: K+ permeability of the Na+ channel relative to Na+ (Hille).
NA_CHANNEL_K_PERMEABILITY = 1.0 / 12.0


@njit(**KERNEL_FLAGS)
def rt_over_f_mV(temperature_c):
    return 1000.0 * GAS_J_PER_MOL_K * (273.15 + temperature_c) / FARADAY_C_PER_MOL


@njit(**KERNEL_FLAGS)
def potassium_reversal_mV(k_in_mM, k_out_mM, temperature_c):
    return rt_over_f_mV(temperature_c) * math.log(k_out_mM / k_in_mM)


@njit(**KERNEL_FLAGS)
def sodium_channel_reversal_mV(na_in_mM, na_out_mM, k_in_mM, k_out_mM, temperature_c):
    r = NA_CHANNEL_K_PERMEABILITY
    return rt_over_f_mV(temperature_c) * math.log(
        (na_out_mM + r * k_out_mM) / (na_in_mM + r * k_in_mM)
    )


@njit(**KERNEL_FLAGS)
def nA_to_mM_per_s(current_nA, volume_um3):
    """Concentration change (mM/s) of a monovalent ion carried by ``current_nA`` into a
    volume of ``volume_um3`` (1 um^3 = 1e-15 L)."""
    return current_nA * 1e9 / (FARADAY_C_PER_MOL * volume_um3)
