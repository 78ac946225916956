"""The prep form and the pursuit details inside the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.pursuit_list import Column


def open_sample(qtbot: QtBot, window: MainWindow) -> int:
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    pursuit_id = window.current_pursuit_id()
    assert pursuit_id is not None
    return pursuit_id


def list_summary(window: MainWindow, pursuit_id: int):  # type: ignore[no-untyped-def]
    row = window.list_panel.model.row_of(pursuit_id)
    assert row is not None
    return window.list_panel.model.summary(row)


def test_selecting_a_step_shows_its_prep(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = open_sample(qtbot, window)
    steps = store.steps(pursuit_id)
    line = window.pursuit_page.line
    line.ensure_visible(1)
    qtbot.mouseClick(line.viewport(), Qt.MouseButton.LeftButton, pos=line.tick_point(1))
    assert window.prep_form.current_step_id() == steps[1].id
    assert window.prep_form.decision_edit.toPlainText() == steps[1].decision_needed


def test_an_outcome_updates_the_list_at_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = open_sample(qtbot, window)
    form = window.prep_form
    shown = form.current_step_id()
    assert shown is not None and store.step(shown).outcome == Outcome.PLANNED.value
    before = list_summary(window, pursuit_id)

    form.outcome_buttons.button(Outcome.ADVANCED).click()

    after = list_summary(window, pursuit_id)
    assert after.standing.here > before.standing.here
    assert after.momentum.days_since_decision is not None
    assert form.current_step_id() == shown  # the redraw keeps the step shown


def test_closing_the_window_mid_edit_loses_nothing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    open_sample(qtbot, window)
    form = window.prep_form
    step_id = form.current_step_id()
    assert step_id is not None
    form.text_edits["questions"].selectAll()
    qtbot.keyClicks(form.text_edits["questions"], "What does a late delivery cost?")
    window.close()
    assert store.step(step_id).questions == "What does a late delivery cost?"


def test_plan_next_step_shows_the_new_step(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = open_sample(qtbot, window)
    last = store.steps(pursuit_id)[-1]
    line = window.pursuit_page.line
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_End)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.prep_form.current_step_id() == last.id
    form = window.prep_form
    qtbot.keyClicks(form.next_decision_edit, "Procurement starts the MSA review")
    form.scroll.ensureWidgetVisible(form.plan_button)
    qtbot.mouseClick(form.plan_button, Qt.MouseButton.LeftButton)

    new = store.steps(pursuit_id)[-1]
    assert new.id != last.id
    assert form.current_step_id() == new.id
    assert form.decision_edit.toPlainText() == "Procurement starts the MSA review"


def test_pursuit_details_edit_the_pursuit_with_undo(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = open_sample(qtbot, window)
    window.details_action.trigger()
    details = window.details
    assert details is not None and details.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is details)

    details.client_edit.selectAll()
    qtbot.keyClicks(details.client_edit, "Northwind <Nordic> & Co")
    details.status_combo.setCurrentIndex(details.status_combo.findData(PursuitStatus.ON_HOLD.value))
    details.notes_edit.moveCursor(details.notes_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(details.notes_edit, " Call after the board meeting.")
    details.close()

    pursuit = store.pursuit(pursuit_id)
    assert pursuit.client == "Northwind <Nordic> & Co"
    assert pursuit.status == PursuitStatus.ON_HOLD.value
    assert pursuit.notes.endswith("Call after the board meeting.")
    row = window.list_panel.model.row_of(pursuit_id)
    assert row is not None
    index = window.list_panel.model.index(row, Column.CLIENT)
    assert index.data() == "Northwind <Nordic> & Co"

    window.undo_stack.undo()  # the notes
    window.undo_stack.undo()  # the status
    window.undo_stack.undo()  # the client
    pursuit = store.pursuit(pursuit_id)
    assert pursuit.client == "Northwind Logistics"
    assert pursuit.status == PursuitStatus.ACTIVE.value


def test_pursuit_details_add_a_person_who_can_then_attend(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = open_sample(qtbot, window)
    window.details_action.trigger()
    details = window.details
    assert details is not None
    qtbot.keyClicks(details.new_person, "Jonas Berg")
    qtbot.keyClicks(details.new_title, "Procurement")
    qtbot.keyClick(details.new_person, Qt.Key.Key_Return)
    assert [p.name for p in store.people(pursuit_id)][-1] == "Jonas Berg"
    assert details.people_table.rowCount() == len(store.people(pursuit_id))
    details.close()
    names = [box.text() for box in window.prep_form.attendees.boxes.values()]
    assert any(name.startswith("Jonas Berg") for name in names)
