"""The running instance's two ways of listening (``UnixSocketServer`` on Linux and macOS,
``QLocalServer`` on Windows), each reached by a second launch's real ``QLocalSocket`` in
another process."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pursuit_journey.ui.single_instance import (
    MAX_MESSAGE,
    HandOver,
    SingleInstance,
    socket_path,
)

# A second launch's hand-over alone, in its own process (its QLocalSocket waits blocking, as
# the real one does, while this process's event loop answers).
SEND = """
import sys
from pursuit_journey.ui.single_instance import send_to_running
print(send_to_running(sys.argv[1], sys.argv[2:]), flush=True)
"""

unix_only = pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
BOTH = [pytest.param(True, marks=unix_only, id="unix socket"), pytest.param(False, id="Qt")]


def _send(name: str, *files: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SEND, name, *files],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _answer(qtbot: QtBot, sender: subprocess.Popen[str]) -> int:
    qtbot.waitUntil(lambda: sender.poll() is not None, timeout=20_000)
    assert sender.stdout is not None
    return int(sender.stdout.read().strip())


def _read_into(client: socket.socket, answer: list[bytes]) -> bool:
    try:
        answer.append(client.recv(16))
    except BlockingIOError:
        return False
    return True


def _hung_up(client: socket.socket) -> bool:
    try:
        return client.recv(1 << 16) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


@pytest.mark.parametrize("unix_socket", BOTH)
def test_a_hand_over_reaches_the_running_instance_and_is_acknowledged(
    qtbot: QtBot, tmp_path: Path, unix_socket: bool
) -> None:
    instance = SingleInstance(tmp_path, unix_socket=unix_socket)
    try:
        assert instance.acquire()
        with qtbot.waitSignal(instance.filesReceived, timeout=20_000) as received:
            sender = _send(instance.name, "/tmp/Acme.pursuit", "/tmp/Ø Globex.pursuit")
        assert received.args == [["/tmp/Acme.pursuit", "/tmp/Ø Globex.pursuit"]]
        assert _answer(qtbot, sender) == HandOver.DELIVERED

        with qtbot.waitSignal(instance.filesReceived, timeout=20_000) as again:
            second = _send(instance.name, "/tmp/Initech.pursuit")
        assert again.args == [["/tmp/Initech.pursuit"]]
        assert _answer(qtbot, second) == HandOver.DELIVERED
    finally:
        instance.release()

    # Released: nobody listens any more, and a later launch hears so at once.
    assert _answer(qtbot, _send(instance.name, "/tmp/Acme.pursuit")) == HandOver.NO_ANSWER


@unix_only
def test_the_socket_is_the_users_alone_and_replaces_one_left_by_a_killed_instance(
    qtbot: QtBot, tmp_path: Path
) -> None:
    instance = SingleInstance(tmp_path, unix_socket=True)
    path = Path(socket_path(instance.name))
    path.write_bytes(b"")  # what a killed instance leaves behind
    try:
        assert instance.acquire()
        mode = path.stat().st_mode
        assert stat.S_ISSOCK(mode)
        assert stat.S_IMODE(mode) & 0o077 == 0  # neither the group nor others may connect
        with qtbot.waitSignal(instance.filesReceived, timeout=20_000) as received:
            sender = _send(instance.name, "/tmp/Acme.pursuit")
        assert received.args == [["/tmp/Acme.pursuit"]]
        assert _answer(qtbot, sender) == HandOver.DELIVERED
    finally:
        instance.release()
    assert not path.exists()  # removed on leaving, as QLocalServer removes its own


@unix_only
def test_what_is_not_a_hand_over_is_dropped_without_harm(qtbot: QtBot, tmp_path: Path) -> None:
    instance = SingleInstance(tmp_path, unix_socket=True)
    received: list[list[str]] = []
    instance.filesReceived.connect(received.append)
    try:
        assert instance.acquire()
        # Another program: garbage, then far too much without a line's end, then gone early.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as garbage:
            garbage.connect(socket_path(instance.name))
            garbage.sendall(b"\xff not json\n")
            garbage.setblocking(False)
            answer: list[bytes] = []
            qtbot.waitUntil(lambda: _read_into(garbage, answer), timeout=20_000)
            assert answer == [b"ok\n"]
        qtbot.waitUntil(lambda: received == [[]], timeout=20_000)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as flood:
            flood.connect(socket_path(instance.name))
            flood.setblocking(False)
            sent = 0
            while sent <= MAX_MESSAGE:
                try:
                    sent += flood.send(b"x" * (1 << 16))
                except BlockingIOError:
                    qtbot.wait(5)  # the server reads meanwhile
                except OSError:
                    break  # it hung up already
            qtbot.waitUntil(lambda: _hung_up(flood), timeout=20_000)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as early:
            early.connect(socket_path(instance.name))
            early.sendall(b'{"files": ["/tmp/half')

        # Still listening, and still right.
        with qtbot.waitSignal(instance.filesReceived, timeout=20_000) as after:
            sender = _send(instance.name, "/tmp/Acme.pursuit")
        assert after.args == [["/tmp/Acme.pursuit"]]
        assert _answer(qtbot, sender) == HandOver.DELIVERED
        assert received == [[], ["/tmp/Acme.pursuit"]]
    finally:
        instance.release()
