"""File ▸ Export Pursuit… and File ▸ Import Pursuit…: the ``.pursuit`` file from the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QIODevice, QSaveFile, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..store.errors import StoreError
from ..store.exchange import (
    FILE_SUFFIX,
    AlreadyImported,
    ExchangeError,
    dump_document,
    read_pursuit_file,
)
from .file_actions import FileActions, documents_folder
from .messages import show_error

if TYPE_CHECKING:  # the store loads after the window is shown
    pass

FILE_FILTER = f"Pursuit files (*{FILE_SUFFIX})"


def save_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via QSaveFile: a failed write leaves an earlier file intact."""
    target = QSaveFile(str(path))
    if not target.open(QIODevice.OpenModeFlag.WriteOnly):
        raise ExchangeError(f"Cannot write {path}: {target.errorString()}")
    if target.write(data) != len(data):
        target.cancelWriting()
        target.commit()
        raise ExchangeError(f"Cannot write {path}: {target.errorString()}")
    if not target.commit():
        raise ExchangeError(f"Cannot write {path}: {target.errorString()}")


def ask_import_as_copy(parent: QWidget | None, message: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Import Pursuit",
        f"{message}\n\nImport it as a copy (a separate pursuit, named “… (copy)”)?",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    copy_button = box.addButton("Import as Copy", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is copy_button


class PursuitExchange(FileActions):
    """Exports the selected pursuit and imports files, telling the seller what happened."""

    def export_pursuit(self, pursuit_id: int, name: str) -> Path | None:
        path = self.ask_save_path("Export Pursuit", name, FILE_SUFFIX, FILE_FILTER)
        if path is None:
            return None
        try:
            save_atomically(path, dump_document(self.store.export_pursuit(pursuit_id)))
        except StoreError as error:
            show_error(self.parent, "Pursuit not exported", str(error))
            return None
        self.status(f"Exported “{name}” to {path}")
        return path

    def choose_and_import(self) -> int | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.parent,
            "Import Pursuit",
            str(documents_folder()),
            f"{FILE_FILTER};;All files (*)",
        )
        return self.import_file(Path(chosen)) if chosen else None

    def import_file(self, path: Path) -> int | None:
        """Import ``path``; returns the new pursuit's id, or None (the seller was told why)."""
        try:
            document = read_pursuit_file(path)
            try:
                pursuit = self.store.import_pursuit(document)
            except AlreadyImported as known:
                if not ask_import_as_copy(self.parent, str(known)):
                    return None
                pursuit = self.store.import_pursuit(document, as_copy=True)
        except StoreError as error:
            show_error(
                self.parent,
                "Pursuit not imported",
                f"{path.name} could not be imported. Nothing was changed.\n\n{error}",
            )
            return None
        self.status(f"Imported “{pursuit.name}” from {path.name}")
        return pursuit.id
