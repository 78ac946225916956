"""The momentum view's rules: each active pursuit as a compact line, how they sort, the totals.

Everything here is plain values in, plain values out. The store reads the facts with a couple of
column-only queries and hands them to ``pursuit_line``; the view sorts with ``sorted_lines``, adds
up with ``board_totals`` and draws each line from ``compact_line`` — with the same tick rule
(``tick_state``) and the same standing rule (``standing``) as the full journey line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import NamedTuple

from .journey import Standing, standing
from .journey_layout import JourneyEnd, LineGeometry, TickState, tick_state
from .momentum import HeldStep, Momentum, StallingThresholds, momentum
from .naming import folded
from .prep_fields import decision_missing
from .vocabulary import Outcome, PursuitStatus

UPCOMING_DAYS = 7


class LineStep(NamedTuple):
    """The facts of one step the momentum view needs; title and decision only when planned."""

    id: int
    outcome: Outcome
    held_on: date | None
    planned_at: datetime | None
    title: str = ""
    decision: str = ""

    @property
    def decision_missing(self) -> bool:
        return self.outcome is Outcome.PLANNED and decision_missing(self.decision)


@dataclass(frozen=True)
class NextStep:
    """The interaction the pursuit is heading for: what the seller prepares next."""

    step_id: int
    planned_at: datetime | None
    title: str
    decision: str

    @property
    def decision_missing(self) -> bool:
        return decision_missing(self.decision)


@dataclass(frozen=True)
class CompactLine:
    """What a compact journey line draws: one state per step, where the pursuit is, its end."""

    states: tuple[TickState, ...]
    here: int
    end: JourneyEnd


@dataclass(frozen=True)
class PursuitLine:
    """One active pursuit in the momentum view."""

    pursuit_id: int
    name: str
    client: str
    status: PursuitStatus
    value_cents: int | None
    currency: str
    started_on: date
    steps: tuple[LineStep, ...]
    momentum: Momentum
    standing: Standing
    next_step: NextStep | None
    quiet_days: int  # days since the last client decision, or since the start without one
    compact: CompactLine
    owner: str = ""  # the seller whose pursuit it is (a shared server's Mine / Everyone)

    @property
    def title(self) -> str:
        return self.client or self.name


def compact_line(
    steps: Sequence[LineStep], status: PursuitStatus, where: Standing | None = None
) -> CompactLine:
    """The line's marks by the journey line's own rules (``tick_state``, ``standing``)."""
    status = PursuitStatus(status)
    end = {PursuitStatus.WON: JourneyEnd.WON, PursuitStatus.LOST: JourneyEnd.LOST}.get(
        status, JourneyEnd.OPEN
    )
    if where is None:
        where = standing([step.outcome for step in steps], status)
    return CompactLine(
        states=tuple(tick_state(step.outcome, step.decision) for step in steps),
        here=where.here,
        end=end,
    )


def next_step(steps: Sequence[LineStep]) -> NextStep | None:
    """The planned step with the earliest date; without dates, the first planned in order.

    A planned step dated in the past is still the next one: it waits for its debrief.
    """
    planned = [step for step in steps if step.outcome is Outcome.PLANNED]
    if not planned:
        return None
    dated = [step for step in planned if step.planned_at is not None]
    chosen = min(dated, key=lambda step: step.planned_at) if dated else planned[0]  # type: ignore[arg-type, return-value]  # dated: not None
    return NextStep(chosen.id, chosen.planned_at, chosen.title, chosen.decision)


def pursuit_line(
    *,
    pursuit_id: int,
    name: str,
    client: str,
    status: PursuitStatus,
    value_cents: int | None,
    currency: str,
    started_on: date,
    steps: Sequence[LineStep],
    today: date,
    thresholds: StallingThresholds,
    owner: str = "",
) -> PursuitLine:
    status = PursuitStatus(status)
    measured = momentum(
        [
            HeldStep(step.outcome, step.held_on if step.outcome is Outcome.ADVANCED else None)
            for step in steps
        ],
        status=status,
        started_on=started_on,
        today=today,
        thresholds=thresholds,
    )
    quiet = measured.days_since_decision
    where = standing([step.outcome for step in steps], status)
    return PursuitLine(
        pursuit_id=pursuit_id,
        name=name,
        client=client,
        status=status,
        value_cents=value_cents,
        currency=currency.strip().upper(),
        started_on=started_on,
        steps=tuple(steps),
        momentum=measured,
        standing=where,
        next_step=next_step(steps),
        quiet_days=quiet if quiet is not None else max(0, (today - started_on).days),
        compact=compact_line(steps, status, where),
        owner=owner,
    )


# ---- sorting ------------------------------------------------------------------------------


class SortOrder(str, Enum):
    NEXT_INTERACTION = "next"
    QUIET_DAYS = "quiet"
    VALUE = "value"

    @property
    def label(self) -> str:
        return _SORT_LABELS[self]


_SORT_LABELS = {
    SortOrder.NEXT_INTERACTION: "Next planned interaction",
    SortOrder.QUIET_DAYS: "Days since the last client decision",
    SortOrder.VALUE: "Value",
}


def _by_name(line: PursuitLine) -> tuple[str, str, int]:
    return (line.title.casefold(), line.name.casefold(), line.pursuit_id)


def sorted_lines(lines: Iterable[PursuitLine], order: SortOrder) -> list[PursuitLine]:
    """``lines`` in the seller's chosen order; ties always fall back to the client's name.

    - next planned interaction: the soonest first (a past date, still to debrief, comes first);
      pursuits with nothing dated come last;
    - days since the last client decision: the longest wait first;
    - value: amounts are compared only within a currency (there is no rate to convert with):
      the currency most pursuits use comes first, then the others by name; pursuits without a
      value come last.
    """
    lines = list(lines)
    if order is SortOrder.NEXT_INTERACTION:

        def when(line: PursuitLine) -> tuple[bool, datetime]:
            at = line.next_step.planned_at if line.next_step else None
            return (at is None, at or datetime.min)

        return sorted(lines, key=lambda line: (when(line), _by_name(line)))
    if order is SortOrder.QUIET_DAYS:
        return sorted(lines, key=lambda line: (-line.quiet_days, _by_name(line)))
    used = Counter(line.currency for line in lines if line.value_cents is not None)
    rank = {
        currency: number
        for number, currency in enumerate(sorted(used, key=lambda c: (-used[c], c)))
    }

    def by_value(line: PursuitLine) -> tuple[int, int, tuple[str, str, int]]:
        if line.value_cents is None:
            return (len(rank), 0, _by_name(line))
        return (rank[line.currency], -line.value_cents, _by_name(line))

    return sorted(lines, key=by_value)


# ---- totals -------------------------------------------------------------------------------


class UpcomingStep(NamedTuple):
    """A step planned in the next days, with what the Upcoming list shows of it."""

    step_id: int
    pursuit_id: int
    pursuit_name: str
    client: str
    planned_at: datetime
    title: str
    decision: str

    @property
    def decision_missing(self) -> bool:
        return decision_missing(self.decision)


def upcoming_window(today: date, days: int = UPCOMING_DAYS) -> tuple[datetime, datetime]:
    """From the start of ``today`` for ``days`` days: the same window as "Print Upcoming"."""
    start = datetime.combine(today, time.min)
    return start, start + timedelta(days=days)


def upcoming_steps(
    lines: Iterable[PursuitLine], today: date, days: int = UPCOMING_DAYS
) -> list[UpcomingStep]:
    """Planned steps of active pursuits in the window, by date (then pursuit, then order)."""
    start, end = upcoming_window(today, days)
    found = [
        UpcomingStep(
            step.id,
            line.pursuit_id,
            line.name,
            line.client,
            step.planned_at,
            step.title,
            step.decision,
        )
        for line in lines
        if line.status is PursuitStatus.ACTIVE
        for step in line.steps
        if step.outcome is Outcome.PLANNED
        and step.planned_at is not None
        and start <= step.planned_at < end
    ]
    found.sort(key=lambda step: (step.planned_at, step.pursuit_id))  # stable: journey order
    return found


@dataclass(frozen=True)
class BoardTotals:
    active: int
    value_by_currency: tuple[tuple[str, int], ...]  # (currency, cents), most pursuits first
    without_value: int
    stalling: int
    upcoming: int  # steps planned in the next days
    upcoming_without_decision: int


def board_totals(
    lines: Sequence[PursuitLine], today: date, days: int = UPCOMING_DAYS
) -> BoardTotals:
    """The figures at the top of the view, over the active pursuits in ``lines``.

    Values are added per currency: a sum of euros and dollars would mean nothing.
    """
    active = [line for line in lines if line.status is PursuitStatus.ACTIVE]
    sums: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for line in active:
        if line.value_cents is not None:
            sums[line.currency] = sums.get(line.currency, 0) + line.value_cents
            counts[line.currency] += 1
    ordered = sorted(sums, key=lambda currency: (-counts[currency], currency))
    upcoming = upcoming_steps(active, today, days)
    return BoardTotals(
        active=len(active),
        value_by_currency=tuple((currency, sums[currency]) for currency in ordered),
        without_value=sum(1 for line in active if line.value_cents is None),
        stalling=sum(1 for line in active if line.momentum.stalling),
        upcoming=len(upcoming),
        upcoming_without_decision=sum(1 for step in upcoming if step.decision_missing),
    )


# ---- filtering the board ------------------------------------------------------------------


class FigureFilter(Enum):
    """The headline figures that filter the rows to what they count."""

    STALLING = "stalling"
    UNDECIDED_SOON = "undecided"  # a step in the next days still lacks its decision


def search_text(line: PursuitLine) -> str:
    """What the board's search looks in, folded: client, pursuit, the next decision."""
    decision = line.next_step.decision if line.next_step else ""
    return folded(f"{line.client}\n{line.name}\n{decision}")


