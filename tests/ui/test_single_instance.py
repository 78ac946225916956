"""Real processes: one instance per data folder, hand-over of files, start-up after kill -9,
and the damaged-database start."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from pursuit_journey.store.backup import backup_database
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.single_instance import decode_message, encode_message, server_name

# The real start-up (app.run) with a few windows into it, printed for the test to read.
PROBE = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pursuit_journey.app import run
from pursuit_journey.cli import parse_args
from pursuit_journey.ui.main_window import MainWindow

def say(*words):
    print(*words, flush=True)

original_show = MainWindow.show
def show(self):
    original_show(self)
    if getattr(self, "probed", False):
        return
    self.probed = True
    say("READY", json.dumps([s.name for s in self.store.pursuit_summaries()]))
    if os.environ.get("PROBE_QUIT"):
        QTimer.singleShot(0, QApplication.instance().quit)
    else:
        self.showMinimized()
MainWindow.show = show

original_front = MainWindow.bring_to_front
def bring_to_front(self):
    original_front(self)
    say("FRONT", self.isVisible(), self.isMinimized())
MainWindow.bring_to_front = bring_to_front
MainWindow.open_files = lambda self, paths: say("OPENED", json.dumps(paths))

def answer_damage_dialog():
    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.findChild(object, "choice-restore") is None:
        QTimer.singleShot(20, answer_damage_dialog)
        return
    say("DIALOG", json.dumps(dialog.text() + "\\n" + dialog.informativeText()))
    dialog.findChild(object, "choice-" + os.environ["PROBE_CHOICE"]).click()
if os.environ.get("PROBE_CHOICE"):
    QTimer.singleShot(0, answer_damage_dialog)

sys.exit(run(parse_args(sys.argv[1:]), ["probe"]))
"""


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}


class Running:
    """A started app process whose printed lines can be awaited."""

    def __init__(self, data: Path, *args: str, **env: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE, "--data-dir", str(data), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(**env),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, word: str, timeout: float = 30) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                stderr = self.process.stderr.read() if self.process.poll() is not None else ""
                raise AssertionError(f"no {word} from the app; stderr: {stderr}") from None
            if line.startswith(word):
                return line[len(word) :].strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def launch(data: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pursuit_journey", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=environment(),
        cwd=cwd,
    )


def test_a_second_launch_hands_its_file_over_and_exits(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = Running(data)
    try:
        first.wait_for("READY")
        (tmp_path / "Acme.pursuit").write_text("{}")

        second = launch(data, "Acme.pursuit", cwd=tmp_path)

        assert second.returncode == 0, second.stderr
        assert first.wait_for("FRONT") == "True False"  # shown, no longer minimised
        assert json.loads(first.wait_for("OPENED")) == [str(tmp_path / "Acme.pursuit")]
        assert first.process.poll() is None  # the first one goes on running

        # Killed without a chance to clean up: the next launch starts normally.
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        assert (data / "pursuit-journey.lock").exists()
        third = Running(data, PROBE_QUIT="1")
        assert third.wait_for("READY") == "[]"
        assert third.process.wait(timeout=30) == 0
    finally:
        first.stop()


def test_instances_with_other_data_folders_are_independent(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    assert decode_message(encode_message(["/tmp/ø.pursuit"])) == ["/tmp/ø.pursuit"]
    assert decode_message(b"\xff garbage") == []
    assert decode_message(b'{"files": "not a list"}') == []


def test_a_damaged_database_at_start_up_offers_the_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    database = data / "pursuits.sqlite3"
    store = Store.open(database)
    store.create_pursuit("Safe in the backup")
    store.close()
    backup_database(database, data / "backups", "daily", datetime(2026, 3, 1, 9, 30))
    # The header is overwritten (a sync tool, a disk fault).
    damaged = b"garbage!" * 2 + database.read_bytes()[16:]
    database.write_bytes(damaged)

    app = Running(data, PROBE_CHOICE="restore", PROBE_QUIT="1")
    try:
        message = json.loads(app.wait_for("DIALOG"))
        assert str(database) in message
        assert "not a database any more" in message
        assert "holds 1 pursuit" in message and "2026" in message
        assert json.loads(app.wait_for("READY")) == ["Safe in the backup"]
        assert app.process.wait(timeout=30) == 0
    finally:
        app.stop()
    kept = list(data.glob("pursuits.sqlite3.damaged-*[0-9]"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("choice", ["new", "quit"])
def test_the_start_up_decision_as_functions(tmp_path: Path, choice: str) -> None:
    from pursuit_journey.app import open_store
    from pursuit_journey.paths import default_paths
    from pursuit_journey.store.health import Choice, Problem

    paths = default_paths(tmp_path / "data")
    paths.ensure()
    store = Store.open(paths.database)
    store.create_pursuit("Before")
    store.close()
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    before = paths.database.read_bytes()
    asked = []

    def ask(damage):  # type: ignore[no-untyped-def]
        asked.append(damage)
        return Choice(choice)

    opened = open_store(paths, ask)

    assert asked[0].health.problem is Problem.TOO_NEW and asked[0].backup is None
    if choice == "quit":
        assert opened is None and paths.database.read_bytes() == before
    else:
        assert opened is not None and opened.pursuit_count() == 0
        opened.close()
        kept = list(paths.data_dir.glob("pursuits.sqlite3.damaged-*[0-9]"))
        assert [k.read_bytes() for k in kept] == [before]
    # A healthy database is opened without asking.
    assert open_store(default_paths(tmp_path / "fresh"), ask) is not None
    assert len(asked) == 1
