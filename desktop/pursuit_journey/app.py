"""Bootstrap: paths, the Qt application, the store, the main window."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from . import APP_ID, APP_NAME, ORGANIZATION, __version__
from .paths import Paths, default_paths
from .resources_access import icon_path

if TYPE_CHECKING:
    from .store.deferred import DeferredStore
    from .store.health import Choice, Damage
    from .store.repository import Store
    from .ui.single_instance import LockFileError, SingleInstance

log = logging.getLogger("pursuit_journey")


class Application(QApplication):
    """The app, receiving the files the desktop asks it to open: macOS sends a QFileOpenEvent to
    the application, not arguments, when a .pursuit file is double-clicked.

    Handled in ``event()``, which sees only the application's own events; an event filter on the
    application would see every event of every widget, through Python, for the app's lifetime."""

    filesOpened = Signal(list)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():
                self.filesOpened.emit([event.file()])
            return True
        return super().event(event)


def make_application(argv: Sequence[str]) -> Application:
    app = QApplication.instance()
    if app is None:
        app = Application(list(argv))
    if not isinstance(app, Application):
        raise RuntimeError(f"Another QApplication ({type(app).__name__}) already runs.")
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(icon_path())))
    return app


def open_settings(paths: Paths) -> QSettings:
    _create_private(paths.settings_file)  # QSettings keeps an existing file's mode
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def _create_private(path: Path) -> None:
    """Create ``path`` empty, mode 0600, unless it exists (a read-only folder: left alone)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return  # it exists, or it cannot be made: whoever writes it next reports that
    os.close(fd)


def _fatal(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # only when something went wrong

    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


class LogFile(logging.FileHandler):
    """The log beside the data; when it cannot be written (a read-only folder, a full disk),
    one line on stderr says so and the log goes to stderr from then on, never a traceback."""

    def __init__(self, path: Path) -> None:
        _create_private(path)
        super().__init__(path, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is None:  # opened at the first record: FileHandler would raise
            try:
                self.stream = self._open()
            except OSError as error:
                self._falls_back(error)
        super().emit(record)

    def _falls_back(self, error: BaseException | None) -> bool:
        if error is None or self.stream is sys.stderr:
            return False
        reason = getattr(error, "strerror", None) or error
        print(
            f"{APP_NAME}: cannot write the log {self.baseFilename} ({reason}); "
            "logging here instead.",
            file=sys.stderr,
            flush=True,
        )
        if self.stream is not None:
            with contextlib.suppress(OSError):  # its buffer cannot be written either
                self.stream.close()
        self.stream = sys.stderr  # type: ignore[assignment]  # any text stream will do
        return True

    def handleError(self, record: logging.LogRecord) -> None:
        if self._falls_back(sys.exc_info()[1]):
            super().emit(record)  # the record that failed, now on stderr

    def close(self) -> None:
        if self.stream is sys.stderr:
            self.stream = None  # never close the process's stderr
        super().close()


def install_exception_hook(log_file: Path) -> None:
    """Log unexpected errors to a file beside the data and tell the seller in a short dialog."""
    handler = LogFile(log_file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
        sys.__excepthook__(kind, error, tb)
        if QApplication.instance() is not None:
            _fatal(
                "Something went wrong",
                f"An unexpected error happened: {error}\n\nYour saved notes are safe. "
                f"The details are in {log_file}.",
            )

    sys.excepthook = hook


def open_store(paths: Paths, ask: Callable[[Damage], Choice]) -> Store | None:
    """Check the database before opening it; on damage, ``ask`` the seller what to do.

    Returns the open store, or None when the seller chose to quit (every file left as it was).
    A damaged file is moved aside, never overwritten. Raises SchemaError/StoreError/BackupError
    when even the chosen way out fails.
    """
    from .store.health import Choice, diagnose, recover
    from .store.repository import Store

    damage = diagnose(paths.database, paths.backups_dir)
    if damage is not None:
        log.warning("Database unusable (%s): %s", damage.health.problem, damage.health.detail)
        choice = ask(damage)
        if choice is Choice.QUIT:
            return None
        kept = recover(damage, choice)
        log.warning("The unusable database was kept as %s; chosen: %s", kept, choice.value)
    return Store.open(paths.database, paths.backups_dir)


def open_store_for_window(
    paths: Paths, ask: Callable[[Damage], Choice], server: str | None = None
) -> Store | DeferredStore | None:
    """The store for the window: deferred (loaded after the first paint) when the file is
    healthy and at this version's schema, else opened now (new file, migration, recovery).

    With ``server`` (a PostgreSQL URL) the server's store: deferred too when the server answers
    at once with this version's schema (its first picture read in one round trip,
    ``store.deferred_server``), else opened now. Raises ServerUnavailable when the server
    cannot be used."""
    if server:
        from .store.deferred_server import open_quick
        from .store.server_link import open_server_store
        from .ui.main_window import MOMENTUM_VIEW_FROM
        from .ui.window_layout import WindowLayout

        view = WindowLayout(open_settings(paths)).view()  # only that view's rows are read

        def load() -> Store:
            return open_server_store(server)

        quick = open_quick(server, load, view=view, board_from=MOMENTUM_VIEW_FROM)
        if quick is not None:
            return quick
        return open_server_store(server)
    from .store.deferred import DeferredStore
    from .store.health import diagnose
    from .store.schema import HEAD_REVISION, SchemaError, stored_revision

    if paths.database.exists() and diagnose(paths.database, paths.backups_dir) is None:
        try:
            current = stored_revision(paths.database)
        except SchemaError:
            current = None
        if current == HEAD_REVISION:
            return DeferredStore(
                paths.database, paths.backups_dir, lambda: open_store(paths, ask) or _no_store()
            )
    return open_store(paths, ask)


def _lock_file_fault(error: LockFileError, paths: Paths) -> tuple[str, str]:
    """The title and text for a lock file that could not be written (not a read-only folder)."""
    from .store.errors import LOW_SPACE_BYTES

    try:
        free = shutil.disk_usage(paths.data_dir).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE_BYTES:
        return (
            "The disk is full",
            f"The disk is full: {APP_NAME} cannot write even its small lock file in "
            f"{paths.data_dir}. Your pursuits are intact. Free some space on that disk "
            f"(empty the trash, move large files elsewhere), then start {APP_NAME} again.",
        )
    return (
        "Cannot start",
        f"{error}\n\nCheck that the data folder {paths.data_dir} can be written, then start "
        f"{APP_NAME} again.",
    )


def _no_store() -> Store:
    raise OSError("The database was closed while the app started.")


def report_start_up(window: QWidget, stage: str, then: Callable[[], None] | None = None) -> None:
    """Run ``then`` once ``window`` has painted; with PURSUIT_JOURNEY_BENCH_EXIT set, also print
    ``<stage> <peak RSS KiB>`` (for the benchmark) and quit after the "ready" stage."""
    benchmark = bool(os.environ.get("PURSUIT_JOURNEY_BENCH_EXIT"))
    if stage == "ready":
        if benchmark:
            _report(stage)
            QApplication.instance().quit()
        return
    watcher = _FirstPaint(window, stage if benchmark else None, then)
    window.installEventFilter(watcher)


def _report(stage: str) -> None:
    print(stage, peak_rss_kib(), flush=True)


def peak_rss_kib() -> int:
    """This process's peak resident memory. Linux's VmHWM, not getrusage: a child started
    from a big process inherits the parent's ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, stage: str | None, then: Callable[[], None] | None) -> None:
        super().__init__(window)
        self._stage = stage
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self._stage:
                QTimer.singleShot(0, lambda: _report(self._stage or ""))
            if self._then is not None:
                QTimer.singleShot(0, self._then)
        return False


