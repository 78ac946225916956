"""Painting prep sheets onto pages: one step, one page, on a printer or into a PDF.

Shortening rule, when a sheet's text is longer than its page: the decision keeps up to 8 lines;
every other field gets the same line budget, the largest of 40, 30, 20, 15, 12, 10, 8, 6, 5, 4, 3,
2, 1 lines at which the whole sheet fits; a field cut short ends with "… (continued in the app)".
Nothing is ever cut at the page edge or moved to a second page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from .mini_line import INK, MUTED, draw_legend, draw_mini_line
from .sheet_content import DECIDER_MARK, SheetContent
from .text_fit import TextBlock, layout_text

DECISION_MAX_LINES = 8
LINE_BUDGETS = (None, 40, 30, 20, 15, 12, 10, 8, 6, 5, 4, 3, 2, 1)
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


def _date_time(content: SheetContent) -> str:
    if content.planned_at is None:
        return "Not scheduled"
    from ..drawing.formatting import long_date_time_text  # the app's one time format

    return long_date_time_text(content.planned_at)


class SheetPainter:
    """Paints one sheet into the page rectangle of ``painter``'s device."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.device = painter.device()
        self.unit = self.device.logicalDpiY() / 72.0  # one point in device units
        self.fonts = _fonts()

    def pt(self, points: float) -> float:
        return points * self.unit

    def _block(self, text: str, font: QFont, width: float, lines: int | None = None) -> TextBlock:
        return layout_text(text, font, width, self.device, lines)

    def paint(self, content: SheetContent, page: QRectF) -> None:
        p = self.painter
        area = page.adjusted(
            self.pt(MARGIN_PT), self.pt(MARGIN_PT), -self.pt(MARGIN_PT), -self.pt(MARGIN_PT)
        )
        width = area.width()
        y = area.top()
        p.setPen(INK)

        # Header: pursuit, client, step, date, attendees.
        title = self._block(content.pursuit_name, self.fonts.title, width, 2)
        title.draw(p, area.left(), y)
        y += title.height + self.pt(2)
        facts = " · ".join(
            part
            for part in (
                content.client,
                f"{content.step_title} ({content.step_kind.lower()})",
                _date_time(content),
            )
            if part
        )
        facts_block = self._block(facts, self.fonts.body, width, 2)
        facts_block.draw(p, area.left(), y)
        y += facts_block.height + self.pt(2)
        attendees = (
            "Attending: " + "; ".join(content.attendees)
            if content.attendees
            else "Attending: nobody recorded yet"
        )
        if any(a.startswith(DECIDER_MARK) for a in content.attendees):
            attendees += f"   ({DECIDER_MARK} decides on budget)"
        attendee_block = self._block(attendees, self.fonts.small, width, 3)
        p.setPen(MUTED.darker(160))
        attendee_block.draw(p, area.left(), y)
        p.setPen(INK)
        y += attendee_block.height + self.pt(6)

        # The small journey line, with a legend.
        line_rect = QRectF(area.left(), y, width, self.pt(56))
        draw_mini_line(p, line_rect, content, self.unit)
        self._legend(QRectF(area.left(), line_rect.bottom() - self.pt(10), width, self.pt(10)))
        y = line_rect.bottom() + self.pt(6)

        # The decision, in a box: the largest text after the header.
        pad = self.pt(8)
        heading = self._block("The decision we need from the client", self.fonts.label, width)
        decision_text = (
            content.decision or "Decision missing: write it in the app before the meeting."
        )
        decision = self._block(
            decision_text, self.fonts.decision, width - 2 * pad, DECISION_MAX_LINES
        )
        by_block = None
        if content.decision_by is not None:
            by_text = "Decided by: " + QLocale().toString(
                content.decision_by, QLocale.FormatType.LongFormat
            )
            by_block = self._block(by_text, self.fonts.small, width - 2 * pad, 1)
        box_height = pad + heading.height + self.pt(3) + decision.height + pad
        if by_block is not None:
            box_height += by_block.height + self.pt(2)
        box = QRectF(area.left(), y, width, box_height)
        p.setPen(QPen(INK, self.pt(1.6)))
        p.setBrush(QBrush(DECISION_FILL))
        p.drawRoundedRect(box, self.pt(4), self.pt(4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(INK)
        inner_y = y + pad
        heading.draw(p, area.left() + pad, inner_y)
        inner_y += heading.height + self.pt(3)
        decision.draw(p, area.left() + pad, inner_y)
        inner_y += decision.height + self.pt(2)
        if by_block is not None:
            by_block.draw(p, area.left() + pad, inner_y)
        y = box.bottom() + self.pt(10)

        # The debrief takes a fixed band at the bottom; the fields share what is between.
        debrief_height = self.pt(150)
        debrief_top = area.bottom() - debrief_height
        self._sections(content, area.left(), y, width, debrief_top - self.pt(8) - y)
        self._debrief(QRectF(area.left(), debrief_top, width, debrief_height))

    def _legend(self, rect: QRectF) -> None:
        draw_legend(self.painter, rect, self.fonts.small, self.unit)

    def _sections(
        self, content: SheetContent, left: float, top: float, width: float, room: float
    ) -> None:
        p = self.painter
        gap = self.pt(7)
        labels = [self._block(s.label, self.fonts.label, width, 1) for s in content.sections]
        # Each text is laid out whole once; at a budget only the texts longer than it are
        # laid out again, shortened (a text within the budget is the same either way).
        whole = [self._block(s.text, self.fonts.body, width) for s in content.sections]
        chosen: list[TextBlock] = []
        for budget in LINE_BUDGETS:
            chosen = [
                block
                if budget is None or block.line_count <= budget
                else self._block(section.text, self.fonts.body, width, budget)
                for section, block in zip(content.sections, whole, strict=True)
            ]
            total = sum(
                label.height + self.pt(2) + body.height + gap
                for label, body in zip(labels, chosen, strict=True)
            )
            if total <= room:
                break
        y = top
        for label, body in zip(labels, chosen, strict=True):
            p.setPen(MUTED.darker(150))
            label.draw(p, left, y)
            y += label.height + self.pt(2)
            p.setPen(INK)
            body.draw(p, left, y)
            y += body.height + gap

    def _debrief(self, rect: QRectF) -> None:
        p = self.painter
        p.save()
        p.setPen(QPen(INK, self.pt(0.8)))
        p.drawLine(rect.topLeft(), rect.topRight())
        y = rect.top() + self.pt(6)
        heading = self._block("After the meeting", self.fonts.label, rect.width(), 1)
        heading.draw(p, rect.left(), y)
        y += heading.height + self.pt(8)

        p.setFont(self.fonts.body)
        metrics = QFontMetricsF(self.fonts.body, self.device)
        x = rect.left()
        p.drawText(QPointF(x, y + metrics.ascent()), "Outcome:")
        x += metrics.horizontalAdvance("Outcome:") + self.pt(12)
        box = self.pt(9)
        for choice in ("Advanced: the client decided", "Stayed", "Went back a step"):
            p.drawRect(QRectF(x, y + (metrics.height() - box) / 2, box, box))
            x += box + self.pt(4)
            p.drawText(QPointF(x, y + metrics.ascent()), choice)
            x += metrics.horizontalAdvance(choice) + self.pt(16)
        y += metrics.height() + self.pt(10)

        pen = QPen(MUTED, self.pt(0.6))
        for label in ("Decision the client made", "Next decision"):
            p.setPen(INK)
            p.drawText(QPointF(rect.left(), y + metrics.ascent()), label + ":")
            y += metrics.height() + self.pt(14)
            p.setPen(pen)
            for _ in range(2):
                p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                y += self.pt(20)
            y -= self.pt(10)
        p.restore()


class PrintingCancelled(Exception):
    """The seller stopped a batch before its last page; ``pages`` were painted by then."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"stopped after {pages} page(s)")
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
        for index, content in enumerate(sheets):
            if index:
                device.newPage()
            page = QRectF(device.pageLayout().fullRectPixels(device.resolution()))
            sheet_painter.paint(content, QRectF(0, 0, page.width(), page.height()))
            if progress is not None and not progress(index + 1):
                raise PrintingCancelled(index + 1)
    finally:
        painter.end()
    return len(sheets)
