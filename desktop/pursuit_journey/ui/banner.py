"""An inline, non-modal message above a form: a save failed, the text is kept, try again."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from .editors import plain_label


class Banner(QFrame):
    """A framed strip across a form or the window, named ``name`` for its style sheet."""

    def __init__(self, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Palette roles, not fixed colours: readable in light and dark themes alike.
        self.setStyleSheet(
            f"#{name} {{ border: 1px solid palette(highlight); border-radius: 4px;"
            " background: palette(alternate-base); }"
        )


class SaveProblemBanner(Banner):
    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("saveProblem", parent)
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


class ReadOnlyBanner(Banner):
    """Says once, across the top of the window, that the data can be read but not saved."""

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__("readOnly", parent)
        self.message = plain_label(f"Read-only. {reason}", self)
        self.message.setAccessibleName("Read-only")
        # Offered when what kept the data read-only has passed (the server answers again).
        self.action = QPushButton(self)
        self.action.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.action)

    def offer(self, text: str, button: str) -> QPushButton:
        """Say ``text`` instead, with a button ``button`` beside it (connected by the caller)."""
        self.message.setText(text)
        self.action.setText(button)
        self.action.setAccessibleName(button)
        self.action.show()
        self.updateGeometry()
        return self.action

    def sizeHint(self) -> QSize:
        # The wrapped text's height at the width it has (a tool bar asks for no less than a
        # label's own guess, which is several lines too tall).
        margins = self.layout().contentsMargins()
        inner = max(self.width(), 480) - margins.left() - margins.right()
        height = self.message.heightForWidth(inner) + margins.top() + margins.bottom() + 2
        return QSize(super().sizeHint().width(), height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()