def absolute_files(files: Sequence[str]) -> list[str]:
    """File arguments made absolute: a running instance has its own working directory."""
    return [str(Path(name).expanduser().absolute()) for name in files]


def run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    paths = default_paths(args.data_dir)
    app = make_application(argv)
    database_url: str | None = getattr(args, "database", None)
    if database_url is not None:
        from .store.errors import InvalidInput
        from .store.server_link import check_url

        try:
            database_url = check_url(database_url)
        except InvalidInput as error:
            _fatal("Cannot use that server", str(error))
            return 2
    try:
        paths.ensure()
    except OSError as error:
        try:
            readable = paths.database.is_file()
        except OSError:  # a folder it may not even look into
            readable = False
        if not readable:  # nothing to read: a read-only start would show nothing
            _fatal(
                "Cannot use the data folder",
                f"{APP_NAME} cannot write to {error.filename or paths.data_dir}: "
                f"{error.strerror}.\n\nMake the folder writable, or start the app with "
                "--data-dir pointing to a folder you can write to.",
            )
            return 2
        # A read-only folder with a database in it (a share, a USB stick): opened read-only.

    from .ui.single_instance import HandOver, LockFileError, SingleInstance

    files = absolute_files(getattr(args, "files", None) or [])
    instance = SingleInstance(paths.data_dir)
    try:
        # Listening starts after the first paint (a second launch retries until then).
        if not instance.acquire(listen=False):
            outcome = instance.hand_over(files)
            if outcome == HandOver.DELIVERED:
                return 0  # the running window shows itself and opens the files
            if outcome == HandOver.UNACKNOWLEDGED or not instance.acquire(listen=False):
                _fatal(
                    f"{APP_NAME} is already running",
                    f"{APP_NAME} is already open with the data folder {paths.data_dir}, "
                    "but it does not answer. Switch to its window, or close it and try again.",
                )
                return 4
    except LockFileError as error:
        if not error.read_only:
            fault = _lock_file_fault(error, paths)
            _fatal(fault[0], fault[1])
            return 3
        # A read-only folder: no second instance can write either; the store opens read-only.
    handed_over: list[str] = []  # files of a second launch while this one is starting
    instance.filesReceived.connect(handed_over.extend)
    app.filesOpened.connect(handed_over.extend)  # macOS Finder sends double-clicked files so
    install_exception_hook(paths.log_file)

    def ask_about_damage(damage: Damage) -> Choice:
        from .ui.backup.backup_dialogs import ask_about_damage as ask  # dialogs only when damaged

        return ask(damage)

    from .ui.window_layout import saved_server

    settings = open_settings(paths)
    chosen = saved_server(settings)
    server = database_url if database_url is not None else chosen
    try:
        while True:
            code, restart = _run_window(
                app, paths, settings, server, instance, files, handed_over, ask_about_damage
            )
            if not restart:
                return code
            files = []  # handed to the first window already
            now_chosen = saved_server(settings)
            if now_chosen != chosen:  # Preferences ▸ Data or a move: the seller's new choice
                chosen = server = now_chosen
    finally:
        instance.release()


