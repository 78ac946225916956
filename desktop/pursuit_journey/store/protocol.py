"""What the window needs of a store: ``Store``, or ``DeferredStore`` standing in while it loads.

The user interface is typed against ``StoreLike`` so that either can be passed: the deferred
store answers the first picture's reads itself and hands every other action to the real store
(its ``__getattr__``), which type checkers accept as providing these members.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..domain.momentum import StallingThresholds
from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus

if TYPE_CHECKING:
    from ..domain.momentum_board import PursuitLine
    from ..domain.spreadsheet_rules import ImportRow
    from .calendar_import import ImportedMeetings, KnownStep, MeetingChoice, PursuitDirectory
    from .exchange import AddedPursuits, PursuitDocument
    from .repository import ClosedPursuit, DeletedStep, SeenStep, SheetRows, StepInContext
    from .server_changes import ServerChanges
    from .spreadsheet_import import ExistingChoice, ExportedData, ImportReceipt
    from .summaries import PursuitSummary
    from .tables import Person, Pursuit, Step


class StoreLike(Protocol):
    """The public actions of ``store.repository.Store``: each one user action, one transaction."""

    thresholds: StallingThresholds
    # Whose pursuits are created here (new, imported, the sample): the seller's name, or "".
    owner: str

    @property
    def database(self) -> Path: ...

    @property
    def backups_dir(self) -> Path | None: ...

    # True when the pursuits live on a shared server (PostgreSQL), False for this computer's file.
    @property
    def shared(self) -> bool: ...

    # Where the pursuits live, for titles and messages: the file's path or user@host:port/db.
    @property
    def location_text(self) -> str: ...

    @property
    def change_count(self) -> int: ...

    # Called after every committed change (the calendar feed): quick, only scheduling work.
    change_listeners: list[Callable[[], None]]

    @property
    def read_only_reason(self) -> str | None: ...

    @property
    def suspended(self) -> bool: ...

    def close(self) -> None: ...

    # One user action (a write and the reads that redraw after it) in one transaction.
    def one_action(self) -> AbstractContextManager[None]: ...

    def listen_for_changes(self) -> ServerChanges | None: ...

    def suspend(self, message: str) -> None: ...

    def reopen(self) -> None: ...

    def back_up(self, reason: str = "manual") -> Path: ...

    def restore_backup(self, backup: Path) -> Path: ...

    def create_sample_pursuit(self, today: date | None = None) -> Pursuit: ...

    def export_pursuit(self, pursuit_id: int) -> dict[str, Any]: ...

    def import_pursuit(self, document: PursuitDocument, *, as_copy: bool = False) -> Pursuit: ...

    def pursuit_documents(self) -> list[PursuitDocument]: ...

    def add_pursuits(self, documents: Sequence[PursuitDocument]) -> AddedPursuits: ...

    def pursuit_summaries(self) -> list[PursuitSummary]: ...

    def pursuit_summary(self, pursuit_id: int) -> PursuitSummary: ...

    def today(self) -> date: ...

    def momentum_lines(self, pursuit_ids: Collection[int] | None = None) -> list[PursuitLine]: ...

    def pursuit(self, pursuit_id: int) -> Pursuit: ...

    def pursuit_count(self) -> int: ...

    def active_pursuit_count(self) -> int: ...

    def create_pursuit(
        self,
        name: str,
        client: str = "",
        *,
        first_meeting: datetime | None = None,
        **fields: Any,
    ) -> Pursuit: ...

    def rename_pursuit(self, pursuit_id: int, name: str) -> Pursuit: ...

    def set_status(self, pursuit_id: int, status: PursuitStatus) -> Pursuit: ...

    def close_pursuit(
        self,
        pursuit_id: int,
        status: PursuitStatus,
        *,
        close_planned_steps: bool,
        reason: str = "",
    ) -> ClosedPursuit: ...

    def reopen_pursuit(self, closed: ClosedPursuit) -> Pursuit: ...

    def update_pursuit(
        self, pursuit_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Pursuit: ...

    def delete_pursuit(self, pursuit_id: int) -> None: ...

    def steps(self, pursuit_id: int) -> list[Step]: ...

    def step(self, step_id: int) -> Step: ...

    def add_step(self, pursuit_id: int, at: int | None = None, **fields: Any) -> Step: ...

    def update_step(
        self, step_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Step: ...

    def record_outcome(
        self,
        step_id: int,
        outcome: Outcome,
        *,
        decision_made: str | None = None,
        next_decision: str | None = None,
        held_on: date | None = None,
        expected_version: int | None = None,
    ) -> Step: ...

    def plan_next_step(self, step_id: int) -> Step: ...

    def move_step(
        self, step_id: int, to_index: int, *, seen: Sequence[SeenStep] | None = None
    ) -> list[Step]: ...

    def delete_step(
        self, step_id: int, *, seen: Sequence[SeenStep] | None = None
    ) -> DeletedStep: ...

    def restore_step(self, deleted: DeletedStep) -> Step: ...

    def planned_step_ids(
        self, start: datetime, end: datetime, pursuit_id: int | None = None
    ) -> list[int]: ...

    def steps_in_context(self, step_ids: Iterable[int]) -> list[StepInContext]: ...

    def sheet_rows(self, step_ids: Iterable[int]) -> list[SheetRows]: ...

    def meeting_directory(self) -> tuple[list[PursuitDirectory], list[KnownStep]]: ...

    def import_meetings(
        self, choices: Sequence[MeetingChoice], *, not_people: Collection[str] = ()
    ) -> ImportedMeetings: ...

    def undo_meeting_import(self, imported: ImportedMeetings) -> None: ...

    def people(self, pursuit_id: int) -> list[Person]: ...

    def add_person(
        self,
        pursuit_id: int,
        name: str,
        title: str = "",
        role: BuyingRole = BuyingRole.OTHER,
        email: str = "",
    ) -> Person: ...

    def update_person(
        self, person_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Person: ...

    def delete_person(self, person_id: int) -> None: ...

    def people_at(self, step_id: int, pursuit_id: int) -> tuple[list[Person], set[int]]: ...

    def attendees(self, step_id: int) -> list[Person]: ...

    def add_attendee(
        self,
        step_id: int,
        name: str,
        title: str = "",
        role: BuyingRole = BuyingRole.OTHER,
        email: str = "",
    ) -> Person: ...

    def set_attendees(self, step_id: int, person_ids: Iterable[int]) -> None: ...

    def pursuits_already_there(self, rows: Sequence[ImportRow]) -> list[ImportRow]: ...

    def import_pursuit_rows(
        self, rows: Sequence[ImportRow], existing: ExistingChoice
    ) -> ImportReceipt: ...

    def undo_pursuit_import(self, receipt: ImportReceipt) -> None: ...

    def export_data(self) -> ExportedData: ...


if TYPE_CHECKING:
    from .deferred import DeferredStore
    from .repository import Store

    def _both_are_store_like(store: Store, deferred: DeferredStore) -> list[StoreLike]:
        return [store, deferred]  # the type checker proves that both satisfy StoreLike
