"""The full integrity check after start-up, in the worker thread: a file that passes the quick
start-up check but has a damaged page is caught, the store is closed, and the seller gets the
start-up choices. Real files; the dialog is driven like a seller would."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.bench.dataset import build_dataset
from pursuit_journey.paths import Paths
from pursuit_journey.store.backup import backup_database
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.health import Choice, Problem, diagnose, integrity_check
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.backup.backup_dialogs import DamagedDatabaseDialog
from pursuit_journey.ui.backup.health_watch import HealthWatch


def damage_a_page_in_the_middle(path: Path) -> int:
    """Scribble over the cells of a leaf page in the middle of an index the window does not
    read at start-up (bit rot, a bad sector); returns the page number."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            row[0]
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'ix_attendance_person_id' "
                "AND pagetype = 'leaf' ORDER BY pageno"
            )
        ]
    page = pages[len(pages) // 2]
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    data[start + page_size // 2 : start + page_size] = bytes([0xA5]) * (page_size // 2)
    path.write_bytes(bytes(data))
    return page


@pytest.fixture
def damaged_store(paths: Paths) -> Store:
    """A realistic database with a good backup, then a page damaged in the middle of the file;
    it passes the start-up check, so the app opens it."""
    store = Store.open(paths.database, paths.backups_dir)
    build_dataset(store, 60)
    store.create_pursuit("Made before the backup")
    store.close()
    backup_database(paths.database, paths.backups_dir, "daily")
    page = damage_a_page_in_the_middle(paths.database)
    assert page > 20
    assert diagnose(paths.database, paths.backups_dir) is None
    assert integrity_check(paths.database).problem is Problem.DAMAGED
    opened = Store.open(paths.database, paths.backups_dir)
    yield opened
    opened.close()


def answer_damage_dialog(choice: Choice, seen: dict[str, object]) -> None:
    """Wait for the damage message, note what it says and what the store does meanwhile,
    then click ``choice``."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DamagedDatabaseDialog):
            QTimer.singleShot(20, act)
            return
        seen["text"] = dialog.text() + "\n" + dialog.informativeText()
        seen["title"] = dialog.windowTitle()
        seen["buttons"] = sorted(c.value for c in dialog.buttons)
        store = seen["store"]
        assert isinstance(store, Store)
        try:
            store.create_pursuit("Typed while the message is up")
        except StoreError as error:
            seen["refused"] = str(error)
        seen["bytes"] = Path(seen["database"]).read_bytes()  # type: ignore[arg-type]
        dialog.buttons[choice].click()

    QTimer.singleShot(0, act)


def test_a_page_damaged_in_the_middle_is_caught_after_start_up_and_the_backup_restored(
    qtbot: QtBot, damaged_store: Store, paths: Paths, settings: QSettings
) -> None:
    window = shown_window(qtbot, damaged_store, settings)
    damaged = paths.database.read_bytes()
    quits: list[bool] = []
    seen: dict[str, object] = {"store": damaged_store, "database": paths.database}
    watch = HealthWatch(window, paths, quit=lambda: quits.append(True))
    answer_damage_dialog(Choice.RESTORE_BACKUP, seen)

    with qtbot.waitSignal(watch.finished, timeout=30000) as finished:
        watch.start()

    damage, choice = finished.args
    assert choice is Choice.RESTORE_BACKUP and damage.health.problem is Problem.DAMAGED
    assert seen["title"] == "The database is damaged"
    assert "found it damaged" in str(seen["text"]) and "holds 61 pursuits" in str(seen["text"])
    assert seen["buttons"] == ["new", "quit", "restore"]
    assert "closed because it is damaged" in str(seen["refused"])  # nothing was written
    assert seen["bytes"] == damaged
    kept = list(paths.data_dir.glob("pursuits.sqlite3.damaged-*[0-9]"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert quits == []
    # The window works on the restored backup, and it can be changed again.
    assert integrity_check(paths.database).ok
    assert damaged_store.pursuit_count() == 61
    assert window.list_panel.model.rowCount() == 61
    assert "Restored the backup" in window.statusBar().currentMessage()
    damaged_store.create_pursuit("After the repair")
    assert window.auto_backup.timer.isActive()


def test_a_damaged_database_found_while_open_can_become_a_new_one_or_be_left_on_quit(
    qtbot: QtBot, damaged_store: Store, paths: Paths, settings: QSettings
) -> None:
    window = shown_window(qtbot, damaged_store, settings)
    damaged = paths.database.read_bytes()
    quits: list[bool] = []
    seen: dict[str, object] = {"store": damaged_store, "database": paths.database}
    watch = HealthWatch(window, paths, quit=lambda: quits.append(True))
    answer_damage_dialog(Choice.QUIT, seen)

    with qtbot.waitSignal(watch.finished, timeout=30000) as finished:
        watch.start()

    assert finished.args[1] is Choice.QUIT and quits == [True]
    assert paths.database.read_bytes() == damaged  # quit leaves every file as it was
    assert not list(paths.data_dir.glob("pursuits.sqlite3.damaged-*"))
    with pytest.raises(StoreError):
        damaged_store.pursuit_count()  # still closed: nothing writes until the app is gone

    # Had the seller chosen a new database instead:
    damaged_store.reopen()
    watch = HealthWatch(window, paths, quit=lambda: quits.append(True))
    answer_damage_dialog(Choice.NEW_DATABASE, seen)
    with qtbot.waitSignal(watch.finished, timeout=30000):
        watch.start()
    assert damaged_store.pursuit_count() == 0
    assert window.welcome.isVisible()
    kept = list(paths.data_dir.glob("pursuits.sqlite3.damaged-*[0-9]"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert quits == [True]


def test_a_healthy_database_is_checked_in_the_background_without_a_word(
    qtbot: QtBot, store: Store, paths: Paths, settings: QSettings
) -> None:
    build_dataset(store, 20)
    window = shown_window(qtbot, store, settings)
    watch = HealthWatch(window, paths, ask=lambda _damage: pytest.fail("asked"))
    with qtbot.waitSignal(watch.finished, timeout=30000) as finished:
        watch.start()
    assert finished.args == [None, None]
    assert not store.suspended


def test_closing_the_window_stops_the_check(
    qtbot: QtBot, damaged_store: Store, paths: Paths, settings: QSettings
) -> None:
    window = shown_window(qtbot, damaged_store, settings)
    watch = HealthWatch(window, paths, ask=lambda _damage: pytest.fail("asked after closing"))
    job = watch.start()
    window.close()
    qtbot.wait(50)  # let a late report arrive, if there were one
    assert job.cancellation.cancelled
    assert window.auto_backup.worker.pool.activeThreadCount() == 0
    assert not damaged_store.suspended


def test_a_database_held_by_another_program_is_not_taken_for_damage(
    qtbot: QtBot,
    store: Store,
    paths: Paths,
    settings: QSettings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from fault_tools import exclusive_lock

    store.create_pursuit("Kept")
    window = shown_window(qtbot, store, settings)
    store.engine.dispose()  # no connection of ours while the other program takes the file
    watch = HealthWatch(window, paths, ask=lambda _damage: pytest.fail("asked"))
    finished: list[object] = []
    watch.finished.connect(lambda *args: finished.append(args))
    with exclusive_lock(paths.database), caplog.at_level("WARNING", "pursuit_journey"):
        watch.start()
        qtbot.waitUntil(lambda: "could not run" in caplog.text, timeout=30000)
    assert "in use by another program" in caplog.text
    assert finished == [] and not store.suspended
    assert not list(paths.data_dir.glob("*.damaged-*"))
    assert [s.name for s in store.pursuit_summaries()] == ["Kept"]
