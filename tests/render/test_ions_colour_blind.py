"""Na+ and K+ stay distinguishable to a deuteranope: rendered offscreen, converted to
simulated deuteranopia (Machado et al. 2009), the two species still differ by shape (how
much of its bounding box each blob fills: a disc ~0.79, a square ~1) and by luminance; and
the legend draws both labels."""

import numpy as np
import pytest
from frame_pixels import frame_rgb, pixel_of
from panda3d.core import Point3

from game.render.ions.colour_masks import k_mask, na_mask
from game.render.ions.ion_cloud import IonCloud
from game.render.ions.legend import IonLegend
from game.render.ions.particles import NA, IonField, IonFieldSettings, K
from game.render.ions.sites import straight_fibre_sites
from game.safety.colour_vision import relative_luminance, simulate_deuteranopia

pytestmark = pytest.mark.render

BACKGROUND = (0.02, 0.03, 0.06)
CAMERA_Y_UM = -20.0
SPACING_UM = 3.0
#: About 16 px across at 20 um in a 180 px tall, 48 degree frame.
DIAMETER_UM = 1.6


def blob_shape(frame: np.ndarray, centre, half_px: int = 13) -> tuple[float, float, int]:
    """Fill ratio of the bounding box, mean relative luminance and size (px) of the blob at
    ``centre``: the pixels of the window that differ from the background."""
    column, row = centre
    window = frame[row - half_px : row + half_px + 1, column - half_px : column + half_px + 1]
    background = np.rint(np.array(BACKGROUND) * 255)
    blob = np.abs(window.astype(float) - background).max(axis=2) > 25
    rows, cols = np.nonzero(blob)
    box = (rows.max() - rows.min() + 1) * (cols.max() - cols.min() + 1)
    return blob.sum() / box, float(relative_luminance(window[blob]).mean()), int(blob.sum())


def place_grid(field: IonField) -> dict[int, list[Point3]]:
    """Put a 5x2 grid of each species in the plane y = 0 (Na+ the upper rows, K+ the lower),
    far enough apart that no two blobs touch; hide every other particle."""
    placed = {}
    for sp, z_rows in ((NA, (1.5, 0.5)), (K, (-0.5, -1.5))):
        rows = field.vertices[sp]
        rows[:] = 0.0  # fade 0: hidden
        points = [Point3((i - 2) * SPACING_UM, 0.0, z * SPACING_UM)
                  for z in z_rows for i in range(5)]  # fmt: skip
        for k, p in enumerate(points):
            rows[k] = (p.x, p.y, p.z, 1.0, 0.0)  # fade 1 (full size), no glow
        placed[sp] = points
    return placed


def test_na_and_k_differ_in_shape_and_luminance_under_simulated_deuteranopia(showbase, scene_root):
    sites = straight_fibre_sites(1, radius_um=3.0)
    field = IonField(sites, IonFieldSettings(n_per_species=200))
    cloud = IonCloud(field, scene_root, diameter_um=DIAMETER_UM)
    placed = place_grid(field)
    cloud.upload()
    showbase.set_background_color(*BACKGROUND, 1.0)
    lens = showbase.cam.node().get_lens()
    lens.set_min_fov(48.0)
    lens.set_near_far(0.5, 200.0)
    cloud.update_view(lens, showbase.cam.node().get_display_region(0))
    showbase.camera.set_pos(0.0, CAMERA_Y_UM, 0.0)
    showbase.camera.look_at(0.0, 0.0, 0.0)
    showbase.graphics_engine.render_frame()
    frame = frame_rgb(showbase.win)
    seen = simulate_deuteranopia(frame)

    # In full colour each species shows its own colour (the sanity check of the set-up).
    assert na_mask(frame).sum() > 1000 and k_mask(frame).sum() > 1000
    shapes = {sp: [blob_shape(seen, pixel_of(showbase, p, scene_root)) for p in placed[sp]]
              for sp in (NA, K)}  # fmt: skip
    fill = {sp: np.array([s[0] for s in shapes[sp]]) for sp in shapes}
    lum = {sp: np.array([s[1] for s in shapes[sp]]) for sp in shapes}
    size = {sp: np.array([s[2] for s in shapes[sp]]) for sp in shapes}
    assert np.all(size[NA] > 80) and np.all(size[K] > 80), f"blobs too small: {size}"
    # Shape: every Na+ bead fills clearly less of its box than every K+ square.
    assert fill[NA].max() < 0.88, f"Na+ fills {fill[NA]}"
    assert fill[K].min() > 0.94, f"K+ fills {fill[K]}"
    # Luminance: the deuteranope sees Na+ clearly lighter than K+ (WCAG contrast ratio).
    ratio = (lum[NA].min() + 0.05) / (lum[K].max() + 0.05)
    assert ratio > 1.5, f"Na+ {lum[NA]}, K+ {lum[K]}"
    # And the hue cue alone is weakened, as the simulation should do: orange turns yellowish.
    assert na_mask(seen).sum() < 0.5 * na_mask(frame).sum()


def test_the_legend_labels_both_species_with_their_shapes(showbase, scene_root):
    showbase.set_background_color(*BACKGROUND, 1.0)
    legend = IonLegend(showbase.a2dTopLeft, pos=(0.05, -0.05), scale=2.4)
    try:
        assert [t.get_text().split()[0] for t in legend.labels] == ["Na+", "K+"]
        showbase.graphics_engine.render_frame()
        with_labels = frame_rgb(showbase.win)
        for text in legend.labels:
            text.set_text("")
        showbase.graphics_engine.render_frame()
        without_labels = frame_rgb(showbase.win)
    finally:
        legend.cleanup()
    # The labels are drawn: light text pixels that vanish when the text is emptied.
    light = lambda f: (f.min(axis=2) > 150).sum()
    assert light(with_labels) > 150, f"{light(with_labels)} light text pixels"
    assert light(without_labels) < 0.2 * light(with_labels)
    # Each label's glyph shows its species' colour, and under deuteranopia the two glyphs
    # still differ in luminance.
    na, k = na_mask(with_labels), k_mask(with_labels)
    assert na.sum() > 40 and k.sum() > 40
    seen = simulate_deuteranopia(with_labels)
    assert relative_luminance(seen[na]).mean() > 1.5 * relative_luminance(seen[k]).mean()
