"""The slow state of one fibre's sites, its parameters, and its calibration at rest.

Wraps ``game.sim.metabolism.advance_metabolism`` for a ``Fiber``: per-site arrays sized from
the fibre's geometry (axoplasm volume, periaxonal shell volume = membrane area x shell
thickness), and a pump calibrated so that at rest, with normal blood flow, it removes exactly
the Na+ that leaks in (so nothing drifts until something changes).
"""

import math
from dataclasses import dataclass

import numpy as np

from game.sim import ions, na_k_pump, na_slow_inactivation
from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.jit import KERNEL_FLAGS, njit
from game.sim.metabolism import advance_metabolism
from game.sim.resting_state import resting_state

NOISE_REFERENCE_AREA_UM2 = 10.0
#: Na+ charge one action potential lets into a site (and about as much K+ leaves), as a
#: multiple of C dV with dV = 100 mV: about 2 for overlapping Na+ and K+ currents (a
#: mammalian node at 37 degC is fairly efficient; Sengupta et al. 2010, J Neurosci 30:8).
SPIKE_CHARGE_PER_C_DV = 2.0
SPIKE_DV_V = 0.1
#: Running window of the firing-rate estimate that loads the sites with spike Na+/K+, s.
SPIKE_RATE_WINDOW_S = 10.0
#: Highest firing rate a site sustains for seconds, per ms (100 Hz: trains faster than
#: this fail within a few spikes in mammalian axons; Bucher & Goaillard 2011, Prog Neurobiol).
MAX_SUSTAINED_RATE_PER_MS = 0.1
#: Mean membrane potential over an action potential, where its Na+ and K+ currents are
#: weighed (mV): the driving forces at the baseline reversals scale the charge above.
SPIKE_MEAN_V_MV = -10.0
#: Longest slow-clock step, s (the exponential steps are stable at any length; this keeps
#: oxygen and energy accurate).
MAX_STEP_S = 0.25
#: Whether the electrical clock puts each site's internodal pumps on its internodal
#: axolemma (True) or all of its pump current on the node (False, the calibrated default).
#: True is the better anatomy (the double cable then attenuates the internodal pumps as it
#: does the internodal K+), and it lets the nodes depolarise after release instead of being
#: clamped 10-20 mV below rest by the restarting pumps; but with it the healthy nodes beside
#: a blocked stretch stop accommodating and a nerve compressed for hours keeps tingling.
PUMPS_ON_INTERNODE = False


