"""Moving pursuits between two stores: this computer's file and a shared server, both ways.

A pursuit travels as its ``.pursuit`` document (``store.exchange``): everything the file
carries — steps with their prep and debrief, people, who attends — so a pursuit moved keeps its
identity (its uid) and its dates. ``Store.pursuit_documents`` reads every pursuit of one store
in one transaction; ``Store.add_pursuits`` writes them to the other in one transaction, skipping
those already there (same uid; ``exchange.add_documents``). A local copy is written whole to a
new file beside the chosen one and renamed into place, so a copy cut short never stands where
the seller looks for it.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError
from .exchange import AddedPursuits

if TYPE_CHECKING:
    from .protocol import StoreLike

# Where Back Up Now (and the periodic backup) keep the local copy of a server's pursuits, in the
# data folder: the copy the app opens read-only when the server is away.
SERVER_COPY_NAME = "server-copy.sqlite3"


def copy_pursuits(source: StoreLike, target: StoreLike) -> AddedPursuits:
    """Every pursuit of ``source`` into ``target`` (one transaction there); ``source`` is only
    read. Raises StoreError (``ServerUnavailable`` for a server away), nothing written then."""
    return target.add_pursuits(source.pursuit_documents())


def write_local_copy(source: StoreLike, path: Path) -> AddedPursuits:
    """A new database file at ``path`` holding every pursuit of ``source``, which the app opens
    as its own (``--data-dir`` on its folder). Written whole beside ``path`` and renamed over it:
    an earlier file of that name stays as it was until the new one is complete. Raises
    StoreError; nothing is left behind then."""
    from .repository import Store

    documents = source.pursuit_documents()
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        copy = Store.open(temporary)
        try:
            added = copy.add_pursuits(documents)
        finally:
            copy.close()
        _as_one_file(temporary)
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    except OSError as error:
        raise StoreError(
            f"The copy could not be written to {path}: {error.strerror or error}."
        ) from error
    except sqlite3.Error as error:
        raise StoreError(f"The copy could not be written to {path}: {error}.") from error
    finally:
        for leftover in (temporary, *_sidecars(temporary)):
            if leftover.exists():
                leftover.unlink()
    return added


def _sidecars(database: Path) -> tuple[Path, Path, Path]:
    return tuple(  # type: ignore[return-value]  # three, always
        database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")
    )


def _as_one_file(database: Path) -> None:
    """Fold the write-ahead log in and leave one self-contained file, synced to disk: a file
    renamed into place must not need a ``-wal`` beside it."""
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    with open(database, "rb") as stream:
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
