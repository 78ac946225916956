"""What a first launch shows instead of an empty window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCommandLinkButton, QLabel, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    createRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Welcome to Pursuit Journey", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Every pursuit moves forward only when the client decides something. "
            "Pursuit Journey prepares each meeting around that next decision, and draws "
            "the journey from the first meeting to the signed contract.",
            self,
        )
        intro.setWordWrap(True)
        self.create_button = QCommandLinkButton(
            "Create a pursuit", "Start with the name of an opportunity you are working on.", self
        )
        self.sample_button = QCommandLinkButton(
            "Open a sample pursuit",
            "A realistic pursuit with six steps: see what the app is for, then delete it.",
            self,
        )
        self.create_button.clicked.connect(self.createRequested)
        self.sample_button.clicked.connect(self.sampleRequested)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, intro, self.create_button, self.sample_button):
            layout.addWidget(widget)
        layout.addStretch(2)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(14)
        self.setMaximumWidth(16777215)
        title.setTextFormat(Qt.TextFormat.PlainText)
        intro.setTextFormat(Qt.TextFormat.PlainText)
