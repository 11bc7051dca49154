"""The kiosk shell: the session machine, lock-down, cards and usage counts around an Experience.

Each frame (``step``) it reads the clock, runs the session machine (attract, active, "Still
there?"), advances the experience, copies the visitor's progress, closes abandoned operator
screens, checks the nightly restart, rebuilds the cards when what should be shown changed,
and sends the systemd heartbeat. Every touch, click, key and gamepad button reaches
``press`` through one button-down event; the hidden operator gesture and the PIN pad are
handled there before a press counts as visitor input.
"""

import datetime as dt
import logging
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from panda3d.core import InputDevice

from game.i18n import Strings
from game.kiosk.config import SCIENCE_PROFILES, STORY_CHAPTERS, KioskConfig
from game.kiosk.config_store import SettingsNotSaved, save_settings
from game.kiosk.experience import Experience
from game.kiosk.lockdown import OPERATOR, PIN_ENTRY, VISITOR, LockDown, OperatorAccess, in_corner
from game.kiosk.overlays import AttractCard, LanguageBar, OperatorPanel, PinPad, StillThereCard
from game.kiosk.session import ACTIVE, ATTRACT, STILL_THERE, KioskSession, Visitor
from game.kiosk.supervision import SystemdNotifier
from game.kiosk.usage_stats import UsageStats

#: Thrown by every button thrower (keyboard, mouse, touch, gamepads) with the button's name.
INPUT_EVENT = "kiosk-button-down"
#: Exit status of the nightly restart: non-zero, so systemd's Restart=on-failure restarts it
#: (75 is EX_TEMPFAIL, "try again").
EXIT_NIGHTLY_RESTART = 75
#: How often the wall clock is consulted for opening hours and the nightly restart.
WALL_CLOCK_EVERY_S = 30.0
#: How long a visitor waiting for the story's scene to load is not counted as idle.
LOADING_GRACE_S = 60.0
_PIN_KEYS = {"enter": "OK", "backspace": "<"}
#: The idle timeouts and countdowns the panel's - / + buttons step through (the config file
#: takes any value in range; a value between steps moves to the neighbouring step).
IDLE_STEPS_S = (15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 240.0, 300.0, 600.0)
COUNTDOWN_STEPS_S = (5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0)


def _next_step(steps: tuple[float, ...], current: float, direction: int) -> float:
    if direction > 0:
        return next((s for s in steps if s > current), max(steps[-1], current))
    return next((s for s in reversed(steps) if s < current), min(steps[0], current))


class FixedStepClock:
    """A clock that advances only when told (offscreen recordings, tests, the soak)."""

    def __init__(self, step_s: float = 1.0 / 30.0, start_s: float = 0.0) -> None:
        self.step_s = step_s
        self.now_s = start_s

    def __call__(self) -> float:
        return self.now_s

    def tick(self) -> None:
        self.now_s += self.step_s


