"""A synthetic NerveSnapshot for demos, tests and benchmarks: no simulation needed.

Spikes travel along each class at a speed in proportion to its diameter, pressure lowers
perfusion in the compressed segment (flow falls linearly to zero at ``STOP_MMHG``, after
Rydevik, Lundborg & Bagge 1981: intraneural flow stopped at 50-70 mmHg). It is a stand-in
with the snapshot's shape, not physiology: the real one comes from game/sim.
"""

import numpy as np

from game.render.nerve_world.layout import CLASS_DIAMETER_UM, CLASS_NAMES
from game.sim.snapshot import ClassSnapshot, NerveSnapshot

#: Sites per class (nodes of the probe fibres; C: cable compartments).
SITES_PER_CLASS = (31, 31, 31, 61)
STOP_MMHG = 60.0
PERIOD_S = 0.35  # under 3 volleys a second: no node flashes faster (WCAG 2.3.1)
REST_MV = -80.0


def snapshot_shape(
    sites_per_class=SITES_PER_CLASS, fibre_length_um: float = 30000.0
) -> NerveSnapshot:
    """A resting, fully perfused NerveSnapshot with a compressed segment in the middle."""
    classes = []
    for name, d_um, n in zip(CLASS_NAMES, CLASS_DIAMETER_UM, sites_per_class):
        c = ClassSnapshot(name=name, myelinated=name != "C", diameter_um=d_um, n_sites=n)
        c.site_x_um[:] = np.linspace(0.0, fibre_length_um, n)
        u = np.linspace(0.0, 1.0, n)
        x = np.clip(np.abs(u - 0.5) / 0.2, 0.0, 1.0)  # 1 in the middle, smoothly 0 at +/-20%
        c.pressure_weight[:] = 0.5 + 0.5 * np.cos(np.pi * x)
        c.v_mV[:] = REST_MV
        c.perfusion[:] = 1.0
        c.atp_mM[:] = 3.0
        c.pump_rate[:] = 1.0
        classes.append(c)
    return NerveSnapshot(classes=tuple(classes))


def perfusion_at(pressure_mmHg: float, weight: np.ndarray) -> np.ndarray:
    return np.clip(1.0 - weight * pressure_mmHg / STOP_MMHG, 0.0, 1.0)


def fill(snapshot: NerveSnapshot, t_s: float, pressure_mmHg: float = 0.0) -> NerveSnapshot:
    """Write the synthetic state at play time ``t_s`` into ``snapshot`` (in place)."""
    snapshot.pressure_mmHg = float(pressure_mmHg)
    snapshot.legs_crossed = pressure_mmHg > 0.0
    mid = []
    for c in snapshot.classes:
        perf = perfusion_at(pressure_mmHg, c.pressure_weight)
        c.perfusion[:] = perf
        mid.append(perf.min())
        n = c.n_sites
        # A volley every PERIOD_S, crossing the fibre in 0.4 s (A-alpha) to 2.6 s (C): several
        # spikes are on the way at once along the slower fibres.
        crossing_s = 0.4 * (16.0 / c.diameter_um) ** 0.6
        spacing = PERIOD_S / crossing_s * (n - 1)
        d = (np.arange(n) - t_s / crossing_s * (n - 1)) % spacing
        d = np.minimum(d, spacing - d)
        spike = np.exp(-0.5 * (d / 0.8) ** 2)
        blocked = (c.pressure_weight > 0.5) & (pressure_mmHg > 40.0)
        first_block = np.flatnonzero(blocked)
        if len(first_block):
            spike[first_block[0] :] = 0.0
        c.v_mV[:] = (REST_MV + 110.0 * spike).astype(np.float32)
    snapshot.perfusion = float(min(mid))
    return snapshot


#: Named states of the nerve for screenshots and look checks (``fill_state``).
STATES = ("healthy", "spike", "crossed", "failure", "recovery")


def fill_state(
    snapshot: NerveSnapshot, t_s: float, state: str, *, spike_u: float = 0.5, seed: int = 7
) -> NerveSnapshot:
    """Write a hand-made picture of one ``state`` (of ``STATES``) at play time ``t_s`` into
    ``snapshot``, with currents, concentrations and pump rates for the ions and pumps.

    Not physiology (game/sim makes the real one): shapes after DESIGN.md's tables. ``spike``
    puts a volley on every class at ``spike_u`` (a fraction of the length); ``crossed``:
    pressure on, blood stopped in the segment, pumps slowing, Na+ gathering inside;
    ``failure``: ATP gone, pumps stopped, the membrane depolarised, no spikes; ``recovery``:
    blood back, pumps restarting out of step, nodes firing on their own here and there.
    """
    if state not in STATES:
        raise ValueError(f"state: expected one of {', '.join(STATES)}, got {state!r}")
    from game.sim.ions import K_OUT_MM, NA_IN_MM

    pressure = 150.0 if state in ("crossed", "failure") else 0.0
    fill(snapshot, t_s, pressure)
    rng = np.random.default_rng(seed)
    snapshot.step += 1
    snapshot.electrical_ms = t_s * snapshot.electrical_ms_per_s
    snapshot.stage = {
        "healthy": "healthy", "spike": "healthy", "crossed": "ATP depletion",
        "failure": "complete failure", "recovery": "spontaneous action potentials",
    }[state]  # fmt: skip
    for c in snapshot.classes:
        w = c.pressure_weight
        n = c.n_sites
        u = np.linspace(0.0, 1.0, n)
        if state == "spike":
            d = (u - spike_u) * (n - 1)
            c.v_mV[:] = (REST_MV + 110.0 * np.exp(-0.5 * (d / 1.5) ** 2)).astype(np.float32)
        spike = np.clip((c.v_mV + 80.0) / 110.0, 0.0, 1.0)
        c.atp_mM[:] = 3.0
        c.pump_rate[:] = 1.0
        c.na_in_mM[:] = NA_IN_MM
        c.k_out_mM[:] = K_OUT_MM
        if state == "crossed":
            c.atp_mM[:] = 3.0 - 1.6 * w
            c.pump_rate[:] = 1.0 - 0.55 * w
            c.na_in_mM[:] = NA_IN_MM + 14.0 * w
            c.k_out_mM[:] = K_OUT_MM + 5.0 * w
        elif state == "failure":
            c.atp_mM[:] = 3.0 - 2.9 * w
            c.pump_rate[:] = np.where(w > 0.3, 0.0, 1.0 - w)
            c.na_in_mM[:] = NA_IN_MM + 45.0 * w
            c.k_out_mM[:] = K_OUT_MM + 22.0 * w
            c.v_mV[:] = np.where(w > 0.3, -80.0 + 40.0 * w, c.v_mV).astype(np.float32)
            spike = np.where(w > 0.3, 0.0, spike)
        elif state == "recovery":
            c.atp_mM[:] = 1.8
            c.pump_rate[:] = np.where(w > 0.2, rng.uniform(0.0, 1.8, n), 1.0)
            c.na_in_mM[:] = NA_IN_MM + 20.0 * w
            c.k_out_mM[:] = K_OUT_MM + 6.0 * w
            ectopic = (w > 0.2) & (rng.uniform(0.0, 1.0, n) < 0.25)
            c.v_mV[:] = np.where(ectopic, 25.0, -80.0).astype(np.float32)
            spike = ectopic.astype(np.float64)
        c.i_na_in_nA[:] = 15.0 * spike
        c.i_k_out_nA[:] = 8.0 * spike
    return snapshot
