"""The heads-up display: what the visitor is looking at, at what scale, and the nerve's state.

``NerveHud`` (the running experience) reads a ``NerveSnapshot`` each frame: the real time the
physiological clock stands for and its speed-up, the electrical clock and its slow-motion
factor (both always shown, so nothing on screen misleads about time), the legs and the
pressure, the stage and what the visitor would feel, an oscilloscope and gauges at the picked
node (``hud_scope``, ``hud_gauges``) and the four fibre classes (``hud_classes``).
``FlightHud`` is the two captions of the single-fibre flight. Text is regenerated only when
it changes; in the running experience the words, gauges and class panel are redrawn ten
times a second, one group a frame in turn, and the oscilloscope every frame (the budget of
the main thread is a few milliseconds a frame at 120 frames a second).
"""

from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextNode

from game.render.look import OKABE_ITO

OKABE_ITO_YELLOW = OKABE_ITO["yellow"]


def scale_caption(*, fiber_diameter_um: float, axial_compression: float) -> str:
    return (
        f"Inside a {fiber_diameter_um:g} \u00b5m myelinated nerve fibre: "
        f"internodes drawn {axial_compression:g}x shorter than life"
    )


def time_caption(t_ms: float, electrical_ms_per_s: float) -> str:
    slow = 1000.0 / electrical_ms_per_s if electrical_ms_per_s > 0 else float("inf")
    return f"electrical time {t_ms:7.3f} ms, slowed {slow:,.0f}x"


class FlightHud:
    """Two lines at the bottom of the screen under ``parent`` (aspect2d)."""

    def __init__(
        self,
        parent: NodePath,
        *,
        fiber_diameter_um: float,
        axial_compression: float,
        electrical_ms_per_s: float,
    ) -> None:
        self._rate = electrical_ms_per_s
        style = {
            "parent": parent,
            "fg": (0.86, 0.9, 0.96, 0.92),
            "shadow": (0, 0, 0, 0.8),
            "align": TextNode.A_center,
            "mayChange": True,
        }
        self.root = parent.attach_new_node("flight-hud")
        self._scale = OnscreenText(
            text=scale_caption(
                fiber_diameter_um=fiber_diameter_um, axial_compression=axial_compression
            ),
            pos=(0.0, -0.86),
            scale=0.045,
            **style,
        )
        self._time = OnscreenText(text="", pos=(0.0, -0.93), scale=0.04, **style)
        self._scale.reparent_to(self.root)
        self._time.reparent_to(self.root)
        self._time_text = ""

    def show(self, snapshot) -> None:
        """The flight's per-frame call with a ``FiberSnapshot``."""
        self.show_time(snapshot.t_ms)

    def show_time(self, t_ms: float) -> None:
        text = time_caption(t_ms, self._rate)
        if text != self._time_text:
            self._time_text = text
            self._time.setText(text)

    def destroy(self) -> None:
        self._scale.destroy()
        self._time.destroy()
        self.root.remove_node()


def real_time_caption(physiological_s: float, speedup: float) -> str:
    """'12:30 of real time, 12x faster than life': the physiological clock, always shown."""
    whole = int(physiological_s)
    hours, rest = divmod(whole, 3600)
    clock = (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    )
    if speedup <= 0:
        pace = "stopped"
    elif speedup >= 1:
        pace = f"{speedup:,.0f}x faster than life"
    else:
        pace = f"{1 / speedup:,.0f}x slower than life"
    return f"{clock} of real time, {pace}"


def electrical_caption(electrical_ms: float, electrical_ms_per_s: float) -> str:
    """The electrical clock and its slow-motion factor."""
    if electrical_ms_per_s <= 0:
        return f"signals: {electrical_ms:.3f} ms, stopped"
    slow = 1000.0 / electrical_ms_per_s
    if slow >= 1.5:
        pace = f"slowed {slow:,.0f}x"
    elif slow > 0.67:
        pace = "real time"
    else:
        pace = f"{1 / slow:,.0f}x faster than life"
    return f"signals: {electrical_ms:.3f} ms, {pace}"


def legs_caption(snapshot) -> str:
    flow = f"blood flow {100 * snapshot.perfusion:.0f}%"
    if snapshot.legs_crossed:
        return f"Legs crossed: {snapshot.pressure_mmHg:.0f} mmHg on the nerve, {flow}"
    return f"Legs uncrossed, {flow}"


def stage_caption(stage: str, injury=None) -> str:
    """The stage line; once the sim reports a lasting injury (``NerveSnapshot.injury``), the
    injury instead: a palsy has no stage of its own, and the sim's stage stays at "nerve
    dark, silent" for good, which would say the nerve is only waking up."""
    from game.play.palsy import injury_text

    injured = injury_text(injury)
    if injured is not None:
        return injured.en
    return "Stage: healthy nerve" if stage == "healthy" else f"Stage: {stage}"


