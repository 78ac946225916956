"""Steps as calendar events (iCalendar, RFC 5545): one step for "Add to Calendar…", every
planned step for the calendar feed and ``pursuit-journey calendar``.

Each event carries the step's own uid, so a calendar that reads it again updates the event it
has instead of adding a second one; its SEQUENCE is the step's last change (seconds since
2020), so it grows with every change and stays the same while nothing changed. Times are the
seller's wall-clock with a VTIMEZONE for their zone, or UTC when the zone has no IANA name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress, vText

from .. import APP_NAME, __version__
from ..domain.meeting_length import meeting_length_or_default
from ..domain.vocabulary import BuyingRole, StepKind
from .protocol import StoreLike
from .repository import StepInContext

PRODID = f"-//{APP_NAME}//{APP_NAME} {__version__}//EN"
DECISION_LEAD = "The decision we need from the client: "
FEED_FILE_NAME = "planned-steps.ics"
_SEQUENCE_EPOCH = datetime(2020, 1, 1)
# The feed's range: steps still planned from a year ago (not yet debriefed) onwards.
_FEED_PAST = timedelta(days=365)
_FAR_FUTURE = datetime(9999, 1, 1)


class CalendarExportError(Exception):
    """The step cannot become an event (e.g. it has no date); the message says why."""


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone ``name`` (as Qt's QTimeZone.systemTimeZoneId() gives it), or None."""
    try:
        return ZoneInfo(name) if name and name.upper() != "UTC" else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def system_zone() -> ZoneInfo | None:
    """The computer's time zone when it has an IANA name (TZ, or /etc/localtime's link)."""
    named = os.environ.get("TZ", "").lstrip(":")
    if named:
        return zone_named(named)
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return None
    marker = "zoneinfo/"
    return zone_named(target.split(marker, 1)[1]) if marker in target else None


def event_title(context: StepInContext) -> str:
    step = context.step
    what = step.title.strip() or StepKind(step.kind).label
    return f"{context.pursuit.name} — {what}"


def event_description(context: StepInContext) -> str:
    """Starts with the decision, then the fallback and the agenda: what the seller reads in the
    calendar just before the meeting."""
    step = context.step
    decision = step.decision_needed.strip() or "(not written yet)"
    parts = [DECISION_LEAD + decision]
    if step.fallback.strip():
        parts.append(f"Fallback: {step.fallback.strip()}")
    agenda = [
        (label, text.strip())
        for label, text in (
            ("Purpose", step.agreement_purpose),
            ("Their agenda", step.agreement_their_agenda),
            ("Our agenda", step.agreement_our_agenda),
            ("Outcome we both expect", step.agreement_outcome),
        )
        if text.strip()
    ]
    if agenda:
        parts.append("Agenda:\n" + "\n".join(f"{label}: {text}" for label, text in agenda))
    return "\n\n".join(parts)


def sequence_of(changed: datetime) -> int:
    return max(0, int((changed - _SEQUENCE_EPOCH).total_seconds()))


def step_event(context: StepInContext, zone: tzinfo | None) -> Event:
    """The step as a VEVENT. ``zone`` is the seller's (None: written in UTC). Raises
    CalendarExportError for a step without a date.

    DTSTAMP is the step's last change, not the time of writing: the same step gives the same
    bytes, so the feed is rewritten only when a step really changed."""
    step = context.step
    if step.planned_at is None:
        raise CalendarExportError(
            f"“{event_title(context)}” has no date yet: give it a date, then add it to the "
            "calendar."
        )
    start = _aware(step.planned_at, zone)
    event = Event()
    event.add("uid", step.uid)
    changed = step.updated_at.replace(tzinfo=timezone.utc)
    event.add("dtstamp", changed)
    event.add("sequence", sequence_of(step.updated_at))
    event.add("last-modified", changed)
    event.add("summary", event_title(context))
    event.add("dtstart", start)
    event.add("dtend", start + meeting_length_or_default(step.agreement_time))
    event.add("description", event_description(context))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("categories", [APP_NAME])
    for person in context.attendees:
        if not person.email:
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["CN"] = vText(person.name)
        attendee.params["CUTYPE"] = "INDIVIDUAL"
        attendee.params["ROLE"] = (
            "REQ-PARTICIPANT" if BuyingRole(person.role).decides else "OPT-PARTICIPANT"
        )
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        event.add("attendee", attendee, encode=False)
    return event


def calendar_of(
    contexts: Iterable[StepInContext],
    zone: tzinfo | None,
    *,
    name: str | None = None,
) -> bytes:
    """A VCALENDAR with one event per step (steps without a date are left out), as bytes.

    With ``name``, a feed: calendars that subscribe show the name and look again often."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", timedelta(minutes=5), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT5M")
    days: list[date] = []
    for context in contexts:
        if context.step.planned_at is None:
            continue
        calendar.add_component(step_event(context, zone))
        days.append(context.step.planned_at.date())
    if zone is not None and days:
        # Transitions for the years the events need, not the default 1970-2038.
        calendar.add_missing_timezones(
            first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    return calendar.to_ical()


def step_calendar(store: StoreLike, step_id: int, zone: tzinfo | None) -> bytes:
    """One step as a calendar file's bytes (raises CalendarExportError, StoreError)."""
    [context] = store.steps_in_context([step_id])
    step_event(context, zone)  # refuses a step without a date
    return calendar_of([context], zone)


def feed_name() -> str:
    return f"{APP_NAME}: planned steps"


def feed_contexts(
    store: StoreLike, *, days: int | None = None, now: datetime | None = None
) -> list[StepInContext]:
    """The steps still planned in active pursuits (with ``days``: from today for that many
    days; else from a year ago on), with what their events show."""
    local_now = now or datetime.now()
    if days is None:
        start, end = local_now - _FEED_PAST, _FAR_FUTURE
    else:
        start = datetime.combine(local_now.date(), datetime.min.time())
        end = start + timedelta(days=days)
    return store.steps_in_context(store.planned_step_ids(start, end))


def planned_steps_calendar(
    store: StoreLike, zone: tzinfo | None, *, days: int | None = None, now: datetime | None = None
) -> tuple[bytes, int]:
    """Every step still planned in active pursuits (``feed_contexts``) as a calendar file's
    bytes, and how many events it holds."""
    contexts = feed_contexts(store, days=days, now=now)
    return calendar_of(contexts, zone, name=feed_name()), len(contexts)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _aware(wall_clock: datetime, zone: tzinfo | None) -> datetime:
    """The stored local wall-clock time as an aware time: in ``zone``, or converted to UTC
    through the computer's own rules when the zone has no name a calendar knows."""
    if zone is not None:
        return wall_clock.replace(tzinfo=zone)
    return wall_clock.astimezone().astimezone(timezone.utc)
