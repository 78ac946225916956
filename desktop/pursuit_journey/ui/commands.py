"""Undoable user actions: each redo and undo is one store action (one transaction).

The window performs a command's action once before pushing it (so a failure never reaches the
undo stack); the stack's first ``redo()`` then does nothing, as with Qt's dragged items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..domain.vocabulary import PursuitStatus
from ..store.errors import StoreError

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import Store


@dataclass(frozen=True)
class Hooks:
    """What the window does after a command ran (redraw) or failed (say so)."""

    changed: Callable[[int], None]
    failed: Callable[[StoreError], None]


class StoreCommand(QUndoCommand):
    def __init__(self, store: Store, pursuit_id: int, text: str, hooks: Hooks) -> None:
        super().__init__(text)
        self.store = store
        self.pursuit_id = pursuit_id
        self.hooks = hooks
        self._done_before_push = False

    def apply(self) -> None:
        """Do the action now; raises StoreError (nothing changed) for the caller to show."""
        self.forward()
        self._done_before_push = True
        self.hooks.changed(self.pursuit_id)

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._done_before_push:
            self._done_before_push = False
            return
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except StoreError as error:
            self.setObsolete(True)
            self.hooks.failed(error)
        self.hooks.changed(self.pursuit_id)


class RenamePursuit(StoreCommand):
    def __init__(self, store: Store, pursuit_id: int, name: str, hooks: Hooks) -> None:
        super().__init__(store, pursuit_id, "Rename Pursuit", hooks)
        self.old_name = store.pursuit(pursuit_id).name
        self.new_name = name

    def forward(self) -> None:
        self.store.rename_pursuit(self.pursuit_id, self.new_name)

    def backward(self) -> None:
        self.store.rename_pursuit(self.pursuit_id, self.old_name)


class SetPursuitStatus(StoreCommand):
    def __init__(self, store: Store, pursuit_id: int, status: PursuitStatus, hooks: Hooks) -> None:
        super().__init__(store, pursuit_id, f"Mark Pursuit {status.label}", hooks)
        self.old_status = PursuitStatus(store.pursuit(pursuit_id).status)
        self.new_status = status

    def forward(self) -> None:
        self.store.set_status(self.pursuit_id, self.new_status)

    def backward(self) -> None:
        self.store.set_status(self.pursuit_id, self.old_status)
