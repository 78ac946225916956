"""One running app per data folder; a second launch hands its arguments over and exits.

The running instance holds a ``QLockFile`` in the data folder (stale after a crash or ``kill -9``:
QLockFile sees the recorded process is gone and takes the lock over) and listens on a
``QLocalServer`` that only the same user can connect to. Both names derive from the data folder, so
``--data-dir`` instances are independent. The message is one line of JSON: the file arguments,
already made absolute (the two processes need not share a working directory).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLockFile, QObject, QThread, Signal

if TYPE_CHECKING:  # QtNetwork loads when the server starts listening, after the first paint
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "pursuit-journey.lock"
ACK = b"ok\n"
MAX_MESSAGE = 1 << 20


def server_name(data_dir: Path) -> str:
    """A short socket name unique to this user and data folder (sockets share /tmp)."""
    import getpass  # with hashlib: OpenSSL's library, not needed before the first paint
    import hashlib

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or passwd
        user = "unknown"
    digest = hashlib.sha256(f"{user}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"pursuit-journey-{digest}"


def encode_message(files: Sequence[str]) -> bytes:
    import json  # a hand-over happens after the first paint

    return json.dumps({"files": list(files)}).encode() + b"\n"


def decode_message(data: bytes) -> list[str]:
    """The files of a message; a malformed message (another program) gives none."""
    import json

    try:
        message = json.loads(data.decode())
    except (UnicodeDecodeError, ValueError):
        return []
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list):
        return []
    return [item for item in files if isinstance(item, str)]


class LockFileError(OSError):
    """The lock file could not be written (a read-only folder, a full disk): this says
    nothing about another instance. ``read_only`` tells the first from the rest."""

    def __init__(self, path: Path, read_only: bool) -> None:
        reason = "the folder is read-only" if read_only else "it could not be written"
        super().__init__(f"Cannot create the lock file {path}: {reason}.")
        self.path = path
        self.read_only = read_only


@contextmanager
def private_files() -> Iterator[None]:
    """Files created in the block are readable by the user alone, even in a shared folder
    (QLockFile creates its file with the process's umask)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


class HandOver:
    """The outcome of offering files to a running instance."""

    NO_ANSWER = 0  # nobody listens (yet, or any more)
    DELIVERED = 1
    UNACKNOWLEDGED = 2  # connected, but it did not confirm in time


def send_to_running(
    name: str, files: Sequence[str], connect_ms: int = 500, answer_ms: int = 10_000
) -> int:
    """Hand ``files`` to the instance listening on ``name``; a ``HandOver`` value.

    Once connected it waits long for the answer: the running instance may be busy for a moment
    (a migration at start-up), and sending twice would open the files twice.
    """
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(connect_ms):
        return HandOver.NO_ANSWER
    socket.write(QByteArray(encode_message(files)))
    received = b""
    while ACK not in received:
        if not socket.waitForReadyRead(answer_ms):
            return HandOver.UNACKNOWLEDGED
        received += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return HandOver.DELIVERED


class SingleInstance(QObject):
    """Owns the lock and the server of the first instance; ``filesReceived`` on each hand-over."""

    filesReceived = Signal(list)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        # Held for the app's lifetime: never stale by age, only when its process is gone.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    @cached_property
    def name(self) -> str:
        """The server's name: asked for when listening or handing over, after the lock."""
        return server_name(self._data_dir)

    def acquire(self, listen: bool = True) -> bool:
        """True when this process is the first instance (then it also listens, unless told to
        ``listen()`` later: a second launch meanwhile retries while the lock is held); False
        when another instance holds the lock. Raises LockFileError when the lock file cannot
        be written at all."""
        with private_files():
            locked = self.lock.tryLock(100)
        if not locked:
            error = self.lock.error()
            if error == QLockFile.LockError.LockFailedError:
                return False
            path = Path(self.lock.fileName())
            raise LockFileError(path, error == QLockFile.LockError.PermissionError)
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Take hand-overs from later launches (once the lock is ours)."""
        if self.server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            # A socket left by a killed instance: we hold the lock, so it is ours to remove.
            QLocalServer.removeServer(self.name)
            self.server.listen(self.name)
        self.server.newConnection.connect(self._accept)

    def hand_over(self, files: Sequence[str], attempts: int = 6) -> int:
        """Send ``files`` to the running instance (a ``HandOver`` value).

        Retries while that instance is still starting (locked, not yet listening); NO_ANSWER
        when its process turned out to be gone, so that this one can start instead.
        """
        for _ in range(attempts):
            outcome = send_to_running(self.name, files)
            if outcome != HandOver.NO_ANSWER:
                return outcome
            with private_files():
                taken = self.lock.tryLock(0)
            if taken:  # the holder is gone: its lock was stale
                self.lock.unlock()
                return HandOver.NO_ANSWER
            QThread.msleep(250)
        return HandOver.UNACKNOWLEDGED

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()

    def _accept(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        if b"\n" not in data:
            self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        socket.write(QByteArray(ACK))
        socket.flush()
        self.filesReceived.emit(decode_message(line))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
