"""The list of pursuits: a table model, a search-and-status filter, and the panel around them."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.naming import distinctive_name
from ..domain.owners import hidden_note, same_seller
from ..domain.vocabulary import PursuitStatus
from ..drawing.formatting import short_date
from ..drawing.journey_glyphs import warning_colour
from .formatting import folded, plain_tooltip
from .owner_filter import owner_filter
from .warning import warning_icon

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import PursuitSummary

ModelIndex = QModelIndex | QPersistentModelIndex
PURSUIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3


# The roles data() answers: a painted cell asks for a dozen, and each question comes into Python;
# the others are answered None at once, before any enum is looked up.
_ROLES_ANSWERED = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole.value),
        int(Qt.ItemDataRole.EditRole.value),
        int(Qt.ItemDataRole.AccessibleTextRole.value),
        int(Qt.ItemDataRole.ToolTipRole.value),
        int(Qt.ItemDataRole.ForegroundRole.value),
        int(Qt.ItemDataRole.DecorationRole.value),
        int(PURSUIT_ID_ROLE),
        int(STATUS_ROLE),
    }
)


class Column(IntEnum):
    NAME = 0
    CLIENT = 1
    STATUS = 2
    MOMENTUM = 3
    NEXT = 4


HEADERS = {
    Column.NAME: "Pursuit",
    Column.CLIENT: "Client",
    Column.STATUS: "Status",
    Column.MOMENTUM: "Last decision",
    Column.NEXT: "Next step",
}

# Looked up once: Qt's enums cost a look-up each time from Python, and a cell is asked often.
_NAME_COLUMN = int(Column.NAME)
_MOMENTUM_COLUMN = int(Column.MOMENTUM)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_PAINTED_ROLES = frozenset({_DISPLAY, _FOREGROUND, _DECORATION})
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
)
_NAME_FLAGS = _CELL_FLAGS | Qt.ItemFlag.ItemIsEditable


class PaintedRow(NamedTuple):
    """What a row of the list shows: each column's text, greyed (closed), stalling."""

    texts: tuple[str, ...]  # by Column
    closed: bool
    stalling: bool  # the "Last decision" cell shows the warning sign, in the warning colour


class PursuitListModel(QAbstractTableModel):
    """Rows of ``PursuitSummary``, sorted and filtered here; renaming in place emits
    ``renameRequested``.

    The model filters itself (search words, status): a keystroke is one pass over the
    pursuits' kept search texts in Python, then one layout change, where a filter proxy would
    call back into Python for every row (about 30 ms for 10,000 pursuits)."""

    renameRequested = Signal(int, str)
    OPEN = "open"  # the status filter's choice: active and on hold

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[PursuitSummary] = []  # every pursuit, sorted
        self._rows: list[PursuitSummary] = []  # those the filter shows, in the same order
        self._sort_column = Column.NAME
        self._descending = False
        self._folded: dict[int, tuple[tuple[str, str], str]] = {}
        self._texts: list[str] | None = None  # search texts in the order of _all
        self._shown: list[int] = []  # the places in _all of the rows shown, ascending
        # Each pursuit's place in _all (made again only when _all changes order): a row is
        # found by halving _shown, where a map of the rows shown would be made again (10,000
        # entries) at every keystroke.
        self._place_of: dict[int, int] | None = None
        self._words: list[str] = []
        self._status: str | None = None
        self._seller: str | None = None  # Mine: only this seller's pursuits (None: everyone's)
        self._painted_rows: dict[int, tuple[PursuitSummary, PaintedRow]] = {}

    def set_rows(self, rows: Sequence[PursuitSummary]) -> None:
        self.beginResetModel()
        self._painted_rows.clear()
        self._all = sorted(rows, key=self._key_of(self._sort_column), reverse=self._descending)
        self._texts = None
        self._place_of = None
        self._shown = self._filtered(range(len(self._all)))
        self._rows = [self._all[i] for i in self._shown]
        self.endResetModel()

    def search_text(self, summary: PursuitSummary) -> str:
        """The pursuit's name and client, folded for search (kept: a keystroke filters them
        all; folded again only once renamed)."""
        text = self._folded.get(summary.id)
        if text is None or text[0] != (summary.name, summary.client):
            text = ((summary.name, summary.client), folded(f"{summary.name} {summary.client}"))
            self._folded[summary.id] = text
        return text[1]

    # ---- the filter -------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the pursuits whose name or client holds every word of ``text`` (case and
        accents ignored)."""
        words = folded(text).split()
        if words == self._words:
            return
        # Each old word inside a new one (a letter typed on): only the rows shown can match.
        narrower = all(any(old in new for new in words) for old in self._words)
        self._words = words
        self._refilter(self._shown if narrower else range(len(self._all)))

    def set_status(self, status: str | None) -> None:
        if status != self._status:
            self._status = status
            self._refilter(range(len(self._all)))

    def set_seller(self, seller: str | None) -> None:
        """Mine: only ``seller``'s pursuits; None: everyone's."""
        if seller != self._seller:
            self._seller = seller
            self._refilter(range(len(self._all)))

    def every_summary(self) -> list[PursuitSummary]:
        """Every pursuit listed, shown or hidden by the filters."""
        return list(self._all)

    def _search_texts(self) -> list[str]:
        """Every pursuit's search text, in the order of ``_all`` (made at the first search
        after the rows changed)."""
        if self._texts is None:
            self._texts = [self.search_text(summary) for summary in self._all]
        return self._texts

    def _filtered(self, candidates: Iterable[int]) -> list[int]:
        """Which of ``candidates`` (places in ``_all``) the search and the status show."""
        shown = list(candidates)
        if self._words:
            texts = self._search_texts()
            for word in self._words:  # one tight pass per word, each on what is left
                shown = [i for i in shown if word in texts[i]]
        rows, status, seller = self._all, self._status, self._seller
        if seller is not None:
            shown = [i for i in shown if same_seller(rows[i].owner, seller)]
        if status == self.OPEN:
            shown = [i for i in shown if not rows[i].status.is_closed]
        elif status is not None:
            shown = [i for i in shown if rows[i].status.value == status]
        return shown

    def _refilter(self, candidates: Iterable[int]) -> None:
        """Show the candidates the filter accepts, as one layout change: the view's current
        row and selection follow their pursuits (and are gone with a hidden one)."""
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self._rows[index.row()].id for index in kept]
        self._shown = self._filtered(candidates)
        self._rows = [self._all[i] for i in self._shown]
        moved = []
        for pursuit_id, index in zip(kept_ids, kept, strict=True):
            row = self.row_of(pursuit_id)
            moved.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def neighbour(self, pursuit_id: int) -> int | None:
        """The row shown nearest after the pursuit's place in the sorted list (at the end: the
        nearest before it); None when it is not listed or no row is shown."""
        at = self._place(pursuit_id)
        if at is None or not self._shown:
            return None
        row = bisect.bisect_left(self._shown, at)
        return row if row < len(self._shown) else len(self._shown) - 1

    # ---- one row, and sorting ---------------------------------------------------------------

    def update_row(self, summary: PursuitSummary) -> bool:
        """Redraw one pursuit's row in place (after a change to it); False if it is not here."""
        at = self._place(summary.id)
        if at is None:
            return False
        key = self._key_of(self._sort_column)
        moved = key(self._all[at]) != key(summary)
        self._all[at] = summary
        if self._texts is not None:
            self._texts[at] = self.search_text(summary)
        shown_before = self.row_of(summary.id) is not None
        if moved or bool(self._filtered([at])) != shown_before:
            # e.g. renamed while sorted by name: it takes its new place (or leaves the filter)
            self.sort(self._sort_column, self._order())
            return True
        row = self.row_of(summary.id)
        if row is not None:
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        return True

    def _order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, with one key per row. (A sorting proxy asks every row's data twice per
        comparison: 0.3 s for 2,000 pursuits.)"""
        self._sort_column = Column(column) if 0 <= column < len(Column) else Column.NAME
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._all.sort(key=self._key_of(self._sort_column), reverse=self._descending)
        self._texts = None
        self._place_of = None
        self._refilter(range(len(self._all)))

    def _key_of(self, column: Column) -> Callable[[PursuitSummary], Any]:
        return lambda summary: self._sort_key(summary, column)

    def _place(self, pursuit_id: int) -> int | None:
        """The pursuit's place in the sorted list of every pursuit; None when not listed."""
        if self._place_of is None:
            self._place_of = {summary.id: at for at, summary in enumerate(self._all)}
        return self._place_of.get(pursuit_id)

    def row_of(self, pursuit_id: int) -> int | None:
        """The pursuit's row as shown; None when it is not shown."""
        at = self._place(pursuit_id)
        if at is None:
            return None
        row = bisect.bisect_left(self._shown, at)
        return row if row < len(self._shown) and self._shown[row] == at else None

    def summary(self, row: int) -> PursuitSummary:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # A painted row asks twice per cell: the flags are made once, not from Qt's enums each
        # time (what QAbstractTableModel.flags answers, and the name is renamed in place).
        if not index.isValid():
            return _NO_FLAGS
        return _NAME_FLAGS if index.column() == _NAME_COLUMN else _CELL_FLAGS

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES_ANSWERED or not index.isValid():
            return None  # most of what a painted cell asks for (font, alignment, check…)
        if role in _PAINTED_ROLES:
            # What painting a cell asks (its text, colour and sign), answered first with
            # plain integers: each painted row asks it of every cell.
            return self._painted(self._rows[index.row()], index.column(), role)
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self._text(summary, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.NAME:
            return summary.name
        if role == PURSUIT_ID_ROLE:
            return summary.id
        if role == STATUS_ROLE:
            return summary.status.value
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.MOMENTUM:
            momentum = summary.momentum
            return f"Stalling: {momentum.reason}" if momentum.stalling else momentum.summary
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.MOMENTUM:
            text = self._text(summary, column)
            return f"Stalling, {text}" if summary.momentum.stalling else text
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.NAME, Column.CLIENT):
            return plain_tooltip(self._text(summary, column))
        return None

    def _painted(self, summary: PursuitSummary, column: int, role: int) -> Any:
        """``data`` for the roles of ``_PAINTED_ROLES``: a cell's text, colour and sign."""
        if role == _DISPLAY:
            if column == _NAME_COLUMN:
                # Beside the Client column, the part of the name that tells the client's
                # pursuits apart; the whole name is edited, shown in the tooltip and read aloud.
                return distinctive_name(summary.name, summary.client)
            return self._text(summary, Column(column))
        if role == _FOREGROUND and summary.status.is_closed:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if column == _MOMENTUM_COLUMN and summary.momentum.stalling:
            # The warning style every warning on screen shares: the sign and the colour.
            if role == _DECORATION:
                return warning_icon(QApplication.palette())
            return warning_colour(QApplication.palette())
        return None

    def painted_row(self, row: int) -> PaintedRow:
        """What the row's cells show, as ``data`` answers it (``PursuitCellDelegate`` paints
        it): made once for each pursuit shown, again only once the pursuit has changed."""
        summary = self._rows[row]
        kept = self._painted_rows.get(summary.id)
        if kept is None or kept[0] is not summary:
            texts = tuple(self._painted(summary, column, _DISPLAY) for column in range(len(Column)))
            painted = PaintedRow(
                texts,
                summary.status.is_closed,
                summary.momentum.stalling,
            )
            kept = (summary, painted)
            self._painted_rows[summary.id] = kept
        return kept[1]

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != Column.NAME:
            return False
        summary = self._rows[index.row()]
        name = " ".join(str(value).split())
        if name and name != summary.name:
            self.renameRequested.emit(summary.id, name)
        return False  # the list is refreshed from the store once the rename is saved

    @staticmethod
    def _text(summary: PursuitSummary, column: Column) -> str:
        if column == Column.NAME:
            return summary.name
        if column == Column.CLIENT:
            return summary.client
        if column == Column.STATUS:
            return summary.status.label
        if column == Column.MOMENTUM:
            if summary.status is not PursuitStatus.ACTIVE:
                return ""
            days = summary.momentum.days_since_decision
            if days is None:
                text = "none yet"
            elif days == 0:
                text = "today"
            else:
                text = f"{days} day{'s' if days != 1 else ''} ago"
            return text  # a stalling pursuit also shows the warning icon; the tooltip says why
        if column == Column.NEXT:
            return short_date(summary.next_planned)
        return ""

    @staticmethod
    def _sort_key(summary: PursuitSummary, column: Column) -> Any:
        if column == Column.MOMENTUM:
            days = summary.momentum.days_since_decision
            return -1 if days is None else days
        if column == Column.NEXT:
            return summary.next_planned.isoformat() if summary.next_planned else "9999"
        if column == Column.STATUS:
            return list(PursuitStatus).index(summary.status)
        return PursuitListModel._text(summary, column).casefold()


STATUS_CHOICES: list[tuple[str, str | None]] = [
    ("All pursuits", None),
    ("Open (active and on hold)", PursuitListModel.OPEN),
    *((status.label, status.value) for status in PursuitStatus),
]


class ElideMiddleDelegate(QStyledItemDelegate):
    """Elides in the middle: a name's distinctive end ("… phase 2", "#12") stays in sight."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


# The states of a cell drawn by the style itself (its focus frame, the frame around an edited
# cell), and those that choose the text's colour, as plain integers: a list paints ~100 cells,
# and each of Qt's enums costs a look-up (and a conversion when passed) from Python.
_STYLE_DRAWN = int((QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Editing).value)
_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_ENABLED = int(QStyle.StateFlag.State_Enabled.value)
_ACTIVE = int(QStyle.StateFlag.State_Active.value)
_OPEN = int(QStyle.StateFlag.State_Open.value)
_GROUPS = (QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration
_WRAP_TEXT = QStyleOptionViewItem.ViewItemFeature.WrapText
_TEXT_RECT = QStyle.SubElement.SE_ItemViewItemText
_ICON_RECT = QStyle.SubElement.SE_ItemViewItemDecoration
_FOCUS_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_ELIDE_MIDDLE = Qt.TextElideMode.ElideMiddle
_ICON_MODES = {  # by (enabled, selected): the sign's mode, as the item style chooses it
    (False, False): QIcon.Mode.Disabled,
    (False, True): QIcon.Mode.Disabled,
    (True, False): QIcon.Mode.Normal,
    (True, True): QIcon.Mode.Selected,
}
_ICON_STATES = (QIcon.State.Off, QIcon.State.On)
# Texts the style lays out on several lines, or as one of several variants: left to it.
_SEVERAL_LINES = ("\n", "\u2028", "\u2029", "\x9c")
_KEPT_TEXTS = 1024  # cells' texts laid out and kept (texts repeat: pages of the list)
_Rect = tuple[int, int, int, int]  # QRect.getRect(): x, y, width, height


class _CellText(NamedTuple):
    """A cell's text laid out as the item style lays it out, from the cell's top left."""

    features: QStyleOptionViewItem.ViewItemFeature  # what initStyleOption adds to the view's
    layout: QTextLayout | None  # None: no text to draw
    x: float  # where the layout is drawn
    y: float
    icon_rect: QRect  # where the sign is drawn (empty: no sign)
    clipped: bool  # the sign or the text would reach out of the cell: drawn clipped to it
    by_style: bool  # text the style lays out on several lines: it paints the whole cell


class PursuitCellDelegate(QStyledItemDelegate):
    """Paints each cell of the pursuit list from the pursuit its row holds, in one call.

    QStyledItemDelegate asks the model seven roles a cell (each a call into Python) and its
    style lays the cell's text out three times (its size, its elision, then to draw it) on
    every paint. Here the row's texts, colour and sign come from the model's own row, and each
    text is laid out once, exactly as the item style lays it out (``QCommonStyle``'s
    ``viewItemDrawText``: elided in the middle for the name, at the right for the others), then
    kept by its text and its cell's size. The style still draws the panel (selection, hover,
    the platform's look) from the view's own option, given what QStyledItemDelegate would give
    it; the focused or edited cell, texts of several lines and styles that draw an item their
    own way are left to QStyledItemDelegate whole. (The painter is left with the text's pen:
    each cell sets its own, and the view its grid's; it is saved and restored only around a
    cell drawn clipped.)
    """

    def __init__(self, model: PursuitListModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._style = view.style()
        self._common_items = _paints_items_as_qt_does(self._style)
        self._texts: dict[tuple[str, int, int, int, bool], _CellText] = {}
        self._rooms: dict[tuple[int, int, bool, bool], _CellRoom] = {}
        self._colours: dict[tuple[int, int, int], QColor] = {}
        self._looks: tuple[int, QColor, QColor, QIcon] | None = None
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._view:  # an editor's keys (Return commits, Escape cancels)
            return super().eventFilter(watched, event)
        # What the kept layouts depend on besides their text and size: the font, the style
        # (its margins) and the direction of the text.
        if event.type() in _RELAYOUT_EVENTS:
            self._texts.clear()
            self._rooms.clear()
            self._style = self._view.style()
            self._common_items = _paints_items_as_qt_does(self._style)
        return False

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        # The name is elided in the middle; the other columns as the view elides them.
        QStyledItemDelegate.initStyleOption(self, option, index)
        if index.column() == _NAME_COLUMN:
            option.textElideMode = _ELIDE_MIDDLE

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        state = option.state.value
        if state & _STYLE_DRAWN or not self._common_items:
            super().paint(painter, option, index)
            return
        column = index.column()
        row = self._model.painted_row(index.row())
        text = row.texts[column]
        signed = row.stalling and column == _MOMENTUM_COLUMN
        left, top, width, height = cast(_Rect, option.rect.getRect())
        key = (text, column, width, height, signed)
        cell = self._texts.get(key)
        if cell is None:
            cell = self._laid_out(option, index, text, signed)
            if len(self._texts) >= _KEPT_TEXTS:
                self._texts.clear()
            self._texts[key] = cell
        if cell.by_style:
            super().paint(painter, option, index)
            return
        selected = state & _SELECTED
        colour = None
        icon = None
        if row.closed or signed:
            closed, warning, icon = self._app_looks()
            colour = closed if row.closed else warning
            if not signed:
                icon = None
        if selected:
            # ``option`` is this call's own copy of the view's: completed as
            # QStyledItemDelegate.initStyleOption completes it, for the style's highlight, which
            # may take the text's room (the rest of a common item's panel does not).
            self._complete(option, index, text, cell, colour, icon)
        if cell.clipped:  # drawn past the cell (a column narrower than the sign): cut
            painter.save()
            painter.setClipRect(option.rect)
        self._style.drawPrimitive(_PANEL, option, painter, self._view)
        enabled = state & _ENABLED
        if icon is not None:
            icon.paint(
                painter,
                cell.icon_rect.translated(left, top),
                option.decorationAlignment,
                _ICON_MODES[(bool(enabled), bool(selected))],
                _ICON_STATES[bool(state & _OPEN)],
            )
        if cell.layout is not None:
            if selected or colour is None:
                group = 2 if not enabled else 0 if state & _ACTIVE else 1
                colour = self._colour(option.palette, group, bool(selected))
            painter.setPen(colour)
            cell.layout.draw(painter, QPointF(left + cell.x, top + cell.y))
        if cell.clipped:
            painter.restore()

    @staticmethod
    def _complete(
        option: QStyleOptionViewItem,
        index: ModelIndex,
        text: str,
        cell: _CellText,
        colour: QColor | None,
        icon: QIcon | None,
    ) -> None:
        """``option`` as QStyledItemDelegate.initStyleOption completes it for this cell."""
        option.index = cast(QModelIndex, index)  # as Qt hands it to paint
        option.text = text
        option.features = option.features | cell.features
        if index.column() == _NAME_COLUMN:
            option.textElideMode = _ELIDE_MIDDLE
        if colour is not None:
            palette = option.palette
            palette.setBrush(_TEXT, colour)
            option.palette = palette
        if icon is not None:
            option.icon = icon
            option.decorationSize = cell.icon_rect.size()

    def _colour(self, palette: QPalette, group: int, selected: bool) -> QColor:
        """The palette's text colour (highlighted: ``selected``) in colour group ``group``."""
        key = (palette.cacheKey(), group, selected)
        colour = self._colours.get(key)
        if colour is None:
            if len(self._colours) > 64:  # palettes the seller left (appearance changed)
                self._colours.clear()
            role = _HIGHLIGHTED_TEXT if selected else _TEXT
            colour = self._colours[key] = palette.color(_GROUPS[group], role)
        return colour

    def _app_looks(self) -> tuple[QColor, QColor, QIcon]:
        """The closed pursuits' colour, the warning colour and the warning sign, as the model's
        ``data`` answers them: from the application's palette (made again when it changes)."""
        palette = QApplication.palette()
        looks = self._looks
        if looks is None or looks[0] != palette.cacheKey():
            closed = QPalette().brush(QPalette.ColorGroup.Disabled, _TEXT).color()
            looks = (palette.cacheKey(), closed, warning_colour(palette), warning_icon(palette))
            self._looks = looks
        return looks[1], looks[2], looks[3]

    def _cell_room(
        self, option: QStyleOptionViewItem, index: ModelIndex, signed: bool, has_text: bool
    ) -> _CellRoom:
        """Where the style puts a cell's sign and text, in a cell of ``option``'s size, from
        the option QStyledItemDelegate gives it: the same for every cell of that size, with or
        without a sign and a text (a table's item shows its decoration selected: its text
        takes the rest of the cell whatever it says; and the model answers no font, alignment,
        check or background of its own, ``_ROLES_ANSWERED``: every cell has the view's)."""
        width, height = option.rect.width(), option.rect.height()
        key = (width, height, signed, has_text)
        room = self._rooms.get(key)
        if room is not None:
            return room
        full = QStyleOptionViewItem(option)
        full.rect = QRect(0, 0, width, height)
        self.initStyleOption(full, index)
        widget = self._view
        style = self._style
        icon_rect = QRect()
        if full.features & _HAS_DECORATION:
            icon_rect = style.subElementRect(_ICON_RECT, full, widget)
        margin = style.pixelMetric(_FOCUS_MARGIN, None, widget) + 1
        text_rect = style.subElementRect(_TEXT_RECT, full, widget).adjusted(margin, 0, -margin, 0)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.ManualWrap)
        text_option.setTextDirection(full.direction)
        text_option.setAlignment(QStyle.visualAlignment(full.direction, full.displayAlignment))
        room = _CellRoom(
            full.features & (_HAS_DISPLAY | _HAS_DECORATION),
            icon_rect,
            not icon_rect.isEmpty() and not QRect(0, 0, width, height).contains(icon_rect),
            text_rect,
            text_option,
            full.displayAlignment,
            QFont(full.font),  # a copy: the option (and its font) goes
            bool(full.features & _WRAP_TEXT),
        )
        if full.showDecorationSelected:  # else its text's room would depend on its text
            self._rooms[key] = room
        return room

    def _laid_out(
        self, option: QStyleOptionViewItem, index: ModelIndex, text: str, signed: bool
    ) -> _CellText:
        """The cell's text laid out for a cell of ``option``'s size, as QCommonStyle's
        ``viewItemDrawText`` lays it out (``calculateElidedText``, then a layout of the text
        shown; the text laid out once when it fits)."""
        room = self._cell_room(option, index, signed, bool(text))
        features, icon_rect, sign_out = room.features, room.icon_rect, room.sign_out
        if not text:
            return _CellText(features, None, 0, 0, icon_rect, sign_out, False)
        if room.wraps or any(mark in text for mark in _SEVERAL_LINES):
            return _CellText(features, None, 0, 0, icon_rect, sign_out, True)
        width = room.text_rect.width()
        font = room.font
        whole = _one_line(text, font, room.text_option, width)
        if whole is None:
            return _CellText(features, None, 0, 0, icon_rect, sign_out, True)
        bounds = whole.boundingRect().size().toSize()
        placed = QStyle.alignedRect(_AUTO_DIRECTION, room.alignment, bounds, room.text_rect)
        layout: QTextLayout | None = whole
        if whole.lineAt(0).naturalTextWidth() > width:
            # The model elides the name in the middle, the view the other columns at the right.
            mode = _ELIDE_MIDDLE if index.column() == _NAME_COLUMN else option.textElideMode
            shown = QFontMetrics(font).elidedText(text, mode, width)
            layout = _one_line(shown, font, room.text_option, width)
            if layout is None:
                return _CellText(features, None, 0, 0, icon_rect, sign_out, True)
        # Its glyphs kept: a layout otherwise frees them once drawn, and shapes its text again
        # at the next paint.
        layout.setCacheEnabled(True)
        x, y = room.text_rect.x(), placed.top()
        # Where its glyphs' ink falls (with a pixel of antialiasing round it): drawn unclipped
        # when that stays in the cell, as it does but in a column narrower than its text's room.
        whole_cell = QRectF(0, 0, option.rect.width(), option.rect.height())
        text_out = False
        for run in layout.glyphRuns():
            ink = run.boundingRect().translated(x, y).adjusted(-1, -1, 1, 1)
            text_out = text_out or not whole_cell.contains(ink)
        return _CellText(features, layout, x, y, icon_rect, sign_out or text_out, False)


class _CellRoom(NamedTuple):
    """Where the style puts the sign and the text of a cell of one size (see ``_cell_room``)."""

    features: QStyleOptionViewItem.ViewItemFeature  # what initStyleOption adds to the view's
    icon_rect: QRect  # empty: no sign
    sign_out: bool  # the sign reaches out of the cell: drawn clipped to it
    text_rect: QRect  # where the text goes, its margins taken off
    text_option: QTextOption
    alignment: Qt.AlignmentFlag
    font: QFont
    wraps: bool  # text the style wraps: left to it


_AUTO_DIRECTION = Qt.LayoutDirection.LayoutDirectionAuto


# Styles that paint a table's items with QCommonStyle's own CE_ItemViewItem, which the
# delegate follows (Fusion: Linux's, and the app's offscreen). Others (a platform's own, a
# proxy, a style sheet) may draw an item their own way: QStyledItemDelegate paints there.
_COMMON_ITEM_STYLES = frozenset({"QFusionStyle", "QWindowsStyle", "QCommonStyle"})


def _paints_items_as_qt_does(style: QStyle) -> bool:
    return style.metaObject().className() in _COMMON_ITEM_STYLES


_RELAYOUT_EVENTS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.LayoutDirectionChange,
        QEvent.Type.ApplicationFontChange,
    }
)


def _one_line(text: str, font: QFont, text_option: QTextOption, width: int) -> QTextLayout | None:
    """``text`` laid out as the item style lays out a line (``viewItemTextLayout``); None if
    it takes more than one."""
    layout = QTextLayout(text, font)
    layout.setTextOption(text_option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(width)
        line.setPosition(QPointF(0, 0))
    more = layout.createLine().isValid()
    layout.endLayout()
    return None if more else layout


class PursuitListPanel(QWidget):
    """Search box, status filter and the table; emits the selected pursuit's id (or None)."""

    pursuitSelected = Signal(object)
    mineOnlyChanged = Signal(bool)  # the seller chose Mine (True) or Everyone

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PursuitListModel(self)
        self._shown = 0  # how many times the current pursuit was told (see select)
        self._filtering = False

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search pursuits and clients (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(self.model.set_search, text))

        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Filter by status")
        for label, value in STATUS_CHOICES:
            self.status_filter.addItem(label, value)
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self._filter(self.model.set_status, self.status_filter.currentData())
        )
        # Mine / Everyone: only on a shared server (set_owners), where other sellers' pursuits
        # are in the same list.
        self.seller = ""
        self.owner_filter = owner_filter(self)
        self.owner_filter.currentIndexChanged.connect(self._owner_filter_changed)
        self.owner_note = QLabel(self)
        self.owner_note.setTextFormat(Qt.TextFormat.PlainText)
        self.owner_note.setWordWrap(True)
        self.owner_note.setAccessibleName("Whose pursuits are shown")
        self.owner_note.hide()

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 (or Pursuit ▸ Rename) renames; a second click on a row only selects it.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # One delegate paints every cell from its row (the name's column asks for it by name).
        cells = PursuitCellDelegate(self.model, self.table)
        self.table.setItemDelegate(cells)
        self.table.setItemDelegateForColumn(Column.NAME, cells)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in (Column.CLIENT, Column.STATUS, Column.MOMENTUM, Column.NEXT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        text_width = self.fontMetrics().horizontalAdvance
        # The name takes what the others leave: they are kept to what their text needs.
        self.table.setColumnWidth(Column.CLIENT, text_width("Northwind"))
        self.table.setColumnWidth(Column.STATUS, text_width("On hold") + 16)
        self.table.setColumnWidth(Column.MOMENTUM, text_width("88 days ago") + 36)
        self.table.setColumnWidth(Column.NEXT, text_width("88/88/8888") + 12)
        # The status shows in the pursuit's header and in the filter; closed ones are greyed.
        self.table.setColumnHidden(Column.STATUS, True)
        header.setMinimumSectionSize(text_width("Pursuit") + 24)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.layoutChanged.connect(self._sorted)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.owner_filter)
        filters.addWidget(self.status_filter, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.owner_note)
        layout.addWidget(self.table)
        # Tab follows the row as it is seen: search, whose, status, then the list.
        QWidget.setTabOrder(self.search, self.owner_filter)
        QWidget.setTabOrder(self.owner_filter, self.status_filter)

    # ---- Mine / Everyone (a shared server) ----------------------------------------------------

    def set_owners(self, shown: bool, seller: str, mine_only: bool) -> None:
        """Offer Mine / Everyone (``shown``: a shared server) for ``seller``'s pursuits."""
        self.seller = seller
        self.owner_filter.setVisible(shown)
        self.owner_filter.blockSignals(True)
        self.owner_filter.setCurrentIndex(0 if mine_only else 1)
        self.owner_filter.blockSignals(False)
        self._apply_owner_filter()

    def mine_only(self) -> bool:
        return self.owner_filter.isVisibleTo(self) and bool(self.owner_filter.currentData())

    def _owner_filter_changed(self) -> None:
        self._apply_owner_filter()
        self.mineOnlyChanged.emit(bool(self.owner_filter.currentData()))

    def _apply_owner_filter(self) -> None:
        self._filter(self.model.set_seller, self.seller if self.mine_only() else None)
        self._show_owner_note()

    def _show_owner_note(self) -> None:
        """Says plainly how many pursuits Mine hides (nothing when it hides none)."""
        note = ""
        if self.mine_only():
            rows = self.model.every_summary()
            mine = sum(1 for summary in rows if same_seller(summary.owner, self.seller))
            note = hidden_note(mine, len(rows) - mine)
        self.owner_note.setText(note)
        self.owner_note.setVisible(bool(note))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and self.search.text():
            self.search.clear()
            self.table.setFocus()
            return
        super().keyPressEvent(event)

    def set_summaries(self, rows: Sequence[PursuitSummary], select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id()
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        if self.owner_filter.isVisibleTo(self):
            self._show_owner_note()
        if keep is not None and self.select(keep):
            return
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, Column.NAME))
        else:
            self.pursuitSelected.emit(None)

    def select(self, pursuit_id: int) -> bool:
        row = self.model.row_of(pursuit_id)
        if row is None:
            return False
        index = self.model.index(row, Column.NAME)
        shown = self._shown
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if self._shown == shown:  # the same row again: currentRowChanged did not say it
            self._emit_current()
        return True

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(Column.NAME).data(PURSUIT_ID_ROLE)

    def rename_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(index.siblingAtColumn(Column.NAME))

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._emit_current()

    def _filter(self, change: Callable[[Any], None], value: Any) -> None:
        """A search or status change. The current pursuit stays when it is still shown (and
        is not shown again: nothing about it changed); hidden, the current row moves to the
        nearest shown after it, else before it, as when rows are removed. With none current
        (the filter showed nothing), the first row shown now is, as when the list is filled."""
        before = self.current_id()
        self._filtering = True
        try:
            change(value)
        finally:
            self._filtering = False
        if before is None:
            if self.current_id() is None and self.model.rowCount() > 0:
                self.table.setCurrentIndex(self.model.index(0, Column.NAME))
            return
        if self.current_id() == before:
            return
        row = self.model.neighbour(before)
        if row is None:
            self.pursuitSelected.emit(None)
        else:
            self.table.setCurrentIndex(self.model.index(row, Column.NAME))

    def _sorted(self) -> None:
        # A filter change says itself what it changed; an empty list has nothing to show anew
        # (sorted as the list is made, before its rows come).
        if not self._filtering and self.model.rowCount() > 0:
            self._emit_current()

    def _emit_current(self) -> None:
        self._shown += 1  # select() asks once, not twice, for a new row's pursuit to show
        self.pursuitSelected.emit(self.current_id())
