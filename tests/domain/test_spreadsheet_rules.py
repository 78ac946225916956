"""The rules for reading pursuits from a spreadsheet: columns, numbers, dates and stages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pursuit_journey.domain.spreadsheet_rules import (
    Column,
    Conventions,
    DayOrder,
    DecimalMark,
    amount_cents,
    check_rows,
    conventions_for,
    date_time_of,
    decimal_mark_of,
    header_row_index,
    recognise_headers,
    status_of,
)
from pursuit_journey.domain.vocabulary import PursuitStatus
from spreadsheet_files import HUBSPOT_HEADERS, PIPEDRIVE_HEADERS, PLAIN_HEADERS, SALESFORCE_HEADERS


def _named(headers: tuple[str, ...]) -> dict[str, Column | None]:
    return dict(zip(headers, recognise_headers(headers), strict=True))


def test_pipedrive_headers_are_recognised_and_its_stage_kept_in_the_notes() -> None:
    named = _named(PIPEDRIVE_HEADERS)
    assert named["Deal - Title"] is Column.NAME
    assert named["Deal - Organization"] is Column.CLIENT
    assert named["Deal - Value"] is Column.VALUE
    assert named["Deal - Currency"] is Column.CURRENCY
    assert named["Deal - Status"] is Column.STATUS
    assert named["Deal - Stage"] is Column.NOTES  # a second status column: its text kept
    assert named["Deal - Expected close date"] is Column.CLOSE_DATE
    assert named["Deal - Next activity date"] is Column.NEXT_MEETING
    assert named["Deal - Contact person"] is Column.CONTACT_NAME
    assert named["Person - Email"] is Column.CONTACT_EMAIL
    assert named["Deal - ID"] is None and named["Deal - Owner"] is None


def test_hubspot_headers_are_recognised() -> None:
    named = _named(HUBSPOT_HEADERS)
    assert named["Deal Name"] is Column.NAME
    assert named["Deal Stage"] is Column.STATUS
    assert named["Amount"] is Column.VALUE
    assert named["Close Date"] is Column.CLOSE_DATE
    assert named["Associated Company (Primary)"] is Column.CLIENT
    assert named["Associated Contact"] is Column.CONTACT_NAME
    assert named["Next step"] is Column.NEXT_DECISION
    assert named["Deal Description"] is Column.NOTES
    assert named["Record ID"] is None and named["Pipeline"] is None


def test_salesforce_headers_are_recognised() -> None:
    named = _named(SALESFORCE_HEADERS)
    assert named["Opportunity Name"] is Column.NAME
    assert named["Account Name"] is Column.CLIENT
    assert named["Stage"] is Column.STATUS
    assert named["Amount"] is Column.VALUE
    assert named["Close Date"] is Column.CLOSE_DATE
    assert named["Next Step"] is Column.NEXT_DECISION
    assert named["Opportunity Owner"] is None


def test_plain_headers_in_any_case_and_spacing() -> None:
    mapping = recognise_headers([" NAME ", "company", "Expected  close", "next MEETING", "Deal"])
    assert mapping[:4] == [Column.NAME, Column.CLIENT, Column.CLOSE_DATE, Column.NEXT_MEETING]
    assert mapping[4] is None  # the name is already taken by the first column
    assert set(recognise_headers(PLAIN_HEADERS)) == set(Column) - {Column.CONTACT_EMAIL}


def test_a_merged_title_row_above_the_headers_is_passed_over() -> None:
    rows = [["Q4 pipeline", "", ""], ["", "", ""], ["Deal", "Account", "Amount"], ["A", "B", "1"]]
    assert header_row_index(rows) == 2
    assert header_row_index([["x", "y"], ["1", "2"]]) == 0
    assert header_row_index([["only one"], []]) is None


@pytest.mark.parametrize(
    ("stage", "status", "kept"),
    [
        ("won", PursuitStatus.WON, ""),
        ("Closed Won", PursuitStatus.WON, ""),
        ("closedwon", PursuitStatus.WON, ""),
        ("LOST", PursuitStatus.LOST, ""),
        ("Closed Lost", PursuitStatus.LOST, ""),
        ("open", PursuitStatus.ACTIVE, ""),
        ("", PursuitStatus.ACTIVE, ""),
        ("On hold", PursuitStatus.ON_HOLD, ""),
        ("Proposal  made", PursuitStatus.ACTIVE, "Proposal made"),
    ],
)
def test_stages_become_statuses_and_other_stages_are_kept(
    stage: str, status: PursuitStatus, kept: str
) -> None:
    assert status_of(stage) == (status, kept)


@pytest.mark.parametrize(
    ("text", "mark", "cents", "currency"),
    [
        ("1.234,56", DecimalMark.COMMA, 123456, ""),
        ("1,234.56", DecimalMark.POINT, 123456, ""),
        ("€1,234", DecimalMark.POINT, 123400, "EUR"),
        ("€ 1.234", DecimalMark.COMMA, 123400, "EUR"),
        ("USD 12,000.00", DecimalMark.POINT, 1200000, "USD"),
        ("1 234,5 CHF", DecimalMark.COMMA, 123450, "CHF"),
        ("$3", DecimalMark.POINT, 300, "USD"),
        ("", DecimalMark.POINT, None, ""),
    ],
)
def test_amounts_in_the_files_convention(
    text: str, mark: DecimalMark, cents: int | None, currency: str
) -> None:
    assert amount_cents(text, mark) == (cents, currency)


def test_numbers_from_a_workbook_are_taken_as_they_are() -> None:
    assert amount_cents(1234.5, DecimalMark.COMMA) == (123450, "")
    assert amount_cents(7, DecimalMark.POINT) == (700, "")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("lots", DecimalMark.POINT),
        ("12,34,5.6.7", DecimalMark.COMMA),
        ("-5", DecimalMark.POINT),
        ("1.2345", DecimalMark.POINT),
    ],
)
def test_what_is_not_an_amount_says_so(text: str, mark: DecimalMark) -> None:
    with pytest.raises(ValueError):
        amount_cents(text, mark)


def test_the_decimal_mark_is_found_in_the_value_column() -> None:
    assert decimal_mark_of(["1.234,56", "12"]) is DecimalMark.COMMA
    assert decimal_mark_of(["0,5"]) is DecimalMark.COMMA
    assert decimal_mark_of(["1,234.56"]) is DecimalMark.POINT
    assert decimal_mark_of(["1.234.567"]) is DecimalMark.COMMA
    assert decimal_mark_of(["1,234", "2,500"]) is DecimalMark.POINT  # says nothing: CRM style


def test_dates_in_every_written_form() -> None:
    day_first, month_first = DayOrder.DAY_FIRST, DayOrder.MONTH_FIRST
    assert date_time_of("2026-12-03", month_first) == datetime(2026, 12, 3)
    assert date_time_of("03/12/2026", day_first) == datetime(2026, 12, 3)
    assert date_time_of("03/12/2026", month_first) == datetime(2026, 3, 12)
    assert date_time_of("3.12.2026", day_first) == datetime(2026, 12, 3)
    assert date_time_of("12/3/2026 2:30 PM", month_first) == datetime(2026, 12, 3, 14, 30)
    assert date_time_of("2026-12-03 09:15", day_first) == datetime(2026, 12, 3, 9, 15)
    assert date_time_of("3 Dec 2026", day_first) == datetime(2026, 12, 3)
    assert date_time_of("Dec 3, 2026", day_first) == datetime(2026, 12, 3)
    assert date_time_of(46359, day_first) == datetime(2026, 12, 3)  # an Excel date serial
    assert date_time_of(date(2026, 12, 3), day_first) == datetime(2026, 12, 3)
    assert date_time_of("", day_first) is None
    for wrong in ("31/31/2026", "soon", "2026-02-30", True):
        with pytest.raises(ValueError):
            date_time_of(wrong, day_first)


def test_ambiguous_dates_ask_for_the_order_and_a_day_above_twelve_decides_it() -> None:
    mapping = [Column.NAME, Column.CLOSE_DATE]
    conventions, ambiguous = conventions_for([["a", "03/12/2026"]], mapping, DayOrder.MONTH_FIRST)
    assert ambiguous and conventions.day_order is DayOrder.MONTH_FIRST
    conventions, ambiguous = conventions_for(
        [["a", "03/12/2026"], ["b", "25/12/2026"]], mapping, DayOrder.MONTH_FIRST
    )
    assert not ambiguous and conventions.day_order is DayOrder.DAY_FIRST
    _conventions, ambiguous = conventions_for([["a", "2026-12-03"]], mapping)
    assert not ambiguous


def test_rows_become_pursuits_with_their_meeting_people_and_kept_stage() -> None:
    headers = list(PIPEDRIVE_HEADERS)
    row = [
        "7",
        "CRM rollout",
        "Acme",
        "Ann Lee",
        "1.234,56",
        "EUR",
        "open",
        "Proposal made",
        "03/12/2026",
        "15/12/2026",
        "Sam",
        "ann@acme.test",
    ]
    mapping = recognise_headers(headers)
    conventions, _ = conventions_for([row], mapping)
    checked = check_rows(headers, [row, [""] * len(row)], mapping, conventions)
    assert checked.problems == []
    (pursuit,) = checked.rows
    assert (pursuit.line, pursuit.name, pursuit.client) == (2, "CRM rollout", "Acme")
    assert (pursuit.value_cents, pursuit.currency) == (123456, "EUR")
    assert pursuit.status is PursuitStatus.ACTIVE
    assert pursuit.target_close == date(2026, 12, 3)
    assert pursuit.next_meeting == datetime(2026, 12, 15, 9, 0)
    assert pursuit.notes == "Deal - Stage: Proposal made"
    assert [(c.name, c.email) for c in pursuit.contacts] == [("Ann Lee", "ann@acme.test")]


def test_every_problem_is_named_by_row_and_column() -> None:
    headers = ["Name", "Value", "Close date"]
    rows = [["Good", "10", "2026-01-02"], ["Bad", "lots", "someday"], ["", "5", ""]]
    checked = check_rows(headers, rows, recognise_headers(headers), Conventions(), first_line=4)
    assert [row.name for row in checked.rows] == ["Good"]
    assert [str(problem) for problem in checked.problems] == [
        "Row 5, column “Value”: “lots” is not an amount",
        "Row 5, column “Close date”: “someday” is not a date",
        "Row 6: The row has no pursuit name.",
    ]
    assert checked.problem_lines == {5, 6}


def test_a_sheet_without_a_name_column_is_one_problem() -> None:
    checked = check_rows(["Value"], [["1"]], [Column.VALUE], Conventions())
    assert checked.rows == [] and len(checked.problems) == 1


def test_a_cell_of_a_megabyte_is_a_problem_of_its_row() -> None:
    headers = ["Name", "Notes"]
    checked = check_rows(
        headers, [["A", "x" * 1_000_000]], recognise_headers(headers), Conventions()
    )
    assert checked.rows == [] and "longer than" in checked.problems[0].message
