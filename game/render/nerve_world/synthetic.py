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
