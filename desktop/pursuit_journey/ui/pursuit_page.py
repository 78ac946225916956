"""The selected pursuit: a header with its facts, then its steps.

The journey line and the prep form take the two areas below the header.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..store.repository import PursuitSummary
from ..store.tables import Step
from .formatting import date_time, money, plain_tooltip


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
            self.steps.addItem(item)
        upcoming = next((i for i, s in enumerate(steps) if s.outcome == "planned"), 0)
        if steps:
            self.steps.setCurrentRow(upcoming)

    def current_step_id(self) -> int | None:
        row = self.steps.currentRow()
        return self._step_ids[row] if 0 <= row < len(self._step_ids) else None
