"""Painting prep sheets onto pages: one step, one page, on a printer or into a PDF.

Shortening rule, when a sheet's text is longer than its page: the decision keeps up to 8 lines;
the other fields share the lines down to the debrief by ``line_share.share_lines`` (short fields
whole, long ones in proportion to their length, at least 3 lines each when the page allows, each
part of the meeting agreement at least one); a field cut short ends with "… (continued in the
app)". Nothing is ever cut at the page edge or moved to a second page: a sheet too full even for
that is set closer (``TIGHTNESS``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from ..domain import prep_fields
from ..domain.wording import counted
from ..drawing.formatting import long_date_text, long_date_time_text
from .line_share import CUT_FIELD_LINES, share_lines
from .mini_line import INK, MUTED, draw_legend, draw_mini_line, measured
from .sheet_content import (
    DECIDER_ABSENT,
    DECIDER_MARK,
    DECISION_WRITE_IN_LINES,
    Section,
    SheetContent,
)
from .text_fit import (
    Documents,
    TextBlock,
    TextLine,
    layout_line,
    layout_text,
    paragraph_lines,
)

DECISION_MAX_LINES = 8
WRITE_PITCH_PT = 18.0  # between lines to write on by hand
FONT_FAMILY = "DejaVu Sans"
MARGIN_PT = 36.0
DECISION_FILL = QColor("#eef3f5")


def default_page_size() -> QPageSize:
    """The default printer's page size, else the locale's: Letter in the US system, else A4."""
    from PySide6.QtPrintSupport import QPrinterInfo

    printer = QPrinterInfo.defaultPrinter()
    if not printer.isNull():
        size = printer.defaultPageSize()
        if size.isValid():
            return size
    if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def page_layout(size: QPageSize) -> QPageLayout:
    return QPageLayout(
        size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point
    )


@dataclass
class _Fonts:
    title: QFont
    body: QFont
    small: QFont
    label: QFont
    decision: QFont


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def _fonts() -> _Fonts:
    label = _font(7.5, bold=True)
    label.setCapitalization(QFont.Capitalization.AllUppercase)
    label.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    return _Fonts(
        title=_font(15, bold=True),
        body=_font(9.5),
        small=_font(8.5),
        label=label,
        decision=_font(13.5, bold=True),
    )


def _line_height(block: TextBlock) -> float:
    return block.height / block.line_count if block.line_count else block.height


def _share_spare_lines(writing: list[int], spare: int) -> None:
    """Lines to write on grow into the page left blank, each box by its share: a step not yet
    prepared gives a full page to prepare by hand."""
    boxes = [index for index, lines in enumerate(writing) if lines]
    nominal = dict(zip(boxes, (writing[i] for i in boxes), strict=True))
    for _ in range(max(0, spare) if boxes else 0):
        neediest = min(boxes, key=lambda i: writing[i] / nominal[i])
        writing[neediest] += 1


def _date_time(content: SheetContent) -> str:
    if content.planned_at is None:
        return "Not scheduled"
    return long_date_time_text(content.planned_at)


@dataclass(frozen=True)
class _Tightness:
    """How closely a sheet is set: the first one at which every field's least fits is used."""

    gap: float  # points between fields
    write_in_full: bool  # the lines to write on at their full count, else one each
    header_lines: tuple[int, int, int]  # pursuit name, facts, attendees
    decision_lines: int


# Only a sheet with every field long and a crowded header goes past the first two.
TIGHTNESS = (
    _Tightness(7, True, (2, 2, 3), DECISION_MAX_LINES),
    _Tightness(7, False, (2, 2, 3), DECISION_MAX_LINES),
    _Tightness(3, False, (2, 2, 3), DECISION_MAX_LINES),
    _Tightness(3, False, (1, 1, 1), DECISION_MAX_LINES),
    *(_Tightness(2, False, (1, 1, 1), lines) for lines in range(DECISION_MAX_LINES, 2, -1)),
)


# Empty boxes shrink to one line to write on before a cut field gets fewer than 3 lines; the
# rest of the ladder only when even one line a field does not fit.
_LADDER = [(t, CUT_FIELD_LINES) for t in TIGHTNESS[:2]] + [(t, 1) for t in TIGHTNESS]


@dataclass
class _FieldText:
    """A field's text laid out whole (each part a paragraph), and the lines each part takes."""

    whole: TextBlock
    part_lines: list[int]


