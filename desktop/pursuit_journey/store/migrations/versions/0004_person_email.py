"""A person's email: one optional line, empty for every person so far. Used to invite them to a
step written as a calendar event, and to recognise them in meetings read from a calendar.

Revision ID: 0004_person_email
Revises: 0003_closing_reason
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_person_email"
down_revision = "0003_closing_reason"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds a column with a constant default without copying the table.
    op.add_column("person", sa.Column("email", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("email")
