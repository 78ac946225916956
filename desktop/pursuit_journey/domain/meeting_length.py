"""How long a meeting lasts, read from the meeting agreement's time ("60 minutes", "1 h 30")."""

from __future__ import annotations

import re
from datetime import timedelta

DEFAULT_LENGTH = timedelta(hours=1)
_LONGEST = timedelta(hours=12)  # a longer "time" is a date range or a typo, not a meeting

_HOURS_AND_MINUTES = re.compile(
    r"^\s*(?:(?P<hours>\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours|std|stunden?)\.?)?"
    r"\s*(?:(?P<minutes>\d+)\s*(?:m|min|mins|minutes?|minuten?|')?\.?)?\s*$",
    re.IGNORECASE,
)


def meeting_length(agreement_time: str) -> timedelta | None:
    """The length written in ``agreement_time`` when it is a duration, else None.

    "60 minutes", "45 min", "1 hour", "1.5 hours", "1h30", "2 h 15 min" are durations; "Tuesday
    at 10" or "after lunch" are not (nor is a bare number: "10" may be a time of day)."""
    text = agreement_time.strip()
    match = _HOURS_AND_MINUTES.match(text)
    if not text or match is None or not (match["hours"] or match["minutes"]):
        return None
    if match["hours"] is None and not re.search(r"[a-z']\.?\s*$", text, re.IGNORECASE):
        return None  # a bare number
    hours = float(match["hours"].replace(",", ".")) if match["hours"] else 0.0
    minutes = int(match["minutes"]) if match["minutes"] else 0
    length = timedelta(hours=hours, minutes=minutes)
    if not timedelta(0) < length <= _LONGEST:
        return None
    return length


def meeting_length_or_default(agreement_time: str) -> timedelta:
    return meeting_length(agreement_time) or DEFAULT_LENGTH
