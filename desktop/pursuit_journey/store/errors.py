"""Database faults turned into messages a seller can act on.

A fault is named by what SQLite (``sqlite_errorcode``) or the operating system (``errno``) says
it is: another program holding the file is not damage, nor is a full disk or a read-only folder.
Damage is only what SQLite reports as such (SQLITE_CORRUPT, SQLITE_NOTADB).
"""

from __future__ import annotations

import enum
import errno
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError


class StoreError(Exception):
    """An action could not be saved; nothing of it was written. ``str()`` is for the seller."""


class InvalidInput(StoreError):
    """The seller asked for something the rules refuse (a pursuit without a name, …): the
    message says what to change. A programmer's error (an unknown column, a wrong field name)
    is a plain ValueError instead, never shown to the seller as if it were theirs."""


class NotFound(StoreError):
    pass


class InUse(StoreError):
    """Another program holds the database (longer than the busy timeout)."""


class DiskFull(StoreError):
    """The disk has no room for what SQLite must write."""


class ReadOnly(StoreError):
    """The database file or its folder cannot be written."""


class ChangedElsewhere(StoreError):
    """The row was changed (on another computer) since this one loaded it; nothing was written.

    For a field's edit it carries the field's ``label`` and ``column``, the value on the server
    now (``theirs``), the value the seller typed (``mine``) and the row's ``version`` now, with
    which the seller's value can be written after all if they choose so.
    """

    def __init__(
        self,
        label: str = "",
        theirs: Any = None,
        mine: Any = None,
        *,
        column: str = "",
        version: int | None = None,
        message: str = "",
    ) -> None:
        super().__init__(
            message
            or f"“{label}” was changed on another computer since you opened it, so your text "
            "was not saved. It is kept in the field: choose which text to keep."
        )
        self.label = label
        self.theirs = theirs
        self.mine = mine
        self.column = column
        self.version = version


class StepsChangedElsewhere(ChangedElsewhere):
    """A move or a delete found the step or its neighbours changed since the line was read."""

    def __init__(self, what: str = "The steps of this pursuit") -> None:
        super().__init__(
            message=f"{what} changed on another computer since they were shown here, so "
            "nothing was changed. The journey line now shows them as they are; try again."
        )


class Fault(enum.Enum):
    IN_USE = "in_use"
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    DAMAGED = "damaged"
    DISK_ERROR = "disk_error"
    OTHER = "other"


# SQLite's primary result codes (the low byte of ``sqlite_errorcode``).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26
)  # fmt: skip
# Below this much free space an I/O error is the disk being full: the WAL index alone needs
# 32 KB, and a single save may need a few pages more.
LOW_SPACE_BYTES = 1 << 20


def _free_space(folder: Path | None) -> int | None:
    while folder is not None:
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            if folder.parent == folder:
                return None
            folder = folder.parent
    return None


def classify(error: BaseException, database: Path | None = None) -> Fault:
    """What kind of fault ``error`` (sqlite3, SQLAlchemy or OSError) is, for ``database``."""
    from .access import can_write

    original = getattr(error, "orig", None) or error
    folder = database.parent if database is not None else None
    if isinstance(original, OSError) and original.errno is not None:
        if original.errno in (errno.ENOSPC, errno.EDQUOT):
            return Fault.DISK_FULL
        if original.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return Fault.READ_ONLY
        return Fault.DISK_ERROR
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF
        if primary in (_BUSY, _LOCKED):
            return Fault.IN_USE
        if primary == _FULL:
            return Fault.DISK_FULL
        if primary in (_CORRUPT, _NOTADB):
            return Fault.DAMAGED
        if primary in (_READONLY, _PERM):
            return Fault.READ_ONLY
        if primary in (_IOERR, _CANTOPEN):
            free = _free_space(folder)
            if free is not None and free < LOW_SPACE_BYTES:
                return Fault.DISK_FULL
            if database is not None and not can_write(database):
                return Fault.READ_ONLY
            return Fault.DISK_ERROR
        return Fault.OTHER
    # Python 3.10's sqlite3 and other drivers give no result code: their message is all there is.
    detail = str(original).lower()
    for words, fault in (
        (("locked", "busy"), Fault.IN_USE),
        (("full",), Fault.DISK_FULL),
        (("readonly", "read-only", "permission"), Fault.READ_ONLY),
        (("malformed", "not a database"), Fault.DAMAGED),
        (("disk i/o",), Fault.DISK_ERROR),
    ):
        if any(word in detail for word in words):
            return fault
    return Fault.OTHER


