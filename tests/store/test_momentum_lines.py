"""Store.momentum_lines: what the momentum view reads, from the real SQLite file."""

from __future__ import annotations

from datetime import date, datetime

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.momentum import StallingThresholds
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
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
    later = store.add_step(active.id, title="Contract", planned_at=datetime(2026, 4, 1, 10))
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
    assert [step.id for step in line.steps] == [decided.id, later.id, soon.id]
    assert line.compact.states == (
        TickState.ADVANCED,
        TickState.DECISION_MISSING,
        TickState.PLANNED,
    )
    assert line.momentum.days_since_decision == 10  # today is 2 March
    assert line.next_step is not None
    assert (line.next_step.step_id, line.next_step.decision) == (soon.id, "Picks the depot")
    assert line.next_step.planned_at == datetime(2026, 3, 4, 9)
    # Held steps carry no text: only planned ones are read for the view.
    assert line.steps[0].decision == "" and line.steps[0].held_on == date(2026, 2, 20)


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
    assert [step.title for step in line.steps] == ["Call", "Pilot review"]
