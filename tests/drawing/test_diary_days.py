"""A diary's day ("Mon 14 Dec") follows the locale's order of day and month, as its dates do."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QLocale

from pursuit_journey.drawing.formatting import day_text, day_time, short_day, time_text

MONDAY = date(2026, 12, 14)


@pytest.mark.parametrize(
    ("name", "diary_day", "day_and_month"),
    [
        ("en_GB", "Mon 14 Dec", "14 Dec"),
        ("en_US", "Mon Dec 14", "Dec 14"),
        ("de_DE", "Mo. 14. Dez.", "14. Dez."),
        ("fr_FR", "lun. 14 déc.", "14 déc."),
    ],
)
def test_day_and_month_come_in_the_locales_order(
    name: str, diary_day: str, day_and_month: str
) -> None:
    locale = QLocale(name)
    assert day_text(MONDAY, locale) == diary_day
    assert short_day(MONDAY, locale) == day_and_month


def test_a_diary_day_and_time_use_the_one_time_format() -> None:
    us = QLocale("en_US")
    meeting = datetime(2026, 12, 14, 15, 0)
    assert day_time(meeting, us) == f"Mon Dec 14 {time_text(meeting, us)}"
    assert day_time(None, us) == "not scheduled"
