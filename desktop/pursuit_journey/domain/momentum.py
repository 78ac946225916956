"""Momentum: measured by the client's decisions, not by the seller's activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .vocabulary import Outcome, PursuitStatus
from .wording import counted


@dataclass(frozen=True)
class StallingThresholds:
    """When a pursuit counts as stalling; the seller can change both in Preferences."""

    stays_in_a_row: int = 2
    days_without_decision: int = 21


@dataclass(frozen=True)
class HeldStep:
    """The two facts of a step that momentum needs."""

    outcome: Outcome
    held_on: date | None


@dataclass(frozen=True)
class Momentum:
    days_since_decision: int | None  # None: the client has not decided anything yet
    stays_in_a_row: int
    stalling: bool
    reason: str  # why it is stalling, for the seller; empty when it is not

    @property
    def summary(self) -> str:
        if self.days_since_decision is None:
            return "No client decision yet"
        if self.days_since_decision == 0:
            return "Client decided today"
        if self.days_since_decision == 1:
            return "Last decision yesterday"
        return f"Last decision {self.days_since_decision} days ago"


def stays_in_a_row(outcomes: Sequence[Outcome]) -> int:
    """How many held steps at the end of the journey stayed without a decision."""
    stays = 0
    stayed = Outcome.STAYED
    for outcome in reversed(outcomes):
        if not outcome.is_held:
            continue
        if outcome is not stayed:
            break
        stays += 1
    return stays


def momentum(
    steps: Sequence[HeldStep],
    *,
    status: PursuitStatus,
    started_on: date,
    today: date,
    thresholds: StallingThresholds = StallingThresholds(),
) -> Momentum:
    """Days since the client last decided something, and whether the pursuit is stalling.

    ``steps`` are in journey order. A decision without a date counts from ``started_on``,
    which is also the reference while the client has not decided anything yet.
    """
    last_decision: date | None = None
    for step in steps:
        if step.outcome is Outcome.ADVANCED:
            held = step.held_on or started_on
            last_decision = held if last_decision is None else max(last_decision, held)
    return momentum_of(
        last_decision,
        stays_in_a_row([step.outcome for step in steps]),
        status=status,
        started_on=started_on,
        today=today,
        thresholds=thresholds,
    )


def momentum_of(
    last_decision: date | None,
    stays: int,
    *,
    status: PursuitStatus,
    started_on: date,
    today: date,
    thresholds: StallingThresholds = StallingThresholds(),
) -> Momentum:
    """Momentum from its two facts: the date of the last client decision (None: none yet) and
    the number of stays in a row at the end of the journey."""
    days = (today - last_decision).days if last_decision is not None else None
    quiet_for = days if days is not None else (today - started_on).days

    reason = ""
    if status is PursuitStatus.ACTIVE:
        if stays >= thresholds.stays_in_a_row:
            reason = f"{counted(stays, 'meeting')} in a row without a client decision"
        elif quiet_for >= thresholds.days_without_decision:
            reason = f"No client decision for {counted(quiet_for, 'day')}"
    return Momentum(
        days_since_decision=max(days, 0) if days is not None else None,
        stays_in_a_row=stays,
        stalling=bool(reason),
        reason=reason,
    )
