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
- K+ that leaves the axon collects in thin shells (Tigerholm et al. 2014): around the node,
  open to the endoneurial fluid, and under the myelin, which exchanges slowly through the
  paranodal junctions. The endoneurial fluid is cleared by blood flow (and slowly by
  diffusion along the nerve): without flow, K+ builds up around the axons; after release
  it lingers under the myelin while the node recovers.
- Glial buffering: the Schwann cell around each shell holds a large K+ store and releases
  K+ through its channels when the shell falls below the resting level (spatial
  buffering; Orkand, Nicholls & Kuffler 1966; a glial buffer as in Kager, Wadman & Somjen
  2000), so the pumps restarting after ischaemia cannot empty the thin shells they draw
  from. Uptake of excess K+ stays slow: the K+ that built up lingers.
- The Schwann cell's own K+ load (myelinated fibres): while K+ under the myelin stays
  raised (ischaemia) the Schwann cell takes it up (spatial buffering) and the K+ level it
  holds the space it wraps at rises with it, up to a ceiling. After release it gives that
  K+ back as the restarting pumps draw on the space (the K+ the axon lost comes back to it),
  so K+ under the myelin outlasts the K+ around the node by minutes while the pump
  hyperpolarises the axon: the internodal K+ gradient reverses, inward K+ current through
  the internodal membrane depolarises the axon, and nodes fire ectopic bursts until the
  store is spent (Bostock, Baker & Reid 1991, J Physiol 441:537; Mogyoros, Bostock & Burke
  2000, Muscle Nerve 23:310). Off (no uptake) unless the profile sets it.
- The Remak Schwann cell around unmyelinated axons (``remak_k_store``, off unless the profile
  sets it): the same store for the C fibre's one periaxonal shell. Loaded during ischaemia,
  it holds that shell's K+ high after release, so the C fibre stays in depolarisation block
  while its store empties (the article: C fibres recover last). ``glial_k_load_above_mM``
  keeps it from loading on the few mM a firing axon adds, which would otherwise keep a
  recovered fibre depolarised and firing.
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
def _shell_step(
    k_mM, k_endo_mM, efflux_nA, shell_um3, exchange_per_s, glial_refill_per_s, k_glia_mM,
    g_k_uS, g_total_uS, rt_f_mV, pump_uptake_slope, dt_s,
):  # fmt: skip
    """One exponential-Euler step of a K+ shell: it gains the membrane's K+ efflux, exchanges
    with the endoneurium, and Schwann cells refill it when the pumps drain it below the
    glial equilibrium level ``k_glia_mM`` (the resting K+, or above it while they are loaded).
    The feedback includes the efflux falling as E_K rises and the pump taking up less K+ as
    its shell empties (without that, a long step overshoots and drains the shell)."""
    glia = glial_refill_per_s if k_mM < k_glia_mM else 0.0
    to_shell = ions.nA_to_mM_per_s(1.0, shell_um3)
    rate = to_shell * efflux_nA - exchange_per_s * (k_mM - k_endo_mM)
    rate += glia * (k_glia_mM - k_mM)
    feedback = to_shell * g_k_uS * (1.0 - g_k_uS / g_total_uS) * rt_f_mV / k_mM
    feedback += to_shell * pump_uptake_slope
    return max(0.1, k_mM + _exp_euler(rate, feedback + exchange_per_s + glia, dt_s))


@njit(**KERNEL_FLAGS)
def _glial_load(
    k_shell_mM, k_glia_mM, uptake_per_s, release_per_s, load_above_mM, k_bath_mM, dt_s
):
    """The Schwann cell's K+ level after dt: it loads while the shell it wraps is above it
    (and above ``load_above_mM``), and otherwise leaks back toward the resting K+ (never
    below it)."""
    if k_shell_mM > k_glia_mM and k_shell_mM > load_above_mM:
        k_glia_mM += (k_shell_mM - k_glia_mM) * (1.0 - math.exp(-uptake_per_s * dt_s))
    else:
        k_glia_mM = k_bath_mM + (k_glia_mM - k_bath_mM) * math.exp(-release_per_s * dt_s)
    return max(k_glia_mM, k_bath_mM)


