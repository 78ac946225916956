"""Drawing the journey line's marks with a QPainter: on screen and, later, on a printed page.

Each function takes a painter, where to draw, a size (the glyph's height, in the painter's unit)
and a palette, and nothing else: no widget, so a PDF page can use them too. A tick's state shows
by its shape as well as its colour, so the line reads in grey print and for colour-blind eyes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)

from ..domain.journey_layout import JourneyEnd, TickState
from .shaped_text import CentredLines

START_CAPTION = "First meeting"
END_CAPTIONS = {
    JourneyEnd.OPEN: "Contract signed",
    JourneyEnd.WON: "Contract signed",
    JourneyEnd.LOST: "Lost / no decision",
}
HERE_CAPTION = "You are here"

# (on a light background, on a dark one): colour pairs with enough contrast on each.
_STATE_COLOURS: dict[TickState, tuple[str, str]] = {
    TickState.ADVANCED: ("#2e7d32", "#81c784"),
    TickState.STAYED: ("#6d5d00", "#e0c65c"),
    TickState.WENT_BACK: ("#c62828", "#ef9a9a"),
    TickState.DECISION_MISSING: ("#c43e00", "#ffab66"),
}
_WON_COLOURS = ("#2e7d32", "#81c784")
_LOST_COLOURS = ("#8e3b3b", "#d39a9a")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def muted_colour(colour: QColor, palette: QPalette) -> QColor:
    """``colour`` faded towards the background: a lost pursuit is drawn quietly."""
    background = palette.color(QPalette.ColorRole.Base)
    mix = 0.55
    return QColor.fromRgbF(
        colour.redF() * (1 - mix) + background.redF() * mix,
        colour.greenF() * (1 - mix) + background.greenF() * mix,
        colour.blueF() * (1 - mix) + background.blueF() * mix,
    )


def state_colour(state: TickState, palette: QPalette, muted: bool = False) -> QColor:
    if state is TickState.NOT_HELD:  # always quiet: it did not happen
        return muted_colour(palette.color(QPalette.ColorRole.Text), palette)
    if state is TickState.PLANNED:
        colour = palette.color(QPalette.ColorRole.Text)
    else:
        colour = _pick(_STATE_COLOURS[state], palette)
    return muted_colour(colour, palette) if muted else colour


def line_colour(palette: QPalette, muted: bool = False) -> QColor:
    colour = palette.color(QPalette.ColorRole.Text)
    return muted_colour(colour, palette) if muted else colour


def _pen(colour: QColor, size: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, max(1.0, size / 7))
    pen.setStyle(style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_tick(
    painter: QPainter,
    centre: QPointF,
    size: float,
    state: TickState,
    palette: QPalette,
    *,
    muted: bool = False,
) -> None:
    """One step: hollow circle planned, filled disc advanced, square stayed, left-pointing
    triangle went back, dashed circle with "!" when the decision is missing, a faint circle
    struck through when it was not held."""
    draw_ticks(painter, [(centre, state)], size, palette, muted=muted)


def draw_ticks(
    painter: QPainter,
    ticks: Iterable[tuple[QPointF, TickState]],
    size: float,
    palette: QPalette,
    *,
    muted: bool = False,
) -> None:
    """Many ticks of one size (a compact line's): drawn as ``draw_tick`` draws each, with each
    state's colour and pens made once and set once."""
    by_state: dict[TickState, list[QPointF]] = {}
    for centre, state in ticks:
        by_state.setdefault(state, []).append(centre)
    if not by_state:
        return
    radius = size / 2
    palette_key = palette.cacheKey()
    painter.save()
    painter.setRenderHint(_ANTIALIASING)
    for state, centres in by_state.items():
        style = _tick_style(palette, palette_key, state, size, muted)
        if state is TickState.PLANNED:
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            ring = radius * 0.8
            for centre in centres:
                painter.drawEllipse(centre, ring, ring)
        elif state is TickState.NOT_HELD:
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            reach = radius * 0.75
            ring = radius * 0.7
            for centre in centres:
                painter.drawEllipse(centre, ring, ring)
                painter.drawLine(
                    QPointF(centre.x() - reach, centre.y() + reach),
                    QPointF(centre.x() + reach, centre.y() - reach),
                )
        elif state is TickState.DECISION_MISSING:
            painter.setBrush(style.fill)
            ring = radius * 0.85
            for centre in centres:
                painter.setPen(style.pen)  # dashed
                painter.drawEllipse(centre, ring, ring)
                painter.setPen(style.mark)
                painter.drawLine(
                    QPointF(centre.x(), centre.y() - radius * 0.45),
                    QPointF(centre.x(), centre.y() + radius * 0.1),
                )
                painter.drawPoint(QPointF(centre.x(), centre.y() + radius * 0.4))
        elif state is TickState.ADVANCED:
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            disc = radius * 0.85
            for centre in centres:
                painter.drawEllipse(centre, disc, disc)
        elif state is TickState.STAYED:
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            side = radius * 1.3
            for centre in centres:
                painter.drawRect(QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side))
        else:  # went back: a triangle pointing back along the line
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            for centre in centres:
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(centre.x() - radius, centre.y()),
                            QPointF(centre.x() + radius * 0.75, centre.y() - radius * 0.9),
                            QPointF(centre.x() + radius * 0.75, centre.y() + radius * 0.9),
                        ]
                    )
                )
    painter.restore()


