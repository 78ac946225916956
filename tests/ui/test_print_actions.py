"""Printing from the window: preview, PDF export and the upcoming sheets, with real dialogs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QProgressDialog,
    QPushButton,
)
from pytestqt.qtbot import QtBot
from windows import choose_save_path

from pursuit_journey.store.repository import Store
from pursuit_journey.ui import file_actions, print_actions
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.print_actions import UpcomingDialog

SOON = datetime.now().replace(second=0, microsecond=0) + timedelta(days=1)


def busy_week(store: Store, steps: int) -> None:
    """A pursuit with ``steps`` steps planned an hour apart from tomorrow: a batch of pages."""
    pursuit = store.create_pursuit("Busy week")
    for hour in range(steps):
        store.add_step(pursuit.id, title=f"Day {hour}", planned_at=SOON + timedelta(hours=hour))


def test_ctrl_e_exports_the_selected_step_as_pdf(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pursuit = store.create_pursuit("Acme / rollout")
    store.add_step(pursuit.id, title="Kick-off", decision_needed="Client picks the pilot team")
    window.refresh(select_id=pursuit.id)
    suggested = choose_save_path(monkeypatch, tmp_path / "acme")  # no extension typed

    window.export_pdf_action.trigger()

    out = tmp_path / "acme.pdf"
    assert out.is_file()
    assert len(PdfReader(out).pages) == 1
    assert "Client picks the pilot team" in " ".join(PdfReader(out).pages[0].extract_text().split())
    assert suggested[0].endswith("Acme rollout - Kick-off.pdf")
    assert window.statusBar().currentMessage() == f"Saved 1 page to {out.name}"


def test_print_preview_opens_a_real_preview_of_the_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    store.add_step(pursuit.id, title="Kick-off")
    window.refresh(select_id=pursuit.id)
    seen: list[QPrintPreviewDialog] = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(20, close_preview)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_preview)
    window.preview_action.trigger()
    assert len(seen) == 1


def test_without_a_step_print_preview_print_and_export_are_disabled(
    window: MainWindow, store: Store
) -> None:
    step_actions = (window.preview_action, window.print_action, window.export_pdf_action)
    pursuit = store.create_pursuit("Empty")
    window.refresh(select_id=pursuit.id)
    assert window.current_step_id() is None
    assert not any(action.isEnabled() for action in step_actions)

    step = store.add_step(pursuit.id, title="Discovery")
    window.refresh_pursuit(pursuit.id)
    assert window.current_step_id() == step.id
    assert all(action.isEnabled() for action in step_actions)

    window.show_view(window.momentum_view)  # no step selected on the momentum view
    assert not any(action.isEnabled() for action in step_actions)
    window.show_view(window.splitter)
    assert all(action.isEnabled() for action in step_actions)


def test_print_upcoming_lists_the_next_days_and_saves_them_in_one_pdf(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = store.create_pursuit("First")
    store.add_step(first.id, title="Soon", planned_at=SOON)
    store.add_step(first.id, title="In ten days", planned_at=SOON + timedelta(days=9))
    dialog = UpcomingDialog(window.printing, window)
    qtbot.addWidget(dialog)
    assert dialog.days.value() == 7
    assert dialog.steps.count() == 1
    dialog.days.setValue(14)
    assert dialog.steps.count() == 2

    choose_save_path(monkeypatch, tmp_path / "week.pdf")
    dialog.pdf_button.click()
    assert len(PdfReader(tmp_path / "week.pdf").pages) == 2

    dialog.days.setValue(1)
    store.record_outcome(store.steps(first.id)[0].id, "advanced")  # type: ignore[arg-type]
    dialog.days.setValue(2)
    assert dialog.steps.count() == 0
    assert not dialog.pdf_button.isEnabled()
    assert "Nothing is planned" in dialog.summary.text()


def test_cancelling_a_long_batch_saves_nothing_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    busy_week(store, 3)
    out = tmp_path / "week.pdf"
    out.write_bytes(b"last week's sheets")
    shown: list[str] = []

    class CancelAfterOnePage(QProgressDialog):
        """The seller presses Cancel once the first page is done."""

        def setValue(self, value: int) -> None:
            super().setValue(value)
            shown.append(self.labelText())
            if value == 1:
                self.cancel()

    monkeypatch.setattr(print_actions, "QProgressDialog", CancelAfterOnePage)
    choose_save_path(monkeypatch, out)
    dialog = UpcomingDialog(window.printing, window)
    qtbot.addWidget(dialog)
    dialog.pdf_button.click()

    assert out.read_bytes() == b"last week's sheets"
    assert shown[0] == "Saving 3 pages…"
    assert "not saved" in window.statusBar().currentMessage()


def test_a_batch_shows_its_first_and_last_pages_and_at_most_one_other_a_frame(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    busy_week(store, 6)
    shown: list[int] = []

    class Recorded(QProgressDialog):
        def setValue(self, value: int) -> None:
            super().setValue(value)
            shown.append(value)

    monkeypatch.setattr(print_actions, "QProgressDialog", Recorded)
    out = tmp_path / "week.pdf"

    monkeypatch.setattr(print_actions, "PROGRESS_EVERY_MS", 3_600_000)  # no frame ends
    assert window.printing.save_pdf(window.printing.upcoming(7), out) == out
    assert shown == [1, 6]
    assert len(PdfReader(out).pages) == 6

    shown.clear()
    monkeypatch.setattr(print_actions, "PROGRESS_EVERY_MS", 0)  # every page ends a frame
    window.printing.save_pdf(window.printing.upcoming(7), out)
    assert shown == [1, 2, 3, 4, 5, 6]
    assert window.statusBar().currentMessage() == f"Saved 6 pages to {out.name}"


def test_cancelling_a_print_says_what_reached_the_printer(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    busy_week(store, 3)
    printed = tmp_path / "printer.pdf"
    make_printer = window.printing._printer

    def printer_writing_a_file():  # type: ignore[no-untyped-def]
        printer = make_printer()
        printer.setOutputFileName(str(printed))  # Qt's PDF engine: it cannot abort a job
        return printer

    class CancelAfterOnePage(QProgressDialog):
        def setValue(self, value: int) -> None:
            super().setValue(value)
            if value == 1:
                self.cancel()

    monkeypatch.setattr(window.printing, "_printer", printer_writing_a_file)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(print_actions, "QProgressDialog", CancelAfterOnePage)

    window.printing.print(window.printing.upcoming(7))

    assert len(PdfReader(printed).pages) == 1
    assert "the first 1 page went to the printer" in window.statusBar().currentMessage()


def test_export_proposes_the_documents_folder_and_the_status_bar_offers_to_open_the_file(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs  # asked when a file is saved (not imported at start)

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.chdir(tmp_path)  # the working directory is never proposed
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pursuit = store.create_pursuit("Acme")
    store.add_step(pursuit.id, title="Kick-off")
    window.refresh(select_id=pursuit.id)
    out = tmp_path / "chosen.pdf"
    suggested = choose_save_path(monkeypatch, out)

    window.export_pdf_action.trigger()

    assert Path(suggested[0]) == documents / "Acme - Kick-off.pdf"
    button = window.printing.open_button
    assert button is not None and button.isVisible() and button.text() == "Open"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out))]

    window.statusBar().showMessage("Something else")  # the offer goes with its message
    assert window.printing.open_button is None
    assert not [b for b in window.statusBar().findChildren(QPushButton) if b.isVisible()]


def test_the_documents_folder_is_platformdirs_one(tmp_path: Path) -> None:
    from platformdirs import user_documents_dir

    expected = Path(user_documents_dir())
    assert file_actions.documents_folder() == (expected if expected.is_dir() else Path.home())
    assert file_actions.documents_folder() != Path.cwd() or Path.cwd() == Path.home()


def test_print_preview_fits_the_screen_and_remembers_its_size(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit = store.create_pursuit("Acme")
    store.add_step(pursuit.id, title="Kick-off")
    window.refresh(select_id=pursuit.id)
    available = window.screen().availableGeometry()
    window.settings.setValue(print_actions.PREVIEW_SIZE_KEY, QSize(5000, 5000))  # a huge screen
    sizes: list[QSize] = []

    def close_preview(new_size: QSize | None = None) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(20, lambda: close_preview(new_size))
            return
        sizes.append(dialog.size())
        if new_size is not None:
            dialog.resize(new_size)
        dialog.reject()

    QTimer.singleShot(0, lambda: close_preview(QSize(500, 400)))
    window.preview_action.trigger()
    assert sizes[0].height() <= available.height()
    assert sizes[0].width() <= available.width()

    QTimer.singleShot(0, close_preview)
    window.preview_action.trigger()
    assert sizes[1] == QSize(500, 400)
    assert window.settings.value(print_actions.PREVIEW_SIZE_KEY) == QSize(500, 400)
