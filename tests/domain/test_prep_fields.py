"""One rule for a missing decision, asked by the line's ticks, the momentum view and Upcoming."""

from __future__ import annotations

from datetime import datetime

import pytest

from pursuit_journey.domain.journey_layout import TickState, tick_state
from pursuit_journey.domain.momentum_board import LineStep, NextStep, UpcomingStep
from pursuit_journey.domain.prep_fields import PREP_FIELDS, decision_missing
from pursuit_journey.domain.vocabulary import Outcome

AT = datetime(2026, 3, 6, 9, 0)


@pytest.mark.parametrize(
    ("decision", "missing"),
    [("", True), ("   \n\t", True), ("Marta approves by 14 March", False), (" x ", False)],
)
def test_every_place_that_asks_gives_the_one_rules_answer(decision: str, missing: bool) -> None:
    assert decision_missing(decision) is missing
    assert (tick_state(Outcome.PLANNED, decision) is TickState.DECISION_MISSING) is missing
    assert LineStep(1, Outcome.PLANNED, None, AT, "Demo", decision).decision_missing is missing
    assert NextStep(1, AT, "Demo", decision).decision_missing is missing
    assert UpcomingStep(1, 2, "Rollout", "Acme", AT, "Demo", decision).decision_missing is missing


def test_a_held_step_is_never_missing_its_decision() -> None:
    assert not LineStep(1, Outcome.ADVANCED, None, AT, "Demo", "").decision_missing
    assert tick_state(Outcome.ADVANCED, "") is TickState.ADVANCED


def test_each_column_is_in_the_catalogue_once() -> None:
    columns = [field.column for field in PREP_FIELDS]
    assert len(columns) == len(set(columns))
