"""The kiosk's session machine with a fake clock: attract -> start -> idle -> countdown ->
reset, input during the countdown, and narration pausing the idle timer."""

from game.kiosk.session import ACTIVE, ATTRACT, STILL_THERE, KioskSession


class FakeClock:
    def __init__(self):
        self.now_s = 1000.0

    def __call__(self):
        return self.now_s

    def advance(self, seconds, session, step_s=0.5):
        end = self.now_s + seconds
        while self.now_s < end - 1e-9:
            self.now_s = min(end, self.now_s + step_s)
            session.update()


def make(clock, **kw):
    ended = []
    started = []
    session = KioskSession(
        clock=clock,
        idle_timeout_s=90,
        countdown_s=15,
        default_language="en",
        on_start=started.append,
        on_end=lambda visitor, ended_by, dwell_s: ended.append((visitor, ended_by, dwell_s)),
        **kw,
    )
    return session, started, ended


def test_attract_start_idle_countdown_reset():
    clock = FakeClock()
    session, started, ended = make(clock)
    clock.advance(600, session)
    assert session.state == ATTRACT  # nobody there: stays in the attract loop
    session.input()
    assert session.state == ACTIVE and len(started) == 1
    clock.advance(89, session)
    assert session.state == ACTIVE
    clock.advance(1.5, session)
    assert session.state == STILL_THERE
    assert 13.0 <= session.countdown_left_s <= 15.0
    clock.advance(10, session)
    assert session.state == STILL_THERE and session.countdown_left_s < 5.0
    clock.advance(5, session)
    assert session.state == ATTRACT and session.visitor is None
    ((_, ended_by, dwell_s),) = ended
    assert ended_by == "timeout" and abs(dwell_s - 105) < 1.0


def test_input_during_countdown_returns_to_active_and_restarts_the_timer():
    clock = FakeClock()
    session, _, ended = make(clock)
    session.input()
    clock.advance(95, session)
    assert session.state == STILL_THERE
    session.input()
    assert session.state == ACTIVE and session.idle_s == 0.0
    clock.advance(80, session)
    assert session.state == ACTIVE and ended == []


def test_narration_pauses_the_idle_timer():
    clock = FakeClock()
    session, _, _ = make(clock)
    session.input()
    clock.advance(60, session)
    session.narration_running = True
    clock.advance(300, session)
    assert session.state == ACTIVE and abs(session.idle_s - 60) < 1e-6
    session.narration_running = False
    clock.advance(31, session)
    assert session.state == STILL_THERE


def test_reset_forgets_the_visitor_language_toggles_and_progress():
    clock = FakeClock()
    session, _, ended = make(clock, calm_mode_default=False)
    session.set_language("es")  # chosen on the attract screen
    session.input()
    assert session.visitor.language == "es"
    session.visitor.calm_mode = True
    session.visitor.furthest_stage = "complete failure"
    session.visitor.chapters_completed.append("nerve")
    clock.advance(200, session, step_s=1.0)
    assert session.state == ATTRACT and session.language == "en"
    session.input()
    fresh = session.visitor
    assert fresh.language == "en" and not fresh.calm_mode
    assert fresh.furthest_stage is None and fresh.chapters_completed == []
    assert ended[0][0].furthest_stage == "complete failure"


def test_a_huge_frame_step_still_shows_the_rest_of_the_countdown():
    clock = FakeClock()
    session, _, _ = make(clock)
    session.input()
    clock.advance(100, session, step_s=100)  # one 100 s hitch: 10 s into the card
    assert session.state == STILL_THERE and abs(session.countdown_left_s - 5.0) < 1e-6


def test_finishing_the_story_ends_the_session_as_finished():
    clock = FakeClock()
    session, _, ended = make(clock)
    session.input()
    clock.advance(30, session)
    session.finish()
    assert session.state == ATTRACT and ended[0][1] == "finished"