@dataclass(frozen=True)
class _TickStyle:
    """How one state's ticks are drawn: the pen of their outline (dashed for a missing
    decision), what fills them, and the pen of the "!" of a missing decision."""

    pen: QPen
    fill: QColor
    mark: QPen | None = None


# By the palette's contents (its cache key), the state, the size and muted: a board of a
# hundred lines, or a batch of hundreds of sheets, draws the same few again and again.
_TICK_STYLES: dict[tuple[int, TickState, float, bool], _TickStyle] = {}
_TICK_STYLES_KEPT = 512  # a cache this full is emptied and starts again
_ANTIALIASING = QPainter.RenderHint.Antialiasing


def _tick_style(
    palette: QPalette, palette_key: int, state: TickState, size: float, muted: bool
) -> _TickStyle:
    key = (palette_key, state, size, muted)
    style = _TICK_STYLES.get(key)
    if style is None:
        colour = state_colour(state, palette, muted)
        base = palette.color(QPalette.ColorRole.Base)
        if state is TickState.DECISION_MISSING:
            dashed = _pen(colour, size, Qt.PenStyle.DashLine)
            style = _TickStyle(dashed, base, _pen(colour, size * 1.1))
        elif state in (TickState.PLANNED, TickState.NOT_HELD):
            style = _TickStyle(_pen(colour, size), base)
        else:
            style = _TickStyle(_pen(colour, size), colour)
        if len(_TICK_STYLES) >= _TICK_STYLES_KEPT:
            _TICK_STYLES.clear()
        _TICK_STYLES[key] = style
    return style


def warning_colour(palette: QPalette) -> QColor:
    """The one warning colour (that of "decision missing"), with contrast on either appearance."""
    return state_colour(TickState.DECISION_MISSING, palette)


