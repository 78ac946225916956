"""The throw-away test server answers, and each test's database is its own and empty."""

from __future__ import annotations

import psycopg


def test_a_fresh_database_is_empty_and_answers(postgres_database: str) -> None:
    with psycopg.connect(postgres_database, connect_timeout=5) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        name = connection.execute("SELECT current_database()").fetchone()
    assert tables == (0,)
    assert name is not None and name[0].startswith("pj_test_")
