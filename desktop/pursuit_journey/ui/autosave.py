"""Forms without a Save button: each field saves itself, and each edit session is one undo step.

A field saves shortly after typing stops and when the focus leaves it, each save one store
transaction. A save that fails keeps the typed text in the field (it stays "dirty") and reports
the message; the next pause, focus change or an explicit retry tries again.

Undo: every successful save pushes an ``EditRecord`` command whose first ``redo()`` does
nothing (the save already happened). Consecutive saves of the same field of the same record
merge into one command until the focus leaves the field, so one undo takes back one field edit
session, not one pause in typing.

Several computers: each field remembers the version of the record its text was loaded at, and
every write (undo and redo too) carries it. A record changed since on another computer refuses
the write (``ChangedElsewhere``): when the field itself is as it was loaded there (another field
changed), it is written again at the new version; when the field was changed there too, the
seller sees both texts and chooses (``ui.conflict_dialog``); their text stays in the field until
then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ..domain.vocabulary import Outcome
from ..store.errors import ChangedElsewhere, StoreError
from .commands import ChangeBetween
from .conflict_dialog import Choice, ConflictDialog, value_text
from .editors import Editor

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike

SAVE_DELAY_MS = 600
_MERGE_ID = 0x4A50  # every field edit shares it; mergeWith() decides by the session key


class RecordWriter(Protocol):
    """Writes column values of one kind of record, one transaction per call, if the record is
    still at ``expected_version`` (None: unchecked); returns its version after the write."""

    kind: str
    store: StoreLike

    def write(
        self, record_id: int, values: dict[str, Any], expected_version: int | None = None
    ) -> int: ...


class StepWriter:
    """Step columns; an outcome alone is recorded as a debrief (which also dates the step)."""

    kind = "step"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(
        self, record_id: int, values: dict[str, Any], expected_version: int | None = None
    ) -> int:
        if set(values) == {"outcome"}:
            return self.store.record_outcome(
                record_id, Outcome(values["outcome"]), expected_version=expected_version
            ).version
        return self.store.update_step(
            record_id, expected_version=expected_version, **values
        ).version


class PursuitWriter:
    kind = "pursuit"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(
        self, record_id: int, values: dict[str, Any], expected_version: int | None = None
    ) -> int:
        return self.store.update_pursuit(
            record_id, expected_version=expected_version, **values
        ).version


class PersonWriter:
    kind = "person"

    def __init__(self, store: StoreLike) -> None:
        self.store = store

    def write(
        self, record_id: int, values: dict[str, Any], expected_version: int | None = None
    ) -> int:
        return self.store.update_person(
            record_id, expected_version=expected_version, **values
        ).version


# (kind, record id, values written, version before, version after)
Applied = Callable[[str, int, dict[str, Any], "int | None", int], None]

# Writes again at the newer version when the fields written were untouched elsewhere; more
# tries than this means another computer is writing the record without pause.
_RETRIES = 3


def write_checked(
    writer: RecordWriter,
    record_id: int,
    values: dict[str, Any],
    version: int | None,
    present: dict[str, Any],
) -> tuple[int | None, int]:
    """Write ``values`` where the record should hold ``present`` at ``version``.

    A record changed elsewhere only in other columns is written at its newer version; returns
    (the version written at, the version after). Raises ``ChangedElsewhere`` when a column
    written was changed elsewhere too (its value there is not ``present``'s)."""
    for _ in range(_RETRIES):
        try:
            return version, writer.write(record_id, values, version)
        except ChangedElsewhere as conflict:
            if not conflict.column or conflict.version is None:
                raise
            if conflict.theirs != present.get(conflict.column):
                raise
            version = conflict.version
    return version, writer.write(record_id, values, version)


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
        self.version: int | None = None  # the record's version after this edit was written

    def write(self, values: dict[str, Any]) -> None:
        # An undo or a redo is an edit too, checked like one: the record should still hold
        # what this command left there (or took away).
        present = self.old if values is self.new else self.new
        try:
            before, self.version = write_checked(
                self.writer, self.record_id, values, self.version, present
            )
        except ChangedElsewhere as conflict:
            if not conflict.column:
                raise
            theirs = value_text(conflict.column, conflict.theirs)
            if len(theirs) > 80:
                theirs = theirs[:79] + "…"
            raise StoreError(
                f"“{conflict.label}” was changed on another computer since, so this was not "
                f"undone or redone: it now reads “{theirs}” there."
            ) from conflict
        self._applied(self.writer.kind, self.record_id, values, before, self.version)

    def id(self) -> int:
        return _MERGE_ID if self.session is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditRecord) or other.session != self.session:
            return False
        self.new.update(other.new)
        for column, value in other.old.items():
            self.old.setdefault(column, value)
        self.version = other.version
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
        # The record's version when ``saved_value`` was read or written: what a save carries.
        self.version: int | None = None
        # A change elsewhere to the same field, waiting for the seller's choice; while
        # ``held``, only an explicit save (Try Again, leaving the step) asks again.
        self.conflict: ChangedElsewhere | None = None
        self.held = False
        self.dirty = False
        self.session = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(lambda: self.save(automatic=True))
        editor.changed.connect(self._edited)
        for widget in (editor.widget, *editor.focus_widgets):
            widget.installEventFilter(self)

    def load(self, value: Any, version: int | None = None) -> None:
        """Show ``value`` as the saved state (at the record's ``version``); not an edit."""
        self._timer.stop()
        self.saver.loading += 1
        try:
            self.editor.put(value)
        finally:
            self.saver.loading -= 1
        self.saved_value = value
        self.version = version
        self.conflict = None
        self.held = False
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
        if event.type() == QEvent.Type.FocusOut and not self.saver.asking:
            self.save(automatic=True)
            self.end_session()
        return False

    def save(self, *, automatic: bool = False) -> bool:
        """Write a pending edit; ``False`` when the store refused it (the text is kept).

        ``automatic`` (a pause in typing, leaving the field) leaves a field whose conflict the
        seller put aside alone: the next explicit save asks again.

        The write and the redraw it causes are one transaction (``one_action``); when its
        COMMIT fails, the field is as after a refused save: the text kept, Try Again."""
        if not self.dirty:
            # Nothing to write: no transaction is begun for it. (A form is flushed before each
            # step it shows; its twenty-odd fields each opened one, with nothing in it.)
            self._timer.stop()
            return True
        record_id, old, version = self.saver.record_id, self.saved_value, self.version
        try:
            with self.saver.writer.store.one_action():
                return self._save(automatic=automatic)
        except StoreError as error:
            if record_id == self.saver.record_id and not self.dirty:
                self.saved_value, self.version, self.dirty = old, version, True
            self.saver.report_failure(str(error))
            return False

    def _save(self, *, automatic: bool) -> bool:
        self._timer.stop()
        record_id = self.saver.record_id
        if not self.dirty or record_id is None:
            return True
        if (self.held or self.conflict is not None) and (automatic or self.saver.asking):
            return False
        new = self.editor.get()
        old = self.saved_value
        if new == old:
            self.dirty = False
            return True
        values = {self.column: new}
        try:
            before, version = write_checked(
                self.saver.writer, record_id, values, self.version, {self.column: old}
            )
        except ChangedElsewhere as conflict:
            if not conflict.column or conflict.version is None:
                self.saver.report_failure(str(conflict))
                return False
            if conflict.theirs == new:  # the same text was saved there: nothing to choose
                self.saved_value = new
                self.version = conflict.version
                self.dirty = False
                self.saver.report_saved(record_id)
                return True
            self.conflict = conflict
            self.saver.report_conflict(self, conflict)
            return False
        except StoreError as error:
            self.saver.report_failure(str(error))
            return False
        self.saver.wrote(before, version)
        self.saved_value = new
        self.version = version
        self.conflict = None
        self.held = False
        self.dirty = False
        self.saver.push(
            f"Edit {self.label}",
            record_id,
            {self.column: old},
            values,
            session=(self.saver.writer.kind, record_id, self.column, id(self), self.session),
            version=version,
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
    # A conflict's dialog was answered (or put aside): (column, Choice value)
    conflictAnswered = Signal(str, str)

    def __init__(self, writer: RecordWriter, undo_stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.writer = writer
        self.undo_stack = undo_stack
        self.record_id: int | None = None
        self.bindings: dict[str, FieldBinding] = {}
        self.loading = 0
        self.failing = False
        self.conflict_dialog: ConflictDialog | None = None

    @property
    def asking(self) -> bool:
        """A conflict's dialog is open: no other save starts meanwhile."""
        return self.conflict_dialog is not None

    def bind(self, column: str, editor: Editor, label: str) -> FieldBinding:
        binding = FieldBinding(self, column, editor, label)
        self.bindings[column] = binding
        return binding

    def load(
        self, record_id: int | None, values: dict[str, Any], version: int | None = None
    ) -> None:
        self.record_id = record_id
        for column, binding in self.bindings.items():
            if column in values:
                binding.load(values[column], version)

    def refresh(
        self, values: dict[str, Any], *, keep: Iterable[str] = (), version: int | None = None
    ) -> None:
        """Show newer stored values (the record at ``version``), except in fields with focus,
        with unsaved edits, or in ``keep``. A field left alone keeps the version its text was
        loaded at, unless its stored value is the same: its next save then finds out whether
        it was changed elsewhere meanwhile."""
        kept = set(keep)
        for column, binding in self.bindings.items():
            if column not in values:
                continue
            stored = values[column]
            if binding.editor.widget.hasFocus() or column in kept or binding.dirty:
                # Never move the text (and cursor) under the seller's hands.
                if stored == binding.saved_value and binding.conflict is None:
                    binding.version = version
                continue
            if binding.editor.get() != stored:
                binding.load(stored, version)
            else:
                binding.saved_value = stored
                binding.version = version

    def wrote(self, before: int | None, after: int) -> None:
        """This form wrote the record from version ``before`` to ``after``: the fields loaded
        at ``before`` still hold what the record holds."""
        for binding in self.bindings.values():
            if binding.version == before and before is not None:
                binding.version = after

    def flush(self) -> bool:
        """Save every pending edit now; ``False`` if any could not be saved."""
        for binding in self.bindings.values():
            if binding.editor.read_typing is not None:
                binding.editor.read_typing()  # a date typed without Enter counts too
        return all([binding.save() for binding in self.bindings.values()])

    def report_conflict(self, binding: FieldBinding, conflict: ChangedElsewhere) -> None:
        """Say so above the form and ask the seller which text to keep (one dialog at a time:
        a second conflict waits for Try Again)."""
        self.report_failure(str(conflict))
        if self.conflict_dialog is not None:
            binding.held = True
            return
        parent = self.parent()
        dialog = ConflictDialog(
            binding.label[:1].upper() + binding.label[1:],
            conflict,
            parent if isinstance(parent, QWidget) else None,
        )
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._answered(binding, dialog))
        dialog.open()

    def _answered(self, binding: FieldBinding, dialog: ConflictDialog) -> None:
        self.conflict_dialog = None
        dialog.deleteLater()
        conflict = binding.conflict
        record_id = self.record_id
        if conflict is None or record_id is None:
            return
        choice = dialog.choice
        if choice is Choice.THEIRS:
            binding.load(conflict.theirs, conflict.version)
            self.report_saved(record_id)
        elif choice is Choice.MINE:
            # Written over theirs at the version the conflict found; Undo puts theirs back.
            binding.saved_value = conflict.theirs
            binding.version = conflict.version
            binding.conflict = None
            binding.held = False
            if binding.save():
                binding.end_session()
        else:
            binding.held = True
            self.report_failure(
                f"“{conflict.label}” was changed on another computer. Your text is kept in the "
                "field; Try Again to choose which text to keep."
            )
        self.conflictAnswered.emit(binding.column, choice.value)

    def pending(self) -> bool:
        return any(binding.dirty for binding in self.bindings.values())

    def push(
        self,
        text: str,
        record_id: int,
        old: dict[str, Any],
        new: dict[str, Any],
        *,
        session: object | None = None,
        version: int | None = None,
    ) -> None:
        """Put an edit that is already written (leaving the record at ``version``) on the
        undo stack."""
        command = EditRecord(
            text,
            self.writer,
            record_id,
            old,
            new,
            session=session,
            applied=self._applied,
            failed=lambda error: self.report_failure(str(error)),
        )
        command.version = version
        self.undo_stack.push(command)

    def _applied(
        self,
        kind: str,
        record_id: int,
        values: dict[str, Any],
        before: int | None,
        after: int,
    ) -> None:
        """An undo or redo wrote ``values``: show them if this form shows that record."""
        if kind == self.writer.kind and record_id == self.record_id:
            self.wrote(before, after)
            for column, value in values.items():
                binding = self.bindings.get(column)
                if binding is not None:
                    binding.load(value, after)
        self.report_saved(record_id)

    def report_failure(self, message: str) -> None:
        self.failing = True
        self.failed.emit(message)

    def report_saved(self, record_id: int) -> None:
        if self.failing and not self.pending():
            self.failing = False
            self.recovered.emit()
        self.saved.emit(record_id)
