"""Cutting a text to a number of lines, on a real PDF device."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPdfWriter

from pursuit_journey.printing.sheet_content import DECIDER_ABSENT, DECIDER_MARK
from pursuit_journey.printing.text_fit import (
    CONTINUED,
    Documents,
    layout_line,
    layout_text,
    shaped_line,
)

WIDTH_PT = 523.0  # an A4 sheet's text width


@pytest.fixture
def device() -> Iterator[QPdfWriter]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    yield writer


@pytest.fixture
def body() -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    return font


def cut(text: str, lines: int, body: QFont, device: QPdfWriter) -> tuple[str, int]:
    block = layout_text(text, body, WIDTH_PT * 600 / 72, device, lines)
    return block.document.toPlainText(), block.line_count


def test_a_label_before_a_long_word_is_kept(body: QFont, device: QPdfWriter) -> None:
    shown, count = cut("Outcome we both expect: " + "o" * 94, 1, body, device)
    assert (shown, count) == ("Outcome we both expect:" + CONTINUED, 1)


def test_a_text_without_spaces_is_cut_within_its_lines(body: QFont, device: QPdfWriter) -> None:
    shown, count = cut("a" * 20_000, 3, body, device)
    assert count == 3
    assert shown.endswith(CONTINUED) and len(shown) > 200  # the lines are used, not emptied


def test_words_are_cut_whole_and_the_lines_are_used(body: QFont, device: QPdfWriter) -> None:
    text = " ".join(f"w{n}" for n in range(3000))
    shown, count = cut(text, 3, body, device)
    kept = shown.removesuffix(CONTINUED)
    assert count == 3
    assert text.startswith(kept + " ")  # whole words only
    assert len(kept) > 230  # three lines of about 92 characters, less the note


def test_emoji_are_never_split(body: QFont, device: QPdfWriter) -> None:
    shown, count = cut("🚚 " * 3000, 2, body, device)
    assert count <= 2
    shown.encode("utf-8")  # no lone surrogate
    assert set(shown.removesuffix(CONTINUED).split()) == {"🚚"}


def test_a_long_text_of_many_paragraphs_counts_all_its_lines(
    body: QFont, device: QPdfWriter
) -> None:
    text = "\n".join(f"question {n}?" for n in range(2000))
    block = layout_text(text, body, WIDTH_PT * 600 / 72, device)
    assert block.line_count == 2000  # Qt lays a long text out lazily: counted to the end
    shown, count = cut(text, 12, body, device)
    assert count == 12
    assert shown == "\n".join(f"question {n}?" for n in range(12)) + CONTINUED


def test_a_reused_document_lays_out_its_new_text_as_a_new_one_would(
    body: QFont, device: QPdfWriter
) -> None:
    """A batch lays each sheet's texts out in the documents of the sheet before, each kept in
    its font and width: nothing of the earlier text or cut may remain, and a text in another
    font or width never lands in a document set for the first."""
    width = WIDTH_PT * 600 / 72
    title = QFont("DejaVu Sans")
    title.setPointSizeF(15)
    title.setBold(True)
    documents = Documents(device)
    long_text = " ".join(f"word{n}" for n in range(400))
    first = layout_text(long_text, title, width, device, 4, documents)
    assert first.truncated
    documents.next_page()
    short = "Agree the pilot's scope with the depot manager."
    for font, text_width in ((title, width), (body, width), (title, width / 2)):
        again = layout_text(short, font, text_width, device, 4, documents)
        fresh = layout_text(short, font, text_width, device, 4)
        # Made once and used again in the same font and width; another is made for another.
        same_kind = font == title and text_width == width
        assert (again.document is first.document) is same_kind
        assert again.document.toPlainText() == short
        assert (again.height, again.line_count, again.truncated) == (
            fresh.height,
            fresh.line_count,
            fresh.truncated,
        )
        assert again.document.defaultFont() == font
        assert again.document.textWidth() == text_width


def test_a_reused_document_keeps_nothing_of_its_earlier_paragraphs(
    body: QFont, device: QPdfWriter
) -> None:
    """The text replaces the document's earlier one whole: paragraphs, lines and height as a
    new document's, whichever had more paragraphs."""
    width = WIDTH_PT * 600 / 72
    documents = Documents(device)
    texts = [
        "Who else?\nWhen?\n\nWhat would make it a yes?",
        "One paragraph, " * 30,
        "a\nb\nc\nd\ne",
        "",
        "Last: 🚚 Zürich",
    ]
    for text in texts:
        documents.next_page()
        again = layout_text(text, body, width, device, None, documents)
        fresh = layout_text(text, body, width, device)
        assert again.document.toPlainText() == text
        assert again.document.blockCount() == fresh.document.blockCount()
        assert (again.height, again.line_count) == (fresh.height, fresh.line_count)


