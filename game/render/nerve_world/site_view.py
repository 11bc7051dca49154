"""What the drawn nerve reads from the snapshot: node potentials, pressure weight, perfusion.

Each drawn node of Ranvier (and each drawn sample of a C axon) reads the membrane potential of
its fibre class at the snapshot site its position along the nerve maps onto, shifted by the
fibre's own site offset so that a bundle does not fire in unison. The gather is one
``np.take`` into a preallocated array, copied into a float texture through a memoryview.
Pressure weight and perfusion are resampled onto ``PROFILE_BINS`` bins along the nerve into
a second small texture (the shaders narrow the compressed segment with it; the blood kernel
slows the cells with it).
"""

import numpy as np
from panda3d.core import SamplerState, Texture

from game.render.nerve_world.layout import NerveLayout, site_index_of

#: Bins of the pressure / perfusion profile along the nerve.
PROFILE_BINS = 128
#: Texels per row of the glow texture: node i is texel (i % width, i // width).
GLOW_TEXTURE_WIDTH = 1024
RESTING_MV = -80.0


def _float_texture(name: str, width: int, channels: int, linear: bool, height: int = 1) -> Texture:
    texture = Texture(name)
    fmt = {1: Texture.F_r32, 2: Texture.F_rg32}[channels]
    texture.setup_2d_texture(width, height, Texture.T_float, fmt)
    ft = SamplerState.FT_linear if linear else SamplerState.FT_nearest
    texture.set_minfilter(ft)
    texture.set_magfilter(ft)
    texture.set_wrap_u(SamplerState.WM_clamp)
    texture.set_wrap_v(SamplerState.WM_clamp)
    texture.set_keep_ram_image(True)
    return texture


