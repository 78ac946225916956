"""Won or lost: one optional line on what decided it, and the steps still planned closed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.vocabulary import PursuitStatus
from .kept_heights import plain_label

_PLACEHOLDERS = {
    PursuitStatus.WON: "For example: the pilot cut their fuel costs by 12 %",
    PursuitStatus.LOST: "For example: the budget moved to next year",
}


def steps_text(count: int) -> str:
    if count == 1:
        return "Close the step still planned: it stays on the line, marked “not held”"
    return f"Close the {count} steps still planned: they stay on the line, marked “not held”"


class ClosePursuitDialog(QDialog):
    """Asks what decided a pursuit that is now won or lost, and whether to close its steps
    still planned (offered, and ticked, only when there are some)."""

    def __init__(
        self, status: PursuitStatus, name: str, planned_steps: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Mark Pursuit {status.label}")
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setAccessibleName("What decided it")
        self.reason_edit.setPlaceholderText(_PLACEHOLDERS.get(status, ""))
        self.reason_edit.setMaxLength(500)
        label = plain_label(f"What decided “{name}”? (optional, one line)", self)
        label.setBuddy(self.reason_edit)
        self.close_steps = QCheckBox(steps_text(planned_steps), self)
        self.close_steps.setChecked(True)
        self._has_planned_steps = planned_steps > 0
        self.close_steps.setVisible(self._has_planned_steps)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        mark = buttons.button(QDialogButtonBox.StandardButton.Ok)
        mark.setText(f"Mark {status.label}")
        mark.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.close_steps)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 64)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.reason_edit.text().split())

    def closes_steps(self) -> bool:
        return self._has_planned_steps and self.close_steps.isChecked()
