"""What the window's file actions share: where files go, and asking where to save one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import Store


def safe_file_name(text: str) -> str:
    cleaned = re.sub(r"[^\w\- ]+", "", text, flags=re.UNICODE).strip()
    return re.sub(r"\s+", " ", cleaned)[:80] or "Prep sheet"


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())


class FileActions:
    """Actions that write or read the seller's files, and say in the status bar what they did."""

    def __init__(
        self, store: Store, parent: QWidget, status: Callable[[str], None] | None = None
    ) -> None:
        self.store = store
        self.parent = parent
        self.status = status or (lambda _message: None)

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
