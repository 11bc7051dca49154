"""Comfort and safety settings the visitor (or the kiosk operator) chooses: calm mode, field
of view, vignette, look inversion and sensitivity, caption size, stereo.

One frozen value shared by the renderer (glow gain, flash limit, vignette, stereo), the
flight (travel speed, shake, look) and the captions; ``calm()`` gives the calm-mode variant
(DESIGN.md, Safety and access: reduced motion and flashing). The ``with_*`` functions are
what a title screen's toggles and sliders call: each returns a new, validated value.
Every field is checked on construction; a bad value raises ValueError naming the field, what
was expected and what it got (the command line and data files turn that into one line).
"""

import math
from dataclasses import dataclass, fields, replace

STEREO_MODES = ("sbs", "anaglyph")
#: Allowed ranges (inclusive) of the numeric settings a visitor can change.
FOV_RANGE_DEG = (30.0, 110.0)
SENSITIVITY_RANGE = (0.1, 5.0)
CAPTION_SCALE_RANGE = (1.0, 3.0)
TRAVEL_SPEED_RANGE = (0.1, 2.0)
GLOW_GAIN_RANGE = (0.0, 1.0)
MAX_FLASHES_RANGE = (0.0, 3.0)  # WCAG 2.3.1: three flashes a second at most
VIGNETTE_RANGE = (0.0, 1.0)

#: The fields ``calm()`` changes; ``with_calm(s, False)`` puts them back to the defaults.
CALM_FIELDS = (
    "calm_mode", "glow_gain", "max_flashes_per_s", "travel_speed_scale", "camera_shake",
    "vignette",
)  # fmt: skip


def _check_range(name: str, value, low: float, high: float) -> None:
    ok = (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and low <= value <= high
    )
    if not ok:
        raise ValueError(f"{name}: expected a number from {low:g} to {high:g}, got {value!r}")


def _check_bool(name: str, value) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"{name}: expected true or false, got {value!r}")


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
    #: Multiplies mouse and stick look speed (1 = the flight's own default).
    mouse_sensitivity: float = 1.0
    #: Caption height relative to the minimum (46 px on a 1080p screen).
    caption_scale: float = 1.0
    captions: bool = True
    #: None, "sbs" (side by side) or "anaglyph" (red-blue).
    stereo: str | None = None

    def __post_init__(self) -> None:
        for name in ("calm_mode", "camera_shake", "motion_vignette", "invert_y", "captions"):
            _check_bool(f"comfort.{name}", getattr(self, name))
        _check_range("comfort.glow_gain", self.glow_gain, *GLOW_GAIN_RANGE)
        _check_range("comfort.max_flashes_per_s", self.max_flashes_per_s, *MAX_FLASHES_RANGE)
        _check_range("comfort.travel_speed_scale", self.travel_speed_scale, *TRAVEL_SPEED_RANGE)
        _check_range("comfort.vignette", self.vignette, *VIGNETTE_RANGE)
        _check_range("comfort.fov_deg", self.fov_deg, *FOV_RANGE_DEG)
        _check_range("comfort.mouse_sensitivity", self.mouse_sensitivity, *SENSITIVITY_RANGE)
        _check_range("comfort.caption_scale", self.caption_scale, *CAPTION_SCALE_RANGE)
        if self.stereo is not None and self.stereo not in STEREO_MODES:
            raise ValueError(
                f"comfort.stereo: expected none, {' or '.join(STEREO_MODES)}, got {self.stereo!r}"
            )

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


# -- what a title screen's toggles and sliders call ------------------------------------------
_DEFAULTS = ComfortSettings()


def with_calm(settings: ComfortSettings, on: bool) -> ComfortSettings:
    """Calm mode on (``settings.calm()``) or off (the fields calm mode sets back to defaults)."""
    _check_bool("comfort.calm_mode", on)
    if on:
        return settings.calm()
    if not settings.calm_mode:
        return settings
    return replace(settings, **{name: getattr(_DEFAULTS, name) for name in CALM_FIELDS})


def with_caption_scale(settings: ComfortSettings, scale: float) -> ComfortSettings:
    return replace(settings, caption_scale=scale)


def with_captions(settings: ComfortSettings, on: bool) -> ComfortSettings:
    return replace(settings, captions=on)


def with_fov(settings: ComfortSettings, fov_deg: float) -> ComfortSettings:
    return replace(settings, fov_deg=fov_deg)


def with_invert_y(settings: ComfortSettings, on: bool) -> ComfortSettings:
    return replace(settings, invert_y=on)


def with_sensitivity(settings: ComfortSettings, sensitivity: float) -> ComfortSettings:
    return replace(settings, mouse_sensitivity=sensitivity)


def with_vignette(settings: ComfortSettings, strength: float) -> ComfortSettings:
    return replace(settings, vignette=strength)


def with_stereo(settings: ComfortSettings, mode: str | None) -> ComfortSettings:
    return replace(settings, stereo=mode)


def field_names() -> tuple[str, ...]:
    """The settings' field names (for data files and title screens that list them)."""
    return tuple(f.name for f in fields(ComfortSettings))
