"""Writing checked spreadsheet rows as pursuits, and taking such an import back.

Called by ``Store.import_pursuit_rows`` and ``Store.undo_pursuit_import`` inside their one
transaction: the whole set is written, or (on any fault) nothing. A row whose pursuit is
already there (same name and client) is skipped, updated, or imported as a copy, as the
seller chose; the receipt holds what undo needs to put everything back.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from ..domain.spreadsheet_rules import ImportRow, pursuit_key
from .tables import Attendance, Person, Pursuit, Step, utc_now

# The columns an update of an existing pursuit writes (and undo puts back).
UPDATED_COLUMNS = ("value_cents", "currency", "status", "target_close", "notes")


class ExistingChoice(enum.Enum):
    """What to do with a row whose pursuit (same name and client) is already there."""

    SKIP = "skip"
    UPDATE = "update"
    COPY = "copy"

    @property
    def label(self) -> str:
        return {
            ExistingChoice.SKIP: "Skip them",
            ExistingChoice.UPDATE: "Update them from the file",
            ExistingChoice.COPY: "Import them as copies",
        }[self]


@dataclass(frozen=True)
class UpdatedPursuit:
    pursuit_id: int
    old_values: dict[str, Any]
    added_step_ids: tuple[int, ...]
    added_person_ids: tuple[int, ...]


@dataclass(frozen=True)
class ImportReceipt:
    """What one import did: enough to take it back as one step."""

    created_ids: tuple[int, ...] = ()
    updated: tuple[UpdatedPursuit, ...] = ()
    skipped: int = 0

    @property
    def changed_count(self) -> int:
        return len(self.created_ids) + len(self.updated)


def existing_keys(session: Session) -> dict[tuple[str, str], int]:
    """Each pursuit's (name, client) key with its id (the first, when two share one)."""
    found: dict[tuple[str, str], int] = {}
    for pursuit_id, name, client in session.exec(
        select(Pursuit.id, Pursuit.name, Pursuit.client).order_by(col(Pursuit.id))
    ):
        found.setdefault(pursuit_key(name, client), pursuit_id)
    return found


def write_rows(
    session: Session, rows: Sequence[ImportRow], existing: ExistingChoice
) -> ImportReceipt:
    known = existing_keys(session)
    created: list[int] = []
    updated: list[UpdatedPursuit] = []
    skipped = 0
    for row in rows:
        same = known.get(row.key)
        if same is not None and existing is ExistingChoice.SKIP:
            skipped += 1
            continue
        if same is not None and existing is ExistingChoice.UPDATE:
            updated.append(_update(session, same, row))
            continue
        name = " ".join(row.name.split())
        if not name:
            raise ValueError("A pursuit needs a name.")
        pursuit = Pursuit(
            name=name if same is None else _copy_name(name),
            client=" ".join(row.client.split()),
            value_cents=row.value_cents,
            currency=row.currency,
            status=row.status.value,
            target_close=row.target_close,
            notes=row.notes,
        )
        session.add(pursuit)
        session.flush()
        assert pursuit.id is not None
        _add_step_and_people(session, pursuit.id, row, position=0)
        created.append(pursuit.id)
        known.setdefault(row.key, pursuit.id)
    return ImportReceipt(tuple(created), tuple(updated), skipped)


def _copy_name(name: str) -> str:
    suffix = " (copy)"
    return name[: 500 - len(suffix)] + suffix


