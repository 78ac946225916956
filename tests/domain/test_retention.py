"""The backup retention rule, over a year of simulated backups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pursuit_journey.domain.retention import (
    RetentionSettings,
    backups_to_keep,
    backups_to_remove,
    settings_from,
)

START = datetime(2025, 3, 1, 8, 0)
RULE = RetentionSettings()


def months_between(older: datetime, newer: datetime) -> int:
    return (newer.year - older.year) * 12 + newer.month - older.month


def check_invariants(ever_taken: list[datetime], kept: set[datetime], now: datetime) -> None:
    """What the seller is promised, stated directly from the documented rule."""
    newest = max(ever_taken)
    assert newest in kept
    assert kept <= set(ever_taken)
    for stamp in ever_taken:
        age = (now.date() - stamp.date()).days
        if age < 2:  # today and yesterday: every one
            assert stamp in kept
    survivors_by_day = {s.date() for s in kept}
    survivors_by_week = {s.isocalendar()[:2] for s in kept}
    survivors_by_month = {(s.year, s.month) for s in kept}
    for stamp in ever_taken:
        age = (now.date() - stamp.date()).days
        if 2 <= age < 14:  # one a day for 14 days
            assert stamp.date() in survivors_by_day
        elif 14 <= age < 56:  # one a week for 8 weeks
            assert stamp.isocalendar()[:2] in survivors_by_week
        elif age >= 56 and months_between(stamp, now) < 12:  # one a month for 12 months
            assert (stamp.year, stamp.month) in survivors_by_month
    # ...and no more than that: at most one per day, week and month bucket beyond yesterday.
    older = [s for s in kept if (now.date() - s.date()).days >= 2 and s != newest]
    assert len(older) <= 12 + 9 + 13
    for stamp in kept - {newest}:
        assert months_between(stamp, now) < 12


def simulate(gaps_minutes: list[int]) -> None:
    """Back up after each gap and thin at once, as the app does; check every step."""
    ever_taken: list[datetime] = []
    folder: set[datetime] = set()
    now = START
    for gap in gaps_minutes:
        now += timedelta(minutes=gap)
        ever_taken.append(now)
        folder.add(now)
        folder -= set(backups_to_remove(folder, now, RULE))
        check_invariants(ever_taken, folder, now)
        # Thinning again at the same moment changes nothing.
        assert backups_to_keep(folder, now, RULE) == folder


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=1, max_value=90),  # a working session
            st.integers(min_value=60 * 12, max_value=60 * 24 * 3),  # overnight, a weekend
            st.integers(min_value=60 * 24 * 10, max_value=60 * 24 * 40),  # a holiday
        ),
        min_size=1,
        max_size=150,
    )
)
def test_random_histories_keep_the_promised_backups(gaps: list[int]) -> None:
    simulate(gaps)


def test_a_year_of_daily_use_keeps_a_bounded_and_well_spread_set() -> None:
    # Every working day: a start-up backup at 9:00 and one each 30 minutes until 17:00.
    ever_taken: list[datetime] = []
    folder: set[datetime] = set()
    day = START.replace(hour=0, minute=0)
    for _ in range(365):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        for half_hour in range(17):
            now = day + timedelta(hours=9, minutes=30 * half_hour)
            ever_taken.append(now)
            folder.add(now)
            folder -= set(backups_to_remove(folder, now, RULE))
    check_invariants(ever_taken, folder, now)
    assert len(ever_taken) > 4000
    assert len(folder) < 17 * 2 + 12 + 9 + 13
    assert min(folder) >= now - timedelta(days=366)


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