def has_undecided_soon(line: PursuitLine, today: date, days: int = UPCOMING_DAYS) -> bool:
    """Whether the pursuit has a step counted in "steps without a decision" (``board_totals``)."""
    return any(step.decision_missing for step in upcoming_steps([line], today, days))


def filter_lines(
    lines: Iterable[PursuitLine],
    *,
    today: date,
    search: str = "",
    figure: FigureFilter | None = None,
    text_of: Callable[[PursuitLine], str] = search_text,
    days: int = UPCOMING_DAYS,
) -> list[PursuitLine]:
    """The lines that match every word of ``search`` (case- and accent-blind, anywhere in the
    client, the pursuit's name or its next decision) and the chosen figure; order kept."""
    words = folded(search).split()
    kept = []
    for line in lines:
        if figure is FigureFilter.STALLING and not line.momentum.stalling:
            continue
        if figure is FigureFilter.UNDECIDED_SOON and not has_undecided_soon(line, today, days):
            continue
        if words:
            haystack = text_of(line)
            if not all(word in haystack for word in words):
                continue
        kept.append(line)
    return kept


# ---- one scale for every line -------------------------------------------------------------


def shared_scale(count: int, start_x: float, end_x: float) -> LineGeometry:
    """A journey line's geometry whose First meeting sits at ``start_x`` and Contract signed at
    ``end_x``, whatever its number of steps: every compact line shares the same two ends, so
    the "you are here" markers compare at a glance."""
    spacing = max(0.0, end_x - start_x) / (count + 1)
    return LineGeometry(count=count, spacing=spacing, margin=start_x - spacing / 2)
