"""The list of pursuits: a table model, a search-and-status filter, and the panel around them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
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
from .warning import warning_icon

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import PursuitSummary

ModelIndex = QModelIndex | QPersistentModelIndex
PURSUIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3


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


class PursuitListModel(QAbstractTableModel):
    """Rows of ``PursuitSummary``; renaming in place emits ``renameRequested``."""

    renameRequested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PursuitSummary] = []
        self._sort_column = Column.NAME
        self._descending = False
        self._folded: dict[int, tuple[tuple[str, str], str]] = {}
        self._row_of: dict[int, int] = {}

    def set_rows(self, rows: Sequence[PursuitSummary]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=self._key_of(self._sort_column), reverse=self._descending)
        self._row_of = {}
        self.endResetModel()

    def search_text(self, row: int) -> str:
        """The row's name and client, folded for search (kept: a keystroke filters them all)."""
        summary = self._rows[row]
        text = self._folded.get(summary.id)
        if text is None or text[0] != (summary.name, summary.client):
            text = ((summary.name, summary.client), folded(f"{summary.name} {summary.client}"))
            self._folded[summary.id] = text
        return text[1]

    def update_row(self, summary: PursuitSummary) -> bool:
        """Redraw one pursuit's row in place (after a change to it); False if it is not here."""
        row = self.row_of(summary.id)
        if row is None:
            return False
        key = self._key_of(self._sort_column)
        moved = key(self._rows[row]) != key(summary)
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        if moved:  # e.g. renamed while sorted by name: it takes its new place
            self.sort(self._sort_column, self._order())
        return True

    def _order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, with one key per row: the proxy only filters. (Sorting in the proxy
        asks every row's data twice per comparison: 0.3 s for 2,000 pursuits.)"""
        self._sort_column = Column(column) if 0 <= column < len(Column) else Column.NAME
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self._rows[index.row()].id for index in kept]
        self._rows.sort(key=self._key_of(self._sort_column), reverse=self._descending)
        self._row_of = {}
        row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        self.changePersistentIndexList(
            kept,
            [
                self.index(row_of[i], index.column())
                for i, index in zip(kept_ids, kept, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _key_of(self, column: Column) -> Callable[[PursuitSummary], Any]:
        return lambda summary: self._sort_key(summary, column)

    def row_of(self, pursuit_id: int) -> int | None:
        if len(self._row_of) != len(self._rows):  # rebuilt after every reset or sort
            self._row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        return self._row_of.get(pursuit_id)

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
        flags = super().flags(index)
        if index.column() == Column.NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole and column == Column.NAME:
            # Beside the Client column, the part of the name that tells the client's pursuits
            # apart; the whole name is edited, shown in the tooltip and read aloud.
            return distinctive_name(summary.name, summary.client)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
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
        if role == Qt.ItemDataRole.ForegroundRole and summary.status.is_closed:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        stalling = summary.momentum.stalling
        if column == Column.MOMENTUM and stalling:
            # The warning style every warning on screen shares: the sign and the colour.
            if role == Qt.ItemDataRole.DecorationRole:
                return warning_icon(QApplication.palette())
            if role == Qt.ItemDataRole.ForegroundRole:
                return warning_colour(QApplication.palette())
        return None

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


class PursuitFilter(QSortFilterProxyModel):
    """Search on name and client (case- and accent-tolerant words), and filter by status."""

    OPEN = "open"  # active and on hold

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._status: str | None = None
        self._seller: str | None = None  # Mine: only this seller's pursuits (None: everyone's)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = folded(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_seller(self, seller: str | None) -> None:
        self.beginFilterChange()
        self._seller = seller
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PursuitListModel)
        summary = model.summary(source_row)
        if self._seller is not None and not same_seller(summary.owner, self._seller):
            return False
        if self._status == self.OPEN:
            if summary.status.is_closed:
                return False
        elif self._status is not None and summary.status.value != self._status:
            return False
        if not self._words:
            return True
        haystack = model.search_text(source_row)
        return all(word in haystack for word in self._words)


STATUS_CHOICES: list[tuple[str, str | None]] = [
    ("All pursuits", None),
    ("Open (active and on hold)", PursuitFilter.OPEN),
    *((status.label, status.value) for status in PursuitStatus),
]


class ElideMiddleDelegate(QStyledItemDelegate):
    """Elides in the middle: a name's distinctive end ("… phase 2", "#12") stays in sight."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class PursuitListPanel(QWidget):
    """Search box, status filter and the table; emits the selected pursuit's id (or None)."""

    pursuitSelected = Signal(object)
    mineOnlyChanged = Signal(bool)  # the seller chose Mine (True) or Everyone

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PursuitListModel(self)
        self.proxy = PursuitFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search pursuits and clients (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)

        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Filter by status")
        for label, value in STATUS_CHOICES:
            self.status_filter.addItem(label, value)
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_status(self.status_filter.currentData())
        )
        # Mine / Everyone: only on a shared server (set_owners), where other sellers' pursuits
        # are in the same list.
        self.seller = ""
        self.owner_filter = QComboBox(self)
        self.owner_filter.setAccessibleName("Whose pursuits")
        self.owner_filter.setToolTip("Your pursuits, or everyone's on the shared server")
        self.owner_filter.addItem("Mine", True)
        self.owner_filter.addItem("Everyone", False)
        self.owner_filter.hide()
        self.owner_filter.currentIndexChanged.connect(self._owner_filter_changed)
        self.owner_note = QLabel(self)
        self.owner_note.setTextFormat(Qt.TextFormat.PlainText)
        self.owner_note.setWordWrap(True)
        self.owner_note.setAccessibleName("Whose pursuits are shown")
        self.owner_note.hide()

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 (or Pursuit ▸ Rename) renames; a second click on a row only selects it.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegateForColumn(Column.NAME, ElideMiddleDelegate(self.table))
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
        self.proxy.modelReset.connect(self._emit_current)
        self.proxy.layoutChanged.connect(self._emit_current)

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
        self.proxy.set_seller(self.seller if self.mine_only() else None)
        self._show_owner_note()

    def _show_owner_note(self) -> None:
        """Says plainly how many pursuits Mine hides (nothing when it hides none)."""
        note = ""
        if self.mine_only():
            rows = [self.model.summary(row) for row in range(self.model.rowCount())]
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
        if self.proxy.rowCount() > 0:
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.proxy.index(0, Column.NAME))
        else:
            self.pursuitSelected.emit(None)

    def select(self, pursuit_id: int) -> bool:
        row = self.model.row_of(pursuit_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, Column.NAME))
        if not index.isValid():
            return False
        moves = index.row() != self.table.currentIndex().row()
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        if not moves:  # the row was current already: Qt says nothing, the caller wants it shown
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

    def _emit_current(self) -> None:
        self.pursuitSelected.emit(self.current_id())
