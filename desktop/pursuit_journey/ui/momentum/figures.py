"""Figures: counts in words, and at the top of a view a number large, what it counts beneath."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.wording import counted
from ...drawing.journey_glyphs import warning_colour


def count_text(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 step", "2 steps", "1,200 steps": the figure in the locale's digits."""
    return counted(count, singular, plural, number=QLocale().toString)


class FigureTile(QWidget):
    """Wants the room to show both lines unbroken, but wraps them on a narrow window rather
    than making the window wider."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel(self)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        # Explicit: inside a button (FigureButton) a label would take the button's text role.
        self.value.setForegroundRole(QPalette.ColorRole.WindowText)
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
        self._colour_value()
        self.setAccessibleName(f"{value} {self.caption.text()}")

    def _colour_value(self) -> None:
        palette = self.value.palette()
        colour = (
            warning_colour(self.palette())
            if self.warning
            else self.palette().color(QPalette.ColorRole.WindowText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.value.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light ↔ dark: the value follows
            self._colour_value()

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
        # Narrow, the lines wrap between words; never narrower than the value's longest word
        # (an amount such as 353,816,000), which would be cut in the middle of its digits.
        em = self.fontMetrics().height()
        margins = self.layout().contentsMargins()
        metrics = QFontMetrics(self.value.font())
        longest = max(
            (metrics.horizontalAdvance(word) for word in self.value.text().split()), default=0
        )
        return QSize(
            max(
                min(self.sizeHint().width(), em * 5), longest + 4 + margins.left() + margins.right()
            ),
            super().minimumSizeHint().height(),
        )

    def text(self) -> str:
        return f"{self.value.text()} {self.caption.text()}"


class FigureButton(QPushButton):
    """A figure that filters what it counts: click (or Space) to show only those rows, click
    again to show all. Flat until checked, so it reads as a figure among the others."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = FigureTile(caption, self)
        self.tile.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.value = self.tile.value
        self.caption = self.tile.caption
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 0, 2)
        layout.addWidget(self.tile)
        self.setCheckable(True)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_figure(self, value: str, caption: str | None = None, *, warning: bool = False) -> None:
        self.tile.set_figure(value, caption, warning=warning)
        self.setAccessibleName(self.tile.text())
        self.updateGeometry()

    @property
    def warning(self) -> bool:
        return self.tile.warning

    def text(self) -> str:
        return self.tile.text()

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()
