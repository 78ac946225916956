"""The rules of the debrief: when a step is due for one, when it was held, when the next one is.

Pure functions of dates, shared by the store (which records an outcome) and the prep form
(which shows the debrief first when it is due).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

# A new meeting starts at this time when nothing says otherwise.
DEFAULT_MEETING_TIME = time(9, 0)
NEXT_STEP_AFTER = timedelta(weeks=1)


def debrief_due(planned_at: datetime | None, held: bool, now: datetime) -> bool:
    """The step's planned time has passed and no outcome is recorded yet."""
    return not held and planned_at is not None and planned_at <= now


def default_held_on(planned_at: datetime | None, today: date) -> date:
    """When a step was held, if the seller does not say: on its planned day when that day has
    come, else today (a meeting held early cannot have been held in the future)."""
    if planned_at is not None and planned_at.date() <= today:
        return planned_at.date()
    return today


def held_on_problem(held_on: date | None, today: date) -> str:
    """Why ``held_on`` cannot be the day a meeting was held ("" when it can)."""
    if held_on is not None and held_on > today:
        return (
            "A meeting cannot have been held in the future: choose today or an earlier day. "
            "To plan a meeting, use “Planned for”."
        )
    return ""


def next_step_time(held_on: date | None, planned_at: datetime | None, today: date) -> datetime:
    """When the step after this one is proposed: a week after it was held (or was planned,
    or after today), at the same time of day as this one, else at the default time."""
    if held_on is not None:
        day = held_on
    elif planned_at is not None:
        day = planned_at.date()
    else:
        day = today
    at = planned_at.time() if planned_at is not None else DEFAULT_MEETING_TIME
    return datetime.combine(day + NEXT_STEP_AFTER, at)