@dataclass(frozen=True)
class MetabolicParams:
    """Per fibre class; every value is documented with its source in the profile file."""

    atp_baseline_mM: float = 2.5
    pcr_baseline_mM: float = 3.0
    #: ATP use at rest; with no oxygen PCr lasts pcr_baseline_mM / this many seconds.
    energy_use_mM_per_s: float = 0.03
    #: Share of resting ATP use spent by the Na+/K+ pump (the rest is basal use).
    pump_share_of_use: float = 0.5
    #: Share of ATP production that needs no oxygen (glycolysis).
    glycolytic_fraction: float = 0.05
    #: How much faster oxidative production runs per unit of energy deficit on reperfusion.
    recovery_gain: float = 2.0
    o2_tau_s: float = 30.0
    shell_thickness_nm: float = 29.0
    #: Exchange rate between the shell around a node (or an unmyelinated axon) and the
    #: endoneurial fluid.
    k_exchange_per_s: float = 2.0
    #: Exchange rate between the periaxonal space under the myelin and the endoneurial fluid
    #: (through the paranodal junctions).
    k_exchange_internode_per_s: float = 0.05
    #: Rate at which the Schwann cell refills a shell that has fallen below the resting K+
    #: (glial buffering; game.sim.metabolism).
    k_glial_refill_per_s: float = 50.0
    #: Rate at which the Schwann cell's K+ level under the myelin follows raised K+ there
    #: (its K+ load during ischaemia); 0: it never loads (game.sim.metabolism).
    glial_k_uptake_per_s: float = 0.0
    #: Rate at which a loaded Schwann cell's K+ level leaks back to the resting K+.
    glial_k_release_per_s: float = 1.0
    #: K+ the Schwann cell holds per mM of its level, in volumes of the shell under the
    #: myelin: the store the restarting pumps draw down after release.
    glial_k_capacity: float = 10.0
    #: Highest K+ level a loaded Schwann cell holds the space under the myelin at.
    glial_k_max_mM: float = 200.0
    #: The Schwann cell loads only from a shell above this K+ (0: from any raised K+).
    glial_k_load_above_mM: float = 0.0
    #: 1: the glial K+ store (glial_k_*) also serves the periaxonal shell of an unmyelinated
    #: axon, through its Remak Schwann cell; 0 (default): that shell is refilled to rest only.
    remak_k_store: float = 0.0
    #: Share of a site's pump current the electrical clock puts on its node (1: all, the
    #: calibrated default; 0: each pump's current where the pump sits, most of it on the
    #: internodal axolemma; see PUMPS_ON_INTERNODE).
    pump_current_on_node: float = 1.0
    #: Endoneurial extracellular volume per unit of axoplasm volume.
    endoneurial_volume_ratio: float = 0.3
    k_bath_mM: float = ions.K_OUT_MM
    k_clear_diffusion_per_s: float = 0.002
    k_clear_blood_per_s: float = 0.05
    #: Spread (coefficient of variation) of blood clearance from site to site: pumps and
    #: gradients recover out of step.
    site_spread: float = 0.3
    #: Standard deviation of the channel-noise current of a site with 10 um^2 of membrane.
    channel_noise_pA: float = 0.0
    #: Persistent Na+ conductance of the node relative to MRG's motor-axon value: sensory
    #: axons have more (Bostock & Rothwell 1997, J Physiol 498:277), which makes them the
    #: ones that fire ectopically.
    g_nap_scale: float = 1.0


