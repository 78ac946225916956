"""The SQLite engine: one file, readable by the user alone, WAL journal, foreign keys on."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .access import can_write

if TYPE_CHECKING:  # SQLAlchemy loads only when a store is opened; plain sqlite3 before that
    from sqlalchemy import Engine

BUSY_TIMEOUT_MS = 5000

# Extended result codes of the read-only open (Python gives them as ``sqlite_errorcode``).
SQLITE_READONLY_ROLLBACK = 776  # a hot journal that a read-only connection cannot roll back
SQLITE_READONLY_DIRECTORY = 1544  # the folder cannot take the -shm (WAL index) file
SQLITE_CANTOPEN = 14


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (never truncates)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def sqlite_uri(path: Path, **parameters: str) -> str:
    """A ``file:`` URI for ``path`` (any character in the name is safe)."""
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{quote(str(path))}" + (f"?{query}" if query else "")


def connect_read_only(
    path: Path, timeout_ms: int = BUSY_TIMEOUT_MS, *, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A connection that never writes ``path``; it reads what was committed.

    Two cases need more than ``mode=ro``: a hot rollback journal left by a process killed in
    the middle of a write is rolled back first (any writing open would do the same; reading
    past it would see half a transaction), and a database in a folder that cannot be written
    (a share, a USB stick) is read as immutable, since SQLite cannot make its WAL index there.
    """
    rolled_back = False
    while True:
        connection = sqlite3.connect(
            sqlite_uri(path, mode="ro"),
            uri=True,
            timeout=timeout_ms / 1000,
            check_same_thread=check_same_thread,
        )
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.Error as error:
            connection.close()
            code = getattr(error, "sqlite_errorcode", None)
            if code == SQLITE_READONLY_ROLLBACK and not rolled_back and can_write(path):
                roll_back_hot_journal(path, timeout_ms)
                rolled_back = True
                continue
            if code in (SQLITE_READONLY_DIRECTORY, SQLITE_CANTOPEN) and not can_write(path):
                return _connect_immutable(path, timeout_ms, check_same_thread)
            raise


def _connect_immutable(path: Path, timeout_ms: int, check_same_thread: bool) -> sqlite3.Connection:
    if path.with_name(path.name + "-wal").exists():
        from .errors import StoreError

        # Immutable reading ignores the write-ahead log: the saves still in it would be missed.
        raise StoreError(
            f"The database {path} still has saves in its -wal file beside it, which cannot be "
            "read while its folder is read-only. Open it once where the folder can be written "
            "(the app folds them in), or copy the whole folder somewhere writable."
        )
    connection = sqlite3.connect(
        sqlite_uri(path, mode="ro", immutable="1"),
        uri=True,
        timeout=timeout_ms / 1000,
        check_same_thread=check_same_thread,
    )
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def roll_back_hot_journal(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Let SQLite roll back the journal of a write cut short: the first read of a writing
    connection does it, and the file is back at its last commit."""
    with sqlite3.connect(path, timeout=timeout_ms / 1000) as connection:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    connection.close()


def _pragma_setter(
    busy_timeout_ms: int, *, read_only: bool = False, foreign_keys: bool = True
) -> Callable[[sqlite3.Connection, Any], None]:
    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
                # FULL: a commit the seller saw is on disk even if the power goes the next moment.
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    return set_pragmas


def make_engine(
    path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, *, read_only: bool = False
) -> Engine:
    """The engine for the file at ``path``; a write waits ``busy_timeout_ms`` for a lock.

    ``read_only``: every connection is opened read-only (``connect_read_only``); SQLite itself
    refuses any write, and nothing is created on disk.
    """
    from sqlalchemy import create_engine, event

    if read_only:
        engine = create_engine(
            "sqlite:///" + str(path),
            creator=lambda: connect_read_only(path, busy_timeout_ms, check_same_thread=False),
        )
    else:
        create_private_file(path)
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        )
    event.listen(engine, "connect", _pragma_setter(busy_timeout_ms, read_only=read_only))
    return engine


def make_migration_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine whose transactions really hold DDL: SQLAlchemy's documented pysqlite recipe
    ("Serializable isolation / Savepoints / Transactional DDL").

    Python's ``sqlite3`` begins a transaction only before INSERT/UPDATE/DELETE, so each
    ``CREATE TABLE`` of a migration commits on its own and a kill between two of them leaves
    half a schema. Here the driver's own transaction handling is switched off and every
    SQLAlchemy ``begin()`` emits ``BEGIN IMMEDIATE`` (the write lock at once: a second starter
    waits, then finds the schema made). Foreign keys are off as SQLite's procedure for
    rebuilding a table asks (a batch migration drops and recreates tables; with them on, the
    drop would cascade); ``store.schema.upgrade`` runs ``foreign_key_check`` before it commits.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    create_private_file(path)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        poolclass=NullPool,
    )
    set_pragmas = _pragma_setter(busy_timeout_ms, foreign_keys=False)

    def on_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        set_pragmas(dbapi_connection, record)
        dbapi_connection.isolation_level = None  # no implicit BEGIN or COMMIT by the driver

    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine
