"""A stand-in for the store while it loads, so the window can show at once.

Importing SQLAlchemy and SQLModel costs more than starting Qt. The window therefore draws its
first picture — the pursuit list and the journey line — from a read-only ``sqlite3``
connection, through the same light queries the store itself uses; the real store loads right
after the first paint. Any other use loads it on the spot, so nothing can go wrong, only slower.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.momentum import StallingThresholds
from .access import can_write
from .engine import connect_read_only
from .errors import read_only_reason
from .summaries import PursuitSummary, count_active, read_momentum_lines, read_summaries

if TYPE_CHECKING:
    from ..domain.momentum_board import PursuitLine
    from .repository import Store


@dataclass(frozen=True)
class StepHeading:
    """What the journey line draws of a step, read before the store has loaded."""

    id: int
    pursuit_id: int
    position: int
    kind: str
    title: str
    planned_at: datetime | None
    decision_needed: str
    outcome: str
    decision_made: str  # what a held step shows on the line
    version: int  # what a move or a delete checks against (schema 0005)


# The columns of a StepHeading, in its fields' order.
STEP_HEADING_COLUMNS = (
    "id, pursuit_id, position, kind, title, planned_at, decision_needed, outcome, "
    "decision_made, version"
)


def step_headings(
    rows: Iterable[Sequence[Any]], planned_time: Callable[[Any], datetime]
) -> list[StepHeading]:
    """The headings of rows read as ``STEP_HEADING_COLUMNS``; ``planned_time`` reads the
    stored time as the back-end returns it."""
    return [
        StepHeading(
            id=row[0],
            pursuit_id=row[1],
            position=row[2],
            kind=row[3],
            title=row[4],
            planned_at=planned_time(row[5]) if row[5] else None,
            decision_needed=row[6],
            outcome=row[7],
            decision_made=row[8],
            version=row[9],
        )
        for row in rows
    ]


class DeferredStore:
    def __init__(
        self,
        database: Path,
        backups_dir: Path | None,
        load: Callable[[], Store],
        thresholds: StallingThresholds | None = None,
    ) -> None:
        self.database = database
        self.backups_dir = backups_dir
        self._start(load, thresholds)
        self._quick: sqlite3.Connection | None = connect_read_only(database)
        # Known before the store loads, so the window can say so in its first picture.
        self._read_only_reason = None if can_write(database) else read_only_reason(database)

    def _start(self, load: Callable[[], Store], thresholds: StallingThresholds | None) -> None:
        """What every stand-in holds before its store loads (the server's has no file)."""
        self._load = load
        self._store: Store | None = None
        self._thresholds = thresholds or StallingThresholds()
        self._owner = ""

    @property
    def loaded(self) -> bool:
        return self._store is not None

    def load(self) -> Store:
        """The real store, loaded now if it was not yet."""
        if self._store is None:
            self._close_quick()
            store = self._load()
            store.thresholds = self._thresholds
            store.owner = self._owner
            self._store = store
        return self._store

    def _close_quick(self) -> None:
        if self._quick is not None:
            self._quick.close()
            self._quick = None

    def one_action(self) -> AbstractContextManager[None]:
        """The real store's scope of one user action once it has loaded (``Store.one_action``);
        before, nothing to share: the first picture's reads answer from what is read already,
        and a store loaded inside the scope runs each action in its own transaction."""
        if self._store is None:
            return nullcontext()
        return self._store.one_action()

    # ---- the reads the first picture needs -------------------------------------------------

    @property
    def thresholds(self) -> StallingThresholds:
        return self._store.thresholds if self._store is not None else self._thresholds

    @thresholds.setter
    def thresholds(self, value: StallingThresholds) -> None:
        self._thresholds = value
        if self._store is not None:
            self._store.thresholds = value

    @property
    def owner(self) -> str:
        return self._store.owner if self._store is not None else self._owner

    @owner.setter
    def owner(self, value: str) -> None:
        self._owner = value
        if self._store is not None:
            self._store.owner = value

    def today(self) -> date:
        return self._store.today() if self._store is not None else date.today()

    @property
    def shared(self) -> bool:
        return False  # the quick first picture reads this computer's file

    def listen_for_changes(self) -> None:
        return None  # this computer's file: nobody else writes it

    @property
    def location_text(self) -> str:
        return str(self.database)

    @property
    def read_only_reason(self) -> str | None:
        return self._store.read_only_reason if self._store is not None else self._read_only_reason

    @property
    def change_count(self) -> int:
        return self._store.change_count if self._store is not None else 0

    def active_pursuit_count(self) -> int:
        if self._store is not None or self._quick is None:
            return self.load().active_pursuit_count()
        return count_active(self._quick)

    def pursuit_summaries(self) -> list[PursuitSummary]:
        if self._store is not None or self._quick is None:
            return self.load().pursuit_summaries()
        return read_summaries(self._quick, today=date.today(), thresholds=self._thresholds)

    def momentum_lines(self, pursuit_ids: Collection[int] | None = None) -> list[PursuitLine]:
        if self._store is not None or self._quick is None:
            return self.load().momentum_lines(pursuit_ids)
        return read_momentum_lines(
            self._quick, today=date.today(), thresholds=self._thresholds, pursuit_ids=pursuit_ids
        )

    def steps(self, pursuit_id: int) -> list[Any]:
        if self._store is not None or self._quick is None:
            return self.load().steps(pursuit_id)
        rows = self._quick.execute(
            f"SELECT {STEP_HEADING_COLUMNS} FROM step WHERE pursuit_id = ? ORDER BY position",
            (pursuit_id,),
        ).fetchall()
        return step_headings(rows, datetime.fromisoformat)

    # ---- everything else is the real store's ------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # our own state, never the store's: loading would recurse
            raise AttributeError(name)
        return getattr(self.load(), name)

    def close(self) -> None:
        self._close_quick()
        if self._store is not None:
            self._store.close()
