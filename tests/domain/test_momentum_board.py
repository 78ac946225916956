"""The momentum view's rules: compact lines, the next step, sorting, totals, one shared scale."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from pursuit_journey.domain.journey_layout import JourneyEnd, TickState
from pursuit_journey.domain.momentum import StallingThresholds
from pursuit_journey.domain.momentum_board import (
    LineStep,
    PursuitLine,
    SortOrder,
    board_totals,
    next_step,
    pursuit_line,
    shared_scale,
    sorted_lines,
    upcoming_steps,
)
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus

TODAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 12, 0)
_ids = iter(range(1, 10_000))


def advanced(days_ago: int) -> LineStep:
    return LineStep(next(_ids), Outcome.ADVANCED, TODAY - timedelta(days=days_ago), None)


def stayed(days_ago: int) -> LineStep:
    return LineStep(next(_ids), Outcome.STAYED, TODAY - timedelta(days=days_ago), None)


def went_back(days_ago: int) -> LineStep:
    return LineStep(next(_ids), Outcome.WENT_BACK, TODAY - timedelta(days=days_ago), None)


def planned(in_days: float | None, decision: str = "Client decides", title: str = "") -> LineStep:
    when = None if in_days is None else NOON + timedelta(days=in_days)
    return LineStep(next(_ids), Outcome.PLANNED, None, when, title, decision)


def line(
    client: str,
    steps: list[LineStep],
    *,
    value: int | None = None,
    currency: str = "EUR",
    started_days_ago: int = 60,
    thresholds: StallingThresholds | None = None,
) -> PursuitLine:
    return pursuit_line(
        pursuit_id=next(_ids),
        name=f"{client} deal",
        client=client,
        status=PursuitStatus.ACTIVE,
        value_cents=value,
        currency=currency,
        started_on=TODAY - timedelta(days=started_days_ago),
        steps=steps,
        today=TODAY,
        thresholds=thresholds or StallingThresholds(),
    )


def clients(lines: list[PursuitLine]) -> list[str]:
    return [item.client for item in lines]


def test_compact_line_uses_the_journey_lines_own_states_and_standing() -> None:
    result = line("Acme", [advanced(20), stayed(10), went_back(5), planned(2, ""), planned(4)])
    assert result.compact.states == (
        TickState.ADVANCED,
        TickState.STAYED,
        TickState.WENT_BACK,
        TickState.DECISION_MISSING,
        TickState.PLANNED,
    )
    assert result.compact.here == 3  # just after the last held step
    assert result.compact.end is JourneyEnd.OPEN
    assert result.standing.level == 0  # one decision, then taken back
    assert result.momentum.days_since_decision == 20


def test_the_next_step_is_the_soonest_planned_one_even_when_it_waits_for_its_debrief() -> None:
    overdue = planned(-3, title="Not debriefed yet")
    steps = [advanced(20), planned(5), overdue, planned(None)]
    chosen = next_step(steps)
    assert chosen is not None and chosen.step_id == overdue.id
    undated = [advanced(3), planned(None, "first"), planned(None, "second")]
    chosen = next_step(undated)
    assert chosen is not None and chosen.decision == "first"
    assert next_step([advanced(1), stayed(0)]) is None


def test_sorted_by_next_planned_interaction_soonest_first_nothing_planned_last() -> None:
    lines = [
        line("Later", [planned(6)]),
        line("Nothing planned", [advanced(3)]),
        line("Soon", [planned(1)]),
        line("Undated", [planned(None)]),
        line("Overdue", [planned(-2)]),
    ]
    assert clients(sorted_lines(lines, SortOrder.NEXT_INTERACTION)) == [
        "Overdue",
        "Soon",
        "Later",
        "Nothing planned",
        "Undated",
    ]


def test_sorted_by_days_since_the_last_decision_longest_wait_first() -> None:
    lines = [
        line("Fresh", [advanced(1)]),
        line("Never decided", [stayed(3)], started_days_ago=40),
        line("Waiting", [advanced(30), stayed(2)]),
        line("Also fresh", [advanced(1)]),
    ]
    ordered = sorted_lines(lines, SortOrder.QUIET_DAYS)
    assert clients(ordered) == ["Never decided", "Waiting", "Also fresh", "Fresh"]
    assert [item.quiet_days for item in ordered] == [40, 30, 1, 1]


def test_sorted_by_value_compares_amounts_only_within_a_currency() -> None:
    lines = [
        line("Small euro", [], value=10_000_00),
        line("Dollar", [], value=900_000_00, currency="usd"),
        line("No value", []),
        line("Big euro", [], value=500_000_00),
        line("Middle euro", [], value=50_000_00),
    ]
    # Euros are the most used currency, so they come first, largest first; the dollar amount
    # is not compared with euros; a pursuit without a value comes last.
    assert clients(sorted_lines(lines, SortOrder.VALUE)) == [
        "Big euro",
        "Middle euro",
        "Small euro",
        "Dollar",
        "No value",
    ]


def test_totals_count_active_pursuits_value_per_currency_stalling_and_missing_decisions() -> None:
    lines = [
        line("A", [advanced(2), planned(1, "")], value=100_00),
        line("B", [stayed(9), stayed(3), planned(3)], value=250_00),  # two stays: stalling
        line("C", [advanced(40), planned(6.4, " ")], value=70_00, currency="USD"),  # stalling
        line("D", [advanced(1), planned(8, "")]),  # beyond the seven days
        line("E", [advanced(1), planned(-1, "")]),  # yesterday: before the window
    ]
    totals = board_totals(lines, TODAY)
    assert totals.active == 5
    assert totals.value_by_currency == (("EUR", 350_00), ("USD", 70_00))
    assert totals.without_value == 2
    assert totals.stalling == 2
    assert totals.upcoming == 3
    assert totals.upcoming_without_decision == 2


def test_upcoming_steps_in_date_order_within_the_window() -> None:
    first = line("First", [planned(3, title="Review"), planned(0.1, title="Call")])
    second = line("Second", [planned(1, title="Demo"), planned(7.5, title="Too late")])
    found = upcoming_steps([first, second], TODAY)
    assert [step.title for step in found] == ["Call", "Demo", "Review"]
    assert found[0].pursuit_id == first.pursuit_id


@pytest.mark.parametrize("thresholds, stalling", [((2, 21), True), ((3, 21), False)])
def test_stalling_follows_the_thresholds(thresholds: tuple[int, int], stalling: bool) -> None:
    result = line(
        "Acme",
        [advanced(10), stayed(5), stayed(2)],
        thresholds=StallingThresholds(*thresholds),
    )
    assert result.momentum.stalling is stalling


def test_every_compact_line_shares_the_same_two_ends() -> None:
    for count in (0, 1, 3, 25, 200):
        geometry = shared_scale(count, 100.0, 700.0)
        assert geometry.start_x == pytest.approx(100.0)
        assert geometry.end_x == pytest.approx(700.0)
        if count:
            assert 100.0 < geometry.tick_x(0) <= geometry.tick_x(count - 1) < 700.0


# ---- filtering the board ------------------------------------------------------------------


def test_the_search_looks_in_client_name_and_next_decision_blind_to_case_and_accents() -> None:
    from pursuit_journey.domain.momentum_board import filter_lines

    lines = [
        line("Café Nord", [planned(1, "Approves the pilot budget")]),
        line("Globex", [planned(2, "Names the data owner")]),
        line("Initech", [advanced(3)]),  # no next step: nothing to find in a decision
    ]
    found = lambda text: [x.client for x in filter_lines(lines, today=TODAY, search=text)]  # noqa: E731
    assert found("cafe") == ["Café Nord"]
    assert found("NORD approves") == ["Café Nord"]  # every word, anywhere
    assert found("data owner") == ["Globex"]
    assert found("deal") == ["Café Nord", "Globex", "Initech"]  # the pursuits' names
    assert found("initech budget") == []
    assert found("   ") == ["Café Nord", "Globex", "Initech"]


def test_the_figures_filter_to_what_they_count() -> None:
    from pursuit_journey.domain.momentum_board import FigureFilter, filter_lines

    stalling = line("Hooli", [advanced(40), planned(20)])  # 40 days without a decision
    undecided = line("Initech", [advanced(2), planned(3, decision="")])
    later = line("Umbrella", [advanced(1), planned(12, decision="")])  # beyond the 7 days
    fine = line("Acme", [advanced(2), planned(2)])
    lines = [stalling, undecided, later, fine]
    totals = board_totals(lines, TODAY)

    shown = filter_lines(lines, today=TODAY, figure=FigureFilter.STALLING)
    assert [x.client for x in shown] == ["Hooli"]
    assert len(shown) == totals.stalling
    shown = filter_lines(lines, today=TODAY, figure=FigureFilter.UNDECIDED_SOON)
    assert [x.client for x in shown] == ["Initech"]
    assert totals.upcoming_without_decision == 1
    shown = filter_lines(lines, today=TODAY, figure=FigureFilter.STALLING, search="acme")
    assert shown == []
