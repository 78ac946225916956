"""Meetings read from a calendar file (.ics) and brought in as steps.

Three stages, so that nothing is written before the seller has seen everything:

1. ``read_meetings`` checks the file (size, text, structure) and lists the meetings in a range,
   recurring events expanded with their exceptions (recurring-ical-events), times in the
   seller's wall-clock. A file it cannot read raises ``CalendarImportError`` with a message.
2. ``suggest`` proposes for each meeting the pursuit it belongs to (attendee and organizer
   emails, their domains, people's names, the client's name in the title) and finds the step
   it was imported as before (same UID, or the same start in that pursuit): that step is
   updated, not duplicated.
3. ``import_meetings`` writes the seller's choices in one transaction; ``undo_import`` puts
   everything back in one transaction.

A meeting's step gets a uid made from the event's UID and its start (so a recurring series
gives one step per occurrence, and importing again finds them). An event written by "Add to
Calendar…" carries its step's own uid and finds that step directly.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlalchemy import select as select_columns
from sqlmodel import col, select

from ..domain.email_address import clean_email, email_domain, email_key
from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus
from .errors import StoreError
from .positions import shift_positions, steps_in_order
from .tables import Attendance, Person, Pursuit, Step, utc_now

if TYPE_CHECKING:
    from .repository import Store

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_EVENTS = 20_000  # VEVENTs in the file
MAX_MEETINGS = 2_000  # occurrences listed in the chosen range
ALL_DAY_TIME = time(9, 0)  # an all-day event becomes a step at 9:00
MAX_TITLE_CHARS = 500
# Addresses of mail providers: a shared domain there says nothing about a company.
_PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "yandex.ru",
        "qq.com",
    }
)


class CalendarImportError(StoreError):
    """The file cannot be read as a calendar; ``str()`` says why, for the seller."""


@dataclass(frozen=True)
class Guest:
    email: str  # may be empty (a name only)
    name: str
    organizer: bool = False


@dataclass(frozen=True)
class Meeting:
    """One occurrence of an event, in the seller's wall-clock time."""

    uid: str
    start: datetime
    end: datetime
    title: str
    all_day: bool
    guests: tuple[Guest, ...]  # the organizer first, then the attendees
    zone_note: str = ""  # e.g. an unknown time zone, taken as local time

    @property
    def step_uid(self) -> str:
        """The uid a step imported from this occurrence gets."""
        digest = hashlib.sha1(f"{self.uid}\x00{self.start.isoformat()}".encode()).hexdigest()
        return f"ics-{digest[:32]}"


# ---- reading ------------------------------------------------------------------------------


def read_meetings(
    data: bytes, start: datetime, end: datetime, zone: tzinfo | None
) -> list[Meeting]:
    """The meetings of the calendar file ``data`` that start in [start, end) (naive local
    times), in start order. ``zone`` is the seller's (None: the computer's own rules).

    Raises CalendarImportError for a file that is too large, not UTF-8, not iCalendar,
    truncated, damaged, or holding too many events or meetings in the range."""
    import recurring_ical_events
    from icalendar import Calendar

    if len(data) > MAX_FILE_BYTES:
        raise CalendarImportError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; calendar files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB are read. Export a shorter range from your "
            "calendar."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CalendarImportError(
            "The file is not UTF-8 text, as calendar files are (RFC 5545); "
            f"the first wrong byte is at position {error.start}. Export it again from your "
            "calendar."
        ) from error
    stripped = text.strip()
    if not stripped.upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarImportError(
            "This is not a calendar file: an iCalendar (.ics) file starts with BEGIN:VCALENDAR."
        )
    if not re.search(r"END:VCALENDAR\s*\Z", stripped, re.IGNORECASE):
        raise CalendarImportError(
            "The calendar file is cut short (it does not end with END:VCALENDAR). Export it "
            "again from your calendar."
        )
    events = len(re.findall(r"^BEGIN:VEVENT\s*$", stripped, re.IGNORECASE | re.MULTILINE))
    if events > MAX_EVENTS:
        raise CalendarImportError(
            f"The file holds {events:,} events; up to {MAX_EVENTS:,} are read. Export a "
            "shorter range from your calendar."
        )
    try:
        calendars = Calendar.from_ical(text, multiple=True)
        meetings: list[Meeting] = []
        for calendar in calendars:
            meetings.extend(_meetings_of(calendar, start, end, zone, recurring_ical_events))
    except CalendarImportError:
        raise
    except Exception as error:  # icalendar and its helpers raise many kinds; all mean damage
        raise CalendarImportError(
            f"The calendar file is damaged and cannot be read: {_short(str(error))}"
        ) from error
    meetings.sort(key=lambda meeting: (meeting.start, meeting.title))
    if len(meetings) > MAX_MEETINGS:
        raise CalendarImportError(_too_many(start, end))
    return meetings