def sensation_caption(sensation: str) -> str:
    """The sensation model's name ("pins_and_needles") in words."""
    return f"What you would feel: {sensation.replace('_', ' ')}"


KEYS_HINT = (
    "hold C cross legs   G gentle movement   H shake   Space stimulate   P pause   "
    "[ ] body clock   , . signal clock   Tab next node"
)
INJURY_WARNING = "Careful: the leg is numb and has no position sense - shaking it risks injury"
FOOT_DROP_WARNING = (
    "Nerve damaged: hours of pressure crushed the myelin - foot drop, weeks to recover"
)


def warning_caption(snapshot) -> str:
    """The HUD's warning line: lasting damage (the sim's compression injury) first, then the
    risk of shaking a numb leg."""
    injury = getattr(snapshot, "injury", None)
    if injury is not None and getattr(injury, "foot_drop", False):
        return FOOT_DROP_WARNING
    return INJURY_WARNING if snapshot.injury_risk else ""


#: How often the HUD's words, gauges and class panel are redrawn in the running experience
#: (each group in turn; the oscilloscope takes a sample every frame).
REFRESH_HZ = 10.0

#: Dark, translucent backing behind each group of the HUD, so text reads over a bright wall.
BACKING_COLOUR = (0.0, 0.015, 0.05, 0.62)


def _backing(parent: NodePath, left: float, right: float, bottom: float, top: float):
    from direct.gui.DirectGui import DirectFrame
    from panda3d.core import TransparencyAttrib

    frame = DirectFrame(
        parent=parent, frameColor=BACKING_COLOUR, frameSize=(left, right, bottom, top)
    )
    frame.set_transparency(TransparencyAttrib.M_alpha)
    frame.set_bin("fixed", -1)
    return frame


class _Line:
    """One line of text under an anchor, regenerated only when its text changes."""

    def __init__(self, parent: NodePath, pos, scale: float, align=TextNode.A_left, fg=None):
        self.text = ""
        self.node = OnscreenText(
            text="", parent=parent, pos=pos, scale=scale, align=align, mayChange=True,
            fg=fg or (0.86, 0.9, 0.96, 0.95), shadow=(0, 0, 0, 0.85),
        )  # fmt: skip

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.node.setText(text)

    def destroy(self) -> None:
        self.node.destroy()


