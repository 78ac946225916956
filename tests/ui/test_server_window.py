"""The window on a shared PostgreSQL server (tests/postgres.py: skipped without one): Save a
Local Copy…, Back Up Now saving the local copy, a save while the server is away keeping the text
with Try Again; and the real start-up (``app.run`` in a process of its own) with the server away:
the local copy opened read-only with a banner naming the cause, a wrong password named and never
shown, no copy → Try Again / Quit, and edits resuming once the server answers."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from server_tools import Relay, free_port, without_password
from sqlalchemy.engine import make_url
from windows import choose_save_path

from pursuit_journey.app import make_application
from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store
from pursuit_journey.store.sample import SAMPLE_NAME
from pursuit_journey.store.transfer import SERVER_COPY_NAME
from pursuit_journey.ui.main_window import MainWindow


@pytest.fixture
def server_url(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database's URL as a seller gives it: no password (that is in PGPASSWORD)."""
    return without_password(postgres_database, monkeypatch)


@pytest.fixture
def relay(server_url: str) -> Iterator[Relay]:
    parsed = make_url(server_url)
    relay = Relay(parsed.host or "127.0.0.1", parsed.port or 5432)
    relay.start()
    yield relay
    relay.stop()


def server_window(qtbot: QtBot, url: str, settings: QSettings, paths: Paths) -> MainWindow:
    make_application([])
    settings.setValue("seller/name", "Ann")  # asked once per computer otherwise
    settings.setValue("list/owners", "everyone")  # the seeded pursuits are nobody's
    store = Store.open_server(url)
    window = MainWindow(store, settings, data_dir=paths.data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.build_rest()
    return window


def test_the_file_menu_offers_a_local_copy_on_a_server(
    qtbot: QtBot,
    server_url: str,
    settings: QSettings,
    paths: Paths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = Store.open_server(server_url)
    seed.create_sample_pursuit()
    seed.close()
    window = server_window(qtbot, server_url, settings, paths)
    assert window.save_local_copy_action.isVisible()
    assert not window.move_to_server_action.isVisible()
    assert not window.restore_action.isVisible()  # the server's backups are its own
    target = tmp_path / "copy" / "pursuits.sqlite3"
    target.parent.mkdir()
    choose_save_path(monkeypatch, target)

    window.save_local_copy_action.trigger()

    copy = Store.open(target)
    try:
        assert [s.name for s in copy.pursuit_summaries()] == [SAMPLE_NAME]
    finally:
        copy.close()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Saved 1 pursuit to {target}.")
    assert f"pursuit-journey --data-dir “{target.parent}”" in message
    window.store.close()


def test_back_up_now_on_a_server_saves_the_local_copy_and_says_where(
    qtbot: QtBot, server_url: str, settings: QSettings, paths: Paths
) -> None:
    seed = Store.open_server(server_url)
    seed.create_pursuit("On the server")
    seed.close()
    window = server_window(qtbot, server_url, settings, paths)
    copy = paths.data_dir / SERVER_COPY_NAME
    copy.write_bytes(b"the last copy, replaced whole")

    with qtbot.waitSignal(window.auto_backup.backedUp, timeout=20000):
        window.back_up_now()

    opened = Store.open(copy, read_only=True)
    try:
        assert [s.name for s in opened.pursuit_summaries()] == ["On the server"]
    finally:
        opened.close()
    assert str(copy) in window.statusBar().currentMessage()
    assert [p.name for p in paths.data_dir.iterdir() if p.name.startswith(".")] == []
    window.store.close()


def test_a_save_while_the_server_is_away_keeps_the_text_with_try_again(
    qtbot: QtBot,
    relay: Relay,
    server_url: str,
    settings: QSettings,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = Store.open_server(server_url)
    seed.create_sample_pursuit()
    seed.close()
    window = server_window(qtbot, relay.url(server_url), settings, paths)
    monkeypatch.setattr("pursuit_journey.ui.main_window.confirm", lambda *args: True)
    pursuit_id = window.current_pursuit_id()
    assert pursuit_id is not None
    step = window.store.steps(pursuit_id)[0]
    line = window.pursuit_page.line
    line.ensure_visible(0)
    qtbot.mouseClick(line.viewport(), Qt.MouseButton.LeftButton, pos=line.tick_point(0))
    form = window.prep_form
    assert form.current_step_id() == step.id

    relay.stop()  # the server goes away while the seller types
    qtbot.keyClicks(form.decision_edit, " by Friday")
    assert not form.flush()

    assert form.banner.isVisible()
    assert "does not answer" in form.banner.message.text()
    assert form.decision_edit.toPlainText() == step.decision_needed + " by Friday"

    relay.start()  # it answers again: Try Again saves the text kept
    qtbot.mouseClick(form.banner.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.banner.isVisible(), timeout=10000)
    check = Store.open_server(server_url)
    try:
        assert check.step(step.id).decision_needed == step.decision_needed + " by Friday"
    finally:
        check.close()
    window.store.close()


def test_a_save_whose_commit_fails_keeps_the_text_with_try_again(
    qtbot: QtBot,
    relay: Relay,
    server_url: str,
    settings: QSettings,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A save and the redraw after it are one transaction (``Store.one_action``): the server
    going away after the write, before its COMMIT, is a failed save like any other."""
    seed = Store.open_server(server_url)
    seed.create_sample_pursuit()
    seed.close()
    window = server_window(qtbot, relay.url(server_url), settings, paths)
    monkeypatch.setattr("pursuit_journey.ui.main_window.confirm", lambda *args: True)
    pursuit_id = window.current_pursuit_id()
    assert pursuit_id is not None
    step = window.store.steps(pursuit_id)[0]
    line = window.pursuit_page.line
    line.ensure_visible(0)
    qtbot.mouseClick(line.viewport(), Qt.MouseButton.LeftButton, pos=line.tick_point(0))
    form = window.prep_form
    assert form.current_step_id() == step.id
    # Written and redrawn, then the server goes away before the action's COMMIT.
    form.saver.saved.connect(lambda _record_id: relay.stop())

    qtbot.keyClicks(form.decision_edit, " by Friday")
    assert not form.flush()

    assert form.banner.isVisible()
    assert form.decision_edit.toPlainText() == step.decision_needed + " by Friday"
    assert form.saver.pending()  # still to be saved, not taken for saved
    check = Store.open_server(server_url)
    try:
        assert check.step(step.id).decision_needed == step.decision_needed  # not saved
    finally:
        check.close()

    form.saver.saved.disconnect()
    relay.start()  # it answers again: Try Again saves the text kept
    qtbot.mouseClick(form.banner.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.banner.isVisible(), timeout=10000)
    check = Store.open_server(server_url)
    try:
        assert check.step(step.id).decision_needed == step.decision_needed + " by Friday"
    finally:
        check.close()
    window.store.close()


# ---- the real start-up, in a process of its own ---------------------------------------------

PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
import pursuit_journey.ui.server_retry as server_retry
server_retry.RETRY_INTERVAL_MS = 200
import pursuit_journey.ui.seller_name as seller_name
seller_name.ask_seller_name = lambda parent: "Ann"
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

    def report():
        banner = getattr(self, "read_only_banner", None)
        found = {
            "shared": self.store.shared,
            "names": sorted(s.name for s in self.store.pursuit_summaries()),
            "banner": banner.message.text() if banner is not None else None,
            "back_up": self.backup_action.isEnabled(),
        }
        try:
            self.store.create_pursuit("Typed in")
            found["saved"] = True
        except Exception as error:
            found["saved"] = str(error)
        say("READY", found)
        command = sys.stdin.readline().strip()
        if command == "wait-for-server":
            def poll():
                if banner is not None and banner.action.isVisible():
                    say("OFFERED", {"banner": banner.message.text()})
                    banner.action.click()
                else:
                    QTimer.singleShot(100, poll)
            poll()
        else:
            self.close()

    QTimer.singleShot(0, report)
MainWindow.show = show

sys.exit(run(parse_args(sys.argv[1:]), ["probe"]))
"""


class App:
    """The app started with ``arguments``; its printed lines awaited, its message boxes and
    windows answered."""

    def __init__(self, arguments: list[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBE, *arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
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
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"the app said nothing; stderr: {stderr}") from None
        word, _, value = line.partition(" ")
        return word, json.loads(value)

    def say(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(timeout=60)
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


def local_copy(data: Path, names: tuple[str, ...]) -> Path:
    """A local copy of a server's pursuits, as Back Up Now leaves it in the data folder."""
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy = data / SERVER_COPY_NAME
    store = Store.open(copy)
    for name in names:
        store.create_pursuit(name)
    store.close()
    return copy


def unreachable_url() -> str:
    return f"postgresql://seller@127.0.0.1:{free_port()}/pursuits?sslmode=disable"


def test_a_server_away_at_start_opens_the_local_copy_read_only_naming_the_cause(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    copy = local_copy(data, ("Acme", "Globex"))
    before = copy.read_bytes()

    app = App(["--data-dir", str(data), "--database", unreachable_url()])
    word, message = app.next()
    assert word == "MESSAGE", message
    assert message["title"] == "The shared server is away"
    assert "does not answer" in message["text"] and "read-only" in message["text"]
    app.say("OK")
    word, report = app.next()

    assert word == "READY", report
    assert report["shared"] is False
    assert report["names"] == ["Acme", "Globex"]
    assert report["banner"].startswith("Read-only. The server seller@127.0.0.1:")
    assert "does not answer" in report["banner"]
    assert "Showing the copy saved on this computer on " in report["banner"]
    assert "changes cannot be saved" not in str(report["saved"])  # the banner's reason
    assert report["saved"] is not True and "server" in report["saved"]
    assert report["back_up"] is False  # the copy is all there is to keep
    app.say("quit")
    code, stderr = app.finish()
    assert code == 0
    assert "Traceback" not in stderr
    assert copy.read_bytes() == before  # read-only: nothing written to the copy


def test_a_wrong_password_is_named_and_never_shown(tmp_path: Path, server_url: str) -> None:
    secret = "not-the-password-4711"
    app = App(
        ["--data-dir", str(tmp_path / "data"), "--database", server_url],
        env={"PGPASSWORD": secret},
    )
    word, message = app.next()

    assert word == "MESSAGE", message
    assert message["title"] == "The shared server cannot be reached"
    assert "refused the password" in message["text"]
    assert "no copy of the server's pursuits on this computer" in message["text"]
    assert message["buttons"] == ["Try Again", "Quit"]
    app.say("Quit")
    code, stderr = app.finish()
    assert code == 0
    assert secret not in json.dumps(message) and secret not in stderr
    assert "Traceback" not in stderr


def test_edits_resume_when_the_server_answers_again(
    tmp_path: Path, server_url: str, relay: Relay
) -> None:
    seed = Store.open_server(server_url)
    seed.create_pursuit("On the server")
    seed.close()
    relay.stop()  # the laptop is offline when the app starts
    data = tmp_path / "data"
    local_copy(data, ("On the server",))

    app = App(["--data-dir", str(data), "--database", relay.url(server_url)])
    word, message = app.next()
    assert word == "MESSAGE" and message["title"] == "The shared server is away", message
    app.say("OK")
    word, report = app.next()
    assert word == "READY" and report["saved"] is not True, report

    relay.start()  # back online: the window offers the server, and the probe takes it
    app.say("wait-for-server")
    word, offered = app.next()
    assert word == "OFFERED", offered
    assert offered["banner"].startswith("The shared server answers again.")
    word, report = app.next()

    assert word == "READY", report
    assert report["shared"] is True
    assert report["banner"] is None
    assert report["saved"] is True  # edits resume
    assert report["back_up"] is True
    assert report["names"] == ["On the server"]
    app.say("quit")
    code, stderr = app.finish()
    assert code == 0, stderr
    check = Store.open_server(server_url)
    try:
        assert sorted(s.name for s in check.pursuit_summaries()) == ["On the server", "Typed in"]
    finally:
        check.close()


def test_a_server_in_the_settings_that_cannot_be_used_falls_back_to_this_computer(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    store = Store.open(data / "pursuits.sqlite3")
    store.create_pursuit("Here")
    store.close()
    settings = QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("data/server", "postgresql://ann:s3cret@db.example.com/pursuits")
    settings.sync()

    app = App(["--data-dir", str(data)])
    word, message = app.next()
    assert word == "MESSAGE", message
    assert message["title"] == "The shared server cannot be used"
    assert "holds a password" in message["text"] and "s3cret" not in message["text"]
    app.say("OK")
    word, report = app.next()

    assert word == "READY", report
    assert report["shared"] is False and report["names"] == ["Here"]
    assert report["saved"] is True
    app.say("quit")
    code, stderr = app.finish()
    assert code == 0 and "Traceback" not in stderr


def test_the_local_copy_is_written_at_start_when_missing_or_an_hour_old(
    qtbot: QtBot, server_url: str, settings: QSettings, paths: Paths
) -> None:
    import os
    import time

    seed = Store.open_server(server_url)
    seed.create_pursuit("On the server")
    seed.close()
    window = server_window(qtbot, server_url, settings, paths)
    copy = paths.data_dir / SERVER_COPY_NAME
    assert window.auto_backup.timer.isActive()  # every 30 minutes while it runs

    with qtbot.waitSignal(window.auto_backup.backedUp, timeout=20000):
        assert window.auto_backup.back_up_if_due()  # none yet
    assert copy.is_file()
    assert not window.auto_backup.back_up_if_due()  # a fresh one: not again
    an_hour_ago = time.time() - 3601
    os.utime(copy, (an_hour_ago, an_hour_ago))
    with qtbot.waitSignal(window.auto_backup.backedUp, timeout=20000):
        assert window.auto_backup.back_up_if_due()
    window.store.close()


def test_without_a_local_copy_try_again_opens_the_server_once_it_answers(
    tmp_path: Path, server_url: str, relay: Relay
) -> None:
    seed = Store.open_server(server_url)
    seed.create_pursuit("On the server")
    seed.close()
    relay.stop()

    app = App(["--data-dir", str(tmp_path / "data"), "--database", relay.url(server_url)])
    word, message = app.next()
    assert word == "MESSAGE", message
    assert message["title"] == "The shared server cannot be reached"
    assert message["buttons"] == ["Try Again", "Quit"]
    relay.start()
    app.say("Try Again")
    word, report = app.next()

    assert word == "READY", report  # no "server is away" message, no read-only line
    assert report["shared"] is True and report["banner"] is None
    assert report["saved"] is True
    app.say("quit")
    code, stderr = app.finish()
    assert code == 0, stderr


def test_a_backup_while_the_server_is_away_keeps_the_last_local_copy(
    qtbot: QtBot, relay: Relay, server_url: str, settings: QSettings, paths: Paths
) -> None:
    window = server_window(qtbot, relay.url(server_url), settings, paths)
    copy = paths.data_dir / SERVER_COPY_NAME
    copy.write_bytes(b"the last copy, kept for the plane")
    failures: list[str] = []
    window.auto_backup.failed.connect(lambda message, _reason: failures.append(message))
    relay.stop()

    with qtbot.waitSignal(window.auto_backup.failed, timeout=20000):
        window.auto_backup.back_up("auto")

    assert "does not answer" in failures[0]
    assert copy.read_bytes() == b"the last copy, kept for the plane"
    assert sorted(p.name for p in paths.data_dir.iterdir() if ".partial" in p.name) == []
    window.store.close()
