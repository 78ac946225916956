"""Bootstrap: paths, the Qt application, the store, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from . import APP_ID, APP_NAME, ORGANIZATION, __version__
from .paths import Paths, default_paths
from .resources_access import icon_path

log = logging.getLogger("pursuit_journey")


def make_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(icon_path())))
    return app


def open_settings(paths: Paths) -> QSettings:
    return QSettings(str(paths.settings_file), QSettings.Format.IniFormat)


def _fatal(title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def install_exception_hook(log_file: Path) -> None:
    """Log unexpected errors to a file beside the data and tell the seller in a short dialog."""
    handler = logging.FileHandler(log_file, encoding="utf-8")
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


def run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    if getattr(args, "smoke_test", False):
        from .smoke import smoke_test

        return smoke_test(argv)
    paths = default_paths(args.data_dir)
    app = make_application(argv)
    try:
        paths.ensure()
    except OSError as error:
        _fatal(
            "Cannot use the data folder",
            f"{APP_NAME} cannot write to {error.filename or paths.data_dir}: {error.strerror}.\n\n"
            "Make the folder writable, or start the app with --data-dir pointing to a folder "
            "you can write to.",
        )
        return 2
    install_exception_hook(paths.log_file)

    from .store.errors import StoreError
    from .store.repository import Store
    from .store.schema import SchemaError

    try:
        store = Store.open(paths.database, paths.backups_dir)
    except (SchemaError, StoreError) as error:
        _fatal("Cannot open the database", str(error))
        return 3

    from .ui.main_window import MainWindow

    window = MainWindow(store, open_settings(paths))
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
