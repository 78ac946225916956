"""What the app loads after its first paint, up to "ready" (the store loaded), on this computer's
file: only what that file needs, not the shared server's side of SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex

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

# The app started as the seller starts it, told to quit once ready (the benchmark's switch);
# once ready it prints which of the watched modules were imported, and exits normally.
READY_PROBE = """
import sys
from pursuit_journey import app
from pursuit_journey.__main__ import main

watched = sys.argv.pop(1).split(",")
report = app._report
imported_then = []


def _report(stage):
    if stage == "ready":
        imported_then.append("sqlalchemy.orm" in sys.modules)  # the store did load
        imported_then.extend(sorted(m for m in watched if m in sys.modules))
    report(stage)


app._report = _report
try:
    main()
finally:
    print("IMPORTED", ",".join(str(name) for name in imported_then), flush=True)
"""


def _modules_when_ready(data_dir: Path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PURSUIT_JOURNEY_BENCH_EXIT="1")
    result = subprocess.run(
        [sys.executable, "-c", READY_PROBE, ",".join(SERVER_ONLY), "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("IMPORTED")]
    assert result.returncode == 0 and lines, result.stderr
    assert "ready" in result.stdout
    return [name for name in lines[-1].removeprefix("IMPORTED ").split(",") if name]


def test_the_momentum_view_gets_ready_without_the_server_side_of_sqlalchemy(
    tmp_path: Path,
) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    for number in range(5):  # enough active pursuits for the momentum view to be the default
        pursuit = store.create_pursuit(f"Pursuit {number}", client=f"Client {number}")
        assert pursuit.id is not None
        store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()

    assert _modules_when_ready(paths.data_dir) == ["True"]


def test_the_list_gets_ready_without_the_server_side_of_sqlalchemy(tmp_path: Path) -> None:
    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database, paths.backups_dir)
    pursuit = store.create_pursuit("Pursuit", client="Client")
    assert pursuit.id is not None
    store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()

    assert _modules_when_ready(paths.data_dir) == ["True"]


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
