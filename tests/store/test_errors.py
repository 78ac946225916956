"""Each database fault is named by SQLite's result code; the message text only where none is."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from pursuit_journey.store.errors import (
    DiskFull,
    Fault,
    InUse,
    InvalidInput,
    ReadOnly,
    StoreError,
    classify,
    explain,
)
from pursuit_journey.store.repository import Store

SQLITE_CORRUPT, SQLITE_FULL = 11, 13


def raised_by(action: object) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as raised:
        action()  # type: ignore[operator]
    return raised.value


def test_a_write_lock_held_elsewhere_is_in_use(tmp_path: Path) -> None:
    database = tmp_path / "locked.db"
    with closing(sqlite3.connect(database, isolation_level=None)) as holder:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")
        with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as other:
            error = raised_by(lambda: other.execute("INSERT INTO t VALUES (1)"))
        holder.execute("ROLLBACK")
    assert error.sqlite_errorcode & 0xFF == 5  # SQLITE_BUSY
    assert classify(error) is Fault.IN_USE
    assert isinstance(explain(error), InUse)


def test_a_file_that_is_no_database_is_damage(tmp_path: Path) -> None:
    database = tmp_path / "text.db"
    database.write_bytes(b"This is a shopping list, not a database.\n" * 200)
    with closing(sqlite3.connect(database)) as connection:
        error = raised_by(lambda: connection.execute("SELECT * FROM sqlite_master").fetchall())
    assert classify(error) is Fault.DAMAGED


def test_a_database_opened_read_only_refuses_writes_as_read_only(tmp_path: Path) -> None:
    database = tmp_path / "ro.db"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE t (x)")
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        error = raised_by(lambda: connection.execute("INSERT INTO t VALUES (1)"))
    assert classify(error) is Fault.READ_ONLY
    assert isinstance(explain(error), ReadOnly)


def test_the_result_code_decides_not_the_message() -> None:
    # Damage whose message happens to say "locked" is still damage, not "in use".
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = SQLITE_CORRUPT  # type: ignore[attr-defined]  # as sqlite3 sets it
    assert classify(error) is Fault.DAMAGED
    full = sqlite3.OperationalError("something unexpected")
    full.sqlite_errorcode = SQLITE_FULL  # type: ignore[attr-defined]  # as sqlite3 sets it
    assert isinstance(explain(OperationalError("INSERT", {}, full)), DiskFull)


@pytest.mark.parametrize(
    ("message", "fault"),
    [
        ("database is locked", Fault.IN_USE),
        ("database or disk is full", Fault.DISK_FULL),
        ("attempt to write a readonly database", Fault.READ_ONLY),
        ("database disk image is malformed", Fault.DAMAGED),
        ("disk I/O error", Fault.DISK_ERROR),
        ("no such table: t", Fault.OTHER),
    ],
)
def test_without_a_result_code_the_message_is_the_fallback(message: str, fault: Fault) -> None:
    # Python 3.10's sqlite3 sets no sqlite_errorcode: the text is all there is.
    assert classify(sqlite3.OperationalError(message)) is fault


def test_a_sellers_mistake_is_invalid_input_with_a_message_for_them(store: Store) -> None:
    with pytest.raises(InvalidInput, match="A pursuit needs a name"):
        store.create_pursuit(" ")
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id, title="Call")
    with pytest.raises(InvalidInput, match="Write the next decision first"):
        store.plan_next_step(step.id)
    assert issubclass(InvalidInput, StoreError)
