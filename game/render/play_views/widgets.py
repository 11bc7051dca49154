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


def screen_extent(parent: NodePath) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of the window in ``parent``'s units.

    Under aspect2d that is (-aspect, aspect, -1, 1) for a landscape window and (-1, 1,
    -1/aspect, 1/aspect) for a portrait one (ShowBase scales aspect2d so); read from the
    node's transform to render2d (which spans the window as -1..1), so a view laid out from
    it fits whatever the window's shape, with no ``base`` needed.
    """
    from panda3d.core import Point3

    top = parent.get_top()
    low = parent.get_relative_point(top, Point3(-1.0, 0.0, -1.0))
    high = parent.get_relative_point(top, Point3(1.0, 0.0, 1.0))
    return low.x, high.x, low.z, high.z


def text_height(text: TextNode, scale: float) -> float:
    """Height of a label's text (all its rows), in its parent's units."""
    return (text.get_top() - text.get_bottom()) * scale


def text_width(text: TextNode, scale: float) -> float:
    """Width of a label's widest row, in its parent's units."""
    return (text.get_right() - text.get_left()) * scale


def label_below(
    parent: NodePath, text: str, x: float, top: float, *, scale=0.06, colour=TEXT,
    align=TextNode.A_left, wrap: float | None = None, name="label",
) -> tuple[NodePath, TextNode, float]:  # fmt: skip
    """A label whose first row's top sits at ``top`` (not its baseline): for stacking
    wrapped text of unknown length. Returns the path, the TextNode and its bottom edge."""
    path, node = label(parent, text, x, top, scale=scale, colour=colour, align=align, wrap=wrap,
                       name=name)  # fmt: skip
    if not text.strip():
        return path, node, top
    path.set_z(top - node.get_top() * scale)
    return path, node, top - text_height(node, scale)