class KioskShell:
    def __init__(
        self,
        base,
        *,
        config: KioskConfig,
        strings: Strings,
        font,
        experience: Experience,
        stats: UsageStats,
        clock: Callable[[], float],
        notifier: SystemdNotifier | None = None,
        wall_clock: Callable[[], dt.datetime] = dt.datetime.now,
        logger: logging.Logger | None = None,
        config_path: Path | None = None,
    ) -> None:
        self.base = base
        #: Where the operator panel's changes are written (None: not written; tests).
        self.config_path = config_path
        #: "saved" / "not_saved" after the panel's last change (shown on the panel), or None.
        self.save_state: str | None = None
        self.config = config
        self.strings = strings
        self.font = font
        self.experience = experience
        self.stats = stats
        self._clock = clock
        self._notifier = notifier
        self._wall_clock = wall_clock
        self._log = logger or logging.getLogger("pins-and-needles.kiosk")
        self.exit_code: int | None = None
        self.volume = config.volume
        self._muted_for_hours = False
        self._stats_id: int | None = None
        self._started_wall = wall_clock()
        self._next_wall_check_s = clock()
        self._last_s = clock()
        self._loading_since_s: float | None = None
        self.session = KioskSession(
            clock=clock,
            idle_timeout_s=config.idle_timeout_s,
            countdown_s=config.countdown_s,
            default_language=config.default_language,
            calm_mode_default=config.calm_mode,
            on_start=self._session_started,
            on_end=self._session_ended,
        )
        self.access = OperatorAccess(config.operator_pin, clock=clock)
        self.lockdown = LockDown(base, self.access, on_quit=lambda: self._quit(0))
        self._cards: dict[str, object] = {}
        self._shown_key: tuple | None = None
        self._panel_revision = 0
        self._pads: list = []
        self._wire_input()
        self.experience.start_attract()
        self._sync()

    # -- input -------------------------------------------------------------------------------
    def _wire_input(self) -> None:
        for thrower in self.base.buttonThrowers or ():
            thrower.node().set_button_down_event(INPUT_EVENT)
        self.base.accept(INPUT_EVENT, self._on_button)
        self.base.accept("connect-device", self._on_connect)
        self.base.accept("disconnect-device", self._on_disconnect)
        for device in self.base.devices.get_devices(InputDevice.DeviceClass.gamepad):
            self._on_connect(device)

    def _on_connect(self, device) -> None:
        if device.device_class != InputDevice.DeviceClass.gamepad or device in self._pads:
            return
        self.base.attach_input_device(device)
        self._pads.append(device)
        for thrower in self.base.deviceButtonThrowers:
            thrower.node().set_button_down_event(INPUT_EVENT)

    def _on_disconnect(self, device) -> None:
        if device in self._pads:
            self._pads.remove(device)
            self.base.detach_input_device(device)

    def _on_button(self, name: str) -> None:
        pointer = None
        if name.startswith("mouse") and self.base.mouseWatcherNode is not None:
            watcher = self.base.mouseWatcherNode
            if watcher.has_mouse():
                # Normalised -1..1 (y up) -> 0..1 from the top-left.
                pointer = ((watcher.get_mouse_x() + 1) / 2, (1 - watcher.get_mouse_y()) / 2)
        self.press(name, pointer)

    def press(self, name: str, pointer: tuple[float, float] | None = None) -> None:
        """One touch, click, key or gamepad button (``pointer``: 0..1 from the top-left)."""
        if self.exit_code is not None:
            return
        hidden = name == "f12" or (pointer is not None and in_corner(*pointer))
        if hidden and self.access.gesture_hit():
            self._log.info("operator gesture: PIN pad opened")
            self._sync()
            return
        if self.access.mode == PIN_ENTRY:
            self.access.activity()
            pad = self._cards.get("pin")
            key = _PIN_KEYS.get(name, name)
            if pad is not None and (key.isdigit() and len(key) == 1 or key in ("OK", "<")):
                pad.press(key)
            return
        if self.access.mode == OPERATOR:
            self.access.activity()
            return
        self.session.input()
        self._sync()

    # -- operator ------------------------------------------------------------------------------
    def enter_pin(self, text: str) -> bool:
        accepted = self.access.enter_pin(text)
        self._log.info("operator PIN %s", "accepted" if accepted else "refused")
        if not accepted and "pin" in self._cards:
            language = self.session.language
            if self.access.locked_for_s > 0:
                message = self.strings.text(
                    language, "operator.pin_locked", seconds=math.ceil(self.access.locked_for_s)
                )
            else:
                message = self.strings.text(language, "operator.pin_wrong")
            self._cards["pin"].show_message(message)
        self._sync()
        return accepted

    def close_operator(self) -> None:
        self.access.close()
        self._sync()

    def operator_quit(self) -> bool:
        return self.lockdown.quit_from_panel()

    def change_volume(self, delta: float) -> None:
        self.access.activity()
        self.volume = round(min(1.0, max(0.0, self.volume + delta)), 2)
        self._apply_volume()
        self._panel_changed(volume=self.volume)

    def cycle_default_language(self) -> None:
        self.access.activity()
        languages = self.config.languages
        current = self.session.default_language
        following = languages[(languages.index(current) + 1) % len(languages)]
        self.session.default_language = following
        if self.session.state == ATTRACT:
            self.session.attract_language = following
        self._panel_changed(default_language=following)

    def toggle_calm_default(self) -> None:
        self.access.activity()
        self.session.calm_mode_default = not self.session.calm_mode_default
        self._panel_changed(calm_mode=self.session.calm_mode_default)

    def change_idle_timeout(self, direction: int) -> None:
        """The next longer (``direction`` > 0) or shorter idle timeout of ``IDLE_STEPS_S``."""
        self.access.activity()
        value = _next_step(IDLE_STEPS_S, self.session.idle_timeout_s, direction)
        self.session.idle_timeout_s = value
        self._panel_changed(idle_timeout_s=value)

    def change_countdown(self, direction: int) -> None:
        self.access.activity()
        value = _next_step(COUNTDOWN_STEPS_S, self.session.countdown_s, direction)
        self.session.countdown_s = value
        self._panel_changed(countdown_s=value)

    def cycle_science_profile(self) -> None:
        self.access.activity()
        profiles = SCIENCE_PROFILES
        current = self.config.science_profile
        following = profiles[(profiles.index(current) + 1) % len(profiles)]
        self._panel_changed(science_profile=following)

    def toggle_chapter(self, chapter: str) -> None:
        """Enable or disable one story chapter (the last enabled one stays on)."""
        self.access.activity()
        enabled = self.config.chapters
        if chapter in enabled:
            if len(enabled) == 1:
                return
            chosen = tuple(c for c in enabled if c != chapter)
        else:
            chosen = tuple(c for c in STORY_CHAPTERS if c in enabled or c == chapter)
        self._panel_changed(chapters=chosen)

    def _panel_changed(self, **changes) -> None:
        """A setting changed in the panel: keep it in ``config``, hand it to the story, and
        write it to the config file so that it outlasts a restart."""
        self._panel_revision += 1
        self.config = replace(self.config, **changes)
        self._log.info(
            "operator settings: %s",
            ", ".join(f"{key} {value!r}" for key, value in changes.items()),
        )
        apply = getattr(self.experience, "apply_config", None)
        if apply is not None:
            apply(self.config)  # the story uses it from its next run on
        elif {"science_profile", "chapters"} & changes.keys():
            self._log.info("the story takes %s at the next start", ", ".join(changes))
        self._save(changes)
        self._sync()

    def _save(self, changes: dict) -> None:
        if self.config_path is None:
            self.save_state = None
            return
        try:
            written = save_settings(self.config_path, changes)
        except SettingsNotSaved as exc:
            self.save_state = "not_saved"
            self._log.warning("operator settings: %s; it applies until the next restart", exc)
            return
        self.save_state = "saved"
        self._log.info("operator settings saved in %s", written)

    def _apply_volume(self) -> None:
        volume = 0.0 if self._muted_for_hours else self.volume
        for manager in getattr(self.base, "sfxManagerList", None) or ():
            manager.set_volume(volume)
        if getattr(self.base, "musicManager", None) is not None:
            self.base.musicManager.set_volume(volume)

    # -- language ------------------------------------------------------------------------------
    def choose_language(self, language: str) -> None:
        self.session.set_language(language)
        if self.session.visitor is not None:
            self.experience.set_language(language)
        self._sync()

    # -- sessions ------------------------------------------------------------------------------
    def _session_started(self, visitor: Visitor) -> None:
        self.experience.start_session(visitor.language)
        self.experience.set_calm_mode(visitor.calm_mode)
        self._stats_id = self.stats.session_started(visitor.language)
        self._log.info("session %d started (%s)", self._stats_id, visitor.language)

    def _session_ended(self, visitor: Visitor, ended_by: str, dwell_s: float) -> None:
        if self._stats_id is not None:
            self.stats.session_ended(
                self._stats_id,
                dwell_s=dwell_s,
                ended_by=ended_by,
                furthest_stage=visitor.furthest_stage,
                chapters_completed=visitor.chapters_completed,
                language=visitor.language,
            )
            self._log.info("session %d ended by %s after %.0f s", self._stats_id, ended_by, dwell_s)
            self._stats_id = None
        self.experience.start_attract()

    # -- the frame -----------------------------------------------------------------------------
    def step(self) -> None:
        """One frame's logic (the caller renders the frame afterwards)."""
        now = self._clock()
        dt_s, self._last_s = max(0.0, now - self._last_s), now
        self.session.narration_running = (
            self.experience.narration_running or self._waiting_for_scene(now)
        )
        self.session.update()
        self.experience.update(dt_s)
        visitor = self.session.visitor
        if visitor is not None:
            progress = self.experience.progress()
            visitor.furthest_stage = progress.furthest_stage
            visitor.chapters_completed = list(progress.chapters_completed)
            if progress.finished:
                self.session.finish()
        self.access.update()
        if now >= self._next_wall_check_s:
            self._next_wall_check_s = now + WALL_CLOCK_EVERY_S
            self._check_wall_clock()
        self._sync()
        if self._notifier is not None:
            self._notifier.heartbeat()

    def _experience_loading(self) -> bool:
        """True while the experience builds its scene (shows a loading screen)."""
        loading = getattr(self.experience, "loading", None)
        if loading is None:  # StoryExperience: a run whose scene has no story yet
            loading = getattr(self.experience, "scene", None) is not None and (
                getattr(self.experience, "mode", True) is None
            )
        return bool(loading)

    def _waiting_for_scene(self, now: float) -> bool:
        """True while a visitor waits for the story's scene to be built (the nerve takes a few
        seconds, far more on a starved CPU): they are not idle, so no "Still there?" over a
        loading screen. After ``LOADING_GRACE_S`` the wait counts as idle again, so a scene
        that never comes cannot hold a session open for ever."""
        if not self._experience_loading() or self.session.visitor is None:
            self._loading_since_s = None
            return False
        if self._loading_since_s is None:
            self._loading_since_s = now
        return now - self._loading_since_s < LOADING_GRACE_S

    def _check_wall_clock(self) -> None:
        now = self._wall_clock()
        muted = not self.config.is_open(now.time())
        if muted != self._muted_for_hours:
            self._muted_for_hours = muted
            self._apply_volume()
        idle = self.session.state == ATTRACT and self.access.mode == VISITOR
        if idle and self.config.restart_due(self._started_wall, now):
            self._log.info("nightly restart (exit status %d)", EXIT_NIGHTLY_RESTART)
            self._quit(EXIT_NIGHTLY_RESTART)

    def run(self, *, frames: int | None = None, on_frame: Callable[[], None] | None = None) -> int:
        """Step and render until quit (or ``frames`` frames); returns the exit status."""
        count = 0
        while self.exit_code is None:
            self.step()
            self.base.task_mgr.step()
            count += 1
            if on_frame is not None:
                on_frame()
            if frames is not None and count >= frames:
                break
        return self.exit_code or 0

    def _quit(self, code: int) -> None:
        self._log.info("quitting with status %d", code)
        self.exit_code = code

    # -- cards -----------------------------------------------------------------------------------
    def _sync(self) -> None:
        state, mode, language = self.session.state, self.access.mode, self.session.language
        # the attract card hides the loading screen (nobody needs its progress bar)
        loading = state == ATTRACT and self._experience_loading()
        key = (state, mode, language, self._panel_revision if mode == OPERATOR else 0, loading)
        if key != self._shown_key:
            self._shown_key = key
            self._destroy_cards()
            self._build_cards(state, mode, language, loading)
        still = self._cards.get("still")
        if still is not None:
            still.show_seconds(max(0, math.ceil(self.session.countdown_left_s)))

    def _build_cards(self, state: str, mode: str, language: str, loading: bool = False) -> None:
        a2d, strings, font = self.base.aspect2d, self.strings, self.font
        languages = self.config.languages
        if mode == PIN_ENTRY:
            self._cards["pin"] = PinPad(
                a2d,
                strings,
                font,
                language=language,
                on_submit=self.enter_pin,
                on_cancel=self.close_operator,
            )
        elif mode == OPERATOR:
            self._cards["panel"] = OperatorPanel(
                a2d,
                strings,
                font,
                language=language,
                counters=self.stats.counters(),
                refused_quits=self.lockdown.refused,
                volume=self.volume,
                default_language=self.session.default_language,
                calm_default=self.session.calm_mode_default,
                idle_timeout_s=self.session.idle_timeout_s,
                countdown_s=self.session.countdown_s,
                science_profile=self.config.science_profile,
                chapters=self.config.chapters,
                save_state=self.save_state,
                on_volume=self.change_volume,
                on_language=self.cycle_default_language,
                on_calm=self.toggle_calm_default,
                on_idle_timeout=self.change_idle_timeout,
                on_countdown=self.change_countdown,
                on_profile=self.cycle_science_profile,
                on_chapter=self.toggle_chapter,
                on_close=self.close_operator,
                on_quit=self.operator_quit,
            )
        elif state == ATTRACT:
            self._cards["attract"] = AttractCard(
                a2d,
                strings,
                font,
                languages=languages,
                selected=language,
                on_language=self.choose_language,
                opaque=loading,
            )
        elif state == STILL_THERE:
            self._cards["still"] = StillThereCard(a2d, strings, font, language=language)
        elif state == ACTIVE and len(languages) > 1:
            self._cards["languages"] = LanguageBar(
                self.base.a2dBottomRight,
                strings,
                font,
                languages=languages,
                on_language=self.choose_language,
            )

    def _destroy_cards(self) -> None:
        for card in self._cards.values():
            card.destroy()
        self._cards = {}

    def cleanup(self) -> None:
        """Remove every card and the experience; put ShowBase's exits and events back."""
        if self._stats_id is not None and self.session.visitor is not None:
            self.stats.session_ended(
                self._stats_id,
                dwell_s=self._clock() - self.session.visitor.started_s,
                ended_by="interrupted",
                furthest_stage=self.session.visitor.furthest_stage,
                chapters_completed=self.session.visitor.chapters_completed,
            )
            self._stats_id = None
        self._destroy_cards()
        self.experience.cleanup()
        self.lockdown.uninstall()
        for event in (INPUT_EVENT, "connect-device", "disconnect-device"):
            self.base.ignore(event)
        for device in list(self._pads):
            self._on_disconnect(device)
