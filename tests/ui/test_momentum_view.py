"""The momentum view in the window: default view, switching, sorting, totals, clicking through,
stalling thresholds in Preferences, and printing from the Upcoming list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import choose_save_path, shown_window

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.momentum_board import SortOrder, sorted_lines
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.drawing.formatting import money
from pursuit_journey.drawing.journey_glyphs import warning_colour
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.momentum.momentum_view import MomentumView
from pursuit_journey.ui.momentum.upcoming_list import Column
from pursuit_journey.ui.preferences import DAYS_KEY, STAYS_KEY, PreferencesDialog

TODAY = date(2026, 3, 2)  # the store fixture's today
MORNING = datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=9)
STARTED = datetime(2026, 1, 5, 8, 0)


def add_pursuit(
    store: Store,
    client: str,
    *,
    value: int | None = None,
    currency: str = "EUR",
    decided_days_ago: int | None = None,
    next_in_days: float | None = None,
    next_decision: str = "The client picks the pilot team",
    stays: int = 0,
) -> tuple[int, int | None]:
    """A pursuit with (optionally) a decision, some stays and a planned next step."""
    pursuit = store.create_pursuit(
        f"{client} rollout",
        client=client,
        value_cents=value,
        currency=currency,
        created_at=STARTED,
    )
    assert pursuit.id is not None
    if decided_days_ago is not None:
        step = store.add_step(pursuit.id, title="Discovery")
        store.record_outcome(
            step.id,
            Outcome.ADVANCED,
            decision_made="Shares the route data",
            held_on=TODAY - timedelta(days=decided_days_ago),
        )
    for number in range(stays):
        step = store.add_step(pursuit.id, title=f"Follow-up {number + 1}")
        store.record_outcome(step.id, Outcome.STAYED, held_on=TODAY - timedelta(days=1))
    next_id = None
    if next_in_days is not None:
        step = store.add_step(
            pursuit.id,
            title="Pilot review",
            planned_at=MORNING + timedelta(days=next_in_days),
            decision_needed=next_decision,
        )
        next_id = step.id
    store.add_step(pursuit.id, title="Contract", planned_at=MORNING + timedelta(days=40))
    return pursuit.id, next_id


def open_window(qtbot: QtBot, store: Store, settings: QSettings) -> MainWindow:
    window = shown_window(qtbot, store, settings)
    window.activateWindow()  # offscreen, a new window is not active until asked: shortcuts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def board(store: Store) -> Iterator[dict[str, tuple[int, int | None]]]:
    """Five active pursuits (and a won one) in different states."""
    yield {
        "Acme": add_pursuit(store, "Acme", value=50_000_00, decided_days_ago=3, next_in_days=4),
        "Globex": add_pursuit(
            store, "Globex", value=120_000_00, decided_days_ago=30, next_in_days=1
        ),
        "Initech": add_pursuit(
            store, "Initech", value=9_000_00, currency="USD", next_in_days=2, next_decision=""
        ),
        "Hooli": add_pursuit(store, "Hooli", decided_days_ago=10, stays=2, next_in_days=9),
        "Umbrella": add_pursuit(store, "Umbrella", value=70_000_00, decided_days_ago=1),
    }
    won, _ = add_pursuit(store, "Stark", value=1_000_000_00, decided_days_ago=2, next_in_days=1)
    store.set_status(won, PursuitStatus.WON)


def shown_clients(view: MomentumView) -> list[str]:
    return [line.client for line in view.model.lines]


def test_with_five_active_pursuits_the_window_opens_on_the_momentum_view(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    assert window.views.currentWidget() is window.momentum_view
    assert window.momentum_action.isChecked()
    # Every active pursuit, and only those.
    assert sorted(shown_clients(window.momentum_view)) == [
        "Acme",
        "Globex",
        "Hooli",
        "Initech",
        "Umbrella",
    ]

    # The Pursuit menu acts on the list's selection: not while the list is hidden.
    assert not window.delete_action.isEnabled()
    window.refresh()  # a redraw (after any save) keeps it so
    assert not window.rename_action.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.splitter
    assert window.pursuits_action.isChecked()
    assert window.delete_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.momentum_view
    assert not window.delete_action.isEnabled()


def test_with_fewer_active_pursuits_the_window_opens_on_the_pursuits(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    for client in ("Acme", "Globex", "Initech", "Hooli"):
        add_pursuit(store, client)
    on_hold, _ = add_pursuit(store, "Paused")
    store.set_status(on_hold, PursuitStatus.ON_HOLD)
    window = open_window(qtbot, store, settings)
    assert window.views.currentWidget() is window.splitter
    window.momentum_action.trigger()  # View ▸ Momentum
    assert window.views.currentWidget() is window.momentum_view
    assert len(window.momentum_view.model.lines) == 4


def test_rows_sort_by_next_interaction_then_as_chosen_and_the_choice_is_kept(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    assert view.order is SortOrder.NEXT_INTERACTION
    assert shown_clients(view) == ["Globex", "Initech", "Acme", "Hooli", "Umbrella"]

    view.sort_choice.setCurrentIndex(view.sort_choice.findData(SortOrder.QUIET_DAYS.value))
    # Initech never decided: it counts from its start, eight weeks ago.
    assert shown_clients(view) == ["Initech", "Globex", "Hooli", "Acme", "Umbrella"]

    view.sort_choice.setCurrentIndex(view.sort_choice.findData(SortOrder.VALUE.value))
    assert shown_clients(view) == ["Globex", "Umbrella", "Acme", "Initech", "Hooli"]

    window.close()
    again = open_window(qtbot, store, settings)
    assert again.momentum_view.order is SortOrder.VALUE


def test_totals_add_values_per_currency_and_count_stalling_and_missing_decisions(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    assert view.active_tile.text() == "5 active pursuits"
    assert view.value_tile.value.text() == f"{money(240_000_00, 'EUR')} · {money(9_000_00, 'USD')}"
    assert view.value_tile.caption.text() == "their value (1 without a value)"
    # Globex: 30 days without a decision; Initech: never, since January; Hooli: two stays.
    assert view.stalling_tile.value.text() == "3"
    assert view.stalling_tile.warning
    # Steps in the next 7 days: Globex, Initech (no decision), Acme. Hooli's is in 9 days.
    assert view.missing_tile.text() == "1 of 3 steps in the next 7 days without a decision"
    assert view.missing_tile.warning


def test_a_narrow_window_wraps_the_figures_between_words_never_inside_an_amount(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    add_pursuit(store, "Massive", value=353_816_000_00, decided_days_ago=1)
    window = open_window(qtbot, store, settings)
    window.resize(window.minimumSize())
    tile = window.momentum_view.value_tile
    amount = money(240_000_00 + 353_816_000_00, "EUR").split()[0]  # with the board's other EUR
    assert tile.value.text().startswith(f"{amount} EUR")

    qtbot.waitUntil(
        lambda: tile.value.width() >= QFontMetrics(tile.value.font()).horizontalAdvance(amount)
    )
    assert window.width() <= window.minimumWidth() + 20  # the window stays as narrow as it was


def test_clicking_a_line_opens_the_pursuit_at_its_next_step(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    pursuit_id, next_id = board["Hooli"]
    assert next_id is not None

    qtbot.mouseClick(
        view.rows.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.line_point(pursuit_id).toPoint(),
    )

    assert window.views.currentWidget() is window.splitter
    assert window.pursuits_action.isChecked()
    assert window.current_pursuit_id() == pursuit_id
    page = window.pursuit_page
    assert page.line.current_step() is not None
    assert page.line.current_step().id == next_id
    assert window.prep_form.current_step_id() == next_id
    assert page.tabs.currentWidget() is window.prep_form


def test_enter_opens_the_current_row_even_when_the_list_filter_hides_it(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    window.list_panel.search.setText("nothing matches this")
    view = window.momentum_view
    window.show_view(view)
    pursuit_id, next_id = board["Initech"]
    view.rows.setCurrentIndex(view.model.index(view.model.row_of(pursuit_id) or 0))
    qtbot.keyClick(view.rows, Qt.Key.Key_Return)
    assert window.current_pursuit_id() == pursuit_id
    assert window.prep_form.current_step_id() == next_id


def answer_preferences(qtbot: QtBot, stays: int, days: int) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PreferencesDialog):
            QTimer.singleShot(20, act)
            return
        dialog.stays.setValue(stays)
        dialog.days.setValue(days)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)


def test_stalling_thresholds_change_in_preferences_and_are_kept(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    hooli, _ = board["Hooli"]
    line = view.model.lines[view.model.row_of(hooli) or 0]
    assert line.momentum.stalling  # two stays in a row, the default threshold

    answer_preferences(qtbot, stays=3, days=60)
    window.preferences_action.trigger()

    assert store.thresholds.stays_in_a_row == 3
    assert store.thresholds.days_without_decision == 60
    assert view.stalling_tile.value.text() == "0"
    assert not view.stalling_tile.warning
    assert not any(line.momentum.stalling for line in view.model.lines)
    # The pursuit list follows the same rule.
    row = window.list_panel.model.row_of(hooli)
    assert row is not None and not window.list_panel.model.summary(row).momentum.stalling
    assert settings.value(STAYS_KEY, type=int) == 3
    assert settings.value(DAYS_KEY, type=int) == 60

    window.close()
    store.thresholds = type(store.thresholds)()  # as a fresh start would have them
    again = open_window(qtbot, store, settings)
    assert again.store.thresholds.stays_in_a_row == 3
    assert again.momentum_view.stalling_tile.value.text() == "0"


def pdf_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_upcoming_lists_the_next_seven_days_and_one_click_saves_a_steps_sheet(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: dict[str, tuple[int, int | None]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, store, settings)
    panel = window.momentum_view.upcoming
    model = panel.model
    assert [step.client for step in model.steps] == ["Globex", "Initech", "Acme"]
    initech_row = 1
    decision = model.index(initech_row, Column.DECISION)
    assert decision.data() == "decision missing"
    assert decision.data(Qt.ItemDataRole.ForegroundRole) == warning_colour(QApplication.palette())
    assert "1 without a decision" in panel.title.text()

    suggested = choose_save_path(monkeypatch, tmp_path / "acme-sheet.pdf")
    acme_row = 2
    cell = panel.button_rect(acme_row, Column.PDF)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())

    pages = pdf_text(tmp_path / "acme-sheet.pdf")
    assert len(pages) == 1
    assert "The client picks the pilot team" in pages[0]
    assert "Acme rollout" in pages[0]
    assert suggested[0].endswith("Acme rollout - Pilot review.pdf")


def test_upcoming_saves_all_sheets_at_once_in_date_order(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: dict[str, tuple[int, int | None]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, store, settings)
    panel = window.momentum_view.upcoming
    choose_save_path(monkeypatch, tmp_path / "week.pdf")
    qtbot.mouseClick(panel.pdf_all, Qt.MouseButton.LeftButton)
    pages = pdf_text(tmp_path / "week.pdf")
    assert len(pages) == 3
    assert ["Globex" in pages[0], "Initech" in pages[1], "Acme" in pages[2]] == [True] * 3
    assert window.statusBar().currentMessage() == "Saved 3 pages to week.pdf"


def test_double_clicking_an_upcoming_step_opens_it(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    panel = window.momentum_view.upcoming
    pursuit_id, step_id = board["Acme"]
    cell = panel.table.visualRect(panel.model.index(2, Column.STEP)).center()
    # A real double click: press and release, then the second press arrives as a double click.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.views.currentWidget() is window.momentum_view  # one click only selects
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.views.currentWidget() is window.splitter
    assert window.current_pursuit_id() == pursuit_id
    assert window.prep_form.current_step_id() == step_id


def test_the_view_follows_changes_made_in_the_pursuit_view(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    pursuit_id, next_id = board["Initech"]
    window.open_from_momentum(pursuit_id, next_id)
    form = window.prep_form
    assert form.current_step_id() == next_id
    form.decision_edit.setFocus()
    qtbot.keyClicks(form.decision_edit, "Tomas names the pilot depot")
    assert form.flush()

    window.momentum_action.trigger()
    view = window.momentum_view
    assert view.missing_tile.value.text() == "0"
    line = view.model.lines[view.model.row_of(pursuit_id) or 0]
    assert line.next_step is not None
    assert line.next_step.decision == "Tomas names the pilot depot"


def test_a_change_to_one_pursuit_reads_only_that_pursuit_again(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    window.show_view(view)
    before = {line.pursuit_id: line for line in view.lines}
    hooli, _ = board["Hooli"]
    globex, _ = board["Globex"]
    window.show_view(None)

    store.add_step(hooli, title="Steering committee")
    window.refresh_pursuit(hooli)  # what every change made in the window ends with
    store.set_status(globex, PursuitStatus.ON_HOLD)
    window.refresh_pursuit(globex)
    window.show_view(view)

    after = {line.pursuit_id: line for line in view.lines}
    assert globex not in after  # on hold: off the board
    assert after[hooli] is not before[hooli]
    assert after[hooli].step_count == before[hooli].step_count + 1
    assert after[hooli].compact.states[-1] is TickState.DECISION_MISSING  # the step just added
    unchanged = set(before) - {hooli, globex}
    assert all(after[pid] is before[pid] for pid in unchanged)  # not read again
    assert view.active_tile.value.text() == "4"
    assert sorted(shown_clients(view)) == ["Acme", "Hooli", "Initech", "Umbrella"]


def test_a_new_day_reads_the_whole_board_again(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    window.show_view(view)
    umbrella, _ = board["Umbrella"]
    quiet = {line.pursuit_id: line.quiet_days for line in view.lines}
    window.show_view(None)

    store._today = lambda: TODAY + timedelta(days=1)  # the app left open overnight
    window.refresh_pursuit(umbrella)
    window.show_view(view)

    assert {line.pursuit_id: line.quiet_days for line in view.lines} == {
        pid: days + 1 for pid, days in quiet.items()
    }


def test_opening_on_the_momentum_view_leaves_the_hidden_list_for_later(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    globex, _ = board["Globex"]
    settings.setValue("window/view", "momentum")
    settings.setValue("list/currentPursuit", globex)

    first = open_window(qtbot, store, settings)
    assert first.views.currentWidget() is first.momentum_view
    assert first.current_pursuit_id() is None  # the list it hides is not read for the picture
    first.close()
    assert settings.value("list/currentPursuit", type=int) == globex  # still the one left

    second = open_window(qtbot, store, settings)
    lines = list(second.momentum_view.lines)
    second.build_rest()  # right after the first picture
    qtbot.keyClick(second, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert second.current_pursuit_id() == globex
    assert second.pursuit_page.title.text() == "Globex rollout"
    assert second.delete_action.isEnabled()
    second.momentum_action.trigger()
    assert second.momentum_view.lines[0] is lines[0]  # filling the list did not read it again
    second.close()

    third = open_window(qtbot, store, settings)
    hooli, hooli_next = board["Hooli"]
    third.open_from_momentum(hooli, hooli_next)  # a row clicked: the list fills first
    assert third.current_pursuit_id() == hooli
    assert third.prep_form.current_step_id() == hooli_next


def test_an_edited_pursuit_takes_its_new_place_in_every_order(
    qtbot: QtBot, store: Store, settings: QSettings, board: dict[str, tuple[int, int | None]]
) -> None:
    """Back on the board after an edit, the pursuit read again is put in its place among the
    others (which are not sorted again): the same rows as a whole new sort, and the current
    row stays on its pursuit."""
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    window.show_view(view)
    acme, acme_next = board["Acme"]
    hooli, hooli_next = board["Hooli"]
    view.rows.setCurrentIndex(view.model.index(view.model.row_of(hooli)))

    def edit(pursuit_id: int, *, next_step: int | None = None, **changes: object) -> None:
        window.show_view(None)
        if next_step is not None:
            store.update_step(next_step, **changes)
        else:
            store.update_pursuit(pursuit_id, **changes)
        window.refresh_pursuit(pursuit_id)  # what every change made in the window ends with
        window.show_view(view)

    for order in SortOrder:
        view.sort_choice.setCurrentIndex(view.sort_choice.findData(order.value))
        edit(hooli, next_step=hooli_next, planned_at=MORNING + timedelta(hours=2))  # soonest
        assert view.model.lines == sorted_lines(view.lines, order)
        edit(acme, next_step=acme_next, planned_at=MORNING + timedelta(days=30))  # late
        assert view.model.lines == sorted_lines(view.lines, order)
        assert view.current_pursuit_id() == hooli
    # Euros then dollars: three pursuits in dollars rank dollars first.
    view.sort_choice.setCurrentIndex(view.sort_choice.findData(SortOrder.VALUE.value))
    assert shown_clients(view)[:3] == ["Globex", "Umbrella", "Acme"]
    for client in ("Acme", "Umbrella"):
        edit(board[client][0], currency="USD")
    assert shown_clients(view)[:4] == ["Umbrella", "Acme", "Initech", "Globex"]
    assert view.model.lines == sorted_lines(view.lines, SortOrder.VALUE)