class SiteView:
    """Built once from the layout and the snapshot's shape; ``update(snapshot)`` each frame."""

    def __init__(self, layout: NerveLayout, site_counts: list[int]) -> None:
        self.layout = layout
        self.site_counts = list(site_counts)
        self._class_start = np.concatenate([[0], np.cumsum(self.site_counts)]).astype(np.int64)
        self._v_all = np.full(int(self._class_start[-1]), RESTING_MV, dtype=np.float32)
        flat, node_class, node_fibre, node_site = [], [], [], []
        #: First glow-texture index of each fibre's nodes.
        self.fibre_first_node: list[int] = []
        for f, fibre in enumerate(layout.fibres):
            self.fibre_first_node.append(sum(len(x) for x in flat))
            n = self.site_counts[fibre.class_index]
            site = np.clip(
                site_index_of(fibre.node_y_du, layout.length_du, n) + fibre.site_offset, 0, n - 1
            )
            flat.append(self._class_start[fibre.class_index] + site)
            node_class.append(np.full(len(site), fibre.class_index))
            node_fibre.append(np.full(len(site), f))
            node_site.append(site)
        self._flat_index = np.concatenate(flat).astype(np.int64)
        self.node_class = np.concatenate(node_class)
        self.node_fibre = np.concatenate(node_fibre)
        self.node_site = np.concatenate(node_site)
        self.n_nodes = len(self._flat_index)
        # Rows of GLOW_TEXTURE_WIDTH texels (GL 3.3 promises only 1024 texels a side); the
        # padding after the last node stays at rest.
        rows = -(-self.n_nodes // GLOW_TEXTURE_WIDTH)
        self._glow_texels = np.full(rows * GLOW_TEXTURE_WIDTH, RESTING_MV, dtype=np.float32)
        #: The potential each drawn node shows now, mV (a view of the texture's rows).
        self.node_mV = self._glow_texels[: self.n_nodes]
        self.glow_texture = _float_texture(
            "nerve-node-mV", GLOW_TEXTURE_WIDTH, 1, linear=False, height=rows
        )

        # Profile bins: the two sites of each class every bin lies between, and how far,
        # as indices into all classes' sites one after another (one gather per frame).
        bin_u = (np.arange(PROFILE_BINS) + 0.5) / PROFILE_BINS
        lo_all, t_all = [], []
        for c, n in enumerate(self.site_counts):
            f = bin_u * (n - 1)
            lo = np.minimum(np.floor(f).astype(np.int64), n - 2)
            lo_all.append(self._class_start[c] + lo)
            t_all.append(f - lo)
        self._bin_lo = np.concatenate(lo_all)
        self._bin_hi = self._bin_lo + 1
        self._bin_t = np.concatenate(t_all).astype(np.float32)
        n_classes = len(self.site_counts)
        self._w_all = np.zeros(int(self._class_start[-1]), dtype=np.float32)
        self._p_all = np.ones(int(self._class_start[-1]), dtype=np.float32)
        self._lo_vals = np.zeros(n_classes * PROFILE_BINS, dtype=np.float32)
        self._hi_vals = np.zeros(n_classes * PROFILE_BINS, dtype=np.float32)
        self.pressure_weight = np.zeros(PROFILE_BINS, dtype=np.float32)
        self.perfusion = np.ones(PROFILE_BINS, dtype=np.float32)
        self._profile = np.zeros((PROFILE_BINS, 2), dtype=np.float32)
        self.profile_texture = _float_texture("nerve-profile", PROFILE_BINS, 2, linear=True)
        self._upload_glow()
        self._upload_profile()

    def default_pressure_weight(self) -> None:
        """A smooth compressed segment from the layout's settings (before any snapshot)."""
        s = self.layout.settings
        u = (np.arange(PROFILE_BINS) + 0.5) / PROFILE_BINS
        x = np.abs(u - s.compression_centre) / s.compression_half_width
        self.pressure_weight[:] = np.clip(1.5 - x, 0.0, 1.0) ** 2 * (3 - 2 * np.clip(1.5 - x, 0, 1))
        self._upload_profile()

    def update(self, snapshot, node_filter=None, dt_s: float | None = None) -> None:
        """Read node potentials and the site profiles of ``snapshot`` (a NerveSnapshot).

        ``node_filter(v_node_mV, dt_s)``, if given, returns the potentials to show instead
        (float32, same shape): the flash limiter's hook (game/render/flash_limiter.py).
        """
        for c, cls in enumerate(snapshot.classes):
            a, b = self._class_start[c], self._class_start[c + 1]
            self._v_all[a:b] = cls.v_mV
            self._w_all[a:b] = cls.pressure_weight
            self._p_all[a:b] = cls.perfusion
        # Each class resampled onto the bins; weight: the most pressed class, perfusion:
        # the mean over classes.
        self._resample(self._w_all)
        np.max(self._lo_vals.reshape(-1, PROFILE_BINS), axis=0, out=self.pressure_weight)
        self._resample(self._p_all)
        np.mean(self._lo_vals.reshape(-1, PROFILE_BINS), axis=0, out=self.perfusion)
        np.take(self._v_all, self._flat_index, out=self.node_mV)
        if node_filter is not None:
            self.node_mV[:] = node_filter(self.node_mV, dt_s)
        self._upload_glow()
        self._upload_profile()

    def _resample(self, values: np.ndarray) -> None:
        """Linear interpolation of every class's ``values`` at the bins into ``_lo_vals``."""
        lo, hi = self._lo_vals, self._hi_vals
        np.take(values, self._bin_lo, out=lo)
        np.take(values, self._bin_hi, out=hi)
        hi -= lo
        hi *= self._bin_t
        lo += hi

    def _upload_glow(self) -> None:
        memoryview(self.glow_texture.modify_ram_image())[:] = self._glow_texels.view(np.uint8)

    def _upload_profile(self) -> None:
        self._profile[:, 0] = self.pressure_weight
        self._profile[:, 1] = self.perfusion
        memoryview(self.profile_texture.modify_ram_image())[:] = self._profile.view(
            np.uint8
        ).ravel()

    def weight_at(self, y_du: np.ndarray) -> np.ndarray:
        """Pressure weight at drawn positions along the nerve (as the shaders sample it)."""
        u = np.asarray(y_du) / self.layout.length_du * PROFILE_BINS - 0.5
        return np.interp(u, np.arange(PROFILE_BINS), self.pressure_weight)
