"""ComfortSettings: calm mode and the toggles a title screen calls; bad values name the field."""

import math

import pytest

from game.comfort import (
    ComfortSettings,
    field_names,
    with_calm,
    with_caption_scale,
    with_captions,
    with_fov,
    with_invert_y,
    with_sensitivity,
    with_stereo,
    with_vignette,
)


def test_calm_mode_is_no_shake_slower_softer_fewer_flashes_and_a_vignette():
    calm = ComfortSettings().calm()
    assert calm.calm_mode and not calm.camera_shake
    assert calm.travel_speed_scale < 1.0 and calm.glow_gain < 1.0
    assert calm.max_flashes_per_s < ComfortSettings().max_flashes_per_s <= 3.0
    assert calm.vignette > 0.0


def test_calm_toggles_on_and_off_and_keeps_the_other_choices():
    mine = ComfortSettings(fov_deg=70.0, invert_y=True, caption_scale=2.0, stereo="sbs")
    calm = with_calm(mine, True)
    assert calm.calm_mode and (calm.fov_deg, calm.invert_y, calm.caption_scale, calm.stereo) == (
        70.0, True, 2.0, "sbs",
    )  # fmt: skip
    assert with_calm(calm, False) == mine
    assert with_calm(mine, False) is mine


def test_each_toggle_changes_its_field_only():
    base = ComfortSettings()
    assert with_caption_scale(base, 2.5).caption_scale == 2.5
    assert with_captions(base, False).captions is False
    assert with_fov(base, 90).fov_deg == 90
    assert with_invert_y(base, True).invert_y is True
    assert with_sensitivity(base, 0.5).mouse_sensitivity == 0.5
    assert with_vignette(base, 0.3).vignette == 0.3
    assert with_stereo(base, "anaglyph").stereo == "anaglyph"
    assert with_stereo(with_stereo(base, "sbs"), None) == base
    assert "caption_scale" in field_names()


@pytest.mark.parametrize(
    "field, value",
    [
        ("fov_deg", 29.0), ("fov_deg", 111.0), ("fov_deg", math.nan),
        ("mouse_sensitivity", 0.0), ("mouse_sensitivity", 6.0),
        ("caption_scale", 0.9), ("caption_scale", 3.5),
        ("glow_gain", 1.5), ("max_flashes_per_s", 4.0), ("vignette", -0.1),
        ("travel_speed_scale", 0.0), ("captions", "yes"), ("invert_y", 1),
    ],
)  # fmt: skip
def test_bad_values_are_refused_naming_the_field(field, value):
    with pytest.raises(ValueError, match=f"^comfort.{field}: expected"):
        ComfortSettings(**{field: value})


def test_bad_stereo_mode_is_refused():
    with pytest.raises(ValueError, match="comfort.stereo: expected none, sbs or anaglyph"):
        with_stereo(ComfortSettings(), "vr")
