"""The throw-away PostgreSQL server the tests use, when there is one.

Its URL comes from ``PURSUIT_JOURNEY_TEST_POSTGRES`` (``tools/throwaway-postgres.sh`` starts one
and prints it; ``.ci/run`` exports it). Without it the server tests skip and say why; under
``CI=true`` they fail instead, so that CI never passes by skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

URL_VARIABLE = "PURSUIT_JOURNEY_TEST_POSTGRES"
NO_SERVER = (
    f"no PostgreSQL server for the tests: {URL_VARIABLE} is not set "
    '(export {URL_VARIABLE}="$(tools/throwaway-postgres.sh)" starts one)'
).replace("{URL_VARIABLE}", URL_VARIABLE)


def server_url() -> str:
    """The admin URL of the test server; skips (fails under CI=true) when there is none."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {NO_SERVER}", pytrace=False)
    pytest.skip(NO_SERVER)


def database_url(admin_url: str, name: str) -> str:
    """``admin_url`` pointing at the database ``name`` instead."""
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _autocommit(admin_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(admin_url, autocommit=True, connect_timeout=5)


def create_database(admin_url: str) -> str:
    """A new empty database on the test server; returns its name."""
    name = "pj_test_" + uuid.uuid4().hex[:12]
    with _autocommit(admin_url) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(admin_url: str, name: str) -> None:
    with _autocommit(admin_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the test server (skips or fails as the module says)."""
    return server_url()


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server, dropped after the test."""
    name = create_database(postgres_server)
    try:
        yield database_url(postgres_server, name)
    finally:
        drop_database(postgres_server, name)
