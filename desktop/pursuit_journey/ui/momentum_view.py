"""The momentum view: every active pursuit as a compact journey line, the seller's morning view.

Totals at the top, then one row per pursuit (client, value, days since the client last decided,
the next step and its decision, a stalling badge) around a compact line drawn on one scale for
all rows, then the Upcoming list. Clicking a row opens that pursuit at its next step.

Rows are an item model painted by a delegate: only the rows on screen are drawn, so two thousand
pursuits cost one store query and a sort, not two thousand widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.momentum_board import (
    UPCOMING_DAYS,
    BoardTotals,
    PursuitLine,
    SortOrder,
    board_totals,
    sorted_lines,
    upcoming_steps,
)
from ..store.errors import StoreError
from . import journey_glyphs as glyphs
from .compact_line import draw_compact_line, line_ends
from .figures import FigureTile, warning_colour
from .formatting import day_time, money, plain_tooltip, short_day
from .print_actions import SheetPrinting
from .upcoming_list import UpcomingPanel

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import Store

ModelIndex = QModelIndex | QPersistentModelIndex
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
PURSUIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_SETTING = "momentum/sortOrder"
# With more pursuits changed than this since the board was read, it is read whole again.
RELOAD_ALL_FROM = 100
STALLING_BADGE = "Stalling"
DECISION_MISSING = "decision missing"


@dataclass(frozen=True)
class NextStepText:
    """How a row tells its next step: when, and the decision it is after."""

    when: str  # "Thu 5 Mar", "Overdue, 24 Feb", "No date", or "No next step planned"
    decision: str  # the decision on one line, "decision missing", or "" without a next step
    overdue: bool = False

    @property
    def missing(self) -> bool:
        return self.decision == DECISION_MISSING

    def __str__(self) -> str:
        return f"Next step {self.when}: {self.decision}" if self.decision else self.when


def next_step_text(line: PursuitLine, today: date) -> NextStepText:
    step = line.next_step
    if step is None:
        return NextStepText("No next step planned", "")
    decision = " ".join(step.decision.split()) or DECISION_MISSING
    if step.planned_at is None:
        return NextStepText("No date", decision)
    if step.planned_at.date() < today:
        # Planned in the past and not debriefed yet: the seller has something to record.
        return NextStepText(f"Overdue, {short_day(step.planned_at)}", decision, overdue=True)
    return NextStepText(day_time(step.planned_at), decision)


def row_description(line: PursuitLine, today: date) -> str:
    """The row in words: for the tooltip and for screen readers."""
    parts = [line.client or "No client", line.name]
    value = money(line.value_cents, line.currency)
    if value:
        parts.append(value)
    parts.append(line.momentum.summary)
    if line.momentum.stalling:
        parts.append(f"Stalling: {line.momentum.reason}")
    parts.append(str(next_step_text(line, today)))
    held = sum(1 for step in line.steps if step.outcome.is_held)
    parts.append(
        f"{held} of {len(line.steps)} steps held, {line.standing.level} client decision(s) standing"
    )
    return "\n".join(parts)


# ---- the rows -----------------------------------------------------------------------------


class MomentumModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[PursuitLine] = []
        self.today = date.today()

    def set_lines(self, lines: Sequence[PursuitLine], today: date) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.today = today
        self.endResetModel()

    def row_of(self, pursuit_id: int) -> int | None:
        for row, line in enumerate(self.lines):
            if line.pursuit_id == pursuit_id:
                return row
        return None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == LINE_ROLE:
            return line
        if role == PURSUIT_ID_ROLE:
            return line.pursuit_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row_description(line, self.today).replace("\n", ". ")
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row_description(line, self.today) + "\n\nClick to open it.")
        return None


@dataclass(frozen=True)
class RowColumns:
    """Where a row's three parts go; the scale header uses the same numbers."""

    left: QRectF  # client, value and pursuit name
    line: QRectF  # the compact journey line
    right: QRectF  # momentum, the next step, the badge
    glyph: float

    @classmethod
    def of(cls, rect: QRectF, font: QFont) -> RowColumns:
        metrics = QFontMetricsF(font)
        em = metrics.height()
        char = metrics.averageCharWidth()
        pad = em * 0.6
        inner = rect.adjusted(pad, 0, -pad, 0)
        width = inner.width()
        left = max(char * 16, min(char * 30, width * 0.22))
        right = max(char * 30, min(char * 62, width * 0.38))
        gap = em
        line_width = max(em * 6, width - left - right - 2 * gap)
        left_rect = QRectF(inner.left(), rect.top(), left, rect.height())
        line_rect = QRectF(left_rect.right() + gap, rect.top(), line_width, rect.height())
        right_rect = QRectF(line_rect.right() + gap, rect.top(), right, rect.height())
        return cls(left_rect, line_rect, right_rect, em * 0.85)


