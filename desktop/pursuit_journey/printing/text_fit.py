"""Laying out wrapped text on a paint device, and shortening it by a clear rule when it is long.

Built on QTextDocument with plain text (never interpreted as HTML). QTextLine's setters are
avoided on purpose: in PySide6 6.12 on Python 3.11 they drop a reference to None on every call,
which crashes the interpreter after a few hundred lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QPaintDevice,
    QPainter,
    QPalette,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
)

from ..drawing.shaped_text import ShapedLine, shape_line

CONTINUED = " … (continued in the app)"


@dataclass
class TextBlock:
    """A laid-out piece of plain text."""

    document: QTextDocument
    height: float
    line_count: int
    truncated: bool

    def draw(self, painter: QPainter, x: float, y: float, colour: QColor | None = None) -> None:
        """Draw at (x, y) in the painter's current pen colour (``colour``, when the caller
        knows it, saves asking the painter for it)."""
        context = _paint_context(painter.pen().color() if colour is None else colour)
        painter.save()
        painter.translate(x, y)
        self.document.documentLayout().draw(painter, context)
        painter.restore()


# A sheet draws its texts in two or three colours: one paint context each, not one a text.
_PAINT_CONTEXTS: dict[int, QAbstractTextDocumentLayout.PaintContext] = {}


def _paint_context(colour: QColor) -> QAbstractTextDocumentLayout.PaintContext:
    context = _PAINT_CONTEXTS.get(colour.rgba())
    if context is None:
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Text, colour)
        context.palette = palette
        _PAINT_CONTEXTS[colour.rgba()] = context
    return context


@dataclass
class TextLine:
    """One line of the sheet's own words (a label, a heading), drawn without a text document:
    a sheet has a dozen, and a document costs far more to make.

    Its glyphs are shaped once, when it is laid out (``shaped``): every sheet of a batch prints
    the same words, and ``drawText`` would shape them on every page. ``drawGlyphRun`` puts each
    glyph where ``drawText`` does, to the 1/64 of a device pixel."""

    text: str
    font: QFont
    height: float
    ascent: float
    shaped: ShapedLine | None = None  # None: drawn with drawText (see shape_line)

    @property
    def runs(self) -> list[QGlyphRun] | None:
        return [self.shaped.run] if self.shaped is not None else None

    def draw(self, painter: QPainter, x: float, y: float, colour: QColor | None = None) -> None:
        """Draw at (x, y) in the painter's current pen colour (``colour``: as a TextBlock
        takes it; a line needs nothing of it)."""
        self.draw_on_baseline(painter, x, y + self.ascent)

    def draw_on_baseline(self, painter: QPainter, x: float, baseline: float) -> None:
        """Draw with its baseline at ``baseline``, as ``drawText(QPointF(x, baseline))``."""
        origin = QPointF(x, baseline)
        if self.shaped is not None:
            painter.drawGlyphRun(origin, self.shaped.run)
            return
        painter.save()
        painter.setFont(self.font)
        painter.drawText(origin, self.text)
        painter.restore()

    def draw_in(self, painter: QPainter, rect: QRectF, *, centred: bool, middle: bool) -> None:
        """Draw as ``drawText(rect, flags, text)`` does with the painter's font set to this
        line's, AlignHCenter if ``centred`` else AlignLeft, AlignVCenter if ``middle`` else
        AlignTop: placed by the same sums, whole 64ths of a device unit as Qt places a line."""
        shaped = self.shaped
        if shaped is not None:
            origin = shaped.origin_in(rect, self.ascent, centred=centred, middle=middle)
            if origin is not None:
                painter.drawGlyphRun(origin, shaped.run)
                return
        # Not shaped, or clipped to the rectangle: as Qt does it.
        flags = (_CENTRE if centred else _LEFT) | (_MIDDLE if middle else _TOP)
        painter.save()
        painter.setFont(self.font)
        painter.drawText(rect, flags, self.text)
        painter.restore()


_CENTRE = Qt.AlignmentFlag.AlignHCenter
_LEFT = Qt.AlignmentFlag.AlignLeft
_MIDDLE = Qt.AlignmentFlag.AlignVCenter
_TOP = Qt.AlignmentFlag.AlignTop


def shaped_line(text: str, font: QFont, device: QPaintDevice) -> TextLine:
    """``text`` on one line, as long as it is."""
    metrics = QFontMetricsF(font, device)
    shaped = shape_line(text, font, device, metrics)
    return TextLine(text, font, metrics.height(), metrics.ascent(), shaped)


def layout_line(text: str, font: QFont, width: float, device: QPaintDevice) -> TextLine:
    """``text`` on one line, elided to ``width``."""
    metrics = QFontMetricsF(font, device)
    return shaped_line(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width), font, device)


def _new_document(device: QPaintDevice) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDocumentMargin(0)
    document.setUndoRedoEnabled(False)
    return document


_ASKED_KEPT = 64  # fonts asked with, remembered: a list this full is emptied and starts again


class Documents:
    """Text documents for one page at a time, made once for a whole batch: making a document
    costs about as much as laying out a field's text in it. Each keeps the font and width it
    was made for, so a new text is laid out once, in them, and nothing else.

    ``next_page`` gives every document back: the blocks laid out for the page before must not
    be drawn after it."""

    def __init__(self, device: QPaintDevice) -> None:
        self.device = device
        # By font (compared by value: the key is a copy, so that no later change to the
        # caller's font moves it, found by the caller's font object while it equals the copy:
        # a batch asks with the same few fonts thousands of times) and width.
        self._spare: dict[tuple[int, float], list[QTextDocument]] = {}
        self._lent: list[tuple[tuple[int, float], QTextDocument]] = []
        self._copies: list[QFont] = []  # one of each font asked with: the keys' identities
        self._asked: dict[int, tuple[QFont, QFont]] = {}  # by id: a font asked with, its copy

    def _copy_of(self, font: QFont) -> QFont:
        known = self._asked.get(id(font))  # held below: no other font can take its id
        if known is not None and known[1] == font:
            return known[1]
        copy = next((copy for copy in self._copies if copy == font), None)
        if copy is None:
            copy = QFont(font)
            self._copies.append(copy)
        if len(self._asked) >= _ASKED_KEPT:
            self._asked.clear()
        self._asked[id(font)] = (font, copy)
        return copy

    def take(self, font: QFont, width: float) -> QTextDocument:
        """A document set in ``font`` at ``width``, holding the text of an earlier page."""
        key = (id(self._copy_of(font)), width)
        spare = self._spare.get(key)
        if spare:
            document = spare.pop()
        else:
            document = _new_document(self.device)
            document.setDefaultFont(font)
            document.setTextWidth(width)
        self._lent.append((key, document))
        return document

    def next_page(self) -> None:
        for key, document in self._lent:
            self._spare.setdefault(key, []).append(document)
        self._lent.clear()


def _document(
    text: str, font: QFont, width: float, device: QPaintDevice, documents: Documents | None
) -> tuple[QTextDocument, list[QTextLayout]]:
    """A document holding ``text``, with its paragraphs' layouts (see ``_set_text``)."""
    if documents is None:
        document = _new_document(device)
        document.setDefaultFont(font)
        # The width before the text: the text is laid out once, at its width.
        document.setTextWidth(width)
    else:
        document = documents.take(font, width)
    return document, _set_text(document, text)