class SiteMetabolism:
    """Slow per-site state of ``fiber``: concentrations, oxygen, energy, pump."""

    def __init__(self, fiber, params: MetabolicParams, *, seed: int = 0) -> None:
        cable = fiber.cable
        n = fiber.n_sites
        self.fiber = fiber
        self.params = params
        self.temperature_c = fiber.temperature_c
        self.volume_um3 = cable.site_volume_um3.copy()
        shell_um = params.shell_thickness_nm * 1e-3
        myelinated = cable.site_model == MODEL_MRG_NODE
        internode_area = cable.site_total_area_um2 - cable.site_area_um2
        self.node_shell_um3 = np.where(
            myelinated, cable.site_area_um2, cable.site_total_area_um2
        ) * shell_um
        self.internode_shell_um3 = np.where(myelinated, internode_area * shell_um, 0.0)
        #: share of a site's pumps on its node (the rest sit on the internodal axolemma)
        self.node_pump_share = np.where(
            myelinated, cable.site_area_um2 / cable.site_total_area_um2, 1.0
        )
        self.endo_volume_um3 = self.volume_um3 * params.endoneurial_volume_ratio
        # the passive (internodal) membrane each site accounts for, lumped
        passive_g = np.bincount(cable.section_site, weights=cable.g_passive_uS, minlength=n)
        na_g = np.bincount(
            cable.section_site, weights=cable.g_passive_uS * cable.passive_na_fraction, minlength=n
        )
        self.passive_na_fraction = np.divide(
            na_g, passive_g, out=np.zeros(n), where=passive_g > 0
        )
        self.passive_g_uS = passive_g
        # slow inactivation: the node's Nav1.6 or the unmyelinated axon's channels
        self.slow_v_half_mV = np.where(
            myelinated, na_slow_inactivation.NODE_V_HALF_MV, na_slow_inactivation.V_HALF_MV
        )
        self.slow_slope_mV = np.where(
            myelinated, na_slow_inactivation.NODE_SLOPE_MV, na_slow_inactivation.SLOPE_MV
        )
        self.na_in_mM = np.full(n, ions.NA_IN_MM)
        self.k_in_mM = np.full(n, ions.K_IN_MM)
        self.k_node_mM = np.full(n, params.k_bath_mM)
        self.k_internode_mM = np.full(n, params.k_bath_mM)
        self.k_endo_mM = np.full(n, params.k_bath_mM)
        #: the Schwann cell's K+ equilibrium level in the space under the myelin
        self.k_glia_mM = np.full(n, params.k_bath_mM)
        self.energy_max_mM = np.full(n, params.atp_baseline_mM + params.pcr_baseline_mM)
        self.energy_mM = self.energy_max_mM.copy()
        self.atp_baseline_mM = np.full(n, params.atp_baseline_mM)
        self.atp_mM = self.atp_baseline_mM.copy()
        self.o2 = np.ones(n)
        self.v_rest_mV = fiber.site_v_mV().copy()
        self.i_na_rest_nA = np.zeros(n)
        self.i_k_rest_nA = np.zeros(n)
        self.spike_i_na_nA = np.zeros(n)
        self.spike_i_k_nA = np.zeros(n)
        self.pump_max_nA = np.zeros(n)
        self.pump_baseline_nA = np.ones(n)
        self.energy_use_mM_per_s = np.full(n, params.energy_use_mM_per_s)
        self.pump_share_of_use = np.full(n, params.pump_share_of_use)
        self.glycolytic_fraction = np.full(n, params.glycolytic_fraction)
        rng = np.random.default_rng(seed)
        spread = np.clip(rng.normal(1.0, params.site_spread, size=n), 0.3, 3.0)
        self.k_clear_diffusion_per_s = np.full(n, params.k_clear_diffusion_per_s)
        self.k_clear_blood_per_s = params.k_clear_blood_per_s * spread
        self.perfusion = np.ones(n)
        self.reperfusion_speedup = 1.0
        fiber.g_max_uS[myelinated, 1] *= params.g_nap_scale
        # channel noise grows with the square root of the number of channels (the area)
        fiber.noise_sigma_nA[:] = (
            params.channel_noise_pA * 1e-3 * np.sqrt(cable.site_area_um2 / NOISE_REFERENCE_AREA_UM2)
        )
        self._spikes_ema = np.zeros(n)
        # nF x V = nC; x1000 = pC
        self._spike_charge_pC = (
            SPIKE_CHARGE_PER_C_DV * cable.c_membrane_nF[cable.site_section] * SPIKE_DV_V * 1e3
        )
        self._ms_ema = 0.0
        self._e_na0 = float(fiber.e_na_mV[0])
        self._e_k0 = float(fiber.e_k_mV[0])
        self.calibrate()

    def calibrate(self, *, rounds: int = 50) -> None:
        """Set the pump so that it balances the resting Na+ influx at every site, then let
        the electrical state settle on the result."""
        f = self.fiber
        pump = np.zeros(f.n_sites)
        for _ in range(rounds):
            for j in range(f.n_sites):
                v, i_na, *_ = resting_state(
                    f.cable.site_model[j], self.v_rest_mV[j], f.g_max_uS[j], 1.0,
                    f.leak_na_fraction[j], self.passive_g_uS[j], self.passive_na_fraction[j],
                    f.e_na_mV[j], f.e_k_mV[j], f.e_k_internode_mV[j], pump[j], self.temperature_c,
                )  # fmt: skip
                self.v_rest_mV[j] = v
                self.i_na_rest_nA[j] = i_na
                pump[j] = max(-i_na / 3.0, 1e-12)
        activation = np.array(
            [
                na_k_pump.pump_activation(na, k, atp)
                for na, k, atp in zip(self.na_in_mM, self.k_node_mM, self.atp_mM)
            ]
        )
        # pumps sit where K+ leaks out: each shell's pumps take back what its membrane loses,
        # so at rest neither shell drifts
        for j in range(f.n_sites):
            _, _, i_k_node, i_k_int, *_ = resting_state(
                f.cable.site_model[j], self.v_rest_mV[j], f.g_max_uS[j], 1.0,
                f.leak_na_fraction[j], self.passive_g_uS[j], self.passive_na_fraction[j],
                f.e_na_mV[j], f.e_k_mV[j], f.e_k_internode_mV[j], pump[j], self.temperature_c,
            )  # fmt: skip
            if self.internode_shell_um3[j] > 0 and i_k_node + i_k_int > 0:
                self.node_pump_share[j] = min(1.0, max(0.0, i_k_node / (i_k_node + i_k_int)))
        # the electrical clock puts each pump where it sits: the node's share on the node, the
        # rest on the internodal axolemma in proportion to its (passive) membrane, so the
        # internodal pumps' current crosses into the space under the myelin instead of
        # clamping the node (the double cable attenuates them, as it does the internodal K+)
        c = f.cable
        share = f.pump_section_share
        share[:] = 0.0
        passive = c.g_passive_uS / np.maximum(self.passive_g_uS[c.section_site], 1e-300)
        internodal = (self.node_pump_share < 1.0)[c.section_site]
        share[internodal] = ((1.0 - self.node_pump_share)[c.section_site] * passive)[internodal]
        share[c.site_section] = self.node_pump_share
        if not PUMPS_ON_INTERNODE:
            # all of it on the node, or (pump_current_on_node < 1) that share of it, the
            # rest left where the pumps sit
            on_node = self.params.pump_current_on_node
            share *= 1.0 - on_node
            share[c.site_section] = on_node + (1.0 - on_node) * self.node_pump_share
        self.pump_baseline_nA = pump
        self.pump_max_nA = pump / activation
        f.i_pump_nA[:] = pump
        f.settled = False
        f.settle()
        self.v_baseline_mV = f.site_v_mV().copy()

    def advance(self, *, duration_s: float) -> None:
        """Advance the slow state by ``duration_s`` of physiological time, using the mean
        membrane potentials of the electrical time run since the fibre's last reset."""
        f = self.fiber
        p = self.params
        # the steps before the slow clock's kernel, in one compiled call (as numpy they were
        # some twenty small array operations, which cost more than the arithmetic)
        self._ms_ema = _slow_step_inputs(
            duration_s, f.accumulated_ms, f.vdt_mV_ms, f.vi_mV, f.vp_mV, f.cable.site_section,
            f.spike_count, f.spikes_at_reset, self._spikes_ema, self._ms_ema, self.v_rest_mV,
            f.na_available, self.v_baseline_mV, self.slow_v_half_mV, self.slow_slope_mV,
            f.e_na_mV, f.e_k_mV, self._e_na0, self._e_k0, self._spike_charge_pC,
            self.spike_i_na_nA, self.spike_i_k_nA,
        )  # fmt: skip
        advance_metabolism(
            duration_s, MAX_STEP_S, self.temperature_c,
            self.perfusion, self.reperfusion_speedup, p.o2_tau_s,
            f.cable.site_model, f.g_max_uS, f.na_available, f.leak_na_fraction, self.passive_g_uS,
            self.passive_na_fraction, self.spike_i_na_nA, self.spike_i_k_nA,
            self.na_in_mM, self.k_in_mM, self.k_node_mM, self.k_internode_mM, self.k_endo_mM,
            self.energy_mM, self.o2, self.v_rest_mV,
            self.volume_um3, self.node_shell_um3, self.internode_shell_um3, self.endo_volume_um3,
            self.node_pump_share, p.k_exchange_per_s, p.k_exchange_internode_per_s,
            p.k_glial_refill_per_s, self.k_glia_mM, p.glial_k_uptake_per_s,
            p.glial_k_release_per_s, p.glial_k_capacity, p.glial_k_max_mM,
            p.glial_k_load_above_mM, p.remak_k_store,
            self.pump_max_nA, self.pump_baseline_nA,
            self.energy_use_mM_per_s, self.pump_share_of_use, self.glycolytic_fraction,
            self.energy_max_mM, self.atp_baseline_mM, p.recovery_gain,
            self.k_clear_diffusion_per_s, self.k_clear_blood_per_s, p.k_bath_mM,
            f.e_na_mV, f.e_k_mV, f.e_k_internode_mV, f.i_pump_nA, self.atp_mM, self.i_na_rest_nA,
            self.i_k_rest_nA,
        )  # fmt: skip