@njit(**KERNEL_FLAGS)
def _glial_give(k_shell_mM, k_glia_mM, holds_mM, refill_per_s, capacity, k_bath_mM, dt_s):
    """The Schwann cell's K+ level after it refilled its shell toward ``holds_mM`` for dt:
    the K+ it gave (in shell volumes) leaves its store of ``capacity`` shell volumes/mM."""
    if k_shell_mM < holds_mM and k_glia_mM > k_bath_mM:
        given = refill_per_s * (holds_mM - k_shell_mM) * dt_s
        k_glia_mM = max(k_bath_mM, k_glia_mM - given / capacity)
    return k_glia_mM


@njit(**KERNEL_FLAGS)
def advance_metabolism(
    duration_s, max_step_s, temperature_c,
    perfusion, reperfusion_speedup, o2_tau_s,
    site_model, g_max_uS, na_available, leak_na_fraction, passive_g_uS, passive_na_fraction,
    spike_i_na_nA, spike_i_k_nA,
    na_in_mM, k_in_mM, k_node_mM, k_internode_mM, k_endo_mM, energy_mM, o2, v_rest_mV,
    volume_um3, node_shell_um3, internode_shell_um3, endo_volume_um3, node_pump_share,
    k_exchange_node_per_s, k_exchange_internode_per_s, k_glial_refill_per_s,
    k_glia_mM, glial_k_uptake_per_s, glial_k_release_per_s, glial_k_capacity,
    glial_k_max_mM, glial_k_load_above_mM, remak_k_store, pump_max_nA, pump_baseline_nA,
    energy_use_mM_per_s,
    pump_share_of_use, glycolytic_fraction, energy_max_mM, atp_baseline_mM, recovery_gain,
    k_clear_diffusion_per_s, k_clear_blood_per_s, k_bath_mM,
    e_na_mV, e_k_mV, e_k_internode_mV, i_pump_nA, atp_mM, i_na_rest_nA, i_k_rest_nA,
):  # fmt: skip
    """Advance every site's slow state by ``duration_s`` in steps of at most ``max_step_s``.

    ``perfusion`` is the blood flow at each site (0-1 of normal); ``spike_i_na_nA`` and
    ``spike_i_k_nA`` are the mean extra currents of the action potentials each site fired on
    the electrical clock (activity loads the axon with Na+ and the node's shell with K+).
    Two K+ shells per site: the node's (open to the endoneurium) and the one under the
    myelin (``internode_shell_um3`` = 0 for an unmyelinated fibre, whose one shell is the
    node's). ``k_glia_mM`` is the Schwann cell's K+ equilibrium level under the myelin: it
    follows raised K+ there at ``glial_k_uptake_per_s``, falls as the Schwann cell gives
    its K+ back into the shell (``glial_k_capacity`` shell volumes of K+ per mM of level)
    and leaks toward rest at ``glial_k_release_per_s``; the level it holds the shell at is
    at most ``glial_k_max_mM``; it loads only from a shell above ``glial_k_load_above_mM``
    (0: any raised K+). With ``remak_k_store`` > 0 the same store serves the one shell
    of an unmyelinated axon (its Remak Schwann cell); otherwise that shell's glial level is
    the resting K+. Writes the reversal potentials and pump current the
    electrical clock reads, and the resting potential and resting Na+/K+ currents of each
    site.
    """
    n_sites = na_in_mM.shape[0]
    n_steps = max(1, int(math.ceil(duration_s / max_step_s)))
    dt_s = duration_s / n_steps
    rt_f = ions.rt_over_f_mV(temperature_c)
    for _ in range(n_steps):
        for j in range(n_sites):
            myelinated = internode_shell_um3[j] > 0.0
            if not myelinated:
                k_internode_mM[j] = k_node_mM[j]
            # oxygen relaxes toward what blood flow delivers
            target = perfusion[j]
            tau = o2_tau_s / reperfusion_speedup if target > o2[j] else o2_tau_s
            o2[j] = target + (o2[j] - target) * math.exp(-dt_s / tau)
            atp = min(energy_mM[j], atp_baseline_mM[j])
            share_node = node_pump_share[j]
            k_seen = share_node * k_node_mM[j] + (1.0 - share_node) * k_internode_mM[j]
            pump_nA = pump_max_nA[j] * na_k_pump.pump_activation(na_in_mM[j], k_seen, atp)
            # d ln(pump) / d[K+] seen: (1 + K_K/K)^-2 gives 2 K_K / (K (K + K_K))
            k_sens = 2.0 * na_k_pump.K_HALF_K_MM / (k_seen * (k_seen + na_k_pump.K_HALF_K_MM))
            # energy: production (oxidative + glycolytic) minus the pump's and basal use
            use0 = energy_use_mM_per_s[j]
            deficit = (energy_max_mM[j] - energy_mM[j]) / energy_max_mM[j]
            glyc = glycolytic_fraction[j]
            produced = use0 * (glyc + o2[j] * (1.0 - glyc) * (1.0 + recovery_gain * deficit))
            spend = pump_share_of_use[j]
            used = use0 * (
                spend * pump_nA / pump_baseline_nA[j]
                + (1.0 - spend) * min(1.0, atp / atp_baseline_mM[j])
            )
            energy_mM[j] = min(energy_max_mM[j], max(0.0, energy_mM[j] + (produced - used) * dt_s))
            # the quasi-static membrane at its resting potential
            e_k_node = ions.potassium_reversal_mV(k_in_mM[j], k_node_mM[j], temperature_c)
            e_k_int = ions.potassium_reversal_mV(k_in_mM[j], k_internode_mM[j], temperature_c)
            e_na = ions.sodium_channel_reversal_mV(
                na_in_mM[j], ions.NA_OUT_MM, k_in_mM[j], k_node_mM[j], temperature_c
            )
            v, i_na, i_k_node, i_k_int, g_na, g_k_node, g_k_int = resting_state(
                site_model[j], v_rest_mV[j], g_max_uS[j], na_available[j], leak_na_fraction[j],
                passive_g_uS[j], passive_na_fraction[j], e_na, e_k_node, e_k_int, pump_nA,
                temperature_c,
            )  # fmt: skip
            v_rest_mV[j] = v
            i_na_rest_nA[j] = i_na
            i_k_rest_nA[j] = i_k_node + i_k_int
            # action potentials the electrical clock saw add their Na+ and K+
            i_na += spike_i_na_nA[j]
            i_k_node += spike_i_k_nA[j]
            # ions: inward current is negative; the pump moves 3 Na+ out and 2 K+ in. Each
            # concentration takes an exponential-Euler step with its own feedback rate (a
            # thin shell's K+ feeds back on its efflux within milliseconds when K+ channels
            # are open), so the step is stable at any length. dI/dE of one conductance g
            # with the potential following is g (1 - g / g_total).
            g_total = g_na + g_k_node + g_k_int
            to_cell = ions.nA_to_mM_per_s(1.0, volume_um3[j])
            na_rate = -to_cell * (i_na + 3.0 * pump_nA)
            na_feedback = to_cell * g_na * (1.0 - g_na / g_total) * rt_f / (
                na_in_mM[j] + ions.NA_CHANNEL_K_PERMEABILITY * k_in_mM[j]
            )
            na_in_mM[j] = max(0.1, na_in_mM[j] + _exp_euler(na_rate, na_feedback, dt_s))
            node_efflux_nA = i_k_node - 2.0 * pump_nA * share_node
            internode_efflux_nA = i_k_int - 2.0 * pump_nA * (1.0 - share_node)
            g_k = g_k_node + g_k_int
            k_rate = -to_cell * (node_efflux_nA + internode_efflux_nA)
            k_feedback = to_cell * g_k * (1.0 - g_k / g_total) * rt_f / k_in_mM[j]
            k_in_mM[j] = max(1.0, k_in_mM[j] + _exp_euler(k_rate, k_feedback, dt_s))
            # the node's K+ shell exchanges quickly with the endoneurium
            remak = not myelinated and remak_k_store > 0.0
            node_holds = k_bath_mM
            if remak:
                # the Remak Schwann cell around an unmyelinated axon loads with the K+ of its
                # periaxonal space during ischaemia and gives it back after release, as the
                # myelinating Schwann cell does under the myelin (below)
                k_glia_mM[j] = _glial_load(
                    k_node_mM[j], k_glia_mM[j], glial_k_uptake_per_s, glial_k_release_per_s,
                    glial_k_load_above_mM, k_bath_mM, dt_s,
                )  # fmt: skip
                node_holds = min(k_glia_mM[j], glial_k_max_mM)
            k_node_mM[j] = _shell_step(
                k_node_mM[j], k_endo_mM[j], node_efflux_nA, node_shell_um3[j],
                k_exchange_node_per_s, k_glial_refill_per_s, node_holds, g_k_node, g_total,
                rt_f, 2.0 * pump_nA * share_node * share_node * k_sens, dt_s,
            )  # fmt: skip
            if remak:
                k_glia_mM[j] = _glial_give(
                    k_node_mM[j], k_glia_mM[j], node_holds, k_glial_refill_per_s,
                    glial_k_capacity, k_bath_mM, dt_s,
                )  # fmt: skip
            into_endo = k_exchange_node_per_s * node_shell_um3[j] * (k_node_mM[j] - k_endo_mM[j])
            ex_endo = k_exchange_node_per_s * node_shell_um3[j]
            if myelinated:
                # the periaxonal space under the myelin: exchanges slowly, through the
                # paranodal junctions, so K+ lingers there after release (Bostock's
                # mechanism for post-ischaemic ectopic firing)
                ex_int = k_exchange_internode_per_s
                # the Schwann cell loads while K+ under the myelin is above its level; its
                # store then refills the shell as the pumps draw on it, at a level that
                # saturates (its own membrane potential limits its K+ release)
                k_glia_mM[j] = _glial_load(
                    k_internode_mM[j], k_glia_mM[j], glial_k_uptake_per_s, glial_k_release_per_s,
                    glial_k_load_above_mM, k_bath_mM, dt_s,
                )  # fmt: skip
                holds = min(k_glia_mM[j], glial_k_max_mM)
                k_internode_mM[j] = _shell_step(
                    k_internode_mM[j], k_endo_mM[j], internode_efflux_nA, internode_shell_um3[j],
                    ex_int, k_glial_refill_per_s, holds, g_k_int, g_total, rt_f,
                    2.0 * pump_nA * (1.0 - share_node) ** 2 * k_sens, dt_s,
                )  # fmt: skip
                k_glia_mM[j] = _glial_give(
                    k_internode_mM[j], k_glia_mM[j], holds, k_glial_refill_per_s,
                    glial_k_capacity, k_bath_mM, dt_s,
                )  # fmt: skip
                into_endo += ex_int * internode_shell_um3[j] * (k_internode_mM[j] - k_endo_mM[j])
                ex_endo += ex_int * internode_shell_um3[j]
            # endoneurial K+: fed by the shells, cleared by blood flow (and slowly by diffusion
            # along the nerve)
            clear = k_clear_diffusion_per_s[j] + perfusion[j] * reperfusion_speedup * (
                k_clear_blood_per_s[j]
            )
            ke_rate = into_endo / endo_volume_um3[j] - clear * (k_endo_mM[j] - k_bath_mM)
            ke_feedback = ex_endo / endo_volume_um3[j] + clear
            k_endo_mM[j] = max(0.1, k_endo_mM[j] + _exp_euler(ke_rate, ke_feedback, dt_s))
            i_pump_nA[j] = pump_nA
            atp_mM[j] = atp
    for j in range(n_sites):
        e_k_mV[j] = ions.potassium_reversal_mV(k_in_mM[j], k_node_mM[j], temperature_c)
        e_k_internode_mV[j] = ions.potassium_reversal_mV(k_in_mM[j], k_internode_mM[j], temperature_c)
        e_na_mV[j] = ions.sodium_channel_reversal_mV(
            na_in_mM[j], ions.NA_OUT_MM, k_in_mM[j], k_node_mM[j], temperature_c
        )
