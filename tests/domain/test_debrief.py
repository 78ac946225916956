"""The debrief's date rules, without Qt or a database."""

from __future__ import annotations

from datetime import date, datetime

from pursuit_journey.domain.debrief import (
    debrief_due,
    default_held_on,
    held_on_problem,
    next_step_time,
)

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 12, 0)


def test_a_debrief_is_due_once_the_planned_time_has_passed_without_an_outcome() -> None:
    assert debrief_due(datetime(2026, 3, 2, 11, 0), held=False, now=NOW)
    assert debrief_due(datetime(2026, 2, 1, 9, 0), held=False, now=NOW)
    assert not debrief_due(datetime(2026, 3, 2, 13, 0), held=False, now=NOW)
    assert not debrief_due(datetime(2026, 2, 1, 9, 0), held=True, now=NOW)
    assert not debrief_due(None, held=False, now=NOW)


def test_held_on_defaults_to_the_planned_day_once_it_has_come_else_today() -> None:
    assert default_held_on(datetime(2026, 2, 20, 10), TODAY) == date(2026, 2, 20)
    assert default_held_on(datetime(2026, 3, 2, 18), TODAY) == TODAY
    assert default_held_on(datetime(2026, 3, 9, 10), TODAY) == TODAY
    assert default_held_on(None, TODAY) == TODAY


def test_a_held_date_in_the_future_is_a_problem() -> None:
    assert held_on_problem(date(2026, 3, 3), TODAY).startswith(
        "A meeting cannot have been held in the future"
    )
    assert held_on_problem(TODAY, TODAY) == ""
    assert held_on_problem(None, TODAY) == ""


def test_the_next_step_is_proposed_a_week_later_at_the_same_hour() -> None:
    planned = datetime(2026, 2, 20, 15, 30)
    assert next_step_time(date(2026, 2, 23), planned, TODAY) == datetime(2026, 3, 2, 15, 30)
    assert next_step_time(None, planned, TODAY) == datetime(2026, 2, 27, 15, 30)
    assert next_step_time(None, None, TODAY) == datetime(2026, 3, 9, 9, 0)
