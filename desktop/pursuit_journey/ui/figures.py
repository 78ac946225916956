"""Figures at the top of a view: a number large, what it counts small beneath it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..domain.journey_layout import TickState
from . import journey_glyphs as glyphs


def warning_colour(palette: QPalette) -> QColor:
    """The colour of "decision missing" on the journey line: the one warning colour."""
    return glyphs.state_colour(TickState.DECISION_MISSING, palette)


class FigureTile(QWidget):
    """Wants the room to show both lines unbroken, but wraps them on a narrow window rather
    than making the window wider."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel(self)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.value, self.caption):
            label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.warning = False

    def set_figure(self, value: str, caption: str | None = None, *, warning: bool = False) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)
        self.warning = warning
        palette = self.value.palette()
        colour = (
            warning_colour(self.palette())
            if warning
            else self.palette().color(QPalette.ColorRole.WindowText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.value.setPalette(palette)
        self.setAccessibleName(f"{value} {self.caption.text()}")

    def _unbroken_width(self) -> int:
        return max(
            QFontMetrics(label.font()).horizontalAdvance(label.text()) + 4
            for label in (self.value, self.caption)
        )

    def sizeHint(self) -> QSize:
        margins = self.layout().contentsMargins()
        return QSize(
            self._unbroken_width() + margins.left() + margins.right(), super().sizeHint().height()
        )

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(min(self.sizeHint().width(), em * 5), super().minimumSizeHint().height())

    def text(self) -> str:
        return f"{self.value.text()} {self.caption.text()}"
