"""Moving pursuits between two stores (this computer's file, a shared server): everything copied
field by field in one transaction, pursuits already there skipped and named, a failure half-way
leaving the target as it was, and a local copy written whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_exchange import full_pursuit

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.repository import Store
from pursuit_journey.store.sample import SAMPLE_NAME
from pursuit_journey.store.tables import Attendance, Person, Pursuit, Step
from pursuit_journey.store.transfer import copy_pursuits, write_local_copy

TODAY = date(2026, 3, 2)


def contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, field by field, with ids replaced by the uids they point to
    (ids are each database's own)."""
    with store.engine.connect() as connection:
        pursuits = {row.id: row for row in connection.execute(select(Pursuit.__table__))}
        people = {row.id: row for row in connection.execute(select(Person.__table__))}
        steps = {row.id: row for row in connection.execute(select(Step.__table__))}
        attendance = list(connection.execute(select(Attendance.__table__)))

    def plain(row: Any, **references: str) -> tuple[Any, ...]:
        # A row's version counts the edits made to it in its own database (a copy starts anew).
        values = {key: value for key, value in row._mapping.items() if key not in ("id", "version")}
        values.update(references)
        for key in ("pursuit_id",):
            values.pop(key, None)
        return tuple(sorted(values.items()))

    return {
        "pursuit": sorted(plain(row) for row in pursuits.values()),
        "person": sorted(
            plain(row, pursuit=pursuits[row.pursuit_id].uid) for row in people.values()
        ),
        "step": sorted(plain(row, pursuit=pursuits[row.pursuit_id].uid) for row in steps.values()),
        "attendance": sorted(
            (steps[row.step_id].uid, people[row.person_id].uid) for row in attendance
        ),
    }


def counts(store: Store) -> dict[str, int]:
    return {table: len(rows) for table, rows in contents(store).items()}


def three_pursuits(store: Store) -> list[int]:
    """A pursuit with every field filled, the sample pursuit, and one with nothing but a name."""
    ids = [full_pursuit(store)]
    ids.append(store.create_sample_pursuit(today=TODAY).id)  # type: ignore[arg-type]
    ids.append(store.create_pursuit("Bare").id)  # type: ignore[arg-type]
    return ids


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "here" / "pursuits.sqlite3", today=lambda: TODAY)
    yield opened
    opened.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "there" / "pursuits.sqlite3", today=lambda: TODAY)
    yield opened
    opened.close()


def test_every_pursuit_is_copied_field_by_field(source: Store, target: Store) -> None:
    three_pursuits(source)
    before = contents(source)

    added = copy_pursuits(source, target)

    assert added.copied == ("Acme — rollout", SAMPLE_NAME, "Bare")
    assert added.already_there == ()
    assert contents(target) == before
    assert contents(source) == before  # the source is only read
    assert counts(target)["attendance"] > 0 and counts(target)["step"] > 6


def test_copying_again_skips_every_pursuit_and_names_them(source: Store, target: Store) -> None:
    three_pursuits(source)
    copy_pursuits(source, target)
    copied = contents(target)

    again = copy_pursuits(source, target)

    assert again.copied == ()
    assert again.already_there == ("Acme — rollout", SAMPLE_NAME, "Bare")
    assert contents(target) == copied


def test_only_the_new_pursuits_are_copied(source: Store, target: Store) -> None:
    three_pursuits(source)
    copy_pursuits(source, target)
    source.create_pursuit("Initech — renewal", "Initech")

    added = copy_pursuits(source, target)

    assert added.copied == ("Initech — renewal",)
    assert len(added.already_there) == 3
    assert contents(target) == contents(source)


def test_a_clash_is_named_and_nothing_is_copied(source: Store, target: Store) -> None:
    second = three_pursuits(source)[1]
    target.create_pursuit("Already here")
    # The second pursuit's first person has the same identity as a person already on the
    # target (a pursuit copied by hand once).
    clash = source.people(second)[0].uid
    there = target.add_person(target.find_pursuits("Already here")[0].id, "Someone")  # type: ignore[arg-type]
    target.update_person(there.id, uid=clash)  # type: ignore[arg-type]
    before = contents(target)

    with pytest.raises(StoreError) as refused:
        copy_pursuits(source, target)

    assert SAMPLE_NAME in str(refused.value)
    assert "Nothing was copied" in str(refused.value)
    assert contents(target) == before


