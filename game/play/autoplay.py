"""A scripted visitor: plays a chapter to the end against a headless nerve.

Used by the smoke test over every lesson file and usable as a lesson's attract demo. It
does what the chapter's instruction asks (stimulate, cross and uncross the legs, predict,
choose a modifier), lets the simulation judge, and answers the quiz (right, unless other
choices are given).
"""

from game.play.chapter_run import CHALLENGE, OBJECTIVE, QUIZ, ChapterRun
from game.play.lessons import Chapter
from game.play.nerve_view import HeadlessNerve
from game.play.palsy import needs_a_night_on_it, sleep_on_it
from game.play.play_data import COMPRESSION_STAGES
from game.play.progress import Progress
from game.sim.commands import SetClockRates

TICK_S = 0.5
MAX_TICKS = 400
#: Physiological seconds per second of play while a scripted recovery is watched: the
#: recovery phases are seconds long (DESIGN.md: levels say which scale applies when).
RECOVERY_SPEEDUP = 4.0


def play_chapter(
    chapter: Chapter,
    *,
    progress: Progress | None = None,
    quiz_choices: list[int] | None = None,
    speed_factor: float = 2.0,
) -> tuple[ChapterRun, HeadlessNerve]:
    nerve = HeadlessNerve(
        profile=chapter.profile, speed_factor=speed_factor, min_electrical_ms_per_s=2.0
    )
    run = ChapterRun(chapter, nerve.send, progress=progress)
    if run.state == OBJECTIVE:
        run.start_challenge()
    if run.state == CHALLENGE:
        _play_challenge(run, nerve)
    if run.state == CHALLENGE:
        run.skip_challenge()
    while run.state == QUIZ:
        q = run.quiz.current
        pick = quiz_choices[run.quiz.index] if quiz_choices is not None else q.answer
        run.answer(pick)
    return run, nerve


def _play_challenge(run: ChapterRun, nerve: HeadlessNerve) -> None:
    c = run.chapter.challenge
    p = c.params
    if c.kind == "first_to_block":
        run.predict_first_block(p["expect_first"])
        return
    if c.kind == "falls_asleep_sooner":
        run.choose_modifier(p["modifier"])
        return
    if needs_a_night_on_it(c):
        sleep_on_it(run, nerve)
        return
    reading = nerve.reading
    if c.kind == "stimulus_arrives":
        run.stimulate(p["class_name"])
    else:
        run.legs.hold()  # every other kind starts with crossed legs
    released = False
    for _ in range(MAX_TICKS):
        run.update(TICK_S, reading)
        if run.state != CHALLENGE:
            return
        if c.kind == "stimulus_arrives":
            run.stimulate(p["class_name"])
        wants_release = c.kind == "restore_within" or (
            c.kind == "reach_stage" and p["stage"] not in ("healthy", *COMPRESSION_STAGES)
        )
        if wants_release and not released and reading.stage == "complete failure":
            run.legs.let_go()
            run.legs.set_gentle_movement(True)
            nerve.send(SetClockRates(physiological_speedup=RECOVERY_SPEEDUP))
            released = True
        reading = nerve.step(TICK_S)
