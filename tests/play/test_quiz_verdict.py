"""The quiz's verdict line reads as one sentence: the verdict is not said twice when the
explanation already opens with it, in English or Spanish."""

from game.render.play_views.quiz_panel import said_once


def test_the_verdict_is_said_once():
    assert (
        said_once("Right!", "Right: each cycle uses one ATP.") == "Right: each cycle uses one ATP."
    )
    assert (
        said_once("¡Correcto!", "Correcto: cada ciclo usa un ATP.")
        == "Correcto: cada ciclo usa un ATP."
    )
    assert said_once("Not quite.", "Myelin insulates. Right: the pump.") == (
        "Not quite. Myelin insulates. Right: the pump."
    )
    assert said_once("Right!", "They bring oxygen.") == "Right! They bring oxygen."