@dataclass
class _Header:
    blocks: list[tuple[TextBlock | TextLine, QColor]]
    height: float


@dataclass
class _DecisionBox:
    heading: TextLine
    decision: TextBlock | None  # None: lines to write it on
    write_in: int
    by: TextBlock | None
    height: float


class SheetPainter:
    """Paints one sheet into the page rectangle of ``painter``'s device."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.device = painter.device()
        self.unit = self.device.logicalDpiY() / 72.0  # one point in device units
        self.fonts = _fonts()
        self._body_words = measured(self.fonts.body, self.device)
        self._documents = Documents(self.device)  # the texts of one sheet at a time
        # The labels and headings are the same on every sheet of a batch: laid out once.
        self._fixed_lines: dict[tuple[str, str, float], TextLine] = {}
        # A sheet's header and decision box, by the lines they may take.
        self._headers: dict[tuple[int, int, int], _Header] = {}
        self._decision_boxes: dict[tuple[int, bool], _DecisionBox] = {}
        # A sheet's labels, gaps and lines to write on, by tightness: the ladder asks again.
        self._fixed_heights: dict[_Tightness, float] = {}
        # The band after the meeting, by its rectangle: the same on every page.
        self._debriefs: dict[
            tuple[float, ...], list[tuple[Callable[..., object], tuple[Any, ...]]]
        ] = {}

    def pt(self, points: float) -> float:
        return points * self.unit

    def _block(
        self,
        text: str,
        font: QFont,
        width: float,
        lines: int | None = None,
        whole: TextBlock | None = None,
    ) -> TextBlock:
        return layout_text(text, font, width, self.device, lines, self._documents, whole)

    def _fixed_line(self, text: str, role: str, width: float) -> TextLine:
        """A line that every sheet prints, in the font ``role`` of ``self.fonts``."""
        key = (text, role, width)
        line = self._fixed_lines.get(key)
        if line is None:
            line = layout_line(text, getattr(self.fonts, role), width, self.device)
            self._fixed_lines[key] = line
        return line

    def paint(self, content: SheetContent, page: QRectF) -> None:
        p = self.painter
        self._documents.next_page()  # the sheet before is drawn: its texts are done with
        area = page.adjusted(
            self.pt(MARGIN_PT), self.pt(MARGIN_PT), -self.pt(MARGIN_PT), -self.pt(MARGIN_PT)
        )
        width = area.width()
        # The debrief takes a fixed band at the bottom; the fields share what is between.
        debrief_height = self.pt(150)
        debrief_top = area.bottom() - debrief_height
        line_height = self.pt(56)

        # Each text is laid out whole once; only the texts that are cut are laid out again.
        labels = [self._fixed_line(s.label, "label", width) for s in content.sections]
        whole = [self._field_text(s, width) if s.parts else None for s in content.sections]
        self._headers.clear()
        self._decision_boxes.clear()
        self._fixed_heights.clear()
        for tightness, floor in _LADDER:
            header = self._header(content, width, tightness)
            decision = self._decision_box(content, width, tightness)
            top = area.top() + header.height + line_height + self.pt(6) + decision.height
            top += self.pt(10)
            room = debrief_top - self.pt(8) - top
            if self._least_height(content, labels, whole, tightness, floor) <= room:
                break
        bodies = self._fit(content, labels, whole, width, room, tightness)
        writing = self._write_in_lines(content, tightness)
        used = self._fixed_height(content, labels, tightness) + sum(
            block.height for blocks in bodies for block in blocks
        )
        _share_spare_lines(writing, int((room - used) // self.pt(WRITE_PITCH_PT)))

        y = area.top()
        for block, colour in header.blocks:
            p.setPen(colour)
            block.draw(p, area.left(), y, colour)
            y += block.height + self.pt(2)
        p.setPen(INK)
        y = area.top() + header.height

        # The small journey line, with a legend.
        line_rect = QRectF(area.left(), y, width, line_height)
        draw_mini_line(p, line_rect, content, self.unit)
        draw_legend(
            p,
            QRectF(area.left(), line_rect.bottom() - self.pt(10), width, self.pt(10)),
            self.fonts.small,
            self.unit,
            decider_mark=any(a.startswith(DECIDER_MARK) for a in content.attendees),
        )
        y = line_rect.bottom() + self.pt(6)
        self._draw_decision_box(decision, QRectF(area.left(), y, width, decision.height))

        p.save()
        p.setClipRect(QRectF(area.left(), top, width, debrief_top - top))  # never on the debrief
        self._draw_sections(labels, bodies, area.left(), top, width, tightness, writing)
        p.restore()
        self._debrief(QRectF(area.left(), debrief_top, width, debrief_height))

    # ---- header and decision --------------------------------------------------------------

    def _header(self, content: SheetContent, width: float, tightness: _Tightness) -> _Header:
        header = self._headers.get(tightness.header_lines)
        if header is None:
            header = self._headers[tightness.header_lines] = self._new_header(
                content, width, tightness
            )
        return header

    def _new_header(self, content: SheetContent, width: float, tightness: _Tightness) -> _Header:
        title_lines, facts_lines, attendee_lines = tightness.header_lines
        step = (
            content.step_title
            if content.step_title == content.step_kind
            else f"{content.step_title} ({content.step_kind.lower()})"
        )
        facts = " · ".join(part for part in (content.client, step, _date_time(content)) if part)
        attendees = (
            "Attending: " + "; ".join(content.attendees)
            if content.attendees
            else "Attending: nobody recorded yet"
        )
        blocks: list[tuple[TextBlock | TextLine, QColor]] = [
            (self._block(content.pursuit_name, self.fonts.title, width, title_lines), INK),
            (self._block(facts, self.fonts.body, width, facts_lines), INK),
            (self._block(attendees, self.fonts.body, width, attendee_lines), INK),
        ]
        if not content.decider_attends:
            blocks.append((self._fixed_line(DECIDER_ABSENT, "body", width), INK))
        height = sum(block.height + self.pt(2) for block, _ in blocks) + self.pt(4)
        return _Header(blocks, height)

    def _decision_box(
        self, content: SheetContent, width: float, tightness: _Tightness
    ) -> _DecisionBox:
        key = (tightness.decision_lines, tightness.write_in_full or bool(content.decision))
        box = self._decision_boxes.get(key)
        if box is None:
            box = self._decision_boxes[key] = self._new_decision_box(content, width, tightness)
        return box

    def _new_decision_box(
        self, content: SheetContent, width: float, tightness: _Tightness
    ) -> _DecisionBox:
        pad = self.pt(8)
        inner = width - 2 * pad
        heading = self._fixed_line(prep_fields.DECISION.label, "label", width)
        height = pad + heading.height + self.pt(3) + pad
        decision = None
        write_in = 0
        if content.decision:
            decision = self._block(
                content.decision, self.fonts.decision, inner, tightness.decision_lines
            )
            height += decision.height
        else:
            write_in = DECISION_WRITE_IN_LINES if tightness.write_in_full else 1
            height += write_in * self.pt(WRITE_PITCH_PT)
        by = None
        if content.decision_by is not None:
            by_text = "Client decides by: " + long_date_text(content.decision_by)
            by = self._block(by_text, self.fonts.small, inner, 1)
            height += by.height + self.pt(2)
        return _DecisionBox(heading, decision, write_in, by, height)

    def _draw_decision_box(self, box: _DecisionBox, rect: QRectF) -> None:
        p = self.painter
        pad = self.pt(8)
        p.setPen(QPen(INK, self.pt(1.6)))
        p.setBrush(QBrush(DECISION_FILL))
        p.drawRoundedRect(rect, self.pt(4), self.pt(4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(INK)
        y = rect.top() + pad
        box.heading.draw(p, rect.left() + pad, y)
        y += box.heading.height + self.pt(3)
        if box.decision is not None:
            box.decision.draw(p, rect.left() + pad, y, INK)
            y += box.decision.height + self.pt(2)
        else:
            self._writing_lines(rect.left() + pad, rect.right() - pad, y, box.write_in)
            y += box.write_in * self.pt(WRITE_PITCH_PT) + self.pt(2)
        if box.by is not None:
            box.by.draw(p, rect.left() + pad, y, INK)

    def _writing_lines(self, left: float, right: float, top: float, count: int) -> None:
        p = self.painter
        p.save()
        p.setPen(QPen(MUTED, self.pt(0.6)))
        for index in range(1, count + 1):
            y = top + index * self.pt(WRITE_PITCH_PT)
            p.drawLine(QPointF(left, y), QPointF(right, y))
        p.restore()

    # ---- the fields -----------------------------------------------------------------------

    @staticmethod
    def _write_in_lines(content: SheetContent, tightness: _Tightness) -> list[int]:
        """For each field, the lines to write on (0 for a field with text)."""
        return [
            (section.write_in if tightness.write_in_full else 1) if section.write_in else 0
            for section in content.sections
        ]

    def _fixed_height(
        self,
        content: SheetContent,
        labels: list[TextLine],
        tightness: _Tightness,
    ) -> float:
        """Labels, gaps and lines to write on: all but the texts (of the sheet being painted)."""
        height = self._fixed_heights.get(tightness)
        if height is None:
            below_label, gap, pitch = self.pt(2), self.pt(tightness.gap), self.pt(WRITE_PITCH_PT)
            height = self._fixed_heights[tightness] = sum(
                label.height + below_label + gap + lines * pitch
                for lines, label in zip(
                    self._write_in_lines(content, tightness), labels, strict=True
                )
            )
        return height

    def _field_text(self, section: Section, width: float) -> _FieldText:
        whole = self._block(section.text, self.fonts.body, width)
        if len(section.parts) == 1:
            return _FieldText(whole, [whole.line_count])
        paragraphs = paragraph_lines(whole)
        part_lines: list[int] = []
        for part in section.parts:
            count = part.count("\n") + 1
            part_lines.append(sum(paragraphs[:count]))
            paragraphs = paragraphs[count:]
        if paragraphs or 0 in part_lines:
            # A separator Qt reads differently: each part on its own.
            part_lines = [
                self._block(part, self.fonts.body, width).line_count for part in section.parts
            ]
        return _FieldText(whole, part_lines)

    def _least_height(
        self,
        content: SheetContent,
        labels: list[TextLine],
        whole: list[_FieldText | None],
        tightness: _Tightness,
        floor: int,
    ) -> float:
        """The fields' height with every text cut to ``floor`` lines (each part keeping one)."""
        texts = 0.0
        for text in whole:
            if text is not None:
                lines = min(text.whole.line_count, max(len(text.part_lines), floor))
                texts += lines * _line_height(text.whole)
        return self._fixed_height(content, labels, tightness) + texts

    def _fit(
        self,
        content: SheetContent,
        labels: list[TextLine],
        whole: list[_FieldText | None],
        width: float,
        room: float,
        tightness: _Tightness,
    ) -> list[list[TextBlock]]:
        """The texts as they print: whole when they fit, else cut by ``share_lines``."""
        text_room = room - self._fixed_height(content, labels, tightness)
        uncut = [[text.whole] if text is not None else [] for text in whole]
        texts = [(i, text) for i, text in enumerate(whole) if text is not None]
        if not texts or sum(text.whole.height for _, text in texts) <= text_room:
            return uncut
        needs = [text.whole.line_count for _, text in texts]
        least = [len(text.part_lines) for _, text in texts]
        heights = [_line_height(text.whole) for _, text in texts]
        budget = int(text_room // min(heights)) if min(heights) > 0 else sum(least)
        while True:
            lines = share_lines(needs, least, budget)
            bodies = [list(blocks) for blocks in uncut]
            for (i, text), section_lines in zip(texts, lines, strict=True):
                if section_lines >= text.whole.line_count:
                    continue
                kept = share_lines(text.part_lines, [1] * len(text.part_lines), section_lines)
                parts = content.sections[i].parts
                # A field of one part is cut from its text as laid out whole.
                laid_out = text.whole if len(parts) == 1 else None
                bodies[i] = [
                    self._block(
                        part, self.fonts.body, width, None if got >= need else got, laid_out
                    )
                    for part, need, got in zip(parts, text.part_lines, kept, strict=True)
                ]
            height = sum(block.height for blocks in bodies for block in blocks)
            # A script drawn in a taller fallback font takes more room a line.
            if height <= text_room or budget <= sum(least):
                return bodies
            budget -= max(1, math.ceil((height - text_room) / max(heights)))

    def _draw_sections(
        self,
        labels: list[TextLine],
        bodies: list[list[TextBlock]],
        left: float,
        top: float,
        width: float,
        tightness: _Tightness,
        writing: list[int],
    ) -> None:
        p = self.painter
        y = top
        for label, blocks, lines in zip(labels, bodies, writing, strict=True):
            p.setPen(MUTED.darker(150))
            label.draw(p, left, y)
            y += label.height + self.pt(2)
            p.setPen(INK)
            for block in blocks:
                block.draw(p, left, y, INK)
                y += block.height
            if lines:
                height = lines * self.pt(WRITE_PITCH_PT)
                p.save()
                p.setPen(QPen(MUTED, self.pt(0.6)))
                p.drawRoundedRect(QRectF(left, y, width, height), self.pt(3), self.pt(3))
                p.restore()
                # The box's lower edge is its last line.
                self._writing_lines(
                    left + self.pt(6),
                    left + width - self.pt(6),
                    y,
                    lines - 1,
                )
                y += height
            y += self.pt(tightness.gap)

    def _debrief(self, rect: QRectF) -> None:
        """The band for the seller's notes after the meeting: the same on every page of a
        batch, so its calls are worked out once and made again on each page."""
        key = (rect.x(), rect.y(), rect.width(), rect.height())
        calls = self._debriefs.get(key)
        if calls is None:
            calls = self._debriefs[key] = self._debrief_calls(rect)
        p = self.painter
        p.save()
        for call, arguments in calls:
            call(*arguments)
        p.restore()

    def _debrief_calls(self, rect: QRectF) -> list[tuple[Callable[..., object], tuple[Any, ...]]]:
        p = self.painter
        calls: list[tuple[Callable[..., object], tuple[Any, ...]]] = []
        calls.append((p.setPen, (QPen(INK, self.pt(0.8)),)))
        calls.append((p.drawLine, (rect.topLeft(), rect.topRight())))
        y = rect.top() + self.pt(6)
        heading = self._fixed_line("After the meeting", "label", rect.width())
        calls.append((heading.draw, (p, rect.left(), y)))
        y += heading.height + self.pt(8)

        words = self._body_words
        metrics = words.metrics
        x = rect.left()
        calls.append((words.line("Outcome:").draw, (p, x, y)))
        x += words.width("Outcome:") + self.pt(12)
        box = self.pt(9)
        for choice in ("Advanced: the client decided", "Stayed", "Went back a step"):
            calls.append((p.drawRect, (QRectF(x, y + (metrics.height() - box) / 2, box, box),)))
            x += box + self.pt(4)
            calls.append((words.line(choice).draw, (p, x, y)))
            x += words.width(choice) + self.pt(16)
        y += metrics.height() + self.pt(10)

        pen = QPen(MUTED, self.pt(0.6))
        for label in (prep_fields.BY_COLUMN["decision_made"].label, "Next decision"):
            calls.append((p.setPen, (INK,)))
            calls.append((words.line(label + ":").draw, (p, rect.left(), y)))
            y += metrics.height() + self.pt(14)
            calls.append((p.setPen, (pen,)))
            for _ in range(2):
                calls.append((p.drawLine, (QPointF(rect.left(), y), QPointF(rect.right(), y))))
                y += self.pt(20)
            y -= self.pt(10)
        return calls


class PrintingCancelled(Exception):
    """The seller stopped a batch before its last page; ``pages`` were painted by then."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"stopped after {counted(pages, 'page')}")
        self.pages = pages


# Told the number of pages painted so far; answers False to stop the batch.
PageProgress = Callable[[int], bool]


def paint_sheets(
    device: QPagedPaintDevice,
    sheets: Sequence[SheetContent],
    progress: PageProgress | None = None,
) -> int:
    """Paint ``sheets`` one per page on ``device``; returns the number of pages.

    Raises PrintingCancelled when ``progress`` answers False (what the device holds by then is
    the caller's to discard)."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The printer or file could not be opened for drawing.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        sheet_painter = SheetPainter(painter)
        # A QPrinter or a QPdfWriter: both have resolution(), their common base has not.
        resolution = device.resolution()  # type: ignore[attr-defined]  # see above
        full = QRectF(device.pageLayout().fullRectPixels(resolution))
        page = QRectF(0, 0, full.width(), full.height())  # every page of a batch alike
        for index, content in enumerate(sheets):
            if index:
                device.newPage()
            sheet_painter.paint(content, page)
            if progress is not None and not progress(index + 1):
                raise PrintingCancelled(index + 1)
    finally:
        painter.end()
    return len(sheets)
