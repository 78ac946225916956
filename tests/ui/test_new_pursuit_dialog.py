"""Ctrl+N: the name alone and Enter, or with the client, the value and the first meeting typed
in the same small dialog; the pursuit then starts with that meeting planned."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.new_pursuit import NewPursuitDialog


@pytest.fixture(autouse=True)
def us_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(QLocale.c())


def in_next_dialog(qtbot: QtBot, act: Callable[[NewPursuitDialog], None]) -> list[str]:
    """Run ``act`` on the New Pursuit dialog once it is open; returns what went wrong in it."""
    problems: list[str] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewPursuitDialog):
            QTimer.singleShot(20, attempt)
            return
        try:
            act(dialog)
        except AssertionError as error:  # pragma: no cover - reported by the test
            problems.append(str(error))
            dialog.reject()

    QTimer.singleShot(0, attempt)
    return problems


def test_name_client_value_and_first_meeting_typed_then_enter(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    def fill(dialog: NewPursuitDialog) -> None:
        qtbot.waitUntil(dialog.name_edit.hasFocus)
        qtbot.keyClicks(dialog.name_edit, "Globex renewal")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Globex")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "48000")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "USD")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.first_meeting_edit.line
        qtbot.keyClicks(dialog.first_meeting_edit.line, "12/3/2026")
        qtbot.keyClick(dialog.first_meeting_edit.line, Qt.Key.Key_Return)

    problems = in_next_dialog(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.pursuit_count() == 1 or bool(problems))
    assert not problems
    [summary] = store.pursuit_summaries()
    pursuit = store.pursuit(summary.id)
    assert (pursuit.name, pursuit.client, pursuit.value_cents, pursuit.currency) == (
        "Globex renewal",
        "Globex",
        4_800_000,
        "USD",
    )
    [first] = store.steps(summary.id)
    assert (first.title, first.planned_at) == ("First meeting", datetime(2026, 12, 3, 9, 0))
    assert window.pursuit_page.line.count() == 1


def test_the_name_alone_and_enter_creates_a_pursuit_without_steps(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    def fill(dialog: NewPursuitDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Initech pilot")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    problems = in_next_dialog(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.pursuit_count() == 1 or bool(problems))
    assert not problems
    [summary] = store.pursuit_summaries()
    pursuit = store.pursuit(summary.id)
    assert (pursuit.name, pursuit.client, pursuit.value_cents) == ("Initech pilot", "", None)
    assert store.steps(summary.id) == []


def test_an_invalid_first_meeting_keeps_the_dialog_open_until_corrected(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    seen: list[str] = []

    def fill(dialog: NewPursuitDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Umbrella")
        qtbot.mouseClick(dialog.first_meeting_edit.line, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.first_meeting_edit.line, "next week-ish")
        qtbot.keyClick(dialog.first_meeting_edit.line, Qt.Key.Key_Return)
        assert dialog.isVisible() and store.pursuit_count() == 0
        assert dialog.first_meeting_edit.is_invalid()
        seen.append(dialog.problem.text())
        dialog.first_meeting_edit.line.selectAll()
        qtbot.keyClicks(dialog.first_meeting_edit.line, "2026-12-03 14:30")
        qtbot.keyClick(dialog.first_meeting_edit.line, Qt.Key.Key_Return)

    problems = in_next_dialog(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.pursuit_count() == 1 or bool(problems))
    assert not problems
    assert seen and "12/3/2026" in seen[0]
    [summary] = store.pursuit_summaries()
    [first] = store.steps(summary.id)
    assert first.planned_at == datetime(2026, 12, 3, 14, 30)


def test_cancel_creates_nothing(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    def fill(dialog: NewPursuitDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Not now")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)

    problems = in_next_dialog(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert not problems
    assert store.pursuit_count() == 0


def create_with(qtbot: QtBot, window: MainWindow, store: Store, first_meeting: str) -> None:
    """Ctrl+N, a name, and (unless empty) the first meeting typed; Enter."""

    def fill(dialog: NewPursuitDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Globex renewal")
        if first_meeting:
            qtbot.mouseClick(dialog.first_meeting_edit.line, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(dialog.first_meeting_edit.line, first_meeting)
            qtbot.keyClick(dialog.first_meeting_edit.line, Qt.Key.Key_Return)
        else:
            qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    window.activateWindow()
    problems = in_next_dialog(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.pursuit_count() == 1 or bool(problems))
    assert not problems
    # The offscreen platform hands the activation back to no window when a dialog closes, as
    # a desktop would: the window's focus is then where the app put it.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_after_a_first_meeting_to_come_the_next_keystrokes_are_its_decision(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    create_with(qtbot, window, store, "12/3/2026 10:00")  # after the store's today, 2 March
    form = window.pursuit_page.prep_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.decision_edit)
    qtbot.keyClicks(QApplication.focusWidget(), "Marta approves the pilot")
    [summary] = store.pursuit_summaries()
    [first] = store.steps(summary.id)
    qtbot.waitUntil(
        lambda: store.step(first.id).decision_needed == "Marta approves the pilot", timeout=3000
    )


def test_after_a_first_meeting_already_held_the_cursor_is_on_its_outcome(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    create_with(qtbot, window, store, "2/27/2026 10:00")  # before the store's today
    form = window.pursuit_page.prep_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.outcome_buttons.focus_button())


def test_a_pursuit_without_steps_takes_insert_at_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    create_with(qtbot, window, store, "")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pursuit_page.line)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Insert)
    form = window.pursuit_page.prep_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.decision_edit)
    qtbot.keyClicks(QApplication.focusWidget(), "Budget owner named")
    [summary] = store.pursuit_summaries()
    qtbot.waitUntil(
        lambda: [s.decision_needed for s in store.steps(summary.id)] == ["Budget owner named"],
        timeout=3000,
    )
