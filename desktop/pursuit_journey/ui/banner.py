"""An inline, non-modal message above a form: a save failed, the text is kept, try again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from .editors import plain_label


class SaveProblemBanner(QFrame):
    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveProblem")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Palette roles, not fixed colours: readable in light and dark themes alike.
        self.setStyleSheet(
            "#saveProblem { border: 1px solid palette(highlight); border-radius: 4px;"
            " background: palette(alternate-base); }"
        )
        self.message = plain_label("", self)
        self.message.setAccessibleName("Save problem")
        self.retry = QPushButton("Try Again", self)
        self.retry.clicked.connect(self.retryRequested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry)
        self.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(f"⚠ Not saved. {text}")
        self.show()
