"""Store actions behind the prep form: planning the next step, adding an attendee in place."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, StepKind
from pursuit_journey.store.errors import InvalidInput, StoreError
from pursuit_journey.store.repository import Store


def reopened(store: Store) -> Store:
    """The same file (or server) through a fresh engine: the data is saved, not in a cache."""
    if store.server_url is not None:
        return Store.open_server(store.server_url.render_as_string())
    url = store.engine.url.database
    assert url is not None
    return Store.open(Path(url))


def test_plan_next_step_starts_from_the_next_decision(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    first = store.add_step(pursuit.id, kind=StepKind.DEMO.value, title="Demo")
    store.record_outcome(
        first.id, Outcome.ADVANCED, next_decision="  CFO approves the pilot budget by 1 May  "
    )

    planned = store.plan_next_step(first.id)

    fresh = reopened(store)
    try:
        steps = fresh.steps(pursuit.id)
    finally:
        fresh.close()
    assert [s.id for s in steps] == [first.id, planned.id]
    assert steps[1].decision_needed == "CFO approves the pilot budget by 1 May"
    assert steps[1].outcome == Outcome.PLANNED.value
    assert steps[1].kind == StepKind.DEMO.value
    assert steps[1].title == ""


def test_plan_next_step_goes_right_after_its_step(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    first = store.add_step(pursuit.id, title="one", next_decision="Decide A")
    last = store.add_step(pursuit.id, title="two")

    planned = store.plan_next_step(first.id)

    assert [s.id for s in store.steps(pursuit.id)] == [first.id, planned.id, last.id]


def test_plan_next_step_needs_a_next_decision(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id, next_decision="   ")
    with pytest.raises(StoreError, match="next decision"):
        store.plan_next_step(step.id)
    assert len(store.steps(pursuit.id)) == 1


def test_add_attendee_creates_the_person_and_seats_them(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id)
    other_step = store.add_step(pursuit.id)

    person = store.add_attendee(step.id, " Marta  Jensen ", "CFO", BuyingRole.DECIDES_BUDGET)

    assert [p.id for p in store.people(pursuit.id)] == [person.id]
    attending = store.attendees(step.id)
    assert [(p.name, p.title, p.role) for p in attending] == [
        ("Marta Jensen", "CFO", BuyingRole.DECIDES_BUDGET.value)
    ]
    assert store.attendees(other_step.id) == []


def test_add_attendee_needs_a_name_and_writes_nothing_without_one(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id)
    with pytest.raises(InvalidInput, match="needs a name"):
        store.add_attendee(step.id, "  ")
    assert store.people(pursuit.id) == []


def test_plan_next_step_brings_the_attendees_a_week_after_it_was_held(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    first = store.add_step(pursuit.id, planned_at=datetime(2026, 2, 20, 15, 30))
    marta = store.add_person(pursuit.id, "Marta", role=BuyingRole.DECIDES_BUDGET)
    lee = store.add_person(pursuit.id, "Lee", role=BuyingRole.COACH)
    store.add_person(pursuit.id, "Not there")
    store.set_attendees(first.id, [marta.id, lee.id])
    store.record_outcome(
        first.id, Outcome.ADVANCED, held_on=date(2026, 2, 23), next_decision="Pilot budget"
    )

    planned = store.plan_next_step(first.id)

    assert [p.id for p in store.attendees(planned.id)] == [marta.id, lee.id]
    # A week after the day it was held, at the hour it was planned for.
    assert store.step(planned.id).planned_at == datetime(2026, 3, 2, 15, 30)
    # Undo (deleting it) and redo (restoring it) keep the attendees.
    restored = store.restore_step(store.delete_step(planned.id))
    assert [p.id for p in store.attendees(restored.id)] == [marta.id, lee.id]


def test_an_outcome_without_a_date_is_held_today_when_planned_later(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    early = store.add_step(pursuit.id, planned_at=datetime(2026, 3, 9, 10))
    recorded = store.record_outcome(early.id, Outcome.STAYED)
    assert recorded.held_on == date(2026, 3, 2)  # the store's today, not a future day
