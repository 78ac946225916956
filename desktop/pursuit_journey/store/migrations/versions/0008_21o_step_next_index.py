"""A partial index of the planned steps in the order the next step is chosen (issue 21o).

The momentum view shows each active pursuit's next step: its planned step with the earliest
date, or the first planned one in journey order when none is dated. Found in the summary index,
that step cost a small sort per pursuit; and the planned steps of the next days cost a scan of
every step of every active pursuit. This index holds the planned steps only, by pursuit, in
exactly that order (undated last), so the next step is its first entry and the next days are a
range of it: the two queries take about half the time at 2,000 pursuits.

Revision ID: 0008_21o_step_next_index
Revises: 0007_20_undecided_on_server
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_21o_step_next_index"
down_revision = "0007_20_undecided_on_server"
branch_labels = None
depends_on = None


def upgrade() -> None:
    planned = sa.text("outcome = 'planned'")
    where = (
        {"postgresql_where": planned}
        if op.get_bind().dialect.name == "postgresql"
        else {"sqlite_where": planned}
    )
    op.create_index(
        "ix_step_next",
        "step",
        ["pursuit_id", sa.column("planned_at").is_(None), "planned_at", "position"],
        unique=False,
        **where,
    )


def downgrade() -> None:
    op.drop_index("ix_step_next", table_name="step")