class MomentumDelegate(QStyledItemDelegate):
    """Paints one pursuit's row; nothing in it is editable."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        em = QFontMetricsF(option.font).height()  # type: ignore[attr-defined]
        return QSize(int(em * 40), int(em * 2 + em * 0.9))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        line: PursuitLine | None = index.data(LINE_ROLE)
        if line is None:
            return
        model = index.model()
        today = model.today if isinstance(model, MomentumModel) else date.today()
        rect = QRectF(option.rect)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        font = QFont(option.font)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._paint_background(painter, rect, palette, state, index.row())
        columns = RowColumns.of(rect, font)
        metrics = QFontMetricsF(font)
        em = metrics.height()
        top = rect.top() + (rect.height() - 2 * em) / 2
        text = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        warning = warning_colour(palette)
        bold = QFont(font)
        bold.setBold(True)

        # Left: the client (the pursuit's name when there is none), then value and name.
        _text(painter, columns.left, top, line.title, bold, text)
        value = money(line.value_cents, line.currency)
        second = f"{value} · {line.name}" if value and line.client else value or line.name
        if not line.client:
            second = value or ""
        _text(painter, columns.left, top + em, second, font, quiet)

        draw_compact_line(painter, columns.line, line.compact, palette, columns.glyph)

        # Right: momentum and the stalling badge, then the next step and its decision.
        right = QRectF(columns.right)
        if line.momentum.stalling:
            badge = _badge_rect(columns.right, top, em, font)
            _paint_badge(painter, badge, font, warning, palette)
            right.setRight(badge.left() - em * 0.4)
        _text(painter, right, top, line.momentum.summary, font, text)
        upcoming = next_step_text(line, today)
        when = upcoming.when + (" · " if upcoming.decision else "")
        when_width = min(metrics.horizontalAdvance(when), columns.right.width() * 0.5)
        when_rect = QRectF(columns.right.left(), 0, when_width, 0)
        _text(painter, when_rect, top + em, when, font, warning if upcoming.overdue else text)
        if upcoming.decision:
            rest = QRectF(columns.right).adjusted(when_width, 0, 0, 0)
            decision_font = bold if upcoming.missing else font
            colour = warning if upcoming.missing else quiet
            _text(painter, rest, top + em, upcoming.decision, decision_font, colour)
        painter.restore()

    @staticmethod
    def _paint_background(
        painter: QPainter, rect: QRectF, palette: QPalette, state: Any, row: int
    ) -> None:
        """A light tint for the current row and under the mouse: the glyphs keep their own
        colours (a full highlight would swallow the "here" marker, drawn in the accent)."""
        base = palette.color(
            QPalette.ColorRole.AlternateBase if row % 2 else QPalette.ColorRole.Base
        )
        painter.fillRect(rect, base)
        accent = QColor(palette.color(QPalette.ColorRole.Highlight))
        if state & QStyle.StateFlag.State_Selected:
            accent.setAlphaF(0.16)
            painter.fillRect(rect, accent)
            border = QColor(palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(QPen(border, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        elif state & QStyle.StateFlag.State_MouseOver:
            accent.setAlphaF(0.08)
            painter.fillRect(rect, accent)


def _text(
    painter: QPainter, room: QRectF, top: float, text: str, font: QFont, colour: QColor
) -> None:
    """One line of plain text at ``top`` in ``room``'s width, elided at the right."""
    metrics = QFontMetricsF(font)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, room.width()))
    painter.setFont(font)
    painter.setPen(colour)
    box = QRectF(room.left(), top, room.width(), metrics.height())
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)


def _badge_rect(room: QRectF, top: float, em: float, font: QFont) -> QRectF:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.9)
    small.setBold(True)
    width = QFontMetricsF(small).horizontalAdvance(STALLING_BADGE) + em * 0.8
    return QRectF(room.right() - width, top + em * 0.08, width, em * 0.84)


