"""The prep form driven like a seller would: real widgets, real keys, the real database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from pursuit_journey.domain.decision_check import MISSING, PROMISE
from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, StepKind
from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import STEP_TEXT_FIELDS
from pursuit_journey.ui.prep import PrepForm
from pursuit_journey.ui.prep.attendees import DECIDER_ABSENT


@pytest.fixture
def undo_stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def form(qtbot: QtBot, store: Store, undo_stack: QUndoStack) -> PrepForm:
    widget = PrepForm(store, undo_stack)
    qtbot.addWidget(widget)
    widget.resize(560, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


@pytest.fixture
def steps(store: Store) -> tuple[int, int]:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    first = store.add_step(pursuit.id, title="Discovery", planned_at=datetime(2026, 3, 4, 10, 0))
    second = store.add_step(pursuit.id, title="Demo", kind=StepKind.DEMO.value)
    assert first.id is not None and second.id is not None
    return first.id, second.id


@contextmanager
def read_only(store: Store) -> Iterator[None]:
    """Every connection the store takes refuses writes, as a locked or full disk would."""

    def refuse_writes(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    store.engine.dispose()
    event.listen(store.engine, "checkout", refuse_writes)
    try:
        yield
    finally:
        event.remove(store.engine, "checkout", refuse_writes)
        store.engine.dispose()


def click(qtbot: QtBot, form: PrepForm, widget: Any) -> None:
    """Scroll ``widget`` into view, as a seller would, and click it."""
    form.scroll.ensureWidgetVisible(widget)
    # A check box reacts on its box and text, not on the empty width beside them.
    if isinstance(widget, QCheckBox):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: QPlainTextEdit | QLineEdit, text: str) -> None:
    qtbot.keyClicks(widget, text)


def test_focus_lands_on_the_decision_field(
    qtbot: QtBot, form: PrepForm, steps: tuple[int, int]
) -> None:
    assert form.show_step(steps[0])
    qtbot.waitUntil(form.decision_edit.hasFocus)
    # Typing right away goes into the decision.
    qtbot.keyClicks(QApplication.focusWidget(), "Client agrees")
    assert form.decision_edit.toPlainText() == "Client agrees"


def test_the_decision_is_the_first_field_below_the_header(
    form: PrepForm, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    ys = {
        column: editor.mapTo(form.content, editor.rect().topLeft()).y()
        for column, editor in form.text_edits.items()
    }
    below_header = {column: y for column, y in ys.items() if column != "title"}
    assert min(below_header, key=below_header.__getitem__) == "decision_needed"
    assert ys["title"] < ys["decision_needed"]
    assert form.decision_edit.placeholderText().startswith("A client action with a date")


def test_typing_then_switching_step_saves_every_field(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    first, second = steps
    form.show_step(first)
    typed = {}
    for column, editor in form.text_edits.items():
        typed[column] = f"{column} <b>&amp;</b> ok"
        if isinstance(editor, QLineEdit):
            editor.clear()
        type_into(qtbot, editor, typed[column])
    form.decision_by_edit.set_value(date(2026, 3, 14))
    form.held_edit.set_value(date(2026, 2, 27))
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(StepKind.WORKSHOP.value))
    form.planned_edit.set_value(datetime(2026, 3, 6, 9, 30))

    assert form.show_step(second)

    saved = store.step(first)
    for column in STEP_TEXT_FIELDS:
        assert getattr(saved, column) == typed[column], column
    assert (saved.decision_by, saved.held_on, saved.kind, saved.planned_at) == (
        date(2026, 3, 14),
        date(2026, 2, 27),
        StepKind.WORKSHOP.value,
        datetime(2026, 3, 6, 9, 30),
    )
    # And coming back shows them.
    form.show_step(first)
    assert form.text_edits["concerns"].toPlainText() == typed["concerns"]


def test_a_field_saves_when_the_focus_leaves_it(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    qtbot.waitUntil(form.decision_edit.hasFocus)
    qtbot.keyClicks(form.decision_edit, "Client picks the pilot depot")
    assert store.step(steps[0]).decision_needed == ""
    with qtbot.waitSignal(form.stepSaved) as saved:
        qtbot.keyClick(form.decision_edit, Qt.Key.Key_Tab)
    assert saved.args == [steps[0]]
    assert store.step(steps[0]).decision_needed == "Client picks the pilot depot"


def test_a_field_saves_shortly_after_typing_stops(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    qtbot.keyClicks(form.text_edits["why_client"], "Cuts fuel cost")
    qtbot.waitUntil(lambda: store.step(steps[0]).why_client == "Cuts fuel cost")


def test_the_seller_promise_warning_comes_and_goes(
    qtbot: QtBot, form: PrepForm, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    assert form.decision_warning_text() == MISSING
    assert form.decision_warning.textFormat() == Qt.TextFormat.PlainText

    qtbot.keyClicks(form.decision_edit, "We will send the proposal")
    assert form.decision_warning_text() == PROMISE

    form.decision_edit.selectAll()
    qtbot.keyClick(form.decision_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(form.decision_edit, "Client approves the pilot by 14 March")
    assert form.decision_warning_text() == ""
    assert not form.decision_warning.isVisible()


def test_the_decider_absent_warning(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    pursuit_id = store.step(steps[0]).pursuit_id
    cfo = store.add_person(pursuit_id, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    ops = store.add_person(pursuit_id, "Tomás", "Ops", BuyingRole.USER)
    form.show_step(steps[0])
    warning = form.attendees.warning
    assert warning.isVisible() and warning.text() == DECIDER_ABSENT

    click(qtbot, form, form.attendees.boxes[ops.id])
    assert warning.isVisible()
    assert [p.id for p in store.attendees(steps[0])] == [ops.id]

    click(qtbot, form, form.attendees.boxes[cfo.id])
    assert not warning.isVisible()
    assert [p.id for p in store.attendees(steps[0])] == [cfo.id, ops.id]

    click(qtbot, form, form.attendees.boxes[cfo.id])
    assert warning.isVisible()


def test_saving_a_field_keeps_the_attendee_boxes_and_a_new_person_shows_up(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    """The ticks follow the database without rebuilding (and laying out) the form each save."""
    pursuit_id = store.step(steps[0]).pursuit_id
    cfo = store.add_person(pursuit_id, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    form.show_step(steps[0])
    box = form.attendees.boxes[cfo.id]
    click(qtbot, form, box)
    type_into(qtbot, form.text_edits["why_client"], "Cuts their month-end close by two days")
    with qtbot.waitSignal(form.stepSaved):
        form.flush()
    form.show_step(steps[0])  # what the window does after every save
    assert form.attendees.boxes[cfo.id] is box and box.isChecked()

    store.set_attendees(steps[0], set())  # changed elsewhere (an undo in the details window)
    form.show_step(steps[0])
    assert form.attendees.boxes[cfo.id] is box and not box.isChecked()
    assert store.attendees(steps[0]) == []  # showing the stored ticks wrote nothing

    ops = store.add_person(pursuit_id, "Tomás", "Ops", BuyingRole.USER)
    form.show_step(steps[0])
    assert sorted(form.attendees.boxes) == sorted([cfo.id, ops.id])
    assert not any(b.isChecked() for b in form.attendees.boxes.values())
    assert form.attendees.warning.isVisible()


def test_another_pursuits_people_reuse_the_boxes_and_ticks_write_to_them(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    """A switch of pursuit tells the boxes already made their new people (making and deleting
    widgets at every switch cost more than drawing the journey line): the boxes shown, their
    words and ticks are the new pursuit's, and a tick writes for its new person and step."""
    first_pursuit = store.step(steps[0]).pursuit_id
    marta = store.add_person(first_pursuit, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    tomas = store.add_person(first_pursuit, "Tomás", "Ops", BuyingRole.USER)
    store.set_attendees(steps[0], {marta.id})
    other = store.create_pursuit("Globex pilot", client="Globex")
    other_step = store.add_step(other.id, title="Kick-off").id
    assert other_step is not None
    ines = store.add_person(other.id, "Inês", "CEO", BuyingRole.DECIDES_BUDGET)
    editor = form.attendees
    form.show_step(steps[0])
    made = form.findChildren(QCheckBox)

    form.show_step(other_step)
    assert form.findChildren(QCheckBox) == made  # none made, none deleted
    shown = [box for box in made if box.isVisible()]
    assert shown == [editor.boxes[ines.id]] and list(editor.boxes) == [ines.id]
    assert shown[0].text() == "Inês — CEO · Decides on budget"
    assert not shown[0].isChecked() and editor.warning.isVisible()
    assert store.attendees(steps[0]) == [marta]  # showing another pursuit wrote nothing

    click(qtbot, form, editor.boxes[ines.id])
    assert [p.id for p in store.attendees(other_step)] == [ines.id]
    assert [p.id for p in store.attendees(steps[0])] == [marta.id]
    assert not editor.warning.isVisible()

    form.show_step(steps[0])  # back: both boxes shown again, with the first pursuit's ticks
    assert [box.text().split(" — ")[0] for box in made if box.isVisible()] == ["Marta", "Tomás"]
    assert editor.boxes[marta.id].isChecked() and not editor.boxes[tomas.id].isChecked()
    click(qtbot, form, editor.boxes[tomas.id])
    assert [p.id for p in store.attendees(steps[0])] == [marta.id, tomas.id]
    assert [p.id for p in store.attendees(other_step)] == [ines.id]


def test_adding_a_decider_in_place_seats_them(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    editor = form.attendees
    assert editor.warning.isVisible()
    qtbot.keyClicks(editor.new_name, "Marta Jensen")
    editor.new_role.setCurrentIndex(editor.new_role.findData(BuyingRole.DECIDES_BUDGET.value))
    qtbot.keyClick(editor.new_name, Qt.Key.Key_Return)

    attending = store.attendees(steps[0])
    assert [(p.name, p.role) for p in attending] == [
        ("Marta Jensen", BuyingRole.DECIDES_BUDGET.value)
    ]
    assert editor.boxes[attending[0].id].isChecked()
    assert not editor.warning.isVisible()
    assert editor.new_name.text() == ""


def test_recording_an_outcome_moves_you_are_here(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    pursuit_id = store.step(steps[0]).pursuit_id

    def standing_here() -> int:
        (summary,) = [s for s in store.pursuit_summaries() if s.id == pursuit_id]
        return summary.standing.here

    assert standing_here() == 0
    form.show_step(steps[0])
    with qtbot.waitSignal(form.stepSaved):
        form.outcome_buttons.button(Outcome.ADVANCED).click()
    assert standing_here() == 1
    step = store.step(steps[0])
    assert step.outcome == Outcome.ADVANCED.value
    # Planned for 4 March, recorded on 2 March: held today, and the form shows it at once.
    assert step.held_on == date(2026, 3, 2)
    assert form.held_edit.value() == date(2026, 3, 2)


def test_plan_next_step_seeds_the_next_decision(
    qtbot: QtBot, form: PrepForm, store: Store, undo_stack: QUndoStack, steps: tuple[int, int]
) -> None:
    first, last = steps
    form.show_step(first)
    qtbot.keyClicks(form.next_decision_edit, "CFO approves the pilot budget")
    assert not form.plan_button.isEnabled()  # a later step exists already

    form.show_step(last)
    assert not form.plan_button.isEnabled()  # no next decision yet
    qtbot.keyClicks(form.next_decision_edit, "CFO approves the pilot budget")
    assert form.plan_button.isEnabled()
    with qtbot.waitSignal(form.nextStepPlanned) as planned:
        click(qtbot, form, form.plan_button)

    (new_id,) = planned.args
    pursuit_id = store.step(last).pursuit_id
    assert [s.id for s in store.steps(pursuit_id)] == [first, last, new_id]
    assert store.step(new_id).decision_needed == "CFO approves the pilot budget"
    assert store.step(last).next_decision == "CFO approves the pilot budget"
    assert not form.plan_button.isEnabled()

    form.show_step(new_id)
    assert form.decision_edit.toPlainText() == "CFO approves the pilot budget"
    undo_stack.undo()
    assert [s.id for s in store.steps(pursuit_id)] == [first, last]
    assert form.current_step_id() == last


def test_undo_takes_back_one_field_edit_session(
    qtbot: QtBot, form: PrepForm, store: Store, undo_stack: QUndoStack, steps: tuple[int, int]
) -> None:
    store.update_step(steps[0], concerns="Budget")
    form.show_step(steps[0])
    concerns = form.text_edits["concerns"]
    concerns.setFocus()
    qtbot.waitUntil(concerns.hasFocus)
    concerns.moveCursor(concerns.textCursor().MoveOperation.End)
    qtbot.keyClicks(concerns, " freeze")
    assert form.flush()
    qtbot.keyClicks(concerns, " in Q3")
    assert form.flush()  # a second pause in the same session: still one undo step
    assert undo_stack.count() == 1
    assert store.step(steps[0]).concerns == "Budget freeze in Q3"

    undo_stack.undo()
    assert store.step(steps[0]).concerns == "Budget"
    assert concerns.toPlainText() == "Budget"

    undo_stack.redo()
    assert store.step(steps[0]).concerns == "Budget freeze in Q3"
    assert concerns.toPlainText() == "Budget freeze in Q3"

    # Leaving the field ends the session: the next edit is an undo step of its own.
    qtbot.keyClick(concerns, Qt.Key.Key_Tab)
    concerns.setFocus()
    concerns.moveCursor(concerns.textCursor().MoveOperation.End)
    qtbot.keyClicks(concerns, "!")
    assert form.flush()
    assert undo_stack.count() == 2


def test_long_and_html_text_is_stored_and_shown_literally(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    awkward = "<script>alert(1)</script><b>bold?</b> &amp; <img src=x>\n"
    long_notes = awkward + "x" * 100_000
    store.update_step(steps[0], research=long_notes)
    form.show_step(steps[0])
    assert form.text_edits["research"].toPlainText() == long_notes

    qtbot.keyClicks(form.decision_edit, awkward.strip())
    assert form.show_step(steps[1])
    assert store.step(steps[0]).decision_needed == awkward.strip()
    assert store.step(steps[0]).research == long_notes
    form.show_step(steps[0])
    assert form.decision_edit.toPlainText() == awkward.strip()


def test_pasting_rich_text_keeps_only_the_text(
    form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    mime = QMimeData()
    mime.setHtml("<b>Bold</b> <i>claim</i>")
    mime.setText("Bold claim")
    form.text_edits["to_share"].insertFromMimeData(mime)
    assert form.flush()
    assert store.step(steps[0]).to_share == "Bold claim"


def test_a_failed_save_keeps_the_text_and_says_why(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    qtbot.keyClicks(form.decision_edit, "Client approves the pilot")
    with read_only(store):
        assert not form.flush()
        assert form.banner.isVisible()
        assert "cannot be written" in form.banner.message.text()
        assert form.decision_edit.toPlainText() == "Client approves the pilot"
        # Switching away would lose the text: the form stays on the step.
        assert not form.show_step(steps[1])
        assert form.current_step_id() == steps[0]
        assert form.decision_edit.toPlainText() == "Client approves the pilot"
    assert store.step(steps[0]).decision_needed == ""

    qtbot.mouseClick(form.banner.retry, Qt.MouseButton.LeftButton)
    assert store.step(steps[0]).decision_needed == "Client approves the pilot"
    assert not form.banner.isVisible()


def test_no_step_shows_an_empty_page(form: PrepForm, steps: tuple[int, int]) -> None:
    form.show_step(steps[0])
    assert form.show_step(None)
    assert form.pages.currentWidget() is form.empty
    assert form.current_step_id() is None


def test_the_wheel_scrolls_past_a_choice_instead_of_changing_it(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    form.decision_edit.setFocus()
    combo = form.kind_combo
    before = form.scroll.verticalScrollBar().value()
    assert before == 0
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(combo.mapToGlobal(combo.rect().center())),
        QPoint(),
        QPoint(0, -120),  # one notch down
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentData() == StepKind.MEETING.value
    assert store.step(steps[0]).kind == StepKind.MEETING.value
    assert form.scroll.verticalScrollBar().value() > before  # the form scrolled instead


def test_a_pasted_nul_character_is_named_and_the_text_kept(
    qtbot: QtBot, form: PrepForm, store: Store, steps: tuple[int, int]
) -> None:
    form.show_step(steps[0])
    form.decision_edit.insertPlainText("Client approves\x00 the pilot")
    assert not form.flush()
    assert form.banner.isVisible()
    assert "“The decision we need from the client”" in form.banner.message.text()
    assert "NUL" in form.banner.message.text()
    assert form.decision_edit.toPlainText() == "Client approves\x00 the pilot"
    assert store.step(steps[0]).decision_needed == ""

    form.decision_edit.setPlainText("Client approves the pilot")
    qtbot.mouseClick(form.banner.retry, Qt.MouseButton.LeftButton)
    assert store.step(steps[0]).decision_needed == "Client approves the pilot"
    assert not form.banner.isVisible()
