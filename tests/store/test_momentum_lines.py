"""Store.momentum_lines: what the momentum view reads, from the real SQLite file."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from datetime import date, datetime, timedelta

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.momentum import StallingThresholds
from pursuit_journey.domain.momentum_board import LineStep, PursuitLine, pursuit_line
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus, step_name
from pursuit_journey.paths import Paths
from pursuit_journey.store.fields import BLANK
from pursuit_journey.store.repository import Store


def test_active_pursuits_with_their_steps_next_step_and_momentum(store: Store) -> None:
    active = store.create_pursuit(
        "Acme pilot",
        client="Acme",
        value_cents=12_000_00,
        currency="eur",
        created_at=datetime(2026, 1, 1),
    )
    decided = store.add_step(active.id, title="Discovery", decision_needed="Shares data")
    store.record_outcome(
        decided.id, Outcome.ADVANCED, held_on=date(2026, 2, 20), decision_made="Shared"
    )
    store.add_step(active.id, title="Contract", planned_at=datetime(2026, 4, 1, 10))
    soon = store.add_step(
        active.id,
        title="Pilot review",
        planned_at=datetime(2026, 3, 4, 9),
        decision_needed="Picks the depot",
    )
    closed = store.create_pursuit("Old deal")
    store.set_status(closed.id, PursuitStatus.LOST)
    paused = store.create_pursuit("Paused deal")
    store.set_status(paused.id, PursuitStatus.ON_HOLD)

    (line,) = store.momentum_lines()
    assert line.pursuit_id == active.id
    assert (line.client, line.value_cents, line.currency) == ("Acme", 12_000_00, "EUR")
    assert line.started_on == date(2026, 1, 1)
    assert (line.step_count, line.held_count) == (3, 1)
    assert line.compact.states == (
        TickState.ADVANCED,
        TickState.DECISION_MISSING,
        TickState.PLANNED,
    )
    assert line.momentum.days_since_decision == 10  # today is 2 March
    assert line.next_step is not None
    assert (line.next_step.step_id, line.next_step.decision) == (soon.id, "Picks the depot")
    assert line.next_step.planned_at == datetime(2026, 3, 4, 9)
    # Of the steps only those of the next seven days are read, for the Upcoming list.
    assert [(step.id, step.title, step.decision) for step in line.upcoming] == [
        (soon.id, "Pilot review", "Picks the depot")
    ]


def test_the_store_thresholds_decide_stalling(store: Store) -> None:
    pursuit = store.create_pursuit("Acme", created_at=datetime(2026, 2, 1))
    for _ in range(2):
        step = store.add_step(pursuit.id)
        store.record_outcome(step.id, Outcome.STAYED, held_on=date(2026, 2, 25))
    assert store.momentum_lines()[0].momentum.stalling
    store.thresholds = StallingThresholds(stays_in_a_row=3, days_without_decision=60)
    assert not store.momentum_lines()[0].momentum.stalling


def test_going_back_is_recorded_on_its_own_step_and_leaves_earlier_ones_alone(
    store: Store,
) -> None:
    pursuit = store.create_pursuit("Acme")
    first = store.add_step(pursuit.id, title="Workshop")
    store.record_outcome(
        first.id, Outcome.ADVANCED, held_on=date(2026, 2, 1), decision_made="Review agreed"
    )
    before = store.step(first.id).model_dump()
    back = store.add_step(pursuit.id, title="Scope call")
    store.record_outcome(
        back.id, Outcome.WENT_BACK, held_on=date(2026, 2, 8), decision_made="Scope reopened"
    )
    assert store.step(first.id).model_dump() == before
    stored = store.step(back.id)
    assert (stored.outcome, stored.decision_made) == ("went_back", "Scope reopened")


def test_chosen_pursuits_only_and_only_while_active(store: Store) -> None:
    acme = store.create_pursuit("Acme pilot")
    globex = store.create_pursuit("Globex renewal")
    initech = store.create_pursuit("Initech upgrade")
    for pursuit in (acme, globex, initech):
        store.add_step(pursuit.id, title="Discovery", decision_needed="Shares data")
    store.set_status(initech.id, PursuitStatus.WON)

    whole = {line.pursuit_id: line for line in store.momentum_lines()}
    chosen = store.momentum_lines([globex.id, initech.id])

    assert [line.pursuit_id for line in chosen] == [globex.id]  # won: not on the board
    assert chosen[0] == whole[globex.id]
    assert store.momentum_lines([]) == []


def test_a_planned_step_without_a_title_is_named_by_its_kind(store: Store) -> None:
    pursuit = store.create_pursuit("Acme pilot", client="Acme")
    store.add_step(pursuit.id, kind="call", planned_at=datetime(2026, 3, 4, 9))
    store.add_step(pursuit.id, title="  Pilot   review ", planned_at=datetime(2026, 3, 5, 9))
    (line,) = store.momentum_lines()
    # The same names as on the line, the form's header and the sheet.
    assert [step.title for step in line.upcoming] == ["Call", "Pilot review"]
    assert line.next_step is not None and line.next_step.title == "Call"


def _reference_line(store: Store, pursuit_id: int) -> PursuitLine:
    """The line by the domain's rule from every stored step, as the journey line sees them."""
    pursuit = store.pursuit(pursuit_id)
    steps = [
        LineStep(
            step.id,
            Outcome(step.outcome),
            step.held_on,
            step.planned_at,
            step_name(step.title, step.kind),
            step.decision_needed,
        )
        for step in store.steps(pursuit_id)
    ]
    return pursuit_line(
        pursuit_id=pursuit_id,
        name=pursuit.name,
        client=pursuit.client,
        status=PursuitStatus(pursuit.status),
        value_cents=pursuit.value_cents,
        currency=pursuit.currency,
        started_on=pursuit.created_at.date(),
        steps=steps,
        today=store.today(),
        thresholds=store.thresholds,
    )


