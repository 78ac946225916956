"""The small journey line at the top of a sheet: vector shapes, sharp when printed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from ..domain.vocabulary import Outcome
from .sheet_content import SheetContent

INK = QColor("#202020")
MUTED = QColor("#8a8a8a")
HIGHLIGHT = QColor("#1f5f73")


def draw_tick_shape(
    painter: QPainter, centre: QPointF, radius: float, outcome: Outcome, missing: bool
) -> None:
    """One step's mark: the shape tells its state even in black and white."""
    painter.save()
    pen = QPen(INK, max(radius * 0.28, 0.5))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if outcome is Outcome.ADVANCED:
        painter.setBrush(QBrush(INK))
        painter.drawEllipse(centre, radius, radius)
    elif outcome is Outcome.STAYED:
        painter.setBrush(QBrush(MUTED))
        painter.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
    elif outcome is Outcome.WENT_BACK:
        path = QPainterPath()
        path.moveTo(centre.x() - radius * 1.15, centre.y())
        path.lineTo(centre.x() + radius, centre.y() - radius)
        path.lineTo(centre.x() + radius, centre.y() + radius)
        path.closeSubpath()
        painter.setBrush(QBrush(INK))
        painter.drawPath(path)
    else:
        if missing:
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(centre, radius, radius)
    painter.restore()


def draw_mini_line(painter: QPainter, rect: QRectF, content: SheetContent, unit: float) -> None:
    """The pursuit's line from First meeting to Contract signed inside ``rect`` (device units);
    ``unit`` is one typographic point in device units."""
    painter.save()
    small = QFont("DejaVu Sans")
    small.setPointSizeF(7)
    painter.setFont(small)
    metrics = QFontMetricsF(small, painter.device())
    start_label, end_label = "First meeting", "Contract signed"
    line_y = rect.top() + rect.height() * 0.42
    left = rect.left() + metrics.horizontalAdvance(start_label) + 8 * unit
    right = rect.right() - metrics.horizontalAdvance(end_label) - 8 * unit
    painter.setPen(QPen(INK, 1.2 * unit))
    painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
    painter.drawText(
        QRectF(rect.left(), line_y - metrics.height() / 2, left - rect.left(), metrics.height()),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        start_label,
    )
    painter.drawText(
        QRectF(
            right + 6 * unit, line_y - metrics.height() / 2, rect.right() - right, metrics.height()
        ),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        end_label,
    )
    # End mark: filled when won, crossed when lost.
    end = QPointF(right, line_y)
    painter.setBrush(QBrush(INK) if content.status.value == "won" else Qt.BrushStyle.NoBrush)
    painter.drawEllipse(end, 3.2 * unit, 3.2 * unit)
    if content.status.value == "lost":
        d = 3.2 * unit
        painter.drawLine(QPointF(end.x() - d, end.y() - d), QPointF(end.x() + d, end.y() + d))
        painter.drawLine(QPointF(end.x() - d, end.y() + d), QPointF(end.x() + d, end.y() - d))

    count = len(content.line)
    span = right - left
    gap = span / (count + 1)
    radius = min(3.4 * unit, gap * 0.3)
    for index, step in enumerate(content.line):
        centre = QPointF(left + gap * (index + 1), line_y)
        if step.is_this_step:
            painter.setPen(QPen(HIGHLIGHT, 1.4 * unit))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius + 3 * unit, radius + 3 * unit)
            label_width = min(140 * unit, span)
            label_x = max(
                rect.left(), min(centre.x() - label_width / 2, rect.right() - label_width)
            )
            elided = metrics.elidedText(step.title, Qt.TextElideMode.ElideRight, label_width)
            painter.setPen(INK)
            painter.drawText(
                QRectF(label_x, line_y + radius + 5 * unit, label_width, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                elided,
            )
        draw_tick_shape(painter, centre, radius, step.outcome, step.decision_missing)

    # "You are here": a marker above the line between the last held step and the next one.
    here_x = left + gap * (content.standing.here + 0.5) if count else left
    if content.standing.finished:
        here_x = right
    marker = QPainterPath()
    top = line_y - radius - 9 * unit
    marker.moveTo(here_x - 4 * unit, top)
    marker.lineTo(here_x + 4 * unit, top)
    marker.lineTo(here_x, top + 6 * unit)
    marker.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(HIGHLIGHT))
    painter.drawPath(marker)
    painter.setPen(HIGHLIGHT)
    here_label = "you are here"
    here_width = metrics.horizontalAdvance(here_label) + 2 * unit
    here_left = max(rect.left(), min(here_x - here_width / 2, rect.right() - here_width))
    painter.drawText(
        QRectF(here_left, top - metrics.height() - unit, here_width, metrics.height()),
        Qt.AlignmentFlag.AlignCenter,
        here_label,
    )
    painter.restore()
