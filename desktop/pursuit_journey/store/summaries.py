"""The pursuit list's rows, read with one SQL query over plain DB-API rows.

Light on purpose: no SQLAlchemy, so the window can draw the list from a plain ``sqlite3``
connection before the rest of the store has loaded. The store uses the same function on its own
connection, so both always agree. On a PostgreSQL server the connection is psycopg's: the same
queries with its placeholders, and its dates come as dates rather than ISO text.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..domain.journey import Standing, standing
from ..domain.journey_layout import TickState
from ..domain.momentum import Momentum, StallingThresholds, momentum_of, stays_in_a_row
from ..domain.vocabulary import Outcome, PursuitStatus, step_name
from .fields import BLANK_PG, BLANK_SQL

if TYPE_CHECKING:  # the momentum board's module loads when the board is first read
    from ..domain.momentum_board import LineStep, PursuitLine


@dataclass(frozen=True)
class PursuitSummary:
    """One row of the pursuit list."""

    id: int
    name: str
    client: str
    status: PursuitStatus
    value_cents: int | None
    currency: str
    step_count: int
    standing: Standing
    momentum: Momentum
    next_planned: datetime | None
    updated_at: datetime
    started_on: date  # the day it was created: where its decision trail starts
    owner: str = ""  # the seller whose pursuit it is (a shared server's Mine / Everyone)


# One letter per step, in journey order, folded by SQLite: far cheaper than a row per step.
_OUTCOME_OF_LETTER = {outcome.value[0]: outcome for outcome in Outcome}
_OUTCOME_OF_LETTER["?"] = Outcome.PLANNED  # the momentum view's letter for a missing decision
_STATE_OF_LETTER = {
    **{outcome.value[0]: TickState(outcome.value) for outcome in Outcome},
    "?": TickState.DECISION_MISSING,
}

# Grouped while scanning the (pursuit_id, position, …) index, so each pursuit's letters come in
# journey order; a test moves steps around and checks that the standing still agrees.
_STEPS_QUERY = """
SELECT pursuit_id,
       group_concat(substr(outcome, 1, 1), ''),
       max(CASE WHEN outcome = 'advanced' THEN held_on END),
       sum(outcome = 'advanced' AND held_on IS NULL),
       min(CASE WHEN outcome = 'planned' THEN planned_at END)
FROM step INDEXED BY ix_step_summary {where}
GROUP BY pursuit_id
"""
# PostgreSQL says the order of the letters itself, and sums no booleans.
_SERVER_STEPS_QUERY = """
SELECT pursuit_id,
       string_agg(substr(outcome, 1, 1), '' ORDER BY position),
       max(CASE WHEN outcome = 'advanced' THEN held_on END),
       sum(CASE WHEN outcome = 'advanced' AND held_on IS NULL THEN 1 ELSE 0 END),
       min(CASE WHEN outcome = 'planned' THEN planned_at END)
FROM step {where}
GROUP BY pursuit_id
"""
_PURSUITS_QUERY = (
    "SELECT id, name, client, status, value_cents, currency, created_at, updated_at, owner "
    "FROM pursuit {where}"
)


def _on_server(connection: Any) -> bool:
    return not isinstance(connection, sqlite3.Connection)


def _sql(connection: Any, query: str) -> str:
    """``query`` with the connection's placeholders (psycopg's are %s; no query here has %)."""
    return query.replace("?", "%s") if _on_server(connection) else query


def _day(value: str | date) -> date:
    """A date read back: ISO text from SQLite, a date or datetime from PostgreSQL."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def _time(value: str | datetime) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def count_active(connection: Any) -> int:
    """How many pursuits are active: what decides the view a window opens on."""
    cursor = connection.cursor()
    try:
        row = cursor.execute(
            _sql(connection, "SELECT count(*) FROM pursuit WHERE status = ?"),
            (PursuitStatus.ACTIVE.value,),
        ).fetchone()
    finally:
        cursor.close()
    return int(row[0])


