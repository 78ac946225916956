"""Steps read with what their sheets show: the same answer as one read per step, in one go."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.errors import NotFound
from pursuit_journey.store.repository import SheetPursuit, Store


def _two_pursuits(store: Store) -> tuple[list[int], list[int], list[int]]:
    acme = store.create_pursuit("Acme", "Acme Ltd")
    globex = store.create_pursuit("Globex", "Globex Corp")
    acme_steps = [store.add_step(acme.id, title=f"Acme {n}").id for n in range(3)]
    globex_steps = [store.add_step(globex.id, title=f"Globex {n}").id for n in range(2)]
    store.move_step(acme_steps[2], 0)  # positions no longer follow the ids
    cfo = store.add_person(acme.id, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    ops = store.add_person(acme.id, "Tomás", "Ops", BuyingRole.USER)
    store.set_attendees(acme_steps[1], [ops.id, cfo.id])
    return acme_steps, globex_steps, [cfo.id, ops.id]


def test_each_step_comes_with_its_pursuit_steps_and_attendees(store: Store) -> None:
    acme_steps, globex_steps, people = _two_pursuits(store)
    asked = [globex_steps[1], acme_steps[1], acme_steps[0]]

    found = store.steps_in_context(asked)

    assert [item.step.id for item in found] == asked
    for item in found:
        assert item.pursuit.id == item.step.pursuit_id
        assert [s.id for s in item.steps] == [s.id for s in store.steps(item.pursuit.id)]
        assert [p.id for p in item.attendees] == [p.id for p in store.attendees(item.step.id)]
    assert [p.id for p in found[1].attendees] == people
    assert found[0].attendees == [] and found[0].pursuit.name == "Globex"


def test_a_step_that_is_gone_is_reported(store: Store) -> None:
    acme_steps, _, _ = _two_pursuits(store)
    store.delete_step(acme_steps[0])
    with pytest.raises(NotFound):
        store.steps_in_context([acme_steps[1], acme_steps[0]])


def test_the_number_of_queries_does_not_grow_with_the_steps(store: Store) -> None:
    pursuit_ids = [store.create_pursuit(f"Pursuit {n}").id for n in range(30)]
    step_ids = [store.add_step(pid, title="Demo").id for pid in pursuit_ids for _ in range(3)]

    def queries_for(ids: list[int]) -> int:
        statements: list[str] = []

        def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            statements.append(statement)

        event.listen(store.engine, "before_cursor_execute", count)
        try:
            assert [item.step.id for item in store.steps_in_context(ids)] == ids
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        return len(statements)

    assert queries_for(step_ids) == queries_for(step_ids[:2])


def test_more_steps_than_one_query_may_name(store: Store) -> None:
    pursuit = store.create_pursuit("Big")
    # More ids than one IN (...) query takes (SQLite limits bound variables).
    step_ids = [store.add_step(pursuit.id, title=f"Step {n}").id for n in range(600)]

    found = store.steps_in_context(reversed(step_ids))

    assert [item.step.id for item in found] == step_ids[::-1]
    assert len(found[0].steps) == 600


def test_the_sheets_plain_rows_hold_what_the_objects_hold(store: Store) -> None:
    """``sheet_rows`` (plain rows, for a batch of sheets) reads what ``steps_in_context``
    reads: every column of the step, the pursuit's facts, the line's steps, the attendees."""
    from datetime import date, datetime

    from pursuit_journey.printing.sheet_content import build_sheet
    from pursuit_journey.store.tables import Step

    acme_steps, globex_steps, _ = _two_pursuits(store)
    store.update_step(
        acme_steps[1],
        planned_at=datetime(2026, 3, 4, 9, 30),
        decision_needed="Zürich signs 😀",
        decision_by=date(2026, 3, 20),
        why_client="Cuts fuel cost",
        questions="Who else?\nWhen?",
        agreement_time="45 minutes",
    )
    store.update_pursuit(store.steps_in_context([globex_steps[0]])[0].pursuit.id, status="won")
    asked = [acme_steps[1], globex_steps[0], acme_steps[0], acme_steps[2]]

    rows = store.sheet_rows(asked)
    objects = store.steps_in_context(asked)

    assert len(rows) == len(objects) == len(asked)
    for row, found in zip(rows, objects, strict=True):
        for column in Step.model_fields:  # every column
            assert getattr(row.step, column) == getattr(found.step, column), column
        pursuit = found.pursuit
        assert row.pursuit == SheetPursuit(pursuit.id, pursuit.name, pursuit.client, pursuit.status)
        assert [tuple(s) for s in row.steps] == [tuple(s) for s in found.steps]
        assert [(p.name, p.title, p.role) for p in row.attendees] == [
            (p.name, p.title, p.role) for p in found.attendees
        ]
        assert build_sheet(row.pursuit, row.steps, row.step, row.attendees) == build_sheet(
            found.pursuit, found.steps, found.step, found.attendees
        )
    assert rows[0].step.decision_by == date(2026, 3, 20)
    assert rows[0].step.planned_at == datetime(2026, 3, 4, 9, 30)
    assert [p.name for p in rows[0].attendees] == ["Marta", "Tomás"]
    assert rows[1].pursuit.status == "won"


def test_the_sheets_rows_of_a_step_that_is_gone_are_reported(store: Store) -> None:
    acme_steps, _, _ = _two_pursuits(store)
    store.delete_step(acme_steps[0])
    with pytest.raises(NotFound):
        store.sheet_rows([acme_steps[1], acme_steps[0]])


def test_the_sheets_rows_take_a_few_queries_for_any_number_of_steps(store: Store) -> None:
    pursuit = store.create_pursuit("Big")
    # More ids than one IN (...) query takes (SQLite limits bound variables).
    step_ids = [store.add_step(pursuit.id, title=f"Step {n}").id for n in range(600)]
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        found = store.sheet_rows(reversed(step_ids))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)

    assert [item.step.id for item in found] == step_ids[::-1]
    assert len(found[0].steps) == 600
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 5
