"""Reading a spreadsheet file into a table of cells: CSV (its encoding and delimiter found, not
asked), XLSX and ODS (through python-calamine, formulas as their cached values, never run).

Every fault is a ``SpreadsheetError`` whose text tells the seller what is wrong; reading never
writes anything.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..domain.spreadsheet_rules import CellValue, header_row_index
from .errors import StoreError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 10_000  # a seller's pipeline is far smaller; a bigger file is refused, not cut
SPREADSHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class SpreadsheetError(StoreError):
    """The file cannot be read as a spreadsheet; ``str()`` says why, for the seller."""


@dataclass(frozen=True)
class SheetTable:
    """The header row and the data rows of one sheet; ``header_line`` is the header's row
    number in the file (1 = the first row)."""

    headers: list[str]
    rows: list[list[CellValue]]
    header_line: int
    sheet_names: tuple[str, ...] = ()
    sheet_name: str = ""
    encoding: str = ""
    delimiter: str = ""

    @property
    def first_line(self) -> int:
        return self.header_line + 1


def read_table(path: Path, sheet: str | None = None) -> SheetTable:
    """The table in ``path`` (for a workbook: ``sheet``, else the first sheet)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SpreadsheetError(
                f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: too large "
                "for a list of pursuits."
            )
        data = path.read_bytes()
    except OSError as error:
        raise SpreadsheetError(f"Cannot read {path.name}: {error.strerror or error}.") from error
    return table_from_bytes(data, path.name, sheet)


def table_from_bytes(data: bytes, name: str, sheet: str | None = None) -> SheetTable:
    if not data.strip():
        raise SpreadsheetError(f"{name} is empty.")
    suffix = Path(name).suffix.lower()
    if data.startswith(_OLE_MAGIC) and suffix in (".xlsx", ".xlsm", ".ods"):
        raise _password_protected(name)
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _workbook_table(data, name, sheet)
    return _csv_table(data, name)


def _password_protected(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{name} is protected with a password. Open it in your spreadsheet program, save a "
        "copy without the password, and import that copy."
    )


def _finish(grid: list[list[CellValue]], name: str, **about: object) -> SheetTable:
    index = header_row_index(grid)
    if index is None:
        raise SpreadsheetError(f"{name} has no row of column headers.")
    rows = grid[index + 1 :]
    while rows and not any(_filled(cell) for cell in rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(
            f"{name} has more than {MAX_ROWS:,} rows: at most {MAX_ROWS:,} pursuits are "
            "imported at once. Split the file and import it in parts."
        )
    headers = [_header_text(cell) for cell in grid[index]]
    width = len(headers)
    return SheetTable(
        headers=headers,
        rows=[list(row[:width]) + [None] * (width - len(row)) for row in rows],
        header_line=index + 1,
        **about,
    )


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _header_text(cell: CellValue) -> str:
    return " ".join(str(cell if cell is not None else "").split())[:200]


# ---- CSV -----------------------------------------------------------------------------------


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (with or without BOM),
    UTF-16 (Excel's "Unicode text"), else what charset-normalizer finds among the Windows
    and Latin encodings. Binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise _binary(name)
        return _decode(data, encoding, name), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    encoding = best.encoding if best is not None else "latin_1"
    return _decode(data, encoding, name), encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin letters has a zero in every other byte."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.6 and even < half * 0.1:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.1:
        return "utf-16-be"
    return None


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise _binary(name) from error


def _binary(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"{name} is not a spreadsheet: it is neither text (CSV) nor an XLSX or ODS workbook."
    )


def _csv_table(data: bytes, name: str) -> SheetTable:
    text, encoding = decode_text(data, name)
    controls = sum(1 for char in text[:20_000] if ord(char) < 32 and char not in "\t\r\n")
    if controls > max(2, len(text[:20_000]) // 100):
        raise _binary(name)
    delimiter = _delimiter(text)
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FILE_BYTES)  # a long cell is a problem of its row, not a crash
    try:
        grid: list[list[CellValue]] = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            grid.append(list(row))
            if len(grid) > MAX_ROWS + 20:
                break
    except csv.Error as error:
        raise SpreadsheetError(f"{name} is not a readable CSV file ({error}).") from error
    finally:
        csv.field_size_limit(previous_limit)
    return _finish(grid, name, encoding=encoding, delimiter=delimiter)


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        return max(",;\t", key=first.count)


# ---- XLSX and ODS --------------------------------------------------------------------------


def _workbook_table(data: bytes, name: str, sheet: str | None) -> SheetTable:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = tuple(workbook.sheet_names)
        if not names:
            raise SpreadsheetError(f"{name} has no sheets.")
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise SpreadsheetError(f"{name} has no sheet named “{chosen}”.")
        cells = workbook.get_sheet_by_name(chosen).to_python(
            skip_empty_area=False, nrows=MAX_ROWS + 20
        )
    except SpreadsheetError:
        raise
    except PasswordError as error:
        raise _password_protected(name) from error
    except Exception as error:  # calamine raises its own kinds for every damaged workbook
        raise SpreadsheetError(
            f"{name} cannot be read as an XLSX or ODS workbook ({error})."
        ) from error
    grid: list[list[CellValue]] = [["" if cell is None else cell for cell in row] for row in cells]
    if not any(any(_filled(cell) for cell in row) for row in grid):
        raise SpreadsheetError(f"The sheet “{chosen}” of {name} is empty.")
    return _finish(grid, name, sheet_names=names, sheet_name=chosen)
