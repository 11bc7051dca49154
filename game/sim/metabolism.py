"""The slow clock: oxygen, ATP, the pump and the ion concentrations of every site.

Operator splitting (SCIENCE.md section 3): this step, on the physiological clock (seconds),
runs the Na+/K+ pump on the ATP that perfusion allows, moves the concentrations, and hands the
reversal potentials and the pump current to the electrical clock.

On this clock the membrane is quasi-static (``game.sim.resting_state``): each site rests
where its channels, passive membrane and pump carry no net current, and its resting Na+ and
K+ currents move the concentrations. The electrical clock then shows what those
concentrations do to excitability: depolarisation, repetitive firing, block.

- Oxygen follows perfusion with a time constant (tissue and capillary O2 store).
- Energy: an ATP pool backed by phosphocreatine, ``energy = ATP + PCr``; creatine kinase keeps
  ATP at baseline until PCr is spent (the article's "pumps run on stored ATP"). Use is the
  pump's share (following the pump rate) plus basal use; oxidative production scales with
  oxygen and speeds up after a deficit; glycolysis gives a share that needs no oxygen.
- Periaxonal K+ (a restricted shell, Tigerholm et al. 2014) gains the K+ the membrane loses
  and exchanges it quickly with the endoneurial fluid, which blood flow clears (and, slowly,
  diffusion along the nerve): without flow, K+ builds up around the axons.
"""

import math

from game.sim import ions, na_k_pump
from game.sim.jit import KERNEL_FLAGS, njit
from game.sim.resting_state import resting_state


@njit(**KERNEL_FLAGS)
def _exp_euler(rate, feedback_per_s, dt_s):
    """Change over dt of x with dx/dt = rate - feedback (x - x0): exact for the linearised
    system, and never overshoots however stiff the feedback."""
    if feedback_per_s * dt_s < 1e-9:
        return rate * dt_s
    return rate / feedback_per_s * (1.0 - math.exp(-feedback_per_s * dt_s))


@njit(**KERNEL_FLAGS)
def advance_metabolism(
    duration_s, max_step_s, temperature_c,
    perfusion, reperfusion_speedup, o2_tau_s,
    site_model, g_max_uS, na_available, leak_na_fraction, passive_g_uS, passive_na_fraction,
    na_in_mM, k_in_mM, k_out_mM, k_endo_mM, energy_mM, o2, v_rest_mV,
    volume_um3, shell_volume_um3, endo_volume_um3, k_exchange_per_s, pump_max_nA, pump_baseline_nA, energy_use_mM_per_s,
    pump_share_of_use, glycolytic_fraction, energy_max_mM, atp_baseline_mM, recovery_gain,
    k_clear_diffusion_per_s, k_clear_blood_per_s, k_bath_mM,
    e_na_mV, e_k_mV, i_pump_nA, atp_mM, i_na_rest_nA, i_k_rest_nA,
):  # fmt: skip
    """Advance every site's slow state by ``duration_s`` in steps of at most ``max_step_s``.

    ``perfusion`` is the blood flow at each site (0-1 of normal). Writes the reversal
    potentials and pump current the electrical clock reads, and the resting potential and
    resting Na+/K+ currents of each site.
    """
    n_sites = na_in_mM.shape[0]
    n_steps = max(1, int(math.ceil(duration_s / max_step_s)))
    dt_s = duration_s / n_steps
    rt_f = ions.rt_over_f_mV(temperature_c)
    for _ in range(n_steps):
        for j in range(n_sites):
            # oxygen relaxes toward what blood flow delivers
            target = perfusion[j]
            tau = o2_tau_s / reperfusion_speedup if target > o2[j] else o2_tau_s
            o2[j] = target + (o2[j] - target) * math.exp(-dt_s / tau)
            atp = min(energy_mM[j], atp_baseline_mM[j])
            pump_nA = pump_max_nA[j] * na_k_pump.pump_activation(na_in_mM[j], k_out_mM[j], atp)
            # energy: production (oxidative + glycolytic) minus the pump's and basal use
            use0 = energy_use_mM_per_s[j]
            deficit = (energy_max_mM[j] - energy_mM[j]) / energy_max_mM[j]
            glyc = glycolytic_fraction[j]
            produced = use0 * (glyc + o2[j] * (1.0 - glyc) * (1.0 + recovery_gain * deficit))
            share = pump_share_of_use[j]
            used = use0 * (
                share * pump_nA / pump_baseline_nA[j]
                + (1.0 - share) * min(1.0, atp / atp_baseline_mM[j])
            )
            energy_mM[j] = min(energy_max_mM[j], max(0.0, energy_mM[j] + (produced - used) * dt_s))
            # the quasi-static membrane at its resting potential
            e_k = ions.potassium_reversal_mV(k_in_mM[j], k_out_mM[j], temperature_c)
            e_na = ions.sodium_channel_reversal_mV(
                na_in_mM[j], ions.NA_OUT_MM, k_in_mM[j], k_out_mM[j], temperature_c
            )
            v, i_na, i_k, g_na, g_k = resting_state(
                site_model[j], v_rest_mV[j], g_max_uS[j], na_available[j], leak_na_fraction[j],
                passive_g_uS[j], passive_na_fraction[j], e_na, e_k, pump_nA, temperature_c,
            )
            v_rest_mV[j] = v
            i_na_rest_nA[j] = i_na
            i_k_rest_nA[j] = i_k
            # ions: inward current is negative; the pump moves 3 Na+ out and 2 K+ in. Each
            # concentration takes an exponential-Euler step with its own feedback rate (a
            # thin shell's K+ feeds back on its efflux within milliseconds when K+ channels
            # are open), so the step is stable at any length.
            g_eff = g_na * g_k / (g_na + g_k)  # dI/dE of one ion, the potential following
            to_cell = ions.nA_to_mM_per_s(1.0, volume_um3[j])
            to_shell = ions.nA_to_mM_per_s(1.0, shell_volume_um3[j])
            na_rate = -to_cell * (i_na + 3.0 * pump_nA)
            na_feedback = to_cell * g_eff * rt_f / (
                na_in_mM[j] + ions.NA_CHANNEL_K_PERMEABILITY * k_in_mM[j]
            )
            na_in_mM[j] = max(0.1, na_in_mM[j] + _exp_euler(na_rate, na_feedback, dt_s))
            k_efflux_nA = i_k - 2.0 * pump_nA
            k_rate = -to_cell * k_efflux_nA
            k_feedback = to_cell * g_eff * rt_f / k_in_mM[j]
            k_in_mM[j] = max(1.0, k_in_mM[j] + _exp_euler(k_rate, k_feedback, dt_s))
            # periaxonal K+: gains the efflux, exchanges with the endoneurial fluid
            ko_rate = to_shell * k_efflux_nA - k_exchange_per_s * (k_out_mM[j] - k_endo_mM[j])
            ko_feedback = to_shell * g_eff * rt_f / k_out_mM[j] + k_exchange_per_s
            k_out_mM[j] = max(0.1, k_out_mM[j] + _exp_euler(ko_rate, ko_feedback, dt_s))
            # endoneurial K+: fed by the shell, cleared by blood flow (and slowly by diffusion
            # along the nerve)
            clear = k_clear_diffusion_per_s[j] + perfusion[j] * reperfusion_speedup * (
                k_clear_blood_per_s[j]
            )
            share = shell_volume_um3[j] / endo_volume_um3[j]
            ke_rate = k_exchange_per_s * share * (k_out_mM[j] - k_endo_mM[j]) - clear * (
                k_endo_mM[j] - k_bath_mM
            )
            ke_feedback = k_exchange_per_s * share + clear
            k_endo_mM[j] = max(0.1, k_endo_mM[j] + _exp_euler(ke_rate, ke_feedback, dt_s))
            i_pump_nA[j] = pump_nA
            atp_mM[j] = atp
    for j in range(n_sites):
        e_k_mV[j] = ions.potassium_reversal_mV(k_in_mM[j], k_out_mM[j], temperature_c)
        e_na_mV[j] = ions.sodium_channel_reversal_mV(
            na_in_mM[j], ions.NA_OUT_MM, k_in_mM[j], k_out_mM[j], temperature_c
        )
