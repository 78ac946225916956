"""Alembic environment: runs on the connection handed over by ``store.schema.upgrade``."""

from __future__ import annotations

from alembic import context

from pursuit_journey.store.tables import metadata

connection = context.config.attributes["connection"]
# render_as_batch: SQLite alters tables by copying them; Alembic's batch mode does that safely.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
