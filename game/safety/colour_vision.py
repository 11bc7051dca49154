"""Simulated colour-vision deficiency of rendered frames, to check that meaning never rests on
colour alone (DESIGN.md, Safety and access).

Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
vision deficiency", IEEE TVCG 15(6):1291-1298: one 3x3 matrix per deficiency and severity,
applied to *linear* RGB. Here severity 1.0 (dichromacy: protanopia, deuteranopia,
tritanopia), the matrices of the paper's table. Each row sums to 1, so greys are unchanged.
Frames are sRGB (8-bit): decoded with the sRGB transfer curve (IEC 61966-2-1), multiplied,
clipped to [0, 1] and encoded again.
"""

import numpy as np

MACHADO_2009_SEVERITY_1 = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
DEFICIENCIES = tuple(MACHADO_2009_SEVERITY_1)


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB values in [0, 1] to linear light."""
    srgb = np.asarray(srgb, np.float64)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, np.float64), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1.0 / 2.4) - 0.055)


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance (0-1) of 8-bit sRGB pixels (..., 3)."""
    linear = srgb_to_linear(np.asarray(rgb, np.float64)[..., :3] / 255.0)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def simulate(rgb: np.ndarray, deficiency: str = "deuteranopia") -> np.ndarray:
    """``rgb`` (..., 3) uint8 sRGB as a viewer with ``deficiency`` sees it (same shape, uint8).

    Raises ValueError (one line) for an unknown deficiency or an array that is not uint8
    with 3 channels last."""
    if deficiency not in MACHADO_2009_SEVERITY_1:
        raise ValueError(
            f"deficiency: expected one of {', '.join(DEFICIENCIES)}, got {deficiency!r}"
        )
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.ndim < 1 or rgb.shape[-1] != 3:
        raise ValueError(f"rgb: expected uint8 with 3 channels last, got {rgb.dtype} {rgb.shape}")
    linear = srgb_to_linear(rgb / 255.0)
    seen = linear @ MACHADO_2009_SEVERITY_1[deficiency].T
    return np.rint(linear_to_srgb(seen) * 255.0).astype(np.uint8)


def simulate_deuteranopia(rgb: np.ndarray) -> np.ndarray:
    """The commonest dichromacy (no M cones): what the colour-blind checks use."""
    return simulate(rgb, "deuteranopia")
