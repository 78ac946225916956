"""Spreadsheet and CRM export files made in the tests, with the headers each source writes."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

# A Pipedrive deals export (Deals ▸ Export, CSV): "Deal - " before each deal field.
PIPEDRIVE_HEADERS = (
    "Deal - ID",
    "Deal - Title",
    "Deal - Organization",
    "Deal - Contact person",
    "Deal - Value",
    "Deal - Currency",
    "Deal - Status",
    "Deal - Stage",
    "Deal - Expected close date",
    "Deal - Next activity date",
    "Deal - Owner",
    "Person - Email",
)
# A HubSpot deals export.
HUBSPOT_HEADERS = (
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Amount",
    "Close Date",
    "Associated Company (Primary)",
    "Associated Contact",
    "Pipeline",
    "Next step",
    "Deal Description",
)
# A Salesforce opportunities report (Reports ▸ Opportunities, exported details only).
SALESFORCE_HEADERS = (
    "Opportunity Owner",
    "Account Name",
    "Opportunity Name",
    "Stage",
    "Amount",
    "Close Date",
    "Next Step",
    "Probability (%)",
    "Created Date",
)
# What a seller types at the top of their own sheet.
PLAIN_HEADERS = (
    "Name",
    "Client",
    "Value",
    "Currency",
    "Close date",
    "Status",
    "Next meeting",
    "Next decision",
    "Contact",
    "Notes",
)


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], **how: str
) -> Path:
    path.write_bytes(csv_bytes(headers, rows, **how))
    return path


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    *,
    formulas: dict[str, tuple[str, object]] | None = None,
    merged: str | None = None,
) -> Path:
    """An XLSX of ``sheets`` (name → rows). ``formulas`` puts, in the first sheet, a formula
    with its cached value (as Excel saves it) at a cell such as "C2"; ``merged`` merges a range
    of the first sheet, such as "A1:J1" (a title across the top)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if merged is not None:
        workbook.worksheets[0].merge_cells(merged)  # e.g. a title across the first row
    for cell, (formula, _cached) in (formulas or {}).items():
        workbook.worksheets[0][cell] = formula
    workbook.save(path)
    if formulas:
        _add_cached_values(path, formulas)
    return path


def _add_cached_values(path: Path, formulas: dict[str, tuple[str, object]]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, (formula, cached) in formulas.items():
        written = f'<c r="{cell}"><f>{escape(formula.lstrip("="))}</f><v /></c>'
        assert written in sheet, sheet
        if isinstance(cached, str):
            cached_cell = (
                f'<c r="{cell}" t="str"><f>{escape(formula.lstrip("="))}</f>'
                f"<v>{escape(cached)}</v></c>"
            )
        else:
            cached_cell = f'<c r="{cell}"><f>{escape(formula.lstrip("="))}</f><v>{cached}</v></c>'
        sheet = sheet.replace(written, cached_cell)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice writes its cells."""
    tables = []
    for name, rows in sheets.items():
        xml_rows = []
        for row in rows:
            cells = "".join(_ods_cell(value) for value in row)
            xml_rows.append(f"<table:table-row>{cells}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(xml_rows)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, (datetime, date)):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )
