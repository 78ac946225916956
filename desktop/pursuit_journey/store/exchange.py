"""The ``.pursuit`` file: one pursuit with its steps, people and attendance, as JSON.

Export reads the pursuit in one transaction and returns a plain dict. Import is two stages:
``parse_document`` checks EVERYTHING (format, version, every type, length, enum, reference and
date) without touching the database and returns a validated ``PursuitDocument``; only then
``Store.import_pursuit`` writes it in one transaction. A file that fails any check raises
``ExchangeError`` with a message naming the place and the fault, and nothing is written.

Identity is the pursuit's ``uid``: importing a file whose pursuit (or any of whose steps or
people) is already in the database raises ``AlreadyImported`` unless ``as_copy=True``, which gives
the pursuit, its steps and its people new uids.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..domain.email_address import MAX_EMAIL_CHARS, clean_email
from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from .errors import StoreError
from .fields import PURSUIT_TEXT_FIELDS, STEP_TEXT_FIELDS

if TYPE_CHECKING:
    from sqlmodel import Session

    from .tables import Pursuit

FORMAT_NAME = "pursuit-journey"
FORMAT_VERSION = 1
FILE_SUFFIX = ".pursuit"
MIME_TYPE = "application/x-pursuit-journey"

# Limits that keep a hostile file from filling the disk or the screen; generous for real use.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NAME_CHARS = 500
MAX_SHORT_CHARS = 32  # currency
MAX_TEXT_CHARS = 100_000
MAX_UID_CHARS = 64
MAX_STEPS = 2_000
MAX_PEOPLE = 500
MAX_VALUE_CENTS = 10**15  # ten trillion in any currency; SQLite's integers end at 9.2e18

_UID = re.compile(rf"[0-9A-Za-z_-]{{1,{MAX_UID_CHARS}}}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?", re.ASCII)

_PURSUIT_KEYS = (
    "uid",
    *PURSUIT_TEXT_FIELDS,
    "value_cents",
    "status",
    "target_close",
    "created_at",
    "updated_at",
    "people",
    "steps",
)
_PERSON_KEYS = ("uid", "name", "title", "role", "notes", "email")
_STEP_KEYS = (
    "uid",
    "kind",
    *STEP_TEXT_FIELDS,
    "planned_at",
    "decision_by",
    "outcome",
    "held_on",
    "created_at",
    "updated_at",
    "attendees",
)
_TOP_KEYS = ("format", "version", "exported_at", "app_version", "pursuit")


class ExchangeError(StoreError):
    """The file cannot be imported (or exported); ``str()`` names what is wrong, for the seller."""


class AlreadyImported(ExchangeError):
    """The pursuit in the file is already in the database; it can be imported as a copy."""

    def __init__(self, message: str, existing_name: str | None) -> None:
        super().__init__(message)
        self.existing_name = existing_name


@dataclass(frozen=True)
class PursuitDocument:
    """A validated file: plain column values, ready to be written."""

    pursuit: dict[str, Any]
    people: tuple[dict[str, Any], ...]
    steps: tuple[dict[str, Any], ...]  # in order; each with "attendees": tuple of person uids

    @property
    def name(self) -> str:
        return str(self.pursuit["name"])


# ---- export ---------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def read_document(session: Session, pursuit_id: int) -> dict[str, Any]:
    """The pursuit with its people, steps (in order) and attendance, as a JSON-ready dict
    (``Store.export_pursuit`` reads it in one of its transactions)."""
    from sqlmodel import col, select

    from .positions import steps_in_order
    from .tables import Attendance, Person, Pursuit

    pursuit = session.get(Pursuit, pursuit_id)
    if pursuit is None:
        raise ExchangeError("That pursuit no longer exists.")
    people = session.exec(
        select(Person).where(Person.pursuit_id == pursuit_id).order_by(col(Person.id))
    ).all()
    steps = steps_in_order(session, pursuit_id)
    step_ids = [step.id for step in steps]
    attendance = session.exec(
        select(Attendance.step_id, Person.uid)
        .join(Person, col(Person.id) == col(Attendance.person_id))
        .where(col(Attendance.step_id).in_(step_ids))
        .order_by(col(Attendance.step_id), col(Person.id))
    ).all()
    attendees_of: dict[int, list[str]] = {}
    for step_id, person_uid in attendance:
        attendees_of.setdefault(step_id, []).append(person_uid)

    body: dict[str, Any] = {"uid": pursuit.uid}
    body.update({name: getattr(pursuit, name) for name in PURSUIT_TEXT_FIELDS})
    body.update(
        value_cents=pursuit.value_cents,
        status=pursuit.status,
        target_close=_iso(pursuit.target_close),
        created_at=_iso(pursuit.created_at),
        updated_at=_iso(pursuit.updated_at),
        people=[{name: getattr(person, name) for name in _PERSON_KEYS} for person in people],
        steps=[
            {
                "uid": step.uid,
                "kind": step.kind,
                **{name: getattr(step, name) for name in STEP_TEXT_FIELDS},
                "planned_at": _iso(step.planned_at),
                "decision_by": _iso(step.decision_by),
                "outcome": step.outcome,
                "held_on": _iso(step.held_on),
                "created_at": _iso(step.created_at),
                "updated_at": _iso(step.updated_at),
                "attendees": attendees_of.get(step.id, []),
            }
            for step in steps
        ],
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "app_version": __version__,
        "pursuit": body,
    }


def dump_document(document: dict[str, Any]) -> bytes:
    """The bytes of a ``.pursuit`` file: UTF-8 JSON, indented so a person can read it."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---- parsing and validation -----------------------------------------------------------------


