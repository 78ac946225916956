"""Dates, times and money as the seller's locale writes them, for the screen and the paper alike.

One time format everywhere: the locale's short time (12 h or 24 h), never with seconds. Typed
dates are read in the locale's short format (any of ``/ . - `` or a space between the parts,
two- or four-digit years) or as ISO ``2026-12-03``, each with an optional time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from PySide6.QtCore import QLocale

# A time typed without a date's time: meetings start in the morning, not at midnight.
DEFAULT_TIME = time(9, 0)

_SECONDS = re.compile(r"[:.]ss(\.z+)?")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s,]+|$)")
_PART = r"\s*[./\-\s]\s*"
_LOCAL_DATE = re.compile(rf"^(\d{{1,4}}){_PART}(\d{{1,2}}){_PART}(\d{{1,4}})\.?(?:[T\s,]+|$)")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(.*?)\.?$", re.IGNORECASE)


def _locale(locale: QLocale | None) -> QLocale:
    return locale if locale is not None else QLocale()


def time_format(locale: QLocale | None = None) -> str:
    """The locale's short time format without seconds (``HH:mm``, ``h:mm AP``…)."""
    fmt = _locale(locale).timeFormat(QLocale.FormatType.ShortFormat)
    return _SECONDS.sub("", fmt)


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with a four-digit year (two are ambiguous in a form)."""
    fmt = _locale(locale).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = re.sub(r"y+", "yyyy", fmt)
    return fmt


def time_text(value: time | datetime, locale: QLocale | None = None) -> str:
    moment = value.time() if isinstance(value, datetime) else value
    return _locale(locale).toString(moment, time_format(locale))


def date_text(value: date | datetime, locale: QLocale | None = None) -> str:
    """A date as typed into a date field: the short format with a four-digit year."""
    day = value.date() if isinstance(value, datetime) else value
    return _locale(locale).toString(day, date_format(locale))


def date_time_text(value: datetime, locale: QLocale | None = None) -> str:
    """A date and time as typed into a date-and-time field."""
    return f"{date_text(value, locale)} {time_text(value, locale)}"


def long_date_text(value: date | datetime, locale: QLocale | None = None) -> str:
    """For the printed sheet: "Monday, 14 December 2026" in the locale's words."""
    day = value.date() if isinstance(value, datetime) else value
    return _locale(locale).toString(day, QLocale.FormatType.LongFormat)


def long_date_time_text(value: datetime, locale: QLocale | None = None) -> str:
    """For the printed sheet: "Monday, 14 December 2026, 15:00" in the locale's words."""
    return f"{long_date_text(value, locale)}, {time_text(value, locale)}"


def money(value_cents: int | None, currency: str) -> str:
    if value_cents is None:
        return ""
    locale = QLocale()
    amount = locale.toString(value_cents / 100, "f", 0 if value_cents % 100 == 0 else 2)
    return f"{amount} {currency}".strip()


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return QLocale().toString(day, QLocale.FormatType.ShortFormat)


def _day_month(locale: QLocale) -> str:
    """Day and month in the order and with the marks of the locale's short date: "d MMM" for
    15/12/2026, "MMM d" for 12/15/2026, "d. MMM" for 15.12.2026."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    day, month, _year = _day_month_year_order(locale)
    if month < day:
        return "MMM d"
    return "d. MMM" if re.search(r"d+\.", fmt) else "d MMM"


def day_text(value: date | datetime, locale: QLocale | None = None) -> str:
    """A day the way a diary shows it: weekday, day and month, in the seller's language and
    order ("Mon 14 Dec", "Mon Dec 14", "Mo. 14. Dez.")."""
    day = value.date() if isinstance(value, datetime) else value
    chosen = _locale(locale)
    return chosen.toString(day, "ddd " + _day_month(chosen))


def short_day(value: date | datetime, locale: QLocale | None = None) -> str:
    """Day and month only, for dates close enough that the year goes without saying."""
    day = value.date() if isinstance(value, datetime) else value
    chosen = _locale(locale)
    return chosen.toString(day, _day_month(chosen))


def date_time(value: datetime | None) -> str:
    if value is None:
        return "not scheduled"
    return f"{short_date(value)} {time_text(value)}"


def day_time(value: datetime | None, locale: QLocale | None = None) -> str:
    """A diary's day and the time, in the one time format of the app: "Mon 14 Dec 15:00";
    "not scheduled" for no time at all."""
    if value is None:
        return "not scheduled"
    return f"{day_text(value, locale)} {time_text(value, locale)}"


def expected_format(with_time: bool, locale: QLocale | None = None) -> str:
    """How to type a date, as an example the seller can copy: "12/3/2026 or 2026-12-03"."""
    example = datetime(2026, 12, 3, 15, 0)
    typed = date_text(example, locale)
    iso = "2026-12-03"
    if with_time:
        return f"{typed} {time_text(example, locale)} or {iso} 15:00 (the time may be left out)"
    return f"{typed} or {iso}"


def _day_month_year_order(locale: QLocale) -> tuple[int, int, int]:
    """Where the day, month and year stand in the locale's short date (0, 1 or 2)."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    first = {letter: fmt.find(letter) for letter in "dMy"}
    ranked = sorted(first, key=lambda letter: first[letter])
    return ranked.index("d"), ranked.index("M"), ranked.index("y")


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def _parse_time(text: str, locale: QLocale) -> time | None:
    match = _TIME.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3).strip().casefold().replace(".", "").replace(" ", "")
    if suffix:
        am = {"am", locale.amText().casefold().replace(".", "").replace(" ", "")}
        pm = {"pm", locale.pmText().casefold().replace(".", "").replace(" ", "")}
        if not 1 <= hour <= 12 or suffix not in am | pm:
            return None
        hour = hour % 12 + (12 if suffix in pm else 0)
    elif match.group(2) is None:
        return None  # a bare number is no time
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_date_time(text: str, locale: QLocale | None = None) -> tuple[date, time | None] | None:
    """The date (and the time, if one was typed) in ``text``, or None if it is not one.

    ``text`` is read in the locale's order of day, month and year or as ISO year-month-day.
    """
    locale = _locale(locale)
    cleaned = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    if not cleaned:
        return None
    iso = _ISO_DATE.match(cleaned)
    if iso is not None:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        rest = cleaned[iso.end() :]
    else:
        local = _LOCAL_DATE.match(cleaned)
        if local is None:
            return None
        parts = local.groups()
        day_at, month_at, year_at = _day_month_year_order(locale)
        if len(parts[year_at]) not in (2, 4):
            return None
        year = _year(parts[year_at])
        month, day = int(parts[month_at]), int(parts[day_at])
        rest = cleaned[local.end() :]
    if year < 1900:
        return None
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    if not rest.strip():
        return day_value, None
    moment = _parse_time(rest, locale)
    if moment is None:
        return None
    return day_value, moment
