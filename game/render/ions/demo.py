"""A synthetic nerve for the ions demo and tests: a handful of nodes on a straight fibre,
with spikes, pump rates and concentrations written by hand into a real ``NerveSnapshot``.

The shapes are plausible for a mammalian node (a ~1 ms action potential whose Na+ current
leads and K+ current follows, a few nA each), not a simulation: the experience itself feeds
the ions from ``game/sim``. Scenarios: ``healthy`` (pumps at 1, a spike every 2 ms),
``failing`` (pumps running down to 0 while Na+ piles up inside and K+ outside) and
``recovery`` (pumps restarting, racing, at different times per node).
"""

import numpy as np

from game.sim.ions import K_OUT_MM, NA_IN_MM
from game.sim.snapshot import ClassSnapshot, NerveSnapshot

SCENARIOS = ("healthy", "failing", "recovery")
SPIKE_PERIOD_MS = 2.0
#: Delay of the spike from one node to the next (about 50 m/s over ~1 mm internodes).
NODE_DELAY_MS = 0.02
PEAK_NA_NA = 15.0
PEAK_K_NA = 8.0


class SyntheticNerve:
    """Fills a one-class ``NerveSnapshot`` for play time ``t_s``; ``duration_s`` sets how
    far the failing and recovery scenarios have gone by the end."""

    def __init__(
        self,
        n_sites: int,
        *,
        scenario: str = "healthy",
        electrical_ms_per_s: float = 1.0,
        duration_s: float = 4.0,
        seed: int = 3,
    ) -> None:
        if scenario not in SCENARIOS:
            raise ValueError(f"scenario: expected one of {', '.join(SCENARIOS)}, got {scenario!r}")
        self.scenario = scenario
        self.rate = electrical_ms_per_s
        self.duration_s = duration_s
        self.snapshot = NerveSnapshot(
            classes=(
                ClassSnapshot(name="A-beta", myelinated=True, diameter_um=10.0, n_sites=n_sites),
            ),
            electrical_ms_per_s=electrical_ms_per_s,
        )
        rng = np.random.default_rng(seed)
        self._restart_s = rng.uniform(0.1, 0.6, n_sites) * duration_s

    def at(self, t_s: float) -> NerveSnapshot:
        snap = self.snapshot
        cls = snap.classes[0]
        snap.step += 1
        snap.electrical_ms = t_s * self.rate
        progress = min(max(t_s / self.duration_s, 0.0), 1.0)
        sites = np.arange(cls.n_sites)
        if self.scenario == "healthy":
            pump = np.ones(cls.n_sites)
            na_in, k_out, firing = NA_IN_MM, K_OUT_MM, 1.0
        elif self.scenario == "failing":
            pump = np.full(cls.n_sites, max(0.0, 1.0 - 1.5 * progress))
            na_in = NA_IN_MM + 25.0 * progress
            k_out = K_OUT_MM + 10.0 * progress
            firing = 1.0 if progress < 0.4 else 0.0
        else:
            started = t_s >= self._restart_s
            pump = np.where(started, 2.5, 0.0)
            na_in = NA_IN_MM + 25.0 * (1.0 - progress)
            k_out = K_OUT_MM + 10.0 * (1.0 - progress)
            firing = 0.0
        cls.pump_rate[:] = pump
        cls.na_in_mM[:] = na_in
        cls.k_out_mM[:] = k_out
        cls.atp_mM[:] = 2.0 * np.clip(pump, 0.0, 1.0)
        # The spike at each node: time since that node's last spike, ms.
        local = np.mod(snap.electrical_ms - NODE_DELAY_MS * sites, SPIKE_PERIOD_MS)
        cls.v_mV[:] = -80.0 + firing * 120.0 * np.exp(-(((local - 0.25) / 0.18) ** 2))
        cls.i_na_in_nA[:] = firing * PEAK_NA_NA * np.exp(-(((local - 0.2) / 0.08) ** 2))
        cls.i_k_out_nA[:] = firing * PEAK_K_NA * np.exp(-(((local - 0.45) / 0.15) ** 2))
        return snap


def demo_camera(showbase, sites, *, along: bool = False) -> None:
    """Look at the fibre's nodes from the side and a little above, or (``along``) along
    the fibre from a little off its axis beyond the first node."""
    lens = showbase.cam.node().get_lens()
    lens.set_min_fov(48.0)
    if along:
        first = sites.positions_um[0]
        radius = float(sites.radii_um[0])
        showbase.camera.set_pos(first[0] + 0.35 * radius, first[1] - 3.0 * sites.half_lengths_um[0],
                                first[2] + 0.25 * radius)  # fmt: skip
        showbase.camera.look_at(first[0], sites.positions_um[-1][1], first[2])
        lens.set_near_far(0.2, 500.0)
        return
    centre = sites.positions_um.mean(axis=0)
    span = float(np.ptp(sites.positions_um[:, 1])) + 4.0 * float(sites.radii_um.max())
    distance = 0.75 * span + 6.0
    showbase.camera.set_pos(
        centre[0] + 0.8 * distance, centre[1] - 0.45 * distance, centre[2] + 0.45 * distance
    )
    showbase.camera.look_at(*centre)
    lens.set_near_far(0.5, 10.0 * distance)
