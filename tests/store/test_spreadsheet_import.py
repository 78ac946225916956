"""Importing checked rows into the store (all or nothing, re-imports, undo) and exporting."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import text

from pursuit_journey.domain.spreadsheet_rules import (
    Contact,
    ImportRow,
    check_rows,
    conventions_for,
    recognise_headers,
)
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.repository import Store
from pursuit_journey.store.spreadsheet_export import (
    PURSUIT_HEADERS,
    STEP_HEADERS,
    ExportError,
    export_file,
    neutralised,
)
from pursuit_journey.store.spreadsheet_file import SpreadsheetError, table_from_bytes
from pursuit_journey.store.spreadsheet_import import ExistingChoice


def _rows() -> list[ImportRow]:
    return [
        ImportRow(
            line=2,
            name="Pilot",
            client="Acme",
            value_cents=150_000,
            currency="EUR",
            target_close=date(2026, 12, 3),
            next_meeting=datetime(2026, 3, 9, 10, 0),
            next_decision="Agree the pilot scope",
            contacts=(Contact("Ann Lee", "ann@acme.test"), Contact("Bo Chen")),
        ),
        ImportRow(line=3, name="Renewal", client="Beta", status=PursuitStatus.WON, notes="n"),
    ]


def _snapshot(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        return [
            tuple(
                tuple(row)
                for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
            )
            for table in ("pursuit", "step", "person", "attendance")
        ]


_REFUSE_BROKEN = {
    "sqlite": [
        "CREATE TRIGGER refuse_broken BEFORE INSERT ON pursuit WHEN NEW.name = 'Broken' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.name = 'Broken' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER refuse_broken BEFORE INSERT ON pursuit FOR EACH ROW "
        "EXECUTE FUNCTION refuse_broken()",
    ],
}


def test_rows_become_pursuits_with_a_planned_step_and_people(store: Store) -> None:
    receipt = store.import_pursuit_rows(_rows(), ExistingChoice.SKIP)
    assert len(receipt.created_ids) == 2
    pilot = store.pursuit(receipt.created_ids[0])
    assert (pilot.name, pilot.client, pilot.value_cents, pilot.currency) == (
        "Pilot",
        "Acme",
        150_000,
        "EUR",
    )
    (step,) = store.steps(pilot.id)  # type: ignore[arg-type]
    assert step.outcome == Outcome.PLANNED.value
    assert step.planned_at == datetime(2026, 3, 9, 10, 0)
    assert step.decision_needed == "Agree the pilot scope"
    people = store.people(pilot.id)  # type: ignore[arg-type]
    assert [(p.name, p.notes) for p in people] == [("Ann Lee", "ann@acme.test"), ("Bo Chen", "")]
    assert {p.id for p in store.attendees(step.id)} == {p.id for p in people}  # type: ignore[arg-type]
    renewal = store.pursuit(receipt.created_ids[1])
    assert renewal.status == PursuitStatus.WON.value and store.steps(renewal.id) == []  # type: ignore[arg-type]


def test_undo_takes_the_whole_import_back(store: Store) -> None:
    store.create_pursuit("Already here", "Gamma")
    before = _snapshot(store)
    receipt = store.import_pursuit_rows(_rows(), ExistingChoice.SKIP)
    store.undo_pursuit_import(receipt)
    assert _snapshot(store) == before


def test_a_fault_while_writing_writes_nothing(store: Store) -> None:
    """The last pursuit of the set is refused by the database: none of the set is kept."""
    with store.engine.begin() as connection:
        for statement in _REFUSE_BROKEN[store.engine.dialect.name]:
            connection.exec_driver_sql(statement)
    before = _snapshot(store)
    rows = [*_rows(), ImportRow(line=9, name="Broken")]
    with pytest.raises(StoreError, match="refused by the test"):
        store.import_pursuit_rows(rows, ExistingChoice.SKIP)
    assert _snapshot(store) == before


def test_reimport_skips_updates_or_copies_what_is_already_there(store: Store) -> None:
    first = store.import_pursuit_rows(_rows(), ExistingChoice.SKIP)
    again = [
        ImportRow(line=2, name=" pilot ", client="ACME", value_cents=990_000, notes="Bigger"),
        ImportRow(line=3, name="New one", client="Delta"),
    ]
    assert [row.name for row in store.pursuits_already_there(again)] == [" pilot "]

    skipped = store.import_pursuit_rows(again, ExistingChoice.SKIP)
    assert (len(skipped.created_ids), skipped.skipped) == (1, 1)
    store.undo_pursuit_import(skipped)

    before_update = _snapshot(store)
    updated = store.import_pursuit_rows(again, ExistingChoice.UPDATE)
    pilot = store.pursuit(first.created_ids[0])
    assert (pilot.value_cents, pilot.notes) == (990_000, "Bigger")
    assert len(updated.updated) == 1 and len(updated.created_ids) == 1
    store.undo_pursuit_import(updated)
    assert _snapshot(store)[1:] == before_update[1:]  # steps, people, attendance as they were
    pilot = store.pursuit(first.created_ids[0])
    assert (pilot.value_cents, pilot.notes) == (150_000, "")

    copied = store.import_pursuit_rows(again, ExistingChoice.COPY)
    names = sorted(s.name for s in store.pursuit_summaries())
    assert names == ["New one", "Pilot", "Renewal", "pilot (copy)"]
    store.undo_pursuit_import(copied)
    assert sorted(s.name for s in store.pursuit_summaries()) == ["Pilot", "Renewal"]


# ---- hypothesis: any bytes give a clear refusal or a valid import, never a traceback ----------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=6
        ).map(
            lambda rows: "\n".join(
                ";".join(row) for row in [["Name", "Value", "Close date"], *rows]
            ).encode()
        ),
    )
)
def test_fuzzed_csv_bytes_are_refused_clearly_or_imported(store: Store, data: bytes) -> None:
    before = _snapshot(store)
    try:
        table = table_from_bytes(data, "fuzz.csv")
    except SpreadsheetError as error:
        assert str(error)
        assert _snapshot(store) == before
        return
    mapping = recognise_headers(table.headers)
    conventions, _ = conventions_for(table.rows, mapping)
    checked = check_rows(table.headers, table.rows, mapping, conventions)
    if checked.problems:
        assert all(str(problem) for problem in checked.problems)
        assert _snapshot(store) == before
        return
    receipt = store.import_pursuit_rows(checked.rows, ExistingChoice.COPY)
    assert len(receipt.created_ids) == len(checked.rows)
    store.undo_pursuit_import(receipt)
    assert _snapshot(store) == before


# ---- export ----------------------------------------------------------------------------------


def _pipeline(store: Store) -> int:
    pursuit = store.create_pursuit(
        '=HYPERLINK("http://x")', "+Acme", value_cents=123_456, currency="EUR"
    )
    assert pursuit.id is not None
    held = store.add_step(pursuit.id, title="Discovery", planned_at=datetime(2026, 2, 20, 10, 0))
    store.record_outcome(
        held.id,  # type: ignore[arg-type]
        Outcome.ADVANCED,
        decision_made="@SUM(1) agreed to a pilot",
        held_on=date(2026, 2, 20),
    )
    store.add_step(
        pursuit.id,
        title="Pilot review",
        planned_at=datetime(2026, 3, 9, 14, 0),
        decision_needed="-Sign the pilot",
    )
    store.create_pursuit("Quiet", "Tab Ltd", currency="\tEUR")
    return pursuit.id


def test_xlsx_export_has_pursuits_and_steps_and_keeps_formula_text_as_text(
    store: Store, tmp_path: Path
) -> None:
    _pipeline(store)
    path = tmp_path / "pipeline.xlsx"
    assert export_file(store, path) == 2
    workbook = load_workbook(path)
    pursuits, steps = workbook["Pursuits"], workbook["Steps"]
    rows = [[cell.value for cell in row] for row in pursuits.iter_rows()]
    assert tuple(rows[0]) == PURSUIT_HEADERS
    by_name = {row[0]: row for row in rows[1:]}
    first = by_name['=HYPERLINK("http://x")']
    assert first[1:5] == ["+Acme", 1234.56, "EUR", "Active"]
    assert first[6] == "@SUM(1) agreed to a pilot" and first[7].date() == date(2026, 2, 20)
    assert first[8] == 10  # days since the decision, on the store's today
    assert first[10] == datetime(2026, 3, 9, 14, 0) and first[11] == "-Sign the pilot"
    assert first[12] == 2
    for row in pursuits.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"  # nothing is a formula
    step_rows = [[cell.value for cell in row] for row in steps.iter_rows()]
    assert tuple(step_rows[0]) == STEP_HEADERS
    assert step_rows[1][1:4] == [1, "Meeting", "Discovery"]
    assert step_rows[2][5] == "-Sign the pilot" and step_rows[2][6] == "Planned"


def test_csv_export_is_utf8_with_bom_and_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    _pipeline(store)
    path = tmp_path / "pipeline.csv"
    export_file(store, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == PURSUIT_HEADERS
    by_name = {row[0]: row for row in rows[1:]}
    first = by_name['\'=HYPERLINK("http://x")']
    assert first[1:4] == ["'+Acme", "1234.56", "EUR"]
    assert first[6] == "'@SUM(1) agreed to a pilot" and first[11] == "'-Sign the pilot"
    assert by_name["Quiet"][3] == "'\tEUR"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(text: str) -> None:
    assert neutralised(text) == "'" + text
    assert neutralised("Plain =text") == "Plain =text"


def test_a_failed_export_leaves_the_earlier_file(store: Store, tmp_path: Path) -> None:
    _pipeline(store)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "pipeline.csv"
    path.write_text("earlier")
    with pytest.raises(ExportError):
        export_file(store, tmp_path / "missing-folder" / "pipeline.csv")
    with pytest.raises(ExportError, match=r"xlsx or \.csv"):
        export_file(store, folder / "pipeline.pdf")
    assert path.read_text() == "earlier"
    assert [p.name for p in folder.iterdir()] == ["pipeline.csv"]  # no temporary file left
