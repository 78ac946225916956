"""A pursuit's decision trail: every client decision and every step back, in journey order.

Going back is recorded as its own event (a step whose outcome is "went back", its debrief saying
what was reopened); the decision it reopens stays in the trail as it was made. Nothing here, or
anywhere else in the app, rewrites an earlier step when the pursuit goes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol

from .vocabulary import Outcome, step_name


class TrailStepFacts(Protocol):
    """What the trail needs of a step (a stored ``Step`` has it)."""

    @property
    def id(self) -> int | None: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def held_on(self) -> date | None: ...
    @property
    def decision_made(self) -> str: ...


class TrailKind(str, Enum):
    DECISION = "decision"
    WENT_BACK = "went_back"


@dataclass(frozen=True)
class TrailEvent:
    kind: TrailKind
    step_id: int
    step_index: int  # the step's place on the journey line, from 0
    step_title: str  # its title, or its kind when it has none
    on: date | None
    text: str  # the decision the client made, or what was reopened, as the seller wrote it
    # For a step back: the decision it took back (the latest one still standing), if any.
    reopens: TrailEvent | None = None

    @property
    def is_decision(self) -> bool:
        return self.kind is TrailKind.DECISION


@dataclass(frozen=True)
class TrailFigures:
    decisions: int  # client decisions made so far, reopened ones included
    standing: int  # of those, the ones that still hold after going back
    went_back: int
    average_days_between: float | None  # None with fewer than two dated decisions
    days_since_last: int | None  # None while the client has not decided anything


@dataclass(frozen=True)
class DecisionTrail:
    events: tuple[TrailEvent, ...]
    figures: TrailFigures


def decision_trail(
    steps: Sequence[TrailStepFacts], *, started_on: date, today: date
) -> DecisionTrail:
    """The trail of ``steps`` (in journey order).

    Figures follow the momentum rule: a decision without a date counts from ``started_on``
    for "days since the last one" (as the pursuit list does); only dated decisions set the
    average. A step back reopens the latest decision still standing, as the journey's levels
    count it (``journey.levels``).
    """
    events: list[TrailEvent] = []
    still_standing: list[TrailEvent] = []
    for index, step in enumerate(steps):
        outcome = Outcome(step.outcome)
        if outcome not in (Outcome.ADVANCED, Outcome.WENT_BACK):
            continue
        assert step.id is not None
        title = step_name(step.title, step.kind)
        text = step.decision_made.strip()
        if outcome is Outcome.ADVANCED:
            event = TrailEvent(TrailKind.DECISION, step.id, index, title, step.held_on, text)
            still_standing.append(event)
        else:
            reopened = still_standing.pop() if still_standing else None
            event = TrailEvent(
                TrailKind.WENT_BACK, step.id, index, title, step.held_on, text, reopened
            )
        events.append(event)

    decisions = [event for event in events if event.is_decision]
    dated = sorted(event.on for event in decisions if event.on is not None)
    average = (dated[-1] - dated[0]).days / (len(dated) - 1) if len(dated) > 1 else None
    last = max((event.on or started_on for event in decisions), default=None)
    return DecisionTrail(
        events=tuple(events),
        figures=TrailFigures(
            decisions=len(decisions),
            standing=len(still_standing),
            went_back=len(events) - len(decisions),
            average_days_between=average,
            days_since_last=max(0, (today - last).days) if last is not None else None,
        ),
    )
