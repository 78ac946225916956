"""The migrated SQLite file compared with the tables' metadata, indexes on expressions too."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Connection, exc, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex

from pursuit_journey.store.tables import metadata


def schema_differences(connection: Connection) -> list[object]:
    """What the migrated file lacks or has more than the tables' metadata. Alembic skips an
    index on an expression (it cannot read one back): each is compared by its SQL instead."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", exc.SAWarning)
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        differences: list[object] = list(
            compare_metadata(MigrationContext.configure(connection), metadata)
        )
    for table in metadata.tables.values():
        for index in table.indexes:
            if all(isinstance(expression, Column) for expression in index.expressions):
                continue  # compared by Alembic
            wanted = str(CreateIndex(index).compile(dialect=sqlite.dialect())).strip()
            stored = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"),
                {"name": index.name},
            ).scalar()
            if stored != wanted:
                differences.append(("index", index.name, stored, wanted))
    return differences
