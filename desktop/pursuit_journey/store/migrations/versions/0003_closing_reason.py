"""What decided a won or lost pursuit: one optional line, empty for every pursuit so far.

Steps closed with their pursuit are marked with the new outcome value "not_held", which needs no
change to the schema (the outcome column holds the value's text).

Revision ID: 0003_closing_reason
Revises: 0002_step_summary_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_closing_reason"
down_revision = "0002_step_summary_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite adds a column with a constant default without copying the table.
    op.add_column(
        "pursuit",
        sa.Column("closing_reason", sa.String(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("pursuit") as batch:
        batch.drop_column("closing_reason")
