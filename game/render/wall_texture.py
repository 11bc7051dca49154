"""The wall's detail texture, generated at load: mottling, axial streaks and channel speckles.

A tiling RGBA8 image made from filtered noise with a fixed seed (the same every run):
red is soft mottling for the myelin, green is streaks running along the fibre's axis (the
texture's v), blue is sparse speckles, the Na+ channel clusters on the bare node. Filtering
in the Fourier domain makes every channel tile seamlessly.
"""

import numpy as np
from panda3d.core import SamplerState, Texture

#: Small enough to stay in cache on a software rasteriser; the wall is rarely minified
#: (the fog hides far walls), so bilinear filtering without mipmaps is enough.
SIZE_PX = 128


def _filtered_noise(
    rng: np.random.Generator, size: int, sigma_u: float, sigma_v: float
) -> np.ndarray:
    """Periodic Gaussian-filtered white noise scaled to 0..1; sigmas in cycles per tile."""
    white = rng.standard_normal((size, size))
    f = np.fft.fftfreq(size) * size
    fv, fu = np.meshgrid(f, f, indexing="ij")  # rows are v, columns are u
    kernel = np.exp(-0.5 * ((fu / sigma_u) ** 2 + (fv / sigma_v) ** 2))
    field = np.real(np.fft.ifft2(np.fft.fft2(white) * kernel))
    field -= field.min()
    return field / max(field.max(), 1e-9)


def detail_image(size_px: int = SIZE_PX, seed: int = 7) -> np.ndarray:
    """(size, size, 4) uint8 image: r mottling, g axial streaks, b speckles, a = 255."""
    rng = np.random.default_rng(seed)
    mottling = _filtered_noise(rng, size_px, 18.0, 12.0)
    streaks = _filtered_noise(rng, size_px, 32.0, 3.0)  # fine around, smooth along the axis
    speckle = _filtered_noise(rng, size_px, 48.0, 48.0)
    speckle = np.clip((speckle - 0.62) / 0.2, 0.0, 1.0) ** 2
    image = np.empty((size_px, size_px, 4), dtype=np.uint8)
    image[..., 0] = mottling * 255
    image[..., 1] = streaks * 255
    image[..., 2] = speckle * 255
    image[..., 3] = 255
    return image


def make_detail_texture() -> Texture:
    """The detail image as a repeating, bilinear-filtered Panda3D texture."""
    image = detail_image()
    texture = Texture("wall-detail")
    texture.setup_2d_texture(
        image.shape[1], image.shape[0], Texture.T_unsigned_byte, Texture.F_rgba8
    )
    # Panda3D stores BGRA; the shader reads the channels named in the docstring.
    bgra = np.ascontiguousarray(image[..., [2, 1, 0, 3]])
    memoryview(texture.modify_ram_image())[:] = bgra.view(np.uint8).ravel()
    texture.set_wrap_u(SamplerState.WM_repeat)
    texture.set_wrap_v(SamplerState.WM_repeat)
    texture.set_minfilter(SamplerState.FT_linear)
    texture.set_magfilter(SamplerState.FT_linear)
    return texture
