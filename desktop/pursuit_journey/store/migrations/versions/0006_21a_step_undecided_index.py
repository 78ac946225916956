"""A partial index of the planned steps whose decision is not written (issue 21a).

The momentum view draws every planned step as "decision missing" or not. Reading each
planned step's decision from the step table (notes and all) cost a row lookup per step
(about 25 ms for 17,000 planned steps); asking this small index costs a third of that.
"Not written" is Python's ``not text.strip()``: SQLite's trim() is given every character
``str.isspace()`` takes away (``store.summaries.BLANK``).

Revision ID: 0006_21a_step_undecided_index
Revises: 0005_owner_and_version
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_21a_step_undecided_index"
down_revision = "0005_owner_and_version"
branch_labels = None
depends_on = None

_BLANK = (
    "char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, "
    "8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)"
)


def upgrade() -> None:
    op.create_index(
        "ix_step_undecided",
        "step",
        ["pursuit_id", "position"],
        unique=False,
        sqlite_where=sa.text(f"outcome = 'planned' AND trim(decision_needed, {_BLANK}) = ''"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_step_undecided", table_name="step")
