"""Database faults turned into messages a seller can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError


class StoreError(Exception):
    """An action could not be saved; nothing of it was written. ``str()`` is for the seller."""


class NotFound(StoreError):
    pass


def explain(error: SQLAlchemyError) -> StoreError:
    from sqlalchemy.exc import DBAPIError  # imported here: the UI imports this module at start

    detail = str(error.orig if isinstance(error, DBAPIError) else error).lower()
    if "locked" in detail or "busy" in detail:
        message = (
            "The database is in use by another program, so the change was not saved. "
            "Your text is kept; try again in a moment."
        )
    elif "full" in detail:
        message = (
            "The disk is full, so the change was not saved. Your earlier notes are intact; "
            "free some space and try again."
        )
    elif "readonly" in detail or "read-only" in detail or "permission" in detail:
        message = "The database file cannot be written (it is read-only). Nothing was changed."
    elif "disk i/o" in detail or "malformed" in detail or "not a database" in detail:
        message = (
            "The database could not be written (a disk error). Nothing was changed; "
            "a backup can be restored from File ▸ Restore From Backup."
        )
    else:
        message = f"The change could not be saved: {detail}"
    return StoreError(message)
