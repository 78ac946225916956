"""The one look of a warning on screen: the warning sign, the palette's warning colour, the text.

Decision missing, nobody who decides attends, reads like a promise, stalling and out-of-order
dates all use it: ``WarningLabel`` in forms, ``paint_warning`` in painted views (the journey
line, the momentum rows) and ``warning_icon`` in item views (the pursuit list). The colour comes
from ``journey_glyphs.warning_colour``, which has a light and a dark variant, so a warning stays
legible in either appearance; the sign carries the meaning where colour cannot.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ..drawing import journey_glyphs as glyphs
from ..drawing.journey_glyphs import warning_colour
from .kept_heights import plain_label

WARNING_OBJECT_NAME = "warning"


def warning_pixmap(palette: QPalette, size: int, ratio: float = 1.0) -> QPixmap:
    """The warning sign, ``size`` logical pixels square, for a screen of pixel ``ratio``."""
    pixmap = QPixmap(max(1, round(size * ratio)), max(1, round(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    glyphs.draw_warning_sign(painter, QPointF(size / 2, size / 2), size * 0.9, palette)
    painter.end()
    return pixmap


_icons: dict[tuple[int, int], QIcon] = {}


def warning_icon(palette: QPalette) -> QIcon:
    """The sign as an icon for item views; made once per palette (a list asks for every row)."""
    key = (warning_colour(palette).rgba(), palette.color(QPalette.ColorRole.Base).rgba())
    icon = _icons.get(key)
    if icon is None:
        icon = QIcon()
        for size in (16, 24, 32):
            icon.addPixmap(warning_pixmap(palette, size))
        _icons[key] = icon
    return icon


# Looked up once: a journey line paints many warnings, each look-up of a Qt enum costs.
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_MIDDLE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def paint_warning(
    painter: QPainter, room: QRectF, text: str, font: QFont, palette: QPalette
) -> QRectF:
    """The sign and ``text`` (plain, one line, elided) at the left of ``room``, vertically
    centred; returns the rectangle they took."""
    metrics = QFontMetricsF(font)
    size = min(room.height(), metrics.height()) * 0.9
    centre = QPointF(room.left() + size / 2, room.center().y())
    glyphs.draw_warning_sign(painter, centre, size, palette)
    left = room.left() + size + metrics.averageCharWidth() * 0.6
    shown = metrics.elidedText(text, _ELIDE_RIGHT, max(0.0, room.right() - left))
    painter.save()
    painter.setFont(font)
    painter.setPen(warning_colour(palette))
    box = QRectF(left, room.top(), room.right() - left, room.height())
    painter.drawText(box, _LEFT_MIDDLE, shown)
    painter.restore()
    width = left - room.left() + metrics.horizontalAdvance(shown)
    return QRectF(room.left(), room.top(), width, room.height())


def paint_width(text: str, font: QFont) -> float:
    """How wide ``paint_warning`` draws ``text`` in ``font`` (sign included)."""
    metrics = QFontMetricsF(font)
    return (
        metrics.height() * 0.9 + metrics.averageCharWidth() * 0.6 + metrics.horizontalAdvance(text)
    )


class WarningLabel(QWidget):
    """A warning in a form: the sign, then the text in the warning colour, wrapped; buttons
    added with ``add_button`` (an offer to fix it) follow below the text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(WARNING_OBJECT_NAME)
        self.icon = QLabel(self)
        self.icon.setObjectName("warningSign")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.icon.setAccessibleName("Warning")
        self.label = plain_label(text, self)
        self.label.setObjectName("warningText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 2, 0, 0)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 0, 1)
        layout.setColumnStretch(1, 1)
        self._grid = layout
        self._restyle()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(f"Warning: {text}" if text else "")

    def textFormat(self) -> Qt.TextFormat:
        return self.label.textFormat()

    def add_button(self, text: str) -> QPushButton:
        if self.buttons.count() == 0:
            self._grid.addLayout(self.buttons, 1, 1)
        button = QPushButton(text, self)
        self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        return button

    def text_colour(self) -> QColor:
        return self.label.palette().color(QPalette.ColorRole.WindowText)

    def sign(self) -> QPixmap:
        return self.icon.pixmap()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._restyle()

    def _restyle(self) -> None:
        palette = self.palette()
        # Only the text role is set here; the rest keeps following the window's palette.
        text_palette = QPalette()
        text_palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
        self.label.setPalette(text_palette)
        size = round(QFontMetricsF(self.font()).height())
        self.icon.setFixedSize(QSize(size, size))
        self.icon.setPixmap(warning_pixmap(palette, size, self.devicePixelRatioF()))
