"""Which steps stand out of order: a pure rule, tested without Qt or a database."""

from dataclasses import dataclass
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from pursuit_journey.domain.date_order import OrderProblem, out_of_order, suggested_date
from pursuit_journey.domain.vocabulary import Outcome

PLANNED = Outcome.PLANNED.value
HELD = Outcome.ADVANCED.value


@dataclass
class Dated:
    planned_at: datetime | None
    outcome: str = PLANNED


def day(number: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, number, hour)


def test_dates_in_order_and_undated_steps_are_fine() -> None:
    steps = [Dated(day(1), HELD), Dated(None), Dated(day(8)), Dated(day(8)), Dated(None)]
    assert out_of_order(steps) == {}


def test_a_step_moved_ahead_of_its_date_is_the_one_flagged_with_a_date_that_fits() -> None:
    # D (the 22nd) dragged between A and B: only D runs backwards, not B and C after it.
    steps = [Dated(day(1)), Dated(day(22, 15)), Dated(day(8)), Dated(day(15))]
    problems = out_of_order(steps)
    assert list(problems) == [1]
    assert problems[1].problem is OrderProblem.DATE_BACKWARDS
    # The day after the previous step, at the step's own time; still before the next one.
    assert problems[1].suggested == day(2, 15)


def test_a_step_moved_to_the_front_is_flagged_and_offered_the_day_before_the_next() -> None:
    steps = [Dated(day(15, 9)), Dated(day(1)), Dated(day(8))]
    problems = out_of_order(steps)
    assert list(problems) == [0]
    assert problems[0].suggested == datetime(2026, 10, 31, 9)


def test_of_two_swapped_steps_the_earlier_on_the_line_is_flagged() -> None:
    # A step dragged back past one dated before it: the dragged one is out of order.
    problems = out_of_order([Dated(day(1)), Dated(day(15)), Dated(day(8))])
    assert list(problems) == [1]
    assert problems[1].suggested == day(2)


def test_held_dates_are_history_so_the_planned_step_is_the_one_out_of_order() -> None:
    # A planned step (the 20th) dragged before a held one (the 8th).
    steps = [Dated(day(1), HELD), Dated(day(20)), Dated(day(8), HELD)]
    problems = out_of_order(steps)
    assert list(problems) == [1]
    assert problems[1].problem is OrderProblem.DATE_BACKWARDS
    assert problems[1].suggested == day(2)


def test_a_planned_step_before_held_ones_is_out_of_order_even_with_fitting_dates() -> None:
    steps = [Dated(day(1), HELD), Dated(None), Dated(day(3)), Dated(day(8), HELD), Dated(day(9))]
    problems = out_of_order(steps)
    assert list(problems) == [1, 2]
    assert {problem.problem for problem in problems.values()} == {OrderProblem.PLANNED_BEFORE_HELD}
    assert all(problem.suggested is None for problem in problems.values())


def test_a_suggested_date_never_passes_the_next_step() -> None:
    # Previous and next on the same day: the day after would overtake the next step.
    assert suggested_date(day(9, 8), day(5, 9), day(5, 17)) == day(5, 9)
    assert suggested_date(day(9, 8), None, None) is None


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(min_value=1, max_value=28)),
            st.booleans(),
        ),
        max_size=9,
    )
)
def test_re_dating_every_flagged_step_puts_the_dates_in_order(
    rows: list[tuple[int | None, bool]],
) -> None:
    steps = [
        Dated(day(number) if number else None, HELD if held else PLANNED) for number, held in rows
    ]
    for index, problem in out_of_order(steps).items():
        if problem.problem is OrderProblem.DATE_BACKWARDS:
            assert problem.suggested is not None
            steps[index].planned_at = problem.suggested
    dates = [step.planned_at for step in steps if step.planned_at is not None]
    assert dates == sorted(dates)
    assert all(
        problem.problem is OrderProblem.PLANNED_BEFORE_HELD
        for problem in out_of_order(steps).values()
    )


def test_asked_again_about_the_same_dates_it_answers_the_same_in_a_dict_of_its_own() -> None:
    steps = [Dated(day(9)), Dated(day(3))]
    first = out_of_order(steps)
    first.clear()  # a caller's answer is its own: the next is not emptied with it
    again = out_of_order(list(steps))
    assert list(again) == [0] and again[0].problem is OrderProblem.DATE_BACKWARDS
    # Another date, or another outcome, is another question.
    assert out_of_order([steps[0], Dated(day(10))]) == {}
    assert out_of_order([Dated(day(9)), Dated(day(3), HELD)])[0].problem is (
        OrderProblem.DATE_BACKWARDS
    )
    assert list(out_of_order([Dated(day(3)), Dated(day(9), HELD)])) == [0]
    assert out_of_order(steps) == again
