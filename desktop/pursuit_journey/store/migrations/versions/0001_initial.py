"""Pursuits, their steps, the people at the client, and who attends which step.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "pursuit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        _text("name"),
        _text("client"),
        # 64-bit on a server too (BIGINT); SQLite's INTEGER is already.
        sa.Column(
            "value_cents", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        _text("currency"),
        _text("status"),
        sa.Column("target_close", sa.Date(), nullable=True),
        _text("decision_criteria"),
        _text("decision_process"),
        _text("who_signs"),
        _text("paper_process"),
        _text("notes"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pursuit"),
    )
    op.create_index("ix_pursuit_uid", "pursuit", ["uid"], unique=True)
    op.create_index("ix_pursuit_status", "pursuit", ["status"], unique=False)

    op.create_table(
        "step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("pursuit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("kind"),
        _text("title"),
        sa.Column("planned_at", sa.DateTime(), nullable=True),
        _text("decision_needed"),
        sa.Column("decision_by", sa.Date(), nullable=True),
        *(
            _text(name)
            for name in (
                "why_client",
                "fallback",
                "needs_to_decide",
                "concerns",
                "questions",
                "to_share",
                "agreement_purpose",
                "agreement_their_agenda",
                "agreement_our_agenda",
                "agreement_time",
                "agreement_outcome",
                "research",
                "materials",
                "outcome",
                "decision_made",
                "next_decision",
            )
        ),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pursuit_id"], ["pursuit.id"], name="fk_step_pursuit_id_pursuit", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_step"),
        sa.UniqueConstraint("pursuit_id", "position", name="uq_step_pursuit_position"),
        sa.UniqueConstraint("uid", name="uq_step_uid"),
    )
    op.create_index("ix_step_pursuit_id", "step", ["pursuit_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("pursuit_id", sa.Integer(), nullable=False),
        _text("name"),
        _text("title"),
        _text("role"),
        _text("notes"),
        sa.ForeignKeyConstraint(
            ["pursuit_id"], ["pursuit.id"], name="fk_person_pursuit_id_pursuit", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
        sa.UniqueConstraint("uid", name="uq_person_uid"),
    )
    op.create_index("ix_person_pursuit_id", "person", ["pursuit_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["step_id"], ["step.id"], name="fk_attendance_step_id_step", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_attendance_person_id_person", ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("step_id", "person_id", name="pk_attendance"),
    )
    op.create_index("ix_attendance_person_id", "attendance", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("attendance")
    op.drop_table("person")
    op.drop_table("step")
    op.drop_table("pursuit")
