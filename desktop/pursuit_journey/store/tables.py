"""The tables. Every change to them goes through a migration in ``migrations/versions``."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from .fields import BLANK_PG, BLANK_SQL

# Constraint names the migrations can refer to.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

# The tables' pydantic validators and serializers are built when first used (undoing a deleted
# step validates one), not when the store loads: SQLAlchemy reads and writes the rows without
# them, and built they hold some 0.5 MB that a session may never need.
DEFERRED_VALIDATION = SQLModel.model_config | {"defer_build": True}

# Cents as a 64-bit integer: BIGINT on a server; SQLite's INTEGER, as the first revision made it.
MONEY_CENTS = BigInteger().with_variant(Integer(), "sqlite")


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_uid() -> str:
    return uuid.uuid4().hex


def _version_column() -> Column:
    """A row's version (schema 0005): SQLAlchemy's ``version_id_col`` raises it by every ORM
    update and adds ``AND version = <loaded>`` to its WHERE, so a row changed by another
    computer in the meantime is never overwritten (``StaleDataError``)."""
    return Column("version", Integer, nullable=False, server_default="1")


_PURSUIT_VERSION = _version_column()
_STEP_VERSION = _version_column()
_PERSON_VERSION = _version_column()


class Pursuit(SQLModel, table=True):
    model_config = DEFERRED_VALIDATION
    __tablename__ = "pursuit"
    __mapper_args__ = {"version_id_col": _PURSUIT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True, index=True)
    name: str
    client: str = ""
    # 64-bit on every back-end, as SQLite's INTEGER is: PostgreSQL's integer ends at 2.1e9.
    value_cents: int | None = Field(default=None, sa_type=MONEY_CENTS)
    currency: str = ""
    status: str = Field(default=PursuitStatus.ACTIVE.value, index=True)
    target_close: date | None = None
    decision_criteria: str = ""
    decision_process: str = ""
    who_signs: str = ""
    paper_process: str = ""
    notes: str = ""
    # What decided it, in one line, when the pursuit was won or lost (schema 0003).
    closing_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # Whose pursuit it is: the seller's name on a shared server (schema 0005; "" for none).
    owner: str = Field(default="", sa_column_kwargs={"server_default": ""})
    version: int = Field(default=1, sa_column=_PURSUIT_VERSION)
    # Naive datetimes, stored as written: UTC for these two, local wall-clock for planned_at.
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=DateTime)

    @property
    def status_enum(self) -> PursuitStatus:
        return PursuitStatus(self.status)


class Step(SQLModel, table=True):
    model_config = DEFERRED_VALIDATION
    __tablename__ = "step"
    __table_args__ = (UniqueConstraint("pursuit_id", "position", name="uq_step_pursuit_position"),)
    __mapper_args__ = {"version_id_col": _STEP_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    pursuit_id: int = Field(
        sa_column=Column(Integer, ForeignKey("pursuit.id", ondelete="CASCADE"), nullable=False)
    )
    position: int
    kind: str = StepKind.MEETING.value
    title: str = ""
    planned_at: datetime | None = Field(default=None, sa_type=DateTime)  # local wall-clock
    decision_needed: str = ""
    decision_by: date | None = None
    why_client: str = ""
    fallback: str = ""
    needs_to_decide: str = ""
    concerns: str = ""
    questions: str = ""
    to_share: str = ""
    agreement_purpose: str = ""
    agreement_their_agenda: str = ""
    agreement_our_agenda: str = ""
    agreement_time: str = ""
    agreement_outcome: str = ""
    research: str = ""
    materials: str = ""
    outcome: str = Outcome.PLANNED.value
    decision_made: str = ""
    next_decision: str = ""
    held_on: date | None = None
    # Raised by every change to the row (schema 0005): a save carries the version it loaded.
    version: int = Field(default=1, sa_column=_STEP_VERSION)
    # Naive datetimes, stored as written: UTC for these two, local wall-clock for planned_at.
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=DateTime)

    @property
    def outcome_enum(self) -> Outcome:
        return Outcome(self.outcome)

    @property
    def kind_enum(self) -> StepKind:
        return StepKind(self.kind)


class Person(SQLModel, table=True):
    model_config = DEFERRED_VALIDATION
    __tablename__ = "person"
    __mapper_args__ = {"version_id_col": _PERSON_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, unique=True)
    pursuit_id: int = Field(
        sa_column=Column(Integer, ForeignKey("pursuit.id", ondelete="CASCADE"), nullable=False)
    )
    name: str
    title: str = ""
    role: str = BuyingRole.OTHER.value
    notes: str = ""
    # Optional (schema 0004): calendar invitations and recognising people in imported meetings.
    email: str = Field(default="", sa_column_kwargs={"server_default": ""})
    version: int = Field(default=1, sa_column=_PERSON_VERSION)

    @property
    def role_enum(self) -> BuyingRole:
        return BuyingRole(self.role)


class Attendance(SQLModel, table=True):
    """Who attends which step. A person who attends steps is removed only on purpose."""

    model_config = DEFERRED_VALIDATION
    __tablename__ = "attendance"

    step_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("step.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True, nullable=False
        )
    )


Index("ix_step_pursuit_id", Step.__table__.c.pursuit_id)  # type: ignore[attr-defined]  # SQLModel's __table__
_step_columns = Step.__table__.c  # type: ignore[attr-defined]  # SQLModel's __table__
Index(
    "ix_step_summary",
    _step_columns.pursuit_id,
    _step_columns.position,
    _step_columns.outcome,
    _step_columns.held_on,
    _step_columns.planned_at,
)
# The planned steps whose decision is not written (migration 0006_21a; on a server 0007_20):
# what the momentum view asks of every planned step, without reading the step's row.
UNDECIDED_STEPS = Index(
    "ix_step_undecided",
    _step_columns.pursuit_id,
    _step_columns.position,
    sqlite_where=text(f"outcome = 'planned' AND trim(decision_needed, {BLANK_SQL}) = ''"),
)

# The planned steps by pursuit in the order the next step is chosen, undated last (migration
# 0008_21o): the momentum view's next step is the first entry, the next days a range.
NEXT_STEPS = Index(
    "ix_step_next",
    _step_columns.pursuit_id,
    _step_columns.planned_at.is_(None),
    _step_columns.planned_at,
    _step_columns.position,
    sqlite_where=text("outcome = 'planned'"),
)

Index("ix_person_pursuit_id", Person.__table__.c.pursuit_id)  # type: ignore[attr-defined]  # SQLModel's __table__
Index("ix_attendance_person_id", Attendance.__table__.c.person_id)  # type: ignore[attr-defined]  # SQLModel's __table__


def describe_server_indexes() -> None:
    """Give the tables' indexes what they are on a PostgreSQL server (the WHERE of
    ``UNDECIDED_STEPS`` and ``NEXT_STEPS``), once a server is used
    (``store.server.make_server_engine``).

    Not written in the Index itself: SQLAlchemy checks a ``postgresql_`` option by loading its
    whole PostgreSQL dialect (its asyncpg, pg8000 and psycopg drivers' modules, some 3 MB and a
    tenth of the store's loading), which a start on this computer's file never uses."""
    UNDECIDED_STEPS.dialect_kwargs["postgresql_where"] = text(
        f"outcome = 'planned' AND btrim(decision_needed, {BLANK_PG}) = ''"
    )
    NEXT_STEPS.dialect_kwargs["postgresql_where"] = text("outcome = 'planned'")


from .fields import PURSUIT_TEXT_FIELDS, STEP_TEXT_FIELDS  # noqa: E402,F401 (re-exported)
