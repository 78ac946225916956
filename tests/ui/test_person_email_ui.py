"""A person's email in the pursuit details and in the prep form's attendee editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.pursuit_details import PeopleColumn


def open_sample(qtbot: QtBot, window: MainWindow) -> int:
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    pursuit_id = window.current_pursuit_id()
    assert pursuit_id is not None
    return pursuit_id


def test_details_add_and_edit_a_person_with_an_email_undoably(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = open_sample(qtbot, window)
    window.details_action.trigger()
    details = window.details
    assert details is not None
    qtbot.keyClicks(details.new_person, "Jonas Berg")
    qtbot.keyClicks(details.new_email, "jonas@northwind.example")
    qtbot.keyClick(details.new_email, Qt.Key.Key_Return)
    jonas = store.people(pursuit_id)[-1]
    assert (jonas.name, jonas.email) == ("Jonas Berg", "jonas@northwind.example")
    row = details.people_table.rowCount() - 1
    item = details.people_table.item(row, PeopleColumn.EMAIL)
    assert item.text() == "jonas@northwind.example"

    item.setText("j.berg@northwind.example")
    assert store.people(pursuit_id)[-1].email == "j.berg@northwind.example"
    window.undo_stack.undo()
    assert store.people(pursuit_id)[-1].email == "jonas@northwind.example"

    details.people_table.item(row, PeopleColumn.EMAIL).setText("not an address")
    assert store.people(pursuit_id)[-1].email == "jonas@northwind.example"
    assert "not an email address" in details.banner.message.text()


def test_the_attendee_editor_adds_a_person_with_an_email_and_shows_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = open_sample(qtbot, window)
    editor = window.prep_form.attendees
    assert editor.step_id is not None
    qtbot.keyClicks(editor.new_name, "Mia Holm")
    qtbot.keyClicks(editor.new_email, "mia@northwind.example")
    qtbot.keyClick(editor.new_name, Qt.Key.Key_Return)
    mia = store.people(pursuit_id)[-1]
    assert (mia.name, mia.email) == ("Mia Holm", "mia@northwind.example")
    assert mia.id in {p.id for p in store.attendees(editor.step_id)}
    assert editor.boxes[mia.id].text().endswith("mia@northwind.example")
    assert editor.new_email.text() == ""
