"""A compact journey line: one pursuit in a row of the momentum view.

Drawn with the journey line's own glyphs (``journey_glyphs``) and its own line rule (solid as far
as the pursuit has come, dashed ahead), on a scale every row shares: First meeting at the same x,
Contract signed at the same x (``domain.momentum_board.shared_scale``).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen

from ..domain.journey_layout import JourneyEnd
from ..domain.momentum_board import CompactLine, shared_scale
from . import journey_glyphs as glyphs

MIN_GLYPH = 5.0  # below this a tick's shape no longer reads


def line_ends(rect: QRectF, glyph: float) -> tuple[float, float]:
    """Where First meeting and Contract signed sit in ``rect``: the same for every row."""
    inset = glyph * 0.8
    return rect.left() + inset, rect.right() - inset


def draw_compact_line(
    painter: QPainter, rect: QRectF, line: CompactLine, palette: QPalette, glyph: float
) -> None:
    """``line`` across ``rect``: its line on the lower part, the "here" marker above it."""
    start_x, end_x = line_ends(rect, glyph)
    geometry = shared_scale(len(line.states), start_x, end_x)
    # Many steps in little room: the glyphs shrink so neighbours never touch.
    size = max(MIN_GLYPH, min(glyph, geometry.spacing * 0.8)) if line.states else glyph
    muted = line.end is JourneyEnd.LOST
    finished = line.end is not JourneyEnd.OPEN
    line_y = rect.top() + rect.height() * 0.62
    here_x = geometry.here_x(line.here, finished)

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    stroke = max(1.2, glyph / 8)
    painter.setPen(QPen(glyphs.line_colour(palette, muted), stroke))
    painter.drawLine(QPointF(start_x, line_y), QPointF(here_x, line_y))
    ahead = QPen(glyphs.muted_colour(glyphs.line_colour(palette), palette), stroke)
    ahead.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(ahead)
    painter.drawLine(QPointF(here_x, line_y), QPointF(end_x, line_y))

    glyphs.draw_ticks(
        painter,
        [
            (QPointF(geometry.tick_x(index), line_y), state)
            for index, state in enumerate(line.states)
        ],
        size,
        palette,
        muted=muted,
    )
    glyphs.draw_start_node(painter, QPointF(start_x, line_y), glyph, palette, muted=muted)
    glyphs.draw_end_node(painter, QPointF(end_x, line_y), glyph, palette, line.end)

    tip = QPointF(here_x, line_y - max(size, glyph * 0.8) * 0.6)
    marker = min(glyph * 0.7, max(4.0, tip.y() - rect.top() - 1))
    glyphs.draw_here_marker(painter, tip, marker, palette, muted=muted)
    painter.restore()
