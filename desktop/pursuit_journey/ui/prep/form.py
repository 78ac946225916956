"""The prep form of one step: it starts from the client's decision and ends with the debrief.

Every field saves itself (see ``ui.autosave``); there is no Save button. A step whose planned
time has passed without an outcome opens with its debrief ("After the meeting") first, so the
seller records what the client decided before anything else; the preparation follows below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
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

from ...domain import prep_fields as fields
from ...domain.date_order import OutOfOrder, out_of_order
from ...domain.debrief import debrief_due, held_on_problem
from ...domain.decision_check import check_decision
from ...domain.vocabulary import Outcome, StepKind, step_name
from ...drawing.formatting import day_time
from ...store.errors import StoreError
from ...store.fields import STEP_TEXT_FIELDS
from ..autosave import AutoSaver, StepWriter
from ..banner import SaveProblemBanner
from ..editors import (
    Editor,
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
from ..step_commands import PlanNextStep, Seen, unchecked
from ..viewports import keep_viewport
from ..warning import WarningLabel
from .attendees import AttendeesEditor
from .outcome import OutcomeButtons
from .step_editor import StepEditor

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
    from ...store.protocol import StoreLike
    from ...store.tables import Step

EMPTY_TEXT = "Select a step on the journey line to prepare it."
PLAN_HINT_NEEDS_DECISION = "Write the next decision to plan the next step from it."
PLAN_HINT_LATER_EXISTS = "A later step exists already; its prep starts from its own decision."


def _values(step: Step) -> dict[str, Any]:
    return {column: getattr(step, column) for column in FORM_COLUMNS}


class PrepForm(StepEditor):
    """``show_step(step_id)`` shows a step's prep; edits save themselves.

    ``stepSaved(step_id)`` follows every change written (and every undo/redo of one), so the
    window can redraw the journey line and the momentum; ``nextStepPlanned(new_step_id)``
    follows "Plan next step".
    """

    stepSaved = Signal(int)
    nextStepPlanned = Signal(int)
    calendarRequested = Signal(int)  # step id: the "Add to Calendar…" button

    def __init__(
        self, store: StoreLike, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, undo_stack, parent)
        self.pursuit_id: int | None = None
        self.saver = AutoSaver(StepWriter(store), undo_stack, self)
        self.text_edits: dict[str, QPlainTextEdit | QLineEdit] = {}
        self.text_labels: dict[str, QLabel] = {}
        self._place: tuple[int, int] = (0, 0)  # (index, count) of the shown step
        self._switching = False  # show_step is filling the fields with another step
        self._later_step_exists = False
        self.debrief_first = False
        # The line's steps as the window shows them, which undoing Plan Next Step checks.
        self.seen: Seen = unchecked

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
        keep_viewport(self.scroll)  # the wheel guard walks up through it (ui/viewports.py)
        self.pages.addWidget(self.scroll)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addWidget(self.pages, 1)

        # The content: the header, then two blocks, preparation and debrief, in the order the
        # shown step needs (see _arrange).
        self.layout_of_content = QVBoxLayout(self.content)
        self.layout_of_content.setSpacing(4)
        self._into(self.content, self.layout_of_content)
        self._build_header()

        self.prep_box = self._box("preparation")
        self.prep_heading = heading("Preparation", self.prep_box, scale=1.1)
        self.form.addSpacing(10)
        self.form.addWidget(self.prep_heading)
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

        self.debrief_box = self._box("debrief")
        self._build_debrief()

        self.layout_of_content.addStretch(1)
        guard_wheel(
            self.kind_combo,
            self.planned_edit,
            self.decision_by_edit,
            self.held_edit,
            self.attendees.new_role,
        )
        self._arrange(debrief_first=False)
        self.pages.setCurrentWidget(self.empty)

    # ---- building ---------------------------------------------------------------------------

    def _into(self, parent: QWidget, layout: QVBoxLayout) -> None:
        """Where the builders below put their widgets."""
        self._parent = parent
        self.form = layout

    def _box(self, name: str) -> QWidget:
        box = QWidget(self.content)
        box.setObjectName(name)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.layout_of_content.addWidget(box)
        self._into(box, layout)
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = plain_label(text, self._parent)
        label.setBuddy(buddy)
        return label

    def _section(self, title: str) -> QLabel:
        self.form.addSpacing(10)
        label = heading(title, self._parent, scale=1.1)
        self.form.addWidget(label)
        return label

    def _add_text(self, field: fields.PrepField) -> QWidget:
        editor: QPlainTextEdit | QLineEdit
        if field.single_line:
            editor = QLineEdit(self._parent)
            binding_editor = text_line(editor)
        else:
            editor = GrowingTextEdit(self._parent, min_lines=max(1, field.lines))
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
        # Which step this is, where it stands and when: the seller never wonders which of the
        # steps on the line the form shows.
        self.step_header = heading("", self._parent, scale=1.15)
        self.step_header.setObjectName("stepHeader")
        self.form.addWidget(self.step_header)

        self.title_edit = QLineEdit(self._parent)
        self.title_edit.setObjectName(fields.TITLE.column)
        self.title_edit.setAccessibleName(fields.TITLE.label)
        self.title_edit.setPlaceholderText(fields.TITLE.placeholder)
        self.saver.bind(fields.TITLE.column, text_line(self.title_edit), "step title")
        self.text_edits[fields.TITLE.column] = self.title_edit
        self.title_edit.textChanged.connect(self._update_header)

        self.kind_combo = QComboBox(self._parent)
        self.kind_combo.setAccessibleName("Kind of step")
        self.saver.bind("kind", choice_field(self.kind_combo, list(StepKind)), "kind of step")
        self.kind_combo.currentIndexChanged.connect(self._update_header)  # an untitled step

        self.planned_edit = OptionalDateTimeEdit(
            self._parent, quick_choices=True, today=self._today
        )
        self.planned_edit.setAccessibleName("Planned for")
        self.planned = date_time_field(self.planned_edit)
        self.saver.bind("planned_at", self.planned, "planned date")
        self.planned.changed.connect(self._update_header)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.kind_combo)
        header.addWidget(self._label("Planned for", self.planned_edit))
        header.addWidget(with_clear_button(self.planned_edit))
        header.addStretch(1)
        self.calendar_button = QPushButton("Add to Calendar…", self._parent)
        self.calendar_button.setToolTip("Write this step as a calendar event (.ics)")
        self.calendar_button.clicked.connect(self._calendar_requested)
        header.addWidget(self.calendar_button)
        self.form.addWidget(self.title_edit)
        self.form.addLayout(header)

        # A date or a place on the line that disagrees with the other steps: said here, with
        # a date that fits when there is one.
        self.order_warning = WarningLabel("", self._parent)
        self.order_warning.setObjectName("orderWarning")
        self.redate_button = self.order_warning.add_button("")
        self.redate_button.clicked.connect(self.redate)
        self.order_warning.hide()
        self.form.addWidget(self.order_warning)
        self._order_problem: OutOfOrder | None = None

    def _build_decision(self) -> None:
        self.form.addSpacing(8)
        self.decision_label = heading(fields.DECISION.label, self._parent, scale=1.2)
        self.form.addWidget(self.decision_label)
        self.decision_edit = GrowingTextEdit(self._parent, min_lines=fields.DECISION.lines)
        self.decision_edit.setObjectName(fields.DECISION.column)
        self.decision_edit.setAccessibleName(fields.DECISION.label)
        self.decision_edit.setPlaceholderText(fields.DECISION.placeholder)
        self.decision_label.setBuddy(self.decision_edit)
        self.saver.bind(fields.DECISION.column, text_area(self.decision_edit), "decision")
        self.text_edits[fields.DECISION.column] = self.decision_edit
        self.form.addWidget(self.decision_edit)

        self.decision_warning = WarningLabel("", self._parent)
        self.decision_warning.setObjectName("decisionCheck")
        self.form.addWidget(self.decision_warning)
        self.decision_edit.textChanged.connect(self._check_decision)

        self.decision_by_edit = OptionalDateEdit(self._parent, today=self._today)
        self.decision_by_edit.setAccessibleName("Client decides by")
        decision_by = date_field(self.decision_by_edit)
        self.saver.bind("decision_by", decision_by, "decision date")
        self._add_date_row("Client decides by", self.decision_by_edit, top_margin=0)

    def _add_date_row(self, label: str, edit: OptionalDateEdit, *, top_margin: int) -> None:
        """A labelled date with its clear button, left-aligned on a row of its own."""
        row = QHBoxLayout()
        row.setContentsMargins(0, top_margin, 0, 0)
        row.addWidget(self._label(label, edit))
        row.addWidget(with_clear_button(edit))
        row.addStretch(1)
        self.form.addLayout(row)

    def _build_attendees(self) -> None:
        self._section("Who attends and who decides")
        self.attendees = AttendeesEditor(self.store, self.undo_stack, self._parent)
        self.attendees.saved.connect(self._saved)
        self.attendees.failed.connect(self.banner.show_message)
        self.form.addWidget(self.attendees)

    def _build_debrief(self) -> None:
        """After the meeting: the outcome, what the client decided, when it was held, the next
        decision, and the step planned from it: the order a seller debriefs in."""
        self._section("After the meeting")
        self.outcome_buttons = OutcomeButtons(self._parent)
        self.saver.bind(
            "outcome",
            Editor(
                self.outcome_buttons,
                self.outcome_buttons.value,
                self.outcome_buttons.set_value,
                self.outcome_buttons.changed,
                immediate=True,
            ),
            "outcome",
        )
        self.form.addWidget(self.outcome_buttons)

        made, next_decision = fields.DEBRIEF
        self._add_text(made)

        self.held_edit = OptionalDateEdit(self._parent, today=self._today)
        self.held_edit.setAccessibleName("Held on")
        held = date_field(self.held_edit)
        # A held date in the future is refused where it is saved, with a message; the field
        # goes back to the date saved before.
        self.saver.bind(
            "held_on",
            Editor(
                held.widget,
                self._held_on_or_refuse(held),
                held.put,
                held.changed,
                immediate=True,
                focus_widgets=held.focus_widgets,
                read_typing=held.read_typing,
            ),
            "date held",
        )
        self._add_date_row("Held on", self.held_edit, top_margin=4)
        self.held_problem = WarningLabel("", self._parent)
        self.held_problem.setObjectName("heldOnProblem")
        self.held_problem.hide()
        self.form.addWidget(self.held_problem)

        self._add_text(next_decision)
        self.next_decision_edit = self.text_edits["next_decision"]
        # Going back is recorded, not undone: the debrief then says what was reopened, and the
        # decision trail keeps it beside the decision it took back.
        self.outcome_buttons.changed.connect(self._name_what_was_decided)
        self.outcome_buttons.changed.connect(self._after_outcome)
        assert isinstance(self.next_decision_edit, QPlainTextEdit)
        self.next_decision_edit.textChanged.connect(self._update_plan_button)

        self.plan_button = QPushButton("Plan Next Step", self._parent)
        self.plan_button.setToolTip(
            "Create the next step a week later, with the same people, starting from the next "
            "decision"
        )
        self.plan_button.setAutoDefault(True)
        self.plan_button.clicked.connect(self.plan_next_step)
        self.plan_hint = plain_label("", self._parent)
        row = QHBoxLayout()
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(self.plan_button)
        row.addWidget(self.plan_hint, 1)
        self.form.addLayout(row)

    def _after_outcome(self) -> None:
        """An outcome chosen: the cursor goes on to what the client decided (or reopened)."""
        if self.outcome_buttons.value() != Outcome.PLANNED.value:
            editor = self.text_edits["decision_made"]
            self.scroll.ensureWidgetVisible(editor)
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _today(self) -> date:
        """The store's today, so that the calendars and the held-date rule agree (read when
        needed: a deferred store is not loaded for it)."""
        return self.store.today()

    def _held_on_or_refuse(self, held: Editor) -> Callable[[], date | None]:
        """The held date to save; a date in the future is refused with a message, and the
        field goes back to the date saved before (nothing is written)."""

        def value() -> date | None:
            typed: date | None = held.get()
            problem = held_on_problem(typed, self.store.today())
            binding = self.saver.bindings.get("held_on")
            if not problem or binding is None:
                if binding is None or typed != binding.saved_value:
                    self._show_held_problem("")  # a new, good date: the message has served
                return typed
            self._show_held_problem(problem)
            binding.load(binding.saved_value, binding.version)
            return binding.saved_value

        return value

    def _show_held_problem(self, problem: str) -> None:
        self.held_problem.setText(problem)
        self.held_problem.setVisible(bool(problem))

    def _name_what_was_decided(self) -> None:
        went_back = self.outcome_buttons.value() == Outcome.WENT_BACK.value
        field = fields.WENT_BACK_MADE if went_back else fields.DEBRIEF[0]
        self.text_labels["decision_made"].setText(field.label)
        editor = self.text_edits["decision_made"]
        editor.setPlaceholderText(field.placeholder)
        editor.setAccessibleName(field.label)

    def _arrange(self, *, debrief_first: bool) -> None:
        """The debrief above the preparation (a meeting that has happened) or below it."""
        self.debrief_first = debrief_first
        first, second = (
            (self.debrief_box, self.prep_box)
            if debrief_first
            else (self.prep_box, self.debrief_box)
        )
        self.prep_heading.setVisible(debrief_first)
        start = self.layout_of_content.indexOf(self.prep_box)
        start = min(start, self.layout_of_content.indexOf(self.debrief_box))
        if self.layout_of_content.indexOf(first) == start:
            return
        self.layout_of_content.removeWidget(second)
        # Tab follows the order on screen: a widget given a parent again comes last in the
        # focus chain, with everything inside it in the same order as before.
        keeper = QWidget()
        second.setParent(keeper)
        second.setParent(self.content)
        self.layout_of_content.insertWidget(start + 1, second)
        second.show()

    # ---- showing ----------------------------------------------------------------------------

    def _calendar_requested(self) -> None:
        step_id = self.current_step_id()
        if step_id is not None:
            self.calendarRequested.emit(step_id)

    def current_step_id(self) -> int | None:
        return self.step_id

    def set_empty_text(self, text: str) -> None:
        """What the form says while no step is shown ("" for the usual hint)."""
        self.empty.setText(text or EMPTY_TEXT)

    def show_step(
        self,
        step_id: int | None,
        *,
        take_focus: bool = True,
        steps: Sequence[Step] | None = None,
    ) -> bool:
        """Show ``step_id``'s prep (None: nothing), saving pending edits of the shown step first.

        ``steps``: its pursuit's steps in line order, as the caller has just read them from the
        store (the page does, for the line); without them the form reads them itself.

        Returns ``False`` and keeps the current step when its pending edits cannot be saved
        (the message shows above the form; nothing typed is lost). Showing the step that is
        already shown only brings in newer stored values, leaving the fields being edited.
        """
        if step_id is not None and step_id == self.step_id:
            self.reload(steps)
            if take_focus:
                self.take_focus()
            return True
        if self.saver.pending():
            steps = None  # saving changes a step the caller read before: they are read again
        if not self.flush():
            return False
        if step_id is None:
            self.step_id = self.pursuit_id = None
            self.saver.load(None, {})
            self.pages.setCurrentWidget(self.empty)
            return True
        try:
            step = _step_in(steps, step_id) or self.store.step(step_id)
            place, later = self._where(step, steps)
        except StoreError as error:
            self.banner.show_message(str(error))
            return False
        self.step_id = step_id
        self.pursuit_id = step.pursuit_id
        self._place = place
        self._later_step_exists = later
        self._show_held_problem("")
        # The fields' own reactions (the header, the decision check, the plan button) wait
        # until every field holds the new step: they are worked out once below, not once for
        # each field that changes (the header was worded and laid out three times over).
        self._switching = True
        try:
            self.saver.load(step_id, _values(step), step.version)
        finally:
            self._switching = False
        self.attendees.show_step(step_id, step.pursuit_id)
        self._arrange(
            debrief_first=debrief_due(step.planned_at, Outcome(step.outcome).is_held, self._now())
        )
        self._check_decision()
        self._update_plan_button()
        self._update_header()
        self._name_what_was_decided()
        self.pages.setCurrentWidget(self.scroll)
        self.scroll.verticalScrollBar().setValue(0)
        # The scroll area is told now that its content's height may change with the step, so
        # that it fits the content in the same pass as the content is laid out: it heard of it
        # only from that layout, one turn of the event loop later, and the whole form in sight
        # was painted a second time, after the picture the seller waited for.
        self.content.updateGeometry()
        if take_focus:
            self.take_focus()
        return True

    def take_focus(self) -> None:
        """The cursor where the shown step's work starts: its outcome when the meeting is
        past and not yet debriefed, else the decision it is after."""
        if self.debrief_first:
            button = self.outcome_buttons.focus_button()
            self.scroll.ensureWidgetVisible(button)
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_field("decision")

    def _now(self) -> datetime:
        # The store's today (fixed in tests) at the clock's time of day.
        return datetime.combine(self.store.today(), datetime.now().time())

    def focus_field(self, field: str) -> None:
        """Put the cursor in ``field`` of a step just added: "decision" (at the end of its
        text) or "planned" (the date, ready to be typed over). A step just added starts from
        its preparation, even when the date proposed for it has already passed."""
        self._arrange(debrief_first=False)
        if field == "planned":
            self.scroll.ensureWidgetVisible(self.planned_edit)
            # Tab's reason: a date field then selects its first part, so typing replaces it.
            self.planned_edit.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.scroll.ensureWidgetVisible(self.decision_edit)
        self.decision_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.decision_edit.moveCursor(self.decision_edit.textCursor().MoveOperation.End)

    def go_to_debrief(self) -> None:
        """Scroll to "After the meeting" and put the focus on its outcome."""
        if self.step_id is None:
            return
        self.content.layout().activate()  # positions are right even before the first paint
        self.scroll.verticalScrollBar().setValue(self.debrief_box.y())
        self.outcome_buttons.focus_button().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self, steps: Sequence[Step] | None = None) -> None:
        """Bring in newer stored values of the shown step, except in fields with edits
        (``steps``: as in ``show_step``)."""
        if self.step_id is None:
            return
        step = self._bring_in_stored_values(_step_in(steps, self.step_id))
        if step is None:
            return
        try:
            self._place, self._later_step_exists = self._where(step, steps)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        if not self.attendees.isAncestorOf(self.focusWidget() or self):
            self.attendees.show_step(self.step_id, step.pursuit_id)
        self._update_plan_button()
        self._update_header()

    def _bring_in_stored_values(self, stored: Step | None = None) -> Step | None:
        """The shown step's stored columns (``stored``, just read, or read now), into the
        fields without edits."""
        if self.step_id is None:
            return None
        try:
            step = stored if stored is not None else self.store.step(self.step_id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return None
        self.saver.refresh(_values(step), version=step.version)
        self._check_decision()
        self._update_plan_button()
        return step

    def flush(self) -> bool:
        """Save every pending edit now (the window calls this before closing)."""
        return self.saver.flush()

    def _where(
        self, step: Step, steps: Sequence[Step] | None = None
    ) -> tuple[tuple[int, int], bool]:
        """(index, count) of ``step`` among its pursuit's steps (``steps``, else read now), and
        whether a later one exists.

        Also notes whether the step stands out of order among them, for the order warning."""
        if steps is None:
            steps = self.store.steps(step.pursuit_id)
        ids = [s.id for s in steps]
        index = ids.index(step.id) if step.id in ids else 0
        self._order_problem = out_of_order(steps).get(index) if step.id in ids else None
        self._show_order_problem()
        return (index, len(ids)), index < len(ids) - 1

    # ---- out of order -----------------------------------------------------------------------

    def _show_order_problem(self) -> None:
        problem = self._order_problem
        self.order_warning.setVisible(problem is not None)
        if problem is None:
            return
        self.order_warning.setText(problem.problem.message)
        suggested = problem.suggested
        self.redate_button.setVisible(suggested is not None)
        if suggested is not None:
            self.redate_button.setText(f"Plan It for {day_time(suggested)}")
            self.redate_button.setToolTip(
                "Give this step a date between the steps around it (Undo takes it back)"
            )

    def redate(self) -> None:
        """The offer of the out-of-order warning: the step planned for the date that fits,
        saved at once as one undoable edit."""
        problem = self._order_problem
        step_id = self.step_id
        if problem is None or problem.suggested is None or step_id is None or not self.flush():
            return
        binding = self.saver.bindings["planned_at"]
        old, new = binding.saved_value, problem.suggested
        before = binding.version
        try:
            after = self.store.update_step(step_id, expected_version=before, planned_at=new)
        except StoreError as error:
            self.banner.show_message(str(error))
            self._bring_in_stored_values()  # changed elsewhere: the date as it stands now
            return
        self.saver.wrote(before, after.version)
        binding.load(new, after.version)
        self.saver.push(
            "Re-date Step",
            step_id,
            {"planned_at": old},
            {"planned_at": new},
            version=after.version,
        )
        self.saver.report_saved(step_id)
        # The button goes with the warning. The focus stays in the form, but not in a field
        # whose own Ctrl+Z (a text's undo) would hide the window's from the seller.
        self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    def header_text(self) -> str:
        """ "Step 3 of 6 · Proposal to the CFO · Mon 14 Dec 15:00" for the shown step."""
        index, count = self._place
        title = step_name(self.title_edit.text(), self.kind_combo.currentData() or "meeting")
        return f"Step {index + 1} of {count} · {title} · {day_time(self.planned.get())}"

    def _update_header(self, *_: Any) -> None:
        if self.step_id is not None and not self._switching:
            self.step_header.setText(self.header_text())

    def _check_decision(self) -> None:
        if self._switching:
            return
        warning = check_decision(self.decision_edit.toPlainText())
        self.decision_warning.setText(warning or "")
        self.decision_warning.setVisible(bool(warning))

    def decision_warning_text(self) -> str:
        return self.decision_warning.text() if self.decision_warning.isVisibleTo(self) else ""

    def _update_plan_button(self) -> None:
        if self._switching:
            return
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
            step = self._bring_in_stored_values()
            if step is not None:
                try:
                    self._where(step)  # a new date may put it in order, or out of it
                except StoreError as error:
                    self.banner.show_message(str(error))
            self._update_header()
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
                failed=self._plan_failed,
                seen=self.seen,
            )
        )
        self._later_step_exists = True
        self._update_plan_button()
        self.stepSaved.emit(origin)
        self.nextStepPlanned.emit(planned.id)

    def _plan_failed(self, error: StoreError) -> None:
        self.banner.show_message(str(error))
        if self.step_id is not None:
            self.stepSaved.emit(self.step_id)  # the window redraws what the store holds

    def _plan_changed(self, origin_id: int, planned_id: int, exists: bool) -> None:
        if not exists and self.step_id == planned_id:
            # The shown step was taken back: forget its (already saved) state, show its origin.
            self.step_id = None
            self.saver.load(None, {})
            self.show_step(origin_id, take_focus=False)
        elif self.step_id is not None:
            self.reload()
        self.stepSaved.emit(origin_id)


def _step_in(steps: Sequence[Step] | None, step_id: int | None) -> Step | None:
    """The step ``step_id`` among ``steps`` just read, or None (then the form reads it)."""
    if steps is None or step_id is None:
        return None
    return next((step for step in steps if step.id == step_id), None)
