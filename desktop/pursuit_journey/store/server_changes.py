"""Changes other computers make on a shared server, told through PostgreSQL's LISTEN/NOTIFY.

Every writing transaction of a server store sends ``NOTIFY pursuit_journey, '<pursuit id>'``
for each pursuit it changed (``''``: too many, or not known, so anything may have changed)
just before its COMMIT, inside the transaction: PostgreSQL delivers it only if the commit
happens. A window listens on a connection of its own (``ServerChanges``), woken by its socket,
and skips what its own store sent (by the sending backend's pid).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol

from .errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHANNEL = "pursuit_journey"
# More pursuits than this in one transaction (an import) are told as "anything changed".
MAX_NOTIFIED_PURSUITS = 20
# ``connection.info`` key: the pursuits the transaction changed (None among them: not known).
CHANGED_PURSUITS = "changed_pursuits"


class ChangesLost(StoreError):
    """The listening connection dropped: listen again, and read everything again."""


class ServerChanges(Protocol):
    """What the window needs of a listening connection."""

    def fileno(self) -> int:
        """The socket to wait on: readable when notifications came in."""
        ...

    def read(self) -> list[int | None]:
        """The pursuits other computers changed since the last read (None: any may have),
        without waiting; raises ``ChangesLost`` when the connection dropped."""
        ...

    def close(self) -> None: ...


def notify(dbapi_connection: Any, pursuit_ids: Collection[int | None]) -> None:
    """Send the notifications of a transaction about to commit, on its own connection."""
    known = {pursuit_id for pursuit_id in pursuit_ids if pursuit_id is not None}
    payloads = (
        [str(pursuit_id) for pursuit_id in sorted(known)]
        if known and len(known) <= MAX_NOTIFIED_PURSUITS and None not in pursuit_ids
        else [""]
    )
    # One statement for them all (pg_notify: NOTIFY itself takes no bound parameters).
    statement = "SELECT " + ", ".join(["pg_notify(%s, %s)"] * len(payloads))
    arguments = [value for payload in payloads for value in (CHANNEL, payload)]
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(statement, arguments)
    finally:
        cursor.close()


class ListeningConnection:
    """``ServerChanges`` on a connection of its own, made by the store's engine (the same
    server, credentials and TLS settings), taken out of its pool and listening."""

    def __init__(self, engine: Engine, own_pids: Callable[[], Collection[int]]) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            pooled = engine.raw_connection()
            connection: Any = pooled.driver_connection
            pooled.detach()  # ours alone, for as long as the window listens
            connection.rollback()
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
        except (SQLAlchemyError, OSError) as error:
            raise ChangesLost(f"Cannot listen for changes on the server: {error}") from error
        except Exception as error:  # psycopg's own errors
            if type(error).__module__.startswith("psycopg"):
                raise ChangesLost(f"Cannot listen for changes on the server: {error}") from error
            raise
        self._connection = connection
        self._own_pids = own_pids

    def fileno(self) -> int:
        return int(self._connection.fileno())

    def read(self) -> list[int | None]:
        import psycopg

        try:
            received = list(self._connection.notifies(timeout=0))
        except psycopg.Error as error:
            raise ChangesLost(str(error)) from error
        if self._connection.closed:
            raise ChangesLost("The connection to the server was closed.")
        own = set(self._own_pids())
        changed: list[int | None] = []
        for notification in received:
            if notification.pid in own:
                continue  # this window's own change: already shown
            payload = notification.payload.strip()
            changed.append(int(payload) if payload.isdigit() else None)
        return list(dict.fromkeys(changed))

    def close(self) -> None:
        with suppress(Exception):  # a connection already gone is closed enough
            self._connection.close()
