"""File ▸ Import Pursuits from Spreadsheet… (the preview and its mapping, undo) and File ▸
Export Pursuits…, with real dialogs, real files and the real database."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.spreadsheet_rules import Column, DayOrder
from pursuit_journey.store.repository import Store
from pursuit_journey.store.spreadsheet_import import ExistingChoice
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.spreadsheet.spreadsheet_import_dialog import SpreadsheetImportDialog
from spreadsheet_files import HUBSPOT_HEADERS, write_csv, write_xlsx


def _menu_texts(window: MainWindow) -> list[str]:
    file_menu = window.menuBar().actions()[0].menu()
    return [action.text().replace("&", "") for action in file_menu.actions()]  # type: ignore[union-attr]


def _names(store: Store) -> list[str]:
    return sorted(summary.name for summary in store.pursuit_summaries())


def _preview(window: MainWindow, path: Path) -> SpreadsheetImportDialog:
    dialog = window.spreadsheets.preview(path)
    assert isinstance(dialog, SpreadsheetImportDialog)
    return dialog


def _choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick ``text`` in ``combo`` from the keyboard, as a seller would."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        QTest.keyClick(combo, key)


def test_the_file_menu_offers_import_and_export(window: MainWindow) -> None:
    texts = _menu_texts(window)
    assert "Import Pursuits from Spreadsheet…" in texts and "Export Pursuits…" in texts


def test_import_from_the_menu_then_undo_and_redo(
    window: MainWindow, store: Store, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        ["1", "Pilot", "Closed Won", "12000", "2026-12-03", "Acme", "Ann", "Sales", "", ""],
        ["2", "Expansion", "Qualified", "5500", "2027-01-15", "Beta", "", "", "Demo", ""],
    ]
    path = write_csv(tmp_path / "hubspot.csv", HUBSPOT_HEADERS, rows)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), "Spreadsheets"))
    seen: list[str] = []

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SpreadsheetImportDialog):
            QTimer.singleShot(20, accept)
            return
        seen.append(dialog.import_button.text())
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, accept)
    window.spreadsheets.import_action.trigger()
    assert seen == ["Import 2 Pursuits"]
    assert _names(store) == ["Expansion", "Pilot"]
    assert "Imported 2 pursuits from hubspot.csv" in window.statusBar().currentMessage()
    assert window.undo_action.text() == "&Undo Import Pursuits"

    window.activateWindow()
    window.undo_action.trigger()
    assert _names(store) == []
    window.redo_action.trigger()
    assert _names(store) == ["Expansion", "Pilot"]
    window.undo_action.trigger()
    assert _names(store) == []


def test_changing_a_mapping_changes_the_preview(
    window: MainWindow, store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "mine.csv",
        ["Deal", "Who", "Remarks"],
        [["Pilot", "Acme", "call back"], ["Renewal", "Beta", ""]],
    )
    dialog = _preview(window, path)
    qtbot.addWidget(dialog)
    assert dialog.mapping() == [Column.NAME, None, None]
    assert dialog.preview.item(0, 2).text() == ""  # no client yet
    combo = dialog.mapping_table.cellWidget(1, 1)
    assert isinstance(combo, QComboBox)
    _choose(qtbot, combo, "Client")
    assert dialog.mapping()[1] is Column.CLIENT
    assert [dialog.preview.item(r, 2).text() for r in range(2)] == ["Acme", "Beta"]
    _choose(qtbot, dialog.mapping_table.cellWidget(2, 1), "Notes")  # type: ignore[arg-type]
    assert dialog.preview.item(0, 9).text() == "Remarks: call back"
    dialog.import_button.click()
    window.spreadsheets.import_rows(path, dialog.rows_to_import(), dialog.existing_choice())
    acme = next(s for s in store.pursuit_summaries() if s.name == "Pilot")
    assert acme.client == "Acme"


def test_ambiguous_dates_show_the_order_choice(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "d.csv", ["Name", "Close date"], [["Pilot", "03/12/2026"]])
    dialog = _preview(window, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.order_combo.isVisible()
    _choose(qtbot, dialog.order_combo, DayOrder.DAY_FIRST.value.capitalize())
    assert dialog.rows_to_import()[0].target_close == date(2026, 12, 3)
    _choose(qtbot, dialog.order_combo, DayOrder.MONTH_FIRST.value.capitalize())
    assert dialog.rows_to_import()[0].target_close == date(2026, 3, 12)

    clear = write_csv(tmp_path / "iso.csv", ["Name", "Close date"], [["Pilot", "2026-12-03"]])
    other = _preview(window, clear)
    qtbot.addWidget(other)
    other.show()
    assert not other.order_combo.isVisible()


def test_a_file_with_problems_imports_nothing_until_the_rows_are_left_out(
    window: MainWindow, store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv", ["Name", "Value"], [["Good", "10"], ["Bad", "lots"], ["", "3"]]
    )
    dialog = _preview(window, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.import_button.isEnabled()
    assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())] == [
        "Row 3, column “Value”: “lots” is not an amount",
        "Row 4: The row has no pursuit name.",
    ]
    assert dialog.skip_problems.text() == "Leave out the 2 rows with problems"
    dialog.skip_problems.setFocus()
    QTest.keyClick(dialog.skip_problems, Qt.Key.Key_Space)
    assert dialog.skip_problems.isChecked()
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 1 Pursuit"
    assert [row.name for row in dialog.rows_to_import()] == ["Good"]
    assert _names(store) == []


def test_reimport_offers_skip_update_or_copies(
    window: MainWindow, store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", ["Name", "Client", "Value"], [["Pilot", "Acme", "10"]])
    store.create_pursuit("Pilot", "Acme", value_cents=500)
    dialog = _preview(window, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.existing_combo.isVisible()
    assert dialog.existing_label.text().startswith("1 pursuit of the file is already there")
    _choose(qtbot, dialog.existing_combo, ExistingChoice.UPDATE.label)
    window.spreadsheets.import_rows(path, dialog.rows_to_import(), dialog.existing_choice())
    (pilot,) = store.pursuit_summaries()
    assert pilot.value_cents == 1000
    window.undo_action.trigger()
    assert store.pursuit_summaries()[0].value_cents == 500


def test_an_unreadable_file_is_said_and_changes_nothing(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    shown: list[str] = []
    monkeypatch.setattr(
        "pursuit_journey.ui.spreadsheet.spreadsheet_actions.show_error",
        lambda parent, title, text: shown.append(text),
    )
    assert window.spreadsheets.import_file(tmp_path / "empty.csv") == 0
    assert "empty.csv is empty" in shown[0] and "Nothing was changed" in shown[0]
    assert _names(store) == []


def test_export_from_the_menu_writes_csv_with_the_chosen_type(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create_pursuit("=Pilot", "Acme")
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *args: (str(tmp_path / "pipeline"), "CSV, UTF-8 (*.csv)"),
    )
    window.spreadsheets.export_action.trigger()
    written = tmp_path / "pipeline.csv"
    rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    assert rows[1][:2] == ["'=Pilot", "Acme"]
    assert "Exported 1 pursuit to pipeline.csv" in window.statusBar().currentMessage()


def test_another_sheet_of_a_workbook_can_be_chosen(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Summary": [["Total", "Count"], [100, 2]],
            "Deals": [["Deal Name", "Amount"], ["Pilot", 1200], ["Renewal", 800]],
        },
    )
    dialog = _preview(window, path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sheet_combo.isVisible() and not dialog.import_button.isEnabled()
    _choose(qtbot, dialog.sheet_combo, "Deals")
    assert dialog.mapping() == [Column.NAME, Column.VALUE]
    assert [row.name for row in dialog.rows_to_import()] == ["Pilot", "Renewal"]
    assert dialog.import_button.text() == "Import 2 Pursuits"
