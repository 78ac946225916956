from datetime import date, timedelta

import pytest

from pursuit_journey.domain.momentum import HeldStep, StallingThresholds, momentum
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus

TODAY = date(2026, 5, 20)
START = TODAY - timedelta(days=60)


def held(outcome: Outcome, days_ago: int | None) -> HeldStep:
    return HeldStep(outcome, None if days_ago is None else TODAY - timedelta(days=days_ago))


def measure(steps: list[HeldStep], status: PursuitStatus = PursuitStatus.ACTIVE, **thresholds: int):  # type: ignore[no-untyped-def]
    return momentum(
        steps,
        status=status,
        started_on=START,
        today=TODAY,
        thresholds=StallingThresholds(**thresholds),
    )


def test_days_since_the_last_client_decision() -> None:
    result = measure(
        [held(Outcome.ADVANCED, 30), held(Outcome.ADVANCED, 10), held(Outcome.STAYED, 2)]
    )
    assert result.days_since_decision == 10
    assert result.summary == "Last decision 10 days ago"


def test_no_decision_yet_counts_from_the_start_of_the_pursuit() -> None:
    result = measure([held(Outcome.STAYED, 50)], days_without_decision=61)
    assert result.days_since_decision is None
    assert not result.stalling
    assert measure([held(Outcome.STAYED, 50)]).stalling  # 60 days since the start >= 21


def test_two_stays_in_a_row_is_stalling_by_default() -> None:
    steps = [held(Outcome.ADVANCED, 5), held(Outcome.STAYED, 3), held(Outcome.STAYED, 1)]
    result = measure(steps)
    assert result.stays_in_a_row == 2
    assert result.stalling
    assert "2 meetings in a row" in result.reason


def test_planned_steps_do_not_break_a_run_of_stays() -> None:
    steps = [
        held(Outcome.STAYED, 3),
        HeldStep(Outcome.PLANNED, None),
        held(Outcome.STAYED, 1),
        HeldStep(Outcome.PLANNED, None),
    ]
    assert measure(steps).stays_in_a_row == 2


def test_a_decision_ends_a_run_of_stays() -> None:
    steps = [held(Outcome.STAYED, 9), held(Outcome.STAYED, 5), held(Outcome.ADVANCED, 1)]
    result = measure(steps)
    assert result.stays_in_a_row == 0
    assert not result.stalling


@pytest.mark.parametrize(("days", "stalling"), [(20, False), (21, True)])
def test_no_decision_for_the_threshold_is_stalling(days: int, stalling: bool) -> None:
    assert measure([held(Outcome.ADVANCED, days)]).stalling is stalling


def test_thresholds_are_settings() -> None:
    steps = [held(Outcome.ADVANCED, 25), held(Outcome.STAYED, 3), held(Outcome.STAYED, 1)]
    assert not measure(steps, stays_in_a_row=3, days_without_decision=30).stalling


@pytest.mark.parametrize("status", [PursuitStatus.ON_HOLD, PursuitStatus.WON, PursuitStatus.LOST])
def test_only_active_pursuits_stall(status: PursuitStatus) -> None:
    assert not measure([held(Outcome.STAYED, 40), held(Outcome.STAYED, 30)], status).stalling


def test_a_decision_without_a_date_counts_from_the_start() -> None:
    assert measure([held(Outcome.ADVANCED, None)]).days_since_decision == 60


def test_stalling_reasons_count_in_words_with_a_threshold_of_one() -> None:
    once = measure([held(Outcome.ADVANCED, 0), held(Outcome.STAYED, 0)], stays_in_a_row=1)
    assert once.reason == "1 meeting in a row without a client decision"
    quiet = measure([held(Outcome.ADVANCED, 1)], days_without_decision=1)
    assert quiet.reason == "No client decision for 1 day"
