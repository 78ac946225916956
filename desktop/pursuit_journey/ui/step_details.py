"""The opened step's fields, read-only, until the prep form takes this place.

Its whole interface is ``show_step(step | None)``, so the form can replace it without the page
changing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QWidget

from ..store.tables import Step
from .formatting import date_time, short_date

# The form's order (see PRODUCT.md), with the words the seller reads.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("decision_needed", "Decision we need"),
    ("decision_by", "Decided by"),
    ("why_client", "Why it is in their interest"),
    ("fallback", "Fallback decision"),
    ("needs_to_decide", "What they need to decide"),
    ("concerns", "Concerns, risks, competition"),
    ("questions", "Questions to ask"),
    ("to_share", "What we share"),
    ("agreement_purpose", "Purpose"),
    ("agreement_their_agenda", "Their agenda"),
    ("agreement_our_agenda", "Our agenda"),
    ("agreement_time", "Time"),
    ("agreement_outcome", "Outcome we both expect"),
    ("research", "Research notes"),
    ("materials", "Materials"),
    ("outcome", "Outcome"),
    ("held_on", "Held on"),
    ("decision_made", "Decision made"),
    ("next_decision", "Next decision"),
)


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StepDetails(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Step details")
        body = QWidget(self)
        self.form = QFormLayout(body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.heading = _value_label(body)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.form.addRow(self.heading)
        self.when = _value_label(body)
        self.form.addRow("When", self.when)
        self.values: dict[str, QLabel] = {}
        for name, text in _FIELDS:
            self.values[name] = _value_label(body)
            self.form.addRow(text, self.values[name])
        self.setWidget(body)
        self.show_step(None)

    def show_step(self, step: Step | None) -> None:
        self.step = step
        for row in range(1, self.form.rowCount()):
            self.form.setRowVisible(row, step is not None)
        if step is None:
            self.heading.setText("Select a step on the journey line to see its preparation.")
            self.when.clear()
            for label in self.values.values():
                label.clear()
            return
        self.heading.setText(
            f"Step {step.position + 1}: {step.title.strip() or step.kind_enum.label}"
        )
        self.when.setText(f"{step.kind_enum.label}, {date_time(step.planned_at)}")
        for name, label in self.values.items():
            label.setText(self._text(step, name))

    @staticmethod
    def _text(step: Step, name: str) -> str:
        if name == "outcome":
            return step.outcome_enum.label
        if name in ("decision_by", "held_on"):
            return short_date(getattr(step, name)) or "—"
        value = getattr(step, name)
        if name == "decision_needed" and not value.strip():
            return "Missing: what will the client decide in this step?"
        return value or "—"
