"""File ▸ Export Pursuit… and Import Pursuit… with real dialogs and the real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from pursuit_journey.store.exchange import FORMAT_NAME, FORMAT_VERSION
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow


def answer_modal_box(button_text: str, seen: list[str]) -> None:
    """When a message box opens, remember its text and press the button labelled so."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        for button in box.buttons():
            if isinstance(button, QPushButton) and button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, press)


def test_export_writes_a_pursuit_file_from_the_file_menu(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pursuit = store.create_sample_pursuit()
    window.refresh(select_id=pursuit.id)
    suggested: list[str] = []

    def answer(parent, caption, directory, file_filter):  # type: ignore[no-untyped-def]
        suggested.append(directory)
        return str(tmp_path / "northwind"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    assert window.export_action.isEnabled()
    window.export_action.trigger()

    written = tmp_path / "northwind.pursuit"
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT_NAME and document["version"] == FORMAT_VERSION
    assert len(document["pursuit"]["steps"]) == 6
    assert suggested[0].endswith(".pursuit")
    assert str(written) in window.statusBar().currentMessage()
    assert not list(tmp_path.glob("*.tmp*")), "QSaveFile leaves no temporary file behind"


def test_importing_an_exported_file_asks_and_imports_a_copy(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pursuit = store.create_sample_pursuit()
    window.refresh(select_id=pursuit.id)
    path = tmp_path / "sample file ø.pursuit"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (str(path), "Pursuit files (*.pursuit)")
    )
    window.export_action.trigger()

    seen: list[str] = []
    answer_modal_box("Import as Copy", seen)
    new_id = window.import_pursuit_file(path)

    assert new_id is not None and new_id != pursuit.id
    assert "already in your pursuits" in seen[0]
    assert store.pursuit(new_id).name.endswith("(copy)")
    assert window.current_pursuit_id() == new_id
    assert store.pursuit_count() == 2

    answer_modal_box("Cancel", seen)
    assert window.import_pursuit_file(path) is None
    assert store.pursuit_count() == 2


def test_import_from_the_menu_into_an_empty_database(
    window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "one.pursuit"
    path.write_text(
        json.dumps(
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "pursuit": {"uid": "abc", "name": "Imported deal", "status": "won"},
            }
        ),
        encoding="utf-8",
    )
    window.list_panel.status_filter.setCurrentIndex(1)  # open pursuits only
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    window.import_action.trigger()

    assert store.pursuit_count() == 1
    assert window.current_pursuit_id() is not None
    assert store.pursuit(window.current_pursuit_id()).name == "Imported deal"
    assert "Imported “Imported deal”" in window.statusBar().currentMessage()


def test_a_damaged_file_is_refused_with_the_reason_and_nothing_changes(
    window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "broken.pursuit"
    path.write_text('{"format": "pursuit-journey", "version": 1, "pursuit": {"uid": "x"', "utf-8")
    seen: list[str] = []
    answer_modal_box("OK", seen)
    assert window.import_pursuit_file(path) is None
    assert "broken.pursuit could not be imported. Nothing was changed." in seen[0]
    assert "not valid JSON" in seen[0]
    assert store.pursuit_count() == 0


def test_a_failed_export_says_so_and_leaves_the_earlier_file(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pursuit = store.create_pursuit("Acme")
    window.refresh(select_id=pursuit.id)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("earlier content", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(blocker / "x.pursuit"), ""))
    seen: list[str] = []
    answer_modal_box("OK", seen)
    window.export_action.trigger()
    assert "Cannot write" in seen[0]
    assert blocker.read_text(encoding="utf-8") == "earlier content"
