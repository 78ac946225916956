"""The full ``integrity_check`` of the open database, run once the window is up, off the GUI
thread; when it finds damage, the store is closed and the seller is offered what start-up
offers: the newest good backup, a new empty database, or quit.

Start-up decides on the quick check alone (``store.health.diagnose``: header, size, schema
revision — milliseconds at any size); the full check reads every page, which takes seconds on
a big database, so it runs in the same worker lane as the backups (never two at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...paths import Paths
from ...store.backup import BackupError
from ...store.cancel import Cancellation, Cancelled
from ...store.errors import StoreError
from ...store.health import Choice, Damage, diagnose_thoroughly, recover
from ...store.schema import SchemaError
from ..background import Job
from ..messages import show_error
from .backup_dialogs import ask_about_damage, when_text

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger("pursuit_journey")

CLOSED_FOR_REPAIR = (
    "The database is closed because it is damaged; nothing was saved. "
    "Choose in the message what to do."
)


def quit_application() -> None:
    """Leave the event loop at once: the window's close handling would try to save into the
    damaged file."""
    QCoreApplication.exit(0)


class HealthWatch(QObject):
    """Runs ``diagnose_thoroughly`` in the window's worker lane and handles what it finds.

    ``ask`` shows the choice (the damage dialog by default); ``quit`` ends the app when the
    seller chooses Quit or the way out fails.
    """

    # After the check and any recovery: the Damage found (None when healthy), and the choice
    # made (None when there was nothing to choose). Not emitted when the check was stopped.
    finished = Signal(object, object)

    def __init__(
        self,
        window: MainWindow,
        paths: Paths,
        *,
        ask: Callable[[Damage], Choice] | None = None,
        quit: Callable[[], None] = quit_application,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = paths.database
        self.backups_dir = paths.backups_dir
        self.ask = ask or (lambda damage: ask_about_damage(damage, window, while_open=True))
        self.quit = quit

    def start(self) -> Job:
        database, folder = self.database, self.backups_dir

        def work(cancel: Cancellation) -> Damage | None:  # in the worker thread
            return diagnose_thoroughly(database, folder, cancel)

        return self.window.auto_backup.worker.submit(Job("health", work, self._checked))

    def _checked(self, damage: Damage | None, error: Exception | None) -> None:
        if isinstance(error, Cancelled):
            return  # the window is closing, or a restore replaces the file
        if isinstance(error, (OSError, StoreError)):  # in use, unreadable: no verdict, no damage
            log.warning("The full check of the database could not run: %s", error)
            return
        if error is not None:
            raise error  # a bug: the exception hook logs it and tells the seller
        if not self.window.isVisible():
            return  # the window closed meanwhile; the next start checks again
        if damage is None:
            log.info("The database passed its full integrity check")
            self.finished.emit(None, None)
            return
        self._handle(damage)

    def _handle(self, damage: Damage) -> None:
        window, store, auto = self.window, self.window.store, self.window.auto_backup
        log.error(
            "The open database failed its full check (%s): %s",
            damage.health.problem,
            damage.health.detail,
        )
        auto.pause()  # no copy may be reading the file when it is closed and moved
        store.suspend(CLOSED_FOR_REPAIR)
        choice = self.ask(damage)
        if choice is Choice.QUIT:
            log.warning("The damaged database was left as it is; the app quits")
            self.finished.emit(damage, choice)
            self.quit()
            return
        try:
            kept = recover(damage, choice)
            store.reopen()
        except (BackupError, SchemaError, StoreError, OSError) as error:
            log.error("Recovery from the damaged database failed: %s", error)
            show_error(
                window,
                "The database could not be repaired",
                f"{error}\n\nPursuit Journey will close now. Your damaged database and your "
                f"backups are left as they are, in {self.database.parent}.",
            )
            self.finished.emit(damage, choice)
            self.quit()
            return
        log.warning("The damaged database was kept as %s; chosen: %s", kept, choice.value)
        window.undo_stack.clear()  # its steps refer to the damaged file's data
        window.refresh()
        auto.resume()
        if choice is Choice.RESTORE_BACKUP and damage.backup is not None:
            done = f"Restored the backup from {when_text(damage.backup.taken_at)}."
        else:
            done = "Started a new empty database."
        kept_name = kept.name if kept is not None else ""
        window.statusBar().showMessage(f"{done} The damaged file is kept as {kept_name}.")
        self.finished.emit(damage, choice)


def watch_database_health(window: MainWindow, paths: Paths) -> HealthWatch:
    """The entry point for start-up: call it right after ``window.show()`` (and before
    ``schedule_first_backup``, so the check runs before the day's first backup). The check
    starts once the event loop runs; the watch lives as long as the window."""
    watch = HealthWatch(window, paths)
    QTimer.singleShot(0, watch.start)
    return watch
