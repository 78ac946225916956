"""The store's tests run on both back-ends: an SQLite file and a PostgreSQL server.

``store`` is parametrised ``sqlite`` / ``postgresql``; the server variant uses a fresh database
of the test server (``tests/postgres.py``: skips without one, fails under CI=true). A test about
the file itself (backups, health, faults, read-only) asks for ``sqlite_store`` instead, or its
module overrides ``store`` with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store

TODAY = date(2026, 3, 2)  # the same day as tests/conftest.py's store


def without_password(url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """``url`` without its password, which libpq then reads from PGPASSWORD (the store
    refuses a URL holding one)."""
    parsed = make_url(url)
    if parsed.password is not None:
        monkeypatch.setenv("PGPASSWORD", str(parsed.password))
    return parsed._replace(password=None).render_as_string(hide_password=False)


@pytest.fixture
def server_url(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database's URL as a seller gives it: no password (that is in PGPASSWORD)."""
    return without_password(postgres_database, monkeypatch)


@pytest.fixture
def sqlite_store(paths: Paths) -> Iterator[Store]:
    opened = Store.open(paths.database, paths.backups_dir, today=lambda: TODAY)
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, paths: Paths) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = Store.open(paths.database, paths.backups_dir, today=lambda: TODAY)
    else:
        opened = Store.open_server(request.getfixturevalue("server_url"), today=lambda: TODAY)
    yield opened
    opened.close()
