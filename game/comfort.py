"""Comfort and safety settings the visitor (or the kiosk operator) chooses: calm mode, field
of view, vignette, look inversion and sensitivity, caption size, stereo.

One frozen value shared by the renderer (glow gain, flash limit, vignette, stereo), the
flight (travel speed, shake, look) and the captions; ``calm()`` gives the calm-mode variant
(DESIGN.md, Safety and access: reduced motion and flashing).
"""

from dataclasses import dataclass, replace

STEREO_MODES = ("sbs", "anaglyph")


@dataclass(frozen=True)
class ComfortSettings:
    calm_mode: bool = False
    #: Multiplies the brightness of node glow and spike flashes (1 = full).
    glow_gain: float = 1.0
    #: Most bright flashes a second any screen region may show (WCAG 2.3.1 allows 3).
    max_flashes_per_s: float = 3.0
    #: Multiplies camera travel speed (rail and free flight).
    travel_speed_scale: float = 1.0
    camera_shake: bool = True
    #: Darkening of the screen's edges, 0 (none) to 1; motion adds to it when moving fast.
    vignette: float = 0.0
    motion_vignette: bool = True
    #: Vertical field of view, degrees.
    fov_deg: float = 48.0
    invert_y: bool = False
    mouse_sensitivity: float = 1.0
    #: Caption height relative to the minimum (46 px on a 1080p screen).
    caption_scale: float = 1.0
    captions: bool = True
    #: None, "sbs" (side by side) or "anaglyph" (red-blue).
    stereo: str | None = None

    def calm(self) -> "ComfortSettings":
        """The calm-mode variant: no shake, slower travel, softer and fewer flashes, vignette."""
        return replace(
            self,
            calm_mode=True,
            glow_gain=min(self.glow_gain, 0.5),
            max_flashes_per_s=min(self.max_flashes_per_s, 1.0),
            travel_speed_scale=min(self.travel_speed_scale, 0.6),
            camera_shake=False,
            vignette=max(self.vignette, 0.5),
        )
