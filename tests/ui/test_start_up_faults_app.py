"""The real start-up (``app.run``) against faults a seller's machine makes: another program
holding the database, a full disk, a read-only data folder, a shared folder given with
--data-dir. Real processes and files; each message box prints what it says and is answered
from the test."""

from __future__ import annotations

import json
import logging
import os
import queue
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from fault_tools import as_a_user, exclusive_lock, fill, read_only, small_file_system
from pursuit_journey.store.repository import Store

PROBE = """
import json, os, stat, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pursuit_journey.app import run
from pursuit_journey.cli import parse_args
from pursuit_journey.ui.main_window import MainWindow

def say(word, value):
    print(word, json.dumps(value), flush=True)

def answer(self):
    say("MESSAGE", {"title": self.windowTitle(), "text": self.text(),
                    "buttons": [button.text() for button in self.buttons()]})
    wanted = sys.stdin.readline().strip()
    for button in self.buttons():
        if button.text() == wanted:
            button.click()
    return 0
QMessageBox.exec = answer

original_show = MainWindow.show
def show(self):
    original_show(self)
    if getattr(self, "probed", False):
        return
    self.probed = True
    banner = getattr(self, "read_only_banner", None)
    lock = os.path.join(sys.argv[2], "pursuit-journey.lock")
    report = {
        "names": [s.name for s in self.store.pursuit_summaries()],
        "banner": banner.message.text() if banner is not None else None,
        "lock_mode": stat.S_IMODE(os.stat(lock).st_mode) if os.path.exists(lock) else None,
    }
    try:
        self.store.create_pursuit("Typed in")
        report["saved"] = True
    except Exception as error:
        report["saved"] = str(error)
    say("READY", report)
    QTimer.singleShot(0, QApplication.instance().quit)
MainWindow.show = show

sys.exit(run(parse_args(sys.argv[1:]), ["probe"]))
"""


class App:
    """The app started on ``data``; its printed lines awaited, its message boxes answered."""

    def __init__(self, data: Path, *, as_user: bool = False) -> None:
        command = [sys.executable, "-c", PROBE, "--data-dir", str(data)]
        self.process = subprocess.Popen(
            as_a_user(command) if as_user else command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next(self, timeout: float = 60) -> tuple[str, dict]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"the app said nothing; stderr: {self.stderr()}") from None
        word, _, value = line.partition(" ")
        return word, json.loads(value)

    def answer(self, button: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(button + "\n")
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(timeout=60)
        return code, self.stderr()

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read() if self.process.poll() is not None else ""


def never_damage_or_running(message: dict) -> None:
    words = json.dumps(message).lower()
    for wrong in ("damaged", "new empty database", "already running", "already open"):
        assert wrong not in words, message


def make_data(data: Path, names: tuple[str, ...] = ("Acme",)) -> Path:
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    store = Store.open(data / "pursuits.sqlite3")
    for name in names:
        store.create_pursuit(name)
    store.close()
    return data / "pursuits.sqlite3"


def test_a_database_held_by_another_program_offers_try_again_and_quit(tmp_path: Path) -> None:
    database = make_data(tmp_path / "data")
    with exclusive_lock(database):
        app = App(tmp_path / "data")
        word, message = app.next()
        assert word == "MESSAGE"
        assert message["title"] == "The database is in use"
        assert "in use by another program" in message["text"]
        assert message["buttons"] == ["Try Again", "Quit"]
        never_damage_or_running(message)
        app.answer("Try Again")  # still held: asked again
        assert app.next() == ("MESSAGE", message)
    app.answer("Try Again")  # released: the window opens on the data
    word, report = app.next()
    assert word == "READY" and report["names"] == ["Acme"] and report["saved"] is True
    code, stderr = app.finish()
    assert code == 0 and "Traceback" not in stderr
    assert not list(database.parent.glob("*.damaged-*"))


def test_quit_while_another_program_holds_the_database_leaves_it_alone(tmp_path: Path) -> None:
    database = make_data(tmp_path / "data")
    before = database.read_bytes()
    with exclusive_lock(database):
        app = App(tmp_path / "data")
        assert app.next()[0] == "MESSAGE"
        app.answer("Quit")
        code, stderr = app.finish()
    assert code == 0 and "Traceback" not in stderr
    assert database.read_bytes() == before


@pytest.mark.parametrize("free_kb", [0, 8], ids=["completely-full", "8-KB-free"])
def test_a_full_disk_is_named_full_never_damaged_or_already_running(
    tmp_path: Path, free_kb: int
) -> None:
    with small_file_system(tmp_path / "disk", 1024) as disk:
        data = disk / "data"
        database = make_data(data)
        before = database.read_bytes()
        fill(disk, leave_bytes=free_kb * 1024)
        app = App(data)
        word, message = app.next()
        assert word == "MESSAGE" and message["title"] == "The disk is full", message
        assert "Free some space" in message["text"]
        never_damage_or_running(message)
        app.answer("OK")
        code, stderr = app.finish()
        assert code == 3
        assert "Traceback" not in stderr and "Logging error" not in stderr
        assert database.read_bytes() == before


def test_a_read_only_data_folder_opens_read_only_and_says_so_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = make_data(data, ("On the share",))
    before = database.read_bytes()
    read_only(data)

    app = App(data, as_user=True)
    word, report = app.next()

    assert word == "READY", report
    assert report["names"] == ["On the share"]
    assert report["banner"].startswith("Read-only. The database folder is read-only")
    assert "changes cannot be saved" in report["saved"]
    code, stderr = app.finish()
    assert code == 0
    # The log cannot be written there: one line says so, never a traceback.
    assert "Traceback" not in stderr and "Logging error" not in stderr
    assert [line for line in stderr.splitlines() if "pursuit-journey.log" in line] == [
        f"Pursuit Journey: cannot write the log {data / 'pursuit-journey.log'} "
        "(Permission denied); logging here instead."
    ]
    assert database.read_bytes() == before


def test_private_files_in_an_existing_shared_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    app = App(shared)
    word, report = app.next()
    assert word == "READY", report
    assert report["lock_mode"] == 0o600
    code, stderr = app.finish()
    assert code == 0, stderr
    for name in ("settings.ini", "pursuit-journey.log", "pursuits.sqlite3"):
        assert stat.S_IMODE((shared / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # the seller's folder is theirs


def test_the_log_falls_back_to_stderr_in_one_line_when_the_disk_fills(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from pursuit_journey.app import LogFile

    with small_file_system(tmp_path / "disk", 256) as disk:
        handler = LogFile(disk / "pursuit-journey.log")
        logger = logging.getLogger("pursuit_journey.test_log_fallback")
        logger.addHandler(handler)
        logger.propagate = False
        try:
            fill(disk)
            logger.error("first after the disk filled %s", "x" * 8000)
            logger.error("second")
        finally:
            logger.removeHandler(handler)
            handler.close()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err
    assert err.count("cannot write the log") == 1
    assert "first after the disk filled" in err and "second" in err


def test_a_data_folder_it_may_not_look_into_gives_a_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    make_data(data)
    data.chmod(0o000)
    try:
        app = App(data, as_user=True)
        word, message = app.next()
        assert word == "MESSAGE" and message["title"] == "Cannot use the data folder", message
        app.answer("OK")
        code, stderr = app.finish()
    finally:
        data.chmod(0o700)
    assert code == 2 and "Traceback" not in stderr
