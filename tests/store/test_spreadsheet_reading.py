"""Reading spreadsheet and CRM files: encodings, delimiters, workbooks, and bad files refused."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pursuit_journey.domain.spreadsheet_rules import (
    DayOrder,
    check_rows,
    conventions_for,
    recognise_headers,
)
from pursuit_journey.domain.vocabulary import PursuitStatus
from pursuit_journey.store.spreadsheet_file import (
    MAX_ROWS,
    SpreadsheetError,
    read_table,
    table_from_bytes,
)
from spreadsheet_files import (
    HUBSPOT_HEADERS,
    PLAIN_HEADERS,
    SALESFORCE_HEADERS,
    csv_bytes,
    write_ods,
    write_xlsx,
)

HEADERS = ["Name", "Client", "Value", "Notes"]
ROW = ["Café rollout", "Müller GmbH", "1.234,56", "naïve «quotes», and a comma"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_csv_in_every_encoding_and_delimiter(encoding: str, delimiter: str) -> None:
    data = csv_bytes(
        HEADERS, [ROW, ["Second", "B", "2", ""]], delimiter=delimiter, encoding=encoding
    )
    table = table_from_bytes(data, "deals.csv")
    assert table.headers == HEADERS
    assert table.rows[0] == ROW
    assert table.delimiter == delimiter
    assert table.header_line == 1 and table.first_line == 2


def test_utf16_without_bom_as_some_programs_write_it() -> None:
    data = csv_bytes(HEADERS, [ROW], delimiter="\t", encoding="utf-16-le")
    assert table_from_bytes(data, "deals.txt").rows[0] == ROW


def test_hubspot_csv_becomes_pursuits() -> None:
    rows = [
        ["101", "Pilot", "Closed Won", "12000", "2026-12-03 00:00", "Acme", "Ann", "Sales", "", ""],
        [
            "102",
            "Expansion",
            "Appointment scheduled",
            "5,500.50",
            "2027-01-15",
            "Beta",
            "",
            "",
            "Demo",
            "d",
        ],
    ]
    table = table_from_bytes(csv_bytes(HUBSPOT_HEADERS, rows), "hubspot-deals.csv")
    mapping = recognise_headers(table.headers)
    conventions, ambiguous = conventions_for(table.rows, mapping)
    checked = check_rows(table.headers, table.rows, mapping, conventions)
    assert not ambiguous and checked.problems == []
    pilot, expansion = checked.rows
    assert (pilot.status, pilot.value_cents, pilot.target_close) == (
        PursuitStatus.WON,
        1_200_000,
        date(2026, 12, 3),
    )
    assert expansion.status is PursuitStatus.ACTIVE
    assert expansion.notes == "Deal Stage: Appointment scheduled\nd"
    assert expansion.next_decision == "Demo" and expansion.value_cents == 550_050


def test_salesforce_report_with_us_dates_becomes_pursuits() -> None:
    rows = [
        [
            "Sam",
            "Acme",
            "Renewal",
            "Closed Lost",
            "USD 12,000.00",
            "12/31/2026",
            "",
            "0",
            "1/2/2026",
        ],
        ["Sam", "Beta", "New logo", "Negotiation/Review", "$3,000", "1/15/2027", "Sign", "80", ""],
    ]
    table = table_from_bytes(csv_bytes(SALESFORCE_HEADERS, rows), "report.csv")
    mapping = recognise_headers(table.headers)
    conventions, ambiguous = conventions_for(table.rows, mapping)
    assert conventions.day_order is DayOrder.MONTH_FIRST and not ambiguous
    checked = check_rows(table.headers, table.rows, mapping, conventions)
    assert checked.problems == []
    renewal, new_logo = checked.rows
    assert (renewal.status, renewal.currency, renewal.target_close) == (
        PursuitStatus.LOST,
        "USD",
        date(2026, 12, 31),
    )
    assert new_logo.notes == "Stage: Negotiation/Review" and new_logo.next_decision == "Sign"


def test_xlsx_with_dates_serials_formulas_and_a_merged_title(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "pipeline.xlsx",
        {
            "Pipeline": [
                ["My pipeline, Q4"],  # a title row merged across the top
                list(PLAIN_HEADERS),
                [
                    "Pilot",
                    "Acme",
                    1500.5,
                    "EUR",
                    date(2026, 12, 3),
                    "open",
                    46371,
                    "Budget",
                    "Ann",
                    "",
                ],
                ["Formula", "Beta", None, "", None, "won", None, "", "", ""],
            ],
            "Other": [["Name"], ["Not this one"]],
        },
        formulas={"C4": ("=1000*2", 2000), "J4": ('="=cmd"&"|x"', "=cmd|x")},
        merged="A1:J1",
    )
    table = read_table(path)
    assert table.sheet_names == ("Pipeline", "Other") and table.header_line == 2
    mapping = recognise_headers(table.headers)
    conventions, _ = conventions_for(table.rows, mapping)
    checked = check_rows(
        table.headers, table.rows, mapping, conventions, first_line=table.first_line
    )
    assert checked.problems == []
    pilot, formula = checked.rows
    assert pilot.value_cents == 150_050 and pilot.target_close == date(2026, 12, 3)
    assert pilot.next_meeting == datetime(2026, 12, 15, 9, 0)  # serial 46371, no time: 9:00
    assert pilot.contacts[0].name == "Ann" and pilot.next_decision == "Budget"
    assert formula.value_cents == 200_000  # the cached value, not the formula
    assert formula.notes == "=cmd|x"  # text kept as text, never evaluated
    assert read_table(path, "Other").rows == [["Not this one"]]
    with pytest.raises(SpreadsheetError, match="no sheet named"):
        read_table(path, "Missing")


def test_ods_is_read_like_xlsx(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "deals.ods",
        {
            "Deals": [
                ["Name", "Company", "Amount", "Close date"],
                ["Pilot", "Acme", 250, date(2026, 5, 4)],
            ]
        },
    )
    table = read_table(path)
    checked = check_rows(
        table.headers,
        table.rows,
        recognise_headers(table.headers),
        conventions_for(table.rows, recognise_headers(table.headers))[0],
    )
    assert checked.problems == []
    assert (checked.rows[0].client, checked.rows[0].value_cents, checked.rows[0].target_close) == (
        "Acme",
        25_000,
        date(2026, 5, 4),
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "is empty"),
        (b"  \r\n\r\n", "blank.csv", "is empty"),
        (bytes(range(256)) * 40, "photo.csv", "is not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "locked.xlsx", "password"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "cannot be read"),
        (b"just one line without columns", "one.csv", "no row of column headers"),
    ],
)
def test_bad_files_get_a_clear_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(SpreadsheetError, match=message):
        table_from_bytes(data, name)


def test_a_file_with_too_many_rows_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    for count in (MAX_ROWS + 1, 100_000):
        path.write_bytes(csv_bytes(["Name"], [[f"Deal {n}"] for n in range(count)]))
        with pytest.raises(SpreadsheetError, match=f"more than {MAX_ROWS:,} rows: at most"):
            read_table(path)
    path.write_bytes(csv_bytes(["Name"], [[f"Deal {n}"] for n in range(MAX_ROWS)]))
    assert len(read_table(path).rows) == MAX_ROWS


def test_a_cell_of_a_megabyte_is_read_and_then_named_as_a_problem() -> None:
    data = csv_bytes(["Name", "Notes"], [["A", "x" * 1_100_000]])
    table = table_from_bytes(data, "big-cell.csv")
    checked = check_rows(
        table.headers,
        table.rows,
        recognise_headers(table.headers),
        conventions_for(table.rows, recognise_headers(table.headers))[0],
    )
    assert checked.rows == [] and checked.problems[0].header == "Notes"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match=r"Cannot read nothing\.csv"):
        read_table(tmp_path / "nothing.csv")
