"""Two computers on one store: each pursuit's owner, and nothing overwritten silently.

The second computer is a second ``Store`` on the same database: as far as conflicts go, two
engines on one SQLite file are two computers on one server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col

from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.store.errors import ChangedElsewhere, StepsChangedElsewhere
from pursuit_journey.store.positions import move_in_line, steps_in_order
from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import Step
from statements_sent import statements_sent


@pytest.fixture
def elsewhere(store: Store, request: pytest.FixtureRequest) -> Iterator[Store]:
    """The same database opened by another computer."""
    if store.shared:
        other = Store.open_server(request.getfixturevalue("server_url"))
    else:
        other = Store.open(Path(store.database))
    yield other
    other.close()


def seen(store: Store, pursuit_id: int) -> list[tuple[int, int]]:
    return [(step.id, step.version) for step in store.steps(pursuit_id)]  # type: ignore[misc]


def test_the_same_field_saved_on_two_computers_gives_the_second_both_texts(
    store: Store, elsewhere: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id, concerns="Budget")
    loaded_here = store.step(step.id).version
    loaded_there = elsewhere.step(step.id).version

    saved = elsewhere.update_step(
        step.id, expected_version=loaded_there, concerns="Budget frozen until May"
    )
    assert saved.version == loaded_there + 1
    with pytest.raises(ChangedElsewhere) as raised:
        store.update_step(step.id, expected_version=loaded_here, concerns="Budget and timing")

    conflict = raised.value
    assert conflict.label == "Concerns, risks and competition"
    assert conflict.column == "concerns"
    assert conflict.theirs == "Budget frozen until May"
    assert conflict.mine == "Budget and timing"
    assert conflict.version == saved.version
    assert "changed on another computer" in str(conflict)
    assert store.step(step.id).concerns == "Budget frozen until May"  # nothing overwritten

    # Keep Mine: written with the version the conflict carried.
    kept = store.update_step(
        step.id, expected_version=conflict.version, concerns="Budget and timing"
    )
    assert elsewhere.step(step.id).concerns == "Budget and timing"
    assert kept.version == conflict.version + 1


def test_every_edit_raises_the_version_and_an_old_version_is_refused(
    store: Store, elsewhere: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    person = store.add_person(pursuit.id, "Ann")
    step = store.add_step(pursuit.id)
    start = (store.pursuit(pursuit.id).version, step.version, person.version)

    elsewhere.update_pursuit(pursuit.id, notes="theirs")
    elsewhere.record_outcome(step.id, Outcome.ADVANCED)
    elsewhere.update_person(person.id, title="CFO")

    with pytest.raises(ChangedElsewhere) as on_pursuit:
        store.update_pursuit(pursuit.id, expected_version=start[0], notes="mine")
    assert (on_pursuit.value.theirs, on_pursuit.value.mine) == ("theirs", "mine")
    with pytest.raises(ChangedElsewhere) as on_step:
        store.record_outcome(step.id, Outcome.STAYED, expected_version=start[1])
    assert on_step.value.theirs == Outcome.ADVANCED.value
    with pytest.raises(ChangedElsewhere) as on_person:
        store.update_person(person.id, expected_version=start[2], title="CEO")
    assert (on_person.value.theirs, on_person.value.mine) == ("CFO", "CEO")
    assert store.people(pursuit.id)[0].title == "CFO"


def test_closing_a_pursuit_raises_the_versions_of_the_steps_it_closes(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id)
    closed = store.close_pursuit(pursuit.id, PursuitStatus.LOST, close_planned_steps=True)
    assert store.step(step.id).version == step.version + 1
    store.reopen_pursuit(closed)
    assert store.step(step.id).version == step.version + 2


def test_a_move_is_refused_when_the_steps_changed_elsewhere(store: Store, elsewhere: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABCD"]
    shown = seen(store, pursuit.id)

    elsewhere.update_step(steps[1].id, title="B, renamed there")  # beside where A goes
    with pytest.raises(StepsChangedElsewhere, match="changed on another computer"):
        store.move_step(steps[0].id, 1, seen=shown)
    assert [s.title for s in store.steps(pursuit.id)] == ["A", "B, renamed there", "C", "D"]

    shown = seen(store, pursuit.id)
    elsewhere.add_step(pursuit.id, at=0, title="New there")
    with pytest.raises(StepsChangedElsewhere):
        store.move_step(steps[3].id, 2, seen=shown)

    shown = seen(store, pursuit.id)  # read again: the move goes through
    order = store.move_step(steps[3].id, 2, seen=shown)
    assert [s.title for s in order] == ["New there", "A", "D", "B, renamed there", "C"]


def test_a_move_renumbers_with_two_updates_and_raises_the_versions_of_the_steps_it_moves(
    store: Store,
) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABCDEFGH"]
    before = dict(seen(store, pursuit.id))
    with statements_sent(store.engine, "UPDATE STEP") as statements:
        order = store.move_step(steps[0].id, 5)  # A moves, B to F move up one each
    assert len(statements) == 2  # parked, then placed: not two per step
    read = store.steps(pursuit.id)
    assert [s.title for s in read] == list("BCDEFAGH")
    assert [s.position for s in read] == list(range(8))
    moved_ids = {step.id for step in steps[:6]}
    for step in read:
        assert step.version == before[step.id] + (1 if step.id in moved_ids else 0)
    # What the move returns is what the window shows next: the same places and versions.
    assert [(s.id, s.position, s.version) for s in order] == [
        (s.id, s.position, s.version) for s in read
    ]
    shown = seen(store, pursuit.id)
    back = store.move_step(steps[0].id, 0, seen=shown)  # and it moves on from there
    assert [s.title for s in back] == list("ABCDEFGH")


def test_a_move_on_a_line_numbered_with_gaps_numbers_it_again(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABC"]
    with Session(store.engine) as session, session.begin():  # as an old copy might have it
        for step, position in zip(reversed(steps), (9, 5, 2), strict=True):
            session.execute(update(Step).where(col(Step.id) == step.id).values(position=position))
    order = store.move_step(steps[2].id, 0)
    assert [(s.title, s.position) for s in order] == [("C", 0), ("A", 1), ("B", 2)]
    assert [(s.title, s.position) for s in store.steps(pursuit.id)] == [
        ("C", 0),
        ("A", 1),
        ("B", 2),
    ]


def test_a_move_is_refused_when_a_step_changed_between_reading_and_writing(
    store: Store, elsewhere: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABCD"]
    with Session(store.engine, expire_on_commit=False) as session:
        ordered = steps_in_order(session, pursuit.id)
    elsewhere.update_step(steps[2].id, title="C, renamed there")  # after the read
    with Session(store.engine) as session, pytest.raises(StaleDataError):
        move_in_line(session, ordered, 3, 0)  # closed unsaved: rolled back
    assert [s.title for s in store.steps(pursuit.id)] == ["A", "B", "C, renamed there", "D"]
    assert [s.position for s in store.steps(pursuit.id)] == [0, 1, 2, 3]


def test_a_move_far_from_a_change_elsewhere_goes_through(store: Store, elsewhere: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABCDE"]
    shown = seen(store, pursuit.id)
    elsewhere.update_step(steps[4].id, concerns="theirs")
    order = store.move_step(steps[0].id, 1, seen=shown)
    assert [s.title for s in order] == ["B", "A", "C", "D", "E"]


def test_a_delete_is_refused_when_the_step_changed_elsewhere(
    store: Store, elsewhere: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=title) for title in "ABC"]
    shown = seen(store, pursuit.id)
    elsewhere.update_step(steps[1].id, concerns="written there")
    with pytest.raises(StepsChangedElsewhere):
        store.delete_step(steps[1].id, seen=shown)
    assert store.step(steps[1].id).concerns == "written there"
    store.delete_step(steps[1].id, seen=seen(store, pursuit.id))
    assert [s.title for s in store.steps(pursuit.id)] == ["A", "C"]


def test_new_and_imported_pursuits_are_the_owners(store: Store) -> None:
    from pursuit_journey.store.exchange import parse_document

    assert store.create_pursuit("Before a name").owner == ""
    store.owner = "Dana Reyes"
    created = store.create_pursuit("Acme")
    assert store.pursuit(created.id).owner == "Dana Reyes"
    sample = store.create_sample_pursuit()
    assert store.pursuit(sample.id).owner == "Dana Reyes"
    document = store.export_pursuit(created.id)
    imported = store.import_pursuit(parse_document(document), as_copy=True)
    assert store.pursuit(imported.id).owner == "Dana Reyes"
    owners = {summary.name: summary.owner for summary in store.pursuit_summaries()}
    assert owners["Before a name"] == "" and owners["Acme"] == "Dana Reyes"
    assert {line.owner for line in store.momentum_lines()} == {"", "Dana Reyes"}


def test_pursuits_imported_from_a_spreadsheet_are_the_owners(store: Store) -> None:
    from pursuit_journey.domain.spreadsheet_rules import ImportRow
    from pursuit_journey.store.spreadsheet_import import ExistingChoice

    store.owner = "Dana Reyes"
    receipt = store.import_pursuit_rows(
        [ImportRow(line=2, name="Pilot", client="Acme")], ExistingChoice.SKIP
    )
    assert [store.pursuit(i).owner for i in receipt.created_ids] == ["Dana Reyes"]