def _meetings_of(
    calendar: Any, start: datetime, end: datetime, zone: tzinfo | None, expander: Any
) -> Iterable[Meeting]:
    # The expanded copies lose DTSTART's parameters: zones unknown to the reader (a naive time
    # with a TZID) are noted from the events as written.
    unknown_zones: dict[str, str] = {}
    for event in calendar.walk("VEVENT"):
        written = event.get("DTSTART")
        tzid = getattr(written, "params", {}).get("TZID") if written is not None else None
        moment = getattr(written, "dt", None)
        if tzid and isinstance(moment, datetime) and moment.tzinfo is None:
            unknown_zones[str(event.get("UID", ""))] = str(tzid)
    found = 0
    # after() yields in start order, lazily: a series repeating every second without end is
    # cut at the limit instead of filling the memory.
    for event in expander.of(calendar).after(start):
        meeting = _meeting(event, zone, unknown_zones)
        if meeting is None:
            continue
        if meeting.start >= end:
            break
        if meeting.start < start:
            continue
        found += 1
        if found > MAX_MEETINGS:
            raise CalendarImportError(_too_many(start, end))
        yield meeting


def _short(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _too_many(start: datetime, end: datetime) -> str:
    return (
        f"There are more than {MAX_MEETINGS:,} meetings from {start.date().isoformat()} to "
        f"{end.date().isoformat()} (is there an event repeating very often without end?). "
        "Choose a shorter range."
    )


def _meeting(event: Any, zone: tzinfo | None, unknown_zones: dict[str, str]) -> Meeting | None:
    if str(event.get("status", "")).upper() == "CANCELLED" or "DTSTART" not in event:
        return None
    raw_start = event["DTSTART"]
    begins = raw_start.dt
    note = ""
    if "DTEND" in event:
        finishes = event["DTEND"].dt
    elif "DURATION" in event:
        finishes = begins + event["DURATION"].dt
    else:
        finishes = begins + (timedelta(days=1) if not isinstance(begins, datetime) else timedelta())
    all_day = not isinstance(begins, datetime)
    if all_day:
        start = datetime.combine(begins, ALL_DAY_TIME)
        end = start + timedelta(hours=1)
    else:
        tzid = raw_start.params.get("TZID") or unknown_zones.get(str(event.get("UID", "")))
        if begins.tzinfo is None and tzid:
            note = f"Time zone “{tzid}” is unknown: taken as your local time."
        start = _wall_clock(begins, zone)
        end = _wall_clock(finishes, zone) if isinstance(finishes, datetime) else start
    guests: list[Guest] = []
    seen: set[str] = set()
    organizer = event.get("ORGANIZER")
    for prop in [organizer, *_as_list(event.get("ATTENDEE"))]:
        if prop is None:
            continue
        guest = _guest(prop, organizer=prop is organizer)
        key = email_key(guest.email) or guest.name.casefold()
        if (guest.email or guest.name) and key not in seen:
            seen.add(key)
            guests.append(guest)
    title = " ".join(str(event.get("SUMMARY", "")).split())[:MAX_TITLE_CHARS]
    return Meeting(
        uid=str(event.get("UID", "")).strip()[:255],
        start=start,
        end=max(end, start),
        title=title,
        all_day=all_day,
        guests=tuple(guests),
        zone_note=note,
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _guest(prop: Any, *, organizer: bool) -> Guest:
    address = str(prop).strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    try:
        email = clean_email(address)
    except ValueError:
        email = ""
    name = " ".join(str(getattr(prop, "params", {}).get("CN", "")).strip('"').split())
    return Guest(email=email, name=name[:MAX_TITLE_CHARS], organizer=organizer)


def calendar_owners(meetings: Sequence[Meeting]) -> frozenset[str]:
    """The emails that are in every meeting listed (two or more): the calendar's owner, the
    seller, who is not one of the client's people."""
    if len(meetings) < 2:
        return frozenset()
    counts = Counter(
        key
        for meeting in meetings
        for key in {email_key(g.email) for g in meeting.guests if g.email}
    )
    return frozenset(email for email, count in counts.items() if count == len(meetings))


def _wall_clock(moment: datetime, zone: tzinfo | None) -> datetime:
    """The seller's local wall-clock time of ``moment``; a floating time stays as written."""
    if moment.tzinfo is None:
        return moment.replace(second=0, microsecond=0)
    local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    return local.replace(tzinfo=None, second=0, microsecond=0)


# ---- suggesting ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PursuitDirectory:
    """What a pursuit is recognised by in a meeting."""

    pursuit_id: int
    name: str
    client: str
    active: bool
    emails: frozenset[str]
    domains: frozenset[str]
    people: frozenset[str]  # names, case-folded


@dataclass(frozen=True)
class KnownStep:
    step_id: int
    pursuit_id: int
    uid: str
    planned_at: datetime | None
    title: str


@dataclass(frozen=True)
class Suggestion:
    meeting: Meeting
    pursuit_id: int | None
    reason: str  # why that pursuit, for the seller
    step_id: int | None = None  # the step this meeting was imported as before


_KNOWN_STEP_COLUMNS: tuple[Any, ...] = (
    Step.id,
    Step.pursuit_id,
    Step.uid,
    Step.planned_at,
    Step.title,
)


def directory_of(store: Store) -> tuple[list[PursuitDirectory], list[KnownStep]]:
    """Every pursuit's people and emails, and every step's uid and date, in one transaction."""
    with store._transaction() as session:
        pursuits = list(session.exec(select(Pursuit)).all())
        people = list(session.exec(select(Person)).all())
        steps = [
            KnownStep(row[0], row[1], row[2], row[3], row[4])
            for row in session.execute(select_columns(*_KNOWN_STEP_COLUMNS)).all()
        ]
    by_pursuit: dict[int, list[Person]] = {}
    for person in people:
        by_pursuit.setdefault(person.pursuit_id, []).append(person)
    directory = []
    for pursuit in pursuits:
        assert pursuit.id is not None
        members = by_pursuit.get(pursuit.id, [])
        emails = frozenset(email_key(p.email) for p in members if p.email)
        directory.append(
            PursuitDirectory(
                pursuit_id=pursuit.id,
                name=pursuit.name,
                client=pursuit.client,
                active=pursuit.status == PursuitStatus.ACTIVE.value,
                emails=emails,
                domains=frozenset(
                    domain
                    for domain in (email_domain(email) for email in emails)
                    if domain not in _PUBLIC_DOMAINS
                ),
                people=frozenset(p.name.casefold() for p in members),
            )
        )
    return directory, steps


def suggest(
    meetings: Sequence[Meeting],
    directory: Sequence[PursuitDirectory],
    steps: Sequence[KnownStep],
) -> list[Suggestion]:
    """For each meeting, the pursuit it most likely belongs to (or None), and the step it was
    imported as (or written from) before."""
    by_uid = {step.uid: step for step in steps}
    suggestions = []
    for meeting in meetings:
        known = by_uid.get(meeting.uid) or by_uid.get(meeting.step_uid)
        if known is not None:
            suggestions.append(
                Suggestion(meeting, known.pursuit_id, "imported before", known.step_id)
            )
            continue
        pursuit_id, reason = _best_pursuit(meeting, directory)
        step_id = None
        if pursuit_id is not None:
            step_id = next(
                (
                    step.step_id
                    for step in steps
                    if step.pursuit_id == pursuit_id and step.planned_at == meeting.start
                ),
                None,
            )
        suggestions.append(Suggestion(meeting, pursuit_id, reason, step_id))
    return suggestions


def existing_step(meeting: Meeting, pursuit_id: int, steps: Sequence[KnownStep]) -> int | None:
    """The step of ``pursuit_id`` this meeting updates (same uid, or same start), if any."""
    for step in steps:
        if step.pursuit_id == pursuit_id and step.uid in (meeting.uid, meeting.step_uid):
            return step.step_id
    for step in steps:
        if step.pursuit_id == pursuit_id and step.planned_at == meeting.start:
            return step.step_id
    return None


def _best_pursuit(
    meeting: Meeting, directory: Sequence[PursuitDirectory]
) -> tuple[int | None, str]:
    emails = {email_key(guest.email) for guest in meeting.guests if guest.email}
    domains = {email_domain(email) for email in emails} - _PUBLIC_DOMAINS
    names = {guest.name.casefold() for guest in meeting.guests if guest.name}
    title = meeting.title.casefold()
    best: tuple[int, bool, int] | None = None
    best_reason = ""
    for entry in directory:
        score, reasons = 0, []
        same_people = emails & entry.emails
        if same_people:
            score += 10 * len(same_people)
            reasons.append(f"{len(same_people)} attendee email(s) match its people")
        same_domains = domains & entry.domains
        if same_domains and not same_people:
            score += 3
            reasons.append(f"same domain: {', '.join(sorted(same_domains))}")
        same_names = names & entry.people
        if same_names and not same_people:
            score += 5
            reasons.append("attendee names match its people")
        for label, word in (("client", entry.client), ("pursuit", entry.name)):
            if len(word.strip()) >= 3 and _mentions(title, word):
                score += 4
                reasons.append(f"the title names the {label}")
                break
        if score == 0:
            continue
        rank = (score, entry.active, -entry.pursuit_id)
        if best is None or rank > best:
            best, best_reason = rank, "; ".join(reasons)
            best_id = entry.pursuit_id
    if best is None:
        return None, "no match"
    return best_id, best_reason


def _mentions(title: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.strip().casefold())}(?!\w)", title) is not None


# ---- writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingChoice:
    """What the seller chose for one meeting: its pursuit, and the step it updates if any."""

    meeting: Meeting
    pursuit_id: int
    step_id: int | None = None


@dataclass(frozen=True)
class ImportedMeetings:
    """What ``import_meetings`` changed, so that ``undo_import`` can put it back exactly."""

    created_steps: tuple[int, ...]
    created_people: tuple[int, ...]
    moved_steps: tuple[tuple[int, datetime | None], ...]  # step id, its date before
    pursuit_ids: tuple[int, ...]
    choices: tuple[MeetingChoice, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.created_steps) + len(self.moved_steps)


def import_meetings(
    store: Store, choices: Sequence[MeetingChoice], *, not_people: Collection[str] = ()
) -> ImportedMeetings:
    """Each chosen meeting becomes a step of its pursuit (planned; one in the past awaits its
    debrief), with its date, time and attendees (people matched by email, else by name, else
    added with their email); a meeting imported before moves its step instead. One
    transaction: all or nothing.

    The organizer and the emails ``not_people`` (the seller's own: ``calendar_owners``) are
    matched to people but never added as new ones."""
    skipped = {email_key(email) for email in not_people}
    store._refuse_if_closed_or_read_only()
    created_steps: list[int] = []
    created_people: list[int] = []
    moved: list[tuple[int, datetime | None]] = []
    pursuits: set[int] = set()
    with store._transaction() as session:
        for choice in choices:
            meeting = choice.meeting
            pursuit = store._get(session, Pursuit, choice.pursuit_id)
            pursuits.add(choice.pursuit_id)
            if choice.step_id is not None:
                step = store._get(session, Step, choice.step_id)
                if step.pursuit_id != choice.pursuit_id:
                    raise StoreError("A meeting can only update a step of its own pursuit.")
                moved.append((step.id, step.planned_at))
                step.planned_at = meeting.start
                step.updated_at = utc_now()
                pursuit.updated_at = utc_now()
                continue
            ordered = steps_in_order(session, choice.pursuit_id)
            position = _position_for(ordered, meeting.start)
            shift_positions(session, choice.pursuit_id, start=position, by=1)
            step = Step(
                pursuit_id=choice.pursuit_id,
                position=position,
                uid=meeting.step_uid,
                title=meeting.title,
                planned_at=meeting.start,
                outcome=Outcome.PLANNED.value,
            )
            session.add(step)
            session.flush()
            assert step.id is not None
            created_steps.append(step.id)
            people = list(
                session.exec(select(Person).where(Person.pursuit_id == choice.pursuit_id)).all()
            )
            attending: set[int] = set()
            for guest in meeting.guests:
                person = _match_person(people, guest)
                if person is None and (guest.organizer or email_key(guest.email) in skipped):
                    continue
                if person is None:
                    person = Person(
                        pursuit_id=choice.pursuit_id,
                        name=guest.name or guest.email.partition("@")[0] or guest.email,
                        email=guest.email,
                        role=BuyingRole.OTHER.value,
                    )
                    session.add(person)
                    session.flush()
                    assert person.id is not None
                    people.append(person)
                    created_people.append(person.id)
                assert person.id is not None
                if person.id not in attending:
                    attending.add(person.id)
                    session.add(Attendance(step_id=step.id, person_id=person.id))
            pursuit.updated_at = utc_now()
    return ImportedMeetings(
        created_steps=tuple(created_steps),
        created_people=tuple(created_people),
        moved_steps=tuple(moved),
        pursuit_ids=tuple(sorted(pursuits)),
        choices=tuple(choices),
    )


def undo_import(store: Store, imported: ImportedMeetings) -> None:
    """Put back what ``import_meetings`` changed, in one transaction: its steps and the people
    it added removed, moved steps at their dates before."""
    with store._transaction() as session:
        for step_id in imported.created_steps:
            step = session.get(Step, step_id)
            if step is None:
                continue
            session.execute(delete(Attendance).where(col(Attendance.step_id) == step_id))
            session.delete(step)
            session.flush()
            shift_positions(session, step.pursuit_id, start=step.position + 1, by=-1)
        for person_id in imported.created_people:
            still = session.exec(
                select(Attendance.step_id).where(Attendance.person_id == person_id)
            ).first()
            if still is None:
                session.execute(delete(Person).where(col(Person.id) == person_id))
        for step_id, planned_at in imported.moved_steps:
            step = session.get(Step, step_id)
            if step is not None:
                step.planned_at = planned_at
                step.updated_at = utc_now()


def _position_for(ordered: list[Step], start: datetime) -> int:
    """After the last step dated on or before ``start``; at the end when none has a date."""
    position = len(ordered)
    dated = [index for index, step in enumerate(ordered) if _step_date(step) is not None]
    if dated:
        before = [index for index in dated if _step_date(ordered[index]) <= start]  # type: ignore[operator]
        position = before[-1] + 1 if before else dated[0]
    return position


def _step_date(step: Step) -> datetime | None:
    if step.planned_at is not None:
        return step.planned_at
    if step.held_on is not None:
        return datetime.combine(step.held_on, time(0, 0))
    return None


def _match_person(people: list[Person], guest: Guest) -> Person | None:
    if guest.email:
        for person in people:
            if person.email and email_key(person.email) == email_key(guest.email):
                return person
    if guest.name:
        for person in people:
            if person.name.casefold() == guest.name.casefold():
                return person
    return None
