"""A field changed on another computer while the seller types it here: both texts are shown and
the seller chooses; moves and deletes of steps changed elsewhere are refused and the line reloads.

The other computer is a second ``Store`` on the same database file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.conflict_dialog import Choice, ConflictDialog
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.prep import PrepForm


@pytest.fixture
def elsewhere(store: Store) -> Iterator[Store]:
    other = Store.open(Path(store.database))
    yield other
    other.close()


@pytest.fixture
def form(qtbot: QtBot, store: Store) -> Iterator[PrepForm]:
    stack = QUndoStack()
    widget = PrepForm(store, stack)
    widget.undo_stack_for_test = stack  # type: ignore[attr-defined]  # kept alive
    qtbot.addWidget(widget)
    widget.resize(620, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def step_with_concerns(store: Store) -> int:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    step = store.add_step(pursuit.id, title="Discovery", concerns="Budget")
    assert step.id is not None
    return step.id


def type_and_save(qtbot: QtBot, form: PrepForm, text: str) -> None:
    edit = form.text_edits["concerns"]
    assert isinstance(edit, QPlainTextEdit)
    form.scroll.ensureWidgetVisible(edit)
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, text)
    form.saver.bindings["concerns"].save()  # what the pause in typing does


def conflict_dialog(qtbot: QtBot, form: PrepForm) -> ConflictDialog:
    qtbot.waitUntil(lambda: form.saver.conflict_dialog is not None, timeout=2000)
    dialog = form.saver.conflict_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_shows_both_texts_and_keep_mine_writes_mine(
    qtbot: QtBot, store: Store, elsewhere: Store, form: PrepForm
) -> None:
    step_id = step_with_concerns(store)
    form.show_step(step_id)
    elsewhere.update_step(step_id, concerns="Budget frozen until May")

    type_and_save(qtbot, form, " and timing")

    dialog = conflict_dialog(qtbot, form)
    assert dialog.theirs.toPlainText() == "Budget frozen until May"
    assert dialog.mine.toPlainText() == "Budget and timing"
    assert dialog.theirs.isReadOnly() and dialog.mine.isReadOnly()
    assert form.banner.isVisible() and "another computer" in form.banner.message.text()
    assert elsewhere.step(step_id).concerns == "Budget frozen until May"  # nothing written yet

    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    assert elsewhere.step(step_id).concerns == "Budget and timing"
    assert form.text_edits["concerns"].toPlainText() == "Budget and timing"
    assert not form.banner.isVisible()
    # Undo is an edit with a version check too: it puts theirs back.
    stack = form.undo_stack_for_test  # type: ignore[attr-defined]
    stack.undo()
    assert elsewhere.step(step_id).concerns == "Budget frozen until May"
    assert form.text_edits["concerns"].toPlainText() == "Budget frozen until May"
    # A redo finds the field changed there again: refused, saying so, nothing overwritten.
    elsewhere.update_step(step_id, concerns="Budget approved")
    stack.redo()
    assert elsewhere.step(step_id).concerns == "Budget approved"
    assert "not undone or redone" in form.banner.message.text()
    assert "Budget approved" in form.banner.message.text()


def test_keep_theirs_puts_theirs_in_the_field(
    qtbot: QtBot, store: Store, elsewhere: Store, form: PrepForm
) -> None:
    step_id = step_with_concerns(store)
    form.show_step(step_id)
    elsewhere.update_step(step_id, concerns="Budget frozen until May")
    type_and_save(qtbot, form, " and timing")

    dialog = conflict_dialog(qtbot, form)
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    assert form.text_edits["concerns"].toPlainText() == "Budget frozen until May"
    assert store.step(step_id).concerns == "Budget frozen until May"
    assert not form.saver.pending()
    assert not form.banner.isVisible()


def test_cancel_keeps_the_typed_text_and_try_again_asks_again(
    qtbot: QtBot, store: Store, elsewhere: Store, form: PrepForm
) -> None:
    step_id = step_with_concerns(store)
    form.show_step(step_id)
    elsewhere.update_step(step_id, concerns="Budget frozen until May")
    type_and_save(qtbot, form, " and timing")

    dialog = conflict_dialog(qtbot, form)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert form.saver.conflict_dialog is None
    assert form.text_edits["concerns"].toPlainText() == "Budget and timing"
    assert form.saver.pending()
    assert "Try Again" in form.banner.message.text()
    assert store.step(step_id).concerns == "Budget frozen until May"
    assert not form.flush()  # leaving the step is refused while the choice is open

    qtbot.mouseClick(form.banner.retry, Qt.MouseButton.LeftButton)
    again = conflict_dialog(qtbot, form)
    assert again.mine.toPlainText() == "Budget and timing"
    qtbot.mouseClick(again.keep_mine, Qt.MouseButton.LeftButton)
    assert store.step(step_id).concerns == "Budget and timing"


def test_a_change_elsewhere_to_another_field_is_no_conflict(
    qtbot: QtBot, store: Store, elsewhere: Store, form: PrepForm
) -> None:
    step_id = step_with_concerns(store)
    form.show_step(step_id)
    elsewhere.update_step(step_id, questions="Who signs?")
    type_and_save(qtbot, form, " and timing")
    assert form.saver.conflict_dialog is None
    saved = store.step(step_id)
    assert (saved.concerns, saved.questions) == ("Budget and timing", "Who signs?")


def test_a_move_and_a_delete_changed_elsewhere_are_refused_and_the_line_reloads(
    qtbot: QtBot,
    store: Store,
    elsewhere: Store,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    ids = [store.add_step(pursuit.id, title=title).id for title in ("Discovery", "Demo", "Pilot")]
    window.refresh(select_id=pursuit.id)
    page = window.pursuit_page
    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: messages.append(box.text()) or 0, raising=True
    )

    elsewhere.update_step(ids[1], title="Demo for the CFO")
    page.line.setFocus(Qt.FocusReason.OtherFocusReason)
    page.move_step(ids[0], 1)  # what Alt+Right or a drop asks for
    assert messages and "changed on another computer" in messages[-1]
    assert [s.title for s in store.steps(pursuit.id)] == ["Discovery", "Demo for the CFO", "Pilot"]
    assert [s.title for s in page.steps] == ["Discovery", "Demo for the CFO", "Pilot"]
    assert window.undo_stack.count() == 0

    elsewhere.update_step(ids[2], concerns="written there")
    page.delete_step(ids[2])
    assert len(messages) == 2
    assert [s.id for s in store.steps(pursuit.id)] == ids
    assert [s.version for s in page.steps] == [s.version for s in store.steps(pursuit.id)]

    page.move_step(ids[0], 1)  # the line is current now: the move goes through
    assert [s.title for s in store.steps(pursuit.id)] == ["Demo for the CFO", "Discovery", "Pilot"]
    window.undo_stack.undo()
    assert [s.title for s in store.steps(pursuit.id)] == ["Discovery", "Demo for the CFO", "Pilot"]
    assert QApplication.activeModalWidget() is None


def test_the_pursuits_details_ask_the_same_way(
    qtbot: QtBot, store: Store, elsewhere: Store, window: MainWindow
) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    window.refresh(select_id=pursuit.id)
    window.show_details()
    details = window.details
    assert details is not None
    elsewhere.update_pursuit(pursuit.id, notes="Their notes")
    details.notes_edit.moveCursor(details.notes_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(details.notes_edit, "My notes")
    details.saver.bindings["notes"].save()
    qtbot.waitUntil(lambda: details.saver.conflict_dialog is not None, timeout=2000)
    dialog = details.saver.conflict_dialog
    assert dialog is not None
    assert (dialog.theirs.toPlainText(), dialog.mine.toPlainText()) == ("Their notes", "My notes")
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    assert details.notes_edit.toPlainText() == "Their notes"
    assert store.pursuit(pursuit.id).notes == "Their notes"


def test_a_person_changed_elsewhere_is_not_overwritten(
    qtbot: QtBot,
    store: Store,
    elsewhere: Store,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    person = store.add_person(pursuit.id, "Marta", title="CFO")
    window.refresh(select_id=pursuit.id)
    window.show_details()
    details = window.details
    assert details is not None
    shown: list[tuple[str, str]] = []
    answers = iter([Choice.THEIRS, Choice.MINE])

    def answer(dialog: ConflictDialog) -> int:
        shown.append((dialog.theirs.toPlainText(), dialog.mine.toPlainText()))
        dialog.choice = next(answers)
        return 1

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    elsewhere.update_person(person.id, title="Chief Financial Officer")
    details.people_table.item(0, 1).setText("Finance lead")
    assert shown == [("Chief Financial Officer", "Finance lead")]
    assert store.people(pursuit.id)[0].title == "Chief Financial Officer"
    assert details.people_table.item(0, 1).text() == "Chief Financial Officer"

    elsewhere.update_person(person.id, title="CFO, since May")
    details.people_table.item(0, 1).setText("Finance lead")
    assert shown[-1] == ("CFO, since May", "Finance lead")
    assert store.people(pursuit.id)[0].title == "Finance lead"
    window.undo_stack.undo()  # Keep Mine is undone to theirs
    assert store.people(pursuit.id)[0].title == "CFO, since May"


def test_a_change_heard_from_elsewhere_waits_for_a_drag_to_end(
    qtbot: QtBot,
    store: Store,
    elsewhere: Store,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    first = store.add_step(pursuit.id, title="Discovery")
    window.refresh(select_id=pursuit.id)
    line = window.pursuit_page.line
    dragging = [True]
    monkeypatch.setattr(line, "is_dragging", lambda: dragging[0])
    elsewhere.update_step(first.id, title="Discovery call")

    window.show_change_elsewhere(pursuit.id)  # what the server watch does on a notification
    qtbot.wait(400)
    assert line.steps[0].title == "Discovery"  # the drag in progress is left alone
    dragging[0] = False
    qtbot.waitUntil(lambda: line.steps[0].title == "Discovery call", timeout=2000)


def plan_after_discovery(qtbot: QtBot, store: Store, window: MainWindow) -> tuple[int, int, int]:
    """A pursuit with one step and the next planned after it from the keyboard: the ids of
    the pursuit, of its first step and of the planned one."""
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    first = store.add_step(pursuit.id, title="Discovery")
    assert pursuit.id is not None and first.id is not None
    window.refresh(select_id=pursuit.id)
    window.pursuit_page.open_step(first.id)
    qtbot.keyClicks(window.prep_form.next_decision_edit, "Procurement starts the MSA review")
    window.prep_form.plan_next_step()
    planned = store.steps(pursuit.id)[-1].id
    assert planned is not None and planned != first.id
    return pursuit.id, first.id, planned


def test_undoing_a_planned_step_written_in_elsewhere_is_refused(
    qtbot: QtBot, store: Store, elsewhere: Store, window: MainWindow
) -> None:
    pursuit, first, planned = plan_after_discovery(qtbot, store, window)
    form = window.prep_form
    assert window.undo_stack.count() >= 1

    elsewhere.update_step(planned, concerns="Legal wants two weeks")  # typed over there
    window.undo_stack.undo()
    assert [step.id for step in store.steps(pursuit)] == [first, planned]
    assert store.step(planned).concerns == "Legal wants two weeks"
    assert form.banner.isVisible()
    assert "changed on another computer" in form.banner.message.text()
    shown = {step.id: step.version for step in window.pursuit_page.steps}
    assert shown[planned] == store.step(planned).version  # the line shows it as it is


def test_undoing_a_planned_step_written_in_here_goes_through(
    qtbot: QtBot, store: Store, window: MainWindow
) -> None:
    pursuit, first, planned = plan_after_discovery(qtbot, store, window)
    form = window.prep_form
    assert form.current_step_id() == planned
    type_and_save(qtbot, form, "Legal wants two weeks")  # this computer's own writes
    assert store.step(planned).concerns == "Legal wants two weeks"

    window.undo_stack.undo()  # the typing
    window.undo_stack.undo()  # the planning
    assert [step.id for step in store.steps(pursuit)] == [first]
    assert not form.banner.isVisible()
