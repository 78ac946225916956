"""Rows a seller can tell apart (the client's name is not repeated in the pursuit's), and the
momentum view's search and clickable figures."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot
from test_momentum_view import add_pursuit, board, open_window, shown_clients  # noqa: F401

from pursuit_journey.domain.momentum_board import filter_lines, sorted_lines
from pursuit_journey.drawing.formatting import money
from pursuit_journey.drawing.journey_glyphs import warning_colour
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.momentum.momentum_view import left_texts
from pursuit_journey.ui.momentum.upcoming_list import Column as UpcomingColumn
from pursuit_journey.ui.pursuit_list import Column as ListColumn

Board = dict[str, tuple[int, int | None]]
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


def test_the_list_shows_the_distinctive_rest_and_keeps_the_full_name_for_tooltip_and_reader(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    first = store.create_pursuit("Globex Energy — adoption routes", client="Globex Energy")
    store.create_pursuit("Globex Energy — depot pilot phase 2", client="Globex Energy")
    store.create_pursuit("Renewal", client="Initech")
    window = open_window(qtbot, store, settings)
    window.show_view(window.splitter)
    model = window.list_panel.model
    row = model.row_of(first.id)
    assert row is not None
    name = model.index(row, ListColumn.NAME)
    assert name.data() == "adoption routes"
    assert model.index(row, ListColumn.CLIENT).data() == "Globex Energy"
    assert "Globex Energy — adoption routes" in name.data(TOOLTIP)
    assert name.data(ACCESSIBLE) == "Globex Energy — adoption routes"
    assert name.data(Qt.ItemDataRole.EditRole) == "Globex Energy — adoption routes"  # renamed whole
    shown = sorted(model.index(r, ListColumn.NAME).data() for r in range(model.rowCount()))
    assert shown == ["Renewal", "adoption routes", "depot pilot phase 2"]

    # Elided in the middle: the distinctive end ("phase 2") stays in sight.
    table = window.list_panel.table
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(ListColumn.NAME).initStyleOption(option, name)
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
    metrics = option.fontMetrics
    room = metrics.horizontalAdvance("depot p…2")
    narrow = metrics.elidedText("depot pilot phase 2", option.textElideMode, room)
    assert narrow.endswith("2")


def test_the_momentum_rows_and_upcoming_name_the_client_then_the_distinctive_rest(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    acme = view.model.lines[view.model.row_of(board["Acme"][0]) or 0]
    assert acme.name == "Acme rollout"
    assert left_texts(acme) == ("Acme", money(50_000_00, "EUR"), "rollout")
    index = view.model.index(view.model.row_of(board["Acme"][0]) or 0)
    assert "Acme rollout" in index.data(TOOLTIP)
    assert "Acme rollout" in index.data(ACCESSIBLE)

    upcoming = view.upcoming.model
    headers = [
        upcoming.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for column in (UpcomingColumn.CLIENT, UpcomingColumn.PURSUIT)
    ]
    assert headers == ["Client", "Pursuit"]
    acme_row = [step.client for step in upcoming.steps].index("Acme")
    assert upcoming.index(acme_row, UpcomingColumn.CLIENT).data() == "Acme"
    pursuit = upcoming.index(acme_row, UpcomingColumn.PURSUIT)
    assert pursuit.data() == "rollout"
    assert pursuit.data(ACCESSIBLE) == "Acme rollout"
    assert "Acme rollout" in pursuit.data(TOOLTIP)


def test_ctrl_f_searches_the_momentum_view_and_esc_clears_it(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    assert window.views.currentWidget() is view
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search

    qtbot.keyClicks(view.search, "GLÖB")  # case- and accent-blind
    assert shown_clients(view) == ["Globex"]
    assert view.filter_status.isVisible()
    assert view.filter_status.text() == "Showing 1 of 5 pursuits: matching “GLÖB”"
    with qtbot.assertNotEmitted(view.model.modelReset):  # the same rows: nothing redrawn
        qtbot.keyClick(view.search, Qt.Key.Key_E)
    assert shown_clients(view) == ["Globex"]
    view.search.clear()
    qtbot.keyClicks(view.search, "pilot team")  # the next decision is searched too
    assert shown_clients(view) == ["Globex", "Acme", "Hooli"]

    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert shown_clients(view) == ["Globex", "Initech", "Acme", "Hooli", "Umbrella"]
    assert view.filter_status.text() == ""
    assert not view.clear_filter.isEnabled()


def test_the_stalling_and_missing_decision_figures_filter_the_rows_and_a_second_click_clears(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    everyone = ["Globex", "Initech", "Acme", "Hooli", "Umbrella"]
    # A button, yet it reads as the figure it is: the stalling count in the warning colour.
    value = view.stalling_tile.value
    assert value.palette().color(value.foregroundRole()) == warning_colour(view.palette())

    qtbot.mouseClick(view.stalling_tile, Qt.MouseButton.LeftButton)
    # Globex: 30 days without a decision; Initech: never; Hooli: two stays.
    assert shown_clients(view) == ["Globex", "Initech", "Hooli"]
    assert view.stalling_tile.isChecked()
    assert view.filter_status.text() == "Showing 3 of 5 pursuits: stalling"
    qtbot.mouseClick(view.stalling_tile, Qt.MouseButton.LeftButton)
    assert shown_clients(view) == everyone
    assert not view.stalling_tile.isChecked()

    qtbot.mouseClick(view.missing_tile, Qt.MouseButton.LeftButton)
    assert shown_clients(view) == ["Initech"]  # its step in 2 days has no decision yet
    assert view.missing_tile.isChecked() and not view.stalling_tile.isChecked()
    assert "without a decision" in view.filter_status.text()
    # The other figure replaces it; Esc on the rows clears it.
    qtbot.mouseClick(view.stalling_tile, Qt.MouseButton.LeftButton)
    assert shown_clients(view) == ["Globex", "Initech", "Hooli"]
    view.rows.setFocus()
    qtbot.keyClick(view.rows, Qt.Key.Key_Escape)
    assert shown_clients(view) == everyone
    assert not view.stalling_tile.isChecked()

    # The figures are buttons for the keyboard too, and a reload keeps the filter.
    view.missing_tile.setFocus()
    qtbot.keyClick(view.missing_tile, Qt.Key.Key_Space)
    assert shown_clients(view) == ["Initech"]
    view.mark_stale()
    assert shown_clients(view) == ["Initech"]


def test_the_momentum_search_shows_what_filter_lines_finds_at_every_keystroke(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    """The board filters itself (kept search texts, a letter typed on looks only at the rows
    still shown): typed on, deleted, retyped in another order, with a figure, after an edit to
    a pursuit, and after another sort, it shows exactly the rows ``filter_lines`` finds."""
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    search = view.search

    def expected() -> list[str]:
        rows = sorted_lines(view.lines, view.order)
        found = filter_lines(rows, today=store.today(), search=search.text(), figure=view.figure)
        return [line.client for line in found]

    def check() -> None:
        assert shown_clients(view) == expected(), search.text()

    for letter in "pilot team":
        qtbot.keyClicks(search, letter)
        check()
    assert shown_clients(view) == ["Globex", "Acme", "Hooli"]
    for _ in "pilot team":
        qtbot.keyClick(search, Qt.Key.Key_Backspace)
        check()
    assert shown_clients(view) == ["Globex", "Initech", "Acme", "Hooli", "Umbrella"]
    for text in ("u", "um", "umbrella", "rollout umbrella", "rollout", "out", "o", "ho", "hoo"):
        search.setText(text)  # pasted or replaced: wider and narrower in turn
        check()
    assert shown_clients(view) == ["Hooli"]

    search.setText("rollout")
    qtbot.mouseClick(view.stalling_tile, Qt.MouseButton.LeftButton)  # with a figure
    check()
    assert shown_clients(view) == ["Globex", "Initech", "Hooli"]
    qtbot.keyClicks(search, " nit")
    check()
    assert shown_clients(view) == ["Initech"]

    # An edit while searching: the pursuit read again is found (or not) by its new words.
    acme_id, acme_step = board["Acme"]
    assert acme_step is not None
    store.rename_pursuit(acme_id, "Initial rollout")
    qtbot.mouseClick(view.stalling_tile, Qt.MouseButton.LeftButton)  # the figure off
    view.mark_stale(acme_id)
    check()
    assert shown_clients(view) == ["Initech", "Acme"]
    qtbot.keyClicks(search, "e")
    check()
    assert shown_clients(view) == ["Initech"]

    view.sort_choice.setCurrentIndex((view.sort_choice.currentIndex() + 1) % 3)  # re-sorted
    search.setText("rollout")
    check()
    assert sorted(shown_clients(view)) == ["Acme", "Globex", "Hooli", "Initech", "Umbrella"]
