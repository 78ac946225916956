"""Backups and faults seen from the main window, driven like a seller would."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from test_main_window import answer_next_dialog, visible_names

from pursuit_journey.paths import Paths
from pursuit_journey.store.backup import backup_database, list_backups
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.backup.backup_dialogs import AutoBackup, RestoreDialog
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.new_pursuit import NewPursuitDialog

HOLD_WRITE_LOCK = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
    "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.readline()"
)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        "pursuit_journey.ui.main_window.show_error", lambda _p, _t, text: shown.append(text)
    )
    return shown


def file_menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    for action in file_menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no File ▸ {text}")


def test_back_up_now_makes_a_verified_backup(
    qtbot: QtBot, window: MainWindow, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.create_pursuit("Acme")
    caplog.set_level(logging.INFO, logger="pursuit_journey")
    with qtbot.waitSignal(window.auto_backup.backedUp, timeout=10000):
        file_menu_action(window, "Back Up Now").trigger()
    backups = list_backups(store.backups_dir)  # type: ignore[arg-type]
    assert [(b.reason, b.pursuit_count) for b in backups] == [("manual", 1)]
    # The seller hears when; where it went is in the log and in the restore dialog.
    message = window.statusBar().currentMessage()
    assert re.fullmatch(r"Backed up at \S.*", message)
    assert str(backups[0].path) not in message
    assert str(backups[0].path) in caplog.text


def test_restore_from_backup_lists_backups_and_restores_the_chosen_one(
    qtbot: QtBot, window: MainWindow, store: Store, paths: Paths
) -> None:
    store.create_pursuit("Kept in the backup")
    backup_database(paths.database, paths.backups_dir, "daily", datetime(2026, 3, 1, 9, 30))
    window.create_pursuit("Made later")
    window.rename_pursuit(store.pursuit_summaries()[0].id, "Renamed later")
    assert window.undo_stack.count() == 1

    def choose_oldest() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(20, choose_oldest)
            return
        rows = [
            [dialog.list.topLevelItem(i).text(c) for c in range(3)]
            for i in range(dialog.list.topLevelItemCount())
        ]
        assert rows[0][1:] == ["1 pursuit", "Automatic, at start-up"]
        assert "2026" in rows[0][0]
        item = dialog.list.topLevelItem(0)
        rect = dialog.list.visualItemRect(item)
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, choose_oldest)
    file_menu_action(window, "Restore From Backup…").trigger()

    assert visible_names(window) == ["Kept in the backup"]
    assert [s.name for s in store.pursuit_summaries()] == ["Kept in the backup"]
    assert window.undo_stack.count() == 0
    reasons = {b.reason: b.pursuit_count for b in list_backups(paths.backups_dir)}
    assert reasons["before-restore"] == 2  # the state just before the restore is kept


def test_the_automatic_backup_runs_only_when_something_changed(
    qtbot: QtBot, store: Store, paths: Paths
) -> None:
    auto = AutoBackup(store, interval_ms=30)
    assert auto.back_up_if_changed() is False  # nothing changed since opening
    store.create_pursuit("Acme")
    with qtbot.waitSignal(auto.backedUp, timeout=5000):
        pass  # the timer notices the change
    assert [b.reason for b in list_backups(paths.backups_dir)] == ["auto"]
    assert auto.back_up_if_changed() is False
    auto.shut_down()


def test_the_start_up_backup_runs_when_the_newest_is_a_day_old(
    qtbot: QtBot, store: Store, paths: Paths
) -> None:
    now = datetime(2026, 3, 2, 9)
    auto = AutoBackup(store)
    auto.timer.stop()
    assert auto.back_up_if_due(now) is False  # an empty database: nothing to keep yet
    store.create_pursuit("Acme")
    backup_database(paths.database, paths.backups_dir, "auto", now - timedelta(hours=2))
    assert auto.back_up_if_due(now) is False
    with qtbot.waitSignal(auto.backedUp, timeout=10000) as made:
        assert auto.back_up_if_due(now + timedelta(days=1)) is True
    path, reason = made.args
    assert reason == "daily" and "-daily" in path.name and path.exists()
    auto.shut_down()


def test_a_locked_database_keeps_the_new_name_for_a_retry(
    qtbot: QtBot, paths: Paths, settings: QSettings, messages: list[str]
) -> None:
    store = Store.open(paths.database, paths.backups_dir, busy_timeout_ms=100)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(paths.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    retry_text: list[str] = []

    def inspect_retry() -> None:
        dialog = QApplication.activeModalWidget()
        if not messages or not isinstance(dialog, NewPursuitDialog):  # wait for the failed save
            QTimer.singleShot(20, inspect_retry)
            return
        retry_text.append(dialog.name_edit.text())
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    answer_next_dialog(qtbot, "Globex renewal")
    QTimer.singleShot(0, inspect_retry)
    try:
        window.new_action.trigger()  # File ▸ New Pursuit…
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()

    assert len(messages) == 1 and "in use by another program" in messages[0]
    assert retry_text == ["Globex renewal"]
    assert [s.name for s in store.pursuit_summaries()] == ["Globex renewal"]
    store.close()


def test_a_full_disk_on_rename_says_so_and_keeps_the_typed_name(
    qtbot: QtBot, window: MainWindow, store: Store, paths: Paths, messages: list[str]
) -> None:
    import sqlite3

    from sqlalchemy import event

    pursuit = store.create_pursuit("Old name")
    window.refresh(select_id=pursuit.id)
    with sqlite3.connect(paths.database) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    event.listen(
        store.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count = {pages}")
    )
    store.engine.dispose()
    long_name = "A much longer name " * 400

    window.rename_pursuit(pursuit.id, long_name)

    assert len(messages) == 1 and "disk is full" in messages[0]
    assert store.pursuit(pursuit.id).name == "Old name"
    editor = window.list_panel.table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    assert editor.text() == long_name
    assert window.undo_stack.count() == 0


def test_files_handed_to_the_window_are_imported(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    messages: list[str],
) -> None:
    source = store.create_pursuit("Acme")
    pursuit_file = tmp_path / "Acme.pursuit"
    from pursuit_journey.store.exchange import dump_document

    pursuit_file.write_bytes(dump_document(store.export_pursuit(source.id)))
    store.delete_pursuit(source.id)
    other = tmp_path / "notes.docx"
    with qtbot.waitSignal(window.filesRequested) as requested:
        window.open_files([str(pursuit_file), str(other)])
    assert requested.args == [[str(pursuit_file), str(other)]]
    assert [s.name for s in store.pursuit_summaries()] == ["Acme"]
    assert messages == [f"Pursuit Journey opens .pursuit files; this is not one:\n{other}"]
