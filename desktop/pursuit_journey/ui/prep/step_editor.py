"""What the prep form and its attendees editor share: the step they show, written through the
store, each change one command on the window's undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.protocol import StoreLike


class StepEditor(QWidget):
    """Edits the step ``step_id`` (None: no step shown yet) through ``store``."""

    def __init__(
        self, store: StoreLike, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.step_id: int | None = None
