"""A small word in the status bar after each autosave: "Saved", or "Not saved — Try Again".

Wired to the ``AutoSaver`` signals (``saved``, ``failed``, ``recovered``) of the prep form and
the details; the forms keep their own message above the fields, this only confirms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..drawing.journey_glyphs import warning_colour
from .formatting import plain_tooltip

if TYPE_CHECKING:  # the forms it watches are made after the first paint
    from .autosave import AutoSaver


class SaveIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.retry = QPushButton("Try Again", self)
        self.retry.setFlat(True)
        self.retry.setCursor(Qt.CursorShape.PointingHandCursor)
        self.retry.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.retry)
        self._retry: Callable[[], object] | None = None
        self._failing: set[int] = set()  # the savers whose last save failed
        self.retry.clicked.connect(self._try_again)
        self.setAccessibleName("Save state")
        self.hide()  # until the first save: nothing to confirm yet

    def watch(self, saver: AutoSaver, retry: Callable[[], object]) -> None:
        """Confirm ``saver``'s saves; "Try Again" calls ``retry`` (the form's own flush)."""
        key = id(saver)
        saver.saved.connect(lambda _record_id, k=key: self._saved(k))
        saver.recovered.connect(lambda k=key: self._saved(k))
        saver.failed.connect(lambda message, k=key, r=retry: self._failed(k, message, r))

    def _saved(self, key: int) -> None:
        self._failing.discard(key)
        if self._failing:
            return  # another form's edit is still not saved: that is what the seller must see
        now = QLocale().toString(datetime.now().time(), QLocale.FormatType.ShortFormat)
        self.label.setText("Saved")
        self.label.setPalette(QPalette())  # the window's own again (it follows light/dark)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setToolTip(plain_tooltip(f"Your last change was saved at {now}."))
        self.retry.hide()
        self.show()

    def _failed(self, key: int, message: str, retry: Callable[[], object]) -> None:
        self._failing.add(key)
        self._retry = retry
        self.label.setText("Not saved —")
        palette = self.label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, warning_colour(self.palette()))
        self.label.setPalette(palette)
        self.label.setForegroundRole(QPalette.ColorRole.WindowText)
        self.setToolTip(plain_tooltip(f"Your last change is not saved yet: {message}"))
        self.retry.show()
        self.show()

    def _try_again(self) -> None:
        if self._retry is not None:
            self._retry()

    def text(self) -> str:
        return self.label.text() + (f" {self.retry.text()}" if not self.retry.isHidden() else "")
