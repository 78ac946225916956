"""Bring a database file to the schema this version of the code knows.

Alembic costs about 0.2 s to import, so it is loaded only when the stored schema version differs
from ``HEAD_REVISION``; opening an up-to-date file reads one row with plain ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.wording import counted

if TYPE_CHECKING:  # SQLAlchemy loads only when a store is opened
    from sqlalchemy import Engine

# The newest migration in migrations/versions; a test keeps the two equal.
HEAD_REVISION = "0008_21o_step_next_index"
KNOWN_REVISIONS = (
    "0001_initial",
    "0002_step_summary_index",
    "0003_closing_reason",
    "0004_person_email",
    "0005_owner_and_version",
    "0006_21a_step_undecided_index",
    "0007_20_undecided_on_server",
    "0008_21o_step_next_index",
)


class SchemaError(Exception):
    """The file cannot be used by this version of the app; the message says why."""


class SchemaTooNew(SchemaError):
    pass


class NotADatabase(SchemaError):
    pass


def stored_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for a new, empty file (or one holding
    only the empty tables of a first start cut short by an older version: repaired on open).

    Raises NotADatabase when SQLite says the file is damaged or not ours; InUse, DiskFull,
    ReadOnly or StoreError (``store.errors``) for a fault that is not damage.
    """
    from .engine import connect_read_only
    from .errors import Fault, classify, start_up_error

    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(connect_read_only(path)) as connection:
            tables = _tables(connection)
            if "alembic_version" not in tables:
                if tables and not _is_half_made_schema(connection, tables):
                    raise NotADatabase(f"{path} is an SQLite file of another application.")
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        if classify(error, path) is Fault.DAMAGED:
            raise NotADatabase(f"{path} is not a Pursuit Journey database ({error}).") from error
        raise start_up_error(error, path) from error
    return row[0] if row else None


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


def _our_table_names() -> set[str]:
    # The first revision's four tables: only a first start can be left half-made without a
    # schema version (named here, so that reading a revision never needs SQLModel).
    return {"pursuit", "step", "person", "attendance"}


def _is_half_made_schema(connection: sqlite3.Connection, tables: set[str]) -> bool:
    """Only our tables, all empty, and no schema version: a first start that an older version
    of the app (whose schema creation was not one transaction) was killed in the middle of."""
    names = _our_table_names()
    if "pursuit" not in tables:  # the first table the first revision makes
        return False
    if not tables <= names | {name for name in tables if name.startswith("_alembic_tmp_")}:
        return False
    return all(
        connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone() == (0,)
        for table in tables
    )


def migrations_folder() -> str:
    from importlib.resources import files

    return str(files("pursuit_journey.store") / "migrations")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine``'s database, all in one transaction.

    A kill or a power cut at any statement leaves the file as it was before (SQLite rolls the
    transaction back at the next open), whichever revisions run: ``migrations/env.py`` refuses
    to run outside this transaction. A file without a schema version first loses the empty
    tables of a half-made first start (``stored_revision`` let only those through; checked
    again here). On a server, the same under the migration lock (``ensure_server_schema``).
    """
    from alembic import command
    from alembic.config import Config

    from .engine import make_migration_engine

    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.begin() as connection:
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            _run_migrations(connection, revision)
        return

    config = Config()
    config.set_main_option("script_location", migrations_folder())
    migration_engine = make_migration_engine(Path(str(engine.url.database)))
    try:
        with migration_engine.begin() as connection:  # BEGIN IMMEDIATE … COMMIT
            _drop_half_made_schema(connection.connection.dbapi_connection)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise SchemaError(
                    f"Updating the database would break {counted(len(broken), 'link')} between its "
                    f"records (first: {tuple(broken[0])}); nothing was changed."
                )
    finally:
        migration_engine.dispose()


def _drop_half_made_schema(connection: sqlite3.Connection) -> None:
    tables = _tables(connection)
    if "alembic_version" in tables:
        return
    if tables and not _is_half_made_schema(connection, tables):
        raise NotADatabase("The database holds tables that are not Pursuit Journey's own.")
    for table in tables:
        connection.execute(f'DROP TABLE "{table}"')


def ensure_schema(
    engine: Engine, path: Path, backup: Callable[[Path, str], Path | None] | None = None
) -> bool:
    """Migrate the file at ``path`` to ``HEAD_REVISION``; True when a migration ran.

    ``backup(path, reason)`` is called before migrating a file that already holds data.
    """
    current = stored_revision(path)
    if current == HEAD_REVISION:
        return False
    if current is not None and current not in KNOWN_REVISIONS:
        raise SchemaTooNew(
            f"{path} was written by a newer version of Pursuit Journey (schema {current}). "
            "Install the newer version to open it."
        )
    if current is not None and backup is not None:
        backup(path, f"before-migration-from-{current}")
    upgrade(engine)
    return True


# ---- on a PostgreSQL server -----------------------------------------------------------------

# The key of the advisory lock held while a server's schema is made or upgraded, so that two
# computers starting at once do not both migrate: the second waits, then finds it done.
MIGRATION_LOCK_KEY = 0x50_4A_53_43  # "PJSC"


def server_revision(connection: Any) -> str | None:
    """The schema revision on the server (SQLAlchemy ``connection``), None for a database
    without our tables. NotADatabase when our tables are there without a schema version."""
    from sqlalchemy import text

    # pg_tables through the statement's snapshot: to_regclass reads the catalog cache, which
    # may not yet show a table that another computer's migration has just committed.
    found = set(
        connection.execute(
            text(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                "AND tablename IN ('alembic_version', 'pursuit')"
            )
        ).scalars()
    )
    if "alembic_version" not in found:
        if "pursuit" in found:
            raise NotADatabase(
                "The server's database holds a table named pursuit that is not Pursuit "
                "Journey's own (it has no schema version). Use another database."
            )
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_server_schema(engine: Engine) -> bool:
    """Bring the server's schema to ``HEAD_REVISION``; True when a migration ran.

    One query when it is up to date. Otherwise every revision runs in one transaction
    (PostgreSQL's DDL is transactional: a failure leaves the database as it was) under an
    advisory lock held until it commits.
    """
    from sqlalchemy import text

    with engine.connect() as connection:
        current = server_revision(connection)
    if current == HEAD_REVISION:
        return False
    _refuse_unknown(current, "The server's database")
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        current = server_revision(connection)  # another computer may have migrated meanwhile
        if current == HEAD_REVISION:
            return False
        _refuse_unknown(current, "The server's database")
        _run_migrations(connection, "head")
    return True


def _refuse_unknown(current: str | None, what: str) -> None:
    if current is not None and current not in KNOWN_REVISIONS:
        raise SchemaTooNew(
            f"{what} was written by a newer version of Pursuit Journey (schema {current}). "
            "Install the newer version to open it."
        )


def _run_migrations(connection: Any, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", migrations_folder())
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
