"""Rules for bringing pursuits in from a spreadsheet or a CRM export: which column is which,
numbers and dates in the file's own conventions, stages as statuses. Pure: no Qt, no database.

A table (headers and rows of cell values, as read from CSV, XLSX or ODS) and a mapping (one
``Column`` or None per header) give ``check_rows``: the pursuits each row would become, and
every problem by row and column. Nothing here decides whether to write; the store does that
only for a checked set with no problems left.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .vocabulary import PursuitStatus

CellValue = str | int | float | bool | date | datetime | time | timedelta | None

MAX_CELL_CHARS = 100_000  # as a .pursuit file's longest text
MAX_NAME_CHARS = 500
MAX_VALUE_CENTS = 10**15
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's 1900-02-29
DEFAULT_MEETING_TIME = time(9, 0)  # a next meeting given as a date alone


class Column(enum.Enum):
    """What a spreadsheet column can become."""

    NAME = "Name"
    CLIENT = "Client"
    VALUE = "Value"
    CURRENCY = "Currency"
    CLOSE_DATE = "Target close"
    STATUS = "Status"
    NEXT_MEETING = "Next meeting"
    NEXT_DECISION = "Next decision"
    CONTACT_NAME = "Contact name"
    CONTACT_EMAIL = "Contact email"
    NOTES = "Notes"

    @property
    def label(self) -> str:
        return self.value


# Headers as they are written by each source, compared after ``normalized_header``. The CRM
# names are those of a Pipedrive deals export ("Deal - Title"), a HubSpot deals export and a
# Salesforce opportunities report; the plain ones are what a seller types.
RECOGNISED_HEADERS: dict[Column, tuple[str, ...]] = {
    Column.NAME: (
        "name",
        "pursuit",
        "pursuit name",
        "deal",
        "deal name",
        "deal title",
        "title",
        "deal - title",
        "opportunity",
        "opportunity name",
    ),
    Column.CLIENT: (
        "client",
        "company",
        "account",
        "organization",
        "organisation",
        "customer",
        "deal - organization",
        "organization name",
        "associated company",
        "associated company (primary)",
        "company name",
        "account name",
    ),
    Column.VALUE: (
        "value",
        "amount",
        "deal value",
        "deal - value",
        "amount in company currency",
        "opportunity amount",
        "total amount",
    ),
    Column.CURRENCY: (
        "currency",
        "deal - currency",
        "deal currency code",
        "currency code",
        "opportunity currency",
        "amount currency",
    ),
    Column.CLOSE_DATE: (
        "close date",
        "expected close",
        "expected close date",
        "target close",
        "deal - expected close date",
        "close",
        "closing date",
    ),
    Column.STATUS: (
        "status",
        "stage",
        "deal - status",
        "deal stage",
        "deal - stage",
        "opportunity stage",
    ),
    Column.NEXT_MEETING: (
        "next meeting",
        "next activity date",
        "deal - next activity date",
        "next activity",
        "next meeting date",
    ),
    Column.NEXT_DECISION: (
        "next decision",
        "next step",
        "next steps",
        "decision needed",
    ),
    Column.CONTACT_NAME: (
        "contact",
        "contact name",
        "contact person",
        "deal - contact person",
        "associated contact",
        "primary contact",
        "contact: full name",
        "person",
        "person - name",
    ),
    Column.CONTACT_EMAIL: (
        "email",
        "e-mail",
        "contact email",
        "person - email",
        "email address",
        "contact: email",
    ),
    Column.NOTES: (
        "notes",
        "note",
        "description",
        "deal description",
        "comments",
        "comment",
        "deal - notes",
    ),
}

_HEADER_LOOKUP: dict[str, Column] = {
    header: column for column, headers in RECOGNISED_HEADERS.items() for header in headers
}


def normalized_header(text: object) -> str:
    """A header as compared: case and runs of spaces ignored, a trailing "*" dropped."""
    return " ".join(str(text or "").replace("\u00a0", " ").split()).casefold().rstrip(" *")


def recognise_headers(headers: Sequence[object]) -> list[Column | None]:
    """One ``Column`` (or None) per header: each column is taken by the first header that
    names it. A second status-like column (a Pipedrive "Stage" beside "Status") goes to
    the notes, so its text is kept."""
    taken: set[Column] = set()
    mapping: list[Column | None] = []
    for header in headers:
        column = _HEADER_LOOKUP.get(normalized_header(header))
        if column is Column.STATUS and column in taken:
            column = Column.NOTES
        if column is not None and column in taken and column is not Column.NOTES:
            column = None
        if column is not None:
            taken.add(column)
        mapping.append(column)
    return mapping


def recognised_count(headers: Sequence[object]) -> int:
    return sum(column is not None for column in recognise_headers(headers))


def header_row_index(rows: Sequence[Sequence[object]], look_at: int = 10) -> int | None:
    """The row that holds the headers: of the first ``look_at`` rows, the one naming the most
    known columns (a merged title row above it is passed over); without any, the first row
    with two cells filled. None for a sheet with no such row."""
    best, best_count = None, 0
    for index, row in enumerate(rows[:look_at]):
        count = recognised_count(row)
        if count > best_count:
            best, best_count = index, count
    if best is not None:
        return best
    for index, row in enumerate(rows[:look_at]):
        if sum(_filled(cell) for cell in row) >= 2:
            return index
    return None


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


# ---- statuses ------------------------------------------------------------------------------

_STATUS_WORDS: dict[str, PursuitStatus] = {
    "won": PursuitStatus.WON,
    "closed won": PursuitStatus.WON,
    "closedwon": PursuitStatus.WON,
    "closed/won": PursuitStatus.WON,
    "signed": PursuitStatus.WON,
    "lost": PursuitStatus.LOST,
    "closed lost": PursuitStatus.LOST,
    "closedlost": PursuitStatus.LOST,
    "closed/lost": PursuitStatus.LOST,
    "no decision": PursuitStatus.LOST,
    "lost / no decision": PursuitStatus.LOST,
    "open": PursuitStatus.ACTIVE,
    "active": PursuitStatus.ACTIVE,
    "on hold": PursuitStatus.ON_HOLD,
    "on_hold": PursuitStatus.ON_HOLD,
    "paused": PursuitStatus.ON_HOLD,
}


def status_of(stage: str) -> tuple[PursuitStatus, str]:
    """The status a stage means, and the stage text to keep in the notes when it says more
    than the status (a pipeline stage such as "Proposal made" is an active pursuit)."""
    words = " ".join(stage.split())
    if not words:
        return PursuitStatus.ACTIVE, ""
    known = _STATUS_WORDS.get(words.casefold())
    if known is not None:
        return known, ""
    return PursuitStatus.ACTIVE, words


# ---- numbers -------------------------------------------------------------------------------

CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CODE = re.compile(r"\b([A-Za-z]{3})\b")
_AMOUNT = re.compile(r"^[+-]?(\d[\d.,' \u00a0\u202f]*)$")


class DecimalMark(enum.Enum):
    POINT = "."
    COMMA = ","


def decimal_mark_of(texts: Sequence[str]) -> DecimalMark:
    """The file's decimal mark, from the texts of its value column: "1.234,56" or "0,5" say
    comma; "1,234.56" or "0.5" say point; "1,234" alone says nothing (point, as CRMs write)."""
    comma = point = 0
    for text in texts:
        digits = _strip_currency(text)[0]
        last_comma, last_point = digits.rfind(","), digits.rfind(".")
        if last_comma > last_point and (last_point >= 0 or not _three_after(digits, last_comma)):
            comma += 1
        elif last_point > last_comma and (last_comma >= 0 or not _three_after(digits, last_point)):
            point += 1
        elif last_point >= 0 and digits.count(".") > 1:
            comma += 1  # 1.234.567: points group thousands
    return DecimalMark.COMMA if comma > point else DecimalMark.POINT


def _three_after(text: str, index: int) -> bool:
    return len(text) - index - 1 == 3


def _strip_currency(text: str) -> tuple[str, str]:
    """The number's text without a currency symbol or code, and that currency ("" if none)."""
    currency = ""
    cleaned = text.strip()
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in cleaned:
            currency = code
            cleaned = cleaned.replace(symbol, "")
    match = _CODE.search(cleaned)
    if match is not None:
        currency = match.group(1).upper()
        cleaned = cleaned[: match.start()] + cleaned[match.end() :]
    return cleaned.strip(), currency


