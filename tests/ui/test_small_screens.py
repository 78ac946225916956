"""A 13-inch laptop: the pursuit list can be hidden (and starts hidden on a narrow window),
and no dialog opens taller than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from test_momentum_view import open_window

from pursuit_journey.app import open_settings
from pursuit_journey.domain.momentum import StallingThresholds
from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store
from pursuit_journey.ui import main_window
from pursuit_journey.ui.backup.backup_dialogs import RestoreDialog
from pursuit_journey.ui.preferences import PreferencesDialog


@pytest.fixture
def fresh_settings(paths: Paths) -> QSettings:
    """Settings of a first start: the seller has not chosen whether to show the list."""
    return open_settings(paths)


def add_pursuits(store: Store) -> int:
    first = store.create_pursuit("Globex Energy — adoption routes", client="Globex Energy")
    store.create_pursuit("Initech renewal", client="Initech")
    assert first.id is not None
    store.add_step(first.id, title="Discovery")
    return first.id


def test_a_window_narrower_than_1100_px_starts_with_the_list_hidden(
    qtbot: QtBot, store: Store, fresh_settings: QSettings
) -> None:
    add_pursuits(store)
    window = open_window(qtbot, store, fresh_settings)
    assert window.width() < 1100  # the offscreen screen is 800 px wide
    assert not window.list_action.isChecked()
    assert not window.list_panel.isVisible()
    assert window.pages.currentWidget() is window.pursuit_page  # the pursuit is still shown
    assert window.pursuit_page.title.text() == "Globex Energy — adoption routes"


def test_a_wide_window_starts_with_the_list_shown(
    qtbot: QtBot, store: Store, fresh_settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_pursuits(store)
    monkeypatch.setattr(main_window, "LIST_SHOWN_FROM_WIDTH", 700)  # the 800 px screen is wide
    window = open_window(qtbot, store, fresh_settings)
    assert window.list_action.isChecked()
    assert window.list_panel.isVisible()


def test_ctrl_l_shows_and_hides_the_list_and_the_choice_is_remembered(
    qtbot: QtBot, store: Store, fresh_settings: QSettings
) -> None:
    pursuit_id = add_pursuits(store)
    fresh_settings.setValue("window/view", "pursuits")
    window = open_window(qtbot, store, fresh_settings)
    assert not window.list_panel.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.list_panel.isVisible()
    assert window.list_action.isChecked()
    assert window.current_pursuit_id() == pursuit_id  # the same pursuit stays selected
    window.close()

    again = open_window(qtbot, store, fresh_settings)  # the seller's choice beats the width
    assert again.list_panel.isVisible()
    qtbot.keyClick(again, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not again.list_panel.isVisible()
    assert not again.list_action.isChecked()
    again.close()

    third = open_window(qtbot, store, fresh_settings)
    assert not third.list_panel.isVisible()
    # Ctrl+F in the pursuits view brings the hidden list back for its search.
    qtbot.keyClick(third, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert third.list_panel.isVisible()
    assert QApplication.focusWidget() is third.list_panel.search


def within_screen(widget: QWidget) -> bool:
    room: QRect = widget.screen().availableGeometry()
    return widget.height() <= room.height() and widget.width() <= room.width()


def test_dialogs_open_within_the_screens_available_geometry(
    qtbot: QtBot, store: Store, settings: QSettings, paths: Paths, tmp_path: Path
) -> None:
    pursuit_id = add_pursuits(store)
    window = open_window(qtbot, store, settings)
    window.show_view(window.splitter)
    window.list_panel.select(pursuit_id)
    room = window.screen().availableGeometry()

    # The preview asks for 1,000 px: more than the 800 px screen has.
    sizes: list[tuple[int, int]] = []

    def measure_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(20, measure_preview)
            return
        sizes.append((dialog.frameGeometry().height(), dialog.width()))
        dialog.reject()

    QTimer.singleShot(0, measure_preview)
    window.preview_action.trigger()
    assert sizes and sizes[0][0] <= room.height()
    assert sizes[0][1] <= room.width()

    window.details_action.trigger()
    assert window.details is not None
    qtbot.waitExposed(window.details)
    assert within_screen(window.details)

    dialogs: list[QDialog] = [
        PreferencesDialog(StallingThresholds(), window),
        RestoreDialog([], window, paths.backups_dir),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert within_screen(dialog), dialog.windowTitle()
    assert str(paths.backups_dir) in dialogs[1].folder.text()  # where the backups are kept
