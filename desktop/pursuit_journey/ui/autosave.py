"""Forms without a Save button: each field saves itself, and each edit session is one undo step.

A field saves shortly after typing stops and when the focus leaves it, each save one store
transaction. A save that fails keeps the typed text in the field (it stays "dirty") and reports
the message; the next pause, focus change or an explicit retry tries again.

Undo: every successful save pushes an ``EditRecord`` command whose first ``redo()`` does
nothing (the save already happened). Consecutive saves of the same field of the same record
merge into one command until the focus leaves the field, so one undo takes back one field edit
session, not one pause in typing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.vocabulary import Outcome
from ..store.errors import StoreError
from .commands import ChangeBetween
from .editors import Editor

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike

SAVE_DELAY_MS = 600
_MERGE_ID = 0x4A50  # every field edit shares it; mergeWith() decides by the session key


class RecordWriter(Protocol):
    """Writes column values of one kind of record, one transaction per call."""

    kind: str

    def write(self, record_id: int, values: dict[str, Any]) -> None: ...


class StepWriter:
    """Step columns; an outcome alone is recorded as a debrief (which also dates the step)."""

    kind = "step"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(self, record_id: int, values: dict[str, Any]) -> None:
        if set(values) == {"outcome"}:
            self.store.record_outcome(record_id, Outcome(values["outcome"]))
        else:
            self.store.update_step(record_id, **values)


class PursuitWriter:
    kind = "pursuit"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(self, record_id: int, values: dict[str, Any]) -> None:
        self.store.update_pursuit(record_id, **values)


class PersonWriter:
    kind = "person"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(self, record_id: int, values: dict[str, Any]) -> None:
        self.store.update_person(record_id, **values)


Applied = Callable[[str, int, dict[str, Any]], None]


class EditRecord(ChangeBetween):
    """Columns of one record changed from ``old`` to ``new``; already written when pushed."""

    def __init__(
        self,
        text: str,
        writer: RecordWriter,
        record_id: int,
        old: dict[str, Any],
        new: dict[str, Any],
        *,
        session: object | None,
        applied: Applied,
        failed: Callable[[StoreError], None],
    ) -> None:
        super().__init__(text, dict(old), dict(new), failed)
        self.writer = writer
        self.record_id = record_id
        self.session = session
        self._applied = applied

    def write(self, values: dict[str, Any]) -> None:
        self.writer.write(self.record_id, values)
        self._applied(self.writer.kind, self.record_id, values)

    def id(self) -> int:
        return _MERGE_ID if self.session is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditRecord) or other.session != self.session:
            return False
        self.new.update(other.new)
        for column, value in other.old.items():
            self.old.setdefault(column, value)
        if self.new == self.old:  # typed and then deleted back: nothing left to undo
            self.setObsolete(True)
        return True


class FieldBinding(QObject):
    """One column of the record being edited, bound to its editor."""

    def __init__(self, saver: AutoSaver, column: str, editor: Editor, label: str) -> None:
        super().__init__(saver)
        self.saver = saver
        self.column = column
        self.editor = editor
        self.label = label
        self.saved_value: Any = None
        self.dirty = False
        self.session = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        editor.changed.connect(self._edited)
        for widget in (editor.widget, *editor.focus_widgets):
            widget.installEventFilter(self)

    def load(self, value: Any) -> None:
        """Show ``value`` as the saved state; not an edit."""
        self._timer.stop()
        self.saver.loading += 1
        try:
            self.editor.put(value)
        finally:
            self.saver.loading -= 1
        self.saved_value = value
        self.dirty = False
        self.end_session()

    def end_session(self) -> None:
        self.session += 1

    def _edited(self, *_: Any) -> None:
        if self.saver.loading or self.saver.record_id is None:
            return
        self.dirty = True
        if self.editor.immediate:
            self.save()
            self.end_session()
        else:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.save()
            self.end_session()
        return False

    def save(self) -> bool:
        """Write a pending edit; ``False`` when the store refused it (the text is kept)."""
        self._timer.stop()
        record_id = self.saver.record_id
        if not self.dirty or record_id is None:
            return True
        new = self.editor.get()
        old = self.saved_value
        if new == old:
            self.dirty = False
            return True
        values = {self.column: new}
        try:
            self.saver.write(record_id, values)
        except StoreError as error:
            self.saver.report_failure(str(error))
            return False
        self.saved_value = new
        self.dirty = False
        self.saver.push(
            f"Edit {self.label}",
            record_id,
            {self.column: old},
            values,
            session=(self.saver.writer.kind, record_id, self.column, id(self), self.session),
        )
        self.saver.report_saved(record_id)
        return True


class AutoSaver(QObject):
    """The bindings of one form, the record they edit, and what happens after a save.

    ``saved(record_id)`` follows every successful save and every undo/redo of one;
    ``failed(message)`` a refused save; ``recovered()`` the first save that works again.
    """

    saved = Signal(int)
    failed = Signal(str)
    recovered = Signal()

    def __init__(self, writer: RecordWriter, undo_stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.writer = writer
        self.undo_stack = undo_stack
        self.record_id: int | None = None
        self.bindings: dict[str, FieldBinding] = {}
        self.loading = 0
        self.failing = False

    def bind(self, column: str, editor: Editor, label: str) -> FieldBinding:
        binding = FieldBinding(self, column, editor, label)
        self.bindings[column] = binding
        return binding

    def load(self, record_id: int | None, values: dict[str, Any]) -> None:
        self.record_id = record_id
        for column, binding in self.bindings.items():
            if column in values:
                binding.load(values[column])

    def refresh(self, values: dict[str, Any], *, keep: Iterable[str] = ()) -> None:
        """Show newer stored values, except in fields with unsaved edits or in ``keep``."""
        kept = set(keep)
        for column, binding in self.bindings.items():
            if binding.editor.widget.hasFocus():
                continue  # never move the text (and cursor) under the seller's hands
            if column in values and column not in kept and not binding.dirty:
                if binding.editor.get() != values[column]:
                    binding.load(values[column])
                else:
                    binding.saved_value = values[column]

    def flush(self) -> bool:
        """Save every pending edit now; ``False`` if any could not be saved."""
        for binding in self.bindings.values():
            if binding.editor.read_typing is not None:
                binding.editor.read_typing()  # a date typed without Enter counts too
        return all([binding.save() for binding in self.bindings.values()])

    def pending(self) -> bool:
        return any(binding.dirty for binding in self.bindings.values())

    def write(self, record_id: int, values: dict[str, Any]) -> None:
        self.writer.write(record_id, values)

    def push(
        self,
        text: str,
        record_id: int,
        old: dict[str, Any],
        new: dict[str, Any],
        *,
        session: object | None = None,
    ) -> None:
        """Put an edit that is already written on the undo stack."""
        self.undo_stack.push(
            EditRecord(
                text,
                self.writer,
                record_id,
                old,
                new,
                session=session,
                applied=self._applied,
                failed=lambda error: self.report_failure(str(error)),
            )
        )

    def _applied(self, kind: str, record_id: int, values: dict[str, Any]) -> None:
        """An undo or redo wrote ``values``: show them if this form shows that record."""
        if kind == self.writer.kind and record_id == self.record_id:
            for column, value in values.items():
                binding = self.bindings.get(column)
                if binding is not None:
                    binding.load(value)
        self.report_saved(record_id)

    def report_failure(self, message: str) -> None:
        self.failing = True
        self.failed.emit(message)

    def report_saved(self, record_id: int) -> None:
        if self.failing and not self.pending():
            self.failing = False
            self.recovered.emit()
        self.saved.emit(record_id)