def draw_warning_sign(painter: QPainter, centre: QPointF, size: float, palette: QPalette) -> None:
    """The warning sign every warning shows: a triangle in the warning colour with a "!" cut
    out of it in the background colour."""
    colour = warning_colour(palette)
    half = size / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(
        QPen(
            colour,
            max(1.0, size / 10),
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    painter.setBrush(colour)
    painter.drawPolygon(
        QPolygonF(
            [
                QPointF(centre.x(), centre.y() - half * 0.9),
                QPointF(centre.x() + half, centre.y() + half * 0.8),
                QPointF(centre.x() - half, centre.y() + half * 0.8),
            ]
        )
    )
    mark = QPen(palette.color(QPalette.ColorRole.Base), max(1.0, size / 7))
    mark.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(mark)
    painter.drawLine(
        QPointF(centre.x(), centre.y() - half * 0.3), QPointF(centre.x(), centre.y() + half * 0.25)
    )
    painter.drawPoint(QPointF(centre.x(), centre.y() + half * 0.55))
    painter.restore()


def accent_colour(palette: QPalette) -> QColor:
    """The palette's accent, light enough to stand out on a dark background."""
    accent = QColor(palette.color(QPalette.ColorRole.Highlight))
    return accent.lighter(140) if is_dark(palette) else accent


def draw_open_ring(painter: QPainter, centre: QPointF, size: float, colour: QColor) -> None:
    """A ring round a tick: the step whose prep form is open."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, max(1.5, size / 8)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # Between the largest tick (half the size) and the step's number above it.
    painter.drawEllipse(centre, size * 0.6, size * 0.6)
    painter.restore()


def draw_start_node(
    painter: QPainter, centre: QPointF, size: float, palette: QPalette, *, muted: bool = False
) -> None:
    """First meeting: a small filled dot in a ring, where every journey begins."""
    colour = line_colour(palette, muted)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(_pen(colour, size))
    painter.setBrush(palette.color(QPalette.ColorRole.Base))
    painter.drawEllipse(centre, size * 0.45, size * 0.45)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(centre, size * 0.2, size * 0.2)
    painter.restore()


def draw_end_node(
    painter: QPainter, centre: QPointF, size: float, palette: QPalette, end: JourneyEnd
) -> None:
    """The right end: a hollow diamond still to reach, a filled one with a tick when won,
    a cross when lost."""
    radius = size * 0.6
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if end is JourneyEnd.LOST:
        colour = _pick(_LOST_COLOURS, palette)
        painter.setPen(_pen(colour, size * 1.6))
        painter.drawLine(
            centre + QPointF(-radius * 0.7, -radius * 0.7),
            centre + QPointF(radius * 0.7, radius * 0.7),
        )
        painter.drawLine(
            centre + QPointF(-radius * 0.7, radius * 0.7),
            centre + QPointF(radius * 0.7, -radius * 0.7),
        )
        painter.restore()
        return
    diamond = QPolygonF(
        [
            centre + QPointF(0, -radius),
            centre + QPointF(radius, 0),
            centre + QPointF(0, radius),
            centre + QPointF(-radius, 0),
        ]
    )
    if end is JourneyEnd.WON:
        colour = _pick(_WON_COLOURS, palette)
        painter.setPen(_pen(colour, size))
        painter.setBrush(colour)
        painter.drawPolygon(diamond)
        check = QPainterPath(centre + QPointF(-radius * 0.4, 0))
        check.lineTo(centre + QPointF(-radius * 0.1, radius * 0.3))
        check.lineTo(centre + QPointF(radius * 0.4, -radius * 0.3))
        painter.setPen(_pen(palette.color(QPalette.ColorRole.Base), size))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(check)
    else:
        painter.setPen(_pen(line_colour(palette), size))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawPolygon(diamond)
    painter.restore()


def draw_here_marker(
    painter: QPainter, tip: QPointF, size: float, palette: QPalette, *, muted: bool = False
) -> None:
    """ "You are here": a triangle pointing down at the line, in the palette's accent colour."""
    colour = palette.color(QPalette.ColorRole.Highlight)
    if muted:
        colour = muted_colour(colour, palette)
    half = size / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(
        QPolygonF(
            [tip, QPointF(tip.x() - half, tip.y() - size), QPointF(tip.x() + half, tip.y() - size)]
        )
    )
    painter.restore()


def draw_plus(
    painter: QPainter, centre: QPointF, size: float, palette: QPalette, *, hot: bool = False
) -> None:
    """The "+" that inserts a step between two others."""
    radius = size / 2
    accent = palette.color(QPalette.ColorRole.Highlight)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(_pen(accent, size))
    painter.setBrush(accent if hot else palette.color(QPalette.ColorRole.Base))
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(
        _pen(palette.color(QPalette.ColorRole.HighlightedText) if hot else accent, size * 1.2)
    )
    arm = radius * 0.5
    painter.drawLine(centre + QPointF(-arm, 0), centre + QPointF(arm, 0))
    painter.drawLine(centre + QPointF(0, -arm), centre + QPointF(0, arm))
    painter.restore()


def draw_drop_indicator(
    painter: QPainter, x: float, top: float, bottom: float, size: float, palette: QPalette
) -> None:
    """Where a dragged step will land: an accent bar with a notch at each end."""
    accent = palette.color(QPalette.ColorRole.Highlight)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(accent, max(2.0, size / 4)))
    painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(accent)
    half = size / 3
    painter.drawPolygon(
        QPolygonF([QPointF(x - half, top), QPointF(x + half, top), QPointF(x, top + half)])
    )
    painter.drawPolygon(
        QPolygonF([QPointF(x - half, bottom), QPointF(x + half, bottom), QPointF(x, bottom - half)])
    )
    painter.restore()


# Qt's flags looked up once: each look-up of an enum member from Python costs as much as
# measuring a word, and a line's paint asks for them hundreds of times.
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_H_CENTRE = Qt.AlignmentFlag.AlignHCenter
_RIGHT = Qt.AlignmentFlag.AlignRight
_CENTRED_LINE = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine)


