"""The backup retention rule, over a year of simulated backups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pursuit_journey.domain.retention import (
    RetentionSettings,
    backups_to_keep,
    backups_to_remove,
    settings_from,
)

START = datetime(2025, 3, 1, 8, 0)
RULE = RetentionSettings()


def months_between(older: date, newer: date) -> int:
    return (newer.year - older.year) * 12 + newer.month - older.month


def week_of(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


@dataclass
class History:
    """Backups taken one after another, each followed by a thinning (as the app does), with what
    the seller is promised checked after every thinning."""

    rule: RetentionSettings
    taken: list[datetime] = field(default_factory=list)  # every backup ever taken, in order
    days: list[date] = field(default_factory=list)  # the distinct days of ``taken``, in order
    folder: set[datetime] = field(default_factory=set)  # what thinning left

    def back_up_and_thin(self, now: datetime) -> None:
        self.taken.append(now)
        if not self.days or self.days[-1] != now.date():
            self.days.append(now.date())
        self.folder.add(now)
        self.folder -= set(backups_to_remove(self.folder, now, self.rule))
        self.check_promises(now)
        # Thinning again at the same moment changes nothing.
        assert backups_to_keep(self.folder, now, self.rule) == self.folder

    def check_promises(self, now: datetime) -> None:
        """The documented rule, stated directly: all from the last ``keep_all_days`` days, and
        each of the last ``daily_days`` days, ``weekly_weeks`` weeks and ``monthly_months`` months
        that had a backup still has one; the newest is kept; and no more than that is kept.
        Stated per bucket, these imply the tiers of the issue (one a day for days 2-13, a week
        for days 14-55, a month after), and say a little more: a week across two months leaves
        a backup in each month."""
        rule, kept, today = self.rule, self.folder, now.date()
        newest = self.taken[-1]
        assert newest in kept  # (e) the newest, always
        for stamp in reversed(self.taken):  # (a) every backup from today and yesterday
            if (today - stamp.date()).days >= rule.keep_all_days:
                break
            assert stamp in kept
        kept_days = {stamp.date() for stamp in kept}
        kept_weeks = {week_of(stamp.date()) for stamp in kept}
        kept_months = {(stamp.year, stamp.month) for stamp in kept}
        for day in reversed(self.days):
            age = (today - day).days
            months = months_between(day, today)
            if age >= max(rule.daily_days, rule.weekly_weeks * 7) and months >= rule.monthly_months:
                break  # nothing older is promised
            if age < rule.daily_days:  # (b) one a day
                assert day in kept_days, f"{day} lost its backups at {now}"
            if age < rule.weekly_weeks * 7:  # (c) one a week
                assert week_of(day) in kept_weeks, f"the week of {day} lost its backups at {now}"
            if months < rule.monthly_months:  # (d) one a month
                assert (day.year, day.month) in kept_months, f"{day:%Y-%m} lost its backups"
        # (f) ...and no more: beyond the days kept whole, one per day, week and month at most,
        # all from the last months promised (the newest aside: it is kept however old).
        older = [s for s in kept - {newest} if (today - s.date()).days >= rule.keep_all_days]
        days = max(0, rule.daily_days - rule.keep_all_days)
        weeks = rule.weekly_weeks + 1 if rule.weekly_weeks else 0  # 8 × 7 days touch 9 weeks
        assert len(older) <= days + weeks + rule.monthly_months
        horizon = max(rule.daily_days, rule.weekly_weeks * 7)
        for stamp in older:
            assert (today - stamp.date()).days < horizon or months_between(
                stamp.date(), today
            ) < rule.monthly_months


def simulate(
    gaps_minutes: list[int], start: datetime = START, rule: RetentionSettings = RULE
) -> History:
    """Back up after each gap and thin at once, checking the promises after every thinning."""
    history = History(rule)
    now = start
    for gap in gaps_minutes:
        now += timedelta(minutes=gap)
        history.back_up_and_thin(now)
    return history


def gaps(min_size: int) -> st.SearchStrategy[list[int]]:
    """Minutes between backups. Long enough histories (and any start, below) to cross month
    and week boundaries in every way: with short ones, Hypothesis missed a lost month."""
    return st.lists(
        st.one_of(
            st.integers(min_value=1, max_value=90),  # a working session
            st.integers(min_value=60 * 12, max_value=60 * 24 * 3),  # overnight, a weekend
            st.integers(min_value=60 * 24 * 10, max_value=60 * 24 * 40),  # a holiday
        ),
        min_size=min_size,
        max_size=40,
    )


STARTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(gaps(min_size=10), STARTS)
# A week across March and April kept only its April backup; once March's backup was 56 days
# old, March had none (the rule chose by tier, and the week's choice was not March's).
@example([42720, 1440, 14400, 14400, 50400], START)
def test_random_histories_keep_the_promised_backups(gaps: list[int], start: datetime) -> None:
    simulate(gaps, start)


@settings(max_examples=150, deadline=None)
@given(
    gaps(min_size=10),
    STARTS,
    st.builds(
        RetentionSettings,
        keep_all_days=st.integers(0, 3),
        daily_days=st.integers(0, 20),
        weekly_weeks=st.integers(0, 10),
        monthly_months=st.integers(0, 14),
    ),
)
def test_any_settings_keep_their_promises(
    gaps: list[int], start: datetime, rule: RetentionSettings
) -> None:
    simulate(gaps, start, rule)


def test_a_week_across_two_months_keeps_a_backup_for_each_month() -> None:
    monday_march_31, tuesday_april_1 = datetime(2025, 3, 31, 9), datetime(2025, 4, 1, 9)
    history = History(RULE)
    for moment in (monday_march_31, tuesday_april_1, datetime(2025, 4, 21, 9)):
        history.back_up_and_thin(moment)
    assert {monday_march_31, tuesday_april_1} <= history.folder  # one week, but two months

    history.back_up_and_thin(datetime(2025, 5, 26, 9))  # March 31 is now 56 days old

    assert monday_march_31 in history.folder  # March's only backup
    assert tuesday_april_1 in history.folder  # the week's and April's


def test_a_year_of_daily_use_keeps_a_bounded_and_well_spread_set() -> None:
    # Every working day: a start-up backup at 9:00 and one each 30 minutes until 17:00.
    history = History(RULE)
    day = START.replace(hour=0, minute=0)
    for _ in range(365):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for half_hour in range(17):
            now = day + timedelta(hours=9, minutes=30 * half_hour)
            history.back_up_and_thin(now)
    assert len(history.taken) > 4000
    assert len(history.folder) < 17 * 2 + 12 + 9 + 13
    assert min(history.folder) >= now - timedelta(days=366)


def test_backups_from_the_future_and_the_last_one_are_never_removed() -> None:
    now = datetime(2026, 3, 2, 12, 0)
    ancient = datetime(2020, 1, 1)
    assert backups_to_keep([ancient], now) == {ancient}
    future = now + timedelta(days=3)
    assert backups_to_keep([ancient, future], now) == {future}
    assert backups_to_remove([ancient, future], now) == [ancient]


def test_settings_change_the_rule_and_bad_values_fall_back() -> None:
    now = datetime(2026, 3, 2, 12, 0)
    stamps = [now - timedelta(days=d) for d in range(0, 10)]
    only_today = RetentionSettings(keep_all_days=1, daily_days=1, weekly_weeks=0, monthly_months=0)
    assert backups_to_keep(stamps, now, only_today) == {now}
    stored = {"daily_days": "3", "weekly_weeks": "many", "monthly_months": -4}
    read = settings_from(lambda name, default: stored.get(name, default))
    assert read == RetentionSettings(daily_days=3)
    with pytest.raises(ValueError):
        RetentionSettings(daily_days=-1)
