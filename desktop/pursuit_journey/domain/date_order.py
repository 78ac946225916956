"""Which steps stand out of order on the line: dates that run backwards, or a planned step
placed before steps that were already held.

The seller may order the steps as they like (a drag is never refused); the line and the form
then warn about the steps found here, and the form offers a date that fits. Pure: no Qt, no
database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import lru_cache
from typing import Protocol

from .vocabulary import Outcome


class DatedStep(Protocol):
    @property
    def outcome(self) -> str: ...
    @property
    def planned_at(self) -> datetime | None: ...


class OrderProblem(str, Enum):
    DATE_BACKWARDS = "date_backwards"  # its date comes before an earlier step's date
    PLANNED_BEFORE_HELD = "planned_before_held"  # not held yet, but a later step was

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    OrderProblem.DATE_BACKWARDS: (
        "Out of order: this step's date comes before the date of a step earlier on the line."
    ),
    OrderProblem.PLANNED_BEFORE_HELD: (
        "Out of order: this step is not held yet, but a later step on the line was. Record "
        "its outcome, or move it after the steps already held."
    ),
}


@dataclass(frozen=True)
class OutOfOrder:
    """One step out of order, and for a date running backwards the date that would fit."""

    index: int
    problem: OrderProblem
    suggested: datetime | None = None


def out_of_order(steps: Sequence[DatedStep]) -> dict[int, OutOfOrder]:
    """The steps (by index, in line order) that are out of order, each with its problem.

    Dates: the steps kept in order are the largest set whose dates never run backwards (held
    steps count double, as their dates are history); every other dated step is out of order,
    the fewest steps the seller has to re-date. Ties keep the later step on the line, so of
    two swapped steps the earlier one is flagged: a step dragged back past steps dated before
    it is the one out of order (and is offered the day after the step now before it). Steps
    without a date are never out of order by date.
    """
    # By the only facts it depends on: a pursuit shown asks twice in a row (its line, then the
    # form of the step it opens), and the second answer is the first one's (kept: the last).
    return dict(_out_of_order(tuple((step.planned_at, step.outcome) for step in steps)))


@lru_cache(maxsize=1)
def _out_of_order(facts: tuple[tuple[datetime | None, str], ...]) -> dict[int, OutOfOrder]:
    dated = [(index, when) for index, (when, _outcome) in enumerate(facts) if when]
    held = [Outcome(outcome).is_held for _when, outcome in facts]
    kept = _kept_in_order(dated, held)
    problems: dict[int, OutOfOrder] = {}
    kept_dates = [(index, when) for index, when in dated if index in kept]
    for index, when in dated:
        if index in kept:
            continue
        before = [moment for at, moment in kept_dates if at < index]
        after = [moment for at, moment in kept_dates if at > index]
        problems[index] = OutOfOrder(
            index,
            OrderProblem.DATE_BACKWARDS,
            suggested_date(when, before[-1] if before else None, after[0] if after else None),
        )
    last_held = max((index for index, is_held in enumerate(held) if is_held), default=-1)
    for index in range(last_held):
        if not held[index] and index not in problems:
            problems[index] = OutOfOrder(index, OrderProblem.PLANNED_BEFORE_HELD)
    return dict(sorted(problems.items()))


def _kept_in_order(dated: list[tuple[int, datetime]], held: list[bool]) -> set[int]:
    """The heaviest subsequence of ``dated`` whose dates never decrease (held steps weigh 2)."""
    if not dated:
        return set()
    weights = [2 if held[index] else 1 for index, _ in dated]
    best = list(weights)
    previous: list[int | None] = [None] * len(dated)
    for right in range(len(dated)):
        for left in range(right):
            if dated[left][1] <= dated[right][1] and best[left] + weights[right] >= best[right]:
                best[right] = best[left] + weights[right]
                previous[right] = left
    # Of equal choices, the one that keeps the later steps (see out_of_order).
    end: int | None = max(range(len(dated)), key=lambda at: (best[at], at))
    kept: set[int] = set()
    while end is not None:
        kept.add(dated[end][0])
        end = previous[end]
    return kept


def suggested_date(
    when: datetime, previous: datetime | None, following: datetime | None
) -> datetime | None:
    """A date for a step between ``previous`` and ``following`` (either may be missing): the
    day after the previous step at the step's own time of day, else the day before the next."""
    if previous is not None:
        candidate = datetime.combine(previous.date() + timedelta(days=1), when.time())
        if following is None or candidate <= following:
            return candidate
        return previous if following is None or previous <= following else None
    if following is not None:
        candidate = datetime.combine(following.date() - timedelta(days=1), when.time())
        return candidate
    return None