def _no_constants(name: str) -> Any:
    raise ExchangeError(f"The file holds {name}, which is not a number this format allows.")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ExchangeError(f"The key “{_show(key)}” appears twice in one object.")
        result[key] = value
    return result


def _megabytes(size: int) -> str:
    """``size`` in MB with one decimal, rounded up: a file just over the limit never reads as
    the limit itself."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def load_document(data: bytes, file_size: int | None = None) -> PursuitDocument:
    """Parse and validate the bytes of a ``.pursuit`` file; raises ExchangeError.

    ``file_size``: the whole file's size, when only its first bytes were read."""
    size = max(len(data), file_size or 0)
    if size > MAX_FILE_BYTES:
        raise ExchangeError(
            f"The file is too large ({_megabytes(size)} MB; at most "
            f"{_megabytes(MAX_FILE_BYTES)} MB)."
        )
    if not data.strip():
        raise ExchangeError("The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read): "
            "it is not a .pursuit file, or it is damaged."
        ) from error
    try:
        raw = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). It may be truncated or damaged."
        ) from error
    except RecursionError as error:
        raise ExchangeError("The file is nested too deeply to be a .pursuit file.") from error
    except ValueError as error:  # an integer with thousands of digits (Python's own limit)
        limit = sys.get_int_max_str_digits()
        raise ExchangeError(
            f"The file holds a number with more than {limit:,} digits, which cannot be read: "
            "it is not a .pursuit file, or it is damaged."
        ) from error
    return parse_document(raw)


