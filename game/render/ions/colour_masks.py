"""Which pixels of a rendered frame show Na+ orange or K+ blue (``IonPalette``'s defaults),
shaded, glinting or rimmed as ``shaders/ion_particle.frag`` draws them. For checks on
rendered frames (the render tests, screenshots); pure numpy."""

import numpy as np


def na_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels of the Na+ orange (#E69F00): red-dominant, green about half to most of red,
    little blue."""
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    return (r > 90) & (g > 0.45 * r) & (g < 0.85 * r) & (b < 0.45 * r)


def k_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels of the K+ blue (#0072B2) or its lighter rim: blue-dominant, green below blue."""
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    return (b > 90) & (r < 0.65 * b) & (g > 0.4 * b) & (g < 0.92 * b)


def disc(shape, centre_xy, radius_px: float) -> np.ndarray:
    """A boolean image of ``shape`` (rows, columns, ...) true within ``radius_px`` of the
    (column, row) ``centre_xy``."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    return (cols - centre_xy[0]) ** 2 + (rows - centre_xy[1]) ** 2 <= radius_px**2
