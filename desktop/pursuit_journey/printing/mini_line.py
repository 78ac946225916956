"""The small journey line at the top of a sheet.

Drawn from the same numbers (``domain.journey_layout``) and with the same glyphs
(``drawing.journey_glyphs``) as the line on screen, as vectors, in a print palette: black ink on
white, the states in the screen's light colours, their shapes telling them apart in black and white.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPainter, QPalette, QPen

from ..domain.journey_layout import JourneyEnd, TickState
from ..drawing import journey_glyphs as glyphs
from .sheet_content import DECIDER_MARK, SheetContent
from .text_fit import TextLine, shaped_line

INK = QColor("#202020")
MUTED = QColor("#8a8a8a")
HIGHLIGHT = QColor("#1f5f73")


@cache  # the same on every sheet; never changed by what draws with it
def print_palette() -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Base, QColor("white"))
        palette.setColor(group, QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(group, QPalette.ColorRole.Text, INK)
        palette.setColor(group, QPalette.ColorRole.WindowText, INK)
        palette.setColor(group, QPalette.ColorRole.Highlight, HIGHLIGHT)
    return palette


class Measured:
    """A font's metrics on a paint device, and the widths and shaped lines of the words that
    every sheet prints (captions, labels), each measured and shaped once:
    measuring or drawing shapes the text again every time, and a batch prints the same words
    on every page."""

    def __init__(self, font: QFont, device: QPaintDevice) -> None:
        self.metrics = QFontMetricsF(font, device)
        self.font = QFont(font)
        self._device = device
        self._widths: dict[str, float] = {}
        self._lines: dict[str, TextLine] = {}

    def width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.metrics.horizontalAdvance(text)
        return width

    def line(self, text: str) -> TextLine:
        """``text`` (the app's own words: a few, kept for good) shaped on one line, never
        elided."""
        line = self._lines.get(text)
        if line is None:
            line = self._lines[text] = shaped_line(text, self.font, self._device)
        return line


_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_CENTRED_ON_TOP = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop

# By font (compared by value, a copy) and the device's resolution: all that metrics depend on.
_MEASURED: dict[tuple[QFont, int, int], Measured] = {}


def measured(font: QFont, device: QPaintDevice) -> Measured:
    key = (QFont(font), device.logicalDpiX(), device.logicalDpiY())
    found = _MEASURED.get(key)
    if found is None:
        found = _MEASURED[key] = Measured(font, device)
    return found


@cache  # never changed by what draws with it
def _caption_font() -> QFont:
    """The small line's captions."""
    small = QFont("DejaVu Sans")
    small.setPointSizeF(7)
    return small


# The captions' measures by the device's resolution: a copy of the font is the key of
# ``measured``, and a batch asks on every page.
_CAPTION_WORDS: dict[tuple[int, int], Measured] = {}


def _caption_words(device: QPaintDevice) -> Measured:
    key = (device.logicalDpiX(), device.logicalDpiY())
    found = _CAPTION_WORDS.get(key)
    if found is None:
        found = _CAPTION_WORDS[key] = measured(_caption_font(), device)
    return found


@cache  # by muted and the point's size in device units: one or two a batch
def _line_pens(muted: bool, unit: float) -> tuple[QPen, QPen, QPen]:
    """The line's pens: travelled, ahead (dashed), and the ring round this sheet's step."""
    line = glyphs.line_colour(print_palette(), muted)
    return (
        QPen(line, 1.2 * unit),
        QPen(line, 1.2 * unit, Qt.PenStyle.DashLine),
        QPen(HIGHLIGHT, 1.4 * unit),
    )


LEGEND = (
    (TickState.PLANNED, "planned"),
    (TickState.ADVANCED, "advanced: the client decided"),
    (TickState.STAYED, "stayed"),
    (TickState.WENT_BACK, "went back"),
    (TickState.DECISION_MISSING, "decision missing"),
)


def draw_mini_line(painter: QPainter, rect: QRectF, content: SheetContent, unit: float) -> None:
    """The pursuit's line from First meeting to Contract signed inside ``rect`` (device units);
    ``unit`` is one typographic point in device units."""
    journey = content.journey
    palette = print_palette()
    painter.save()
    words = _caption_words(painter.device())
    metrics = words.metrics
    start_label, end_label = "First meeting", "Contract signed"
    line_y = rect.top() + rect.height() * 0.42
    left = rect.left() + words.width(start_label) + 10 * unit
    right = rect.right() - words.width(end_label) - 10 * unit
    count = len(journey.states)
    gap = (right - left) / (count + 1)
    size = min(7 * unit, gap * 0.6)

    def x_of(index: float) -> float:
        return left + gap * (index + 1)

    # Travelled solid, ahead dashed, as on screen.
    here_x = right if journey.finished else x_of(journey.here - 0.5) if count else left
    travelled, ahead, ring = _line_pens(journey.muted, unit)
    painter.setPen(travelled)
    painter.drawLine(QPointF(left, line_y), QPointF(here_x, line_y))
    painter.setPen(ahead)
    painter.drawLine(QPointF(here_x, line_y), QPointF(right, line_y))

    # The captions in the painter's font, as drawText would draw them, but shaped once a batch.
    painter.setFont(words.font)
    painter.setPen(INK)
    height = metrics.height()
    words.line(start_label).draw_in(
        painter,
        QRectF(rect.left(), line_y - height / 2, left - rect.left(), height),
        centred=False,
        middle=True,
    )
    words.line(end_label).draw_in(
        painter,
        QRectF(right + 8 * unit, line_y - height / 2, rect.right() - right, height),
        centred=False,
        middle=True,
    )
    glyphs.draw_start_node(painter, QPointF(left, line_y), size, palette, muted=journey.muted)
    glyphs.draw_end_node(painter, QPointF(right, line_y), size, palette, journey.end)

    # The ticks never touch one another, but the ring round this sheet's step may reach its
    # neighbours: the ticks before it are drawn first, the ring, then this step's and the rest
    # (two calls, not one a tick: a batch draws thousands).
    ticks = [(QPointF(x_of(index), line_y), state) for index, state in enumerate(journey.states)]
    this = content.this_step
    glyphs.draw_ticks(painter, ticks[:this], size, palette, muted=journey.muted)
    if 0 <= this < count:
        centre = ticks[this][0]
        painter.setPen(ring)
        painter.setBrush(_NO_BRUSH)
        painter.drawEllipse(centre, size * 0.9 + 2 * unit, size * 0.9 + 2 * unit)
        label_width = min(150 * unit, right - left)
        label_x = max(rect.left(), min(centre.x() - label_width / 2, rect.right() - label_width))
        painter.setPen(INK)
        painter.drawText(  # the seller's words, each step's its own: shaped where drawn
            QRectF(label_x, line_y + size + 4 * unit, label_width, height),
            _CENTRED_ON_TOP,
            metrics.elidedText(content.step_title, _ELIDE_RIGHT, label_width),
        )
    glyphs.draw_ticks(painter, ticks[this:], size, palette, muted=journey.muted)

    if journey.end is JourneyEnd.OPEN:
        tip = QPointF(here_x, line_y - size * 0.9)
        glyphs.draw_here_marker(painter, tip, 6 * unit, palette)
        here_label = "you are here"
        width = words.width(here_label) + 2 * unit
        label_left = max(rect.left(), min(here_x - width / 2, rect.right() - width))
        painter.setPen(HIGHLIGHT)
        words.line(here_label).draw_in(
            painter,
            QRectF(label_left, tip.y() - 6 * unit - height, width, height),
            centred=True,
            middle=True,
        )
    painter.restore()


_NO_BRUSH = Qt.BrushStyle.NoBrush


def draw_legend(
    painter: QPainter, rect: QRectF, font: QFont, unit: float, decider_mark: bool = False
) -> None:
    """What each shape means, in one row; with ``decider_mark``, what the attendees' ★ means."""
    device = painter.device()
    dpi = (device.logicalDpiX(), device.logicalDpiY())
    key = (rect.x(), rect.y(), rect.width(), rect.height(), font.key(), unit, decider_mark, *dpi)
    legend = _LEGENDS.get(key)
    if legend is None:
        if len(_LEGENDS) >= _LEGENDS_KEPT:
            _LEGENDS.clear()
        legend = _LEGENDS[key] = _legend(rect, measured(font, device), unit, decider_mark)
    ticks, size, labels, baseline = legend
    painter.save()
    painter.setFont(font)
    glyphs.draw_ticks(painter, ticks, size, print_palette())  # side by side, never on a label
    painter.setPen(_LEGEND_INK)
    for line, label_x in labels:
        line.draw_on_baseline(painter, label_x, baseline)
    painter.restore()


_Legend = tuple[list[tuple[QPointF, TickState]], float, list[tuple[TextLine, float]], float]
# Where the legend's marks and words go, by all they depend on: the same on every sheet.
_LEGENDS: dict[tuple[object, ...], _Legend] = {}
_LEGENDS_KEPT = 64
_LEGEND_INK = MUTED.darker(160)


def _legend(rect: QRectF, words: Measured, unit: float, decider_mark: bool) -> _Legend:
    metrics = words.metrics
    x = rect.left()
    size = 5.5 * unit
    centre_y = rect.center().y()
    baseline = centre_y + metrics.ascent() / 2 - 0.5 * unit
    ticks: list[tuple[QPointF, TickState]] = []
    labels: list[tuple[TextLine, float]] = []
    for state, label in LEGEND:
        ticks.append((QPointF(x + size / 2, centre_y), state))
        x += size + 4 * unit
        labels.append((words.line(label), x))
        x += words.width(label) + 12 * unit
    if decider_mark:
        labels.append((words.line(f"{DECIDER_MARK} decides on budget"), x))
    return ticks, size, labels, baseline
