"""Small 2D pieces the play views share: a filled box, a text line, a bar, an outline.

Everything is drawn under a parent in aspect2d-like units (x from -aspect to +aspect, y from
-1 to 1). Colours are the Okabe-Ito palette (``game.render.look``); meaning is never carried
by colour alone (every state also has a word or a mark).
"""

from panda3d.core import CardMaker, LineSegs, NodePath, TextNode, TransparencyAttrib

from game.render.look import OKABE_ITO

PANEL = (0.08, 0.1, 0.14, 0.86)
PANEL_LIGHT = (0.2, 0.25, 0.33, 0.95)
TEXT = (0.95, 0.96, 0.98, 1.0)
MUTED = (0.7, 0.74, 0.8, 1.0)
ACCENT = (*OKABE_ITO["sky blue"], 1.0)
GOOD = (*OKABE_ITO["bluish green"], 1.0)
WARN = (*OKABE_ITO["orange"], 1.0)
NERVE = (*OKABE_ITO["yellow"], 1.0)

_font = None


def font():
    """DejaVu Sans (Spanish glyphs included), loaded once; Panda's default if unavailable."""
    global _font
    if _font is None:
        from game.errors import UserFacingError
        from game.i18n import load_font

        try:
            _font = load_font()
        except UserFacingError:  # the default font still shows English
            _font = False
    return _font or None


def box(
    parent: NodePath, left: float, right: float, bottom: float, top: float, colour, name="box"
) -> NodePath:
    cm = CardMaker(name)
    cm.set_frame(left, right, bottom, top)
    node = parent.attach_new_node(cm.generate())
    node.set_color(*colour)
    if colour[3] < 1.0:
        node.set_transparency(TransparencyAttrib.M_alpha)
    return node


def outline(parent: NodePath, left, right, bottom, top, colour, thickness=2.0) -> NodePath:
    ls = LineSegs("outline")
    ls.set_color(*colour)
    ls.set_thickness(thickness)
    ls.move_to(left, 0, bottom)
    for x, z in ((right, bottom), (right, top), (left, top), (left, bottom)):
        ls.draw_to(x, 0, z)
    return parent.attach_new_node(ls.create())


def label(
    parent: NodePath, text: str, x: float, y: float, *, scale=0.06, colour=TEXT,
    align=TextNode.A_left, wrap: float | None = None, name="label",
) -> tuple[NodePath, TextNode]:  # fmt: skip
    node = TextNode(name)
    f = font()
    if f is not None:
        node.set_font(f)
    node.set_text(text)
    node.set_text_color(*colour)
    node.set_align(align)
    if wrap is not None:
        node.set_wordwrap(wrap / scale)
    path = parent.attach_new_node(node)
    path.set_scale(scale)
    path.set_pos(x, 0, y)
    return path, node
