"""Several computers on one store: each pursuit's owner (the seller's name, empty for every
pursuit so far), and a version on the rows two computers may edit at once (pursuit, step,
person), raised by every change, so that a save finds a row changed since it was loaded.

Revision ID: 0005_owner_and_version
Revises: 0004_person_email
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_owner_and_version"
down_revision = "0004_person_email"
branch_labels = None
depends_on = None

_VERSIONED = ("pursuit", "step", "person")


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite adds a column with a constant default without copying the table.
    op.add_column("pursuit", sa.Column("owner", sa.String(), nullable=False, server_default=""))
    for table in _VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in _VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    with op.batch_alter_table("pursuit") as batch:
        batch.drop_column("owner")
