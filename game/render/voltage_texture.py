"""The per-node membrane potential as a float texture that the shaders read, one texel a node.

An ``n_nodes`` x 1 texture of 32-bit floats (mV). Each frame the snapshot's float32 array is
copied into the texture's RAM image through a memoryview (one memcpy, no Python loop over
nodes), which marks it modified so Panda3D uploads it before the draw. Linear filtering lets
the wall between two nodes read a blend of their potentials; shaders that need one node's
exact value use ``texelFetch``.
"""

import numpy as np
from panda3d.core import SamplerState, Texture

#: Resting potential of a mammalian myelinated node (MRG 2002), used before the first snapshot.
RESTING_POTENTIAL_MV = -80.0


class VoltageTexture:
    """Owns the texture; ``upload(v_node_mV)`` once per frame."""

    def __init__(self, n_nodes: int) -> None:
        self.n_nodes = n_nodes
        self.texture = Texture("node-voltage-mV")
        self.texture.setup_2d_texture(n_nodes, 1, Texture.T_float, Texture.F_r32)
        self.texture.set_minfilter(SamplerState.FT_linear)
        self.texture.set_magfilter(SamplerState.FT_linear)
        self.texture.set_wrap_u(SamplerState.WM_clamp)
        self.texture.set_wrap_v(SamplerState.WM_clamp)
        self.texture.set_keep_ram_image(True)
        self.upload(np.full(n_nodes, RESTING_POTENTIAL_MV, dtype=np.float32))

    def upload(self, v_node_mV: np.ndarray) -> None:
        """Copy the potentials (float32, one per node, mV) into the texture."""
        if v_node_mV.dtype != np.float32 or v_node_mV.shape != (self.n_nodes,):
            raise ValueError(
                f"v_node_mV must be float32 of shape ({self.n_nodes},), "
                f"got {v_node_mV.dtype} {v_node_mV.shape}"
            )
        memoryview(self.texture.modify_ram_image())[:] = v_node_mV.view(np.uint8)
