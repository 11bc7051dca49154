"""What the ``pins-and-needles`` command was asked to do, parsed and validated once by ``game.cli``."""

from dataclasses import dataclass, field
from pathlib import Path

from game.comfort import ComfortSettings


@dataclass(frozen=True)
class RunOptions:
    """Options for running the experience (window or offscreen)."""

    offscreen: bool = False
    #: Stop after this many rendered frames; None runs until the window closes.
    frames: int | None = None
    #: Write the last rendered frame here as PNG.
    screenshot: Path | None = None
    #: Write every rendered frame here as numbered PNGs (frame_000000.png, ...).
    record_dir: Path | None = None
    width_px: int = 1280
    height_px: int = 720
    fullscreen: bool = False
    #: Electrical milliseconds simulated per real second: 0.2 shows one action potential
    #: jumping node to node over a few seconds (slow motion about 5000x).
    electrical_ms_per_s: float = 0.2
    #: Fixed frame step for offscreen runs (seconds of play per frame), so recordings are
    #: reproducible whatever the machine's speed; None uses the wall clock.
    fixed_frame_s: float | None = None
    #: Free flight (keys, mouse, gamepad; ``game.render.free_flight``) instead of the
    #: guided rail.
    free_flight: bool = False
    #: The view a run starts in: "world" (the nerve) or "tunnel" (inside one fibre); V
    #: switches between them.
    view: str = "world"
    #: Calm mode, field of view, look, captions, stereo (``--calm``, ``--fov``, ...).
    comfort: ComfortSettings = field(default_factory=ComfortSettings)
