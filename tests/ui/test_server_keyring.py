"""The server's password typed in Preferences ▸ Data goes to the system keyring (here an
in-memory one standing in for GNOME Keyring or the macOS Keychain), never to settings.ini, and
the server is then reached with it (tests/postgres.py: skipped without a server)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url
from test_server_data import press, when_modal

from pursuit_journey.paths import Paths
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.preferences import PreferencesDialog
from pursuit_journey.ui.window_layout import saved_server


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]  # keyring's own class attribute

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(before)


def test_the_password_goes_to_the_keyring_and_reaches_the_server(
    qtbot: QtBot,
    window: MainWindow,
    settings: QSettings,
    paths: Paths,
    postgres_database: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    parsed = make_url(postgres_database)
    secret = str(parsed.password)
    seen: dict[str, str] = {}

    def on_data_page(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        dialog.shared_server.setChecked(True)
        fields = dialog.server
        fields.host.setText(str(parsed.host))
        fields.port.setValue(int(parsed.port or 5432))
        fields.database.setText(str(parsed.database))
        fields.user.setText(str(parsed.username))
        fields.security.setCurrentIndex(fields.security.findData("disable"))
        qtbot.keyClicks(fields.password, secret)
        assert fields.remember.isChecked()  # remembered unless the seller says otherwise
        when_modal(QMessageBox, lambda box: press(box, "Later"))
        dialog.accept()

    when_modal(PreferencesDialog, on_data_page)
    window.preferences_action.trigger()

    url = saved_server(settings)
    assert url.startswith(f"postgresql://{parsed.username}@{parsed.host}:")
    assert secret not in url
    assert secret not in paths.settings_file.read_text(encoding="utf-8")
    assert list(memory_keyring.saved.values()) == [secret]

    # Test Connection with the field empty: the password comes from the keyring.
    def test_connection(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        dialog.server.test_connection()
        qtbot.waitUntil(lambda: not dialog.server.testing(), timeout=15000)
        seen["result"] = dialog.server.result.text()
        dialog.reject()

    when_modal(PreferencesDialog, test_connection)
    window.preferences_action.trigger()
    assert seen["result"].startswith("✓ Connected: PostgreSQL "), seen["result"]

    # Unticking "Remember" forgets it.
    def forget(dialog: QWidget) -> None:
        assert isinstance(dialog, PreferencesDialog)
        dialog.server.remember.setChecked(False)
        dialog.accept()

    when_modal(PreferencesDialog, forget)
    window.preferences_action.trigger()
    assert memory_keyring.saved == {}