def _update(session: Session, pursuit_id: int, row: ImportRow) -> UpdatedPursuit:
    pursuit = session.get(Pursuit, pursuit_id)
    assert pursuit is not None
    old_values = {name: getattr(pursuit, name) for name in UPDATED_COLUMNS}
    pursuit.value_cents = row.value_cents if row.value_cents is not None else pursuit.value_cents
    pursuit.currency = row.currency or pursuit.currency
    pursuit.status = row.status.value
    pursuit.target_close = row.target_close or pursuit.target_close
    if row.notes and row.notes not in pursuit.notes:
        pursuit.notes = f"{pursuit.notes}\n{row.notes}".strip()
    pursuit.updated_at = utc_now()
    steps = session.exec(
        select(Step.position, Step.planned_at).where(Step.pursuit_id == pursuit_id)
    ).all()
    planned_times = {planned for _position, planned in steps}
    step_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    if row.next_meeting is None or row.next_meeting not in planned_times:
        names = set(session.exec(select(Person.name).where(Person.pursuit_id == pursuit_id)).all())
        wanted = type(row)(
            line=row.line,
            name=row.name,
            next_meeting=row.next_meeting,
            next_decision=row.next_decision,
            contacts=tuple(c for c in row.contacts if c.name not in names),
        )
        position = max((position for position, _planned in steps), default=-1) + 1
        step_ids, person_ids = _add_step_and_people(session, pursuit_id, wanted, position)
    return UpdatedPursuit(pursuit_id, old_values, step_ids, person_ids)


def _add_step_and_people(
    session: Session, pursuit_id: int, row: ImportRow, position: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The row's people, and its next meeting as a planned step they attend."""
    people = [
        Person(pursuit_id=pursuit_id, name=contact.name[:500], notes=contact.email)
        for contact in row.contacts
    ]
    session.add_all(people)
    step = None
    if row.next_meeting is not None:
        step = Step(
            pursuit_id=pursuit_id,
            position=position,
            title="Next meeting",
            planned_at=row.next_meeting,
            decision_needed=row.next_decision,
        )
        session.add(step)
    session.flush()
    person_ids = tuple(person.id for person in people if person.id is not None)
    if step is None:
        return (), person_ids
    assert step.id is not None
    for person_id in person_ids:
        session.add(Attendance(step_id=step.id, person_id=person_id))
    return (step.id,), person_ids


def undo_rows(session: Session, receipt: ImportReceipt) -> None:
    """Take an import back: the pursuits it made deleted, those it updated as they were."""
    created = list(receipt.created_ids)
    step_ids = select(Step.id).where(col(Step.pursuit_id).in_(created))
    session.execute(delete(Attendance).where(col(Attendance.step_id).in_(step_ids)))
    session.execute(delete(Step).where(col(Step.pursuit_id).in_(created)))
    session.execute(delete(Person).where(col(Person.pursuit_id).in_(created)))
    session.execute(delete(Pursuit).where(col(Pursuit.id).in_(created)))
    for change in receipt.updated:
        pursuit = session.get(Pursuit, change.pursuit_id)
        if pursuit is None:
            continue
        for name, value in change.old_values.items():
            setattr(pursuit, name, value)
        pursuit.updated_at = utc_now()
        session.execute(
            delete(Attendance).where(col(Attendance.step_id).in_(change.added_step_ids))
        )
        session.execute(delete(Step).where(col(Step.id).in_(change.added_step_ids)))
        session.execute(
            delete(Attendance).where(col(Attendance.person_id).in_(change.added_person_ids))
        )
        session.execute(delete(Person).where(col(Person.id).in_(change.added_person_ids)))


def already_there(session: Session, rows: Sequence[ImportRow]) -> list[ImportRow]:
    known = existing_keys(session)
    return [row for row in rows if row.key in known]


@dataclass(frozen=True)
class ExportedData:
    """Plain rows for the export: pursuits with their steps, in list order."""

    pursuits: list[Pursuit] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)


def read_for_export(session: Session) -> ExportedData:
    # Sorted here, not by the database: a server's collation may order names by language, and
    # the export lists them as SQLite always has (by code point) wherever they live.
    pursuits = sorted(session.exec(select(Pursuit)), key=lambda p: (p.name, p.id))
    steps = list(session.exec(select(Step).order_by(col(Step.pursuit_id), col(Step.position))))
    return ExportedData(pursuits, steps)
