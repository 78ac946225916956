"""Backups in the worker thread: the window keeps answering, one backup at a time, and closing
the window while one runs leaves only verified backups. Real files, real threads."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.bench.dataset import build_dataset
from pursuit_journey.paths import Paths
from pursuit_journey.store import backup as backup_module
from pursuit_journey.store.backup import PARTIAL_SUFFIX, list_backups
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.backup import backup_dialogs
from pursuit_journey.ui.backup.backup_dialogs import AutoBackup

GATE_TIMEOUT_S = 20  # only a fail-safe: a gate that is never opened fails the test, not hangs it


@pytest.fixture
def larger_store(store: Store) -> Store:
    """A database of a few megabytes: realistic pursuits with 25 steps, people and attendees."""
    build_dataset(store, 80)
    return store


def wrap_backup(
    monkeypatch: pytest.MonkeyPatch, around: Callable[[Callable[..., Path], Any, Any], Path]
) -> None:
    """Run ``around(real_backup_database, args, kwargs)`` in place of each backup the
    AutoBackup starts (the real copy still happens inside)."""
    real = backup_module.backup_database

    def wrapped(*args: Any, **kwargs: Any) -> Path:
        return around(real, args, kwargs)

    monkeypatch.setattr(backup_dialogs, "backup_database", wrapped)


def assert_only_verified_backups(folder: Path) -> None:
    assert not list(folder.glob(f"*{PARTIAL_SUFFIX}"))
    for info in list_backups(folder):
        with closing(sqlite3.connect(info.path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_backup_runs_in_another_thread_while_the_window_answers(
    qtbot: QtBot, larger_store: Store, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    gui_answered = threading.Event()
    threads: list[threading.Thread] = []
    answered_while_running: list[bool] = []

    def around(real: Callable[..., Path], args: Any, kwargs: Any) -> Path:
        threads.append(threading.current_thread())
        started.set()
        path = real(*args, **kwargs)  # the real copy and its verification
        # Only a GUI thread that processes its events can open this gate: on the GUI thread
        # this backup would wait here in vain.
        answered_while_running.append(gui_answered.wait(GATE_TIMEOUT_S))
        return path

    wrap_backup(monkeypatch, around)
    auto = AutoBackup(larger_store)
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: started.is_set() and gui_answered.set())
    ticker.start()

    with qtbot.waitSignal(auto.backedUp, timeout=GATE_TIMEOUT_S * 1000 + 5000) as made:
        assert auto.back_up("manual") is True
    ticker.stop()

    assert threads and threads[0] is not threading.main_thread()
    assert answered_while_running == [True]
    path, reason = made.args
    assert reason == "manual" and [b.path for b in list_backups(paths.backups_dir)] == [path]
    assert_only_verified_backups(paths.backups_dir)
    auto.shut_down()


def test_two_backups_never_run_at_once(
    qtbot: QtBot, larger_store: Store, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = threading.Lock()
    running = [0]
    most_at_once = [0]
    first_started = threading.Event()
    release_first = threading.Event()

    def around(real: Callable[..., Path], args: Any, kwargs: Any) -> Path:
        with lock:
            running[0] += 1
            most_at_once[0] = max(most_at_once[0], running[0])
        try:
            first_started.set()
            assert release_first.wait(GATE_TIMEOUT_S)
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    wrap_backup(monkeypatch, around)
    auto = AutoBackup(larger_store)
    auto.timer.stop()
    made: list[str] = []
    auto.backedUp.connect(lambda _path, reason: made.append(reason))
    larger_store.create_pursuit("Changed since opening")

    assert auto.back_up_if_changed() is True  # the 30-minute backup starts…
    qtbot.waitUntil(first_started.is_set)
    assert auto.back_up("manual") is True  # …Back Up Now waits for it
    assert auto.back_up("manual") is False  # a second click while the first waits: no-op
    assert auto.back_up_if_changed() is False  # the timer again: one is already on its way
    assert auto.back_up_if_due() is False
    release_first.set()
    qtbot.waitUntil(lambda: len(made) == 2, timeout=30000)

    assert made == ["auto", "manual"]
    assert most_at_once == [1]
    assert sorted(b.reason for b in list_backups(paths.backups_dir)) == ["auto", "manual"]
    assert_only_verified_backups(paths.backups_dir)
    auto.shut_down()


def test_closing_while_a_scheduled_backup_runs_stops_it_and_leaves_no_half_copy(
    qtbot: QtBot,
    larger_store: Store,
    paths: Paths,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copying = threading.Event()
    real_copy = backup_module.copy_verified

    def copy_until_stopped(source: Path, target: Path, cancel: Any = None) -> None:
        copying.set()
        # Hold the copy in progress until the window's close asks it to stop.
        while cancel is not None and not cancel.cancelled:
            threading.Event().wait(0.01)
        real_copy(source, target, cancel)

    monkeypatch.setattr(backup_module, "copy_verified", copy_until_stopped)
    window = shown_window(qtbot, larger_store, settings)
    larger_store.create_pursuit("Changed since opening")
    failures: list[str] = []
    window.auto_backup.failed.connect(lambda message, _reason: failures.append(message))

    assert window.auto_backup.back_up_if_changed() is True
    qtbot.waitUntil(copying.is_set)
    window.close()  # returns once the worker has stopped

    assert window.auto_backup.worker.pool.activeThreadCount() == 0
    assert list_backups(paths.backups_dir) == []
    assert list(paths.backups_dir.iterdir()) == []  # not even a temporary file
    assert failures == []  # stopped on purpose is not a failure to report
    assert window.auto_backup.back_up("manual") is False  # nothing starts after closing


def test_closing_while_back_up_now_runs_waits_for_that_backup(
    qtbot: QtBot,
    larger_store: Store,
    paths: Paths,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = threading.Event()
    closing_now = threading.Event()

    def around(real: Callable[..., Path], args: Any, kwargs: Any) -> Path:
        started.set()
        assert closing_now.wait(GATE_TIMEOUT_S)
        return real(*args, **kwargs)

    wrap_backup(monkeypatch, around)
    window = shown_window(qtbot, larger_store, settings)
    window.backup_action.trigger()
    assert window.statusBar().currentMessage() == "Backing up…"
    qtbot.waitUntil(started.is_set)
    closing_now.set()
    window.close()

    assert window.auto_backup.worker.pool.activeThreadCount() == 0
    assert [(b.reason, b.pursuit_count) for b in list_backups(paths.backups_dir)] == [
        ("manual", 80)
    ]
    assert_only_verified_backups(paths.backups_dir)


def test_a_failed_backup_is_said_plainly_for_back_up_now_and_quietly_when_scheduled(
    qtbot: QtBot,
    store: Store,
    paths: Paths,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "pursuit_journey.ui.main_window.show_error", lambda _p, _t, text: shown.append(text)
    )
    window = shown_window(qtbot, store, settings)
    store.create_pursuit("Acme")
    assert not paths.backups_dir.exists()  # made by the first backup
    paths.backups_dir.write_text("a file where the backup folder should be")

    with qtbot.waitSignal(window.auto_backup.failed, timeout=10000):
        window.auto_backup.back_up_if_changed()
    assert shown == []
    assert window.statusBar().currentMessage().startswith("Backup failed: Could not")

    with qtbot.waitSignal(window.auto_backup.failed, timeout=10000):
        window.backup_action.trigger()
    assert len(shown) == 1 and "backup folder" in shown[0]


def test_a_restore_waits_for_a_running_backup(
    qtbot: QtBot,
    larger_store: Store,
    paths: Paths,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pursuit_journey.store.backup import backup_database

    older = backup_database(paths.database, paths.backups_dir, "daily")
    started = threading.Event()
    release = threading.Event()
    finished_before_restore: list[bool] = []

    def around(real: Callable[..., Path], args: Any, kwargs: Any) -> Path:
        started.set()
        assert release.wait(GATE_TIMEOUT_S)
        return real(*args, **kwargs)

    wrap_backup(monkeypatch, around)
    real_restore = larger_store.restore_backup

    def restore(path: Path) -> Path:
        finished_before_restore.append(window.auto_backup.worker.pool.activeThreadCount() == 0)
        return real_restore(path)

    monkeypatch.setattr(larger_store, "restore_backup", restore)
    monkeypatch.setattr(
        "pursuit_journey.ui.backup.backup_dialogs.choose_backup",  # imported when restoring
        lambda _parent, folder: next(b for b in list_backups(folder) if b.path == older),
    )
    window = shown_window(qtbot, larger_store, settings)
    worker = window.auto_backup.worker
    restore_waits = threading.Event()
    real_wait = worker.wait

    def wait() -> None:
        restore_waits.set()
        real_wait()

    monkeypatch.setattr(worker, "wait", wait)
    # The backup may finish only once the restore waits for it (the GUI thread is blocked then).
    opener = threading.Thread(
        target=lambda: restore_waits.wait(GATE_TIMEOUT_S) and release.set(), daemon=True
    )
    opener.start()
    window.backup_action.trigger()
    qtbot.waitUntil(started.is_set)
    window.restore_action.trigger()
    opener.join()

    assert finished_before_restore == [True]
    assert sorted(b.reason for b in list_backups(paths.backups_dir)) == [
        "before-restore",
        "daily",
        "manual",
    ]
    assert_only_verified_backups(paths.backups_dir)
