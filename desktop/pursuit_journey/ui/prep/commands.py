"""Undo for planning the next step: undo deletes the planned step, redo puts it back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ...store.errors import StoreError

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.protocol import StoreLike
    from ...store.repository import DeletedStep
    from ...store.tables import Step


class PlanNextStep(QUndoCommand):
    """The step planned after ``origin_id``; already created when pushed."""

    def __init__(
        self,
        store: StoreLike,
        origin_id: int,
        planned: Step,
        changed: Callable[[int, int, bool], None],
        failed: Callable[[StoreError], None],
    ) -> None:
        super().__init__("Plan Next Step")
        self.store = store
        self.origin_id = origin_id
        assert planned.id is not None
        self.planned_id: int = planned.id
        self.deleted: DeletedStep | None = None
        self._changed = changed
        self._failed = failed
        self._created_before_push = True

    def redo(self) -> None:
        if self._created_before_push:
            self._created_before_push = False
            return
        if self.deleted is None:
            return
        try:
            self.store.restore_step(self.deleted)
        except StoreError as error:
            self.setObsolete(True)
            self._failed(error)
            return
        self._changed(self.origin_id, self.planned_id, True)

    def undo(self) -> None:
        try:
            self.deleted = self.store.delete_step(self.planned_id)
        except StoreError as error:
            self.setObsolete(True)
            self._failed(error)
            return
        self._changed(self.origin_id, self.planned_id, False)
