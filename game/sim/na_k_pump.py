"""The Na+/K+ pump: 3 Na+ out and 2 K+ in per ATP, one net charge out (electrogenic).

Rate after Kager, Wadman & Somjen 2000 (J Neurophysiol 84:495):
I_p = I_max (1 + K_K/[K+]o)^-2 (1 + K_Na/[Na+]i)^-3, times an ATP factor
[ATP]/([ATP] + K_ATP) (Wei, Ullah & Schiff 2014 gate the pump by oxygen in the same spirit),
with the half-activations of the isoforms in axons (below); K_ATP = 0.5 mM, the low-affinity ATP site of the
Na+/K+-ATPase (a stated assumption).
"""

from game.sim.jit import KERNEL_FLAGS, njit

#: External K+ half-activation: about 1 mM for the Na+/K+-ATPase isoforms of nerve (Crambert
#: et al. 2000, J Biol Chem 275:1976; Kager et al. used 2 mM). Fitted inside that range: with
#: 2 mM the pumps under the myelin starve as they empty their thin shell after ischaemia.
K_HALF_K_MM = 1.0
#: Internal Na+ half-activation: the alpha-3 isoform of axons has a low Na+ affinity, about
#: 30 mM (Zahler et al. 1997, Am J Physiol 273:C1183; Blanco & Mercer 1998, Am J Physiol
#: 275:F633), which leaves the pump a large reserve for a Na+ load, so after ischaemia it
#: restarts hard (Kager et al. used 10 mM for a cortical neuron).
K_HALF_NA_MM = 33.0
K_HALF_ATP_MM = 0.5


@njit(**KERNEL_FLAGS)
def pump_activation(na_in_mM, k_out_mM, atp_mM):
    """Fraction of the maximal pump current (0-1) at these concentrations."""
    f_k = 1.0 / (1.0 + K_HALF_K_MM / max(k_out_mM, 1e-6)) ** 2
    f_na = 1.0 / (1.0 + K_HALF_NA_MM / max(na_in_mM, 1e-6)) ** 3
    f_atp = max(atp_mM, 0.0) / (max(atp_mM, 0.0) + K_HALF_ATP_MM)
    return f_k * f_na * f_atp
