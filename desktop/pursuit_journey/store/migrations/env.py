"""Alembic environment: runs on the connection handed over by ``store.schema.upgrade``.

That connection is inside one real transaction (``store.engine.make_migration_engine``), so
every revision run here, the first and any later one, is atomic: a kill or power cut at any
statement leaves the database as it was before the upgrade began.
"""

from __future__ import annotations

from alembic import context

from pursuit_journey.store.tables import metadata

connection = context.config.attributes["connection"]
if not connection.in_transaction():
    raise RuntimeError("Migrations run only inside the transaction of store.schema.upgrade.")
# render_as_batch: SQLite alters tables by copying them; Alembic's batch mode does that safely.
# The outer transaction holds them all: Alembic's begin_transaction() adds none of its own.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
