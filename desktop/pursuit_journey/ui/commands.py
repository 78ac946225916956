"""Undoable user actions: each redo and undo is one store action (one transaction).

The window performs a command's action once before pushing it (so a failure never reaches the
undo stack); the stack's first ``redo()`` then does nothing, as with Qt's dragged items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from ..domain.vocabulary import PursuitStatus
from ..store.errors import StoreError

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike
    from ..store.repository import ClosedPursuit


@dataclass(frozen=True)
class Hooks:
    """What the window does after a command ran (redraw) or failed (say so)."""

    changed: Callable[[int], None]
    failed: Callable[[StoreError], None]


class SavedFirstCommand(QUndoCommand):
    """A change written before it is pushed, so that a failure never reaches the undo stack.

    The stack's first ``redo()`` therefore does nothing; after that, ``redo()`` and ``undo()``
    write ``forward()`` and ``backward()``. A write that fails makes the command obsolete and
    is reported through ``failed``; what was saved stays saved.
    """

    def __init__(self, text: str, failed: Callable[[StoreError], None]) -> None:
        super().__init__(text)
        self._failed = failed
        self._saved_before_push = False

    def mark_saved(self) -> None:
        """The change is already written: the stack's first redo() must not write it again."""
        self._saved_before_push = True

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._saved_before_push:
            self._saved_before_push = False
            return
        self._attempt(self.forward)

    def undo(self) -> None:
        self._attempt(self.backward)

    def _attempt(self, write: Callable[[], None]) -> bool:
        try:
            write()
        except StoreError as error:
            self.setObsolete(True)
            self._failed(error)
            return False
        return True


class ChangeBetween(SavedFirstCommand):
    """A change from ``old`` to ``new`` that is already written when pushed: redo writes
    ``new`` again and undo writes ``old``, each through the subclass's ``write``."""

    def __init__(self, text: str, old: Any, new: Any, failed: Callable[[StoreError], None]) -> None:
        super().__init__(text, failed)
        self.old = old
        self.new = new
        self.mark_saved()

    def forward(self) -> None:
        self.write(self.new)

    def backward(self) -> None:
        self.write(self.old)

    def write(self, value: Any) -> None:
        raise NotImplementedError


class StoreCommand(SavedFirstCommand):
    """A user action on one pursuit; the window redraws that pursuit after each write."""

    def __init__(self, store: StoreLike, pursuit_id: int, text: str, hooks: Hooks) -> None:
        super().__init__(text, hooks.failed)
        self.store = store
        self.pursuit_id = pursuit_id
        self.hooks = hooks

    def apply(self) -> None:
        """Do the action now; raises StoreError (nothing changed) for the caller to show.

        The write and the redraw after it are one transaction (``one_action``): a COMMIT
        that fails raises here too, before the command reaches the undo stack."""
        with self.store.one_action():
            self.forward()
            self.mark_saved()
            self.hooks.changed(self.pursuit_id)

    def _attempt(self, write: Callable[[], None]) -> bool:
        try:
            with self.store.one_action():  # the undo or redo and its redraw: one transaction
                done = super()._attempt(write)
                self.hooks.changed(self.pursuit_id)  # what the store holds, written or not
        except StoreError as error:  # the COMMIT failed: not written after all
            self.setObsolete(True)
            self._failed(error)
            self.hooks.changed(self.pursuit_id)
            return False
        return done


class RenamePursuit(StoreCommand):
    def __init__(self, store: StoreLike, pursuit_id: int, name: str, hooks: Hooks) -> None:
        super().__init__(store, pursuit_id, "Rename Pursuit", hooks)
        self.old_name = store.pursuit(pursuit_id).name
        self.new_name = name

    def forward(self) -> None:
        self.store.rename_pursuit(self.pursuit_id, self.new_name)

    def backward(self) -> None:
        self.store.rename_pursuit(self.pursuit_id, self.old_name)


class ClosePursuit(StoreCommand):
    """Won or lost, with what decided it, and the steps still planned closed as not held (if
    the seller agreed); undo puts the status, the reason and those steps back."""

    def __init__(
        self,
        store: StoreLike,
        pursuit_id: int,
        status: PursuitStatus,
        hooks: Hooks,
        *,
        close_planned_steps: bool,
        reason: str,
    ) -> None:
        super().__init__(store, pursuit_id, f"Mark Pursuit {status.label}", hooks)
        self.status = status
        self.close_planned_steps = close_planned_steps
        self.reason = reason
        self.closed: ClosedPursuit | None = None

    def forward(self) -> None:
        self.closed = self.store.close_pursuit(
            self.pursuit_id,
            self.status,
            close_planned_steps=self.close_planned_steps,
            reason=self.reason,
        )

    def backward(self) -> None:
        if self.closed is not None:
            self.store.reopen_pursuit(self.closed)


class SetPursuitStatus(StoreCommand):
    def __init__(
        self, store: StoreLike, pursuit_id: int, status: PursuitStatus, hooks: Hooks
    ) -> None:
        super().__init__(store, pursuit_id, f"Mark Pursuit {status.label}", hooks)
        self.old_status = PursuitStatus(store.pursuit(pursuit_id).status)
        self.new_status = status

    def forward(self) -> None:
        self.store.set_status(self.pursuit_id, self.new_status)

    def backward(self) -> None:
        self.store.set_status(self.pursuit_id, self.old_status)
