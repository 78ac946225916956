"""While a read-only copy stands in for an absent server: ask the server quietly, now and then,
whether it answers again (off the GUI thread, a short connect timeout), and say so once."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from ..store.errors import StoreError

# How often the server is asked again; each attempt gives up after the probe's own timeout.
RETRY_INTERVAL_MS = 15_000


class _Answer(QObject):
    arrived = Signal(object)  # None when the server answered, else the error's text


class _Ask(QRunnable):
    def __init__(self, url: str, answer: _Answer) -> None:
        super().__init__()
        self.url, self.answer = url, answer

    def run(self) -> None:  # in a pool thread
        from ..store.server_link import ServerUnavailable, plainly, probe

        try:
            probe(self.url)
            result: str | None = None
        except ServerUnavailable as error:
            result = plainly(error)
        except StoreError as error:
            result = str(error)
        except Exception as error:
            result = str(error)
        with contextlib.suppress(RuntimeError):  # the window is gone
            self.answer.arrived.emit(result)


class ServerRetry(QObject):
    """Asks the server at ``url`` every ``interval_ms``; ``answered`` once it does (then stops).
    ``stillAway(cause)`` after each failed attempt."""

    answered = Signal()
    stillAway = Signal(str)

    def __init__(
        self, url: str, parent: QObject | None = None, interval_ms: int | None = None
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms or RETRY_INTERVAL_MS)
        self.timer.timeout.connect(self.ask)
        self._answer = _Answer(self)
        self._answer.arrived.connect(self._arrived)
        self._asking = False

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def ask(self) -> None:
        """Ask now, unless an earlier question is still on its way."""
        if self._asking:
            return
        self._asking = True
        QThreadPool.globalInstance().start(_Ask(self.url, self._answer))

    def _arrived(self, cause: str | None) -> None:
        self._asking = False
        if cause is None:
            self.timer.stop()
            self.answered.emit()
        else:
            self.stillAway.emit(cause)
