"""The preview before pursuits come in from a spreadsheet: which column is which (the seller
may change any), the first rows as they will be imported, every problem by row and column,
the date order when the dates read two ways, and what to do with pursuits already there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.spreadsheet_rules import (
    CheckedRows,
    Column,
    Conventions,
    DayOrder,
    ImportRow,
    check_rows,
    conventions_for,
    recognise_headers,
)
from ...domain.wording import counted
from ...drawing.formatting import date_text, date_time_text, money
from ...store.spreadsheet_file import SheetTable, SpreadsheetError, read_table
from ...store.spreadsheet_import import ExistingChoice
from ..kept_heights import plain_label
from ..screen_fit import fit_to_screen

PREVIEW_ROWS = 20
PREVIEW_COLUMNS = (
    "Row",
    "Name",
    "Client",
    "Value",
    "Status",
    "Target close",
    "Next meeting",
    "Next decision",
    "People",
    "Notes",
)
LEAVE_OUT = "— Leave out —"


def locale_day_order(locale: QLocale | None = None) -> DayOrder:
    """The order the seller's own short dates are written in: the choice offered first."""
    short = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    return DayOrder.DAY_FIRST if short.find("d") < short.find("M") else DayOrder.MONTH_FIRST


class SpreadsheetImportDialog(QDialog):
    """Shows what importing ``table`` would do; after ``exec()``, ``rows_to_import()`` and
    ``existing_choice()`` say what the seller accepted."""

    def __init__(
        self,
        path: Path,
        table: SheetTable,
        already_there: Callable[[Sequence[ImportRow]], list[ImportRow]],
        parent: QWidget | None = None,
        *,
        preferred_order: DayOrder | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Pursuits from Spreadsheet")
        self.path = path
        self.table = table
        # store.pursuits_already_there: which rows are already pursuits (re-imports).
        self._already_there = already_there
        self._preferred = preferred_order or locale_day_order()
        self.checked = CheckedRows()
        self._chosen_order: DayOrder | None = None

        self.summary = plain_label()
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet_combo)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            ["Column in the file", "Import as", "First value"]
        )
        self.mapping_table.setAccessibleName("Column mapping")
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.order_combo = QComboBox()
        self.order_combo.setAccessibleName("Date order")
        for order in DayOrder:
            self.order_combo.addItem(order.value.capitalize(), order)
        self.order_label = plain_label("Dates such as 03/12/2026 read two ways. They are written:")
        self.preview = QTableWidget(0, len(PREVIEW_COLUMNS))
        self.preview.setHorizontalHeaderLabels(list(PREVIEW_COLUMNS))
        self.preview.setAccessibleName("Preview of the imported pursuits")
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_label = plain_label()
        self.problems_label = plain_label()
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems")
        self.skip_problems = QCheckBox()
        self.existing_label = plain_label()
        self.existing_combo = QComboBox()
        self.existing_combo.setAccessibleName("Pursuits already there")
        for choice in ExistingChoice:
            self.existing_combo.addItem(choice.label, choice)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        options = QFormLayout()
        options.addRow(self.sheet_label, self.sheet_combo)
        options.addRow(self.order_label, self.order_combo)
        options.addRow(self.existing_label, self.existing_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(options)
        layout.addWidget(self.mapping_table, 3)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.skip_problems)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 640)

        self.sheet_combo.addItems(list(table.sheet_names))
        self.sheet_combo.setCurrentText(table.sheet_name)
        self.sheet_combo.currentTextChanged.connect(self._read_sheet)
        self.order_combo.currentIndexChanged.connect(self._order_chosen)
        self.skip_problems.toggled.connect(self._update_button)
        self._fill_mapping(recognise_headers(table.headers))
        self.update_preview()

    # ---- what the seller chose -----------------------------------------------------------

    def mapping(self) -> list[Column | None]:
        combos = (
            self.mapping_table.cellWidget(row, 1) for row in range(self.mapping_table.rowCount())
        )
        return [combo.currentData() for combo in combos if isinstance(combo, QComboBox)]

    def set_mapping(self, index: int, column: Column | None) -> None:
        combo = self.mapping_table.cellWidget(index, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(column))

    def day_order(self) -> DayOrder:
        return DayOrder(self.order_combo.currentData())

    def existing_choice(self) -> ExistingChoice:
        return ExistingChoice(self.existing_combo.currentData())

    def rows_to_import(self) -> list[ImportRow]:
        if self.checked.problems:
            return self.checked.without_problem_rows() if self.skip_problems.isChecked() else []
        return list(self.checked.rows)

    # ---- redrawing -----------------------------------------------------------------------

    def _read_sheet(self, name: str) -> None:
        if not name or name == self.table.sheet_name:
            return
        try:
            self.table = read_table(self.path, name)
        except SpreadsheetError as error:
            self.table = SheetTable([], [], 1, self.table.sheet_names, name)
            self.summary.setText(str(error))
        self._fill_mapping(recognise_headers(self.table.headers))
        self.update_preview()

    def _fill_mapping(self, mapping: Sequence[Column | None]) -> None:
        self.mapping_table.setRowCount(len(self.table.headers))
        for index, (header, column) in enumerate(zip(self.table.headers, mapping, strict=True)):
            self.mapping_table.setItem(
                index, 0, QTableWidgetItem(header or f"(column {index + 1})")
            )
            combo = QComboBox()
            combo.setAccessibleName(f"Import “{header}” as")
            combo.addItem(LEAVE_OUT, None)
            for choice in Column:
                combo.addItem(choice.label, choice)
            combo.setCurrentIndex(combo.findData(column))
            combo.currentIndexChanged.connect(self.update_preview)
            self.mapping_table.setCellWidget(index, 1, combo)
            first = next(
                (str(row[index]) for row in self.table.rows if str(row[index] or "").strip()), ""
            )
            self.mapping_table.setItem(index, 2, QTableWidgetItem(first[:80]))
        self.mapping_table.resizeColumnToContents(0)
        self.mapping_table.setColumnWidth(1, 170)

    def _order_chosen(self) -> None:
        self._chosen_order = self.day_order()
        self.update_preview()

    def update_preview(self) -> None:
        mapping = self.mapping()
        conventions, ambiguous = conventions_for(self.table.rows, mapping, self._preferred)
        if ambiguous and self._chosen_order is not None:
            conventions = Conventions(conventions.decimal_mark, self._chosen_order)
        self.order_combo.blockSignals(True)
        self.order_combo.setCurrentIndex(self.order_combo.findData(conventions.day_order))
        self.order_combo.blockSignals(False)
        self.order_label.setVisible(ambiguous)
        self.order_combo.setVisible(ambiguous)
        several = len(self.table.sheet_names) > 1
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        self.checked = check_rows(
            self.table.headers, self.table.rows, mapping, conventions,
            first_line=self.table.first_line,
        )  # fmt: skip
        recognised = sum(column is not None for column in mapping)
        self.summary.setText(
            f"{self.path.name}: {counted(len(self.table.rows), 'row')}, "
            f"{counted(recognised, 'column')} of {len(self.table.headers)} imported. "
            "Nothing is imported until you choose Import; it can be undone with Undo."
        )
        self._fill_preview()
        self._fill_problems()
        self._update_button()

    def _fill_preview(self) -> None:
        shown = self.checked.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        for index, row in enumerate(shown):
            cells = (
                str(row.line),
                row.name,
                row.client,
                money(row.value_cents, row.currency) if row.value_cents is not None else "",
                row.status.label,
                date_text(row.target_close) if row.target_close else "",
                date_time_text(row.next_meeting) if row.next_meeting else "",
                row.next_decision,
                ", ".join(contact.name for contact in row.contacts),
                row.notes.replace("\n", " · ")[:120],
            )
            for column, text in enumerate(cells):
                self.preview.setItem(index, column, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        more = len(self.checked.rows) - len(shown)
        self.preview_label.setText(
            "As they will be imported"
            + (
                f" (the first {PREVIEW_ROWS}; {counted(more, 'more row')} not shown):"
                if more
                else ":"
            )
        )

    def _fill_problems(self) -> None:
        self.problems.clear()
        problems = self.checked.problems
        for problem in problems:
            self.problems.addItem(str(problem))
        bad_rows = len(self.checked.problem_lines)
        self.problems_label.setText(
            f"{counted(len(problems), 'problem')}: nothing is imported until the rows are left "
            "out or the columns are changed above."
            if problems
            else "No problems found."
        )
        self.problems.setVisible(bool(problems))
        self.skip_problems.setText(f"Leave out the {counted(bad_rows, 'row')} with problems")
        self.skip_problems.setVisible(bool(problems))

    def _update_button(self) -> None:
        rows = self.rows_to_import()
        # Asked before the problems are settled too: the seller sees the whole choice at once.
        candidates = self.checked.without_problem_rows()
        there = self._already_there(candidates) if candidates else []
        self.existing_label.setText(
            f"{counted(len(there), 'pursuit')} of the file "
            f"{'is' if len(there) == 1 else 'are'} already there (same name and client):"
        )
        self.existing_label.setVisible(bool(there))
        self.existing_combo.setVisible(bool(there))
        self.import_button.setEnabled(bool(rows))
        self.import_button.setText(f"Import {counted(len(rows), 'Pursuit')}" if rows else "Import")