def amount_cents(value: CellValue, mark: DecimalMark) -> tuple[int | None, str]:
    """An amount as cents, with the currency its text names; raises ValueError with what is
    wrong. An empty cell is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, (bool, date, time, timedelta)):
        raise ValueError("is not an amount")
    if isinstance(value, (int, float)):
        cents = round(value * 100)
        return _checked_cents(cents), ""
    digits, currency = _strip_currency(value)
    negative = digits.startswith("-") or (digits.startswith("(") and digits.endswith(")"))
    digits = digits.strip("()+-").strip()
    if not _AMOUNT.match(digits):
        raise ValueError("is not an amount")
    grouping = "." if mark is DecimalMark.COMMA else ","
    for separator in (grouping, "'", " ", "\u00a0", "\u202f"):
        digits = digits.replace(separator, "")
    if mark is DecimalMark.COMMA:
        digits = digits.replace(",", ".")
    if digits.count(".") > 1:
        raise ValueError("is not an amount")
    whole, _, fraction = digits.partition(".")
    if len(fraction) > 2 and fraction.strip("0")[2:]:
        raise ValueError("has more than two decimals")
    cents = int(whole or "0") * 100 + int((fraction + "00")[:2])
    return _checked_cents(-cents if negative else cents), currency


def _checked_cents(cents: int) -> int:
    if cents < 0:
        raise ValueError("is negative")
    if cents > MAX_VALUE_CENTS:
        raise ValueError("is too large")
    return cents


# ---- dates ---------------------------------------------------------------------------------


class DayOrder(enum.Enum):
    DAY_FIRST = "day first (31/12/2026)"
    MONTH_FIRST = "month first (12/31/2026)"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?Z?$")
_NUMERIC = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\.?(?:,?\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?)?$"
)
_WORDED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y")


def day_order_evidence(texts: Sequence[str]) -> DayOrder | None:
    """The order the dates' texts must be in (a part above 12 says which), or None when every
    date reads both ways (03/12/2026): then the seller chooses."""
    day_first = month_first = False
    for text in texts:
        match = _NUMERIC.match(text.strip())
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            day_first = True
        elif second > 12 >= first:
            month_first = True
    if day_first != month_first:
        return DayOrder.DAY_FIRST if day_first else DayOrder.MONTH_FIRST
    return None


def needs_day_order(texts: Sequence[str]) -> bool:
    """Whether some date reads two ways (both parts 12 or less, and they differ)."""
    for text in texts:
        match = _NUMERIC.match(text.strip())
        if match is not None:
            first, second = int(match.group(1)), int(match.group(2))
            if first <= 12 and second <= 12 and first != second:
                return True
    return False


def date_time_of(value: CellValue, order: DayOrder) -> datetime | None:
    """A date (at midnight when it has no time) from a cell; raises ValueError. A number is
    an Excel date serial."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (bool, time, timedelta)):
        raise ValueError("is not a date")
    if isinstance(value, (int, float)):
        if not 1 <= value < 2_958_466:  # up to 9999-12-31
            raise ValueError("is not a date")
        moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=float(value))
        return moment.replace(second=0, microsecond=0)
    text = " ".join(value.split())
    try:
        match = _ISO.match(text)
        if match is not None:
            year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
            hour, minute = int(match.group(4) or 0), int(match.group(5) or 0)
            return datetime(year, month, day, hour, minute)
        match = _NUMERIC.match(text)
        if match is not None:
            first, second, year_text = match.group(1), match.group(2), match.group(3)
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            day_text, month_text = (
                (first, second) if order is DayOrder.DAY_FIRST else (second, first)
            )
            hour, minute = int(match.group(4) or 0), int(match.group(5) or 0)
            half = (match.group(6) or "").lower()
            if half:
                if not 1 <= hour <= 12:
                    raise ValueError("is not a date")
                hour = hour % 12 + (12 if half == "pm" else 0)
            return datetime(year, int(month_text), int(day_text), hour, minute)
    except ValueError as error:
        raise ValueError("is not a date") from error
    for pattern in _WORDED_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError("is not a date")