def read_summaries(
    connection: Any,
    *,
    today: date,
    thresholds: StallingThresholds,
    pursuit_id: int | None = None,
) -> list[PursuitSummary]:
    """Every pursuit's row (or only ``pursuit_id``'s), with its standing and momentum."""
    where, parameters = ("", ()) if pursuit_id is None else ("WHERE {} = ?", (pursuit_id,))
    cursor = connection.cursor()
    try:
        steps_query = _SERVER_STEPS_QUERY if _on_server(connection) else _STEPS_QUERY
        pursuits = cursor.execute(
            _sql(connection, _PURSUITS_QUERY.format(where=where.format("id"))), parameters
        ).fetchall()
        steps = cursor.execute(
            _sql(connection, steps_query.format(where=where.format("pursuit_id"))), parameters
        ).fetchall()
    finally:
        cursor.close()
    return summaries_from_rows(pursuits, steps, today=today, thresholds=thresholds)


def summaries_from_rows(
    pursuits: list[Any],
    steps: list[Any],
    *,
    today: date,
    thresholds: StallingThresholds,
) -> list[PursuitSummary]:
    """The list's rows from the rows of ``_PURSUITS_QUERY`` and the steps query."""
    steps_of = {row[0]: row[1:] for row in steps}
    summaries = []
    no_steps = ("", None, 0, None)
    for identity, name, client, status_value, value, currency, created, updated, owner in pursuits:
        letters, last_decision, undated, next_planned = steps_of.get(identity, no_steps)
        status = PursuitStatus(status_value)
        outcomes = [_OUTCOME_OF_LETTER[letter] for letter in letters or ""]
        started_on = _day(created)
        decided_on = _day(last_decision) if last_decision else None
        if undated:  # a decision without a date counts from the start of the pursuit
            decided_on = max(decided_on, started_on) if decided_on else started_on
        summaries.append(
            PursuitSummary(
                id=identity,
                name=name,
                client=client,
                status=status,
                value_cents=value,
                currency=currency,
                step_count=len(outcomes),
                standing=standing(outcomes, status),
                momentum=momentum_of(
                    decided_on,
                    stays_in_a_row(outcomes),
                    status=status,
                    started_on=started_on,
                    today=today,
                    thresholds=thresholds,
                ),
                next_planned=_time(next_planned) if next_planned else None,
                updated_at=_time(updated),
                started_on=started_on,
                owner=owner,
            )
        )
    return summaries


# The tick letter of each step: its outcome's first letter; a planned one "p", or "?" when its
# decision is missing. Grouped while scanning the covering summary index in journey order; a
# planned step's decision is asked of the small index of those not written (its WHERE, word for
# word, so that SQLite uses it) instead of the step's row.
_LINE_STEPS_QUERY = f"""
SELECT pursuit_id,
       group_concat(CASE WHEN outcome != :planned THEN substr(outcome, 1, 1)
                         WHEN EXISTS (
                             SELECT 1 FROM step AS d INDEXED BY ix_step_undecided
                             WHERE d.pursuit_id = s.pursuit_id AND d.position = s.position
                               AND d.outcome = 'planned'
                               AND trim(d.decision_needed, {BLANK_SQL}) = '') THEN '?'
                         ELSE 'p' END, ''),
       max(CASE WHEN outcome = 'advanced' THEN held_on END),
       sum(outcome = 'advanced' AND held_on IS NULL)
FROM step AS s INDEXED BY ix_step_summary
WHERE pursuit_id IN (SELECT id FROM pursuit WHERE status = :active{{chosen}})
GROUP BY pursuit_id
"""
# Each active pursuit with its next step: the planned step with the earliest date, the first
# planned one in journey order when none is dated (domain.momentum_board.next_step): the first
# entry of the planned steps' index, which is in that order (its WHERE, word for word, so that
# SQLite may use it). planned_at is stored as ISO text, so its order as text is its order in time.
_LINE_PURSUITS_QUERY = """
SELECT p.id, p.name, p.client, p.value_cents, p.currency, p.created_at,
       n.id, n.planned_at, n.title, n.kind, n.decision_needed, p.owner
FROM pursuit AS p
LEFT JOIN step AS n ON n.id = (
    SELECT s.id FROM step AS s INDEXED BY ix_step_next
    WHERE s.pursuit_id = p.id AND s.outcome = 'planned'
    ORDER BY s.planned_at IS NULL, s.planned_at, s.position
    LIMIT 1)
WHERE p.status = :active{chosen}
"""
# The planned steps of the next days (domain.momentum_board.soon_of): from the start of the
# first day to the start of the day after the last, compared on the date part of the text; read
# from the planned steps' index, not from every step.
_LINE_SOON_QUERY = """
SELECT pursuit_id, id, planned_at, title, kind, decision_needed
FROM step INDEXED BY ix_step_next
WHERE pursuit_id IN (SELECT id FROM pursuit WHERE status = :active{chosen})
  AND outcome = 'planned' AND planned_at >= :start AND planned_at < :end
ORDER BY pursuit_id, position
"""

