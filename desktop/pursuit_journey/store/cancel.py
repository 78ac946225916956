"""Stopping slow SQLite work (a backup's verification, an integrity check) from another thread.

Backups and integrity checks run in a worker thread; when the window closes, the GUI thread asks
them to stop instead of waiting seconds for them. ``sqlite3.Connection.interrupt()`` is the one
call SQLite allows from another thread: the statement running on that connection ends with
"interrupted" at its next step.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


class Cancelled(Exception):
    """The work was stopped on request; whatever it was writing has been removed."""


class Cancellation:
    """A flag the GUI thread sets, plus the connections to interrupt when it does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._connections: set[sqlite3.Connection] = set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            for connection in self._connections:
                connection.interrupt()

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise Cancelled("stopped on request")

    @contextmanager
    def watching(self, connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """Interrupt ``connection`` on cancel while inside the block.

        Leave the block before closing the connection: the lock makes sure it is never
        interrupted after it was closed.
        """
        with self._lock:
            if self._cancelled:
                raise Cancelled("stopped on request")
            self._connections.add(connection)
        try:
            yield connection
        finally:
            with self._lock:
                self._connections.discard(connection)


def watching(
    cancel: Cancellation | None, connection: sqlite3.Connection
) -> AbstractContextManager[sqlite3.Connection]:
    """``cancel.watching(connection)``, or nothing to watch when there is no cancellation."""
    return nullcontext(connection) if cancel is None else cancel.watching(connection)
