"""Backups seen from the window: the automatic schedule, Back Up Now, Restore From Backup…, and
the start-up dialog for a damaged database."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.retention import RetentionSettings, settings_from
from ...store.backup import (
    BackupError,
    BackupInfo,
    backup_database,
    backup_is_due,
    list_backups,
    thin_backups,
)
from ...store.cancel import Cancellation, Cancelled
from ...store.errors import StoreError
from ...store.health import Choice, Damage
from ..background import DatabaseWorker, Job
from ..editors import plain_label
from ..screen_fit import fit_to_screen

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.protocol import StoreLike

log = logging.getLogger("pursuit_journey")

AUTO_BACKUP_INTERVAL_MS = 30 * 60 * 1000
# On a server, the local copy is written at start when the last one is older than this.
LOCAL_COPY_DUE_AFTER = timedelta(hours=1)
NO_BACKUP_FOLDER = "This database has no backup folder."

REASON_LABELS = {
    "manual": "Backed up by you",
    "auto": "Automatic, while working",
    "daily": "Automatic, at start-up",
    "before-restore": "Before a restore",
}


def reason_label(reason: str) -> str:
    if reason.startswith("before-migration"):
        return "Before an update of the app"
    return REASON_LABELS.get(reason, reason.replace("-", " ").capitalize())


def when_text(moment: datetime) -> str:
    """A backup's local time, as the seller's locale writes dates (no seconds, no time zone)."""
    locale = QLocale()
    date_part = locale.toString(moment.date(), QLocale.FormatType.LongFormat)
    time_part = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    return f"{date_part}, {time_part}"


def holds_text(count: int | None) -> str:
    if count is None:
        return "cannot be read"
    return "1 pursuit" if count == 1 else f"{count} pursuits"


def retention_settings(settings: QSettings) -> RetentionSettings:
    """The retention rule, overridable in settings.ini under [backups] (keep_all_days, …)."""

    def value(name: str, default: int) -> int:
        return settings.value(f"backups/{name}", default)  # type: ignore[return-value]  # settings_from converts

    return settings_from(value)


class AutoBackup(QObject):
    """Backs up at start-up when the newest backup is a day old, every 30 minutes of use when
    something changed, and on demand; thins old backups after each one.

    The copy, its verification and the thinning run in ``worker`` (a thread of their own), one
    at a time; the result comes back as ``backedUp(path, reason)`` or ``failed(message,
    reason)`` on the GUI thread. ``wait_until_idle`` before anything that replaces the file.
    """

    backedUp = Signal(object, str)  # the new backup's Path, its reason
    failed = Signal(str, str)  # a message for the seller, the reason of the failed backup

    def __init__(
        self,
        store: StoreLike,
        retention: RetentionSettings | None = None,
        interval_ms: int = AUTO_BACKUP_INTERVAL_MS,
        parent: QObject | None = None,
        worker: DatabaseWorker | None = None,
        changes_seen: int | None = None,
        local_copy: Path | None = None,
    ) -> None:
        """``changes_seen``: the store's change count when it was opened (default: now); a
        window that makes this after its first paint passes the count it saw at opening.

        ``local_copy``: on a shared server, whose backups are the server's own, each backup is
        instead a copy of the server's pursuits written there (replacing the last one whole):
        the copy the app opens read-only when the server is away."""
        super().__init__(parent)
        self.store = store
        self.local_copy = local_copy if store.shared else None
        self.retention = retention or RetentionSettings()
        self.worker = worker or DatabaseWorker(self)
        self._saved_change_count = store.change_count if changes_seen is None else changes_seen
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.back_up_if_changed)
        if self._has_somewhere():
            self.timer.start()
        application = QCoreApplication.instance()
        if application is not None:  # also when the app quits without closing the window
            application.aboutToQuit.connect(self.shut_down)

    def back_up(self, reason: str = "manual") -> bool:
        """Start a backup in the background; False when it is not needed because one of the
        same sort is already on its way (a click while the seller's own backup runs, a timer
        while any runs). Its result comes as ``backedUp`` or ``failed``."""
        if self.worker.closed:
            return False  # a timer that fired after the window closed
        manual = reason == "manual"
        waiting = self.worker.pending("backup")
        if (manual and any(not job.stop_on_close for job in waiting)) or (waiting and not manual):
            return False
        folder = self.store.backups_dir
        if (folder is None and self.local_copy is None) or self.store.suspended:
            message = "The database is closed." if self.store.suspended else NO_BACKUP_FOLDER
            self.failed.emit(message, reason)
            return False
        store, local_copy = self.store, self.local_copy
        # A server store has no file (its ``database`` says so): only the local copy is read.
        database = None if local_copy is not None else self.store.database
        retention, count = self.retention, self.store.change_count

        def work(cancel: Cancellation) -> Path:  # in the worker thread
            if local_copy is not None:
                from ...store.transfer import write_local_copy

                cancel.raise_if_cancelled()
                try:  # the store's engine hands this thread a connection of its own
                    write_local_copy(store, local_copy)
                except StoreError as error:
                    raise BackupError(str(error)) from error
                return local_copy
            assert folder is not None and database is not None
            path = backup_database(database, folder, reason, cancel=cancel)
            thin_backups(folder, settings=retention)
            return path

        def done(path: Path | None, error: Exception | None) -> None:  # on the GUI thread
            if isinstance(error, Cancelled):
                log.info("A %s backup was stopped: the window closed", reason)
            elif isinstance(error, (BackupError, OSError)):
                log.warning("The %s backup failed: %s", reason, error)
                self.failed.emit(str(error), reason)
            elif error is not None:
                raise error  # a bug: the exception hook logs it and tells the seller
            else:
                self._saved_change_count = max(self._saved_change_count, count)
                self.backedUp.emit(path, reason)

        self.worker.submit(Job("backup", work, done, stop_on_close=not manual))
        return True

    def _has_somewhere(self) -> bool:
        return self.store.backups_dir is not None or self.local_copy is not None

    def back_up_if_changed(self) -> bool:
        # On a server other computers change the pursuits too: its copy is always refreshed.
        if self.local_copy is None and self.store.change_count == self._saved_change_count:
            return False
        return self.back_up("auto")

    def back_up_if_due(self, now: datetime | None = None) -> bool:
        """The start-up backup: when the newest is a day old (and there is something to keep).
        On a server: when the local copy is missing or an hour old, so that the copy opened
        when the server is away is a recent one."""
        if self.local_copy is not None:
            return self._local_copy_is_due(now or datetime.now()) and self.back_up("daily")
        folder = self.store.backups_dir
        if folder is None or not backup_is_due(folder, now or datetime.now(), timedelta(days=1)):
            return False
        try:
            if self.store.pursuit_count() == 0:
                return False
        except StoreError:
            return False
        return self.back_up("daily")

    def _local_copy_is_due(self, now: datetime) -> bool:
        assert self.local_copy is not None
        try:
            saved = datetime.fromtimestamp(self.local_copy.stat().st_mtime)
        except OSError:
            return True
        return now - saved >= LOCAL_COPY_DUE_AFTER

    def running(self) -> bool:
        return bool(self.worker.pending("backup"))

    def prepare_for_restore(self) -> None:
        """Before a restore replaces the file: let a running backup finish, and stop a full
        check of the file being replaced (the restored copy is verified on its own)."""
        for job in self.worker.pending("health"):
            job.cancellation.cancel()
        self.worker.wait()

    def pause(self) -> None:
        """Stop the schedule and every background job, and wait for them (the file is about to
        be closed or moved)."""
        self.timer.stop()
        self.worker.cancel(everything=True)
        self.worker.wait()

    def resume(self) -> None:
        self._saved_change_count = self.store.change_count
        if self._has_somewhere():
            self.timer.start()

    def shut_down(self) -> None:
        """At close: stop scheduled backups and checks at once (a stopped copy is removed), let
        a backup the seller asked for finish, and wait — so nothing runs once the window is gone."""
        self.timer.stop()
        self.worker.close()


class RestoreDialog(QDialog):
    """Lists the backups, newest first, with their date and what they hold."""

    def __init__(
        self,
        backups: list[BackupInfo],
        parent: QWidget | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore From Backup")
        self.backups = backups
        intro = plain_label(
            "Choose the backup to go back to. Your notes as they are now are backed up first, "
            "so a restore can itself be undone by restoring that backup.",
            self,
        )
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Taken", "Holds", "Kind"])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Backups")
        for info in backups:
            item = QTreeWidgetItem([when_text(info.taken_at), holds_text(info.pursuit_count), ""])
            item.setText(2, reason_label(info.reason))
            if not info.readable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel("There are no backups yet. File ▸ Back Up Now makes one.", self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setVisible(not backups)
        self.list.setVisible(bool(backups))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda *_: self.restore_button.click())
        if backups and backups[0].readable:
            self.list.setCurrentItem(self.list.topLevelItem(0))  # type: ignore[arg-type]  # row 0 exists

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        if folder is not None:  # where they are: said here, not in the status bar
            self.folder = plain_label(f"Backups are kept in {folder}", self, selectable=True)
            self.folder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(self.folder)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 560, 380)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        info = self.backups[self.list.indexOfTopLevelItem(item)]
        return info if info.readable else None


def choose_backup(parent: QWidget, backups_dir: Path) -> BackupInfo | None:
    dialog = RestoreDialog(list_backups(backups_dir), parent, backups_dir)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


class DamagedDatabaseDialog(QMessageBox):
    """Says what is wrong with the database and offers a backup, a new database, or quit."""

    def __init__(
        self, damage: Damage, parent: QWidget | None = None, *, while_open: bool = False
    ) -> None:
        super().__init__(parent)
        self.damage = damage
        self.setIcon(QMessageBox.Icon.Warning)
        explanation = damage.health.problem.explanation if damage.health.problem else ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        if while_open:  # found by the full check that runs after start-up
            self.setWindowTitle("The database is damaged")
            self.setText(
                "Pursuit Journey checked your database after opening it and found it "
                f"damaged:\n{damage.database}\n\n{explanation}\n\n"
                "It has been closed, so that nothing more is written to it."
            )
        else:
            self.setWindowTitle("The database cannot be opened")
            self.setText(
                f"Pursuit Journey cannot open your database:\n{damage.database}\n\n{explanation}"
            )
        kept = f"{damage.database.name}.damaged-<date and time>"
        if damage.backup is not None:
            offer = (
                f"The newest good backup is from {when_text(damage.backup.taken_at)} "
                f"and holds {holds_text(damage.backup.pursuit_count)}.\n\n"
            )
        else:
            offer = "There is no backup that can be opened.\n\n"
        self.setInformativeText(
            offer + f"Either way, the file is not overwritten: it is kept beside it as {kept}. "
            "Quit leaves everything as it is."
        )
        self.setDetailedText(damage.health.detail)
        self.buttons: dict[Choice, QPushButton] = {}  # type: ignore[assignment]  # hides QMessageBox.buttons()
        if damage.backup is not None:
            self.buttons[Choice.RESTORE_BACKUP] = self.addButton(
                "Restore the Backup", QMessageBox.ButtonRole.AcceptRole
            )
        self.buttons[Choice.NEW_DATABASE] = self.addButton(
            "Start a New Empty Database", QMessageBox.ButtonRole.DestructiveRole
        )
        self.buttons[Choice.QUIT] = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        for choice, button in self.buttons.items():
            button.setObjectName(f"choice-{choice.value}")
        self.setDefaultButton(self.buttons.get(Choice.RESTORE_BACKUP, self.buttons[Choice.QUIT]))
        self.setEscapeButton(self.buttons[Choice.QUIT])

    def choice(self) -> Choice:
        clicked = self.clickedButton()
        for choice, button in self.buttons.items():
            if button is clicked:
                return choice
        return Choice.QUIT


def ask_about_damage(
    damage: Damage, parent: QWidget | None = None, while_open: bool = False
) -> Choice:
    dialog = DamagedDatabaseDialog(damage, parent, while_open=while_open)
    dialog.exec()
    return dialog.choice()


def schedule_first_backup(auto: AutoBackup) -> None:
    """The start-up backup runs once the window is on screen (start fast)."""
    QTimer.singleShot(0, auto.back_up_if_due)
