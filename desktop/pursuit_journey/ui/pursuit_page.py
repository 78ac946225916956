"""The selected pursuit: a header with its facts, then its steps.

The journey line and the prep form take the two areas below the header.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..domain.vocabulary import Outcome
from ..store.repository import PursuitSummary
from ..store.tables import Step
from .formatting import date_time, money, plain_tooltip
from .prep import PrepForm


def plain_label(parent: QWidget, text: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PursuitPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.facts = plain_label(self)
        self.facts.setWordWrap(True)
        self.momentum = plain_label(self)
        self.momentum.setWordWrap(True)
        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Steps")
        self.steps.setWordWrap(True)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideRight)

        self._step_ids: list[int] = []

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.momentum)
        layout.addWidget(self.steps, 1)
        self.prep_form: PrepForm | None = None

    def set_prep_form(self, form: PrepForm) -> None:
        """Show ``form`` below the steps; selecting a step shows its prep.

        Temporary wiring until the journey line replaces the steps list.
        """
        self.prep_form = form
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.steps)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.steps)
        self.split.addWidget(form)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([120, 500])
        layout.addWidget(self.split, 1)
        self.steps.currentItemChanged.connect(self._step_selected)

    def step_id_at(self, row: int) -> int | None:
        item = self.steps.item(row)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, int) else None

    def select_step(self, step_id: int | None) -> None:
        for row in range(self.steps.count()):
            if self.step_id_at(row) == step_id:
                self.steps.setCurrentRow(row)
                return

    def _step_selected(self, current: QListWidgetItem | None, previous: object) -> None:
        if self.prep_form is None:
            return
        step_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        if not self.prep_form.show_step(step_id if isinstance(step_id, int) else None):
            # The shown step's edits could not be saved: stay on it (the form says why).
            self.steps.blockSignals(True)
            self.select_step(self.prep_form.current_step_id())
            self.steps.blockSignals(False)

    def show_pursuit(self, summary: PursuitSummary, steps: list[Step]) -> None:
        self.title.setText(summary.name)
        facts = [summary.client or "No client yet", summary.status.label]
        value = money(summary.value_cents, summary.currency)
        if value:
            facts.append(value)
        self.facts.setText(" · ".join(facts))
        momentum = summary.momentum
        self.momentum.setText(
            f"⚠ Stalling: {momentum.reason}" if momentum.stalling else momentum.summary
        )
        shown = self.prep_form.current_step_id() if self.prep_form is not None else None
        self.steps.blockSignals(True)
        self.steps.clear()
        self._step_ids = [step.id for step in steps if step.id is not None]
        if not steps:
            self.steps.addItem("No steps yet: the journey line and the prep form come here.")
        for step in steps:
            decision = step.decision_needed or "decision missing"
            text = (
                f"{step.position + 1}. {step.title or step.kind_enum.label} — "
                f"{date_time(step.planned_at)} — {step.outcome_enum.label}\n    {decision}"
            )
            item = QListWidgetItem(text)
            item.setToolTip(plain_tooltip(decision))
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            self.steps.addItem(item)
        self.steps.blockSignals(False)
        if self.prep_form is None:
            return
        ids = [step.id for step in steps]
        if shown in ids:
            self.select_step(shown)
            self.prep_form.show_step(shown, take_focus=False)
        else:
            upcoming = [s.id for s in steps if s.outcome == Outcome.PLANNED.value]
            chosen = upcoming[0] if upcoming else (ids[-1] if ids else None)
            self.steps.blockSignals(True)
            self.select_step(chosen)
            self.steps.blockSignals(False)
            self.prep_form.show_step(chosen, take_focus=False)

    def current_step_id(self) -> int | None:
        if self.prep_form is not None:
            return self.prep_form.current_step_id()
        row = self.steps.currentRow()
        return self._step_ids[row] if 0 <= row < len(self._step_ids) else None
