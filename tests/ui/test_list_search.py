"""The pursuit list's search and status filter, kept by the list itself: what it shows while
typing, where the selection goes when the selected pursuit is hidden, and a rename found at
once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import PursuitStatus
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.pursuit_list import Column


def shown(window: MainWindow) -> list[str]:
    model = window.list_panel.model
    return [model.index(row, Column.CLIENT).data() for row in range(model.rowCount())]


def shown_pursuit(window: MainWindow) -> str:
    return window.pursuit_page.title.text() if window.pursuit_page.isVisible() else ""


def make(store: Store, *clients: str) -> dict[str, int]:
    return {client: store.create_pursuit(f"{client} deal", client=client).id for client in clients}


def test_typing_narrows_and_deleting_widens_again(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    make(store, "Northwind", "Norrland", "Globex", "Nordic Ré")
    window.refresh()
    search = window.list_panel.search
    qtbot.keyClicks(search, "nor")
    assert shown(window) == ["Nordic Ré", "Norrland", "Northwind"]
    qtbot.keyClicks(search, "t")
    assert shown(window) == ["Northwind"]
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    assert shown(window) == ["Nordic Ré", "Norrland", "Northwind"]
    search.setText("re nor")  # accents and word order do not matter
    assert shown(window) == ["Nordic Ré"]
    search.clear()
    assert shown(window) == ["Globex", "Nordic Ré", "Norrland", "Northwind"]


def test_a_pursuit_renamed_a_moment_ago_is_found_by_its_new_name(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    ids = make(store, "Acme", "Globex", "Initech")
    window.refresh()
    # Sorted by client, a new name keeps the row in its place: only the row changes.
    window.list_panel.table.sortByColumn(Column.CLIENT, Qt.SortOrder.AscendingOrder)
    search = window.list_panel.search
    qtbot.keyClicks(search, "acme")  # the search texts are made (and kept) now
    assert shown(window) == ["Acme"]
    search.clear()
    window.list_panel.select(ids["Globex"])
    window.rename_pursuit(ids["Globex"], "Umbrella pilot")
    qtbot.keyClicks(search, "umbrella")
    assert [window.list_panel.model.summary(0).name] == ["Umbrella pilot"]
    assert window.list_panel.model.rowCount() == 1
    search.clear()
    qtbot.keyClicks(search, "globex deal")
    assert shown(window) == []


def test_hiding_the_selected_pursuit_selects_the_next_one_shown(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    ids = make(store, "Acme", "Globex", "Hooli", "Initech")
    window.refresh()
    panel = window.list_panel
    panel.select(ids["Globex"])
    assert shown_pursuit(window) == "Globex deal"
    qtbot.keyClicks(panel.search, "i")  # Hooli and Initech
    assert shown(window) == ["Hooli", "Initech"]
    assert panel.current_id() == ids["Hooli"]  # the nearest after it
    assert shown_pursuit(window) == "Hooli deal"
    panel.select(ids["Initech"])
    panel.search.setText("acme")  # none after it: the nearest before it
    assert panel.current_id() == ids["Acme"]
    assert shown_pursuit(window) == "Acme deal"
    qtbot.keyClicks(panel.search, "x")  # nothing left
    assert shown(window) == []
    assert window.pages.currentWidget() is window.welcome


def test_the_shown_pursuit_is_not_shown_again_while_it_stays(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    ids = make(store, "Acme", "Acme Bank", "Globex")
    window.refresh()
    panel = window.list_panel
    panel.select(ids["Acme Bank"])
    told: list[object] = []
    panel.pursuitSelected.connect(told.append)
    qtbot.keyClicks(panel.search, "acme")
    assert told == []
    assert shown_pursuit(window) == "Acme Bank deal"


def test_search_and_status_filter_together(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    ids = make(store, "Northwind", "Norrland", "Globex")
    store.set_status(ids["Norrland"], PursuitStatus.WON)
    window.refresh()
    panel = window.list_panel
    qtbot.keyClicks(panel.search, "nor")
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("open"))
    assert shown(window) == ["Northwind"]
    panel.search.clear()
    assert shown(window) == ["Globex", "Northwind"]
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(PursuitStatus.WON.value))
    assert shown(window) == ["Norrland"]
    # A change that takes a pursuit out of the filter takes it off the list.
    window.set_status(PursuitStatus.ACTIVE, ids["Norrland"])
    assert shown(window) == []


def test_every_pursuit_is_found_at_its_row_through_searches_sorts_and_renames(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """A pursuit's row is found by its place in the sorted list (not a map of the rows shown,
    made again at every keystroke): after each search, sort and rename, ``row_of`` says the
    row it is shown at, and None for one the search hides."""
    ids = make(store, "Northwind", "Norrland", "Globex", "Nordic Ré", "Acme", "Hooli")
    window.refresh()
    model = window.list_panel.model
    search = window.list_panel.search

    def check() -> None:
        rows = {model.summary(row).id: row for row in range(model.rowCount())}
        for pursuit_id in ids.values():
            assert model.row_of(pursuit_id) == rows.get(pursuit_id), search.text()
        assert model.row_of(-1) is None

    for letter in "nor":
        qtbot.keyClicks(search, letter)
        check()
    window.list_panel.table.sortByColumn(Column.CLIENT, Qt.SortOrder.DescendingOrder)
    check()
    qtbot.keyClick(search, Qt.Key.Key_Backspace)
    check()
    window.rename_pursuit(ids["Globex"], "Nordstrom pilot")  # now found by "no"
    check()
    assert model.row_of(ids["Globex"]) is not None
    search.clear()
    check()
    window.list_panel.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    check()
    window.list_panel.status_filter.setCurrentIndex(2)
    check()
