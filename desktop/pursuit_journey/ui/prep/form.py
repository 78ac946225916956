"""The prep form of one step: it starts from the client's decision and ends with the debrief.

Every field saves itself (see ``ui.autosave``); there is no Save button.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.decision_check import check_decision
from ...domain.vocabulary import Outcome, StepKind
from ...store.errors import StoreError
from ...store.fields import STEP_TEXT_FIELDS
from ..autosave import AutoSaver, StepWriter
from ..banner import SaveProblemBanner
from ..editors import (
    GrowingTextEdit,
    OptionalDateEdit,
    OptionalDateTimeEdit,
    choice_field,
    date_field,
    date_time_field,
    guard_wheel,
    heading,
    plain_label,
    text_area,
    text_line,
    with_clear_button,
)
from . import fields
from .attendees import AttendeesEditor
from .commands import PlanNextStep

# Columns the form shows and saves; the rest of a step (position, ids) changes elsewhere.
FORM_COLUMNS: tuple[str, ...] = (
    *STEP_TEXT_FIELDS,
    "kind",
    "planned_at",
    "decision_by",
    "outcome",
    "held_on",
)

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.repository import Store
    from ...store.tables import Step

EMPTY_TEXT = "Select a step on the journey line to prepare it."
PLAN_HINT_NEEDS_DECISION = "Write the next decision to plan the next step from it."
PLAN_HINT_LATER_EXISTS = "A later step exists already; its prep starts from its own decision."


def _values(step: Step) -> dict[str, Any]:
    return {column: getattr(step, column) for column in FORM_COLUMNS}


class PrepForm(QWidget):
    """``show_step(step_id)`` shows a step's prep; edits save themselves.

    ``stepSaved(step_id)`` follows every change written (and every undo/redo of one), so the
    window can redraw the journey line and the momentum; ``nextStepPlanned(new_step_id)``
    follows "Plan next step".
    """

    stepSaved = Signal(int)
    nextStepPlanned = Signal(int)

    def __init__(self, store: Store, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.step_id: int | None = None
        self.pursuit_id: int | None = None
        self.saver = AutoSaver(StepWriter(store), undo_stack, self)
        self.text_edits: dict[str, QPlainTextEdit | QLineEdit] = {}
        self.text_labels: dict[str, QLabel] = {}

        self.banner = SaveProblemBanner(self)
        self.banner.retryRequested.connect(self.flush)
        self.saver.failed.connect(self.banner.show_message)
        self.saver.recovered.connect(self.banner.hide)
        self.saver.saved.connect(self._saved)

        self.pages = QStackedWidget(self)
        self.empty = plain_label(EMPTY_TEXT, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.content = QWidget(self.scroll)
        self.content.setObjectName("prepFormContent")
        self.content.setMinimumWidth(360)  # below this it scrolls sideways rather than squeeze
        self.scroll.setWidget(self.content)
        self.pages.addWidget(self.scroll)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(self.pages, 1)

        self.form = QVBoxLayout(self.content)
        self.form.setSpacing(4)
        self._build_header()
        self._build_decision()
        for field in fields.BEFORE_ATTENDEES:
            self._add_text(field)
        self._build_attendees()
        for field in fields.AFTER_ATTENDEES:
            self._add_text(field)
        self._section("The meeting agreement")
        for field in fields.AGREEMENT:
            self._add_text(field)
        self._section("Research and materials")
        for field in fields.NOTES:
            self._add_text(field)
        self._build_debrief()
        self.form.addStretch(1)
        guard_wheel(
            self.kind_combo,
            self.planned_edit,
            self.decision_by_edit,
            self.outcome_combo,
            self.held_edit,
            self.attendees.new_role,
        )
        self.pages.setCurrentWidget(self.empty)

    # ---- building ---------------------------------------------------------------------------

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = plain_label(text, self.content)
        label.setBuddy(buddy)
        return label

    def _section(self, title: str) -> None:
        self.form.addSpacing(10)
        self.form.addWidget(heading(title, self.content, scale=1.1))

    def _add_text(self, field: fields.TextField) -> QWidget:
        editor: QPlainTextEdit | QLineEdit
        if field.single_line:
            editor = QLineEdit(self.content)
            binding_editor = text_line(editor)
        else:
            editor = GrowingTextEdit(self.content, min_lines=max(1, field.lines))
            binding_editor = text_area(editor)
        editor.setPlaceholderText(field.placeholder)
        editor.setAccessibleName(field.label)
        editor.setObjectName(field.column)
        self.saver.bind(field.column, binding_editor, field.label.split(":")[0].lower())
        self.text_edits[field.column] = editor
        self.form.addSpacing(4)
        label = self._label(field.label, editor)
        self.text_labels[field.column] = label
        self.form.addWidget(label)
        self.form.addWidget(editor)
        return editor

    def _build_header(self) -> None:
        self.title_edit = QLineEdit(self.content)
        self.title_edit.setObjectName("title")
        self.title_edit.setAccessibleName("Step title")
        self.title_edit.setPlaceholderText("Title of this step")
        self.saver.bind("title", text_line(self.title_edit), "step title")
        self.text_edits["title"] = self.title_edit

        self.kind_combo = QComboBox(self.content)
        self.kind_combo.setAccessibleName("Kind of step")
        self.saver.bind("kind", choice_field(self.kind_combo, list(StepKind)), "kind of step")

        self.planned_edit = OptionalDateTimeEdit(self.content, quick_choices=True)
        self.planned_edit.setAccessibleName("Planned for")
        planned = date_time_field(self.planned_edit)
        self.saver.bind("planned_at", planned, "planned date")

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.kind_combo)
        header.addWidget(self._label("Planned for", self.planned_edit))
        header.addWidget(with_clear_button(self.planned_edit))
        header.addStretch(1)
        self.form.addWidget(self.title_edit)
        self.form.addLayout(header)

    def _build_decision(self) -> None:
        self.form.addSpacing(8)
        self.decision_label = heading(fields.DECISION.label, self.content, scale=1.2)
        self.form.addWidget(self.decision_label)
        self.decision_edit = GrowingTextEdit(self.content, min_lines=fields.DECISION.lines)
        self.decision_edit.setObjectName(fields.DECISION.column)
        self.decision_edit.setAccessibleName(fields.DECISION.label)
        self.decision_edit.setPlaceholderText(fields.DECISION.placeholder)
        self.decision_label.setBuddy(self.decision_edit)
        self.saver.bind(fields.DECISION.column, text_area(self.decision_edit), "decision")
        self.text_edits[fields.DECISION.column] = self.decision_edit
        self.form.addWidget(self.decision_edit)

        self.decision_warning = plain_label("", self.content)
        self.decision_warning.setAccessibleName("Decision check")
        self.form.addWidget(self.decision_warning)
        self.decision_edit.textChanged.connect(self._check_decision)

        self.decision_by_edit = OptionalDateEdit(self.content)
        self.decision_by_edit.setAccessibleName("Client decides by")
        decision_by = date_field(self.decision_by_edit)
        self.saver.bind("decision_by", decision_by, "decision date")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._label("Client decides by", self.decision_by_edit))
        row.addWidget(with_clear_button(self.decision_by_edit))
        row.addStretch(1)
        self.form.addLayout(row)

    def _build_attendees(self) -> None:
        self._section("Who attends and who decides")
        self.attendees = AttendeesEditor(self.store, self.undo_stack, self.content)
        self.attendees.saved.connect(self._saved)
        self.attendees.failed.connect(self.banner.show_message)
        self.form.addWidget(self.attendees)

    def _build_debrief(self) -> None:
        self._section("After the meeting")
        self.outcome_combo = QComboBox(self.content)
        self.outcome_combo.setAccessibleName("Outcome")
        self.saver.bind("outcome", choice_field(self.outcome_combo, list(Outcome)), "outcome")
        self.held_edit = OptionalDateEdit(self.content)
        self.held_edit.setAccessibleName("Held on")
        held = date_field(self.held_edit)
        self.saver.bind("held_on", held, "date held")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._label("Outcome", self.outcome_combo))
        row.addWidget(self.outcome_combo)
        row.addSpacing(12)
        row.addWidget(self._label("Held on", self.held_edit))
        row.addWidget(with_clear_button(self.held_edit))
        row.addStretch(1)
        self.form.addLayout(row)
        for field in fields.DEBRIEF:
            self._add_text(field)
        self.next_decision_edit = self.text_edits["next_decision"]
        # Going back is recorded, not undone: the debrief then says what was reopened, and the
        # decision trail keeps it beside the decision it took back.
        self.outcome_combo.currentIndexChanged.connect(self._name_what_was_decided)
        assert isinstance(self.next_decision_edit, QPlainTextEdit)
        self.next_decision_edit.textChanged.connect(self._update_plan_button)

        self.plan_button = QPushButton("Plan Next Step", self.content)
        self.plan_button.setToolTip("Create the next step, starting from the next decision")
        self.plan_button.clicked.connect(self.plan_next_step)
        self.plan_hint = plain_label("", self.content)
        row = QHBoxLayout()
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.plan_button)
        row.addWidget(self.plan_hint, 1)
        self.form.addLayout(row)
        self._later_step_exists = False

    def _name_what_was_decided(self) -> None:
        went_back = self.outcome_combo.currentData() == Outcome.WENT_BACK.value
        field = fields.WENT_BACK_MADE if went_back else fields.DEBRIEF[0]
        self.text_labels["decision_made"].setText(field.label)
        editor = self.text_edits["decision_made"]
        editor.setPlaceholderText(field.placeholder)
        editor.setAccessibleName(field.label)

    # ---- showing ----------------------------------------------------------------------------

    def current_step_id(self) -> int | None:
        return self.step_id

    def show_step(self, step_id: int | None, *, take_focus: bool = True) -> bool:
        """Show ``step_id``'s prep (None: nothing), saving pending edits of the shown step first.

        Returns ``False`` and keeps the current step when its pending edits cannot be saved
        (the message shows above the form; nothing typed is lost). Showing the step that is
        already shown only brings in newer stored values, leaving the fields being edited.
        """
        if step_id is not None and step_id == self.step_id:
            self.reload()
            return True
        if not self.flush():
            return False
        if step_id is None:
            self.step_id = self.pursuit_id = None
            self.saver.load(None, {})
            self.pages.setCurrentWidget(self.empty)
            return True
        try:
            step = self.store.step(step_id)
            later = self._has_later_step(step)
        except StoreError as error:
            self.banner.show_message(str(error))
            return False
        self.step_id = step_id
        self.pursuit_id = step.pursuit_id
        self._later_step_exists = later
        self.saver.load(step_id, _values(step))
        self.attendees.show_step(step_id, step.pursuit_id)
        self._check_decision()
        self._update_plan_button()
        self._name_what_was_decided()
        self.pages.setCurrentWidget(self.scroll)
        self.scroll.verticalScrollBar().setValue(0)
        if take_focus:
            self.decision_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.decision_edit.moveCursor(self.decision_edit.textCursor().MoveOperation.End)
        return True

    def reload(self) -> None:
        """Bring in newer stored values of the shown step, except in fields with edits."""
        if self.step_id is None:
            return
        step = self._bring_in_stored_values()
        if step is None:
            return
        try:
            self._later_step_exists = self._has_later_step(step)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        if not self.attendees.isAncestorOf(self.focusWidget() or self):
            self.attendees.show_step(self.step_id, step.pursuit_id)
        self._update_plan_button()

    def _bring_in_stored_values(self) -> Step | None:
        """The shown step's stored columns, into the fields without edits."""
        if self.step_id is None:
            return None
        try:
            step = self.store.step(self.step_id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return None
        self.saver.refresh(_values(step))
        self._check_decision()
        self._update_plan_button()
        return step

    def flush(self) -> bool:
        """Save every pending edit now (the window calls this before closing)."""
        return self.saver.flush()

    def _has_later_step(self, step: Step) -> bool:
        return any(s.position > step.position for s in self.store.steps(step.pursuit_id))

    def _check_decision(self) -> None:
        warning = check_decision(self.decision_edit.toPlainText())
        self.decision_warning.setText(f"⚠ {warning}" if warning else "")
        self.decision_warning.setVisible(bool(warning))

    def decision_warning_text(self) -> str:
        return self.decision_warning.text() if self.decision_warning.isVisibleTo(self) else ""

    def _update_plan_button(self) -> None:
        has_decision = bool(self.next_decision_edit.toPlainText().strip())
        self.plan_button.setEnabled(has_decision and not self._later_step_exists)
        if self._later_step_exists:
            hint = PLAN_HINT_LATER_EXISTS
        elif not has_decision:
            hint = PLAN_HINT_NEEDS_DECISION
        else:
            hint = ""
        self.plan_hint.setText(hint)

    def _saved(self, step_id: int) -> None:
        if step_id == self.step_id:
            # Only the step's own columns: a debrief also dates the step. The window redraws
            # the pursuit next, which brings in the rest (other steps, people).
            self._bring_in_stored_values()
        self.stepSaved.emit(step_id)

    # ---- planning the next step -------------------------------------------------------------

    def plan_next_step(self) -> None:
        """Create the next step from the next decision (one transaction, one undo step)."""
        if self.step_id is None or not self.flush():
            return
        origin = self.step_id
        try:
            planned = self.store.plan_next_step(origin)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        assert planned.id is not None
        self.undo_stack.push(
            PlanNextStep(
                self.store,
                origin,
                planned,
                changed=self._plan_changed,
                failed=lambda error: self.banner.show_message(str(error)),
            )
        )
        self._later_step_exists = True
        self._update_plan_button()
        self.stepSaved.emit(origin)
        self.nextStepPlanned.emit(planned.id)

    def _plan_changed(self, origin_id: int, planned_id: int, exists: bool) -> None:
        if not exists and self.step_id == planned_id:
            # The shown step was taken back: forget its (already saved) state, show its origin.
            self.step_id = None
            self.saver.load(None, {})
            self.show_step(origin_id, take_focus=False)
        elif self.step_id is not None:
            self.reload()
        self.stepSaved.emit(origin_id)