# The same three on a PostgreSQL server, summed up there too: a row a pursuit, not a row a step
# (2,000 pursuits of 25 steps would be 50,000 rows to send). The letters come from the summary
# index and the partial index of the planned steps without a decision (migration 0007_20, its
# WHERE word for word, so that PostgreSQL uses it); the next step is found in the summary index
# (a pursuit's planned steps by date), then read by its place. Words and days are literals
# (``pg_board_queries``): the window's first picture sends them in one round trip.
_PG_LINE_STEPS_QUERY = f"""
SELECT s.pursuit_id,
       string_agg(CASE WHEN s.outcome != {{planned}} THEN substr(s.outcome, 1, 1)
                       WHEN EXISTS (
                           SELECT 1 FROM step AS d
                           WHERE d.pursuit_id = s.pursuit_id AND d.position = s.position
                             AND d.outcome = 'planned'
                             AND btrim(d.decision_needed, {BLANK_PG}) = '') THEN '?'
                       ELSE 'p' END, '' ORDER BY s.position),
       max(CASE WHEN s.outcome = 'advanced' THEN s.held_on END),
       count(*) FILTER (WHERE s.outcome = 'advanced' AND s.held_on IS NULL)
FROM step AS s
WHERE s.pursuit_id IN (SELECT id FROM pursuit WHERE status = {{active}}{{chosen}})
GROUP BY s.pursuit_id
"""
_PG_LINE_PURSUITS_QUERY = """
SELECT p.id, p.name, p.client, p.value_cents, p.currency, p.created_at,
       n.id, n.planned_at, n.title, n.kind, n.decision_needed, p.owner
FROM pursuit AS p
LEFT JOIN LATERAL (
    SELECT s.position FROM step AS s
    WHERE s.pursuit_id = p.id AND s.outcome = {planned}
    ORDER BY s.planned_at IS NULL, s.planned_at, s.position
    LIMIT 1) AS first ON true
LEFT JOIN step AS n ON n.pursuit_id = p.id AND n.position = first.position
WHERE p.status = {active}{chosen}
"""
_PG_LINE_SOON_QUERY = """
SELECT pursuit_id, id, planned_at, title, kind, decision_needed
FROM step
WHERE pursuit_id IN (SELECT id FROM pursuit WHERE status = {active}{chosen})
  AND outcome = {planned} AND planned_at >= {start} AND planned_at < {end}
ORDER BY pursuit_id, position
"""


def pg_board_queries(today: date, chosen: str = "") -> tuple[str, str, str]:
    """The server's three board queries on ``today``, ``chosen`` added to each condition on
    the pursuit (an SQL text: "" or " AND id IN (1, 2)"). Everything in them is the app's
    own: status words and days, written as literals."""
    from ..domain.momentum_board import upcoming_window

    start, end = upcoming_window(today)
    words = {
        "planned": _word(Outcome.PLANNED.value),
        "active": _word(PursuitStatus.ACTIVE.value),
        "start": f"DATE '{start.date().isoformat()}'",
        "end": f"DATE '{end.date().isoformat()}'",
    }
    return (
        _PG_LINE_STEPS_QUERY.format(chosen=chosen, **words),
        _PG_LINE_PURSUITS_QUERY.format(chosen=chosen.replace(" id ", " p.id "), **words),
        _PG_LINE_SOON_QUERY.format(chosen=chosen, **words),
    )


def _word(value: str) -> str:
    """``value``, one of the app's status words, as an SQL literal."""
    if not value.replace("_", "").isalnum():
        raise ValueError(f"not a plain word: {value!r}")
    return f"'{value}'"


