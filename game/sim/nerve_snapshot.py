"""The nerve as the renderer and gameplay see it: a ``NerveSnapshot`` filled from a ``Nerve``.

``new_snapshot`` sizes one (a ``ClassSnapshot`` per probe fibre, in the nerve's class order);
``fill_snapshot`` copies the state in place, with no allocation per site array: both clocks,
the commands in force, and per site the membrane potential, spikes, ATP, [Na+]i, the K+ in
the restricted space outside the membrane, the pump's turnover, blood flow and the Na+ and K+
currents. The currents are the channels' (Na+: transient and persistent Na+ channels and the
Na+ share of the leak; K+: the K+ channels and the rest of the leak) at the present gates and
reversal potentials, the same sums as the cable kernel's (``game.sim.cable``), so the ion
view follows the simulated currents; ``IonCurrents`` averages them over electrical time
between two fills, since in fast motion a spike can come and go between two frames.
"""

import numpy as np

from game.sim.cable_builder import MODEL_MRG_NODE
from game.sim.nerve import RELEASED_BELOW_MMHG, Nerve
from game.sim.snapshot import ClassSnapshot, NerveSnapshot


def new_snapshot(nerve: Nerve) -> NerveSnapshot:
    """An empty snapshot shaped for ``nerve`` (fill it with ``fill_snapshot``)."""
    classes = []
    for c in nerve.classes:
        fibre = nerve.fibres[c.name]
        snap = ClassSnapshot(
            name=c.name,
            myelinated=fibre.myelinated,
            diameter_um=float(c.representative_diameter_um),
            n_sites=fibre.fiber.n_sites,
        )
        snap.site_x_um[:] = fibre.fiber.site_x_um
        snap.pressure_weight[:] = fibre.pressure_weight
        classes.append(snap)
    snapshot = NerveSnapshot(classes=tuple(classes))
    fill_snapshot(nerve, snapshot)
    return snapshot


def channel_currents_nA(fiber) -> tuple[np.ndarray, np.ndarray]:
    """(Na+ current inward, K+ current outward) through each site's channels now, nA.

    Positive is Na+ entering and K+ leaving, as during an action potential; at rest both are
    small and balanced by the pump.
    """
    v = fiber.site_v_mV()
    g = fiber.gates
    g_max = fiber.g_max_uS
    mrg = fiber.cable.site_model == MODEL_MRG_NODE
    # MRG node: m^3 h fast Na+, p^3 persistent Na+, s slow K+, leak in column 3;
    # C fibre: m^3 h Na+, n^3 delayed rectifier, leak in column 2
    na_fast = g_max[:, 0] * g[:, 0] ** 3 * g[:, 1] * fiber.na_available
    g_na = na_fast + np.where(mrg, g_max[:, 1] * g[:, 2] ** 3, 0.0)
    g_k = np.where(mrg, g_max[:, 2] * g[:, 3], g_max[:, 1] * g[:, 2] ** 3)
    g_leak = np.where(mrg, g_max[:, 3], g_max[:, 2])
    f = fiber.leak_na_fraction
    g_na = g_na + f * g_leak
    g_k = g_k + (1.0 - f) * g_leak
    return g_na * (fiber.e_na_mV - v), g_k * (v - fiber.e_k_mV)


