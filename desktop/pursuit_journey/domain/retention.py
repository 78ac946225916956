"""Which backups to keep: every one from today and yesterday, then fewer the older they get.

The rule keeps the *newest* backup of each day, week and month bucket. Thinning runs again and
again over the same folder, so it must never empty a bucket it once filled: the newest member of a
bucket only ever gives way to a newer member of the same bucket, which is then kept instead.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetentionSettings:
    """How many days, weeks and months of backups to keep (the defaults are the documented ones)."""

    keep_all_days: int = 2  # today and yesterday: every backup
    daily_days: int = 14  # then the newest of each day, up to this many days back
    weekly_weeks: int = 8  # then the newest of each week
    monthly_months: int = 12  # then the newest of each month; older ones go

    def __post_init__(self) -> None:
        for name in ("keep_all_days", "daily_days", "weekly_weeks", "monthly_months"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


def _months_between(older: datetime, newer: datetime) -> int:
    return (newer.year - older.year) * 12 + newer.month - older.month


def backups_to_keep(
    taken: Iterable[datetime], now: datetime, settings: RetentionSettings | None = None
) -> set[datetime]:
    """The timestamps (of backups taken at ``taken``) that the rule keeps at ``now``.

    Backups dated in the future (a clock that was wrong) and the newest backup of all are always
    kept: a seller who has not opened the app for a year still has their last backup.
    """
    rule = settings or RetentionSettings()
    stamps = sorted(set(taken))
    if not stamps:
        return set()
    keep: set[datetime] = {stamps[-1]}
    newest_in_bucket: dict[Hashable, datetime] = {}

    def bucket_of(stamp: datetime) -> Hashable | None:
        age_days = (now.date() - stamp.date()).days
        if age_days < rule.keep_all_days or stamp > now:
            return ("all", stamp)
        if age_days < rule.daily_days:
            return ("day", stamp.date())
        if age_days < rule.weekly_weeks * 7:
            year, week, _ = stamp.isocalendar()
            return ("week", year, week)
        if _months_between(stamp, now) < rule.monthly_months:
            return ("month", stamp.year, stamp.month)
        return None

    for stamp in stamps:  # oldest first: a later stamp replaces an earlier one in its bucket
        bucket = bucket_of(stamp)
        if bucket is not None:
            newest_in_bucket[bucket] = stamp
    keep.update(newest_in_bucket.values())
    return keep


def backups_to_remove(
    taken: Iterable[datetime],
    now: datetime,
    settings: RetentionSettings | None = None,
) -> list[datetime]:
    """The complement of ``backups_to_keep``, oldest first."""
    stamps = sorted(set(taken))
    kept = backups_to_keep(stamps, now, settings)
    return [stamp for stamp in stamps if stamp not in kept]


def settings_from(read: Callable[[str, int], int]) -> RetentionSettings:
    """Settings from a key/default reader (QSettings in the app); bad values give defaults."""
    defaults = RetentionSettings()
    values = {}
    for name in ("keep_all_days", "daily_days", "weekly_weeks", "monthly_months"):
        default = getattr(defaults, name)
        try:
            value = int(read(name, default))
        except (TypeError, ValueError):
            value = default
        values[name] = value if value >= 0 else default
    return RetentionSettings(**values)