def test_documents_follow_the_value_of_a_font_not_the_object(
    body: QFont, device: QPdfWriter
) -> None:
    """Documents are found by the font object asked with, for speed: a font changed after it
    was asked with gets documents set in its new value, and an equal font the same ones."""
    width = WIDTH_PT * 600 / 72
    documents = Documents(device)
    first = documents.take(body, width)
    documents.next_page()
    assert documents.take(QFont(body), width) is first  # equal, another object
    documents.next_page()
    body.setPointSizeF(13)
    changed = documents.take(body, width)
    assert changed is not first
    assert changed.defaultFont() == body
    documents.next_page()
    body.setPointSizeF(9.5)
    assert documents.take(body, width) is first


def test_a_text_cut_from_its_whole_layout_is_cut_as_when_laid_out_again(
    body: QFont, device: QPdfWriter
) -> None:
    """A sheet cuts a long field from the layout it already made of the whole text."""
    width = WIDTH_PT * 600 / 72
    documents = Documents(device)
    text = " ".join(f"word{n}" for n in range(300))
    whole = layout_text(text, body, width, device, None, documents)
    assert whole.line_count > 5
    from_whole = layout_text(text, body, width, device, 5, documents, whole)
    again = layout_text(text, body, width, device, 5)
    assert from_whole.document is not whole.document  # the whole text is still drawable
    assert whole.document.toPlainText() == text
    assert from_whole.document.toPlainText() == again.document.toPlainText()
    assert (from_whole.height, from_whole.line_count, from_whole.truncated) == (
        again.height,
        again.line_count,
        True,
    )
    assert layout_text(text, body, width, device, 500, documents, whole) is whole


def test_a_laid_out_text_keeps_its_glyphs_for_drawing(body: QFont, device: QPdfWriter) -> None:
    """Qt lets a paragraph's shaped glyphs go once its lines are broken, unless told to keep
    them: then drawing it shapes the whole text again."""
    width = WIDTH_PT * 600 / 72
    documents = Documents(device)
    text = "First paragraph, long enough to wrap " * 8 + "\nSecond\n\nFourth after an empty one"
    for block in (
        layout_text(text, body, width, device),
        layout_text(text, body, width, device, None, documents),
        layout_text(text, body, width, device, 3, documents),
    ):
        paragraph = block.document.begin()
        count = 0
        while paragraph.isValid():
            assert paragraph.layout().cacheEnabled()
            assert paragraph.layout().lineCount() >= 1  # laid out, in lines
            count += 1
            paragraph = paragraph.next()
        assert count == block.document.blockCount() >= 1


