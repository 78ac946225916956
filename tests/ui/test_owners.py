"""Whose pursuits: the seller's name asked once per computer on a shared server, and the list and
the momentum view filtered Mine / Everyone (nothing of it on this computer's own file).

A shared server is played by the SQLite store with ``shared`` answering True: what the window
does with it is the same.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.domain.momentum import StallingThresholds
from pursuit_journey.store.repository import Store
from pursuit_journey.ui import seller_name
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.preferences import PreferencesDialog
from pursuit_journey.ui.window_layout import OWNER_FILTER, SELLER_NAME


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Store, "shared", property(lambda self: True))


def three_sellers(store: Store) -> dict[str, int]:
    ids = {}
    for owner, name, client in (
        ("Dana Reyes", "Fleet pilot", "Acme"),
        ("Sam Ortiz", "Renewal", "Beta"),
        ("", "Old one", "Gamma"),
    ):
        pursuit = store.create_pursuit(name, client, owner=owner)
        assert pursuit.id is not None
        ids[name] = pursuit.id
    return ids


def listed(window: MainWindow) -> list[str]:
    model = window.list_panel.model  # the rows shown: the list filters itself
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


def never_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(*_args: object) -> str:
        raise AssertionError("the name was asked")

    monkeypatch.setattr(seller_name, "ask_seller_name", ask)


def test_on_a_shared_server_mine_shows_the_sellers_pursuits_and_says_what_it_hides(
    qtbot: QtBot,
    shared: None,
    store: Store,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    never_asked(monkeypatch)
    three_sellers(store)
    settings.setValue(SELLER_NAME, "dana  reyes")
    settings.setValue("window/view", "pursuits")
    window = shown_window(qtbot, store, settings)
    panel = window.list_panel

    assert panel.owner_filter.isVisible() and panel.owner_filter.currentText() == "Mine"
    assert listed(window) == ["Fleet pilot"]
    assert panel.owner_note.isVisible()
    assert panel.owner_note.text() == (
        "Showing your 1; 2 pursuits of others hidden (choose Everyone to see them)."
    )

    # Keyboard: Tab from the search reaches the filter, and a key chooses Everyone.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel.focus_search()
    qtbot.keyClick(panel.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.owner_filter
    qtbot.keyClick(panel.owner_filter, Qt.Key.Key_Down)
    assert panel.owner_filter.currentText() == "Everyone"
    assert listed(window) == ["Fleet pilot", "Old one", "Renewal"]
    assert not panel.owner_note.isVisible()
    assert settings.value(OWNER_FILTER) == "everyone"

    # The momentum view follows the same choice, and says what Mine hides there too.
    window.show_view(window.momentum_view)
    board = window.momentum_view
    assert board.owner_filter.isVisible() and board.owner_filter.currentText() == "Everyone"
    assert board.model.rowCount() == 3
    board.owner_filter.setCurrentIndex(0)
    assert board.model.rowCount() == 1
    assert "2 pursuits of others hidden" in board.filter_status.text()
    assert board.active_tile.value.text() == "1"
    assert panel.owner_filter.currentText() == "Mine"
    assert settings.value(OWNER_FILTER) == "mine"


def test_the_filter_is_remembered_and_mine_is_the_default(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_asked(monkeypatch)
    three_sellers(store)
    settings.setValue(SELLER_NAME, "Sam Ortiz")
    settings.setValue("window/view", "momentum")
    window = shown_window(qtbot, store, settings)
    board = window.momentum_view
    assert board.owner_filter.currentText() == "Mine"
    assert board.model.rowCount() == 1

    settings.setValue(OWNER_FILTER, "everyone")
    again = shown_window(qtbot, store, settings)
    assert again.momentum_view.owner_filter.currentText() == "Everyone"
    assert again.momentum_view.model.rowCount() == 3


def test_when_mine_hides_every_row_the_board_says_so(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_asked(monkeypatch)
    three_sellers(store)
    settings.setValue(SELLER_NAME, "Lee Newcomer")
    settings.setValue("window/view", "momentum")
    window = shown_window(qtbot, store, settings)
    board = window.momentum_view
    assert board.model.rowCount() == 0
    assert board.empty.isVisible()
    assert board.empty.text() == (
        "None of these pursuits is yours: 3 pursuits of others hidden. Choose Everyone to see them."
    )


def test_the_name_is_asked_once_when_a_pursuit_is_created_on_a_shared_server(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def ask(_parent: object, current: str = "") -> str:
        asked.append(current)
        return "  Dana   Reyes "

    monkeypatch.setattr(seller_name, "ask_seller_name", ask)
    window = shown_window(qtbot, store, settings)
    first = window.create_pursuit("Fleet pilot")
    second = window.create_pursuit("Renewal")
    assert asked == [""]
    assert settings.value(SELLER_NAME) == "Dana Reyes"
    assert first is not None and second is not None
    assert store.pursuit(first).owner == store.pursuit(second).owner == "Dana Reyes"
    assert listed(window) == ["Fleet pilot", "Renewal"]


def test_on_this_computers_file_nothing_is_asked_or_filtered(
    qtbot: QtBot, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_asked(monkeypatch)
    three_sellers(store)
    settings.setValue(SELLER_NAME, "Dana Reyes")
    settings.setValue("window/view", "pursuits")
    window = shown_window(qtbot, store, settings)
    window.build_rest()
    assert not window.list_panel.owner_filter.isVisible()
    assert not window.list_panel.owner_note.isVisible()
    assert listed(window) == ["Fleet pilot", "Old one", "Renewal"]
    created = window.create_pursuit("Made here")
    assert created is not None
    assert store.pursuit(created).owner == "Dana Reyes"  # the name, since it is known
    window.show_view(window.momentum_view)
    assert not window.momentum_view.owner_filter.isVisible()
    assert window.momentum_view.model.rowCount() == 4


def test_the_name_is_corrected_in_preferences_on_a_shared_server(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_asked(monkeypatch)
    three_sellers(store)
    settings.setValue(SELLER_NAME, "Dana")
    settings.setValue("window/view", "pursuits")
    window = shown_window(qtbot, store, settings)
    assert listed(window) == []
    seen_name: list[str] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PreferencesDialog):
            QTimer.singleShot(20, act)
            return
        assert dialog.seller_name is not None
        seen_name.append(dialog.seller_name.text())
        dialog.seller_name.setText(" Dana  Reyes ")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)
    window.preferences_action.trigger()
    assert seen_name == ["Dana"]
    assert settings.value(SELLER_NAME) == "Dana Reyes"
    assert store.owner == "Dana Reyes"
    assert listed(window) == ["Fleet pilot"]


def test_preferences_ask_no_name_on_this_computers_file(store: Store, qtbot: QtBot) -> None:
    dialog = PreferencesDialog(StallingThresholds())
    qtbot.addWidget(dialog)
    assert dialog.seller_name is None and dialog.chosen_name() is None


def test_the_name_is_asked_when_a_shared_server_is_first_opened(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def ask(_parent: object, current: str = "") -> str | None:
        asked.append(current)
        return None  # the seller cancelled: asked again only when they create a pursuit

    monkeypatch.setattr(seller_name, "ask_seller_name", ask)
    window = shown_window(qtbot, store, settings)
    window.build_rest()
    assert asked == [""]
    assert settings.value(SELLER_NAME) is None and store.owner == ""
    assert window.server_watch is not None and not window.server_watch.listening  # a file


def test_a_new_computer_shows_the_sellers_first_pursuit_once_the_name_is_given(
    qtbot: QtBot, shared: None, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for owner, name in (("Sam Ortiz", "Renewal"), ("Dana Reyes", "Fleet pilot")):
        store.create_pursuit(name, "Acme", owner=owner)  # every pursuit someone's: none shows
    settings.setValue("window/view", "pursuits")
    monkeypatch.setattr(seller_name, "ask_seller_name", lambda *_args: "Dana Reyes")
    window = shown_window(qtbot, store, settings)
    assert window.current_pursuit_id() is None  # until the name is known
    window.build_rest()  # where the name is asked, after the first picture

    assert listed(window) == ["Fleet pilot"]
    assert window.current_pursuit_id() is not None
    assert window.pages.currentWidget() is window.pursuit_page  # not the welcome


def test_a_search_that_showed_nothing_shows_the_first_pursuit_when_cleared(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    ids = three_sellers(store)
    settings.setValue("window/view", "pursuits")
    window = shown_window(qtbot, store, settings)
    panel = window.list_panel
    qtbot.keyClicks(panel.search, "nothing like it")
    assert window.current_pursuit_id() is None
    panel.search.clear()
    assert window.current_pursuit_id() in ids.values()
    assert window.pages.currentWidget() is window.pursuit_page