def _paint_badge(
    painter: QPainter, rect: QRectF, font: QFont, colour: QColor, palette: QPalette
) -> None:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.9)
    small.setBold(True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setFont(small)
    painter.setPen(palette.color(QPalette.ColorRole.Base))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), STALLING_BADGE)


class MomentumList(QListView):
    """The rows; a click or Enter on a row asks to open that pursuit."""

    rowOpened = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Active pursuits by momentum")
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self.rowOpened)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowOpened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ScaleHeader(QWidget):
    """Captions over the rows' columns, with First meeting and Contract signed above the two
    ends every compact line shares."""

    def __init__(self, rows: MomentumList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.small = small
        self.setFixedHeight(int(QFontMetricsF(small).height() + 6))
        rows.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        viewport = self.rows.viewport()
        offset = viewport.mapTo(self.window(), QPoint(0, 0)).x()
        offset -= self.mapTo(self.window(), QPoint(0, 0)).x()
        row = QRectF(offset, 0, viewport.width(), self.height())
        columns = RowColumns.of(row, self.rows.font())
        start_x, end_x = line_ends(columns.line, columns.glyph)
        painter = QPainter(self)
        colour = self.palette().color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetricsF(self.small)
        top = (self.height() - metrics.height()) / 2
        half = (end_x - start_x) / 2
        for room, caption, align in (
            (columns.left, "Client · value · pursuit", Qt.AlignmentFlag.AlignLeft),
            (
                QRectF(start_x - columns.glyph, 0, half, 0),
                glyphs.START_CAPTION,
                Qt.AlignmentFlag.AlignLeft,
            ),
            (
                QRectF(end_x - half + columns.glyph, 0, half, 0),
                "Contract signed",
                Qt.AlignmentFlag.AlignRight,
            ),
            (columns.right, "Last client decision · next step", Qt.AlignmentFlag.AlignLeft),
        ):
            text = metrics.elidedText(caption, Qt.TextElideMode.ElideRight, room.width())
            painter.setFont(self.small)
            painter.setPen(colour)
            painter.drawText(
                QRectF(room.left(), top, room.width(), metrics.height()),
                int(align | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.end()


# ---- the view -----------------------------------------------------------------------------


class MomentumView(QWidget):
    """Emits ``pursuitOpened(pursuit_id, step_id or None)`` when the seller opens a row."""

    pursuitOpened = Signal(int, object)

    def __init__(
        self,
        store: Store,
        printing: SheetPrinting,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.lines: list[PursuitLine] = []
        self.totals: BoardTotals | None = None
        self._stale = True  # everything is read again
        self._changed: set[int] = set()  # only these pursuits are read again
        self._read_on: date | None = None  # momentum counts days: a new day reads everything

        self.active_tile = FigureTile("active pursuits", self)
        self.value_tile = FigureTile("their value", self)
        self.stalling_tile = FigureTile("stalling", self)
        self.missing_tile = FigureTile("", self)
        self.sort_choice = QComboBox(self)
        self.sort_choice.setAccessibleName("Sort pursuits by")
        # Its longest choice must not set the window's minimum width: it may shrink (and elide).
        self.sort_choice.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        for order in SortOrder:
            self.sort_choice.addItem(order.label, order.value)
        saved = settings.value(SORT_SETTING, SortOrder.NEXT_INTERACTION.value) if settings else None
        found = self.sort_choice.findData(saved)
        self.sort_choice.setCurrentIndex(max(0, found))
        sort_label = QLabel("&Sort by", self)
        sort_label.setBuddy(self.sort_choice)

        self.model = MomentumModel(self)
        self.rows = MomentumList(self)
        self.rows.setModel(self.model)
        self.rows.setItemDelegate(MomentumDelegate(self.rows))
        self.header = ScaleHeader(self.rows, self)
        self.empty = QLabel(
            "No active pursuits. Create one with File ▸ New Pursuit, or reopen one by "
            "marking it Active.",
            self,
        )
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.upcoming = UpcomingPanel(printing, self)

        figures = QHBoxLayout()
        for tile in (self.active_tile, self.value_tile, self.stalling_tile, self.missing_tile):
            figures.addWidget(tile)
        figures.addStretch(1)
        figures.addWidget(sort_label, 0, Qt.AlignmentFlag.AlignBottom)
        figures.addWidget(self.sort_choice, 0, Qt.AlignmentFlag.AlignBottom)

        board = QWidget(self)
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.setSpacing(2)
        board_layout.addWidget(self.header)
        board_layout.addWidget(self.rows, 1)
        board_layout.addWidget(self.empty, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("momentumSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(board)
        self.split.addWidget(self.upcoming)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([500, 220])

        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)

        self.sort_choice.currentIndexChanged.connect(self._sort_changed)
        self.rows.rowOpened.connect(self._row_opened)
        self.upcoming.stepOpened.connect(
            lambda pursuit_id, step_id: self.pursuitOpened.emit(pursuit_id, step_id)
        )

    # ---- data -----------------------------------------------------------------------------

    @property
    def order(self) -> SortOrder:
        return SortOrder(self.sort_choice.currentData())

    def mark_stale(self, pursuit_id: int | None = None) -> None:
        """The data changed (of one pursuit, or of any): reload now when on screen, else the
        next time it is shown. A change to one pursuit reads only that pursuit again."""
        if pursuit_id is None:
            self._stale = True
        else:
            self._changed.add(pursuit_id)
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self._changed:
            self.reload()

    def reload(self) -> None:
        today = self.store.today()
        changed = self._changed
        whole = self._stale or self._read_on != today or len(changed) > RELOAD_ALL_FROM
        try:
            if whole:
                lines = self.store.momentum_lines()
            else:
                kept = [line for line in self.lines if line.pursuit_id not in changed]
                lines = kept + self.store.momentum_lines(changed)  # gone if no longer active
        except StoreError as error:
            self.message.setText(f"Could not read the pursuits: {error}")
            self.message.show()
            return
        self.message.hide()
        self._stale = False
        self._changed = set()
        self._read_on = today
        self.lines = lines
        self.totals = board_totals(lines, today, UPCOMING_DAYS)
        self._show_totals(self.totals)
        self._show_rows()
        self.upcoming.set_steps(upcoming_steps(lines, today, UPCOMING_DAYS))

    def _show_rows(self) -> None:
        keep = self.current_pursuit_id()
        scroll = self.rows.verticalScrollBar().value()
        self.model.set_lines(sorted_lines(self.lines, self.order), self.store.today())
        has_rows = bool(self.lines)
        self.rows.setVisible(has_rows)
        self.header.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.rows.setCurrentIndex(self.model.index(row))
        self.rows.verticalScrollBar().setValue(scroll)

    def _show_totals(self, totals: BoardTotals) -> None:
        self.active_tile.set_figure(
            str(totals.active), "active pursuit" if totals.active == 1 else "active pursuits"
        )
        values = [money(cents, currency) for currency, cents in totals.value_by_currency]
        caption = "their value"
        if totals.without_value:
            caption += f" ({totals.without_value} without a value)"
        self.value_tile.set_figure(" · ".join(values) or "—", caption)
        self.stalling_tile.set_figure(str(totals.stalling), "stalling", warning=totals.stalling > 0)
        self.missing_tile.set_figure(
            str(totals.upcoming_without_decision),
            f"of {totals.upcoming} steps in the next {UPCOMING_DAYS} days lack a decision",
            warning=totals.upcoming_without_decision > 0,
        )

    def _sort_changed(self) -> None:
        if self.settings is not None:
            self.settings.setValue(SORT_SETTING, self.order.value)
        self._show_rows()
        self.rows.scrollToTop()

    # ---- opening --------------------------------------------------------------------------

    def current_pursuit_id(self) -> int | None:
        index = self.rows.currentIndex()
        return index.data(PURSUIT_ID_ROLE) if index.isValid() else None

    def row_rect(self, pursuit_id: int) -> QRectF:
        """Where a pursuit's row is on the list's viewport (for tests and accessibility)."""
        row = self.model.row_of(pursuit_id)
        if row is None:
            return QRectF()
        return QRectF(self.rows.visualRect(self.model.index(row)))

    def line_point(self, pursuit_id: int) -> QPointF:
        """A point on the pursuit's compact line, in the list's viewport."""
        rect = self.row_rect(pursuit_id)
        columns = RowColumns.of(rect, self.rows.font())
        return columns.line.center()

    def _row_opened(self, index: QModelIndex) -> None:
        line: PursuitLine | None = index.data(LINE_ROLE)
        if line is None:
            return
        self.pursuitOpened.emit(line.pursuit_id, line.next_step.step_id if line.next_step else None)