class NerveHud:
    """Everything on screen about the nerve, read from a ``NerveSnapshot`` each frame.

    ``anchors`` is anything with ShowBase's ``a2dTopLeft``/``a2dTopRight``/``a2dBottomLeft``/
    ``a2dBottomRight``/``a2dTopCenter``/``a2dBottomCenter`` nodes (ShowBase itself), so the
    layout follows the window's aspect ratio. The oscilloscope and the gauges read the
    ``picked`` site of the ``shown_class`` (the fibre the tunnel shows); ``pick_next`` moves it
    and tells ``on_pick`` (the scene, which outlines that node).
    """

    def __init__(
        self,
        anchors,
        *,
        shown_class: str,
        n_sites: int,
        fiber_diameter_um: float,
        axial_compression: float,
        picked: int | None = None,
        show_keys: bool = True,
        on_pick=None,
    ) -> None:
        from game.render.hud_classes import ClassPanel
        from game.render.hud_gauges import Gauges
        from game.render.hud_scope import Oscilloscope

        self.shown_class = shown_class
        self.n_sites = n_sites
        self.picked = n_sites // 2 if picked is None else picked
        #: called with the picked site whenever it changes (the scene outlines that node)
        self._on_pick = on_pick
        if on_pick is not None:
            on_pick(self.picked)
        self.root = anchors.aspect2d.attach_new_node("nerve-hud")
        self._anchors = [
            anchors.a2dTopLeft.attach_new_node("hud-top-left"),
            anchors.a2dTopRight.attach_new_node("hud-top-right"),
            anchors.a2dBottomLeft.attach_new_node("hud-bottom-left"),
            anchors.a2dBottomRight.attach_new_node("hud-bottom-right"),
            anchors.a2dTopCenter.attach_new_node("hud-top-centre"),
            anchors.a2dBottomCenter.attach_new_node("hud-bottom-centre"),
        ]
        top_left, top_right, bottom_left, bottom_right, top, bottom = self._anchors
        self._backings = [
            _backing(top_left, 0.03, 1.08, -0.36, -0.03),
            _backing(top, -0.66, 0.66, -0.34, -0.03),
            _backing(top_right, -0.98, -0.03, -0.44, -0.03),
            _backing(bottom_right, -0.75, -0.03, 0.09, 0.56),
            _backing(bottom, -1.02, 1.02, 0.0, 0.14),
        ]
        self.real_time = _Line(top_left, (0.06, -0.1), 0.055)
        self.signals = _Line(top_left, (0.06, -0.17), 0.042)
        self.paused = _Line(top_left, (0.06, -0.32), 0.05, fg=(*OKABE_ITO_YELLOW, 1.0))
        self.legs = _Line(top, (0.0, -0.1), 0.05, align=TextNode.A_center)
        self.stage = _Line(top, (0.0, -0.17), 0.042, align=TextNode.A_center)
        self.sensation = _Line(top, (0.0, -0.24), 0.05, align=TextNode.A_center)
        self.warning = _Line(top, (0.0, -0.31), 0.042, align=TextNode.A_center,
                             fg=(*OKABE_ITO_YELLOW, 1.0))  # fmt: skip
        self.movement = _Line(top_left, (0.06, -0.24), 0.042)
        self.classes = ClassPanel(top_right, x=-0.95, z=-0.1)
        self.scope = Oscilloscope(bottom_left, x=0.22, z=0.2)
        self.gauges = Gauges(bottom_right, x=-0.72, z=0.52)
        self.scale_line = _Line(
            bottom, (0.0, 0.1), 0.036, align=TextNode.A_center,
        )  # fmt: skip
        self.scale_line.set(
            scale_caption(fiber_diameter_um=fiber_diameter_um, axial_compression=axial_compression)
            + f" ({shown_class})"
        )
        self.keys = _Line(bottom, (0.0, 0.04), 0.032, align=TextNode.A_center,
                          fg=(0.62, 0.68, 0.78, 0.9))  # fmt: skip
        if show_keys:
            self.keys.set(KEYS_HINT)
        #: Play time each group (words, picked node, classes) is next redrawn at.
        self._due_s = [0.0, 0.0, 0.0]
        self._next_group = 0
        self._shown_site: int | None = None
        self._lines = [
            self.real_time, self.signals, self.paused, self.movement, self.legs, self.stage, self.sensation,
            self.warning, self.scale_line, self.keys,
        ]  # fmt: skip

    def show_movement(self, gentle: bool) -> None:
        """Say that the visitor is moving the leg gently (the snapshot does not carry it)."""
        self.movement.set("Moving the leg gently" if gentle else "")

    def pick_next(self) -> int:
        """Move the oscilloscope and gauges to the next site (wrapping); returns it."""
        self.picked = (self.picked + 1) % self.n_sites
        self.scope.clear()
        if self._on_pick is not None:
            self._on_pick(self.picked)
        return self.picked

    def show(self, snapshot, *, now_s: float | None = None) -> None:
        """Show ``snapshot``. With ``now_s`` (seconds of play, the running experience), the
        oscilloscope takes every frame's sample but the words, gauges and class panel are
        redrawn at ``REFRESH_HZ``, one group a frame in turn (text and a class's state
        change slower than a reader follows, and regenerating them is most of the HUD's
        cost); without it (tests, single frames) everything is redrawn now."""
        c = snapshot.by_name(self.shown_class)
        site = min(self.picked, c.n_sites - 1)
        if not snapshot.paused:  # a paused nerve freezes the trace
            self.scope.push(float(c.v_mV[site]))
        if now_s is None:
            for group in range(len(self._due_s)):
                self._show_group(group, snapshot, c, site)
            return
        # The group whose turn it is, if its time has come (or the picked node changed).
        group = self._next_group
        if now_s >= self._due_s[group] or self._shown_site != site:
            self._show_group(group, snapshot, c, site)
            self._due_s[group] = now_s + 1.0 / REFRESH_HZ
            self._next_group = (group + 1) % len(self._due_s)

    def _show_group(self, group: int, snapshot, c, site: int) -> None:
        if group == 0:
            self.real_time.set(
                real_time_caption(snapshot.physiological_s, snapshot.physiological_speedup)
            )
            self.signals.set(
                electrical_caption(snapshot.electrical_ms, snapshot.electrical_ms_per_s)
            )
            self.paused.set("PAUSED (P to go on)" if snapshot.paused else "")
            self.legs.set(legs_caption(snapshot))
            self.stage.set(stage_caption(snapshot.stage, getattr(snapshot, "injury", None)))
            self.sensation.set(sensation_caption(snapshot.sensation))
            self.warning.set(warning_caption(snapshot))
        elif group == 1:
            where = (
                "in the pressed segment"
                if c.pressure_weight[site] >= 0.5
                else "outside the pressure"
            )
            noun = "node" if c.myelinated else "site"
            self.scope.set_title(f"{self.shown_class} {noun} {site + 1} of {c.n_sites} ({where})")
            from game.render.hud_gauges import gauge_values

            self.gauges.show(gauge_values(c, site))
            self._shown_site = site
        else:
            self.classes.show(snapshot)

    def destroy(self) -> None:
        for line in self._lines:
            line.destroy()
        self.classes.destroy()
        self.scope.destroy()
        self.gauges.destroy()
        for frame in self._backings:
            frame.destroy()
        for anchor in self._anchors:
            anchor.remove_node()
        self.root.remove_node()
