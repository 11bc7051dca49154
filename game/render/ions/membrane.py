"""A translucent stretch of membrane at each site, so the demo and the tests show where
inside and outside are (the anatomy scene draws the real membrane in the full experience)."""

import numpy as np
from panda3d.core import (
    Geom,
    GeomEnums,
    GeomNode,
    GeomTriangles,
    GeomVertexArrayFormat,
    GeomVertexData,
    GeomVertexFormat,
    InternalName,
    NodePath,
    TransparencyAttrib,
)

from game.render.ions.sites import IonSites, site_frames


def membrane_tubes(sites: IonSites, parent: NodePath, *, colour=(0.75, 0.8, 0.9, 0.18),
                   segments: int = 48) -> NodePath:  # fmt: skip
    """One open cylinder per site (radius R, the site's length), drawn without depth writes."""
    e1, e2 = site_frames(sites.axes)
    angle = np.linspace(0.0, 2.0 * np.pi, segments + 1)
    rows = []
    for end in (-1.0, 1.0):
        around = np.cos(angle)[None, :, None] * e1[:, None, :]
        around = around + np.sin(angle)[None, :, None] * e2[:, None, :]
        ring = around * sites.radii_um[:, None, None]
        ring = ring + sites.positions_um[:, None, :]
        ring = ring + end * (sites.half_lengths_um[:, None, None] * sites.axes[:, None, :])
        rows.append(ring)
    vertices = np.stack(rows, axis=1).reshape(-1, 3)  # site, end, angle
    n_ring = segments + 1
    data = np.zeros((len(vertices), 7), np.float32)
    data[:, 0:3] = vertices
    data[:, 3:7] = colour
    vdata = GeomVertexData("membrane", _float_colour_format(), GeomEnums.UH_static)
    vdata.unclean_set_num_rows(len(data))
    memoryview(vdata.modify_array(0)).cast("B")[:] = data.view(np.uint8).reshape(-1)
    base = (np.arange(sites.n_sites) * 2 * n_ring)[:, None] + np.arange(segments)[None, :]
    base = base.reshape(-1)
    quads = np.stack([base, base + 1, base + n_ring + 1, base, base + n_ring + 1, base + n_ring], 1)
    tris = GeomTriangles(GeomEnums.UH_static)
    tris.set_index_type(GeomEnums.NT_uint32)
    handle = tris.modify_vertices()
    indices = quads.reshape(-1).astype(np.uint32)
    handle.unclean_set_num_rows(len(indices))
    memoryview(handle).cast("B")[:] = indices.view(np.uint8)
    geom = Geom(vdata)
    geom.add_primitive(tris)
    node = GeomNode("membrane")
    node.add_geom(geom)
    path = parent.attach_new_node(node)
    path.set_transparency(TransparencyAttrib.M_alpha)
    path.set_depth_write(False)
    path.set_two_sided(True)
    path.set_light_off()
    path.set_bin("transparent", 10)
    return path


def _float_colour_format() -> GeomVertexFormat:
    """Position and RGBA as float32 (Panda3D's stock v3c4 packs colour into bytes)."""
    array = GeomVertexArrayFormat()
    array.add_column(InternalName.get_vertex(), 3, GeomEnums.NT_float32, GeomEnums.C_point)
    array.add_column(InternalName.get_color(), 4, GeomEnums.NT_float32, GeomEnums.C_color)
    return GeomVertexFormat.register_format(array)
