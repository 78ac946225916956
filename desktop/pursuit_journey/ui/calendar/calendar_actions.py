"""The window's calendar actions: "Add to Calendar…" for a step (File menu, the line's context
menu, the prep form), the calendar feed kept up to date (Preferences), and File ▸ Import
Meetings from Calendar….

The main window makes one ``CalendarActions`` and hands it the step a request is for; all else
lives here. The icalendar library loads on first use, not at start-up.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSettings,
    QThreadPool,
    QTimer,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu

from ...domain.wording import counted
from ...store.errors import StoreError
from ..file_actions import FileActions
from ..messages import show_error

if TYPE_CHECKING:
    from ...store.protocol import StoreLike
    from ..main_window import MainWindow

ICS_SUFFIX = ".ics"
ICS_FILTER = "Calendar files (*.ics)"
FEED_SETTING = "calendar/keepPlannedStepsFile"
FEED_DELAY_MS = 1500  # changes in a burst (typing, an import) rewrite the file once


def seller_zone() -> ZoneInfo | None:
    """The computer's time zone as a calendar names it (IANA), or None: then UTC is written."""
    from ...store.calendar_export import zone_named

    return zone_named(bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace"))


def feed_wanted(settings: QSettings) -> bool:
    return str(settings.value(FEED_SETTING, False)).lower() in ("true", "1")


class CalendarFeed(QObject):
    """``planned-steps.ics`` in the data folder, rewritten (atomically) shortly after every
    change the store commits while the seller keeps it.

    A change costs the save one call to ``schedule`` (a timer restarted). When the changes
    pause, the planned steps are read on the GUI thread (about 0.1 s for 1,700 of them) and
    turned into the file on a worker thread (icalendar takes about 0.7 s for as many): the
    window keeps answering. Writes run one at a time, and one made stale by a newer change is
    skipped."""

    written = Signal(object)  # None, or the message of a failed write (GUI thread)
    _finished = Signal(int, object)  # generation, error message or None (from the worker)

    def __init__(
        self,
        store: StoreLike,
        settings: QSettings,
        parent: QObject | None = None,
        folder: Path | None = None,
    ) -> None:
        """``folder``: the data folder (a server store has no file to put the feed beside)."""
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.folder = folder
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FEED_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.listening = False
        self.last_error: str | None = None
        self.writes = 0
        self._generation = 0
        self._finished.connect(self._report)

    @property
    def path(self) -> Path:
        from ...store.calendar_export import FEED_FILE_NAME

        if self.folder is not None:
            return self.folder / FEED_FILE_NAME
        return Path(self.store.database).parent / FEED_FILE_NAME

    @property
    def enabled(self) -> bool:
        return feed_wanted(self.settings)

    def start(self) -> None:
        """Once the store has loaded: listen for changes, and bring the file up to date."""
        if self.enabled:
            self._listen()
            self.write_now()

    def set_enabled(self, wanted: bool) -> None:
        self.settings.setValue(FEED_SETTING, wanted)
        self.settings.sync()
        if wanted:
            self._listen()
            self.write_now()
            return
        self.timer.stop()
        if self.listening:
            self.store.change_listeners.remove(self.schedule)
            self.listening = False
        self._generation += 1  # a write under way is now stale
        self.pool.waitForDone()
        # A stale file would show steps as planned that are not any more.
        self.path.unlink(missing_ok=True)

    def _listen(self) -> None:
        if not self.listening:
            self.store.change_listeners.append(self.schedule)
            self.listening = True

    def schedule(self) -> None:
        self.timer.start()

    def write_now(self) -> None:
        """Read the planned steps now and write the file on the worker (if it changed)."""
        from ...store.calendar_export import feed_contexts

        self.timer.stop()
        try:
            contexts = feed_contexts(self.store)
        except StoreError as error:
            self._report(self._generation, str(error))
            return
        self._generation += 1
        generation, path, zone = self._generation, self.path, seller_zone()

        def work() -> None:
            from ...store.calendar_export import calendar_of, feed_name, write_atomically

            if generation != self._generation:
                return  # a newer change has its own write queued
            error: str | None = None
            try:
                data = calendar_of(contexts, zone, name=feed_name())
                try:
                    unchanged = path.read_bytes() == data
                except OSError:
                    unchanged = False
                if not unchanged and generation == self._generation:
                    write_atomically(path, data)
                    self.writes += 1
            except Exception as failure:
                error = str(failure)
            with contextlib.suppress(RuntimeError):  # the window is gone
                self._finished.emit(generation, error)

        self.pool.start(work)

    def wait(self) -> None:
        """Until the writes given so far are done (closing, tests)."""
        self.pool.waitForDone()
        QCoreApplication.sendPostedEvents(self)

    def _report(self, _generation: int, error: object) -> None:
        self.last_error = (
            None if error is None else f"The calendar file {self.path} was not updated: {error}"
        )
        if self.last_error is not None:
            window = self.parent()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.last_error, 8000)
        self.written.emit(self.last_error)


