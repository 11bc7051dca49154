"""Mouse motion for mouse look: the pointer is hidden, held in the window and re-centred each frame.

Re-centring (``move_pointer``) with a confined, hidden cursor works on every desktop
platform Panda3D supports, unlike relative mouse mode. The first reading after the pointer
is captured, or after the window regains focus, is dropped: the pointer was wherever the
visitor left it, and counting that as motion would swing the view round in one frame.
Offscreen buffers have no pointer: there, and while released, motion is always zero.
"""

from panda3d.core import GraphicsWindow, WindowProperties


class WindowPointer:
    """Relative mouse motion in pixels from ``win``; ``capture()`` / ``release()`` the cursor."""

    def __init__(self, win) -> None:
        self._win = win if isinstance(win, GraphicsWindow) else None
        self.captured = False
        self._fresh = True

    def capture(self) -> None:
        self.captured = True
        self._fresh = True
        self._request(hidden=True, mode=WindowProperties.M_confined)

    def release(self) -> None:
        if self.captured:
            self.captured = False
            self._request(hidden=False, mode=WindowProperties.M_absolute)

    def toggle(self) -> None:
        if self.captured:
            self.release()
        else:
            self.capture()

    def _request(self, *, hidden: bool, mode) -> None:
        if self._win is not None and not self._win.is_closed():
            props = WindowProperties()
            props.set_cursor_hidden(hidden)
            props.set_mouse_mode(mode)
            self._win.request_properties(props)

    def take_motion_px(self) -> tuple[float, float]:
        """Pixels moved since the last call (x right, y down), re-centring the pointer."""
        win = self._win
        if win is None or not self.captured:
            return 0.0, 0.0
        if not win.get_properties().get_foreground():
            self._fresh = True  # do not pull the pointer away from another application
            return 0.0, 0.0
        pointer = win.get_pointer(0)
        centre_x, centre_y = win.get_x_size() // 2, win.get_y_size() // 2
        if not win.move_pointer(0, centre_x, centre_y):
            return 0.0, 0.0
        if self._fresh or not pointer.get_in_window():
            self._fresh = False
            return 0.0, 0.0
        return float(pointer.get_x() - centre_x), float(pointer.get_y() - centre_y)


class NoPointer:
    """Stands in where there is no window to read (offscreen): never any motion."""

    captured = False

    def capture(self) -> None:
        pass

    def release(self) -> None:
        pass

    def toggle(self) -> None:
        pass

    def take_motion_px(self) -> tuple[float, float]:
        return 0.0, 0.0
