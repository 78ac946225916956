"""The journey line: a pursuit's steps as ticks from First meeting to Contract signed.

A scroll area whose viewport paints the line from ``domain.journey_layout`` (the same numbers
the printed sheet uses). The widget only shows and reports: it says which step was opened and
which move, insertion or deletion the seller asked for; the page turns those into undoable
store commands and hands back the new steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QEvent, QLocale, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QToolTip,
    QWidget,
)

from ...domain.journey_layout import (
    JourneyEnd,
    JourneyLayout,
    LineGeometry,
    TickMark,
    TickState,
    fitted_geometry,
    journey_layout,
)
from ...domain.ordering import drop_index_to_target, moved
from ...domain.vocabulary import PursuitStatus
from ...domain.wording import plural
from ...drawing import journey_glyphs as glyphs
from ...drawing.formatting import date_time, short_date
from ...drawing.shaped_text import CentredLines
from ..formatting import plain_tooltip
from ..viewports import keep_viewport
from ..warning import paint_warning
from ..warning import paint_width as warning_width
from . import journey_accessibility
from .journey_accessibility import StepLine
from .journey_legend import JourneyLegend

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.tables import Step

HitKind = Literal["tick", "gap", "none"]

EMPTY_HINT = "Click + on the line or press Insert to add the first step"

TICK_REACH = 0.75  # the tick's stroke, above and below the line, in glyph heights
TICK_CLEARANCE = 0.2  # the least room between the stroke and a label, in glyph heights


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    index: int = -1  # the step for "tick", the gap for "gap"


@dataclass(frozen=True)
class Metrics:
    """Sizes derived from the widget's font, so the line scales with the seller's settings."""

    em: float
    small_em: float
    title_em: float
    glyph: float
    margin: float
    min_spacing: float
    pad: float
    here_top: float
    number_top: float
    line_y: float
    title_top: float
    date_top: float
    decision_top: float
    bottom: float

    @classmethod
    def of(cls, font: QFont, small: QFont, title: QFont) -> Metrics:
        em = QFontMetricsF(font).height()
        small_em = QFontMetricsF(small).height()
        title_em = QFontMetricsF(title).height()
        glyph = em * 1.1
        margin = em * 0.5
        here_top = em * 0.3
        number_top = here_top + small_em + glyph * 0.35
        # The tick's stroke reaches TICK_REACH glyphs from the line: the number above and the
        # title below keep a clear gap from it.
        line_y = number_top + small_em + glyph * (TICK_REACH + TICK_CLEARANCE)
        title_top = line_y + glyph * (TICK_REACH + TICK_CLEARANCE)
        date_top = title_top + 2 * title_em  # titles take up to two lines
        decision_top = date_top + small_em
        bottom = decision_top + 2 * small_em + em * 0.4
        min_spacing = max(QFontMetricsF(font).averageCharWidth() * 15, em * 6)
        return cls(
            em,
            small_em,
            title_em,
            glyph,
            margin,
            min_spacing,
            em * 0.3,
            here_top,
            number_top,
            line_y,
            title_top,
            date_top,
            decision_top,
            bottom,
        )


@dataclass(frozen=True)
class TickLabels:
    """The lines drawn for one step, each as (rectangle of its ink, text)."""

    number: list[tuple[QRectF, str]]
    title: list[tuple[QRectF, str]]
    date: list[tuple[QRectF, str]]
    decision: list[tuple[QRectF, str]]

    def all(self) -> list[tuple[QRectF, str]]:
        return self.number + self.title + self.date + self.decision


@dataclass
class _Press:
    hit: Hit
    at: QPointF


@dataclass
class _Drag:
    index: int
    x: float  # content x of the pointer
    gap: int


class JourneyLine(StepLine):
    stepOpened = Signal(int)  # step id: click, Enter or "Open"
    currentChanged = Signal(int)  # index of the selected step, -1 for none
    moveRequested = Signal(int, int)  # step id, its new index
    insertRequested = Signal(int)  # the index the new step takes
    deleteRequested = Signal(int)  # step id
    calendarRequested = Signal(int)  # step id: "Add to Calendar…"
    legendShownChanged = Signal(bool)  # the seller hid the legend with its own button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sizes_cache: tuple[tuple[QFont, QFont, QFont], Metrics] | None = None
        # The labels' lines as fitted to their column, kept while the fonts are: a repaint, a
        # drag or a pursuit shown again measures none of them again (see caption_boxes).
        self._fitted: glyphs.FittedCache = {}
        self._shaped = CentredLines()  # their glyphs, shaped once: drawn as drawText draws
        self._bold_small: QFont | None = None
        self._size_hint: QSize | None = None
        self.setAccessibleName("Journey line")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        viewport = keep_viewport(self)
        viewport.setMouseTracking(True)
        viewport.setAutoFillBackground(True)
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        self.steps: list[Step] = []
        self.layout_data: JourneyLayout = journey_layout([], PursuitStatus.ACTIVE)
        self._status = PursuitStatus.ACTIVE
        self._current = -1
        # The step whose prep form is open below: marked apart from the keyboard selection,
        # which Home, End, a right-click or a drag move without opening anything.
        self._opened_id: int | None = None
        self._hover: Hit = Hit("none")
        self._press: _Press | None = None
        self._drag: _Drag | None = None
        self._center_index: int | None = None
        self.horizontalScrollBar().sliderPressed.connect(self._stop_centering)
        self.legend = JourneyLegend(self)
        self.legend.hideRequested.connect(self._legend_closed)
        self._legend_shown = True
        self._place_legend()
        # Each step is an item a screen reader can reach, not only the selected one.
        self.accessibility = journey_accessibility.attach(self)
        self._update_description()

    # ---- data -----------------------------------------------------------------------------

    def set_journey(
        self,
        steps: Sequence[Step],
        status: PursuitStatus,
        current: int = -1,
        *,
        layout: JourneyLayout | None = None,
    ) -> None:
        """Show ``steps`` (in order) of a pursuit with ``status``; select step ``current``
        (``layout``: theirs, when the caller has just made it)."""
        self.cancel_drag()
        self.steps = list(steps)
        self._status = PursuitStatus(status)
        self.layout_data = layout or journey_layout(self.steps, self._status)
        self._hover = Hit("none")
        self._update_scroll_range()
        self.accessibility.steps_changed()
        self.set_current(current if 0 <= current < len(self.steps) else -1, force=True)
        self.viewport().update()

    def count(self) -> int:
        return len(self.steps)

    def current(self) -> int:
        return self._current

    def current_step(self) -> Step | None:
        return self.steps[self._current] if 0 <= self._current < len(self.steps) else None

    def set_current(self, index: int, *, force: bool = False) -> None:
        index = max(-1, min(index, len(self.steps) - 1))
        if index == self._current and not force:
            return
        self._current = index
        if index >= 0:
            self.ensure_visible(index)
        self._update_description()
        self.viewport().update()
        self.currentChanged.emit(index)

    def open_current(self) -> None:
        step = self.current_step()
        if step is not None and step.id is not None:
            self.stepOpened.emit(step.id)

    def set_opened(self, step_id: int | None) -> None:
        """Mark the step whose prep form is open (None: no form open)."""
        if step_id == self._opened_id:
            return
        self._opened_id = step_id
        self.accessibility.steps_changed()  # its item now says it is open (or no longer)
        self.viewport().update()

    def opened(self) -> int:
        """The index of the step whose prep form is open, -1 for none."""
        ids = [step.id for step in self.steps]
        return ids.index(self._opened_id) if self._opened_id in ids else -1

    def open_mark_rect(self, index: int) -> QRectF:
        """The bar under the open step's column (content coordinates)."""
        metrics = self.metrics()
        left, right = self.geometry_now().column(index)
        height = max(3.0, metrics.em * 0.22)
        return QRectF(
            left + metrics.pad * 1.5,
            metrics.bottom - metrics.pad - height,
            right - left - metrics.pad * 3,
            height,
        )

    def accessible_text(self, index: int) -> str:
        """What a screen reader says for step ``index``: position, title, state, decision."""
        mark = self.layout_data.marks[index]
        decision = " ".join(mark.decision.split()) or (
            "none recorded" if mark.held else "no decision written yet"
        )
        text = (
            f"Step {index + 1} of {len(self.steps)}: {mark.title}, {mark.state.label}, "
            f"{date_time(mark.planned_at)}. {mark.decision_heading}: {decision}"
        )
        if mark.out_of_order is not None:
            text = f"{text}. Warning: {mark.out_of_order.problem.message}"
        return f"{text}. Open in the prep form" if index == self.opened() else text

    def _update_description(self) -> None:
        # The steps speak for themselves (see journey_accessibility); the line says how to use it.
        if self.steps:
            text = (
                f"{len(self.steps)} {plural(len(self.steps), 'step')}. Left and Right choose a "
                "step, Enter opens it, "
                "Alt+Left and Alt+Right move it, Insert adds a step after it, Delete deletes it."
            )
        else:
            text = f"No steps yet. {EMPTY_HINT}."
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)  # Qt tells the screen reader of the change
        self.accessibility.current_changed()

    # ---- geometry -------------------------------------------------------------------------

    def fonts(self) -> tuple[QFont, QFont, QFont]:
        """The body, small (date, decision) and title fonts, all scaled in points."""
        return self._sizes()[0]

    def metrics(self) -> Metrics:
        return self._sizes()[1]

    def _here_font(self) -> QFont:
        """The small font in bold, for "You are here" (kept with the other fonts)."""
        if self._sizes_cache is None or self._bold_small is None:
            self._bold_small = QFont(self.fonts()[1])
            self._bold_small.setBold(True)
        return self._bold_small

    def _sizes(self) -> tuple[tuple[QFont, QFont, QFont], Metrics]:
        # Kept until the font changes: paints and every mouse move ask for them.
        if self._sizes_cache is None:
            self._fitted.clear()  # measured with the fonts made before
            self._shaped.clear()
            self._bold_small = None
            body = QFont(self.font())
            small = QFont(body)
            if small.pointSizeF() > 0:
                small.setPointSizeF(small.pointSizeF() * 0.9)
            title = QFont(body)
            title.setBold(True)
            self._sizes_cache = ((body, small, title), Metrics.of(body, small, title))
        return self._sizes_cache

    def step_rect(self, index: int) -> QRect:
        metrics = self.metrics()
        left, right = self.geometry_now().column(index)
        top = metrics.number_top - metrics.pad
        column = QRectF(left, top, right - left, metrics.bottom - top)
        return column.translated(-self.horizontalScrollBar().value(), 0).toAlignedRect()

    def geometry_now(self) -> LineGeometry:
        metrics = self.metrics()
        return fitted_geometry(
            len(self.steps), self.viewport().width(), metrics.min_spacing, metrics.margin
        )

    def _scroll_x(self) -> int:
        return self.horizontalScrollBar().value()

    def to_content(self, point: QPointF | QPoint) -> QPointF:
        return QPointF(point.x() + self._scroll_x(), point.y())

    def tick_point(self, index: int) -> QPoint:
        """The centre of step ``index``'s glyph, in viewport coordinates (for clicks)."""
        geometry = self.geometry_now()
        metrics = self.metrics()
        return QPoint(round(geometry.tick_x(index) - self._scroll_x()), round(metrics.line_y))

    def gap_point(self, gap: int) -> QPoint:
        geometry = self.geometry_now()
        return QPoint(round(geometry.gap_x(gap) - self._scroll_x()), round(self.metrics().line_y))

    def label_boxes(self, index: int) -> TickLabels:
        """Where step ``index``'s labels go (content coordinates), each line with its text."""
        geometry = self.geometry_now()
        metrics = self.metrics()
        _body, small, title_font = self.fonts()
        mark = self.layout_data.marks[index]
        left, right = geometry.column(index)
        width = max(1.0, right - left - 2 * metrics.pad)

        def room(top: float, lines: int, height: float) -> QRectF:
            return QRectF(left + metrics.pad, top, width, lines * height)

        fitted = self._fitted
        title = glyphs.caption_boxes(
            room(metrics.title_top, 2, metrics.title_em),
            mark.title,
            title_font,
            max_lines=2,
            fitted=fitted,
        )
        if len(title) == 1:  # a one-line title sits just above its date
            title = [(box.translated(0, metrics.title_em), text) for box, text in title]
        return TickLabels(
            number=glyphs.caption_boxes(
                room(metrics.number_top, 1, metrics.small_em),
                mark.position_label,
                small,
                fitted=fitted,
            ),
            title=title,
            date=glyphs.caption_boxes(
                room(metrics.date_top, 1, metrics.small_em),
                _date_caption(mark, small, width),
                small,
                fitted=fitted,
            ),
            decision=glyphs.caption_boxes(
                room(metrics.decision_top, 2, metrics.small_em),
                _decision_caption(mark),
                small,
                max_lines=2,
                fitted=fitted,
            ),
        )

    def warning_box(self, index: int, row: Literal["date", "decision"]) -> tuple[QRectF, str]:
        """Where step ``index``'s warning (sign and text) is drawn in its date or decision row,
        centred in its column (content coordinates)."""
        metrics = self.metrics()
        _body, small, _title = self.fonts()
        left, right = self.geometry_now().column(index)
        width = max(1.0, right - left - 2 * metrics.pad)
        mark = self.layout_data.marks[index]
        text = (
            _date_caption(mark, small, width - _line_height(small))
            if row == "date"
            else mark.decision_caption
        )
        used = min(width, warning_width(text, small))
        top = metrics.date_top if row == "date" else metrics.decision_top
        centre = (left + right) / 2
        return QRectF(centre - used / 2, top, used, metrics.small_em), text

    def tick_extent(self, index: int) -> QRectF:
        """The ink of step ``index``'s tick: its stroke across the line, its glyph and the ring
        of an open step (content coordinates)."""
        metrics = self.metrics()
        x = self.geometry_now().tick_x(index)
        half_width = metrics.glyph * 0.6 + max(1.5, metrics.glyph / 8)  # the open ring
        reach = max(metrics.glyph * TICK_REACH, half_width)
        return QRectF(x - half_width, metrics.line_y - reach, 2 * half_width, 2 * reach)

    def hit(self, point: QPointF | QPoint) -> Hit:
        """What is under ``point`` (viewport coordinates)."""
        content = self.to_content(point)
        geometry = self.geometry_now()
        metrics = self.metrics()
        near_line = abs(content.y() - metrics.line_y) <= metrics.glyph * 0.8
        gap = geometry.gap_at(content.x())
        if near_line and abs(content.x() - geometry.gap_x(gap)) <= metrics.glyph * 0.6:
            return Hit("gap", gap)
        index = geometry.tick_at(content.x())
        if index is not None and metrics.number_top <= content.y() <= metrics.bottom:
            return Hit("tick", index)
        return Hit("none")

    def ensure_visible(self, index: int) -> None:
        geometry = self.geometry_now()
        # The first and last steps bring their end of the line into view with them.
        # The neighbours come into view too (and the line's ends with the first and last step),
        # so the selection is never seen without its context.
        left = geometry.column(index - 1)[0] if index > 0 else 0.0
        right = geometry.column(index + 1)[1] if index < len(self.steps) - 1 else geometry.width
        bar = self.horizontalScrollBar()
        if left < bar.value():
            bar.setValue(int(left))
        elif right > bar.value() + self.viewport().width():
            bar.setValue(int(right - self.viewport().width()) + 1)

    def center_on(self, index: int) -> None:
        """Scroll so that step ``index`` stands in the middle of the view.

        A pursuit is often shown before its page has its final size, so the centring is done
        again on resizes until the seller scrolls or clicks.
        """
        self._center_index = index if 0 <= index < len(self.steps) else None
        self._apply_centering()

    def _apply_centering(self) -> None:
        if self._center_index is not None and self._center_index < len(self.steps):
            geometry = self.geometry_now()
            wanted = geometry.tick_x(self._center_index) - self.viewport().width() / 2
            # Start the view at a column's edge, so no step is seen cut in half on the left.
            column = round((wanted - geometry.start_x) / geometry.spacing - 0.5)
            left = geometry.column(column)[0] if column >= 0 else 0.0
            self.horizontalScrollBar().setValue(round(left))

    def _stop_centering(self) -> None:
        self._center_index = None

    def _update_scroll_range(self) -> None:
        geometry = self.geometry_now()
        bar = self.horizontalScrollBar()
        bar.setRange(0, max(0, int(geometry.width) - self.viewport().width()))
        bar.setPageStep(self.viewport().width())
        bar.setSingleStep(int(geometry.spacing))

    def sizeHint(self) -> QSize:
        # Kept: every layout pass of the page asks it several times (a new pursuit's texts in
        # the form relay the page out); it changes only with the font, the style or the legend.
        if self._size_hint is None:
            height = self.metrics().bottom + self.horizontalScrollBar().sizeHint().height()
            height += self._legend_height()
            self._size_hint = QSize(
                int(self.metrics().min_spacing * 6), int(height) + 2 * self.frameWidth()
            )
        return QSize(self._size_hint)

    def minimumSizeHint(self) -> QSize:
        return QSize(int(self.metrics().min_spacing * 3), self.sizeHint().height())

    # ---- the legend -----------------------------------------------------------------------

    def legend_shown(self) -> bool:
        return self._legend_shown

    def set_legend_shown(self, shown: bool) -> None:
        """Show or hide the legend under the line (View ▸ Journey Legend)."""
        if shown == self._legend_shown:
            return
        self._legend_shown = shown
        self._size_hint = None
        self._place_legend()
        self.updateGeometry()

    def _legend_closed(self) -> None:
        self.set_legend_shown(False)
        self.legendShownChanged.emit(False)

    def _legend_height(self) -> int:
        return self.legend.sizeHint().height() if self._legend_shown else 0

    def _place_legend(self) -> None:
        # The legend sits in a margin below the viewport, so it stays put while the line
        # scrolls sideways, above the scroll bar.
        height = self._legend_height()
        self.setViewportMargins(0, 0, 0, height)
        self.legend.setVisible(self._legend_shown)
        if self._legend_shown:
            view = self.viewport().geometry()
            self.legend.setGeometry(view.left(), view.bottom() + 1, view.width(), height)

    # ---- events ---------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_legend()
        self._update_scroll_range()
        self._apply_centering()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
            QEvent.Type.StyleChange,
        ):
            self._sizes_cache = None
            self._size_hint = None
            self._place_legend()
            self.updateGeometry()
            self._update_scroll_range()
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self._current < 0 and self.steps:
            here = self.layout_data.here
            self.set_current(min(here, len(self.steps) - 1))
        else:
            self.accessibility.current_changed()  # the screen reader hears the selected step
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self._tooltip(self.hit(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        if event.type() == QEvent.Type.Leave:
            self._set_hover(Hit("none"))
        return super().viewportEvent(event)

    def _tooltip(self, hit: Hit) -> str:
        if hit.kind == "gap":
            return "Insert a step here"
        if hit.kind != "tick":
            return ""
        mark = self.layout_data.marks[hit.index]
        if mark.state is TickState.DECISION_MISSING:
            decision = "Decision missing: what will the client decide?"
        elif mark.decision.strip():
            decision = f"{mark.decision_heading}: {mark.decision.strip()}"
        else:
            decision = "No decision was recorded for this step."
        text = f"{mark.position_label}. {mark.title} — {mark.state.label}\n\n{decision}"
        if mark.out_of_order is not None:
            text = f"{text}\n\n⚠ {mark.out_of_order.problem.message}"
        return text

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._stop_centering()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self.hit(event.position())
        if hit.kind == "tick":
            self.set_current(hit.index)
        self._press = _Press(hit, event.position()) if hit.kind != "none" else None
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        press = self._press
        if press is not None and press.hit.kind == "tick":
            travelled = (position - press.at).manhattanLength()
            if self._drag is None and travelled >= QApplication.startDragDistance():
                self._drag = _Drag(press.hit.index, 0.0, press.hit.index)
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._drag is not None:
                self._auto_scroll(position.x())
                self._drag.x = self.to_content(position).x()
                self._drag.gap = self.geometry_now().gap_at(self._drag.x)
                self.viewport().update()
                event.accept()
                return
        self._set_hover(self.hit(position))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        press, drag = self._press, self._drag
        self._press = None
        if drag is not None:
            self.cancel_drag()
            self._drop(drag.index, drag.gap)
        elif press is not None and self.hit(event.position()) == press.hit:
            if press.hit.kind == "tick":
                self.open_current()
            elif press.hit.kind == "gap":
                self.insertRequested.emit(press.hit.index)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        # The second click of a double click: opening a step again is harmless, but a "+"
        # clicked twice must not insert two steps.
        if self.hit(event.position()).kind == "tick":
            self.mousePressEvent(event)
        else:
            self._press = None
            event.accept()

    def _auto_scroll(self, x: float) -> None:
        edge = self.metrics().em * 2
        bar = self.horizontalScrollBar()
        if x < edge:
            bar.setValue(bar.value() - int(edge - x))
        elif x > self.viewport().width() - edge:
            bar.setValue(bar.value() + int(x - (self.viewport().width() - edge)))

    def _drop(self, index: int, gap: int) -> None:
        target = drop_index_to_target(index, gap)
        step = self.steps[index]
        if target == index or step.id is None:
            return
        # The step moves on screen at once; the page saves the order (one transaction).
        self.steps = moved(self.steps, index, target)
        self.layout_data = journey_layout(self.steps, self._status)
        self.accessibility.steps_changed()
        self.set_current(target, force=True)
        self.moveRequested.emit(step.id, target)

    def is_dragging(self) -> bool:
        return self._drag is not None

    def drop_gap(self) -> int | None:
        return self._drag.gap if self._drag is not None else None

    def cancel_drag(self) -> None:
        if self._drag is not None:
            self._drag = None
            self._press = None
            self.viewport().unsetCursor()
            self.viewport().update()

    def _set_hover(self, hit: Hit) -> None:
        if hit != self._hover:
            self._hover = hit
            self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._stop_centering()
        # A plain mouse wheel scrolls along the line: there is nothing to scroll vertically.
        if event.angleDelta().x() == 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y() * bar.singleStep() // 120)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._stop_centering()
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        count = len(self.steps)
        current = self._current
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self.cancel_drag()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and alt:
            target = current + (1 if key == Qt.Key.Key_Right else -1)
            if 0 <= current < count and 0 <= target < count:
                self._request_move(current, target)
        elif key == Qt.Key.Key_Left:
            self.set_current(max(0, current - 1) if current >= 0 else count - 1)
        elif key == Qt.Key.Key_Right:
            self.set_current(min(count - 1, current + 1))
        elif key == Qt.Key.Key_Home and count:
            self.set_current(0)
        elif key == Qt.Key.Key_End and count:
            self.set_current(count - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
        elif key == Qt.Key.Key_Insert:
            self.insertRequested.emit(current + 1 if current >= 0 else count)
        elif key == Qt.Key.Key_Delete:
            step = self.current_step()
            if step is not None and step.id is not None:
                self.deleteRequested.emit(step.id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _request_move(self, index: int, target: int) -> None:
        step = self.steps[index]
        if step.id is not None:
            self.moveRequested.emit(step.id, target)

    # ---- context menu ---------------------------------------------------------------------

    def context_menu(self, hit: Hit) -> QMenu:
        """The menu for what is at ``hit``: a step's actions, or inserting at a gap."""
        menu = QMenu(self)
        count = len(self.steps)
        if hit.kind == "tick":
            index = hit.index
            step = self.steps[index]
            self.set_current(index)
            open_action = menu.addAction("Open", self.open_current)
            menu.setDefaultAction(open_action)
            left = menu.addAction("Move Left", lambda: self._request_move(index, index - 1))
            left.setEnabled(index > 0)
            right = menu.addAction("Move Right", lambda: self._request_move(index, index + 1))
            right.setEnabled(index < count - 1)
            menu.addSeparator()
            menu.addAction("Insert Step Before", lambda: self.insertRequested.emit(index))
            menu.addAction("Insert Step After", lambda: self.insertRequested.emit(index + 1))
            menu.addSeparator()
            if step.id is not None:
                step_id = step.id
                menu.addAction(
                    "Add to Calendar…", lambda: self.calendarRequested.emit(step_id)
                ).setEnabled(step.planned_at is not None)
                menu.addSeparator()
                menu.addAction("Delete Step", lambda: self.deleteRequested.emit(step_id))
        else:
            gap = hit.index if hit.kind == "gap" else count
            menu.addAction("Insert Step Here", lambda: self.insertRequested.emit(gap))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            hit = self.hit(event.pos())
            if hit.kind == "none":
                gap = self.geometry_now().gap_at(self.to_content(event.pos()).x())
                hit = Hit("gap", gap)
            where = event.globalPos()
        else:
            hit = Hit("tick", self._current) if self._current >= 0 else Hit("none")
            where = self.viewport().mapToGlobal(
                self.tick_point(self._current) if self._current >= 0 else QPoint(0, 0)
            )
        menu = self.context_menu(hit)
        menu.exec(where)
        menu.deleteLater()

    # ---- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(-self._scroll_x(), 0)
        visible = QRectF(event.rect()).translated(self._scroll_x(), 0)
        self.paint_line(painter, visible)
        painter.end()

    def paint_line(self, painter: QPainter, visible: QRectF) -> None:
        palette = self.palette()
        metrics = self.metrics()
        geometry = self.geometry_now()
        layout = self.layout_data
        muted = layout.muted
        _body, small, title_font = self.fonts()
        text = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        if muted:
            text = glyphs.muted_colour(text, palette)
        here_x = geometry.here_x(layout.here, layout.finished)
        line_y = metrics.line_y

        # The line: solid as far as the pursuit has come, dashed for the way still ahead.
        stroke = max(1.5, metrics.glyph / 7)
        painter.setPen(QPen(glyphs.line_colour(palette, muted), stroke))
        painter.drawLine(QPointF(geometry.start_x, line_y), QPointF(here_x, line_y))
        ahead = QPen(glyphs.muted_colour(glyphs.line_colour(palette), palette), stroke)
        ahead.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(ahead)
        painter.drawLine(QPointF(here_x, line_y), QPointF(geometry.end_x, line_y))

        first, last = self._visible_ticks(geometry, visible)
        opened = self.opened()
        for index in range(first, last):
            self._paint_tick(
                painter, index, geometry, metrics, small, title_font, text, quiet, opened
            )

        start = QPointF(geometry.start_x, line_y)
        glyphs.draw_start_node(painter, start, metrics.glyph, palette, muted=muted)
        end = QPointF(geometry.end_x, line_y)
        glyphs.draw_end_node(painter, end, metrics.glyph, palette, layout.end)
        for x, caption, index in (
            (geometry.start_x, glyphs.START_CAPTION, -1),
            (geometry.end_x, glyphs.END_CAPTIONS[layout.end], len(self.steps)),
        ):
            left, right = geometry.column(index)
            room = QRectF(
                left + metrics.pad,
                metrics.title_top,
                right - left - 2 * metrics.pad,
                2 * metrics.title_em,
            )
            glyphs.draw_caption(
                painter,
                room,
                caption,
                title_font,
                text,
                max_lines=2,
                fitted=self._fitted,
                shaped=self._shaped,
            )
            del x

        self._paint_here(painter, geometry, metrics, small, here_x)
        if self._drag is None and (self._hover.kind == "gap" or not self.steps):
            gap = self._hover.index if self._hover.kind == "gap" else 0
            centre = QPointF(geometry.gap_x(gap), line_y)
            glyphs.draw_plus(
                painter, centre, metrics.glyph * 0.85, palette, hot=self._hover.kind == "gap"
            )
            if not self.steps:
                hint = QRectF(
                    centre.x() - geometry.spacing / 2,
                    metrics.date_top,
                    geometry.spacing,
                    2 * metrics.small_em,
                )
                glyphs.draw_caption(
                    painter,
                    hint,
                    EMPTY_HINT,
                    small,
                    quiet,
                    max_lines=2,
                    fitted=self._fitted,
                    shaped=self._shaped,
                )
        if self._drag is not None:
            self._paint_drag(painter, geometry, metrics, title_font)

    def _visible_ticks(self, geometry: LineGeometry, visible: QRectF) -> tuple[int, int]:
        if geometry.spacing <= 0:
            return 0, 0
        first = int((visible.left() - geometry.start_x) / geometry.spacing) - 2
        last = int((visible.right() - geometry.start_x) / geometry.spacing) + 1
        return max(0, first), min(len(self.steps), max(0, last))

    def _paint_tick(
        self,
        painter: QPainter,
        index: int,
        geometry: LineGeometry,
        metrics: Metrics,
        small: QFont,
        title_font: QFont,
        text: QColor,
        quiet: QColor,
        opened: int,
    ) -> None:
        palette = self.palette()
        mark = self.layout_data.marks[index]
        muted = self.layout_data.muted
        x = geometry.tick_x(index)
        left, right = geometry.column(index)
        column = QRectF(
            left + metrics.pad / 2,
            metrics.number_top - metrics.pad,
            right - left - metrics.pad,
            metrics.bottom - metrics.number_top,
        )
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        selected = index == self._current
        hovered = self._hover == Hit("tick", index) and self._drag is None
        if selected or hovered:
            highlight.setAlphaF(0.22 if selected else 0.1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(column, metrics.pad, metrics.pad)
        if selected and self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = column.toAlignedRect()
            option.backgroundColor = palette.color(QPalette.ColorRole.Base)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )

        if index == opened:
            # The open step: a bar under its column and a ring round its tick, in the accent
            # colour; the selection is the tinted column (with the focus frame).
            accent = glyphs.accent_colour(palette)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            bar = self.open_mark_rect(index)
            painter.drawRoundedRect(bar, bar.height() / 2, bar.height() / 2)
            glyphs.draw_open_ring(painter, QPointF(x, metrics.line_y), metrics.glyph, accent)

        dragged = self._drag is not None and self._drag.index == index
        painter.save()
        if dragged:
            painter.setOpacity(0.35)
        tick_colour = glyphs.state_colour(mark.state, palette, muted)
        painter.setPen(QPen(tick_colour, max(1.0, metrics.glyph / 9)))
        painter.drawLine(
            QPointF(x, metrics.line_y - metrics.glyph * TICK_REACH),
            QPointF(x, metrics.line_y + metrics.glyph * TICK_REACH),
        )
        glyphs.draw_tick(
            painter, QPointF(x, metrics.line_y), metrics.glyph, mark.state, palette, muted=muted
        )
        labels = self.label_boxes(index)
        if mark.state is TickState.NOT_HELD:  # it never happened: its words stay quiet too
            text = quiet
        glyphs.draw_text_boxes(painter, labels.number, small, quiet, self._shaped)
        glyphs.draw_text_boxes(painter, labels.title, title_font, text, self._shaped)
        # A lost pursuit is drawn quietly, its warnings too: there is nothing left to fix.
        if mark.out_of_order is not None and not muted and mark.state is not TickState.NOT_HELD:
            # The date (or the place) disagrees with the steps around it: the shared warning.
            room, date_text = self.warning_box(index, "date")
            paint_warning(painter, room, date_text, small, palette)
        else:
            date_colour = text if mark.planned_at is not None else quiet
            glyphs.draw_text_boxes(painter, labels.date, small, date_colour, self._shaped)
        if mark.state is TickState.DECISION_MISSING and not muted:
            room, caption = self.warning_box(index, "decision")
            paint_warning(painter, room, caption, small, palette)
        else:
            glyphs.draw_text_boxes(painter, labels.decision, small, text, self._shaped)
        painter.restore()

    def _paint_here(
        self,
        painter: QPainter,
        geometry: LineGeometry,
        metrics: Metrics,
        small: QFont,
        here_x: float,
    ) -> None:
        palette = self.palette()
        layout = self.layout_data
        tip = QPointF(here_x, metrics.line_y - metrics.glyph * 0.7)
        size = metrics.small_em + metrics.glyph * 0.35
        glyphs.draw_here_marker(painter, tip, size, palette, muted=layout.muted)
        caption = {
            JourneyEnd.OPEN: glyphs.HERE_CAPTION,
            JourneyEnd.WON: "Won",
            JourneyEnd.LOST: "Ended here",
        }[layout.end]
        width = geometry.spacing
        room = QRectF(here_x - width / 2, metrics.here_top, width, metrics.small_em)
        room.moveLeft(max(0.0, min(room.left(), geometry.width - width)))
        accent = palette.color(QPalette.ColorRole.Highlight)
        if glyphs.is_dark(palette):
            accent = accent.lighter(140)
        if layout.muted:
            accent = glyphs.muted_colour(accent, palette)
        glyphs.draw_caption(
            painter,
            room,
            caption,
            self._here_font(),
            accent,
            fitted=self._fitted,
            shaped=self._shaped,
        )

    def _paint_drag(
        self, painter: QPainter, geometry: LineGeometry, metrics: Metrics, title_font: QFont
    ) -> None:
        assert self._drag is not None
        palette = self.palette()
        drop_x = geometry.gap_x(self._drag.gap)
        glyphs.draw_drop_indicator(
            painter,
            drop_x,
            metrics.number_top,
            metrics.bottom - metrics.small_em,
            metrics.glyph,
            palette,
        )
        mark: TickMark = self.layout_data.marks[self._drag.index]
        painter.save()
        painter.setOpacity(0.85)
        ghost = QPointF(self._drag.x, metrics.line_y)
        glyphs.draw_tick(painter, ghost, metrics.glyph, mark.state, palette)
        room = QRectF(
            ghost.x() - geometry.spacing / 2,
            metrics.line_y - metrics.glyph * 0.5 - metrics.title_em * 1.6,
            geometry.spacing,
            metrics.title_em,
        )
        glyphs.draw_caption(
            painter,
            room,
            mark.title,
            title_font,
            palette.color(QPalette.ColorRole.Text),
            fitted=self._fitted,
            shaped=self._shaped,
        )
        painter.restore()


def _decision_caption(mark: TickMark) -> str:
    return mark.decision_caption


def _line_height(font: QFont) -> float:
    return QFontMetricsF(font).height()


def _date_caption(mark: TickMark, font: QFont, width: float) -> str:
    """The date and time, or only the date when both do not fit the column."""
    # Kept by what decides it (the locale by its name, the font by its description): a line
    # repainted, dragged or shown again words and measures each date once.
    key = (mark.planned_at, font.key(), width, QLocale().name())
    caption = _date_captions.get(key)
    if caption is None:
        caption = date_time(mark.planned_at)
        if mark.planned_at is not None and QFontMetricsF(font).horizontalAdvance(caption) > width:
            caption = short_date(mark.planned_at)
        if len(_date_captions) >= _DATE_CAPTIONS_KEPT:
            _date_captions.clear()
        _date_captions[key] = caption
    return caption


_date_captions: dict[tuple[datetime | None, str, float, str], str] = {}
_DATE_CAPTIONS_KEPT = 4096