def _page_contents(draw: Callable[[QPainter, QPdfWriter], None]) -> bytes:
    """The content stream of a one-page PDF drawn by ``draw``."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    painter = QPainter(writer)
    try:
        draw(painter, writer)
    finally:
        painter.end()
    del writer  # writes the file's end
    return PdfReader(io.BytesIO(bytes(buffer.data()))).pages[0].get_contents().get_data()


def test_a_shaped_line_prints_its_glyphs_where_draw_text_does(body: QFont) -> None:
    """A sheet's labels are shaped once for a whole batch and drawn as glyph runs: the page
    must be the same as drawing each with drawText, glyph for glyph, in every font a sheet
    uses for them (capitals with letter spacing, fallback fonts), at fractional positions."""
    label = QFont(body)
    label.setBold(True)
    label.setCapitalization(QFont.Capitalization.AllUppercase)
    label.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    words = [  # with whether they are shaped once: a text in pieces is left to drawText
        ("Decision the client is asked for", label, True),
        ("Advanced: the client decided", body, True),
        (f"{DECIDER_MARK} decides on budget", body, True),
        (DECIDER_ABSENT, body, True),
        ("Åsa Öberg — Ünterwegs · ½ × 3 … “Ça”", body, True),
        ("Åsa Öberg — 🚚 unterwegs", body, False),  # a fallback font for the lorry
        ("Decision — Решение", label, False),  # Latin, then Cyrillic
        ("Decision مرحبا", body, False),  # and right to left
    ]

    def with_draw_text(painter: QPainter, device: QPdfWriter) -> None:
        for number, (text, font, _) in enumerate(words):
            painter.setPen(QColor("#202020") if number % 2 else QColor("#8a8a8a"))
            painter.save()
            painter.setFont(font)
            ascent = QFontMetricsF(font, device).ascent()
            painter.drawText(QPointF(301.37 + number / 3, 207.19 + number * 141.7 + ascent), text)
            painter.restore()

    def shaped(painter: QPainter, device: QPdfWriter) -> None:
        for number, (text, font, once) in enumerate(words):
            painter.setPen(QColor("#202020") if number % 2 else QColor("#8a8a8a"))
            line = layout_line(text, font, WIDTH_PT * 600 / 72, device)
            assert (line.runs is not None) == once, text
            line.draw(painter, 301.37 + number / 3, 207.19 + number * 141.7)

    expected = _page_contents(with_draw_text)
    assert b"Tj" in expected
    assert _page_contents(shaped) == expected


def test_a_shaped_line_in_a_rectangle_prints_as_draw_text_aligns_it() -> None:
    """The small line's captions are drawn into rectangles, left and centred, at the top and
    in the middle: shaped once, each glyph lands where drawText(rect, flags) puts it; a
    rectangle too small for the words is left to drawText, which clips them."""
    small = QFont("DejaVu Sans")
    small.setPointSizeF(7)
    flags = {
        (False, True): Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        (True, False): Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
        (True, True): Qt.AlignmentFlag.AlignCenter,
    }
    places = [
        (text, centred, middle, 211.3 + 97.17 * number, 153.9 + 61.31 * number, spare)
        for number, (text, (centred, middle), spare) in enumerate(
            (text, alignment, spare)
            for text in ("First meeting", "Contract signed", "you are here")
            for alignment in flags
            for spare in (83.3, 16.6, -40.0)  # the last: narrower than the words
        )
    ]

    def rectangle(device: QPdfWriter, text: str, x: float, y: float, spare: float) -> QRectF:
        metrics = QFontMetricsF(small, device)
        return QRectF(x, y, metrics.horizontalAdvance(text) + spare, metrics.height())

    def with_draw_text(painter: QPainter, device: QPdfWriter) -> None:
        painter.setFont(small)
        for text, centred, middle, x, y, spare in places:
            painter.drawText(rectangle(device, text, x, y, spare), flags[centred, middle], text)

    def shaped(painter: QPainter, device: QPdfWriter) -> None:
        painter.setFont(small)
        for text, centred, middle, x, y, spare in places:
            line = shaped_line(text, small, device)
            assert line.runs
            rect = rectangle(device, text, x, y, spare)
            line.draw_in(painter, rect, centred=centred, middle=middle)

    expected = _page_contents(with_draw_text)
    assert b"\nW* n\n" in expected  # the narrow rectangles clip
    assert _page_contents(shaped) == expected