def read_momentum_lines(
    connection: Any,
    *,
    today: date,
    thresholds: StallingThresholds,
    pursuit_ids: Collection[int] | None = None,
) -> list[PursuitLine]:
    """Every active pursuit as the momentum view shows it, in no particular order; with
    ``pursuit_ids``, only those of them that are active.

    Three queries, summed up by the database: one row per pursuit with a letter per step (from
    the covering summary index), its next step, and the planned steps of the next days. Nothing
    is read per step in Python: 2,000 pursuits of 25 steps cost what 2,000 rows cost, on this
    computer's file and on a PostgreSQL server alike.
    """
    if _on_server(connection):
        chosen = ""
        if pursuit_ids is not None:
            ids = [int(pursuit_id) for pursuit_id in pursuit_ids]
            if not ids:  # PostgreSQL has no empty IN ()
                return []
            chosen = f" AND id IN ({', '.join(map(str, ids))})"
        queries: tuple[str, str, str] = pg_board_queries(today, chosen)
        parameters: dict[str, Any] = {}
    else:
        from ..domain.momentum_board import upcoming_window

        chosen_ids = {}
        chosen = ""
        if pursuit_ids is not None:
            chosen_ids = {f"p{number}": pursuit_id for number, pursuit_id in enumerate(pursuit_ids)}
            chosen = f" AND id IN ({', '.join(':' + name for name in chosen_ids)})"
        start, end = upcoming_window(today)
        parameters = {
            "planned": Outcome.PLANNED.value,
            "active": PursuitStatus.ACTIVE.value,
            "start": start.date().isoformat(),
            "end": end.date().isoformat(),
            **chosen_ids,
        }
        queries = (
            _LINE_STEPS_QUERY.format(chosen=chosen),
            _LINE_PURSUITS_QUERY.format(chosen=chosen.replace(" id IN", " p.id IN")),
            _LINE_SOON_QUERY.format(chosen=chosen),
        )
    cursor = connection.cursor()
    try:
        letters, pursuits, soon = (
            cursor.execute(query, parameters).fetchall() for query in queries
        )
    finally:
        cursor.close()
    return momentum_lines_from_summaries(
        letters, pursuits, soon, today=today, thresholds=thresholds
    )


def momentum_lines_from_summaries(
    letter_rows: Iterable[Any],
    pursuit_rows: Iterable[Any],
    soon_rows: Iterable[Any],
    *,
    today: date,
    thresholds: StallingThresholds,
) -> list[PursuitLine]:
    """The momentum view's lines from the rows of its three queries, as either back-end
    returns them (ISO text from SQLite, dates and times from PostgreSQL)."""
    from ..domain.momentum_board import LineStep, NextStep, line_of

    letters_of = {row[0]: row[1:] for row in letter_rows}
    soon_of: dict[int, list[LineStep]] = defaultdict(list)
    for pursuit_id, step_id, planned_at, title, kind, decision in soon_rows:
        soon_of[pursuit_id].append(
            LineStep(
                step_id,
                Outcome.PLANNED,
                None,
                _time(planned_at),
                step_name(title, kind),
                decision,
            )
        )
    no_steps = ("", None, 0)
    lines = []
    for row in pursuit_rows:
        pursuit_id, name, client, value, currency, created = row[:6]
        next_id, next_at, next_title, next_kind, next_decision, owner = row[6:]
        letters, last_decision, undated = letters_of.get(pursuit_id, no_steps)
        letters = letters or ""
        outcomes = list(map(_OUTCOME_OF_LETTER.__getitem__, letters))
        started_on = _day(created)
        decided_on = _day(last_decision) if last_decision else None
        if undated:  # a decision without a date counts from the start of the pursuit
            decided_on = max(decided_on, started_on) if decided_on else started_on
        lines.append(
            line_of(
                pursuit_id=pursuit_id,
                name=name,
                client=client,
                status=PursuitStatus.ACTIVE,
                value_cents=value,
                currency=currency,
                started_on=started_on,
                outcomes=outcomes,
                states=tuple(map(_STATE_OF_LETTER.__getitem__, letters)),
                momentum=momentum_of(
                    decided_on,
                    stays_in_a_row(outcomes),
                    status=PursuitStatus.ACTIVE,
                    started_on=started_on,
                    today=today,
                    thresholds=thresholds,
                ),
                next_step=None
                if next_id is None
                else NextStep(
                    next_id,
                    _time(next_at) if next_at else None,
                    step_name(next_title, next_kind),
                    next_decision,
                ),
                upcoming=tuple(soon_of.get(pursuit_id, ())),
                today=today,
                owner=owner,
            )
        )
    return lines
