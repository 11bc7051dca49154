"""Wires the ions and pumps to the simulation: each frame, read the snapshot at every site,
move the particles, upload them, turn the pumps.

The electrical time a frame covers is read off the snapshot's clock (``electrical_ms``), so
particle fluxes follow the charge the simulated currents carried, whatever the slow motion;
a frame that sees no new snapshot carries no channel flux (the same currents are not
counted twice).

With ``background=True`` (the explore experience) the particle kernel runs on a thread of
its own while the main thread draws: each frame uploads the particles the previous frame's
step computed, then starts the next step, so the particles are one frame behind the
snapshot and the main thread's frame carries only the upload. The kernel releases the GIL,
and the main thread waits for it (if it has not finished) before touching the particles, so
a run is the same whichever thread computed it.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from game.render.ions.ion_cloud import IonCloud, IonPalette
from game.render.ions.particles import IonField, IonFieldSettings
from game.render.ions.pumps import PumpRotors
from game.render.ions.sites import IonSites, SiteReadings

# Defaults shared by every view (both frozen, so one instance serves all).
DEFAULT_SETTINGS = IonFieldSettings()
DEFAULT_PALETTE = IonPalette()


class IonsView:
    """Particles and pumps around ``sites`` under ``parent``."""

    def __init__(
        self,
        sites: IonSites,
        parent,
        *,
        settings: IonFieldSettings = DEFAULT_SETTINGS,
        palette: IonPalette = DEFAULT_PALETTE,
        diameter_um: float | None = None,
        glow_gain: float = 1.0,
        background: bool = False,
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
        self._pool = ThreadPoolExecutor(1, "ion-particles") if background else None
        self._pending = None

    def _finish_step(self) -> None:
        """Wait for the particle step running on the ions' thread (if any); re-raises its
        error here."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def update(self, snapshot, play_dt_s: float, *, costs=None, site_scale=None) -> None:
        """One frame from a ``NerveSnapshot`` (None: the resting membrane); ``costs``: a
        ``game.render.explore_view.FrameCosts`` to mark each part's CPU in; ``site_scale``:
        per site, how much the compressed nerve narrows there now (x and z are multiplied
        by it, ions and pumps alike; None leaves them as they are)."""
        electrical_dt_ms = 0.0
        self._finish_step()  # the readings and particles are ours again
        if site_scale is not None:
            self.field.site_scale[:] = site_scale
            self.pumps.set_site_scale(self.field.site_scale)
        if snapshot is not None:
            self.readings.gather(snapshot, self.field.sites)
            if self._last_step is not None and snapshot.step != self._last_step:
                electrical_dt_ms = max(snapshot.electrical_ms - self._last_electrical_ms, 0.0)
            self._last_step = snapshot.step
            self._last_electrical_ms = snapshot.electrical_ms
        self.update_from_readings(self.readings, play_dt_s, electrical_dt_ms, costs=costs)

    def update_from_readings(
        self, readings: SiteReadings, play_dt_s: float, electrical_dt_ms: float, *, costs=None
    ) -> None:
        if self._pool is None:
            self.field.advance(readings, play_dt_s=play_dt_s, electrical_dt_ms=electrical_dt_ms)
            if costs is not None:
                costs.mark("ions: readings, particle kernel")
            self.cloud.upload()
        else:
            self._finish_step()
            if costs is not None:
                costs.mark("ions: readings, wait for the particle thread")
            self.cloud.upload()  # the previous frame's step
            self._pending = self._pool.submit(
                self.field.advance, readings, play_dt_s=play_dt_s,
                electrical_dt_ms=electrical_dt_ms,
            )  # fmt: skip
        if costs is not None:
            costs.mark("ions: upload")
        self.pumps.update(readings.pump_rate, play_dt_s)
        if costs is not None:
            costs.mark("ions: pumps")

    def update_view(self, lens, display_region) -> None:
        self.cloud.update_view(lens, display_region)

    def cleanup(self) -> None:
        if self._pool is not None:
            self._finish_step()
            self._pool.shutdown(wait=True)
            self._pool = None
        self.cloud.cleanup()
        self.pumps.cleanup()
        self.root.remove_node()