class IonCurrents:
    """Na+ and K+ currents of every probe fibre, averaged over the electrical time between
    two fills: call ``sample(electrical_ms)`` after each advance of that much time."""

    def __init__(self, nerve: Nerve) -> None:
        self._nerve = nerve
        self._na = {n: np.zeros(f.fiber.n_sites) for n, f in nerve.fibres.items()}
        self._k = {n: np.zeros(f.fiber.n_sites) for n, f in nerve.fibres.items()}
        self._ms = 0.0

    def sample(self, electrical_ms: float) -> None:
        """Weigh the currents now by the electrical time just run (0: a bare sample)."""
        weight = max(float(electrical_ms), 1e-9)
        for name, fibre in self._nerve.fibres.items():
            i_na, i_k = channel_currents_nA(fibre.fiber)
            self._na[name] += weight * i_na
            self._k[name] += weight * i_k
        self._ms += weight

    def take_mean(self, name: str, *, out_na: np.ndarray, out_k: np.ndarray) -> None:
        """Write class ``name``'s mean currents since the last take into the outputs (the
        currents now if nothing was sampled); the class starts a new interval."""
        if self._ms <= 0.0:
            i_na, i_k = channel_currents_nA(self._nerve.fibres[name].fiber)
            out_na[:] = i_na
            out_k[:] = i_k
            return
        np.divide(self._na[name], self._ms, out=out_na, casting="unsafe")
        np.divide(self._k[name], self._ms, out=out_k, casting="unsafe")
        self._na[name][:] = 0.0
        self._k[name][:] = 0.0

    def restart(self) -> None:
        """Start a new averaging interval for every class (after all were taken)."""
        self._ms = 0.0


def fill_snapshot(
    nerve: Nerve,
    snapshot: NerveSnapshot,
    status=None,
    *,
    currents: IonCurrents | None = None,
) -> None:
    """Copy ``nerve``'s state into ``snapshot`` in place.

    ``status`` (a ``NerveStatus``, the last probe's readings) sets the stage, the sensation
    and each class's conducting / ectopic readings; without one those keep the healthy
    defaults. ``currents`` gives the currents averaged since the previous fill; without it
    the currents are those of this instant. ``step`` and ``paused`` belong to whoever
    publishes the snapshot and are left alone.
    """
    snapshot.physiological_s = nerve.physiological_s
    snapshot.electrical_ms = nerve.electrical_ms
    snapshot.physiological_speedup = nerve.physiological_speedup
    snapshot.electrical_ms_per_s = nerve.electrical_ms_per_s
    snapshot.pressure_mmHg = nerve.pressure_mmHg
    snapshot.legs_crossed = nerve.pressure_mmHg >= RELEASED_BELOW_MMHG
    snapshot.perfusion = float(nerve.profile.perfusion_at(nerve.pressure_mmHg))
    snapshot.injury_risk = bool(nerve.injury_risk)
    snapshot.gentle_movement = bool(nerve.gentle_movement)
    if status is not None:
        snapshot.stage = str(getattr(status, "stage", "healthy"))
        snapshot.sensation = status.sensation
        snapshot.injury = getattr(status, "injury", None)
    else:
        snapshot.stage = "healthy"
        snapshot.sensation = "normal"
        snapshot.injury = None
    for c in snapshot.classes:
        fibre = nerve.fibres[c.name]
        fiber = fibre.fiber
        m = fibre.metabolism
        k = fiber.cable.site_section
        np.subtract(fiber.vi_mV[k], fiber.vp_mV[k], out=c.v_mV, casting="unsafe")
        c.spikes[:] = fiber.spike_count
        c.atp_mM[:] = m.atp_mM
        c.na_in_mM[:] = m.na_in_mM
        c.k_in_mM[:] = m.k_in_mM
        # the restricted space outside the membrane: under the myelin for a myelinated fibre
        # (where K+ piles up and is cleared slowest), the shell around a C fibre's axolemma
        c.k_out_mM[:] = m.k_internode_mM if fibre.myelinated else m.k_node_mM
        np.divide(fiber.i_pump_nA, m.pump_baseline_nA, out=c.pump_rate, casting="unsafe")
        c.perfusion[:] = m.perfusion
        if currents is not None:
            currents.take_mean(c.name, out_na=c.i_na_in_nA, out_k=c.i_k_out_nA)
        else:
            i_na, i_k = channel_currents_nA(fiber)
            c.i_na_in_nA[:] = i_na
            c.i_k_out_nA[:] = i_k
        reading = status.classes.get(c.name) if status is not None else None
        c.conducting = True if reading is None else bool(reading.conducting)
        c.ectopic_hz = 0.0 if reading is None else float(reading.ectopic_hz)
    if currents is not None:
        currents.restart()
