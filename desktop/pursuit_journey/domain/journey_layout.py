"""What the journey line shows, as plain numbers: the marks, where the pursuit is, how it ends.

The window's journey line and the printed prep sheet both draw from these values, so the two
can never disagree. Nothing here knows about Qt or the database: positions are in whatever unit
the caller draws in (device pixels on screen, points on paper).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from .date_order import OutOfOrder, out_of_order
from .journey import standing
from .prep_fields import decision_missing
from .vocabulary import Outcome, PursuitStatus, step_name

SHORT_DECISION_LIMIT = 90  # characters; the drawing elides further to the room it has


class StepFacts(Protocol):
    """The facts of a step the line needs (a stored ``Step`` has them)."""

    @property
    def id(self) -> int | None: ...
    @property
    def outcome(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def planned_at(self) -> datetime | None: ...
    @property
    def decision_needed(self) -> str: ...
    @property
    def decision_made(self) -> str: ...


class TickState(str, Enum):
    """How a tick looks; each state has its own shape as well as its own colour."""

    PLANNED = "planned"
    DECISION_MISSING = "decision_missing"  # planned, but the decision it is after is not written
    ADVANCED = "advanced"
    STAYED = "stayed"
    WENT_BACK = "went_back"
    NOT_HELD = "not_held"  # planned, then the pursuit closed first: drawn muted

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    TickState.PLANNED: "planned",
    TickState.DECISION_MISSING: "planned, decision missing",
    TickState.ADVANCED: "advanced: the client decided",
    TickState.STAYED: "stayed: no decision",
    TickState.WENT_BACK: "went back a step",
    TickState.NOT_HELD: "not held",
}


class JourneyEnd(str, Enum):
    OPEN = "open"  # still on its way to Contract signed
    WON = "won"  # ends at Contract signed
    LOST = "lost"  # drawn muted, its end marked


@dataclass(frozen=True)
class TickMark:
    index: int
    state: TickState
    title: str  # the step's title, or its kind when it has none
    planned_at: datetime | None
    # The decision the step shows: the one the client made once it is held, the one it needs
    # while it is planned. In full for the tooltip and the screen reader; on one line,
    # shortened at a word, for the caption.
    decision: str
    short_decision: str
    decision_needed: str = ""
    out_of_order: OutOfOrder | None = None  # its date or its place disagrees with the others

    @property
    def position_label(self) -> str:
        return str(self.index + 1)

    @property
    def held(self) -> bool:
        return self.state not in (TickState.PLANNED, TickState.DECISION_MISSING)

    @property
    def decision_caption(self) -> str:
        """What the decision's caption says: the decision, or that none is written."""
        if self.state is TickState.DECISION_MISSING:
            return "Decision missing"
        return self.short_decision  # a held step without one: its history, no warning

    @property
    def decision_heading(self) -> str:
        """How the tooltip and the screen reader introduce the decision."""
        return "Decided" if self.held else "Decision needed"


class _Ending:
    """How a drawn journey ends, read the same way by the whole layout and the states alone."""

    end: JourneyEnd

    @property
    def muted(self) -> bool:
        return self.end is JourneyEnd.LOST

    @property
    def finished(self) -> bool:
        return self.end is not JourneyEnd.OPEN


@dataclass(frozen=True)
class JourneyLayout(_Ending):
    marks: tuple[TickMark, ...]
    here: int  # "you are here": 0 = at First meeting, len(marks) = after the last step
    end: JourneyEnd


def tick_state(outcome: Outcome, decision_needed: str) -> TickState:
    if outcome is Outcome.ADVANCED:
        return TickState.ADVANCED
    if outcome is Outcome.STAYED:
        return TickState.STAYED
    if outcome is Outcome.WENT_BACK:
        return TickState.WENT_BACK
    if outcome is Outcome.NOT_HELD:
        return TickState.NOT_HELD
    return TickState.DECISION_MISSING if decision_missing(decision_needed) else TickState.PLANNED


