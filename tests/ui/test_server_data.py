"""Edit ▸ Preferences ▸ Data (this computer or a shared server), Test Connection that never
freezes the window, and File ▸ Move to Shared Server… from the window, driven with real
widgets; the server's own tests are in test_server_window.py."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from pursuit_journey.store.repository import Store
from pursuit_journey.store.sample import SAMPLE_NAME
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.preferences import PreferencesDialog
from pursuit_journey.ui.server_actions import MoveToServerDialog
from pursuit_journey.ui.server_settings import ServerFields
from pursuit_journey.ui.window_layout import DATA_SERVER, saved_server

URL = "postgresql://ann@db.example.com:5433/pursuits?sslmode=verify-full"


def when_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal widget of ``kind`` once it shows."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(20, look)
            return
        act(widget)

    QTimer.singleShot(0, look)


def press(box: QWidget, text: str) -> None:
    assert isinstance(box, QMessageBox), box
    for button in box.buttons():
        if button.text().replace("&", "") == text:
            button.click()
            return
    raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")


def fill(
    qtbot: QtBot, fields: ServerFields, host: str, port: int, database: str, user: str
) -> None:
    for edit, text in ((fields.host, host), (fields.database, database), (fields.user, user)):
        edit.clear()
        qtbot.keyClicks(edit, text)
    fields.port.setValue(port)


def test_a_server_chosen_in_preferences_is_kept_and_offers_a_restart(
    qtbot: QtBot, window: MainWindow, settings: QSettings
) -> None:
    seen: dict[str, object] = {}
    restarts: list[bool] = []
    window.restartRequested.connect(lambda: restarts.append(True))

    def on_data_page(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        qtbot.waitExposed(dialog)
        dialog.tabs.setCurrentIndex(1)
        seen["local"] = dialog.this_computer.isChecked()
        seen["fields_off"] = not dialog.server.isEnabled()
        radio = dialog.shared_server
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
        seen["fields_on"] = dialog.server.isEnabled()
        fill(qtbot, dialog.server, "db.example.com", 5433, "pursuits", "ann")
        seen["security"] = dialog.server.security.currentData()
        seen["url"] = dialog.server.url_label.text()
        when_modal(QMessageBox, lambda box: (seen.update(text=box.text()), press(box, "Later")))
        dialog.accept()

    when_modal(PreferencesDialog, on_data_page)
    window.preferences_action.trigger()

    assert seen["local"] is True and seen["fields_off"] is True and seen["fields_on"] is True
    assert seen["security"] == "verify-full"  # the safe mode is the one offered first
    assert seen["url"] == URL
    assert saved_server(settings) == URL
    assert "shared server ann@db.example.com:5433/pursuits" in str(seen["text"])
    assert restarts == []  # "Later"

    # Back to this computer, restarting now.
    def back_home(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        assert dialog.shared_server.isChecked()
        assert dialog.server.url() == URL  # the saved server's fields, as they were
        dialog.this_computer.setChecked(True)
        when_modal(QMessageBox, lambda box: press(box, "Restart Now"))
        dialog.accept()

    when_modal(PreferencesDialog, back_home)
    window.preferences_action.trigger()

    assert saved_server(settings) == ""
    assert restarts == [True]


def test_an_incomplete_server_keeps_the_dialog_open_and_says_what_is_missing(
    qtbot: QtBot, window: MainWindow, settings: QSettings
) -> None:
    seen: dict[str, object] = {}

    def on_data_page(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        dialog.shared_server.setChecked(True)
        fill(qtbot, dialog.server, "db.example.com", 5432, "", "ann")
        dialog.accept()
        seen["open"] = dialog.isVisible()
        seen["message"] = dialog.data_message.text()
        seen["format"] = dialog.data_message.textFormat()
        dialog.reject()

    when_modal(PreferencesDialog, on_data_page)
    window.preferences_action.trigger()

    assert seen["open"] is True
    assert "name of the database" in str(seen["message"])
    assert seen["format"] == Qt.TextFormat.PlainText
    assert settings.value(DATA_SERVER) is None


def test_a_saved_url_keeps_the_libpq_settings_the_fields_do_not_show(qtbot: QtBot) -> None:
    fields = ServerFields()
    qtbot.addWidget(fields)
    fields.set_url(
        "postgresql://ann@db.example.com/pursuits?sslmode=verify-ca&sslrootcert=/etc/ca.pem"
    )
    assert fields.port.value() == 5432
    assert fields.url() == (
        "postgresql://ann@db.example.com:5432/pursuits?sslmode=verify-ca&"
        "sslrootcert=%2Fetc%2Fca.pem"
    )


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that takes connections and never answers: a server that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_test_connection_never_freezes_the_window_and_names_the_cause(
    qtbot: QtBot, silent_server: int
) -> None:
    fields = ServerFields()
    qtbot.addWidget(fields)
    fields.show()
    fill(qtbot, fields, "127.0.0.1", silent_server, "pursuits", "ann")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)

    qtbot.mouseClick(fields.test_button, Qt.MouseButton.LeftButton)

    assert fields.testing() and not fields.test_button.isEnabled()
    assert fields.result.text() == "Connecting…"
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)  # the event loop keeps running
    assert fields.testing()  # the server has not answered: still waiting, not frozen
    qtbot.waitUntil(lambda: not fields.testing(), timeout=15000)
    timer.stop()
    assert fields.result.text() == (
        f"⚠ The server ann@127.0.0.1:{silent_server}/pursuits does not answer (it may be down, "
        "or this computer is offline)."
    )
    assert fields.test_button.isEnabled()


def test_test_connection_says_nothing_answers(qtbot: QtBot) -> None:
    unused = socket.socket()
    unused.bind(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()  # nothing listens there now
    fields = ServerFields()
    qtbot.addWidget(fields)
    fill(qtbot, fields, "127.0.0.1", port, "pursuits", "ann")
    fields.test_connection()
    qtbot.waitUntil(lambda: not fields.testing(), timeout=15000)
    assert "does not answer" in fields.result.text()


def test_move_to_shared_server_copies_everything_and_offers_to_switch(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the menu, with a second real store standing in for the server."""
    store.create_sample_pursuit()
    store.create_pursuit("Initech — renewal", "Initech")
    server_file = tmp_path / "server" / "pursuits.sqlite3"
    server = Store.open(server_file)
    server.create_pursuit("Someone else's")
    server.close()
    opened: list[str] = []

    def open_server(url: str, password: str | None = None) -> Store:
        opened.append(url)
        return Store.open(server_file)

    monkeypatch.setattr("pursuit_journey.store.server_link.open_server_store", open_server)
    restarts: list[bool] = []
    window.restartRequested.connect(lambda: restarts.append(True))
    seen: dict[str, str] = {}
    assert window.move_to_server_action.isVisible() is not False
    assert not window.save_local_copy_action.isVisible()

    def copy(dialog: QWidget) -> None:
        assert isinstance(dialog, MoveToServerDialog)
        fill(qtbot, dialog.server, "db.example.com", 5433, "pursuits", "ann")
        dialog.server.remember.setChecked(False)
        when_modal(
            QMessageBox,
            lambda box: (seen.update(summary=box.text()), press(box, "Stay on This Computer")),
        )
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    when_modal(MoveToServerDialog, copy)
    window.move_to_server_action.trigger()

    assert opened == [URL]
    assert seen["summary"].startswith(
        "Copied 2 pursuits to the server ann@db.example.com:5433/pursuits."
    )
    assert restarts == [] and saved_server(settings) == ""
    server = Store.open(server_file)
    try:
        names = sorted(p.name for p in server.pursuit_summaries())
    finally:
        server.close()
    assert names == sorted(["Someone else's", "Initech — renewal", SAMPLE_NAME])

    # Again: everything is there; the seller switches to the server.
    def again(dialog: QWidget) -> None:
        assert isinstance(dialog, MoveToServerDialog)
        fill(qtbot, dialog.server, "db.example.com", 5433, "pursuits", "ann")
        dialog.server.remember.setChecked(False)
        when_modal(
            QMessageBox,
            lambda box: (seen.update(summary=box.text()), press(box, "Switch to the Server")),
        )
        dialog.accept()

    when_modal(MoveToServerDialog, again)
    window.move_to_server_action.trigger()

    assert seen["summary"].startswith(
        "Nothing was copied to the server ann@db.example.com:5433/pursuits. 2 pursuits were "
        "already there"
    )
    assert "“Initech — renewal”" in seen["summary"]
    assert saved_server(settings) == URL
    assert restarts == [True]


def test_a_url_with_a_password_is_refused_with_a_clear_message() -> None:
    from pursuit_journey.store.errors import InvalidInput
    from pursuit_journey.store.server_link import check_url

    with pytest.raises(InvalidInput, match="holds a password"):
        check_url("postgresql://ann:secret@db.example.com/pursuits")
    with pytest.raises(InvalidInput, match="holds a password"):
        check_url("postgresql://ann@db.example.com/pursuits?password=secret")
    assert check_url(" " + URL + " ") == URL


def test_database_with_a_password_on_the_command_line_is_refused(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pursuit_journey import app as app_module
    from pursuit_journey.cli import parse_args

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "_fatal", lambda title, text: said.append((title, text)))
    args = parse_args(
        ["--data-dir", str(tmp_path / "data"), "--database", "postgresql://ann:s3cret@db/p"]
    )

    assert app_module.run(args, ["test"]) == 2

    [(title, text)] = said
    assert title == "Cannot use that server"
    assert "holds a password" in text and "s3cret" not in text
    assert not (tmp_path / "data" / "pursuits.sqlite3").exists()  # nothing opened
