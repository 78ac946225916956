"""What a first launch shows instead of an empty window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..resources_access import icon_path
from .kept_heights import KeptHeights, PlainLabel


def arrow_icon(colour: QColor, size: int = 20) -> QIcon:
    """A right arrow in ``colour``: the style's own is drawn black, lost on a dark palette."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, size / 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath(QPointF(size * 0.2, size * 0.5))
    path.lineTo(size * 0.8, size * 0.5)
    path.moveTo(size * 0.55, size * 0.25)
    path.lineTo(size * 0.8, size * 0.5)
    path.lineTo(size * 0.55, size * 0.75)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


class LinkButton(KeptHeights, QCommandLinkButton):
    """A command link whose height for a width is worked out once per width and texts: the
    welcome page stays, hidden, in the stack under every pursuit's page, and Qt's stacked layout
    asks each of its pages, hidden or not, for its height at every layout pass."""

    def _height_key(self) -> tuple[object, ...]:
        return (self.text(), self.description(), self.iconSize())


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
        intro = PlainLabel(
            "Every pursuit moves forward only when the client decides something. "
            "Pursuit Journey prepares each meeting around that next decision, and draws "
            "the journey from the first meeting to the signed contract.",
            self,
        )
        intro.setWordWrap(True)
        self.create_button = LinkButton(
            "Create a pursuit", "Start with the name of an opportunity you are working on.", self
        )
        self.sample_button = LinkButton(
            "Open a sample pursuit",
            "A realistic pursuit with six steps: see what the app is for, then delete it.",
            self,
        )
        self._paint_arrows()
        self.create_button.clicked.connect(self.createRequested)
        self.sample_button.clicked.connect(self.sampleRequested)

        logo = QLabel(self)
        logo.setPixmap(QIcon(str(icon_path())).pixmap(QSize(72, 72)))

        column = QWidget(self)
        column.setMaximumWidth(600)
        inner = QVBoxLayout(column)
        inner.setSpacing(14)
        for widget in (logo, title, intro, self.create_button, self.sample_button):
            inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 6)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        title.setTextFormat(Qt.TextFormat.PlainText)
        intro.setTextFormat(Qt.TextFormat.PlainText)

    def _paint_arrows(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for button in (self.create_button, self.sample_button):
            button.setIcon(arrow_icon(colour))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # Appearance: light or dark
            self._paint_arrows()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Outside a dialog a button takes Space only; the seller expects Enter to choose too.
        focused = self.focusWidget()
        chosen = next((b for b in (self.create_button, self.sample_button) if b is focused), None)
        if chosen is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chosen.click()
            return
        super().keyPressEvent(event)
