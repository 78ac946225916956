"""A field changed on another computer while the seller edited it here: both texts side by side,
and the seller chooses which to keep. Nothing typed is lost: Cancel leaves it in the field."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.vocabulary import LabelledEnum, Outcome, PursuitStatus, StepKind
from ..drawing.formatting import date_text, day_time
from .kept_heights import plain_label
from .screen_fit import fit_to_screen

if TYPE_CHECKING:
    from ..store.errors import ChangedElsewhere


class Choice(enum.Enum):
    MINE = "mine"
    THEIRS = "theirs"
    CANCEL = "cancel"


_CHOICES_OF: dict[str, type[LabelledEnum]] = {
    "outcome": Outcome,
    "kind": StepKind,
    "status": PursuitStatus,
}


def value_text(column: str, value: Any) -> str:
    """How a stored value reads in the dialog (the same words the form uses)."""
    if value is None or value == "":
        return "(empty)"
    if column in _CHOICES_OF:
        try:
            return _CHOICES_OF[column](value).label
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return day_time(value)
    if isinstance(value, date):
        return date_text(value)
    return str(value)


class ConflictDialog(QDialog):
    """Theirs (on the server now) beside mine (typed here): Keep Mine, Keep Theirs or Cancel.

    ``choice`` is the answer once the dialog has finished (Cancel for Esc or closing it)."""

    def __init__(self, label: str, conflict: ChangedElsewhere, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed on Another Computer")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.choice = Choice.CANCEL
        explanation = plain_label(
            f"“{label}” was changed on another computer while you were editing it here. "
            "Choose the text to keep; the other one is replaced (Undo brings it back).",
            self,
        )
        self.theirs = self._text_box(value_text(conflict.column, conflict.theirs), "theirs")
        self.mine = self._text_box(value_text(conflict.column, conflict.mine), "mine")
        sides = QHBoxLayout()
        for title, box in (
            ("On the server (from another computer)", self.theirs),
            ("Yours (typed here, not saved yet)", self.mine),
        ):
            column = QVBoxLayout()
            heading = plain_label(title, self)
            heading.setBuddy(box)
            column.addWidget(heading)
            column.addWidget(box, 1)
            sides.addLayout(column, 1)

        buttons = QDialogButtonBox(self)
        self.keep_theirs = QPushButton("Keep &Theirs", self)
        self.keep_mine = QPushButton("Keep &Mine", self)
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setToolTip("Decide later: your text stays in the field, not saved")
        self.keep_theirs.clicked.connect(lambda: self._chosen(Choice.THEIRS))
        self.keep_mine.clicked.connect(lambda: self._chosen(Choice.MINE))
        self.cancel.clicked.connect(self.reject)
        self.keep_mine.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(sides, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 420)

    def _text_box(self, text: str, side: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(f"conflict-{side}")
        box.setReadOnly(True)
        box.setPlainText(text)
        box.setAccessibleName("Text on the server" if side == "theirs" else "Your text")
        # Tab moves on to the buttons: the boxes are read, not typed in.
        box.setTabChangesFocus(True)
        return box

    def _chosen(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()
