"""File ▸ Import Pursuits from Spreadsheet… and File ▸ Export Pursuits…: the window's side of
spreadsheet and CRM files. One import is one undo step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu

from ...domain.wording import counted
from ...store.errors import StoreError
from ..commands import SavedFirstCommand
from ..file_actions import FileActions, documents_folder
from ..messages import show_error

if TYPE_CHECKING:  # the store and the spreadsheet modules load when first used
    from ...domain.spreadsheet_rules import ImportRow
    from ...store.protocol import StoreLike
    from ...store.spreadsheet_import import ExistingChoice, ImportReceipt
    from ..main_window import MainWindow

IMPORT_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"
EXPORT_FILTERS = {"Excel workbook (*.xlsx)": ".xlsx", "CSV, UTF-8 (*.csv)": ".csv"}


class ImportPursuits(SavedFirstCommand):
    """Pursuits brought in from a file; undo removes them (and puts back those it updated)."""

    def __init__(
        self,
        store: StoreLike,
        rows: Sequence[ImportRow],
        existing: ExistingChoice,
        changed: Callable[[ImportReceipt | None], None],
        failed: Callable[[StoreError], None],
    ) -> None:
        super().__init__("Import Pursuits", failed)
        self.store = store
        self.rows = list(rows)
        self.existing = existing
        self.changed = changed
        self.receipt: ImportReceipt | None = None

    def apply(self) -> ImportReceipt:
        """Import now; raises StoreError (nothing imported) for the caller to show."""
        self.forward()
        self.mark_saved()
        assert self.receipt is not None
        return self.receipt

    def forward(self) -> None:
        self.receipt = self.store.import_pursuit_rows(self.rows, self.existing)

    def backward(self) -> None:
        if self.receipt is not None:
            self.store.undo_pursuit_import(self.receipt)
            self.receipt = None

    def _attempt(self, write: Callable[[], None]) -> bool:
        done = super()._attempt(write)
        self.changed(self.receipt)
        return done


class SpreadsheetActions(FileActions):
    """The two menu actions, made and put in the File menu by ``add_spreadsheet_actions``."""

    def __init__(
        self,
        store: StoreLike,
        window: QMainWindow,
        undo_stack: QUndoStack,
        show_imported: Callable[[int | None], object],
        status: Callable[[str], None],
    ) -> None:
        super().__init__(store, window, status)
        self.undo_stack = undo_stack
        self.show_imported = show_imported
        self.import_action = QAction("Import Pursuits from Sp&readsheet…", window)
        self.import_action.setStatusTip(
            "Bring pursuits in from a CSV, XLSX or ODS file, or a Pipedrive, HubSpot or "
            "Salesforce export"
        )
        self.import_action.triggered.connect(self.choose_and_import)
        self.export_action = QAction("Export Pursui&ts…", window)
        self.export_action.setStatusTip("Write every pursuit to an XLSX or CSV spreadsheet")
        self.export_action.triggered.connect(self.choose_and_export)

    # ---- import --------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.parent, "Import Pursuits from Spreadsheet", str(documents_folder()), IMPORT_FILTER
        )
        if chosen:
            self.import_file(Path(chosen))

    def preview(self, path: Path) -> object | None:
        """The preview dialog for ``path``, or None (the seller was told why it cannot be
        read)."""
        from ...store.spreadsheet_file import read_table
        from .spreadsheet_import_dialog import SpreadsheetImportDialog

        try:
            table = read_table(path)
        except StoreError as error:
            show_error(
                self.parent,
                "Pursuits not imported",
                f"{path.name} could not be imported. Nothing was changed.\n\n{error}",
            )
            return None
        return SpreadsheetImportDialog(path, table, self._already_there, self.parent)

    def _already_there(self, rows: Sequence[ImportRow]) -> list[ImportRow]:
        try:
            return self.store.pursuits_already_there(rows)
        except StoreError:
            return []  # the import itself will say what is wrong with the database

    def import_file(self, path: Path) -> int:
        """Preview ``path`` and import what the seller accepts; returns how many pursuits
        were imported or updated (0 when cancelled or refused)."""
        from .spreadsheet_import_dialog import SpreadsheetImportDialog

        dialog = self.preview(path)
        if not isinstance(dialog, SpreadsheetImportDialog) or not dialog.exec():
            return 0
        return self.import_rows(path, dialog.rows_to_import(), dialog.existing_choice())

    def import_rows(self, path: Path, rows: Sequence[ImportRow], existing: ExistingChoice) -> int:
        command = ImportPursuits(self.store, rows, existing, self._imported, self._failed)
        try:
            receipt = command.apply()
        except StoreError as error:
            show_error(
                self.parent,
                "Pursuits not imported",
                f"Nothing from {path.name} was imported.\n\n{error}",
            )
            return 0
        self.undo_stack.push(command)
        self._imported(receipt)
        message = f"Imported {counted(len(receipt.created_ids), 'pursuit')} from {path.name}"
        if receipt.updated:
            message += f", updated {counted(len(receipt.updated), 'pursuit')}"
        if receipt.skipped:
            message += f", skipped {counted(receipt.skipped, 'pursuit')} already there"
        self.status(message)
        return receipt.changed_count

    def _imported(self, receipt: ImportReceipt | None) -> None:
        first = None
        if receipt is not None and receipt.created_ids:
            first = receipt.created_ids[0]
        elif receipt is not None and receipt.updated:
            first = receipt.updated[0].pursuit_id
        self.show_imported(first)

    def _failed(self, error: StoreError) -> None:
        show_error(self.parent, "Could not undo or redo", str(error))

    # ---- export --------------------------------------------------------------------------

    def choose_and_export(self) -> Path | None:
        suggested = documents_folder() / "Pursuits.xlsx"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.parent, "Export Pursuits", str(suggested), ";;".join(EXPORT_FILTERS)
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in EXPORT_FILTERS.values():
            path = path.with_name(path.name + EXPORT_FILTERS.get(chosen_filter, ".xlsx"))
        return self.export_to(path)

    def export_to(self, path: Path) -> Path | None:
        from ...store.spreadsheet_export import export_file

        try:
            count = export_file(self.store, path)
        except StoreError as error:
            show_error(self.parent, "Pursuits not exported", str(error))
            return None
        self.report_saved(f"Exported {counted(count, 'pursuit')} to {path.name}", path)
        return path


def add_spreadsheet_actions(
    window: MainWindow,
    file_menu: QMenu,
    show_imported: Callable[[int], object],
    refresh: Callable[[], object],
) -> SpreadsheetActions:
    """Make the two actions and put them in ``file_menu`` (after what is there): the window
    shows the first pursuit an import made (``show_imported``), or redraws after an undo."""

    def shown(pursuit_id: int | None) -> None:
        if pursuit_id is None:
            refresh()
        else:
            show_imported(pursuit_id)

    actions = SpreadsheetActions(
        window.store,
        window,
        window.undo_stack,
        shown,
        lambda message: window.statusBar().showMessage(message, 6000),
    )
    file_menu.addActions([actions.import_action, actions.export_action])
    return actions
