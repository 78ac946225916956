"""Meetings read from calendar files of Outlook, Google, Apple and Thunderbird; suggestions;
the import as one transaction, undone as one; bad files refused with nothing changed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from calendar_fixtures import APPLE, GOOGLE, OUTLOOK, OUTLOOK_WITHOUT_VTIMEZONE, THUNDERBIRD, crlf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.calendar_export import step_calendar
from pursuit_journey.store.calendar_import import (
    MAX_EVENTS,
    CalendarImportError,
    MeetingChoice,
    calendar_owners,
    directory_of,
    import_meetings,
    read_meetings,
    suggest,
    undo_import,
)
from pursuit_journey.store.repository import Store

BERLIN = ZoneInfo("Europe/Berlin")
START, END = datetime(2026, 2, 1), datetime(2026, 5, 1)


def meetings(data: bytes):  # type: ignore[no-untyped-def]
    return read_meetings(data, START, END, BERLIN)


def test_outlook_windows_zone_names_with_and_without_their_vtimezone() -> None:
    for data in (OUTLOOK, OUTLOOK_WITHOUT_VTIMEZONE):
        [meeting] = meetings(data)
        assert meeting.start == datetime(2026, 3, 30, 9, 0)  # CEST, after the change
        assert meeting.end == datetime(2026, 3, 30, 10, 0)
        assert meeting.title == "Northwind pilot review"
        assert [(g.email, g.name, g.organizer) for g in meeting.guests] == [
            ("sam@seller.example", "Sam Seller", True),
            ("anna.kral@northwind.example", "Anna Kral", False),
            ("JONAS.BERG@northwind.example", "Jonas Berg", False),
        ]
        assert meeting.zone_note == ""


def test_google_recurrence_with_exdate_and_a_moved_occurrence_in_utc() -> None:
    found = meetings(GOOGLE)
    # Tuesdays 08:00 UTC = 09:00 in Berlin; Google means the calendar's zone (X-WR-TIMEZONE),
    # so the series stays at 09:00 after the change to summer time on 29 March, as in Google
    # Calendar itself. 10 March is excluded; 17 March was moved to 10:00 UTC (11:00 in Berlin).
    starts = [m.start for m in found]
    assert starts[:4] == [
        datetime(2026, 3, 3, 9, 0),
        datetime(2026, 3, 17, 11, 0),
        datetime(2026, 3, 24, 9, 0),
        datetime(2026, 3, 31, 9, 0),
    ]
    assert found[1].title == "Contoso weekly (moved)"
    assert starts[-1] == datetime(2026, 4, 28, 9, 0)
    assert len({m.step_uid for m in found}) == len(found)  # one step per occurrence
    # The seller is in every meeting of their calendar; a client is not.
    assert calendar_owners([*found, *meetings(OUTLOOK)]) == {"sam@seller.example"}


def test_apple_floating_times_and_all_day_events() -> None:
    demo, workshop = meetings(APPLE)
    assert (demo.start, demo.end, demo.all_day) == (
        datetime(2026, 3, 12, 14, 0),
        datetime(2026, 3, 12, 15, 0),
        False,
    )
    assert workshop.all_day and workshop.start == datetime(2026, 3, 20, 9, 0)


def test_thunderbird_vtimezone_and_cancelled_events_left_out() -> None:
    [call] = meetings(THUNDERBIRD)
    assert call.start == datetime(2026, 2, 27, 16, 0)
    assert call.end == datetime(2026, 2, 27, 16, 45)


def test_an_unknown_time_zone_is_taken_as_local_time_and_said() -> None:
    data = OUTLOOK_WITHOUT_VTIMEZONE.replace(b"W. Europe Standard Time", b"Atlantis/Capital")
    [meeting] = meetings(data)
    assert meeting.start == datetime(2026, 3, 30, 9, 0)
    assert "Atlantis/Capital" in meeting.zone_note


def sample(store: Store) -> tuple[int, int, int]:
    northwind = store.create_pursuit("Fleet renewal", "Northwind")
    contoso = store.create_pursuit("Data platform", "Contoso")
    fabrikam = store.create_pursuit("Line upgrade", "Fabrikam")
    assert northwind.id and contoso.id and fabrikam.id
    store.add_person(
        northwind.id,
        "Anna Kral",
        role=BuyingRole.DECIDES_BUDGET,
        email="anna.kral@northwind.example",
    )
    store.add_person(contoso.id, "Piet", email="piet@contoso.example")
    store.add_step(northwind.id, title="Kick-off", planned_at=datetime(2026, 3, 1, 10, 0))
    store.add_step(northwind.id, title="Later", planned_at=datetime(2026, 4, 20, 10, 0))
    return northwind.id, contoso.id, fabrikam.id


def test_suggestions_by_email_domain_and_title(store: Store) -> None:
    northwind, contoso, fabrikam = sample(store)
    directory, steps = directory_of(store)
    found = [*meetings(OUTLOOK), *meetings(GOOGLE)[:1], *meetings(APPLE)]
    by_title = {s.meeting.title: s for s in suggest(found, directory, steps)}
    assert by_title["Northwind pilot review"].pursuit_id == northwind
    assert "email" in by_title["Northwind pilot review"].reason
    assert by_title["Contoso weekly"].pursuit_id == contoso
    assert "domain" in by_title["Contoso weekly"].reason
    assert by_title["Demo at Fabrikam"].pursuit_id == fabrikam
    assert "title names the client" in by_title["Demo at Fabrikam"].reason
    [call] = suggest(meetings(THUNDERBIRD), directory, steps)
    assert call.pursuit_id is None


def test_import_is_one_transaction_and_undone_as_one(store: Store) -> None:
    northwind, _contoso, _fabrikam = sample(store)
    [meeting] = meetings(OUTLOOK)
    before_people = [(p.name, p.email) for p in store.people(northwind)]
    result = import_meetings(store, [MeetingChoice(meeting, northwind)])
    steps = store.steps(northwind)
    assert [s.title for s in steps] == ["Kick-off", "Northwind pilot review", "Later"]
    new = steps[1]
    assert new.planned_at == datetime(2026, 3, 30, 9, 0) and new.outcome == "planned"
    attendees = {(p.name, p.email) for p in store.attendees(new.id)}  # type: ignore[arg-type]
    # Anna matched by email; Jonas added with his; the organizer (the seller) not added.
    assert attendees == {
        ("Anna Kral", "anna.kral@northwind.example"),
        ("Jonas Berg", "JONAS.BERG@northwind.example"),
    }
    assert len(store.people(northwind)) == len(before_people) + 1

    undo_import(store, result)
    assert [s.title for s in store.steps(northwind)] == ["Kick-off", "Later"]
    assert [(p.name, p.email) for p in store.people(northwind)] == before_people
    assert [s.position for s in store.steps(northwind)] == [0, 1]


def test_importing_again_updates_the_step_instead_of_adding_one(store: Store) -> None:
    northwind, _, _ = sample(store)
    [meeting] = meetings(OUTLOOK)
    import_meetings(store, [MeetingChoice(meeting, northwind)])
    count = len(store.steps(northwind))
    moved = OUTLOOK.replace(b"20260330T090000", b"20260331T140000").replace(
        b"20260330T100000", b"20260331T150000"
    )
    [again] = meetings(moved)
    # A moved occurrence of a single event keeps its UID: found by "same UID" as the step's
    # uid is made from UID and start, by start in the pursuit otherwise; here: by title too.
    directory, steps = directory_of(store)
    [first_again] = suggest(meetings(OUTLOOK), directory, steps)
    assert first_again.step_id is not None and first_again.reason == "imported before"
    result = import_meetings(store, [MeetingChoice(again, northwind, first_again.step_id)])
    assert len(store.steps(northwind)) == count
    assert store.step(first_again.step_id).planned_at == datetime(2026, 3, 31, 14, 0)
    undo_import(store, result)
    assert store.step(first_again.step_id).planned_at == datetime(2026, 3, 30, 9, 0)


def test_an_event_written_by_add_to_calendar_finds_its_own_step(store: Store) -> None:
    northwind, _, _ = sample(store)
    step = store.steps(northwind)[1]
    assert step.id is not None
    data = step_calendar(store, step.id, BERLIN)
    directory, steps = directory_of(store)
    [suggestion] = suggest(meetings(data), directory, steps)
    assert (suggestion.pursuit_id, suggestion.step_id) == (northwind, step.id)


def test_same_start_in_the_same_pursuit_is_an_update(store: Store) -> None:
    northwind, _, _ = sample(store)
    kickoff = store.steps(northwind)[0]
    data = OUTLOOK.replace(b"20260330T090000", b"20260301T100000")
    directory, steps = directory_of(store)
    [suggestion] = suggest(meetings(data), directory, steps)
    assert (suggestion.pursuit_id, suggestion.step_id) == (northwind, kickoff.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Hello, this is a letter.", "not a calendar file"),
        (OUTLOOK[: len(OUTLOOK) // 2], "cut short"),
        (b"\xff\xfeB\x00E\x00", "not UTF-8"),
        (OUTLOOK.replace(b"Anna Kral", "Anna Kr\u00e1l".encode("latin-1")), "not UTF-8"),
        (b"BEGIN:VCALENDAR\r\n" + b"x" * 11 * 1024 * 1024 + b"\r\nEND:VCALENDAR\r\n", "MB"),
        (
            crlf(
                "BEGIN:VCALENDAR\n"
                + "BEGIN:VEVENT\nUID:x\nDTSTART:20260301T100000Z\nEND:VEVENT\n" * (MAX_EVENTS + 1)
                + "END:VCALENDAR"
            ),
            "events",
        ),
        (
            crlf(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260301T100000Z\n"
                "RRULE:FREQ=MINUTELY\nEND:VEVENT\nEND:VCALENDAR"
            ),
            "shorter range",
        ),
        (
            crlf(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:garbage\nEND:VEVENT\nEND:VCALENDAR"
            ),
            "damaged",
        ),
    ],
    ids=["text", "truncated", "utf16", "latin1", "too-large", "too-many", "endless", "damaged"],
)
def test_bad_files_are_refused_with_a_message(data: bytes, message: str) -> None:
    with pytest.raises(CalendarImportError, match=message):
        meetings(data)


def test_a_yearly_rule_without_end_lists_only_the_range() -> None:
    data = crlf(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:y\nDTSTART:20200315T100000Z\nSUMMARY:Review\n"
        "RRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR"
    )
    assert [m.start for m in meetings(data)] == [datetime(2026, 3, 15, 11, 0)]


def snapshot(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        # Everything but the time of the last change, which undo does not turn back.
        return [
            tuple(row)
            for query in (
                "SELECT id, uid, name, client, status FROM pursuit ORDER BY id",
                "SELECT id, uid, pursuit_id, position, title, planned_at, outcome FROM step "
                "ORDER BY id",
                "SELECT * FROM person ORDER BY id",
                "SELECT * FROM attendance ORDER BY step_id, person_id",
            )
            for row in connection.exec_driver_sql(query)
        ]


PIECES = [OUTLOOK, GOOGLE, APPLE, THUNDERBIRD]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    piece=st.sampled_from(PIECES),
    cut=st.integers(min_value=0, max_value=4000),
    junk=st.binary(max_size=40),
    where=st.integers(min_value=0, max_value=4000),
)
def test_fuzzed_files_give_a_clear_error_or_a_valid_import(
    store: Store, piece: bytes, cut: int, junk: bytes, where: int
) -> None:
    if not store.pursuit_summaries():
        sample(store)
    northwind = next(s.id for s in store.pursuit_summaries() if s.name == "Fleet renewal")
    where = min(where, len(piece))
    data = (piece[:where] + junk + piece[where:])[: max(cut, 1) * 3]
    before = snapshot(store)
    try:
        found = meetings(data)
    except CalendarImportError as error:
        assert str(error)
        assert snapshot(store) == before
        return
    result = import_meetings(store, [MeetingChoice(m, northwind) for m in found])
    undo_import(store, result)
    assert snapshot(store) == before
