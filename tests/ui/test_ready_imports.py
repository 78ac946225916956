"""What the app loads after its first paint, up to "ready" (the store loaded), on this computer's
file: only what that file needs, not the shared server's side of SQLAlchemy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex
from start_up_probe import add_enough_for_the_momentum_view, modules_imported_at

from pursuit_journey.paths import default_paths
from pursuit_journey.store.repository import Store
from pursuit_journey.store.server import make_server_engine, parse_server_url
from pursuit_journey.store.tables import UNDECIDED_STEPS

# SQLAlchemy's PostgreSQL dialect (and with it the modules of its asyncpg, pg8000 and psycopg
# drivers): some 3 MB and a tenth of the store's loading, for a server this start never uses.
# (asyncio, importlib.metadata and hashlib are not listed: SQLAlchemy's own ``util.compat``
# imports them, whichever database it opens.)
SERVER_ONLY = (
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.asyncpg",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "alembic",
    # The server's local copy and with it the .pursuit exchange: asked for on a server only.
    "pursuit_journey.store.transfer",
    "pursuit_journey.store.exchange",
)


def _modules_when_ready(data_dir: Path) -> list[str]:
    # sqlalchemy.orm too: the store did load.
    return modules_imported_at("ready", data_dir, ("sqlalchemy.orm", *SERVER_ONLY))


def test_the_momentum_view_gets_ready_without_the_server_side_of_sqlalchemy(
    tmp_path: Path,
) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    add_enough_for_the_momentum_view(store)
    store.close()

    assert _modules_when_ready(paths.data_dir) == ["sqlalchemy.orm"]


def test_the_list_gets_ready_without_the_server_side_of_sqlalchemy(tmp_path: Path) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    pursuit = store.create_pursuit("Pursuit", client="Client")
    assert pursuit.id is not None
    store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()

    assert _modules_when_ready(paths.data_dir) == ["sqlalchemy.orm"]


def test_the_undecided_steps_index_has_each_databases_where() -> None:
    """SQLite's WHERE is in the table's index from the start; the server's is given to it when
    a server is used, so that the server's schema is described as migration 0007 makes it."""
    on_file = str(CreateIndex(UNDECIDED_STEPS).compile(dialect=sqlite.dialect()))
    assert "WHERE outcome = 'planned' AND trim(decision_needed, char(9, " in on_file

    engine = make_server_engine(parse_server_url("postgresql://anna@db.example.com/pursuits"))
    try:
        on_server = str(CreateIndex(UNDECIDED_STEPS).compile(dialect=engine.dialect))
    finally:
        engine.dispose()  # it never connected: an engine connects when first used
    assert "WHERE outcome = 'planned' AND btrim(decision_needed, '\t" in on_server
    on_file_again = str(CreateIndex(UNDECIDED_STEPS).compile(dialect=sqlite.dialect()))
    assert on_file_again == on_file
