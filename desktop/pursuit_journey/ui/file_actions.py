"""What the window's file actions share: where files go, and asking where to save one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QPushButton, QWidget

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike


def safe_file_name(text: str) -> str:
    cleaned = re.sub(r"[^\w\- ]+", "", text, flags=re.UNICODE).strip()
    return re.sub(r"\s+", " ", cleaned)[:80] or "Prep sheet"


def documents_folder() -> Path:
    """The seller's Documents folder, else their home folder (never the working directory)."""
    from platformdirs import user_documents_dir  # asked when a file is saved, not at start

    folder = Path(user_documents_dir())
    return folder if folder.is_dir() else Path.home()


class FileActions:
    """Actions that write or read the seller's files, and say in the status bar what they did."""

    def __init__(
        self, store: StoreLike, parent: QWidget, status: Callable[[str], None] | None = None
    ) -> None:
        self.store = store
        self.parent = parent
        self.status = status or (lambda _message: None)
        self.open_button: QPushButton | None = None  # in the status bar after a save

    def report_saved(self, message: str, path: Path) -> None:
        """Say ``message`` in the status bar with an "Open" button for ``path`` beside it, for
        as long as the message shows."""
        self.status(message)
        if not isinstance(self.parent, QMainWindow):
            return
        bar = self.parent.statusBar()
        self._drop_open_button()
        button = QPushButton("Open", bar)
        button.setToolTip(f"Open {path.name}")
        button.setAccessibleName(f"Open {path.name}")
        button.clicked.connect(lambda: self._open(path))
        bar.addPermanentWidget(button)  # a temporary message hides the normal widgets
        self.open_button = button

        def message_changed(text: str) -> None:
            if text != message:
                bar.messageChanged.disconnect(message_changed)
                if self.open_button is button:
                    self._drop_open_button()

        bar.messageChanged.connect(message_changed)

    def _open(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status(f"Cannot open {path}: no application opens this kind of file")

    def _drop_open_button(self) -> None:
        if self.open_button is not None:
            self.open_button.hide()
            self.open_button.deleteLater()
            self.open_button = None

    def ask_save_path(self, caption: str, name: str, suffix: str, file_filter: str) -> Path | None:
        """The file the seller chose (``suffix`` added when they typed none), or None."""
        suggested = documents_folder() / f"{safe_file_name(name)}{suffix}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent, caption, str(suggested), file_filter
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