def refuse_the_call_step(store: Store) -> None:
    """A fault on the target when the step titled "Call" is written: after the pursuits and
    their people are in, in the middle of the steps."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_call() RETURNS trigger AS $$ BEGIN "
                "IF NEW.title = 'Call' THEN RAISE EXCEPTION 'the disk went away'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_call BEFORE INSERT ON step "
                "FOR EACH ROW EXECUTE FUNCTION refuse_call()"
            )
        else:
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_call BEFORE INSERT ON step WHEN NEW.title = 'Call' "
                "BEGIN SELECT RAISE(ABORT, 'the disk went away'); END"
            )


def test_a_failure_half_way_leaves_the_target_unchanged(source: Store, target: Store) -> None:
    three_pursuits(source)
    target.create_pursuit("Already here")
    refuse_the_call_step(target)
    before = contents(target)

    with pytest.raises(StoreError, match="the disk went away"):
        copy_pursuits(source, target)

    assert contents(target) == before


def test_a_read_only_target_refuses_and_writes_nothing(source: Store, tmp_path: Path) -> None:
    three_pursuits(source)
    path = tmp_path / "there" / "pursuits.sqlite3"
    Store.open(path).close()
    read_only = Store.open(path, read_only=True)
    try:
        with pytest.raises(StoreError):
            copy_pursuits(source, read_only)
        assert counts(read_only)["pursuit"] == 0
    finally:
        read_only.close()


def test_a_local_copy_is_a_database_the_app_opens(source: Store, tmp_path: Path) -> None:
    three_pursuits(source)
    path = tmp_path / "copy" / "pursuits.sqlite3"
    path.parent.mkdir()

    added = write_local_copy(source, path)

    assert len(added.copied) == 3
    assert sorted(os.listdir(path.parent)) == ["pursuits.sqlite3"]  # no -wal, no leftovers
    assert os.stat(path).st_mode & 0o777 == 0o600
    opened = Store.open(path)
    try:
        assert contents(opened) == contents(source)
    finally:
        opened.close()


def test_a_local_copy_that_fails_leaves_the_earlier_file(
    source: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_pursuits(source)
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(b"the earlier copy")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pursuit_journey.store.transfer.os.replace", refuse)
    with pytest.raises(StoreError, match="No space left"):
        write_local_copy(source, path)

    assert path.read_bytes() == b"the earlier copy"
    assert sorted(os.listdir(tmp_path)) == sorted(["copy.sqlite3", "here"])


def test_a_person_s_role_and_email_travel(source: Store, target: Store) -> None:
    pursuit = source.create_pursuit("Roles")
    source.add_person(pursuit.id, "Ann", "CFO", BuyingRole.DECIDES_BUDGET, "ann@example.com")  # type: ignore[arg-type]
    copy_pursuits(source, target)
    copied = target.find_pursuits("Roles")[0]
    [ann] = target.people(copied.id)  # type: ignore[arg-type]
    assert (ann.role, ann.email) == (BuyingRole.DECIDES_BUDGET.value, "ann@example.com")


# ---- to and from a real PostgreSQL server (tests/postgres.py: skipped without one) ----------


@pytest.fixture
def server(server_url: str) -> Iterator[Store]:
    opened = Store.open_server(server_url, today=lambda: TODAY)
    yield opened
    opened.close()


def test_this_computer_s_pursuits_move_to_the_server_field_by_field(
    source: Store, server: Store
) -> None:
    three_pursuits(source)
    before = contents(source)

    added = copy_pursuits(source, server)

    assert len(added.copied) == 3 and added.already_there == ()
    assert contents(server) == before
    assert contents(source) == before

    again = copy_pursuits(source, server)  # re-running skips them all, by name
    assert again.copied == ()
    assert again.already_there == ("Acme — rollout", SAMPLE_NAME, "Bare")
    assert contents(server) == before


def test_a_failure_half_way_leaves_the_server_unchanged(source: Store, server: Store) -> None:
    three_pursuits(source)
    server.create_pursuit("Already here")
    refuse_the_call_step(server)
    before = contents(server)

    with pytest.raises(StoreError, match="the disk went away"):
        copy_pursuits(source, server)

    assert contents(server) == before


def test_the_server_s_pursuits_come_back_as_a_local_copy(server: Store, tmp_path: Path) -> None:
    three_pursuits(server)
    path = tmp_path / "copy" / "pursuits.sqlite3"
    path.parent.mkdir()

    added = write_local_copy(server, path)

    assert len(added.copied) == 3
    assert sorted(os.listdir(path.parent)) == ["pursuits.sqlite3"]
    opened = Store.open(path)
    try:
        assert contents(opened) == contents(server)
        assert not opened.shared
    finally:
        opened.close()


def test_pursuits_nobody_owned_arrive_as_the_movers_and_owned_ones_keep_their_owner(
    source: Store, target: Store
) -> None:
    source.create_pursuit("Acme — rollout", "Acme")
    source.owner = "Rita"
    source.create_pursuit("Initech — renewal", "Initech")
    target.owner = "Sam"

    copy_pursuits(source, target)

    owners = {summary.name: summary.owner for summary in target.pursuit_summaries()}
    assert owners == {"Acme — rollout": "Sam", "Initech — renewal": "Rita"}
