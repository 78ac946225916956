"""No text holding a NUL character reaches the database.

A NUL (U+0000) is never typed; it comes with text pasted from another program. SQLite would
keep it, but a PostgreSQL server refuses it and a ``.pursuit`` file cannot carry it, so the
same text would save on this computer and fail later, far from where it came in. Every write
is therefore checked once, before each flush of every session, on both back-ends: the seller
is told which field it is, and the text stays where it was typed.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..domain.prep_fields import BY_COLUMN
from .errors import InvalidInput

NUL = "\x00"


def _label(row: Any, column: str) -> str:
    field = BY_COLUMN.get(column) if type(row).__name__ == "Step" else None
    return field.label if field is not None else column.replace("_", " ").capitalize()


def refuse_nul_characters(session: Session, _context: Any, _instances: Any) -> None:
    """Raise ``InvalidInput`` naming the first field of a new or changed row with a NUL."""
    for row in chain(session.new, session.dirty):
        state = inspect(row)
        for attribute in state.mapper.column_attrs:
            value = state.attrs[attribute.key].loaded_value
            if isinstance(value, str) and NUL in value:
                raise InvalidInput(
                    f"“{_label(row, attribute.key)}” holds an invisible NUL character, "
                    "usually pasted from another program, so it was not saved. "
                    "Delete it (or retype the text) and save again."
                )


def guard_every_session() -> None:
    """Check the text of every session's writes (idempotent)."""
    if not event.contains(Session, "before_flush", refuse_nul_characters):
        event.listen(Session, "before_flush", refuse_nul_characters)