def explain(error: SQLAlchemyError | BaseException, database: Path | None = None) -> StoreError:
    """The message for an action that failed while the app runs; nothing of it was saved."""
    fault = classify(error, database)
    if fault is Fault.IN_USE:
        return InUse(
            "The database is in use by another program, so the change was not saved. "
            "Your text is kept; try again in a moment."
        )
    if fault is Fault.DISK_FULL:
        return DiskFull(
            "The disk is full, so the change was not saved. Your earlier notes are intact; "
            "free some space and try again."
        )
    if fault is Fault.READ_ONLY:
        return ReadOnly(
            "The database file cannot be written (it is read-only). Nothing was changed."
        )
    if fault in (Fault.DAMAGED, Fault.DISK_ERROR):
        return StoreError(
            "The database could not be written (a disk error). Nothing was changed; "
            "a backup can be restored from File ▸ Restore From Backup."
        )
    original = getattr(error, "orig", None) or error
    return StoreError(f"The change could not be saved: {str(original).lower()}")


def start_up_error(error: BaseException, database: Path) -> StoreError:
    """The message for ``error`` met while opening ``database`` (not damage: the caller has
    ruled that out), each with what the seller can do."""
    fault = classify(error, database)
    original = getattr(error, "orig", None) or error
    if fault is Fault.IN_USE:
        return InUse(
            f"The database {database} is in use by another program, which holds it locked "
            "(a sync or backup tool, a database browser, or Pursuit Journey on another "
            "computer sharing this folder). Close that program, then try again."
        )
    if fault is Fault.DISK_FULL:
        return DiskFull(
            f"The disk is full: there is no room to open the database in {database.parent}. "
            "Your pursuits are intact. Free some space on that disk (empty the trash, move "
            "large files elsewhere), then start Pursuit Journey again."
        )
    if fault is Fault.READ_ONLY:
        return ReadOnly(read_only_reason(database))
    return StoreError(f"The database {database} could not be opened: {original}.")


def read_only_reason(database: Path) -> str:
    """Why nothing can be saved to ``database``, as the window says it once."""
    where = "file" if database.parent.exists() and _folder_writable(database) else "folder"
    return (
        f"The database {where} is read-only, so changes cannot be saved: you can read and "
        "print your pursuits. To work on them, make it writable, or copy the folder "
        "somewhere you can write to and start the app with --data-dir."
    )


def _folder_writable(database: Path) -> bool:
    import os

    return os.access(database.parent, os.W_OK | os.X_OK)


class ServerCause(enum.Enum):
    """Why a PostgreSQL server could not be used (``store.server.cause_of``)."""

    UNREACHABLE = "unreachable"  # refused, timed out, down, or this computer offline
    NAME_NOT_FOUND = "name_not_found"
    PASSWORD = "password"  # wrong, or needed and none found
    TLS = "tls"  # refused by either side, or the certificate not trusted
    NO_DATABASE = "no_database"
    NOT_PERMITTED = "not_permitted"  # the role may not log in, connect, or touch a table
    LOST = "lost"  # the connection broke in the middle of the session


class ServerUnavailable(StoreError):
    """The server could not be reached or used; nothing of the action was saved. ``str()``
    names the cause and the server (``location``), never the password."""

    def __init__(self, message: str, *, cause: ServerCause, location: str) -> None:
        super().__init__(message)
        self.cause = cause
        self.location = location
