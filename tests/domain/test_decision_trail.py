"""The decision trail and its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from pursuit_journey.domain.decision_trail import TrailKind, decision_trail
from pursuit_journey.domain.journey import levels
from pursuit_journey.domain.vocabulary import Outcome

TODAY = date(2026, 3, 2)
START = date(2026, 1, 1)


@dataclass(frozen=True)
class FakeStep:
    id: int
    outcome: str
    held_on: date | None
    decision_made: str = ""
    title: str = ""
    kind: str = "meeting"


def on(day: int) -> date:
    return START + timedelta(days=day)


def went_back_twice() -> list[FakeStep]:
    return [
        FakeStep(1, Outcome.ADVANCED, on(10), "Shares route data", "Discovery"),
        FakeStep(2, Outcome.STAYED, on(15), "", "Lunch"),
        FakeStep(3, Outcome.ADVANCED, on(20), "Technical review", "Workshop"),
        FakeStep(4, Outcome.WENT_BACK, on(25), "IT reopened the scope", "Scope call"),
        FakeStep(5, Outcome.ADVANCED, on(30), "One-depot pilot agreed", "Pilot scoping"),
        FakeStep(6, Outcome.WENT_BACK, on(40), "Finance reopened the budget", ""),
        FakeStep(7, Outcome.ADVANCED, on(50), "CFO approves the budget", "Budget"),
        FakeStep(8, Outcome.PLANNED, None, "", "Contract review"),
    ]


def test_trail_of_a_pursuit_that_went_back_twice() -> None:
    trail = decision_trail(went_back_twice(), started_on=START, today=TODAY)
    assert [(event.kind, event.step_id, event.on) for event in trail.events] == [
        (TrailKind.DECISION, 1, on(10)),
        (TrailKind.DECISION, 3, on(20)),
        (TrailKind.WENT_BACK, 4, on(25)),
        (TrailKind.DECISION, 5, on(30)),
        (TrailKind.WENT_BACK, 6, on(40)),
        (TrailKind.DECISION, 7, on(50)),
    ]
    first_back, second_back = (e for e in trail.events if e.kind is TrailKind.WENT_BACK)
    # Each step back names what was reopened, and the decision it took back stays in the trail.
    assert first_back.text == "IT reopened the scope"
    assert first_back.reopens is not None and first_back.reopens.step_id == 3
    assert second_back.reopens is not None and second_back.reopens.step_id == 5
    assert second_back.step_title == "Meeting"  # no title: its kind
    assert trail.events[1].text == "Technical review"
    assert [event.step_index for event in trail.events] == [0, 2, 3, 4, 5, 6]

    figures = trail.figures
    assert figures.decisions == 4
    assert figures.went_back == 2
    assert figures.standing == 2 == levels([Outcome(s.outcome) for s in went_back_twice()])[-1]
    assert figures.average_days_between == pytest.approx((50 - 10) / 3)
    assert figures.days_since_last == (TODAY - on(50)).days


def test_going_back_before_any_decision_reopens_nothing() -> None:
    trail = decision_trail(
        [FakeStep(1, Outcome.WENT_BACK, on(3), "Project paused")], started_on=START, today=TODAY
    )
    assert trail.events[0].reopens is None
    assert trail.figures.decisions == 0
    assert trail.figures.days_since_last is None
    assert trail.figures.average_days_between is None


def test_an_undated_decision_counts_from_the_start_like_momentum_does() -> None:
    trail = decision_trail(
        [FakeStep(1, Outcome.ADVANCED, None, "Yes")], started_on=START, today=TODAY
    )
    assert trail.events[0].on is None
    assert trail.figures.days_since_last == (TODAY - START).days
    assert trail.figures.average_days_between is None