def _set_text(document: QTextDocument, text: str) -> list[QTextLayout]:
    """``document.setPlainText(text)``, its paragraphs keeping their shaped glyphs: otherwise
    Qt lets them go once the lines are broken and shapes the text again to draw it. The text
    replaces the earlier one as setPlainText inserts it, but without setPlainText's reset of
    the whole document (its frames and formats), which a reused document does not need."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # the layout waits for its end
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)
    layouts = []  # the paragraphs' own, theirs until the next text: counted without a walk
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        layout.setCacheEnabled(True)
        layouts.append(layout)
        block = block.next()
    cursor.endEditBlock()
    return layouts


def _lines(document: QTextDocument) -> list[int]:
    """For each laid-out line, the document position just after its last character."""
    document.size()  # the layout is lazy: a long text's later paragraphs have no lines before
    ends: list[int] = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            ends.append(block.position() + line.textStart() + line.textLength())
        block = block.next()
    return ends


def _line_count(document: QTextDocument, layouts: list[QTextLayout]) -> tuple[int, float]:
    """How many lines the document is laid out in (``_lines`` without each line's end: a
    batch counts the lines of every text, and cuts few), and its height; ``layouts`` are its
    paragraphs'."""
    height = document.size().height()  # laid out to the end
    return sum(layout.lineCount() for layout in layouts), height


