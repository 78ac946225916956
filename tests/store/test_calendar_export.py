"""Steps written as calendar events, read back with the icalendar library field by field."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from pursuit_journey.domain.meeting_length import meeting_length
from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, PursuitStatus
from pursuit_journey.store.calendar_export import (
    CalendarExportError,
    planned_steps_calendar,
    step_calendar,
    write_atomically,
)
from pursuit_journey.store.repository import Store

BERLIN = ZoneInfo("Europe/Berlin")


def events(data: bytes) -> list[Event]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def planned_step(store: Store, when: datetime, **fields: str) -> int:
    pursuit = store.create_pursuit("Fleet renewal", "Northwind")
    assert pursuit.id is not None
    step = store.add_step(
        pursuit.id,
        title="Pilot review",
        planned_at=when,
        decision_needed="Agree to a 3-month pilot by 15 April",
        fallback="Name who signs the pilot",
        agreement_purpose="Decide on the pilot",
        agreement_our_agenda="Numbers from the trial",
        **fields,
    )
    assert step.id is not None
    anna = store.add_person(
        pursuit.id, "Anna Kral", role=BuyingRole.DECIDES_BUDGET, email="anna@nw.example"
    )
    nomail = store.add_person(pursuit.id, "Piet (no email)")
    store.set_attendees(step.id, [anna.id, nomail.id])  # type: ignore[list-item]
    return step.id


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("60 minutes", 60),
        ("45 min", 45),
        ("1.5 hours", 90),
        ("1h30", 90),
        ("Tuesday at 10", None),
        ("10", None),
        ("", None),
    ],
)
def test_the_meeting_agreement_time_gives_the_length_when_it_is_a_duration(
    text: str, minutes: int | None
) -> None:
    length = meeting_length(text)
    assert (length.total_seconds() // 60 if length else None) == minutes


def test_one_step_as_an_event_field_by_field(store: Store) -> None:
    step_id = planned_step(store, datetime(2026, 3, 30, 9, 0), agreement_time="45 minutes")
    data = step_calendar(store, step_id, BERLIN)
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [event] = events(data)
    step = store.step(step_id)
    assert str(event["uid"]) == step.uid
    assert str(event["summary"]) == "Fleet renewal — Pilot review"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN)
    assert end - start == timedelta(minutes=45)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    description = str(event["description"])
    assert description.startswith(
        "The decision we need from the client: Agree to a 3-month pilot by 15 April"
    )
    assert description.index("Fallback: Name who signs") < description.index("Purpose: Decide")
    attendees = event["attendee"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:anna@nw.example"]  # only people with email
    assert attendees[0].params["CN"] == "Anna Kral"
    assert attendees[0].params["ROLE"] == "REQ-PARTICIPANT"


def test_without_a_duration_the_event_lasts_an_hour_and_without_a_zone_it_is_in_utc(
    store: Store,
) -> None:
    step_id = planned_step(store, datetime(2026, 3, 30, 9, 0), agreement_time="after lunch")
    [event] = events(step_calendar(store, step_id, None))
    start = event.decoded("dtstart")
    assert start.utcoffset() == timedelta(0)
    assert start == datetime(2026, 3, 30, 9, 0).astimezone()  # the computer's own rules
    assert event.decoded("dtend") - start == timedelta(hours=1)


@pytest.mark.parametrize(
    ("wall_clock", "utc_hour"),
    [
        (datetime(2026, 3, 27, 9, 0), 8),  # CET, before the change on 29 March
        (datetime(2026, 3, 30, 9, 0), 7),  # CEST
        (datetime(2026, 10, 23, 9, 0), 7),  # CEST, before the change on 25 October
        (datetime(2026, 11, 2, 9, 0), 8),  # CET
    ],
)
def test_the_vtimezone_carries_the_dst_rules_across_the_boundaries(
    store: Store, wall_clock: datetime, utc_hour: int
) -> None:
    step_id = planned_step(store, wall_clock)
    data = step_calendar(store, step_id, BERLIN)
    # Renamed, the zone is unknown to the reader, which must use the VTIMEZONE's own rules.
    renamed = data.replace(b"Europe/Berlin", b"Seller Zone")
    [event] = events(renamed)
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == wall_clock
    assert start.astimezone(timezone.utc).hour == utc_hour


def test_exporting_again_keeps_the_uid_and_a_change_raises_the_sequence(store: Store) -> None:
    step_id = planned_step(store, datetime(2026, 3, 30, 9, 0))
    [first] = events(step_calendar(store, step_id, BERLIN))
    [again] = events(step_calendar(store, step_id, BERLIN))
    assert str(first["uid"]) == str(again["uid"])
    assert int(again["sequence"]) == int(first["sequence"])  # nothing changed
    time.sleep(1.05)  # the sequence counts whole seconds
    store.update_step(step_id, planned_at=datetime(2026, 3, 31, 10, 0))
    [changed] = events(step_calendar(store, step_id, BERLIN))
    assert str(changed["uid"]) == str(first["uid"])
    assert int(changed["sequence"]) > int(first["sequence"])
    assert changed.decoded("dtstart") == datetime(2026, 3, 31, 10, 0, tzinfo=BERLIN)


def test_a_step_without_a_date_is_refused_with_a_message(store: Store) -> None:
    pursuit = store.create_pursuit("Fleet")
    assert pursuit.id is not None
    step = store.add_step(pursuit.id, title="Someday")
    assert step.id is not None
    with pytest.raises(CalendarExportError, match="has no date yet"):
        step_calendar(store, step.id, BERLIN)


def test_the_feed_holds_every_planned_step_of_active_pursuits(store: Store, tmp_path: Path) -> None:
    kept = planned_step(store, datetime(2026, 3, 30, 9, 0))
    held = planned_step(store, datetime(2026, 3, 1, 9, 0))
    store.record_outcome(held, Outcome.ADVANCED)
    paused = planned_step(store, datetime(2026, 4, 1, 9, 0))
    store.set_status(store.step(paused).pursuit_id, PursuitStatus.ON_HOLD)
    data, count = planned_steps_calendar(store, BERLIN, now=datetime(2026, 3, 2, 8, 0))
    assert count == 1
    assert [str(e["uid"]) for e in events(data)] == [store.step(kept).uid]
    target = tmp_path / "feed" / "planned-steps.ics"
    write_atomically(target, data)
    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == ["planned-steps.ics"]
    _, in_a_week = planned_steps_calendar(store, BERLIN, days=7, now=datetime(2026, 3, 2, 8, 0))
    assert in_a_week == 0


def test_the_calendar_command_writes_the_planned_steps(tmp_path: Path) -> None:
    import io

    from pursuit_journey.calendar_cli import main
    from pursuit_journey.paths import default_paths

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = Store.open(default_paths(data_dir).database)
    try:
        step_id = planned_step(store, datetime.now() + timedelta(days=3))
        uid = store.step(step_id).uid
    finally:
        store.close()
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "steps.ics"
    assert main(["--out", str(target), "--days", "7", "--data-dir", str(data_dir)], out, err) == 0
    assert out.getvalue().startswith("Wrote 1 planned step to")
    assert [str(e["uid"]) for e in events(target.read_bytes())] == [uid]
    assert main(["--out", str(target), "--days", "0", "--data-dir", str(data_dir)], out, err) == 1
    assert "--days must be 1 or more" in err.getvalue()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--out", str(target), "--data-dir", str(empty)], out, err) == 1
    assert "No database at" in err.getvalue()
