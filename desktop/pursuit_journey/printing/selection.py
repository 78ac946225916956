"""Which sheets to print: one step, or every step planned in the next days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .sheet_content import SheetContent, build_sheet

if TYPE_CHECKING:
    from ..store.repository import Store


def sheet_for_step(store: Store, step_id: int) -> SheetContent:
    step = store.step(step_id)
    pursuit = store.pursuit(step.pursuit_id)
    return build_sheet(pursuit, store.steps(pursuit.id), step, store.attendees(step_id))  # type: ignore[arg-type]


def upcoming_sheets(
    store: Store, days: int, today: date | None = None, pursuit_id: int | None = None
) -> list[SheetContent]:
    """Sheets of the steps of active pursuits planned from today for ``days`` days, by date."""
    start = datetime.combine(today or date.today(), time.min)
    end = start + timedelta(days=days)
    return [sheet_for_step(store, step.id) for step in store.planned_steps(start, end, pursuit_id)]  # type: ignore[arg-type]
