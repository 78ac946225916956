"""How values read on screen (and on paper): dates, money, plain-text safety."""

from __future__ import annotations

import html
import unicodedata
from datetime import date, datetime

from PySide6.QtCore import QLocale

from ..drawing.formatting import time_text


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


def day_text(value: date | datetime) -> str:
    """A day the way a diary shows it: weekday, day and month, in the seller's language."""
    day = value.date() if isinstance(value, datetime) else value
    return QLocale().toString(day, "ddd d MMM")


def short_day(value: date | datetime) -> str:
    """Day and month only, for dates close enough that the year goes without saying."""
    day = value.date() if isinstance(value, datetime) else value
    return QLocale().toString(day, "d MMM")


def date_time(value: datetime | None) -> str:
    if value is None:
        return "not scheduled"
    return f"{short_date(value)} {time_text(value)}"


def day_time(value: datetime) -> str:
    """A diary's day and the time, in the one time format of the app: "Mon 14 Dec 15:00"."""
    return f"{day_text(value)} {time_text(value)}"


def day_and_time(value: datetime | None) -> str:
    """A meeting's day and time as a diary shows it, or "not scheduled"."""
    return "not scheduled" if value is None else day_time(value)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt would guess rich text from a bare string."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def folded(text: str) -> str:
    """``text`` for searching: case and accents ignored ("Tomás" matches "tomas")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
