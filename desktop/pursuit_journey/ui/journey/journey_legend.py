"""The journey line's legend: what each tick's shape means, as on the printed sheet.

One row under the line, drawn with the ticks' own glyph functions, with a small button to hide
it; View ▸ Journey Legend shows it again. Whether it is shown is remembered in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from ...domain.journey_layout import TickState
from ...drawing import journey_glyphs as glyphs
from ..window_layout import LEGEND_SHOWN as SETTING
from ..window_layout import load_legend_shown, save_legend_shown

__all__ = ["LEGEND", "SETTING", "JourneyLegend", "load_legend_shown", "save_legend_shown"]

LEGEND: tuple[tuple[TickState, str], ...] = (
    (TickState.PLANNED, "planned"),
    (TickState.ADVANCED, "advanced"),
    (TickState.STAYED, "stayed"),
    (TickState.WENT_BACK, "went back"),
    (TickState.DECISION_MISSING, "decision missing"),
)


class LegendEntries(QWidget):
    """The five states in a row: each state's tick, then its name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Legend")
        self.setAccessibleDescription(", ".join(label for _, label in LEGEND))

    def _font(self) -> QFont:
        small = QFont(self.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        return small

    def entry_rects(self) -> list[tuple[TickState, str, QRectF, QRectF]]:
        """Each state with where its glyph and its name go (widget coordinates)."""
        metrics = QFontMetricsF(self._font())
        glyph = metrics.height() * 0.9
        gap = metrics.averageCharWidth()
        x = gap / 2
        centre_y = self.height() / 2
        rects = []
        for state, label in LEGEND:
            glyph_rect = QRectF(x, centre_y - glyph / 2, glyph, glyph)
            x += glyph + gap * 0.6
            width = metrics.horizontalAdvance(label)
            text_rect = QRectF(x, centre_y - metrics.height() / 2, width, metrics.height())
            x += width + gap * 2.5
            rects.append((state, label, glyph_rect, text_rect))
        return rects

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self._font())
        rects = self.entry_rects()
        return QSize(int(rects[-1][3].right() + 4), int(metrics.height() * 1.3))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        palette = self.palette()
        font = self._font()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        for state, label, glyph_rect, text_rect in self.entry_rects():
            if glyph_rect.left() > self.width():
                break
            glyphs.draw_tick(painter, glyph_rect.center(), glyph_rect.height(), state, palette)
            painter.setFont(font)
            painter.setPen(quiet)
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(text_rect.adjusted(0, 0, 4, 0), flags, label)  # plain text
        painter.end()

    def glyph_centre(self, state: TickState) -> QPointF:
        for entry_state, _label, glyph_rect, _text in self.entry_rects():
            if entry_state is state:
                return glyph_rect.center()
        raise KeyError(state)


class JourneyLegend(QWidget):
    """The legend row with its hide button; ``hideRequested`` when the seller closes it."""

    hideRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journeyLegend")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.entries = LegendEntries(self)
        self.hide_button = QToolButton(self)
        self.hide_button.setText("×")
        self.hide_button.setAutoRaise(True)
        self.hide_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the View menu has it too
        self.hide_button.setToolTip("Hide the legend (View ▸ Journey Legend shows it again)")
        self.hide_button.setAccessibleName("Hide the legend")
        self.hide_button.clicked.connect(self.hideRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 2, 0)
        layout.setSpacing(0)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.hide_button)

    def labels(self) -> list[str]:
        return [label for _, label in LEGEND]

    def sizeHint(self) -> QSize:
        height = max(self.entries.sizeHint().height(), self.hide_button.sizeHint().height() - 4)
        return QSize(self.entries.sizeHint().width() + self.hide_button.sizeHint().width(), height)
