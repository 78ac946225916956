"""Pursuits out to the manager's spreadsheet: XLSX (a sheet of pursuits and one of steps) or
CSV (UTF-8 with BOM, the pursuits), written atomically.

Text that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) never runs as one: in CSV it is written after an apostrophe, as
spreadsheet programs themselves do; in XLSX it is a text cell, which is never evaluated.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.vocabulary import Outcome, PursuitStatus, StepKind
from .errors import StoreError

if TYPE_CHECKING:
    from .protocol import StoreLike
    from .tables import Step

ExportCell = str | int | float | date | datetime | bool | None

PURSUIT_HEADERS = (
    "Name",
    "Client",
    "Value",
    "Currency",
    "Status",
    "Target close",
    "Last client decision",
    "Decided on",
    "Days since decision",
    "Stalling",
    "Next step date",
    "Next step decision needed",
    "Steps",
)
STEP_HEADERS = (
    "Pursuit",
    "Position",
    "Kind",
    "Title",
    "Planned",
    "Decision needed",
    "Outcome",
    "Decision made",
    "Held on",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_SUFFIXES = (".xlsx", ".csv")


class ExportError(StoreError):
    """The export could not be written; nothing at the destination was changed."""


def neutralised(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _label(kind: type, value: str) -> str:
    try:
        return str(kind(value).label)
    except ValueError:
        return value


def export_tables(store: StoreLike) -> tuple[list[list[ExportCell]], list[list[ExportCell]]]:
    """The rows of the pursuits sheet and of the steps sheet (without headers)."""
    data = store.export_data()
    momentum = {summary.id: summary.momentum for summary in store.pursuit_summaries()}
    steps_of: dict[int, list[Step]] = {}
    for step in data.steps:
        steps_of.setdefault(step.pursuit_id, []).append(step)
    pursuits: list[list[ExportCell]] = []
    step_rows: list[list[ExportCell]] = []
    for pursuit in data.pursuits:
        assert pursuit.id is not None
        steps = steps_of.get(pursuit.id, [])
        decided = [step for step in steps if step.outcome == Outcome.ADVANCED.value]
        last = max(decided, key=lambda s: (s.held_on or date.min, s.position), default=None)
        planned = [s for s in steps if s.outcome == Outcome.PLANNED.value]
        upcoming = min(
            planned,
            key=lambda s: (s.planned_at is None, s.planned_at or datetime.min, s.position),
            default=None,
        )
        drive = momentum.get(pursuit.id)
        pursuits.append(
            [
                pursuit.name,
                pursuit.client,
                None if pursuit.value_cents is None else pursuit.value_cents / 100,
                pursuit.currency,
                _label(PursuitStatus, pursuit.status),
                pursuit.target_close,
                last.decision_made if last is not None else "",
                last.held_on if last is not None else None,
                drive.days_since_decision if drive is not None else None,
                "Yes" if drive is not None and drive.stalling else "No",
                upcoming.planned_at if upcoming is not None else None,
                upcoming.decision_needed if upcoming is not None else "",
                len(steps),
            ]
        )
        for step in steps:
            step_rows.append(
                [
                    pursuit.name,
                    step.position + 1,
                    _label(StepKind, step.kind),
                    step.title,
                    step.planned_at,
                    step.decision_needed,
                    _label(Outcome, step.outcome),
                    step.decision_made,
                    step.held_on,
                ]
            )
    return pursuits, step_rows


def csv_bytes(rows: Sequence[Sequence[ExportCell]]) -> bytes:
    """UTF-8 with a BOM (so spreadsheet programs read it as UTF-8), comma-separated."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PURSUIT_HEADERS)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell: ExportCell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ", timespec="minutes")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return f"{cell:.2f}"
    if isinstance(cell, str):
        return neutralised(cell)
    return str(cell)


def xlsx_bytes(
    pursuits: Sequence[Sequence[ExportCell]], steps: Sequence[Sequence[ExportCell]]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, headers, rows in (
        ("Pursuits", PURSUIT_HEADERS, pursuits),
        ("Steps", STEP_HEADERS, steps),
    ):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        heading = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: object, value: ExportCell) -> object:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = value
        cell.data_type = "s"  # text, never a formula, however it begins
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, float):
        cell.number_format = "#,##0.00"
    return cell


def export_file(store: StoreLike, path: Path) -> int:
    """Write every pursuit to ``path`` (.xlsx or .csv); returns how many. Raises ExportError."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportError(f"{path.name}: the export is written as .xlsx or .csv.")
    pursuits, steps = export_tables(store)
    data = xlsx_bytes(pursuits, steps) if suffix == ".xlsx" else csv_bytes(pursuits)
    write_atomically(path, data)
    return len(pursuits)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and move it into place: the rule of QSaveFile, without
    Qt (the command line writes this too). A failure leaves an earlier file as it was."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from error
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as any file the seller saves, not mkstemp's 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from error
