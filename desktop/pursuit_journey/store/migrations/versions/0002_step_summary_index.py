"""A covering index for the pursuit list: momentum reads four small columns of every step.

Without it the list scans the whole step table, notes and all (about 0.2 s for 50,000 steps).

Revision ID: 0002_step_summary_index
Revises: 0001_initial
"""

from __future__ import annotations

from alembic import op

revision = "0002_step_summary_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # if_not_exists: an older version of the app ran this outside a transaction, so a kill
    # could leave the index made and the revision not recorded; it is taken as made.
    op.create_index(
        "ix_step_summary",
        "step",
        ["pursuit_id", "position", "outcome", "held_on", "planned_at"],
        unique=False,
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_step_summary", table_name="step")
