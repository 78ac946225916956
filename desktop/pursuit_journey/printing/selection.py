"""Which sheets to print: one step, or every step planned in the next days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .sheet_content import SheetContent, build_sheet

if TYPE_CHECKING:
    from ..store.protocol import StoreLike


def sheet_for_step(store: StoreLike, step_id: int) -> SheetContent:
    return sheets_for_steps(store, [step_id])[0]


def sheets_for_steps(store: StoreLike, step_ids: Iterable[int]) -> list[SheetContent]:
    """The sheets of ``step_ids``, in that order (one read of the database for all of them)."""
    return [
        build_sheet(found.pursuit, found.steps, found.step, found.attendees)
        for found in store.sheet_rows(step_ids)
    ]


def upcoming_sheets(
    store: StoreLike, days: int, today: date | None = None, pursuit_id: int | None = None
) -> list[SheetContent]:
    """Sheets of the steps of active pursuits planned from today for ``days`` days, by date."""
    start = datetime.combine(today or date.today(), time.min)
    end = start + timedelta(days=days)
    return sheets_for_steps(store, store.planned_step_ids(start, end, pursuit_id))
