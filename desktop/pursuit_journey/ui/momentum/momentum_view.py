"""The momentum view: every active pursuit as a compact journey line, the seller's morning view.

Totals at the top, then one row per pursuit (client, value, days since the client last decided,
the next step and its decision, a stalling badge) around a compact line drawn on one scale for
all rows, then the Upcoming list. Clicking a row opens that pursuit at its next step.

Rows are an item model painted by a delegate: only the rows on screen are drawn, so two thousand
pursuits cost one store query and a sort, not two thousand widgets.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
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
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.momentum_board import (
    UPCOMING_DAYS,
    BoardTotals,
    FigureFilter,
    PursuitLine,
    SortOrder,
    board_totals,
    currency_ranks,
    has_undecided_soon,
    search_text,
    sort_key,
    sorted_lines,
    upcoming_steps,
)
from ...domain.naming import distinctive_name, folded
from ...domain.owners import hidden_note, same_seller
from ...drawing import journey_glyphs as glyphs
from ...drawing.compact_line import draw_compact_line_on_screen, line_ends
from ...drawing.formatting import day_time, money, short_day
from ...drawing.journey_glyphs import warning_colour
from ...store.errors import StoreError
from ..formatting import plain_tooltip
from ..owner_filter import owner_filter
from ..viewports import keep_viewport
from ..warning import paint_warning, paint_width
from .figures import FigureButton, FigureTile, count_text
from .upcoming_list import UpcomingPanel

if TYPE_CHECKING:  # the store loads after the window is shown, printing when first used
    from ...store.protocol import StoreLike
    from ..print_actions import SheetPrinting

ModelIndex = QModelIndex | QPersistentModelIndex
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
PURSUIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_SETTING = "momentum/sortOrder"
# With more pursuits changed than this since the board was read, it is read whole again.
RELOAD_ALL_FROM = 100
STALLING_BADGE = "Stalling"
DECISION_MISSING = "decision missing"
NO_ACTIVE_PURSUITS = (
    "No active pursuits. Create one with File ▸ New Pursuit, or reopen one by marking it Active."
)


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
    decisions = count_text(line.standing.level, "client decision")
    steps = count_text(line.step_count, "step")
    parts.append(f"{line.held_count} of {steps} held, {decisions} standing")
    return "\n".join(parts)


def left_texts(line: PursuitLine) -> tuple[str, str, str]:
    """A row's left column: the client (or the pursuit without one) on the first line; the
    value and the part of the pursuit's name that tells it from the client's other pursuits on
    the second (the name empty when it is already the first line)."""
    value = money(line.value_cents, line.currency)
    if not line.client:
        return line.name, value, ""
    return line.client, value, distinctive_name(line.name, line.client)


# ---- the rows -----------------------------------------------------------------------------


class MomentumModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[PursuitLine] = []
        self.today = date.today()
        self._row_of: dict[int, int] | None = None

    def set_lines(self, lines: Sequence[PursuitLine], today: date) -> None:
        if len(lines) != len(self.lines) or today != self.today or not lines:
            self.beginResetModel()
            self.lines = list(lines)
            self.today = today
            self._row_of = None
            self.endResetModel()
            return
        pairs = list(zip(lines, self.lines, strict=True))
        if all(new.pursuit_id == old.pursuit_id for new, old in pairs):
            # The same pursuits in the same order (an edit that kept its pursuit's place): the
            # rows whose lines were read again are redrawn (MomentumList does not lay them out
            # again). A layout change would lay out every row, with two calls into Python each.
            changed = [row for row, (new, old) in enumerate(pairs) if new is not old]
            self.lines = list(lines)
            if changed:
                self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))
            return
        # As many rows in another order: one layout change, where the current row and the
        # selection follow their pursuits and the view keeps its place.
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self.lines[index.row()].pursuit_id for index in kept]
        self.lines = list(lines)
        self._row_of = None
        moved = []
        for pursuit_id in kept_ids:
            row = self.row_of(pursuit_id)
            moved.append(QModelIndex() if row is None else self.index(row))
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def row_of(self, pursuit_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {line.pursuit_id: row for row, line in enumerate(self.lines)}
        return self._row_of.get(pursuit_id)

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


# Pictures of rows kept for the screen: about two screens of rows (each some 150 KB).
ROWS_KEPT = 24
_DRAWN_STATES = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver


class MomentumDelegate(QStyledItemDelegate):
    """Paints one pursuit's row; nothing in it is editable.

    The picture of a row is kept (by the very line it shows, the day, its size, whether it is
    current or under the mouse, its shade, the palette, the font and the screen's scale) and
    drawn again as it is: the board shown again after an edit to one pursuit, a keystroke in
    its search or a scroll back repaint the rows on screen, which cost a copy each. A line read
    again is another object: its row is drawn anew."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pictures: OrderedDict[tuple[object, ...], tuple[PursuitLine, QPixmap]] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        em = QFontMetricsF(option.font).height()
        return QSize(int(em * 40), int(em * 2 + em * 0.9))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        line: PursuitLine | None = index.data(LINE_ROLE)
        if line is None:
            return
        model = index.model()
        today = model.today if isinstance(model, MomentumModel) else date.today()
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        key = (
            line.pursuit_id,
            today,
            rect.width(),
            rect.height(),
            option.state & _DRAWN_STATES,
            index.row() % 2,
            option.palette.cacheKey(),
            option.font.key(),
            ratio,
        )
        kept = self._pictures.get(key)
        if kept is None or kept[0] is not line:
            picture = QPixmap(math.ceil(rect.width() * ratio), math.ceil(rect.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            on_picture = QPainter(picture)
            at_origin = QStyleOptionViewItem(option)
            at_origin.rect = QRect(0, 0, rect.width(), rect.height())
            self.paint_row(on_picture, at_origin, line, today, index.row())
            on_picture.end()
            kept = (line, picture)
            self._pictures[key] = kept
            if len(self._pictures) > ROWS_KEPT:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), kept[1])

    def paint_row(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        line: PursuitLine,
        today: date,
        row: int,
    ) -> None:
        """The row itself, drawn in ``option.rect``."""
        rect = QRectF(option.rect)
        palette: QPalette = option.palette
        state = option.state
        font = QFont(option.font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._paint_background(painter, rect, palette, state, row)
        columns = RowColumns.of(rect, font)
        metrics = QFontMetricsF(font)
        em = metrics.height()
        top = rect.top() + (rect.height() - 2 * em) / 2
        text = palette.color(QPalette.ColorRole.Text)
        quiet = palette.color(QPalette.ColorRole.PlaceholderText)
        warning = warning_colour(palette)
        bold = QFont(font)
        bold.setBold(True)

        # Left: the client (the pursuit's name when there is none), then value and name; the
        # name elided in the middle so that its distinctive end stays.
        first, value, name = left_texts(line)
        _text(painter, columns.left, top, first, bold, text)
        name_room = QRectF(columns.left)
        if value:
            shown_value = value + (" · " if name else "")
            _text(painter, columns.left, top + em, shown_value, font, quiet)
            name_room.setLeft(name_room.left() + metrics.horizontalAdvance(shown_value))
        if name:
            _text(painter, name_room, top + em, name, font, quiet, Qt.TextElideMode.ElideMiddle)

        draw_compact_line_on_screen(painter, columns.line, line.compact, palette, columns.glyph)

        # Right: momentum and the stalling badge, then the next step and its decision.
        right = QRectF(columns.right)
        if line.momentum.stalling:
            badge = _badge_rect(columns.right, top, em, font)
            _paint_badge(painter, badge, font, palette)
            right.setRight(badge.left() - em * 0.4)
        _text(painter, right, top, line.momentum.summary, font, text)
        upcoming = next_step_text(line, today)
        when = upcoming.when + (" · " if upcoming.decision else "")
        when_width = min(metrics.horizontalAdvance(when), columns.right.width() * 0.5)
        when_rect = QRectF(columns.right.left(), 0, when_width, 0)
        _text(painter, when_rect, top + em, when, font, warning if upcoming.overdue else text)
        if upcoming.decision:
            rest = QRectF(columns.right).adjusted(when_width, 0, 0, 0)
            if upcoming.missing:
                line_room = QRectF(rest.left(), top + em, rest.width(), em)
                paint_warning(painter, line_room, upcoming.decision, bold, palette)
            else:
                _text(painter, rest, top + em, upcoming.decision, font, quiet)
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
    painter: QPainter,
    room: QRectF,
    top: float,
    text: str,
    font: QFont,
    colour: QColor,
    elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
) -> None:
    """One line of plain text at ``top`` in ``room``'s width, elided (at the right)."""
    metrics = QFontMetricsF(font)
    elided = metrics.elidedText(text, elide, max(0.0, room.width()))
    painter.setFont(font)
    painter.setPen(colour)
    box = QRectF(room.left(), top, room.width(), metrics.height())
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)