# ---- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""


@dataclass(frozen=True)
class ImportRow:
    """One pursuit as the store will write it; ``line`` is its row number in the file."""

    line: int
    name: str
    client: str = ""
    value_cents: int | None = None
    currency: str = ""
    status: PursuitStatus = PursuitStatus.ACTIVE
    target_close: date | None = None
    notes: str = ""
    next_meeting: datetime | None = None
    next_decision: str = ""
    contacts: tuple[Contact, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return pursuit_key(self.name, self.client)


def pursuit_key(name: str, client: str) -> tuple[str, str]:
    """Same name and client (case and spacing aside) is the same pursuit, for re-imports."""
    return (" ".join(name.split()).casefold(), " ".join(client.split()).casefold())


@dataclass(frozen=True)
class Problem:
    line: int  # the row number in the file (1 = its first row)
    header: str  # the column's header, "" for the whole row
    message: str

    def __str__(self) -> str:
        where = f"Row {self.line}" + (f", column “{self.header}”" if self.header else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Conventions:
    """How the file writes numbers and dates."""

    decimal_mark: DecimalMark = DecimalMark.POINT
    day_order: DayOrder = DayOrder.DAY_FIRST


@dataclass
class CheckedRows:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def problem_lines(self) -> set[int]:
        return {problem.line for problem in self.problems}

    def without_problem_rows(self) -> list[ImportRow]:
        bad = self.problem_lines
        return [row for row in self.rows if row.line not in bad]


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value).strip()


def column_texts(rows: Sequence[Sequence[CellValue]], index: int) -> list[str]:
    cells = (row[index] for row in rows if index < len(row))
    return [cell.strip() for cell in cells if isinstance(cell, str) and cell.strip()]


def conventions_for(
    rows: Sequence[Sequence[CellValue]],
    mapping: Sequence[Column | None],
    preferred: DayOrder = DayOrder.DAY_FIRST,
) -> tuple[Conventions, bool]:
    """The file's conventions, and whether its dates read two ways (so the day order is the
    seller's choice; ``preferred`` is the locale's order until they choose)."""
    value_texts: list[str] = []
    date_texts: list[str] = []
    for index, column in enumerate(mapping):
        if column is Column.VALUE:
            value_texts += column_texts(rows, index)
        elif column in (Column.CLOSE_DATE, Column.NEXT_MEETING):
            date_texts += column_texts(rows, index)
    evidence = day_order_evidence(date_texts)
    ambiguous = evidence is None and needs_day_order(date_texts)
    return (
        Conventions(decimal_mark_of(value_texts), evidence or preferred),
        ambiguous,
    )


def check_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    mapping: Sequence[Column | None],
    conventions: Conventions,
    *,
    first_line: int = 2,
) -> CheckedRows:
    """Every data row as the pursuit it becomes, and every problem found, by row and column.

    Empty rows are passed over. A row without a name is a problem; so is a value that is not
    an amount or a date that is not a date, a text over ``MAX_CELL_CHARS``.
    """
    checked = CheckedRows()
    if Column.NAME not in mapping:
        checked.problems.append(
            Problem(first_line - 1, "", "No column is taken as the pursuit's name.")
        )
        return checked
    for offset, row in enumerate(rows):
        line = first_line + offset
        if not any(_filled(cell) for cell in row):
            continue
        made = _row(headers, row, mapping, conventions, line, checked.problems)
        if made is not None:
            checked.rows.append(made)
    return checked


