"""File ▸ Move to Shared Server… and File ▸ Save a Local Copy…: this computer's pursuits copied
to a shared server (one transaction; those already there skipped and named), and the server's
pursuits written to a database file this computer opens."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.wording import counted
from ..paths import DATABASE_NAME
from ..store.errors import StoreError
from .file_actions import FileActions
from .kept_heights import plain_label
from .messages import show_error
from .screen_fit import fit_to_screen
from .server_settings import ServerFields
from .window_layout import saved_server

if TYPE_CHECKING:
    from ..store.exchange import AddedPursuits
    from ..store.protocol import StoreLike

T = TypeVar("T")
DATABASE_FILTER = "Pursuit Journey database (*.sqlite3);;All files (*)"
# Pursuits named in a summary; the rest are counted.
NAMES_SHOWN = 10


def names_text(names: tuple[str, ...]) -> str:
    shown = ", ".join(f"“{name}”" for name in names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    return shown + (f" and {rest} more" if rest > 0 else "")


def copied_summary(added: AddedPursuits, where: str) -> str:
    """ "Copied 37 pursuits to …; 2 were already there: …" in plain words."""
    copied = len(added.copied)
    text = (
        f"Copied {counted(copied, 'pursuit')} to the server {where}."
        if copied
        else f"Nothing was copied to the server {where}."
    )
    there = len(added.already_there)
    if there:
        were = "was" if there == 1 else "were"
        text += (
            f" {counted(there, 'pursuit')} {were} already there and left as "
            f"{'it was' if there == 1 else 'they were'}: {names_text(added.already_there)}."
        )
    return text


class MoveToServerDialog(QDialog):
    """Asks for the server to copy this computer's pursuits to."""

    def __init__(self, pursuits: int, server: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to Shared Server")
        intro = plain_label(
            f"Copies the {counted(pursuits, 'pursuit')} on this computer, with their steps, "
            "people, prep and debriefs, to a shared PostgreSQL server, all in one go. Pursuits "
            "already on the server are left as they are. The file on this computer is not "
            "changed.",
            self,
        )
        self.server = ServerFields(self)
        if server:
            self.server.set_url(server)
        self.message = plain_label("", self)
        self.message.setAccessibleName("Problem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.copy_button = buttons.addButton(
            "&Copy to Server", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.server)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, self.sizeHint().height())

    def say(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")


class ServerTransfer(FileActions):
    """The two File menu entries, with their dialogs and summaries."""

    def __init__(
        self,
        store: StoreLike,
        parent: QWidget,
        settings: QSettings,
        status: Callable[[str], None] | None = None,
        switch_to: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(store, parent, status)
        self.settings = settings
        self.switch_to = switch_to or (lambda _url: None)

    # ---- this computer → the server -------------------------------------------------------

    def move_to_server(self) -> AddedPursuits | None:
        """Ask for the server, copy every pursuit there in one transaction, sum it up and offer
        to switch to it. None when nothing was copied (cancelled, or the seller was told why)."""
        from ..store.server_link import server_name

        try:
            count = self.store.pursuit_count()
        except StoreError as error:
            show_error(self.parent, "Move to Shared Server", str(error))
            return None
        dialog = MoveToServerDialog(count, saved_server(self.settings), self.parent)
        try:
            while dialog.exec() == QDialog.DialogCode.Accepted:
                try:
                    url = dialog.server.checked_url()
                    dialog.server.keep_password(url)
                    password = dialog.server.typed_password()
                    added = in_background(
                        dialog,
                        f"Copying {counted(count, 'pursuit')} to the server {server_name(url)}…",
                        functools.partial(self._copy_to, url, password),
                    )
                except StoreError as error:
                    dialog.say(str(error))  # asked again, with everything typed kept
                    continue
                self._offer_switch(url, copied_summary(added, server_name(url)))
                return added
            return None
        finally:
            dialog.deleteLater()

    def _copy_to(self, url: str, password: str | None) -> AddedPursuits:  # in a pool thread
        from ..store.server_link import open_server_store
        from ..store.transfer import copy_pursuits

        server = open_server_store(url, password)
        server.owner = self.store.owner  # the seller's pursuits arrive as theirs: Mine there
        try:
            return copy_pursuits(self.store, server)
        finally:
            server.close()

    def _offer_switch(self, url: str, summary: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Moved to the Shared Server",
            f"{summary}\n\nUse the server from now on? Pursuit Journey then starts again on "
            "it; the file on this computer stays as it is.",
            QMessageBox.StandardButton.NoButton,
            self.parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        switch = box.addButton("Switch to the Server", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Stay on This Computer", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(switch)
        box.exec()
        self.status(summary)
        if box.clickedButton() is switch:
            self.switch_to(url)

    # ---- the server → a file on this computer ---------------------------------------------

    def save_local_copy(self) -> Path | None:
        """Write the server's pursuits to a database file the seller chooses."""
        from ..store.transfer import write_local_copy

        path = self.ask_save_path(
            "Save a Local Copy", DATABASE_NAME.removesuffix(".sqlite3"), ".sqlite3", DATABASE_FILTER
        )
        if path is None:
            return None
        try:
            added = in_background(
                self.parent,
                "Saving a copy of the server's pursuits…",
                lambda: write_local_copy(self.store, path),
            )
        except StoreError as error:
            show_error(self.parent, "Local copy not saved", str(error))
            return None
        self.status(
            f"Saved {counted(len(added.copied), 'pursuit')} to {path}. " + open_copy_hint(path)
        )
        return path


def open_copy_hint(path: Path) -> str:
    """How the seller opens a copy saved at ``path``."""
    if path.name == DATABASE_NAME:
        return f"To open it: pursuit-journey --data-dir “{path.parent}”."
    return (
        f"To open it, name it {DATABASE_NAME} in a folder of its own and start "
        "pursuit-journey --data-dir with that folder."
    )


class _Done(QObject):
    finished = Signal(object, object)  # the result, or None; the error, or None


class _Work(QRunnable):
    def __init__(self, work: Callable[[], Any], done: _Done) -> None:
        super().__init__()
        self.work, self.done = work, done

    def run(self) -> None:  # in a pool thread
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.work()
        except BaseException as failure:  # handed to the GUI thread, which raises it there
            error = failure
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.done.finished.emit(result, error)


def in_background(parent: QWidget, text: str, work: Callable[[], T]) -> T:
    """``work()`` run in a pool thread while a small window says ``text`` (after half a second),
    so the window keeps drawing during a long copy over the network; returns its result or
    raises its error here. ``work`` must make its own connections (each store action does)."""
    done = _Done()
    outcome: list[tuple[Any, BaseException | None]] = []
    loop = QEventLoop()

    def finished(result: Any, error: BaseException | None) -> None:
        outcome.append((result, error))
        loop.quit()

    done.finished.connect(finished)
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setCancelButton(None)  # one transaction: it ends whole or not at all
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)
    progress.setWindowTitle(APP_NAME)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        QThreadPool.globalInstance().start(_Work(work, done))
        if not outcome:
            loop.exec()
    finally:
        QGuiApplication.restoreOverrideCursor()
        progress.close()
        progress.deleteLater()
    result, error = outcome[0]
    if error is not None:
        raise error
    return result
