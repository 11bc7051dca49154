"""The sensation model says what DESIGN.md's compression table says a person feels: going
numb while only the small fibres have stopped, numb once touch (A-beta) is gone."""

from game.sim.sensation import ClassState, feel

CLASSES = ("A-alpha", "A-beta", "A-delta", "C")


def state(*blocked: str, hz: float = 0.0) -> dict[str, ClassState]:
    return {n: ClassState(conducting=n not in blocked, ectopic_hz=hz) for n in CLASSES}


def test_partial_depolarisation_with_small_fibres_blocked_feels_like_going_numb():
    # the article's order: C, then A-delta stop while touch still gets through
    assert feel(state("C"), gradient_restored=False, legs_crossed=True).sensation == "numbing"
    assert (
        feel(state("C", "A-delta"), gradient_restored=False, legs_crossed=True).sensation
        == "numbing"
    )


def test_touch_lost_is_numb_and_a_healthy_crossed_leg_feels_normal():
    assert feel(state("C", "A-beta"), gradient_restored=False, legs_crossed=True).sensation == "numb"
    assert feel(state(), gradient_restored=True, legs_crossed=True).sensation == "normal"


def test_small_fibres_still_blocked_after_release_is_not_called_going_numb():
    # C recovers last after release: the leg is waking up, not going numb
    assert feel(state("C"), gradient_restored=False, legs_crossed=False).sensation != "numbing"
