"""A compact journey line: one pursuit in a row of the momentum view.

Drawn with the journey line's own glyphs (``journey_glyphs``) and its own line rule (solid as far
as the pursuit has come, dashed ahead), on a scale every row shares: First meeting at the same x,
Contract signed at the same x (``domain.momentum_board.shared_scale``).
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen, QPixmap

from ..domain.journey_layout import JourneyEnd
from ..domain.momentum_board import CompactLine, shared_scale
from . import journey_glyphs as glyphs

MIN_GLYPH = 5.0  # below this a tick's shape no longer reads
# Pictures of compact lines kept for the screen: about two screens of rows (each some 60 KB).
PICTURES_KEPT = 48
_pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()


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


def draw_compact_line_on_screen(
    painter: QPainter, rect: QRectF, line: CompactLine, palette: QPalette, glyph: float
) -> None:
    """``draw_compact_line`` for a widget: the picture of a line is kept (by what it shows,
    its size, its place within a pixel, the palette and the screen's scale) and drawn again
    as it is: rows repainted, or shown again after an edit to another pursuit, cost a copy."""
    ratio = painter.device().devicePixelRatioF()
    left, top = math.floor(rect.left()), math.floor(rect.top())
    local = rect.translated(-left, -top)
    key = (
        line.letters,
        line.here,
        line.end,
        round(local.left() * 64),
        round(local.top() * 64),
        round(rect.width() * 64),
        round(rect.height() * 64),
        round(glyph * 64),
        palette.cacheKey(),
        ratio,
    )
    picture = _pictures.get(key)
    if picture is None:
        picture = QPixmap(
            math.ceil((local.right() + 1) * ratio), math.ceil((local.bottom() + 1) * ratio)
        )
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        on_picture = QPainter(picture)
        draw_compact_line(on_picture, local, line, palette, glyph)
        on_picture.end()
        _pictures[key] = picture
        if len(_pictures) > PICTURES_KEPT:
            _pictures.popitem(last=False)
    else:
        _pictures.move_to_end(key)
    painter.drawPixmap(QPointF(left, top), picture)
