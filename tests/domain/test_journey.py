from pursuit_journey.domain.journey import levels, standing
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus

A, S, B, P = Outcome.ADVANCED, Outcome.STAYED, Outcome.WENT_BACK, Outcome.PLANNED


def test_advance_moves_forward_stay_holds_and_going_back_steps_back() -> None:
    assert levels([A, S, A, B, A]) == [1, 1, 2, 1, 2]


def test_never_goes_before_the_start() -> None:
    assert levels([B, B, A, B, B]) == [0, 0, 1, 0, 0]


def test_planned_steps_change_nothing() -> None:
    assert levels([A, P, P]) == [1, 1, 1]


def test_you_are_here_stands_after_the_last_held_step() -> None:
    assert standing([A, S, P, P]).here == 2
    assert standing([P, P]).here == 0
    assert standing([]).here == 0
    # A step held after a planned one moves the marker past both.
    assert standing([A, P, S, P]).here == 3


def test_level_counts_decisions_that_still_hold() -> None:
    assert standing([A, A, B, P]).level == 1


def test_a_won_or_lost_pursuit_ends_at_the_end_of_its_line() -> None:
    won = standing([A, A, P], PursuitStatus.WON)
    assert won.finished and won.here == 3
    assert not standing([A, P], PursuitStatus.ON_HOLD).finished