@njit(**KERNEL_FLAGS)
def _slow_step_inputs(
    duration_s, accumulated_ms, vdt_mV_ms, vi_mV, vp_mV, site_section, spike_count,
    spikes_at_reset, spikes_ema, ms_ema, v_rest_mV, na_available, v_baseline_mV,
    slow_v_half_mV, slow_slope_mV, e_na_mV, e_k_mV, e_na0_mV, e_k0_mV, spike_charge_pC,
    spike_i_na_nA, spike_i_k_nA,
):  # fmt: skip
    """What the slow step reads from the electrical clock, per site; returns the new running
    electrical time of the firing-rate estimate (ms).

    - the quasi-static membrane starts from where the electrical membrane sits (between
      spikes: the lower of its mean and its present potential), so that where the I-V curve
      has two stable zeros it keeps the branch the cable is on;
    - sites that fired load the axon with Na+ and the shell with K+: their firing rate times
      the charge one action potential carries. The electrical samples can be a few ms long,
      so the rate is a running estimate over the last SPIKE_RATE_WINDOW_S of the slow clock
      (one spike in a 2 ms sample is not a 500 Hz discharge lasting the whole slow step),
      capped at what a node can sustain;
    - slow inactivation follows the mean potential, and each action potential drives a
      little more of it (cumulative adaptation of a firing node);
    - the charge an action potential carries follows the driving forces the ions have left
      (a run-down gradient loads the axon less, and never past equilibrium); as much K+
      leaves as Na+ came in (an action potential starts and ends at the same potential), so
      one factor serves both and keeps [Na+]i + [K+]i where the resting fluxes put it.
    """
    keep = math.exp(-duration_s / SPIKE_RATE_WINDOW_S)
    ms_ema = ms_ema * keep + accumulated_ms
    per_ms = max(ms_ema, 1e-9)
    for j in range(site_section.shape[0]):
        k = site_section[j]
        v_now = vi_mV[k] - vp_mV[k]
        if accumulated_ms > 0:
            v_mean = vdt_mV_ms[j] / accumulated_ms
            v_rest_mV[j] = _nan_min(v_mean, v_now)
        else:
            v_mean = v_now
        spikes_ema[j] *= keep
        spikes_ema[j] += spike_count[j] - spikes_at_reset[j]
        rate_per_ms = _nan_min(spikes_ema[j] / per_ms, MAX_SUSTAINED_RATE_PER_MS)
        na_available[j] = na_slow_inactivation.relax_site(
            na_available[j], v_mean, duration_s, v_baseline_mV[j], slow_v_half_mV[j],
            slow_slope_mV[j], rate_per_ms * 1e3,
        )  # fmt: skip
        na_drive = (e_na_mV[j] - SPIKE_MEAN_V_MV) / (e_na0_mV - SPIKE_MEAN_V_MV)
        k_drive = (SPIKE_MEAN_V_MV - e_k_mV[j]) / (SPIKE_MEAN_V_MV - e_k0_mV)
        drive = _nan_min(_clip01(na_drive), _clip01(k_drive))
        load = rate_per_ms * spike_charge_pC[j] * drive
        spike_i_na_nA[j] = load * -1.0
        spike_i_k_nA[j] = load
    return ms_ema


@njit(**KERNEL_FLAGS)
def _nan_min(a, b):
    """np.minimum of two floats (a NaN wins)."""
    if math.isnan(a) or math.isnan(b):
        return a + b
    return min(a, b)


@njit(**KERNEL_FLAGS)
def _clip01(x):
    """np.clip(x, 0, 1) of a float."""
    return _nan_min(_nan_max(x, 0.0), 1.0)


@njit(**KERNEL_FLAGS)
def _nan_max(a, b):
    """np.maximum of two floats (a NaN wins)."""
    if math.isnan(a) or math.isnan(b):
        return a + b
    return max(a, b)