def short_decision(text: str, limit: int = SHORT_DECISION_LIMIT) -> str:
    """``text`` on one line, cut at a word and marked with "…" when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def _shown_decision(step: StepFacts, outcome: Outcome) -> str:
    # A held step tells what the client decided; a planned one what it is after.
    return step.decision_made if outcome.is_held else step.decision_needed


def journey_layout(steps: Sequence[StepFacts], status: PursuitStatus) -> JourneyLayout:
    """The marks of ``steps`` (in journey order) and where a pursuit with ``status`` stands."""
    outcomes = [Outcome(step.outcome) for step in steps]
    problems = out_of_order(steps)
    marks = tuple(
        TickMark(
            index=index,
            state=tick_state(outcome, step.decision_needed),
            title=step_name(step.title, step.kind),
            planned_at=step.planned_at,
            decision=_shown_decision(step, outcome),
            short_decision=short_decision(_shown_decision(step, outcome)),
            decision_needed=step.decision_needed,
            out_of_order=problems.get(index),
        )
        for index, (step, outcome) in enumerate(zip(steps, outcomes, strict=True))
    )
    status = PursuitStatus(status)
    return JourneyLayout(marks=marks, here=standing(outcomes, status).here, end=journey_end(status))


def journey_end(status: PursuitStatus) -> JourneyEnd:
    return _ENDS.get(status, JourneyEnd.OPEN)


_ENDS = {PursuitStatus.WON: JourneyEnd.WON, PursuitStatus.LOST: JourneyEnd.LOST}


@dataclass(frozen=True)
class LineStates(_Ending):
    """``journey_layout``'s numbers without the steps' words and date checks, for a drawing
    that shows only each tick's state (the printed sheet's small line): a batch of sheets
    computes one for every pursuit it prints, and the words cost most of a whole layout."""

    states: tuple[TickState, ...]
    here: int
    end: JourneyEnd


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def line_states(steps: Sequence[StepFacts], status: PursuitStatus) -> LineStates:
    """The states of ``steps`` (in journey order) and where a pursuit with ``status`` stands:
    the same as ``journey_layout``'s marks, ``here`` and ``end``."""
    outcomes = [_OUTCOMES[step.outcome] for step in steps]
    states = tuple(
        tick_state(outcome, step.decision_needed)
        for step, outcome in zip(steps, outcomes, strict=True)
    )
    status = PursuitStatus(status)
    return LineStates(states=states, here=standing(outcomes, status).here, end=journey_end(status))


@dataclass(frozen=True)
class LineGeometry:
    """Where things sit along the line, in the caller's unit.

    The First meeting node is at ``start_x``, step ``i`` at ``start_x + (i + 1) * spacing`` and
    the Contract signed node one spacing after the last step. Gap ``g`` is the place between
    step ``g - 1`` and step ``g`` (gap 0 is before the first step, gap ``count`` after the last):
    where a dragged step is dropped and where "+" inserts.
    """

    count: int
    spacing: float
    margin: float

    @property
    def start_x(self) -> float:
        return self.margin + self.spacing / 2

    @property
    def end_x(self) -> float:
        return self.start_x + (self.count + 1) * self.spacing

    @property
    def width(self) -> float:
        return 2 * self.margin + (self.count + 2) * self.spacing

    def tick_x(self, index: int) -> float:
        return self.start_x + (index + 1) * self.spacing

    def gap_x(self, gap: int) -> float:
        return self.start_x + (gap + 0.5) * self.spacing

    def column(self, index: int) -> tuple[float, float]:
        """Left and right of the room of step ``index`` (-1: First meeting, count: the end)."""
        centre = self.start_x + (index + 1) * self.spacing
        return centre - self.spacing / 2, centre + self.spacing / 2

    def here_x(self, here: int, finished: bool) -> float:
        """Where the "you are here" marker stands for ``Standing.here``."""
        if finished:
            return self.end_x
        if here <= 0:
            return self.start_x
        return self.gap_x(min(here, self.count))

    def gap_at(self, x: float) -> int:
        """The gap a step dropped at ``x`` goes into: the one between the two nearest steps."""
        if self.spacing <= 0:
            return 0
        return max(0, min(self.count, math.floor((x - self.start_x) / self.spacing)))

    def tick_at(self, x: float) -> int | None:
        """The step whose column holds ``x``, or None (the end nodes, outside the line)."""
        if self.spacing <= 0:
            return None
        index = round((x - self.start_x) / self.spacing) - 1
        return index if 0 <= index < self.count else None


def fitted_geometry(
    count: int, available_width: float, min_spacing: float, margin: float
) -> LineGeometry:
    """Steps spread over ``available_width``, but never closer than ``min_spacing``.

    With few steps the line fills the room it has; with many it grows wider than the room and
    scrolls, each step keeping ``min_spacing`` so its labels stay readable.
    """
    room = (available_width - 2 * margin) / (count + 2)
    return LineGeometry(count=count, spacing=max(min_spacing, room), margin=margin)