def _natural_width(document: QTextDocument, line_number: int) -> float:
    """How wide the text of the document's ``line_number``-th line is (from 0)."""
    document.size()  # laid out to the end
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        if line_number < layout.lineCount():
            return layout.lineAt(line_number).naturalTextWidth()
        line_number -= layout.lineCount()
        block = block.next()
    return 0.0


def paragraph_lines(block: TextBlock) -> list[int]:
    """How many lines each paragraph of ``block`` takes."""
    block.document.size()  # laid out to the end
    counts: list[int] = []
    paragraph = block.document.begin()
    while paragraph.isValid():
        counts.append(paragraph.layout().lineCount())
        paragraph = paragraph.next()
    return counts


def _text_before(document: QTextDocument, position: int) -> str:
    """The document's text before ``position`` (a position counts UTF-16 units, not Python's
    characters: a cut by Python index would land off by one per emoji)."""
    cursor = QTextCursor(document)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


def _cut_at_word(text: str) -> str:
    """``text`` without its last word (or its last 8 characters when it has no space)."""
    stripped = text.rstrip()
    cut = max(stripped.rfind(" "), stripped.rfind("\n"))
    return stripped[:cut].rstrip() if cut > 0 else stripped[: max(0, len(stripped) - 8)]


def layout_text(
    text: str,
    font: QFont,
    width: float,
    device: QPaintDevice,
    max_lines: int | None = None,
    documents: Documents | None = None,
    whole: TextBlock | None = None,
) -> TextBlock:
    """``text`` wrapped to ``width``; beyond ``max_lines`` it is cut at a word and ends with
    "… (continued in the app)", still within ``max_lines``. With ``documents``, laid out in
    one of theirs (drawn before their next page). ``whole`` is ``text`` already laid out
    uncut in ``font`` at ``width``: it is cut from, not laid out again."""
    text = text.replace("\r\n", "\n")
    if whole is None:
        document, layouts = _document(text, font, width, device, documents)
        count, height = _line_count(document, layouts)
    else:
        document, count, height = whole.document, whole.line_count, whole.height
    if max_lines is None or count <= max_lines:
        return whole or TextBlock(document, height, count, truncated=False)
    kept = _text_before(document, _lines(document)[max_lines - 1]).rstrip()
    # Make room for the note on the last line kept by measuring words, not by laying the text
    # out again a word at a time; the layout below checks the guess.
    metrics = QFontMetricsF(font, device)
    excess = _natural_width(document, max_lines - 1) + metrics.horizontalAdvance(CONTINUED) - width
    while excess > 0 and kept:
        shorter = _cut_at_word(kept)
        excess -= metrics.horizontalAdvance(kept[len(shorter) :])
        kept = shorter
    while True:
        candidate, layouts = _document(kept + CONTINUED, font, width, device, documents)
        count, height = _line_count(candidate, layouts)
        if count <= max_lines or not kept:
            return TextBlock(candidate, height, count, truncated=True)
        kept = _cut_at_word(kept)
