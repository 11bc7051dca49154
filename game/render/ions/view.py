"""Wires the ions and pumps to the simulation: each frame, read the snapshot at every site,
move the particles, upload them, turn the pumps.

The electrical time a frame covers is read off the snapshot's clock (``electrical_ms``), so
particle fluxes follow the charge the simulated currents carried, whatever the slow motion;
a frame that sees no new snapshot carries no channel flux (the same currents are not
counted twice).
"""

import numpy as np

from game.render.ions.ion_cloud import IonCloud, IonPalette
from game.render.ions.particles import IonField, IonFieldSettings
from game.render.ions.pumps import PumpRotors
from game.render.ions.sites import IonSites, SiteReadings


class IonsView:
    """Particles and pumps around ``sites`` under ``parent``."""

    def __init__(
        self,
        sites: IonSites,
        parent,
        *,
        settings: IonFieldSettings = IonFieldSettings(),
        palette: IonPalette = IonPalette(),
        diameter_um: float | None = None,
        glow_gain: float = 1.0,
    ) -> None:
        """``diameter_um``: an ion's drawn size (default 0.15 of the median site radius);
        ``glow_gain``: ``ComfortSettings.glow_gain`` (calm mode softens the glint of ions
        that just crossed)."""
        if diameter_um is None:
            diameter_um = 0.15 * float(np.median(sites.radii_um))
        self.readings = SiteReadings.resting(sites.n_sites)
        self.field = IonField(sites, settings, self.readings)
        self.root = parent.attach_new_node("ions-and-pumps")
        self.cloud = IonCloud(
            self.field, self.root, diameter_um=diameter_um, palette=palette, glow_gain=glow_gain
        )
        self.pumps = PumpRotors(self.field, self.root)
        self._last_step: int | None = None
        self._last_electrical_ms = 0.0

    def update(self, snapshot, play_dt_s: float) -> None:
        """One frame from a ``NerveSnapshot`` (None: the resting membrane)."""
        electrical_dt_ms = 0.0
        if snapshot is not None:
            self.readings.gather(snapshot, self.field.sites)
            if self._last_step is not None and snapshot.step != self._last_step:
                electrical_dt_ms = max(snapshot.electrical_ms - self._last_electrical_ms, 0.0)
            self._last_step = snapshot.step
            self._last_electrical_ms = snapshot.electrical_ms
        self.update_from_readings(self.readings, play_dt_s, electrical_dt_ms)

    def update_from_readings(
        self, readings: SiteReadings, play_dt_s: float, electrical_dt_ms: float
    ) -> None:
        self.field.advance(readings, play_dt_s=play_dt_s, electrical_dt_ms=electrical_dt_ms)
        self.cloud.upload()
        self.pumps.update(readings.pump_rate, play_dt_s)

    def update_view(self, lens, display_region) -> None:
        self.cloud.update_view(lens, display_region)

    def cleanup(self) -> None:
        self.cloud.cleanup()
        self.pumps.cleanup()
        self.root.remove_node()