def read_pursuit_file(path: Path) -> PursuitDocument:
    """Read, parse and validate the file at ``path``; raises ExchangeError."""
    try:
        with open(path, "rb") as stream:
            file_size = os.fstat(stream.fileno()).st_size
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExchangeError(f"Cannot read {path}: {error.strerror or error}.") from error
    return load_document(data, file_size)


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Checker:
    """Validates one part of the document; ``where`` names it in every message."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, what: str) -> ExchangeError:
        return ExchangeError(f"{self.where}: {what}")

    def object(self, value: Any, keys: tuple[str, ...], required: tuple[str, ...]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"expected an object, found {_type_name(value)}.")
        unknown = [key for key in value if key not in keys]
        if unknown:
            raise self.fail(f"unknown field “{_show(unknown[0])}”.")
        missing = [key for key in required if key not in value]
        if missing:
            raise self.fail(f"the field “{missing[0]}” is missing.")
        return value

    def text(self, value: Any, field: str, limit: int = MAX_TEXT_CHARS) -> str:
        if not isinstance(value, str):
            raise self.fail(f"“{field}” must be text, found {_type_name(value)}.")
        if len(value) > limit:
            raise self.fail(f"“{field}” is too long ({len(value)} characters; at most {limit}).")
        if "\x00" in value:
            raise self.fail(f"“{field}” contains a NUL character.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise self.fail(f"“{field}” contains an invalid character (a lone surrogate).") from (
                error
            )
        return value

    def email(self, value: Any, field: str) -> str:
        try:
            return clean_email(self.text(value, field, MAX_EMAIL_CHARS))
        except ValueError as error:
            raise self.fail(f"“{field}”: {error}") from error

    def name(self, value: Any, field: str) -> str:
        cleaned = " ".join(self.text(value, field, MAX_NAME_CHARS).split())
        if not cleaned:
            raise self.fail(f"“{field}” is empty; a name is needed.")
        return cleaned

    def uid(self, value: Any, field: str = "uid") -> str:
        text = self.text(value, field, MAX_UID_CHARS)
        if not _UID.fullmatch(text):
            raise self.fail(
                f"“{field}” must be 1 to {MAX_UID_CHARS} letters, digits, '-' or '_', "
                f"found “{_show(text)}”."
            )
        return text

    def enum(self, value: Any, field: str, kind: type[Enum]) -> str:
        allowed = [member.value for member in kind]
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(
                f"“{field}” must be one of {', '.join(allowed)}, found {_found(value)}."
            )
        return value

    def optional_date(self, value: Any, field: str) -> date | None:
        if value is None:
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise self.fail(f"“{field}” must be a date like 2026-03-02, found {_found(value)}.")
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise self.fail(f"“{field}” is not a real date: {value}.") from error

    def optional_datetime(self, value: Any, field: str) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, str) or not _DATETIME.fullmatch(value):
            raise self.fail(
                f"“{field}” must be a date and time like 2026-03-02T10:30:00, "
                f"found {_found(value)}."
            )
        try:
            return datetime.fromisoformat(value)
        except ValueError as error:
            raise self.fail(f"“{field}” is not a real date and time: {value}.") from error

    def required_datetime(self, value: Any, field: str) -> datetime:
        parsed = self.optional_datetime(value, field)
        if parsed is None:
            raise self.fail(f"“{field}” is missing its date and time.")
        return parsed

    def list(self, value: Any, field: str, limit: int) -> list:
        if not isinstance(value, list):
            raise self.fail(f"“{field}” must be a list, found {_type_name(value)}.")
        if len(value) > limit:
            raise self.fail(f"“{field}” has too many entries ({len(value)}; at most {limit}).")
        return value


def _found(value: Any, *, number_expected: bool = False) -> str:
    """What was found instead of a valid value, in words a seller reads: text in quotes (said
    to be text where a number belongs), a number as written, anything else by its kind."""
    if isinstance(value, str):
        return f"text “{_show(value)}”" if number_expected else f"“{_show(value)}”"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _show(value)
    return _type_name(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def parse_document(raw: Any) -> PursuitDocument:
    """Validate a decoded JSON value as a ``.pursuit`` document; raises ExchangeError."""
    top = _Checker("The file")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise ExchangeError(f"This is not a .pursuit file (its format is not “{FORMAT_NAME}”).")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        found = "" if version is None else f" (found {_found(version, number_expected=True)})"
        raise ExchangeError(f"The file has no valid format version{found}.")
    if version > FORMAT_VERSION:
        raise ExchangeError(
            f"The file was written by a newer Pursuit Journey (format version {version}; "
            f"this app reads version {FORMAT_VERSION}). Install the newer version to open it."
        )
    if version != FORMAT_VERSION:
        raise ExchangeError(f"The file's format version {version} is not supported.")
    top.object(raw, _TOP_KEYS, ("format", "version", "pursuit"))
    if "exported_at" in raw:
        top.text(raw["exported_at"], "exported_at", 64)
    if "app_version" in raw:
        top.text(raw["app_version"], "app_version", 64)

    here = _Checker("The pursuit")
    body = here.object(raw["pursuit"], _PURSUIT_KEYS, ("uid", "name"))
    pursuit: dict[str, Any] = {"uid": here.uid(body["uid"])}
    for field in PURSUIT_TEXT_FIELDS:
        if field == "name":
            pursuit["name"] = here.name(body["name"], "name")
        elif field == "currency":
            pursuit[field] = here.text(body.get(field, ""), field, MAX_SHORT_CHARS)
        else:
            pursuit[field] = here.text(body.get(field, ""), field)
    value = body.get("value_cents")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_VALUE_CENTS
    ):
        if isinstance(value, float) and not math.isfinite(value):
            raise here.fail("“value_cents” is not a finite number.")
        raise here.fail(
            f"“value_cents” must be a whole number of cents up to {MAX_VALUE_CENTS}, "
            f"found {_found(value, number_expected=True)}."
        )
    pursuit["value_cents"] = value
    pursuit["status"] = here.enum(
        body.get("status", PursuitStatus.ACTIVE.value), "status", PursuitStatus
    )
    pursuit["target_close"] = here.optional_date(body.get("target_close"), "target_close")
    for stamp in ("created_at", "updated_at"):
        if body.get(stamp) is not None:
            pursuit[stamp] = here.required_datetime(body[stamp], stamp)

    people: list[dict[str, Any]] = []
    person_uids: set[str] = set()
    for index, entry in enumerate(here.list(body.get("people", []), "people", MAX_PEOPLE)):
        check = _Checker(f"Person {index + 1}")
        item = check.object(entry, _PERSON_KEYS, ("uid", "name"))
        uid = check.uid(item["uid"])
        if uid in person_uids:
            raise check.fail(f"the uid “{uid}” is used by an earlier person too.")
        person_uids.add(uid)
        people.append(
            {
                "uid": uid,
                "name": check.name(item["name"], "name"),
                "title": check.text(item.get("title", ""), "title", MAX_NAME_CHARS),
                "role": check.enum(item.get("role", BuyingRole.OTHER.value), "role", BuyingRole),
                "notes": check.text(item.get("notes", ""), "notes"),
                "email": check.email(item.get("email", ""), "email"),
            }
        )

    steps: list[dict[str, Any]] = []
    step_uids: set[str] = set()
    for index, entry in enumerate(here.list(body.get("steps", []), "steps", MAX_STEPS)):
        check = _Checker(f"Step {index + 1}")
        item = check.object(entry, _STEP_KEYS, ("uid",))
        uid = check.uid(item["uid"])
        if uid in step_uids:
            raise check.fail(f"the uid “{uid}” is used by an earlier step too.")
        step_uids.add(uid)
        step: dict[str, Any] = {
            "uid": uid,
            "kind": check.enum(item.get("kind", StepKind.MEETING.value), "kind", StepKind),
        }
        for field in STEP_TEXT_FIELDS:
            step[field] = check.text(item.get(field, ""), field)
        step["planned_at"] = check.optional_datetime(item.get("planned_at"), "planned_at")
        step["decision_by"] = check.optional_date(item.get("decision_by"), "decision_by")
        step["outcome"] = check.enum(item.get("outcome", Outcome.PLANNED.value), "outcome", Outcome)
        step["held_on"] = check.optional_date(item.get("held_on"), "held_on")
        for stamp in ("created_at", "updated_at"):
            if item.get(stamp) is not None:
                step[stamp] = check.required_datetime(item[stamp], stamp)
        attendees: list[str] = []
        for person_uid in check.list(item.get("attendees", []), "attendees", MAX_PEOPLE):
            person_uid = check.uid(person_uid, "attendees")
            if person_uid not in person_uids:
                raise check.fail(f"attendee “{person_uid}” is not one of the pursuit's people.")
            if person_uid in attendees:
                raise check.fail(f"attendee “{person_uid}” is listed twice.")
            attendees.append(person_uid)
        step["attendees"] = tuple(attendees)
        steps.append(step)
    if person_uids & step_uids or pursuit["uid"] in person_uids | step_uids:
        raise here.fail("a uid is shared between the pursuit, a step or a person.")
    return PursuitDocument(pursuit=pursuit, people=tuple(people), steps=tuple(steps))


# ---- import ---------------------------------------------------------------------------------


def write_document(session: Session, document: PursuitDocument, *, as_copy: bool) -> Pursuit:
    """Add a validated document to ``session`` (``Store.import_pursuit`` writes it in one of its
    transactions); returns the new pursuit.

    Raises ``AlreadyImported`` (nothing written) when its identity is already in the database
    and ``as_copy`` is False.
    """
    from .tables import Attendance, Person, Pursuit, Step, new_uid

    pursuit_fields = dict(document.pursuit)
    people = [dict(person) for person in document.people]
    steps = [dict(step) for step in document.steps]
    if as_copy:
        pursuit_fields["uid"] = new_uid()
        pursuit_fields["name"] = _copy_name(pursuit_fields["name"])
        for row in (*people, *steps):
            row["old_uid"] = row["uid"]
            row["uid"] = new_uid()
    else:
        _refuse_known_identity(session, pursuit_fields, people, steps)
    pursuit = Pursuit(**pursuit_fields)
    session.add(pursuit)
    session.flush()
    assert pursuit.id is not None
    person_rows: dict[str, Person] = {}
    for row in people:
        original_uid = row.pop("old_uid", row["uid"])
        person = Person(pursuit_id=pursuit.id, **row)
        session.add(person)
        person_rows[original_uid] = person
    step_rows: list[tuple[Step, tuple[str, ...]]] = []
    for position, row in enumerate(steps):
        row.pop("old_uid", None)
        attendees = row.pop("attendees")
        step = Step(pursuit_id=pursuit.id, position=position, **row)
        session.add(step)
        step_rows.append((step, attendees))
    session.flush()
    for step, attendees in step_rows:
        for person_uid in attendees:
            person_id = person_rows[person_uid].id
            assert step.id is not None and person_id is not None
            session.add(Attendance(step_id=step.id, person_id=person_id))
    return pursuit


def _copy_name(name: str) -> str:
    suffix = " (copy)"
    return name[: MAX_NAME_CHARS - len(suffix)] + suffix


def _refuse_known_identity(
    session: Session,
    pursuit: dict[str, Any],
    people: list[dict[str, Any]],
    steps: list[dict[str, Any]],
) -> None:
    from sqlmodel import col, select

    from .tables import Person, Pursuit, Step

    existing = session.exec(select(Pursuit).where(Pursuit.uid == pursuit["uid"])).first()
    if existing is not None:
        raise AlreadyImported(
            f"“{existing.name}” is already in your pursuits (the same pursuit, perhaps "
            "exported from here before).",
            existing.name,
        )
    step_uids = [step["uid"] for step in steps]
    person_uids = [person["uid"] for person in people]
    clash = session.exec(select(Step.uid).where(col(Step.uid).in_(step_uids))).first()
    clash = (
        clash or session.exec(select(Person.uid).where(col(Person.uid).in_(person_uids))).first()
    )
    if clash is not None:
        raise AlreadyImported(
            "Some steps or people of this file are already in another of your pursuits.", None
        )


# ---- whole stores --------------------------------------------------------------------------


@dataclass(frozen=True)
class AddedPursuits:
    """What ``Store.add_pursuits`` did: the names copied, and of those already there."""

    copied: tuple[str, ...]
    already_there: tuple[str, ...]


def read_pursuit_documents(session: Session) -> list[PursuitDocument]:
    """Every pursuit of the database as a ``PursuitDocument`` (what ``parse_document`` gives for
    its file, plus any column the file does not carry), read with four plain queries and no file
    round trip: moving a whole store."""
    from sqlalchemy import select

    from .tables import Attendance, Person, Pursuit, Step

    pursuit_table, person_table = Pursuit.__table__, Person.__table__  # type: ignore[attr-defined]
    step_table, attendance_table = Step.__table__, Attendance.__table__  # type: ignore[attr-defined]
    # Every column but the database's own ids and edit counters: the document's fields and any
    # the file does not carry (who owns the pursuit) travel alike from one store to the other.
    pursuit_names = _carried(pursuit_table)
    step_names = _carried(step_table)
    person_names = _carried(person_table)
    pursuit_columns = [pursuit_table.c[name] for name in pursuit_names]
    step_columns = [step_table.c[name] for name in step_names]
    person_columns = [person_table.c[name] for name in person_names]
    execute = session.connection().execute
    people_of: dict[int, list[dict[str, Any]]] = {}
    person_uid: dict[int, str] = {}
    for row in execute(
        select(person_table.c.id, person_table.c.pursuit_id, *person_columns).order_by(
            person_table.c.id
        )
    ):
        person_uid[row.id] = row.uid
        people_of.setdefault(row.pursuit_id, []).append(
            {name: getattr(row, name) for name in person_names}
        )
    attendees_of: dict[int, list[str]] = {}
    for step_id, person_id in execute(
        select(attendance_table.c.step_id, attendance_table.c.person_id).order_by(
            attendance_table.c.step_id, attendance_table.c.person_id
        )
    ):
        attendees_of.setdefault(step_id, []).append(person_uid[person_id])
    steps_of: dict[int, list[dict[str, Any]]] = {}
    for row in execute(
        select(step_table.c.id, step_table.c.pursuit_id, *step_columns).order_by(
            step_table.c.pursuit_id, step_table.c.position
        )
    ):
        step = {name: getattr(row, name) for name in step_names}
        step["attendees"] = tuple(attendees_of.get(row.id, ()))
        steps_of.setdefault(row.pursuit_id, []).append(step)
    return [
        PursuitDocument(
            pursuit={name: getattr(row, name) for name in pursuit_names},
            people=tuple(people_of.get(row.id, ())),
            steps=tuple(steps_of.get(row.id, ())),
        )
        for row in execute(
            select(pursuit_table.c.id, *pursuit_columns).order_by(pursuit_table.c.id)
        )
    ]


# Columns that are each database's own: ids (and the references made of them, given anew from
# the uids) and the count of edits a row has had there.
_NOT_CARRIED = frozenset({"id", "pursuit_id", "position", "version"})


def _carried(table: Any) -> list[str]:
    return [column.name for column in table.columns if column.name not in _NOT_CARRIED]


def add_documents(
    session: Session, documents: list[PursuitDocument], owner: str = ""
) -> AddedPursuits:
    """Write ``documents`` in ``session`` (one transaction of the target store), skipping each
    pursuit whose uid is already there: a few statements for the lot (each table's rows given to
    the driver at once: multi-row INSERTs, or one prepared statement pipelined), not one query
    per row. A pursuit that has no owner yet (made on a computer where nobody was asked) becomes
    ``owner``'s."""
    from sqlalchemy import bindparam, insert, select

    from .tables import Attendance, Person, Pursuit, Step, utc_now

    pursuit_table, person_table = Pursuit.__table__, Person.__table__  # type: ignore[attr-defined]
    step_table, attendance_table = Step.__table__, Attendance.__table__  # type: ignore[attr-defined]
    execute = session.connection().execute

    def already(table: Any, uids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(uids), 500):  # well under any database's bound-parameter limit
            chunk = uids[start : start + 500]
            found.update(execute(select(table.c.uid).where(table.c.uid.in_(chunk))).scalars())
        return found

    there = already(pursuit_table, [document.pursuit["uid"] for document in documents])
    new = [document for document in documents if document.pursuit["uid"] not in there]
    skipped = tuple(document.name for document in documents if document.pursuit["uid"] in there)
    if not new:
        return AddedPursuits(copied=(), already_there=skipped)
    owner_of: dict[str, str] = {}
    for document in new:
        for row in (*document.people, *document.steps):
            owner_of[row["uid"]] = document.name
    clash = already(person_table, [uid for d in new for uid in (p["uid"] for p in d.people)])
    clash |= already(step_table, [uid for d in new for uid in (s["uid"] for s in d.steps)])
    if clash:
        name = owner_of[sorted(clash)[0]]
        raise StoreError(
            f"“{name}” could not be copied: some of its steps or people are already in another "
            "pursuit there. Nothing was copied."
        )
    now = utc_now()
    pursuit_rows = [{"created_at": now, "updated_at": now, **document.pursuit} for document in new]
    for row in pursuit_rows:
        if not row.get("owner"):
            row["owner"] = owner
    pursuit_id = {
        uid: identity
        for identity, uid in execute(
            insert(pursuit_table).returning(pursuit_table.c.id, pursuit_table.c.uid),
            pursuit_rows,
        )
    }
    person_rows = [
        {**person, "pursuit_id": pursuit_id[document.pursuit["uid"]]}
        for document in new
        for person in document.people
    ]
    if person_rows:
        execute(insert(person_table), person_rows)
    step_rows = [
        {
            "created_at": now,
            "updated_at": now,
            **{key: value for key, value in step.items() if key != "attendees"},
            "pursuit_id": pursuit_id[document.pursuit["uid"]],
            "position": position,
        }
        for document in new
        for position, step in enumerate(document.steps)
    ]
    if step_rows:
        execute(insert(step_table), step_rows)
    # Who attends, by the uids both rows carry: no ids need to come back for the steps.
    attendance_rows = [
        {"step_uid": step["uid"], "person_uid": person}
        for document in new
        for step in document.steps
        for person in step["attendees"]
    ]
    if attendance_rows:
        pair = select(
            select(step_table.c.id)
            .where(step_table.c.uid == bindparam("step_uid"))
            .scalar_subquery(),
            select(person_table.c.id)
            .where(person_table.c.uid == bindparam("person_uid"))
            .scalar_subquery(),
        )
        execute(
            insert(attendance_table).from_select(["step_id", "person_id"], pair), attendance_rows
        )
    return AddedPursuits(copied=tuple(document.name for document in new), already_there=skipped)
