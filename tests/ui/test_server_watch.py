"""The window hears other computers' changes through LISTEN/NOTIFY on a real PostgreSQL server:
woken by the socket, skipping its own, and listening again quietly after the connection drops.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, create_engine

from pursuit_journey.store import server_changes
from pursuit_journey.store.server_changes import CHANNEL, ListeningConnection
from pursuit_journey.ui import server_watch
from pursuit_journey.ui.server_watch import ServerWatch


@pytest.fixture
def engine(postgres_database: str) -> Iterator[Engine]:
    made = create_engine(postgres_database.replace("postgresql://", "postgresql+psycopg://", 1))
    yield made
    made.dispose()


def send(url: str, *payloads: str) -> int:
    """Notifications from another computer, in one transaction; returns its backend pid."""
    with psycopg.connect(url) as connection:
        server_changes.notify(connection, [int(p) if p else None for p in payloads])
        connection.commit()
        return int(connection.info.backend_pid)


def test_a_notification_reaches_the_watch_and_its_own_are_skipped(
    qtbot: QtBot, engine: Engine, postgres_database: str
) -> None:
    own: set[int] = set()
    heard: list[int | None] = []
    parent = QObject()
    watch = ServerWatch(lambda: ListeningConnection(engine, lambda: own), parent)
    watch.changed.connect(heard.append)
    assert watch.start()

    send(postgres_database, "12")
    qtbot.waitUntil(lambda: heard == [12], timeout=2000)

    with psycopg.connect(postgres_database) as mine:  # "this window's own store"
        own.add(int(mine.info.backend_pid))
        server_changes.notify(mine, [7])
        mine.commit()
    send(postgres_database, "")  # too many, or not known: anything may have changed
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=2000)
    assert heard == [12, None]
    watch.stop()


def test_a_notification_of_a_transaction_rolled_back_never_arrives(
    qtbot: QtBot, engine: Engine, postgres_database: str
) -> None:
    heard: list[int | None] = []
    parent = QObject()
    watch = ServerWatch(lambda: ListeningConnection(engine, set), parent)
    watch.changed.connect(heard.append)
    watch.start()
    with psycopg.connect(postgres_database) as connection:
        server_changes.notify(connection, [3])
        connection.rollback()
    send(postgres_database, "4")
    qtbot.waitUntil(lambda: heard == [4], timeout=2000)
    watch.stop()


def test_a_dropped_connection_is_opened_again_and_everything_read_again(
    qtbot: QtBot, engine: Engine, postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_watch, "RECONNECT_MS", 100)
    heard: list[int | None] = []
    opened: list[ListeningConnection] = []

    def listen() -> ListeningConnection:
        opened.append(ListeningConnection(engine, set))
        return opened[-1]

    parent = QObject()
    watch = ServerWatch(listen, parent)
    watch.changed.connect(heard.append)
    watch.start()
    pid = opened[0]._connection.info.backend_pid
    with psycopg.connect(postgres_database, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    qtbot.waitUntil(lambda: len(opened) == 2 and heard == [None], timeout=3000)
    send(postgres_database, "5")
    qtbot.waitUntil(lambda: heard == [None, 5], timeout=2000)
    watch.stop()


def test_the_channel_is_the_apps() -> None:
    assert CHANNEL == "pursuit_journey"


def test_a_transaction_of_several_pursuits_tells_each_one(
    qtbot: QtBot, engine: Engine, postgres_database: str
) -> None:
    heard: list[int | None] = []
    parent = QObject()
    watch = ServerWatch(lambda: ListeningConnection(engine, set), parent)
    watch.changed.connect(heard.append)
    watch.start()
    send(postgres_database, "3", "8")
    qtbot.waitUntil(lambda: sorted(heard, key=str) == [3, 8], timeout=2000)
    many = [str(n) for n in range(1, server_changes.MAX_NOTIFIED_PURSUITS + 2)]
    send(postgres_database, *many)  # an import: told as "anything changed"
    qtbot.waitUntil(lambda: heard[2:] == [None], timeout=2000)
    watch.stop()
