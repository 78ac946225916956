"""Hears what other computers change on the shared server, so the window shows it at once.

The store gives a connection of its own that listens (``store.server_changes``); Qt wakes this
watch when its socket has something to read (``QSocketNotifier``): no thread, no polling. A
connection that drops is opened again quietly, every few seconds, and the window then reads
everything again (what changed meanwhile was not heard).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from ..store.errors import StoreError

if TYPE_CHECKING:
    from ..store.server_changes import ServerChanges

# How long to wait before listening again after the connection dropped.
RECONNECT_MS = 5000
log = logging.getLogger("pursuit_journey")


class ServerWatch(QObject):
    """``changed(pursuit_id)`` for each pursuit another computer changed (None: any may have)."""

    changed = Signal(object)

    def __init__(self, listen: Callable[[], ServerChanges | None], parent: QObject) -> None:
        super().__init__(parent)
        self._listen = listen
        self._changes: ServerChanges | None = None
        self._notifier: QSocketNotifier | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RECONNECT_MS)
        self._retry.timeout.connect(self._listen_again)

    @property
    def listening(self) -> bool:
        return self._changes is not None

    def start(self) -> bool:
        """Listen now; False (and a quiet retry later) when the server cannot be reached."""
        self.stop()
        try:
            changes = self._listen()
        except StoreError as error:
            log.info("Not hearing other computers' changes for now: %s", error)
            self._retry.start()
            return False
        if changes is None:  # this computer's file: nobody else writes
            return False
        self._changes = changes
        notifier = QSocketNotifier(changes.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._read)
        self._notifier = notifier
        self._read()  # anything that came in while connecting
        return True

    def stop(self) -> None:
        self._retry.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    def _read(self, *_: object) -> None:
        changes = self._changes
        if changes is None:
            return
        try:
            changed = changes.read()
        except StoreError as error:
            log.info("Lost the connection that hears other computers' changes: %s", error)
            self.stop()
            self._retry.start()
            return
        for pursuit_id in changed:
            self.changed.emit(pursuit_id)

    def _listen_again(self) -> None:
        if self.start():
            self.changed.emit(None)  # changes made while not listening were not heard