def _route(signal: Any, slot: Callable[..., Any]) -> None:
    """``signal`` connected to ``slot`` alone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nothing was connected yet
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect()
    signal.connect(slot)


def _run_window(
    app: Application,
    paths: Paths,
    settings: QSettings,
    server: str,
    instance: SingleInstance,
    files: list[str],
    handed_over: list[str],
    ask_about_damage: Callable[[Damage], Choice],
) -> tuple[int, bool]:
    """Open the store (this computer's file, or the ``server``), show the window and run it;
    returns the exit code, and whether the seller asked to start again on other data."""
    from .store.backup import BackupError
    from .store.deferred import DeferredStore
    from .store.errors import DiskFull, InUse, InvalidInput, StoreError
    from .store.schema import SchemaError
    from .store.server_link import ServerUnavailable

    _route(instance.filesReceived, handed_over.extend)
    _route(app.filesOpened, handed_over.extend)
    while True:
        away: ServerAway | None = None
        try:
            store = open_store_for_window(paths, ask_about_damage, server or None)
        except InvalidInput as error:  # a server address that cannot be used (settings.ini)
            log.warning("The server address cannot be used: %s", error)
            _inform(
                "The shared server cannot be used",
                f"{error}\n\n{APP_NAME} opens the pursuits on this computer instead. Correct "
                "the server in Edit ▸ Preferences ▸ Data.",
            )
            server = ""
            continue
        except ServerUnavailable as error:
            from .store.transfer import SERVER_COPY_NAME

            log.warning("The shared server is away: %s", error)
            away = ServerAway(server, str(error), paths.data_dir / SERVER_COPY_NAME)
            copy = away.open_copy()
            if copy is None:
                from .ui.messages import ask_try_again

                if ask_try_again(None, "The shared server cannot be reached", away.no_copy_text()):
                    continue
                return 0, False
            store = copy
        except InUse as error:
            log.warning("The database is in use by another program: %s", error)
            from .ui.messages import ask_try_again

            if ask_try_again(None, "The database is in use", str(error)):
                continue
            return 0, False
        except DiskFull as error:
            log.warning("The disk is full: %s", error)
            _fatal("The disk is full", str(error))
            return 3, False
        except (SchemaError, StoreError, BackupError, OSError) as error:
            _fatal("Cannot open the database", str(error))
            return 3, False
        break
    if store is None:
        return 0, False
    if away is not None:
        _inform("The shared server is away", away.opened_text())

    from .ui.main_window import MainWindow

    window = MainWindow(store, settings, data_dir=paths.data_dir)
    restart = False

    def start_again() -> None:
        nonlocal restart
        if window.close():  # the seller may keep the window for edits not yet saved
            restart = True
            app.exit(0)

    window.restartRequested.connect(start_again)
    if away is not None:  # the copy is the backup: nothing newer to keep until the server is back
        window.backup_action.setEnabled(False)

    def receive(received: list[str]) -> None:
        window.bring_to_front()
        window.open_files(received)

    def finish_loading() -> None:
        """After the first paint: load the store, fill the form, then the background work."""
        instance.listen()  # files from a second launch arrive through handed_over until loaded
        if isinstance(store, DeferredStore):
            try:
                store.load()
            except (SchemaError, StoreError, OSError) as error:
                _fatal("Cannot open the database", str(error))
                app.exit(3)
                return
            window.store_loaded()
        window.build_rest()
        _route(instance.filesReceived, receive)  # from now on the window takes them itself
        _route(app.filesOpened, receive)
        from .ui.backup.backup_dialogs import schedule_first_backup
        from .ui.backup.health_watch import watch_database_health

        if not store.shared and away is None:  # SQLite's full check is for this computer's file
            watch_database_health(window, paths)  # the full integrity check, in the background
        if store.read_only_reason is None:  # a read-only folder takes no backup either
            schedule_first_backup(window.auto_backup)  # same worker: it runs after the check
        if away is not None:
            from .ui.server_retry import ServerRetry

            watch = ServerRetry(away.url, window)
            watch.answered.connect(window.offer_server_again)
            watch.start()
        if files or handed_over:
            window.open_files(files + handed_over)
            handed_over.clear()
        report_start_up(window, "ready")

    if store.read_only_reason is not None:
        log.warning("Opened read-only: %s", store.read_only_reason)
        window.show_read_only(store.read_only_reason)
    window.show()
    report_start_up(window, "painted", then=finish_loading)
    try:
        code = app.exec()
    finally:
        store.close()
    if restart:
        window.deleteLater()
    return code, restart


def _inform(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


class ServerAway:
    """The shared server could not be reached at start: why, and the local copy of its
    pursuits (written by Back Up Now and the periodic backup) opened read-only instead."""

    def __init__(self, url: str, cause: str, copy: Path) -> None:
        self.url = url
        self.cause = cause
        self.copy = copy
        self.saved_at: datetime | None = None

    def open_copy(self) -> Store | None:
        """The copy, opened read-only with a reason that names the server, why it is away and
        when the copy was saved; None when there is none (or it cannot be read)."""
        from .store.errors import StoreError
        from .store.repository import Store
        from .store.schema import HEAD_REVISION, SchemaError, stored_revision

        try:
            self.saved_at = datetime.fromtimestamp(self.copy.stat().st_mtime)
        except OSError:
            return None
        try:
            if stored_revision(self.copy) != HEAD_REVISION:  # saved by an earlier version
                Store.open(self.copy).close()  # brought up to date, as any database is
            store = Store.open(self.copy, read_only=True)
        except (StoreError, SchemaError, OSError) as error:
            log.warning("The local copy %s cannot be opened: %s", self.copy, error)
            return None
        store.read_only_reason = self.banner_text()
        return store

    def _when(self) -> str:
        from .ui.backup.backup_dialogs import when_text

        return when_text(self.saved_at) if self.saved_at is not None else "an unknown date"

    def banner_text(self) -> str:
        return (
            f"{self.cause} Showing the copy saved on this computer on {self._when()}: you can "
            "read and print your pursuits; edits resume when the server answers."
        )

    def opened_text(self) -> str:
        return (
            f"{self.cause}\n\n{APP_NAME} opens the copy of the server's pursuits saved on this "
            f"computer on {self._when()}, read-only: you can read them and print sheets. It "
            "keeps trying the server and offers to use it again when it answers."
        )

    def no_copy_text(self) -> str:
        return (
            f"{self.cause}\n\nThere is no copy of the server's pursuits on this computer to "
            f"open instead ({APP_NAME} saves one while you work on the server). Try again once "
            "the server answers, or quit."
        )
