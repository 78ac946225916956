"""The SQLite engine: one file, readable by the user alone, WAL journal, foreign keys on."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (never truncates)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _pragma_setter(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, Any], None]:
    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit the seller saw is on disk even if the power goes the next moment.
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    return set_pragmas


def make_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """The engine for the file at ``path``; a write waits ``busy_timeout_ms`` for a lock."""
    create_private_file(path)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _pragma_setter(busy_timeout_ms))
    return engine
