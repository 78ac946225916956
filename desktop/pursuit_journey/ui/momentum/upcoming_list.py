"""Upcoming: the steps planned in the next days across pursuits, each with its decision.

One click on a row's "Print…" or "PDF…" prints that step's sheet; the buttons above print all
of them. Double-clicking a row (or Enter) opens the step in the pursuit view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.momentum_board import UPCOMING_DAYS, UpcomingStep
from ...domain.naming import distinctive_name
from ...drawing.formatting import day_time
from ...drawing.journey_glyphs import warning_colour
from ..formatting import plain_tooltip
from ..pursuit_list import ElideMiddleDelegate
from ..warning import warning_icon
from .figures import count_text

if TYPE_CHECKING:  # printing loads when the seller first prints, not with the view
    from ..print_actions import SheetPrinting

ModelIndex = QModelIndex | QPersistentModelIndex
DECISION_MISSING = "decision missing"


class Column(IntEnum):
    WHEN = 0
    CLIENT = 1
    PURSUIT = 2
    STEP = 3
    DECISION = 4
    PRINT = 5
    PDF = 6


HEADERS = {
    Column.WHEN: "When",
    Column.CLIENT: "Client",
    Column.PURSUIT: "Pursuit",
    Column.STEP: "Step",
    Column.DECISION: "Decision",
    Column.PRINT: "",
    Column.PDF: "",
}
BUTTONS = {Column.PRINT: "Print…", Column.PDF: "PDF…"}


class UpcomingModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.steps: list[UpcomingStep] = []

    def set_steps(self, steps: Sequence[UpcomingStep]) -> None:
        self.beginResetModel()
        self.steps = list(steps)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self.steps[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(step, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.PRINT:
                return "Print this step's prep sheet"
            if column is Column.PDF:
                return "Save this step's prep sheet as a PDF"
            return plain_tooltip(
                f"{step.pursuit_name}\n{self._text(step, Column.WHEN)} · "
                f"{self._text(step, Column.STEP)}\n\n"
                f"{step.decision.strip() or 'The decision we need is not written yet.'}"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole and column in BUTTONS:
            return f"{BUTTONS[column]} {step.title or step.pursuit_name}"
        if role == Qt.ItemDataRole.AccessibleTextRole and column is Column.PURSUIT:
            return step.pursuit_name
        if column is Column.DECISION and step.decision_missing:
            # The warning style every warning on screen shares: the sign and the colour.
            if role == Qt.ItemDataRole.DecorationRole:
                return warning_icon(QApplication.palette())
            if role == Qt.ItemDataRole.ForegroundRole:
                return warning_colour(QApplication.palette())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    @staticmethod
    def _text(step: UpcomingStep, column: Column) -> str:
        if column is Column.WHEN:
            return day_time(step.planned_at)
        if column is Column.CLIENT:
            return step.client
        if column is Column.PURSUIT:
            return distinctive_name(step.pursuit_name, step.client)
        if column is Column.STEP:
            return step.title  # named by the store: its title, else its kind
        if column is Column.DECISION:
            return " ".join(step.decision.split()) or DECISION_MISSING
        return BUTTONS[column]


class ButtonDelegate(QStyledItemDelegate):
    """Draws a cell as a push button; the table's ``clicked`` does what it says."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(2, 2, -2, -2)
        button.text = index.data(Qt.ItemDataRole.DisplayRole)
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver:
            button.state |= QStyle.StateFlag.State_MouseOver
        button.palette = option.palette
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)


class UpcomingTable(QTableView):
    stepActivated = Signal(int)  # row: Enter on a row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.stepActivated.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class UpcomingPanel(QWidget):
    stepOpened = Signal(int, int)  # pursuit id, step id

    def __init__(
        self, printing: Callable[[], SheetPrinting], parent: QWidget | None = None
    ) -> None:
        """``printing`` gives the window's printing when the seller first prints."""
        super().__init__(parent)
        self._printing = printing
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.preview_all = QPushButton("Preview All…", self)
        self.print_all = QPushButton("Print All…", self)
        self.pdf_all = QPushButton("Save All as PDF…", self)
        self.model = UpcomingModel(self)
        self.table = UpcomingTable(self)
        self.table.setAccessibleName("Upcoming steps")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(Column.PURSUIT, ElideMiddleDelegate(self.table))
        self.table.setMouseTracking(True)
        buttons = ButtonDelegate(self.table)
        for column in BUTTONS:
            self.table.setItemDelegateForColumn(column, buttons)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        text_width = self.fontMetrics().horizontalAdvance
        widths = {
            Column.WHEN: text_width("Wed 28 Sep 88:88") + 16,
            Column.CLIENT: text_width("Northwind Logistics") + 16,
            Column.PURSUIT: text_width("Depot pilot scoping") + 16,
            Column.STEP: text_width("Pilot scoping workshop") + 16,
            Column.PRINT: text_width("Print…") + 28,
            Column.PDF: text_width("PDF…") + 28,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        for column in BUTTONS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(Column.DECISION, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (self.preview_all, self.print_all, self.pdf_all):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.table.clicked.connect(self._clicked)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.stepActivated.connect(self._open_row)
        self.preview_all.clicked.connect(lambda: self.printing.preview_steps(self.step_ids()))
        self.print_all.clicked.connect(lambda: self.printing.print_steps(self.step_ids()))
        self.pdf_all.clicked.connect(self.save_all_as_pdf)
        self.set_steps([])

    @property
    def printing(self) -> SheetPrinting:
        return self._printing()

    def set_steps(self, steps: Sequence[UpcomingStep]) -> None:
        self.model.set_steps(steps)
        count = len(steps)
        missing = sum(1 for step in steps if step.decision_missing)
        if not count:
            text = f"Upcoming: nothing planned in the next {UPCOMING_DAYS} days"
        else:
            text = f"Upcoming: {count_text(count, 'step')} in the next {UPCOMING_DAYS} days"
            if missing:
                text += f", {missing} without a decision"
        self.title.setText(text)
        for button in (self.preview_all, self.print_all, self.pdf_all):
            button.setEnabled(bool(count))

    def step_ids(self) -> list[int]:
        return [step.step_id for step in self.model.steps]

    def save_all_as_pdf(self) -> None:
        self.printing.export_steps(self.step_ids(), f"Prep sheets next {UPCOMING_DAYS} days")

    def button_rect(self, row: int, column: Column) -> QRect:
        """The on-screen cell of a row's button, on the table's viewport."""
        return self.table.visualRect(self.model.index(row, column))

    def _clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        step = self.model.steps[index.row()]
        column = Column(index.column())
        if column is Column.PRINT:
            self.printing.print_step(step.step_id)
        elif column is Column.PDF:
            self.printing.export_step(step.step_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and Column(index.column()) not in BUTTONS:
            self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        step = self.model.steps[row]
        self.stepOpened.emit(step.pursuit_id, step.step_id)