def _badge_rect(room: QRectF, top: float, em: float, font: QFont) -> QRectF:
    width = paint_width(STALLING_BADGE, _badge_font(font))
    return QRectF(room.right() - width, top, width, em)


def _badge_font(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def _paint_badge(painter: QPainter, rect: QRectF, font: QFont, palette: QPalette) -> None:
    """ "Stalling" in the warning style every warning on screen shares."""
    paint_warning(painter, rect, STALLING_BADGE, _badge_font(font), palette)


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
        keep_viewport(self).setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self.rowOpened)

    def dataChanged(
        self,
        top_left: QModelIndex,
        bottom_right: QModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # Rows redrawn, told to screen readers, but not laid out again: every row has the same
        # height whatever it shows (uniform sizes), and QListView would lay out all of them,
        # with two calls into the model per row, for a change to one.
        QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))

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
    mineOnlyChanged = Signal(bool)  # the seller chose Mine (True) or Everyone

    def __init__(
        self,
        store: StoreLike,
        printing: Callable[[], SheetPrinting],
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.lines: list[PursuitLine] = []  # what the board shows: Mine or everyone's
        self._all_lines: list[PursuitLine] = []  # every active pursuit read
        self.totals: BoardTotals | None = None
        self._stale = True  # everything is read again
        self._changed: set[int] = set()  # only these pursuits are read again
        self._read_on: date | None = None  # momentum counts days: a new day reads everything

        self.active_tile = FigureTile("active pursuits", self)
        self.value_tile = FigureTile("their value", self)
        # The two figures that call for action filter the rows to what they count.
        self.stalling_tile = FigureButton("stalling", self)
        self.missing_tile = FigureButton("", self)
        self.figure_buttons = {
            FigureFilter.STALLING: self.stalling_tile,
            FigureFilter.UNDECIDED_SOON: self.missing_tile,
        }
        self.figure: FigureFilter | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search clients, pursuits and next decisions (Ctrl+F)")
        self.search.setAccessibleName("Search the momentum view")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
        self._search_texts: dict[int, tuple[PursuitLine, str]] = {}
        self.filter_status = QLabel(self)
        self.filter_status.setTextFormat(Qt.TextFormat.PlainText)
        self.filter_status.setAccessibleName("Filter")
        self.filter_status.setWordWrap(True)  # a long filter wraps: it never widens the window
        self.clear_filter = QPushButton("Show All (Esc)", self)
        self.clear_filter.setToolTip("Clear the search and the figure's filter")
        self._sorted: list[PursuitLine] = []
        self._texts: list[str] | None = None  # the sorted rows' search texts, in their order
        # The last search's words and the places (in _sorted) of the rows they match.
        self._matched: tuple[list[str], list[int]] | None = None
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
        # Mine / Everyone: only on a shared server (set_owners); the window keeps the choice.
        self.seller = ""
        self.owner_filter = owner_filter(self)
        self.owner_filter.currentIndexChanged.connect(self._owner_filter_changed)

        self.model = MomentumModel(self)
        self.rows = MomentumList(self)
        self.rows.setModel(self.model)
        self.rows.setItemDelegate(MomentumDelegate(self.rows))
        self.header = ScaleHeader(self.rows, self)
        self.empty = QLabel(NO_ACTIVE_PURSUITS, self)
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
        figures.addWidget(self.owner_filter, 0, Qt.AlignmentFlag.AlignBottom)
        figures.addWidget(sort_label, 0, Qt.AlignmentFlag.AlignBottom)
        figures.addWidget(self.sort_choice, 0, Qt.AlignmentFlag.AlignBottom)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.filter_status, 3)
        filters.addWidget(self.clear_filter)

        board = QWidget(self)
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.setSpacing(2)
        board_layout.addLayout(filters)
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

        QWidget.setTabOrder(self.owner_filter, self.sort_choice)  # as the row reads
        self.sort_choice.currentIndexChanged.connect(self._sort_changed)
        self.search.textChanged.connect(self._filter_changed)
        for figure, button in self.figure_buttons.items():
            button.clicked.connect(lambda _=False, f=figure: self.toggle_figure(f))
        self.clear_filter.clicked.connect(self.clear_filters)
        self._show_filter_status()
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
        fresh: list[PursuitLine] = []
        try:
            if whole:
                lines = self.store.momentum_lines()
            else:
                fresh = self.store.momentum_lines(changed)  # gone if no longer active
                kept = [line for line in self._all_lines if line.pursuit_id not in changed]
                lines = kept + fresh
        except StoreError as error:
            self.message.setText(f"Could not read the pursuits: {error}")
            self.message.show()
            return
        self.message.hide()
        self._stale = False
        self._changed = set()
        self._read_on = today
        self._all_lines = lines
        if whole:
            self._show_lines()
        else:
            self._show_lines(changed, fresh)

    def _show_lines(
        self, changed: set[int] | None = None, fresh: Sequence[PursuitLine] = ()
    ) -> None:
        """The lines read, through Mine / Everyone: figures, rows and Upcoming alike; with
        ``changed``, only those pursuits were read again (``fresh``, their new lines)."""
        today = self.store.today()
        lines = self._all_lines
        if self.mine_only():
            lines = [line for line in lines if same_seller(line.owner, self.seller)]
            fresh = [line for line in fresh if same_seller(line.owner, self.seller)]
        before = self.lines
        self.lines = lines
        upcoming = upcoming_steps(lines, today, UPCOMING_DAYS)
        self.totals = board_totals(lines, today, UPCOMING_DAYS, upcoming)
        self._show_totals(self.totals)
        if changed is None:
            self._show_rows()
        else:
            self._resort(before, changed, list(fresh))
        self.upcoming.set_steps(upcoming)

    # ---- Mine / Everyone (a shared server) ----------------------------------------------------

    def set_owners(self, shown: bool, seller: str, mine_only: bool) -> None:
        """Offer Mine / Everyone (``shown``: a shared server) for ``seller``'s pursuits."""
        self.seller = seller
        self.owner_filter.setVisible(shown)
        self.owner_filter.blockSignals(True)
        self.owner_filter.setCurrentIndex(0 if mine_only else 1)
        self.owner_filter.blockSignals(False)
        if not self._stale:
            self._show_lines()

    def mine_only(self) -> bool:
        return self.owner_filter.isVisibleTo(self) and bool(self.owner_filter.currentData())

    def _owner_filter_changed(self) -> None:
        if not self._stale:
            self._show_lines()
        self.mineOnlyChanged.emit(bool(self.owner_filter.currentData()))

    def owner_note(self) -> str:
        """How many active pursuits Mine hides, said plainly ("" when none)."""
        if not self.mine_only():
            return ""
        return hidden_note(len(self.lines), len(self._all_lines) - len(self.lines))

    def _show_rows(self) -> None:
        self._set_sorted(sorted_lines(self.lines, self.order))
        self._show_filtered()

    def _resort(
        self, before: list[PursuitLine], changed: set[int], fresh: list[PursuitLine]
    ) -> None:
        """The rows after a change to a few pursuits: theirs taken out, their new lines put in
        place; the others keep their order (sorted again whole only when the value order's
        currencies rank otherwise now)."""
        order = self.order
        if order is SortOrder.VALUE and currency_ranks(before) != currency_ranks(self.lines):
            self._show_rows()
            return
        key = sort_key(order, self.lines)
        rows = [line for line in self._sorted if line.pursuit_id not in changed]
        for line in fresh:
            bisect.insort(rows, line, key=key)
        self._set_sorted(rows)
        self._show_filtered()

    def _show_filtered(self) -> bool:
        """The sorted rows through the search and the figure filter (a keystroke re-filters the
        sorted rows; it neither reads nor sorts again); False when the rows stayed the same."""
        keep = self.current_pursuit_id()
        scroll = self.rows.verticalScrollBar().value()
        today = self.store.today()
        shown = self._filtered(today)
        current = self.model.lines
        unchanged = (
            today == self.model.today
            and len(shown) == len(current)
            and all(new is old for new, old in zip(shown, current, strict=True))
        )
        if not unchanged:  # typing on often keeps the same rows: nothing to redraw then
            self.model.set_lines(shown, today)
        has_rows = bool(self.lines)
        self.rows.setVisible(has_rows)
        self.header.setVisible(has_rows)
        self.empty.setText(self.owner_note() or NO_ACTIVE_PURSUITS)
        self.empty.setVisible(not has_rows)
        for widget in (self.search, self.filter_status, self.clear_filter):
            widget.setVisible(has_rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None and self.rows.currentIndex().row() != row:
            self.rows.setCurrentIndex(self.model.index(row))
        self.rows.verticalScrollBar().setValue(scroll)
        self._show_filter_status()
        return not unchanged

    def _set_sorted(self, rows: list[PursuitLine]) -> None:
        self._sorted = rows
        self._texts = None
        self._matched = None

    def _filtered(self, today: date) -> list[PursuitLine]:
        """The sorted rows the search and the figure show (as ``filter_lines`` finds them).

        Filtered here, as the pursuit list filters itself: the rows' folded search texts are
        kept in the sorted order, a keystroke is one tight pass per word over them, and a letter
        typed on looks only at the rows the shorter search matched."""
        words = folded(self.search.text()).split()
        rows = self._sorted
        places: Sequence[int] = range(len(rows))
        if words:
            matched = self._matched
            if matched is not None and matched[0] == words:
                places = matched[1]
            else:
                if matched is not None and all(
                    any(old in new for new in words) for old in matched[0]
                ):
                    places = matched[1]  # each old word inside a new one: only these can match
                if self._texts is None:
                    self._texts = [self._search_text(line) for line in rows]
                texts = self._texts
                found = [i for i in places if words[0] in texts[i]]
                for word in words[1:]:  # one tight pass per word, each on what is left
                    found = [i for i in found if word in texts[i]]
                self._matched = (words, found)
                places = found
        figure = self.figure
        if figure is FigureFilter.STALLING:
            places = [i for i in places if rows[i].momentum.stalling]
        elif figure is FigureFilter.UNDECIDED_SOON:
            places = [i for i in places if has_undecided_soon(rows[i], today)]
        if not words and figure is None:
            return list(rows)
        return [rows[i] for i in places]

    def _search_text(self, line: PursuitLine) -> str:
        """The line's folded search text, kept until the line is read again."""
        kept = self._search_texts.get(line.pursuit_id)
        if kept is None or kept[0] is not line:
            kept = (line, search_text(line))
            self._search_texts[line.pursuit_id] = kept
        return kept[1]

    # ---- filtering ------------------------------------------------------------------------

    def filtering(self) -> bool:
        return self.figure is not None or bool(self.search.text().strip())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def toggle_figure(self, figure: FigureFilter) -> None:
        """Show only the rows a figure counts; the same figure again shows all."""
        self.figure = None if self.figure is figure else figure
        self._filter_changed()

    def clear_filters(self) -> None:
        self.figure = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filter_changed()
        self.rows.setFocus(Qt.FocusReason.OtherFocusReason)

    def _filter_changed(self) -> None:
        for figure, button in self.figure_buttons.items():
            button.setChecked(figure is self.figure)
        if self._show_filtered():
            self.rows.scrollToTop()

    def _show_filter_status(self) -> None:
        active = self.filtering()
        self.clear_filter.setEnabled(active)
        if not active:
            self.filter_status.setText(self.owner_note())
            return
        parts = []
        if self.figure is FigureFilter.STALLING:
            parts.append("stalling")
        elif self.figure is FigureFilter.UNDECIDED_SOON:
            parts.append(f"a step in the next {UPCOMING_DAYS} days without a decision")
        words = " ".join(self.search.text().split())
        if words:
            parts.append(f"matching “{words}”")
        total = count_text(len(self.lines), "pursuit")
        whose = "of your " if self.owner_note() else "of "
        self.filter_status.setText(
            f"Showing {QLocale().toString(self.model.rowCount())} {whose}{total}: "
            + ", ".join(parts)
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and self.filtering():
            self.clear_filters()
            return
        super().keyPressEvent(event)

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
            f"of {count_text(totals.upcoming, 'step')} in the next {UPCOMING_DAYS} days "
            "without a decision",
            warning=totals.upcoming_without_decision > 0,
        )
        self.stalling_tile.setToolTip("Show only the stalling pursuits (click again for all)")
        self.missing_tile.setToolTip(
            "Show only the pursuits with a step in the next "
            f"{UPCOMING_DAYS} days that lacks its decision (click again for all)"
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
