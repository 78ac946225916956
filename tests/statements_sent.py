"""The SQL statements some work sends, as SQLAlchemy hands them to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def statements_sent(engine: Engine, starting: str = "SELECT") -> Iterator[list[str]]:
    """The statements beginning with ``starting`` (in any case) that ``engine`` sends inside
    the block, in order."""
    statements: list[str] = []
    wanted = starting.upper()

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(wanted):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)
