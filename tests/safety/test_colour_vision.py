"""Simulated colour-vision deficiency (Machado et al. 2009): greys stay, red-green contrast
collapses under deuteranopia, the ions' Okabe-Ito pair keeps apart, bad input is one line."""

import numpy as np
import pytest

from game.safety.colour_vision import (
    DEFICIENCIES,
    MACHADO_2009_SEVERITY_1,
    relative_luminance,
    simulate,
    simulate_deuteranopia,
)


def rgb(*hex_codes: str) -> np.ndarray:
    return np.array([[int(h[i : i + 2], 16) for i in (1, 3, 5)] for h in hex_codes], np.uint8)


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a.astype(float) - b.astype(float)))


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_greys_black_and_white_are_unchanged(deficiency):
    greys = np.repeat(np.array([0, 1, 64, 128, 200, 255], np.uint8)[:, None], 3, axis=1)
    out = simulate(greys, deficiency)
    assert np.abs(out.astype(int) - greys.astype(int)).max() <= 1


def test_each_matrix_row_sums_to_one():
    for matrix in MACHADO_2009_SEVERITY_1.values():
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-5)


def test_deuteranopia_confuses_red_and_green_but_not_blue_and_yellow():
    red, green = rgb("#D62728", "#2CA02C")  # a red and a green of a common chart palette
    blue, yellow = rgb("#1F77B4", "#F0E442")
    seen = simulate_deuteranopia(np.stack([red, green, blue, yellow]))
    # Red and green: far apart to a trichromat, at most a third as far apart for a deuteranope.
    assert distance(seen[0], seen[1]) < 0.35 * distance(red, green)
    # Blue and yellow stay far apart.
    assert distance(seen[2], seen[3]) > 0.8 * distance(blue, yellow)


def test_pure_red_matches_the_papers_matrix_applied_in_linear_rgb():
    # Linear red (1, 0, 0) -> the first column of the matrix, clipped, then sRGB-encoded.
    column = np.clip(MACHADO_2009_SEVERITY_1["deuteranopia"][:, 0], 0.0, 1.0)
    expected = np.where(column <= 0.0031308, 12.92 * column, 1.055 * column ** (1 / 2.4) - 0.055)
    out = simulate_deuteranopia(np.array([255, 0, 0], np.uint8))
    np.testing.assert_array_equal(out, np.rint(expected * 255).astype(np.uint8))


def test_the_ion_colours_stay_apart_by_luminance_for_every_dichromacy():
    from game.render.ions.ion_cloud import IonPalette

    palette = IonPalette()
    pair = np.rint(np.array([palette.na_colour, palette.k_colour]) * 255).astype(np.uint8)
    for deficiency in DEFICIENCIES:
        lum = relative_luminance(simulate(pair, deficiency))
        # WCAG's contrast ratio between the two colours themselves.
        ratio = (lum[0] + 0.05) / (lum[1] + 0.05)
        assert ratio > 1.7, f"{deficiency}: Na+ {lum[0]:.2f}, K+ {lum[1]:.2f}, ratio {ratio:.2f}"


def test_frames_keep_their_shape_and_type():
    frame = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    out = simulate_deuteranopia(frame)
    assert out.shape == frame.shape and out.dtype == np.uint8


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rgb": np.zeros((4, 4, 3), np.float32)}, "rgb: expected uint8"),
        ({"rgb": np.zeros((4, 4), np.uint8)}, "rgb: expected uint8 with 3 channels"),
        (
            {"rgb": np.zeros((1, 3), np.uint8), "deficiency": "deutan"},
            "deficiency: expected one of",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError) as info:
        simulate(**kwargs)
    assert message in str(info.value) and "\n" not in str(info.value)