def test_the_summed_up_read_agrees_with_the_rule_on_every_step(store: Store) -> None:
    """SQLite sums the steps up (a letter per step, the next step, the next days); each line
    must equal the domain's own line made from every stored step."""
    today = store.today()
    midnight = datetime.combine(today, datetime.min.time())
    week_end = midnight + timedelta(days=7)
    made = []
    # Blank decisions of every kind of white space count as missing, as on the journey line.
    for number, decision in enumerate(["Signs", "", "  ", "\u00a0\u2003\n", "\u3000Picks x"]):
        pursuit = store.create_pursuit(
            f"Deal {number}", client=f"Client {number}", created_at=datetime(2026, 1, 1)
        )
        made.append(pursuit.id)
        first = store.add_step(pursuit.id, title="Discovery", decision_needed="Shares data")
        store.record_outcome(first.id, Outcome.ADVANCED, held_on=date(2026, 2, 1))
        undated = store.add_step(pursuit.id, title="Undated decision")
        store.record_outcome(undated.id, Outcome.ADVANCED)
        stayed = store.add_step(pursuit.id)
        store.record_outcome(stayed.id, Outcome.STAYED, held_on=date(2026, 2, 20))
        back = store.add_step(pursuit.id)
        store.record_outcome(back.id, Outcome.WENT_BACK, held_on=date(2026, 2, 25))
        # The window's edges: from today's midnight (in) to a week later (out); a past plan
        # (overdue) and one without a date; two at the same minute (the first in order wins).
        for at in (
            midnight - timedelta(minutes=1),
            midnight,
            None,
            week_end - timedelta(microseconds=1),
            week_end,
            midnight + timedelta(days=2, hours=9),
            midnight + timedelta(days=2, hours=9),
        ):
            store.add_step(
                pursuit.id, kind="call", title="", planned_at=at, decision_needed=decision
            )
    only_undated = store.create_pursuit("Undated only", created_at=datetime(2026, 2, 10))
    store.add_step(only_undated.id, title="Sometime")
    store.add_step(only_undated.id, title="Later", decision_needed="Decides")
    made.append(only_undated.id)
    empty = store.create_pursuit("No steps yet", created_at=datetime(2026, 2, 27))
    made.append(empty.id)
    store.add_step(made[0], at=0, title="Moved to the front", planned_at=midnight)

    lines = {line.pursuit_id: line for line in store.momentum_lines()}
    assert set(lines) == set(made)
    for pursuit_id in made:
        assert lines[pursuit_id] == _reference_line(store, pursuit_id), pursuit_id
    assert lines[made[1]].compact.states.count(TickState.DECISION_MISSING) == 7
    assert lines[made[3]].compact.states.count(TickState.DECISION_MISSING) == 7
    assert lines[made[4]].compact.states.count(TickState.DECISION_MISSING) == 0
    assert len(lines[made[0]].upcoming) == 5


def test_blank_is_what_str_strip_takes_away() -> None:
    every = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert every == BLANK


def test_the_next_step_and_the_next_days_are_read_from_the_planned_steps_index(
    sqlite_store: Store, paths: Paths
) -> None:
    """Migration 0008_21o: the next step is the first entry of the planned steps' index (no
    sort per pursuit), the next days a part of it (not every step of every pursuit)."""
    from pursuit_journey.store.summaries import _LINE_PURSUITS_QUERY, _LINE_SOON_QUERY

    pursuit = sqlite_store.create_pursuit("Deal", client="Client")
    sqlite_store.add_step(pursuit.id, title="Call", planned_at=datetime(2026, 3, 3, 9))
    parameters = {"active": "active", "start": "2026-03-02", "end": "2026-03-09"}
    with closing(sqlite3.connect(paths.database)) as connection:
        next_step, next_days = (
            [row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {query}", parameters)]
            for query in (
                _LINE_PURSUITS_QUERY.format(chosen=""),
                _LINE_SOON_QUERY.format(chosen=""),
            )
        )
    assert any("ix_step_next" in step for step in next_step), next_step
    assert not any("FOR ORDER BY" in step for step in next_step), next_step
    assert any(step.startswith("SEARCH step USING INDEX ix_step_next") for step in next_days)
