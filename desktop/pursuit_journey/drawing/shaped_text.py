"""One line of words shaped once and drawn as a glyph run, where ``drawText`` would draw it.

``drawText`` lays its text out again on every call: itemizing, shaping, placing. A printed batch
draws the same labels on every sheet, and the journey line the same captions at every repaint;
``drawGlyphRun`` puts each glyph of a line shaped once where ``drawText`` puts it, to the 1/64
of a device pixel. Texts that ``drawText`` would draw in several pieces (another script, a
fallback font) or clip are left to it.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGlyphRun, QPaintDevice, QPainter, QTextLayout

_RectF = tuple[float, float, float, float]  # QRectF.getRect(): x, y, width, height


@dataclass(frozen=True)
class ShapedLine:
    """A line's glyphs, placed from the start of its baseline, and its measures as Qt's own
    text layout has them (``drawText`` into a rectangle aligns by these)."""

    run: QGlyphRun  # one: a line drawText would draw in pieces is not shaped here
    advance: float
    natural_width: float
    height: float  # ascent and descent, without rounding
    leading: float  # none (0) for the usual fonts: Qt moves a line down by it

    def origin_in(
        self, rect: QRectF, ascent: float, *, centred: bool, middle: bool
    ) -> QPointF | None:
        """Where ``drawText(rect, flags, text)`` puts the start of this line's baseline, with
        AlignHCenter if ``centred`` else AlignLeft, AlignVCenter if ``middle`` else AlignTop:
        the same sums, in whole 64ths of a device unit as Qt places a line. None when Qt would
        clip the line to ``rect`` (or move it down by a leading)."""
        x, y, width, height = cast(_RectF, rect.getRect())
        origin = self.origin_at(x, y, width, height, ascent, centred=centred, middle=middle)
        return None if origin is None else QPointF(*origin)

    def origin_at(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        ascent: float,
        *,
        centred: bool,
        middle: bool,
    ) -> tuple[float, float] | None:
        """``origin_in`` for the rectangle at (``x``, ``y``) of ``width`` × ``height``, in
        plain numbers (a line drawn at every repaint makes no rectangle of Qt's for it)."""
        if self.leading != 0:
            return None
        top = y + ((height - self.height) / 2 if middle else 0.0)
        left = x + ((width - self.natural_width) / 2 if centred else 0.0)
        # QRectF.contains: edges included, and nothing is inside an empty rectangle.
        if width <= 0 or height <= 0 or self.natural_width <= 0 or self.height <= 0:
            return None
        if left < x or left + self.natural_width > x + width:
            return None
        if top < y or top + self.height > y + height:
            return None
        start = x + ((width - self.advance) / 2 if centred else 0.0)
        return in_64ths(start), in_64ths(top) + ascent


def in_64ths(value: float) -> float:
    """``value`` cut to whole 64ths (towards zero), as Qt's fixed-point text positions are."""
    return math.trunc(value * 64) / 64


def one_script(text: str) -> bool:
    """Whether ``text`` is Latin letters among signs that belong to no script (ASCII,
    Latin-1's signs, combining accents, the punctuation and symbol blocks from U+2000 to
    U+2BFF), as the sheet's own words are: Qt draws such a text as one item, where a text
    that changes script is drawn in several."""
    for char in text:
        code = ord(char)
        if 0x20 <= code < 0x7F or 0x300 <= code < 0x370:
            continue
        if 0xA0 <= code < 0xC0 or code in (0xD7, 0xF7):
            continue
        if 0x2000 <= code < 0x2C00 and unicodedata.category(char) != "Cf":
            continue
        if unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith(
            "LATIN "
        ):
            continue
        return False
    return True


def shape_line(
    text: str, font: QFont, device: QPaintDevice, metrics: QFontMetricsF
) -> ShapedLine | None:
    """``text``'s glyphs shaped on one line, as ``drawText`` shapes them, placed from the
    start of the baseline; None unless ``drawText`` would draw them as one item of one font
    on that baseline (a fallback font, another script or a taller ascent: the glyphs are the
    same, but drawn in other pieces)."""
    if not text or not one_script(text):
        return None
    layout = QTextLayout(text, font, device)
    layout.beginLayout()
    line = layout.createLine()  # the whole text on it: no width is set
    layout.endLayout()
    runs = layout.glyphRuns()
    if len(runs) != 1:
        return None
    (run,) = runs
    positions = run.positions()
    if any(position.y() != metrics.ascent() for position in positions):
        return None
    run.setPositions([QPointF(position.x(), 0.0) for position in positions])
    return ShapedLine(
        run,
        line.horizontalAdvance(),
        line.naturalTextWidth(),
        line.ascent() + line.descent(),  # QTextLine.height() is rounded up
        metrics.leading(),
    )


_CENTRED_LINE = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine)


class CentredLines:
    """Lines drawn centred in their rectangles as ``drawText(rect, AlignCenter |
    TextSingleLine, text)`` draws them, each shaped at its first drawing and kept.

    Keyed by the font object (held with the line, so that no other font takes its identity):
    its owner keeps its fonts, and calls ``clear`` whenever it makes them again."""

    _KEPT = 2048  # this many lines kept, then emptied and started again

    def __init__(self) -> None:
        self._lines: dict[tuple[int, str], tuple[QFont, ShapedLine | None, float]] = {}

    def clear(self) -> None:
        self._lines.clear()

    def draw(self, painter: QPainter, box: QRectF, slack: float, text: str, font: QFont) -> None:
        """Draw ``text`` in ``font`` (the painter's font already) as ``drawText(box.adjusted(
        -slack, 0, slack, 0), AlignCenter | TextSingleLine, text)`` draws it."""
        key = (id(font), text)
        known = self._lines.get(key)
        if known is None:
            device = painter.device()
            metrics = QFontMetricsF(font, device)
            if len(self._lines) >= self._KEPT:
                self._lines.clear()
            known = (font, shape_line(text, font, device, metrics), metrics.ascent())
            self._lines[key] = known
        _font, shaped, ascent = known
        x, y, width, height = cast(_RectF, box.getRect())
        x, width = x + -slack, width + slack - -slack  # as QRectF.adjusted sums them
        if shaped is not None:
            origin = shaped.origin_at(x, y, width, height, ascent, centred=True, middle=True)
            if origin is not None:
                painter.drawGlyphRun(QPointF(*origin), shaped.run)
                return
        painter.drawText(QRectF(x, y, width, height), _CENTRED_LINE, text)
