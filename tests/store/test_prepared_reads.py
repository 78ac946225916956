"""The reads of a pursuit being shown (its steps, its people and who attends the step) are
statements built once and sent as few times as they can: every selection of a pursuit sends
them, and building them again cost more Python than the database's work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.repository import Store
from statements_sent import statements_sent


def test_the_people_of_a_step_and_who_attends_it_come_in_one_statement(store: Store) -> None:
    acme = store.create_pursuit("Acme", "Acme Ltd")
    globex = store.create_pursuit("Globex", "Globex Corp")
    kick_off, review = (store.add_step(acme.id, title=t).id for t in ("Kick-off", "Review"))
    other = store.add_step(globex.id, title="Demo").id
    cfo = store.add_person(acme.id, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    ops = store.add_person(acme.id, "Tomás", "Ops", BuyingRole.USER)
    legal = store.add_person(acme.id, "Ines", "Legal", BuyingRole.OTHER)
    stranger = store.add_person(globex.id, "Otto", "CTO", BuyingRole.DECIDES_BUDGET)
    store.set_attendees(kick_off, [ops.id, cfo.id])
    store.set_attendees(review, [legal.id, ops.id])
    store.set_attendees(other, [stranger.id])

    with statements_sent(store.engine) as statements:
        people, attending = store.people_at(kick_off, acme.id)

    assert [person.id for person in people] == [cfo.id, ops.id, legal.id]  # in the order added
    assert [person.name for person in people] == ["Marta", "Tomás", "Ines"]
    assert attending == {cfo.id, ops.id}
    assert len(statements) == 1  # was two: the people, then who attends
    assert store.people_at(review, acme.id)[1] == {legal.id, ops.id}
    globex_people, globex_attending = store.people_at(other, globex.id)
    assert [person.id for person in globex_people] == [stranger.id]
    assert globex_attending == {stranger.id}
    assert store.people_at(kick_off, globex.id)[1] == set()  # nobody of Globex attends it
    empty = store.create_pursuit("Initech")
    first = store.add_step(empty.id, title="Call").id
    assert store.people_at(first, empty.id) == ([], set())


def test_a_shown_pursuit_is_read_with_the_same_statements_each_time(store: Store) -> None:
    """Built once: the same statement objects whatever pursuit or step is read, so SQLAlchemy
    neither builds their clauses nor works out their cache keys again."""
    pursuits = [store.create_pursuit(f"Pursuit {n}") for n in range(2)]
    steps = [store.add_step(pursuit.id, title="Demo").id for pursuit in pursuits]
    sent: list[Any] = []

    def note(state: ORMExecuteState) -> None:
        sent.append(state.statement)

    event.listen(Session, "do_orm_execute", note)
    try:
        for pursuit, step in zip(pursuits, steps, strict=True):
            store.steps(pursuit.id)
            store.people_at(step, pursuit.id)
    finally:
        event.remove(Session, "do_orm_execute", note)

    assert len(sent) == 4
    assert sent[0] is sent[2] and sent[1] is sent[3]
    assert [step.id for step in store.steps(pursuits[1].id)] == [steps[1]]