def _fitted_lines(
    text: str, metrics: QFontMetricsF, width: float, max_lines: int
) -> list[tuple[str, float]]:
    """``wrapped_lines``, each line with its advance (measured once: a line already measured
    to fit is neither elided nor measured again)."""
    lines: list[str] = []
    advances: list[float | None] = []  # None: not measured yet
    words = text.split()
    for number, word in enumerate(words):
        if lines:
            trial = f"{lines[-1]} {word}"
            advance = metrics.horizontalAdvance(trial)
            if advance <= width:
                lines[-1] = trial
                advances[-1] = advance
                continue
            if len(lines) == max_lines:  # no more lines: the rest goes on the last, elided
                lines[-1] = " ".join([lines[-1], *words[number:]])
                advances[-1] = None
                break
        lines.append(word)
        advances.append(None)
    fitted = []
    for line, known in zip(lines, advances, strict=True):
        advance = metrics.horizontalAdvance(line) if known is None else known
        if advance > width:
            line = metrics.elidedText(line, _ELIDE_RIGHT, width)
            advance = metrics.horizontalAdvance(line)
        fitted.append((line, advance))
    return fitted


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """``text`` broken at words into at most ``max_lines`` lines of ``width``; the last one
    takes the rest of the text and is elided when it does not fit."""
    return [line for line, _ in _fitted_lines(text, QFontMetricsF(font), width, max_lines)]


# Lines of a caption as fitted (each with its advance), the font's line height and the font
# itself (held, so that no other font can take its identity), by the font's identity, the
# text, the width and the most lines allowed: see ``caption_boxes``.
FittedCache = dict[tuple[int, str, float, int], tuple[list[tuple[str, float]], float, QFont]]
_FITTED_KEPT = 4096  # a cache this full is emptied and starts again


def caption_boxes(
    rect: QRectF,
    text: str,
    font: QFont,
    *,
    max_lines: int = 1,
    align: Qt.AlignmentFlag = _H_CENTRE,
    fitted: FittedCache | None = None,
) -> list[tuple[QRectF, str]]:
    """Each line of ``text`` fitted into ``rect``, with the rectangle its ink takes.

    ``fitted``: where a widget that draws the same captions again keeps them measured (the
    journey line: a repaint, a drag, another pursuit and back). It is keyed by the font
    object, so the widget keeps its fonts and empties it whenever it makes them again."""
    key = (id(font), text, rect.width(), max_lines)
    known = fitted.get(key) if fitted is not None else None
    if known is None:
        metrics = QFontMetricsF(font)
        known = (_fitted_lines(text, metrics, rect.width(), max_lines), metrics.height(), font)
        if fitted is not None:
            if len(fitted) >= _FITTED_KEPT:
                fitted.clear()
            fitted[key] = known
    lines, height, _font = known
    width = rect.width()
    boxes: list[tuple[QRectF, str]] = []
    if align is _H_CENTRE:  # the usual case, without Qt's flag arithmetic from Python
        centred, right = True, False
    else:
        centred, right = bool(align & _H_CENTRE), bool(align & _RIGHT)
    for number, (line, advance) in enumerate(lines):
        advance = min(advance, width)
        if centred:
            left = rect.center().x() - advance / 2
        elif right:
            left = rect.right() - advance
        else:
            left = rect.left()
        top = rect.top() + number * height
        boxes.append((QRectF(left, top, advance, height), line))
    return boxes


def draw_text_boxes(
    painter: QPainter,
    boxes: list[tuple[QRectF, str]],
    font: QFont,
    colour: QColor,
    shaped: CentredLines | None = None,
) -> None:
    """Lines from ``caption_boxes``, drawn as plain text (a painter never reads markup).

    ``shaped``: where a widget that draws the same captions again keeps their glyphs shaped
    (the journey line), each drawn where ``drawText`` draws it."""
    if not boxes:
        return
    painter.save()
    painter.setFont(font)
    painter.setPen(QPen(QBrush(colour), 1))
    for box, line in boxes:
        # A little slack: the advance is rounded, and a clipped last glyph would look wrong.
        if shaped is None:
            painter.drawText(box.adjusted(-2, 0, 2, 0), _CENTRED_LINE, line)
        else:
            shaped.draw(painter, box, 2, line, font)
    painter.restore()


def draw_caption(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    colour: QColor,
    *,
    max_lines: int = 1,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter,
    fitted: FittedCache | None = None,
    shaped: CentredLines | None = None,
) -> QRectF:
    """``text`` as plain text inside ``rect``, elided to fit; returns the rectangle it took
    (``fitted``: as in ``caption_boxes``; ``shaped``: as in ``draw_text_boxes``)."""
    boxes = caption_boxes(rect, text, font, max_lines=max_lines, align=align, fitted=fitted)
    draw_text_boxes(painter, boxes, font, colour, shaped)
    used = QRectF()
    for box, _ in boxes:
        used = used.united(box)
    return used
