"""The partial index of the planned steps without a decision, on a PostgreSQL server too.

0006 made it for SQLite only (``sqlite_where``): on a server the index came without its WHERE,
a copy of the unique (pursuit_id, position) one. The momentum view on a server now sums the
board up there as SQLite does (a row a pursuit, not a row a step), and asks this index which
planned steps have no decision. On this computer's SQLite file nothing changes.

Revision ID: 0007_20_undecided_on_server
Revises: 0006_21a_step_undecided_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_20_undecided_on_server"
down_revision = "0006_21a_step_undecided_index"
branch_labels = None
depends_on = None

# Every character Python's str.isspace() takes away (store.fields.BLANK), as a literal.
_CODES = (
    *(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196),
    *(8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288),
)
_BLANK = "'" + "".join(map(chr, _CODES)) + "'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_step_undecided", table_name="step")
    op.create_index(
        "ix_step_undecided",
        "step",
        ["pursuit_id", "position"],
        unique=False,
        postgresql_where=sa.text(f"outcome = 'planned' AND btrim(decision_needed, {_BLANK}) = ''"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_step_undecided", table_name="step")
    op.create_index("ix_step_undecided", "step", ["pursuit_id", "position"], unique=False)
