"""Bring a database file to the schema this version of the code knows.

Alembic costs about 0.2 s to import, so it is loaded only when the stored schema version differs
from ``HEAD_REVISION``; opening an up-to-date file reads one row with plain ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy loads only when a store is opened
    from sqlalchemy import Engine

# The newest migration in migrations/versions; a test keeps the two equal.
HEAD_REVISION = "0003_closing_reason"
KNOWN_REVISIONS = ("0001_initial", "0002_step_summary_index", "0003_closing_reason")


class SchemaError(Exception):
    """The file cannot be used by this version of the app; the message says why."""


class SchemaTooNew(SchemaError):
    pass


class NotADatabase(SchemaError):
    pass


def stored_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for a new, empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise NotADatabase(f"{path} is an SQLite file of another application.")
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise NotADatabase(f"{path} is not a Pursuit Journey database ({error}).") from error
    return row[0] if row else None


def migrations_folder() -> str:
    from importlib.resources import files

    return str(files("pursuit_journey.store") / "migrations")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine``'s database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", migrations_folder())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


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
