"""The selected pursuit: a header with its facts, its journey line, and the opened step's
prep form.

Changes made on the line (move, insert, delete) become undoable commands on the window's
undo stack; after each one the window redraws from the store and the page selects the step
the command names.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..domain.journey_layout import journey_layout
from ..drawing.formatting import money
from ..store.errors import StoreError
from .commands import Hooks, StoreCommand
from .journey.journey_line import EMPTY_HINT, JourneyLine
from .kept_heights import plain_label
from .messages import show_error
from .step_commands import DeleteStep, InsertStep, MoveStep, Selection
from .warning import WarningLabel

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike
    from ..store.repository import PursuitSummary
    from ..store.tables import Step
    from .decision_trail import DecisionTrailPanel
    from .prep import PrepForm


class PursuitPage(QWidget):
    stepOpened = Signal(int)  # the id of the step whose preparation is shown
    # Passed on from the prep form: a step was saved; a next step was planned from the form.
    stepSaved = Signal(int)
    nextStepPlanned = Signal(int)
    calendarRequested = Signal(int)  # step id: "Add to Calendar…" on the line or the form

    def __init__(
        self, store: StoreLike, undo_stack: QUndoStack, hooks: Hooks, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.hooks = hooks
        self.pursuit_id: int | None = None
        self.steps: list[Step] = []
        self.opened_id: int | None = None
        self._wanted: Selection | None = None

        self.title = plain_label("", self, selectable=True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = plain_label("", self, selectable=True)
        self.momentum = plain_label("", self, selectable=True)
        self.stalling = WarningLabel("", self)  # in place of the momentum while stalling
        self.stalling.setObjectName("stallingWarning")
        self.stalling.hide()
        self.line = JourneyLine(self)
        # The prep form and the decision trail share the room below the line, as tabs. They are
        # made after the first paint (or when first asked for): the form cannot be filled before
        # the store has loaded anyway. Until then the tabs hold empty pages of the same names.
        self._prep_form: PrepForm | None = None
        self._trail: DecisionTrailPanel | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(QWidget(self.tabs), "Preparation")
        self.tabs.addTab(QWidget(self.tabs), "Decision trail")

        # The line and the form share the height; the seller can give either more room.
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("pursuitSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.line)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.momentum)
        layout.addWidget(self.stalling)
        layout.addWidget(self.split, 1)

        self.line.stepOpened.connect(self.open_step)
        self.line.moveRequested.connect(self.move_step)
        self.line.insertRequested.connect(self.insert_step)
        self.line.deleteRequested.connect(self.delete_step)
        self.line.calendarRequested.connect(self.calendarRequested)

    # ---- the tabs below the line, made when first needed -----------------------------------

    @property
    def prep_form(self) -> PrepForm:
        if self._prep_form is None:
            self.build_tabs()
        assert self._prep_form is not None
        return self._prep_form

    @property
    def trail(self) -> DecisionTrailPanel:
        if self._trail is None:
            self.build_tabs()
        assert self._trail is not None
        return self._trail

    def build_tabs(self) -> None:
        """The prep form and the decision trail, in place of the empty pages (once)."""
        if self._prep_form is not None:
            return
        from .decision_trail import DecisionTrailPanel
        from .prep import PrepForm

        current = self.tabs.currentIndex()
        self._prep_form = PrepForm(self.store, self.undo_stack, self)
        self._prep_form.seen = self.seen
        self._trail = DecisionTrailPanel(self)
        for index, (page, title) in enumerate(
            ((self._prep_form, "Preparation"), (self._trail, "Decision trail"))
        ):
            placeholder = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, title)
            placeholder.deleteLater()
        self.tabs.setCurrentIndex(current)
        self._prep_form.stepSaved.connect(self.stepSaved)
        self._prep_form.nextStepPlanned.connect(self.nextStepPlanned)
        self._prep_form.calendarRequested.connect(self.calendarRequested)
        self._trail.stepRequested.connect(self.open_step)

    def flush(self) -> bool:
        """Write the form's pending edits now; False when they could not be saved."""
        return self._prep_form.flush() if self._prep_form is not None else True

    # ---- showing --------------------------------------------------------------------------

    def show_pursuit(self, summary: PursuitSummary, steps: list[Step]) -> None:
        switched = summary.id != self.pursuit_id
        self.pursuit_id = summary.id
        self.title.setText(summary.name)
        facts = [summary.client or "No client yet", summary.status.label]
        value = money(summary.value_cents, summary.currency)
        if value:
            facts.append(value)
        self.facts.setText(" · ".join(facts))
        momentum = summary.momentum
        self.momentum.setText(momentum.summary)
        self.stalling.setText(f"Stalling: {momentum.reason}" if momentum.stalling else "")
        self.momentum.setVisible(not momentum.stalling)
        self.stalling.setVisible(momentum.stalling)
        previous = None if switched else self.line.current_step()
        self.steps = list(steps)
        wanted = self._wanted
        layout = journey_layout(self.steps, summary.status)  # made once, for both
        current, opened = self._choose(previous, layout.here, switched)
        self.line.set_journey(self.steps, summary.status, current, layout=layout)
        if switched:
            self.line.center_on(current)
        if not getattr(self.store, "loaded", True):
            # The first picture at start-up: the form fills once the store has loaded.
            self.opened_id = opened
            self.line.set_opened(opened)
            return
        form = self.prep_form
        form.set_empty_text(EMPTY_HINT if not self.steps else "")
        if not form.show_step(opened, take_focus=False, steps=self.steps):
            # Unsaved edits could not be written: stay on the step that holds them.
            kept = form.current_step_id()
            if kept in [step.id for step in self.steps]:
                opened = kept
                self.line.set_current([step.id for step in self.steps].index(kept))
        self.opened_id = opened
        self.line.set_opened(opened)
        if wanted is not None and wanted.focus and opened == wanted.step_id:
            # A step just added: its form is shown and takes the seller's next keystrokes.
            self.tabs.setCurrentWidget(form)
            if wanted.focus == "start":
                form.take_focus()
            else:
                form.focus_field(wanted.focus)
        self._show_trail(summary.started_on)

    def _show_trail(self, started_on: date) -> None:
        """The trail follows the steps just shown, from the pursuit's start (its summary's)."""
        self.trail.show_steps(self.steps, started_on=started_on, today=self.store.today())
        decisions = self.trail.trail.figures.decisions if self.trail.trail else 0
        index = self.tabs.indexOf(self.trail)
        text = f"Decision trail ({decisions})" if decisions else "Decision trail"
        # Set only when it changes: Qt lays the tab bar out again at every setTabText, and
        # with it the whole window, even for the same text (after each drag, each save).
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def show_trail_tab(self) -> None:
        self.tabs.setCurrentWidget(self.trail)

    def _choose(self, previous: Step | None, here: int, switched: bool) -> tuple[int, int | None]:
        """The step to select and the one to show after a redraw."""
        ids = [step.id for step in self.steps]
        wanted, self._wanted = self._wanted, None
        opened = None if switched or self.opened_id not in ids else self.opened_id
        if wanted is not None and wanted.step_id in ids:
            index = ids.index(wanted.step_id)
        elif wanted is not None and wanted.index is not None and ids:
            index = max(0, min(wanted.index, len(ids) - 1))
        elif previous is not None and previous.id in ids:
            index = ids.index(previous.id)
        elif ids:
            # A newly shown pursuit opens at the step it is heading for.
            index = min(here, len(ids) - 1)
        else:
            return -1, None
        if opened is None or (wanted is not None and (wanted.open or opened not in ids)):
            opened = ids[index]
        return index, opened

    def _step(self, step_id: int | None) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def open_step(self, step_id: int) -> None:
        with self.store.one_action():  # one user action: its reads in one transaction
            self._open_step_now(step_id)

    def _open_step_now(self, step_id: int) -> None:
        step = self._step(step_id)
        if step is None:
            return
        if not self.prep_form.show_step(step_id, steps=self.steps):
            # The form kept edits it could not save: the line stays on their step.
            kept = self._step(self.prep_form.current_step_id())
            if kept is not None:
                self.line.set_current(self.steps.index(kept))
            return
        self.opened_id = step_id
        self.line.set_current(self.steps.index(step))
        self.line.set_opened(step_id)
        self.tabs.setCurrentWidget(self.prep_form)  # an opened step shows its preparation
        self.stepOpened.emit(step_id)

    def debrief(self) -> bool:
        """Go to the debrief ("After the meeting") of the step being worked on: the line's
        selection when the line has the focus, else the step whose form is open."""
        selected = self.line.current_step()
        if self.line.hasFocus() and selected is not None and selected.id != self.opened_id:
            assert selected.id is not None
            self.open_step(selected.id)
        if self.opened_id is None or self.prep_form.current_step_id() != self.opened_id:
            return False
        self.tabs.setCurrentWidget(self.prep_form)
        self.prep_form.go_to_debrief()
        return True

    def current_step_id(self) -> int | None:
        return self._prep_form.current_step_id() if self._prep_form is not None else None

    def select_after_command(self, selection: Selection) -> None:
        self._wanted = selection

    # ---- changes on the line --------------------------------------------------------------

    def move_step(self, step_id: int, to_index: int) -> None:
        step = self._step(step_id)
        if self.pursuit_id is None or step is None:
            return
        from_index = self.steps.index(step)
        if from_index == to_index:
            return
        self._push(
            MoveStep(
                self.store,
                self.pursuit_id,
                step_id,
                from_index,
                to_index,
                self.hooks,
                self.select_after_command,
                self.seen,
            )
        )

    def insert_step(self, at: int) -> None:
        if self.pursuit_id is None:
            return
        self._push(
            InsertStep(
                self.store, self.pursuit_id, at, self.hooks, self.select_after_command, self.seen
            )
        )

    def delete_step(self, step_id: int) -> None:
        step = self._step(step_id)
        if self.pursuit_id is None or step is None:
            return
        self._push(
            DeleteStep(
                self.store,
                self.pursuit_id,
                step_id,
                step.title,
                self.hooks,
                self.select_after_command,
                self.seen,
            )
        )

    def seen(self, pursuit_id: int) -> list[tuple[int, int]] | None:
        """The steps of ``pursuit_id`` as the line shows them, (id, version) in order, for a
        move or a delete to be checked against; None when the line shows another pursuit."""
        if pursuit_id != self.pursuit_id:
            return None
        return [(step.id, step.version) for step in self.steps if step.id is not None]

    def _push(self, command: StoreCommand) -> None:
        try:
            command.apply()
        except StoreError as error:
            show_error(self, command.text(), str(error))
            if self.pursuit_id is not None:
                self.hooks.changed(self.pursuit_id)  # redraw what the store really holds
            return
        self.undo_stack.push(command)