def _row(
    headers: Sequence[str],
    row: Sequence[CellValue],
    mapping: Sequence[Column | None],
    conventions: Conventions,
    line: int,
    problems: list[Problem],
) -> ImportRow | None:
    fields: dict[str, object] = {}
    notes: list[str] = []
    contact_name = contact_email = ""
    stage_note = ""
    ok = True

    def fail(index: int, message: str) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(line, str(headers[index]), message))

    for index, column in enumerate(mapping):
        if column is None or index >= len(row):
            continue
        value = row[index]
        text = _text(value)
        if len(text) > MAX_CELL_CHARS:
            fail(index, f"the text is longer than {MAX_CELL_CHARS:,} characters")
            continue
        try:
            if column is Column.NAME:
                if len(" ".join(text.split())) > MAX_NAME_CHARS:
                    fail(index, f"the name is longer than {MAX_NAME_CHARS} characters")
                fields["name"] = " ".join(text.split())
            elif column is Column.CLIENT:
                fields["client"] = " ".join(text.split())
            elif column is Column.VALUE:
                cents, currency = amount_cents(value, conventions.decimal_mark)
                fields["value_cents"] = cents
                if currency:
                    fields.setdefault("currency", currency)
            elif column is Column.CURRENCY:
                if text:
                    fields["currency"] = text.upper()[:32]
            elif column is Column.CLOSE_DATE:
                moment = date_time_of(value, conventions.day_order)
                fields["target_close"] = None if moment is None else moment.date()
            elif column is Column.STATUS:
                status, stage_note = status_of(text)
                fields["status"] = status
                if stage_note:
                    stage_note = f"{headers[index]}: {stage_note}"
            elif column is Column.NEXT_MEETING:
                moment = date_time_of(value, conventions.day_order)
                if moment is not None and moment.time() == time() and not _has_time(value):
                    moment = datetime.combine(moment.date(), DEFAULT_MEETING_TIME)
                fields["next_meeting"] = moment
            elif column is Column.NEXT_DECISION:
                fields["next_decision"] = text
            elif column is Column.CONTACT_NAME:
                contact_name = " ".join(text.split())
            elif column is Column.CONTACT_EMAIL:
                contact_email = text
            elif column is Column.NOTES and text:
                header = str(headers[index]).strip()
                plain_notes = normalized_header(header) in RECOGNISED_HEADERS[Column.NOTES]
                notes.append(text if plain_notes or not header else f"{header}: {text}")
        except ValueError as error:
            shown = text if len(text) <= 40 else text[:39] + "…"
            fail(index, f"“{shown}” {error}")
    if not fields.get("name"):
        problems.append(Problem(line, "", "The row has no pursuit name."))
        return None
    if not ok:
        return None
    if stage_note:
        notes.insert(0, stage_note)
    contacts: tuple[Contact, ...] = ()
    if contact_name or contact_email:
        contacts = (Contact(contact_name or contact_email, contact_email),)
    return ImportRow(line=line, notes="\n".join(notes), contacts=contacts, **fields)  # type: ignore[arg-type]


def _has_time(value: CellValue) -> bool:
    if isinstance(value, datetime):
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not float(value).is_integer()
    return isinstance(value, str) and ":" in value