class CalendarActions(FileActions):
    """Made with the window: adds its actions to the File menu (with the file imports and
    exports)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(
            window.store, window, lambda message: window.statusBar().showMessage(message, 6000)
        )
        self.window = window
        self.add_action = QAction("Add to &Calendar…", window)
        self.add_action.setToolTip("Write the selected step as a calendar event (.ics)")
        self.add_action.triggered.connect(self.add_current_step)
        self.import_action = QAction("Import &Meetings from Calendar…", window)
        self.import_action.setToolTip("Bring meetings in from an .ics file as steps")
        self.import_action.triggered.connect(self.choose_and_import)
        self.feed = CalendarFeed(window.store, window.settings, window, window.data_dir)
        self._insert_in_file_menu([self.add_action, self.import_action])

    def _insert_in_file_menu(self, actions: list[QAction]) -> None:
        anchor = self.window.export_action
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()
            if isinstance(menu, QMenu) and anchor in menu.actions():
                # At the end of the group of file imports and exports (before its separator).
                following = menu.actions()[menu.actions().index(anchor) + 1 :]
                before = next((action for action in following if action.isSeparator()), None)
                menu.insertActions(before, actions)  # type: ignore[arg-type]
                return

    def add_current_step(self) -> None:
        step_id = self.window.current_step_id()
        if step_id is None:
            self.status("Select a step first: each event is one step.")
            return
        self.add_step(step_id)

    def add_step(self, step_id: int) -> Path | None:
        """Ask where, then write the step as one event; returns the file, or None."""
        from ...store.calendar_export import CalendarExportError, event_title, step_calendar

        if not self.window._flush_edits():  # the event shows what was typed
            return None
        try:
            data = step_calendar(self.store, step_id, seller_zone())
            [context] = self.store.steps_in_context([step_id])
        except (CalendarExportError, StoreError) as error:
            show_error(self.window, "Not added to the calendar", str(error))
            return None
        path = self.ask_save_path("Add to Calendar", event_title(context), ICS_SUFFIX, ICS_FILTER)
        if path is None:
            return None
        from ..exchange_actions import save_atomically

        try:
            save_atomically(path, data)
        except StoreError as error:
            show_error(self.window, "Not added to the calendar", str(error))
            return None
        self.report_saved(
            f"Wrote {path}: open it with your calendar to add the event (again: it updates it)",
            path,
        )
        return path

    # ---- meetings from the calendar -------------------------------------------------------

    def choose_and_import(self) -> int | None:
        from ..file_actions import documents_folder

        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            "Import Meetings from Calendar",
            str(documents_folder()),
            f"{ICS_FILTER};;All files (*)",
        )
        return self.import_file(Path(chosen)) if chosen else None

    def import_file(self, path: Path) -> int | None:
        """List the meetings of ``path`` for the seller to choose; import those chosen as one
        undoable step. Returns how many were imported, or None (the seller was told why)."""
        from ...store.calendar_import import (
            MAX_FILE_BYTES,
            CalendarImportError,
            calendar_owners,
        )
        from .calendar_import_dialog import ImportMeetings, ImportMeetingsDialog

        title = "Meetings not imported"
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:  # refused before reading it into memory
                raise CalendarImportError(
                    f"The file is {size / 1024 / 1024:.1f} MB; calendar files up to "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB are read. Export a shorter range "
                    "from your calendar."
                )
            data = path.read_bytes()
            if not self.window._flush_edits():
                return None
            directory, steps = self.store.meeting_directory()
        except (OSError, StoreError) as error:
            message = error.strerror if isinstance(error, OSError) else str(error)
            show_error(self.window, title, f"{path.name}: {message}\n\nNothing was changed.")
            return None
        dialog = ImportMeetingsDialog(
            path.name, data, directory, steps, self.store.today(), seller_zone(), self.window
        )
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choices = dialog.choices()
            owners = calendar_owners(dialog.meetings)
        finally:
            dialog.deleteLater()
        if not choices:
            return None
        try:
            result = self.store.import_meetings(choices, not_people=owners)
        except StoreError as error:
            show_error(self.window, title, f"{error}\n\nNothing was changed.")
            return None
        self.window.undo_stack.push(
            ImportMeetings(
                self.store,
                result,
                owners,
                applied=self._imported,
                failed=lambda error: show_error(self.window, title, str(error)),
            )
        )
        self._imported()
        updated = len(result.moved_steps)
        self.status(
            f"Imported {counted(len(result.created_steps), 'meeting')} from {path.name}"
            + (f"; {counted(updated, 'step')} moved to the calendar's date" if updated else "")
        )
        return result.count

    def _imported(self) -> None:
        self.window.refresh(select_id=self.window.current_pursuit_id())
