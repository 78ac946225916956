"""Which backups to keep: every one from today and yesterday, then fewer the older they get.

The rule: keep the newest backup of all, any dated in the future (a wrong clock), every one from
the last ``keep_all_days`` days, and the newest backup of each day among those under
``daily_days`` old, of each ISO week among those under ``weekly_weeks`` weeks old, and of each
calendar month among those from the last ``monthly_months`` months (this one included). The
windows overlap rather than hand a backup on from one tier to the next, so each bucket chooses
for itself: a week across two months keeps its own newest backup and each month's.

Why it keeps its promises although thinning repeats as time passes: the newest backup ever taken
in a bucket is also its youngest, so it stays in a window as long as any backup of its bucket
does; it was kept when taken (the newest of all) and at every thinning since (the newest of its
bucket in the window). Beyond ``keep_all_days``, one backup per bucket and window survives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RetentionSettings:
    """How many days, weeks and months of backups to keep (the defaults are the documented ones)."""

    keep_all_days: int = 2  # today and yesterday: every backup
    daily_days: int = 14  # one a day (the day's newest) for this many days
    weekly_weeks: int = 8  # one a week (the week's newest) for this many weeks
    monthly_months: int = 12  # one a month (the month's newest) for this many months; older go

    def __post_init__(self) -> None:
        for name in ("keep_all_days", "daily_days", "weekly_weeks", "monthly_months"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


def _months_between(older: date, newer: date) -> int:
    return (newer.year - older.year) * 12 + newer.month - older.month


def _buckets(stamp: datetime, today: date, rule: RetentionSettings) -> list[Hashable]:
    """The day, week and month whose window ``stamp`` is still in on ``today``."""
    day = stamp.date()
    age_days = (today - day).days
    buckets: list[Hashable] = []
    if age_days < rule.daily_days:
        buckets.append(("day", day))
    if age_days < rule.weekly_weeks * 7:
        year, week, _ = day.isocalendar()
        buckets.append(("week", year, week))
    if _months_between(day, today) < rule.monthly_months:
        buckets.append(("month", day.year, day.month))
    return buckets


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
    today = now.date()
    keep: set[datetime] = {stamps[-1]}
    newest_in_bucket: dict[Hashable, datetime] = {}
    for stamp in stamps:  # oldest first: a later stamp replaces an earlier one in its buckets
        if stamp > now or (today - stamp.date()).days < rule.keep_all_days:
            keep.add(stamp)
        for bucket in _buckets(stamp, today, rule):
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
