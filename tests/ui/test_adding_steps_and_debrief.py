"""The seller's place and keystrokes, and the thirty-second debrief, in the real window.

Real widgets, real key and mouse events, the real database: a new step takes what is typed
next, the form names its step, the open step is marked apart from the selection, and a past
meeting opens on its debrief.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from lines import make_pursuit, show
from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.vocabulary import BuyingRole, Outcome
from pursuit_journey.drawing import journey_glyphs
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.journey.journey_line import EMPTY_HINT, Hit, JourneyLine
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.prep import PrepForm

TODAY = date(2026, 3, 2)  # the store fixture's today
LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
PAST = datetime.combine(TODAY - timedelta(days=3), datetime.min.time()).replace(hour=10)
FUTURE = datetime.combine(TODAY + timedelta(days=5), datetime.min.time()).replace(hour=15)


@pytest.fixture
def british() -> Iterator[None]:
    """A locale with a known day and 24-hour time format, for exact texts."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def active(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_next(qtbot: QtBot, text: str) -> None:
    """Type as the seller would: into whatever has the keyboard focus now."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)


def decisions(store: Store, pursuit_id: int) -> list[str]:
    return [step.decision_needed for step in store.steps(pursuit_id)]


def in_form(form: PrepForm, widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is widget or (focused is not None and widget.isAncestorOf(focused))


# ---- never lose the seller's place or keystrokes ---------------------------------------------


def test_insert_puts_the_cursor_in_the_new_step_s_decision(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B"])
    line = show(window, pursuit_id)
    active(qtbot, window)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Insert)
    new = store.steps(pursuit_id)[1]
    assert window.prep_form.current_step_id() == new.id
    assert window.prep_form.decision_edit.hasFocus()
    type_next(qtbot, "Marta names the pilot depot")
    assert window.prep_form.flush()
    assert decisions(store, pursuit_id) == [
        "Decision of A",
        "Marta names the pilot depot",
        "Decision of B",
    ]


def test_the_plus_puts_the_cursor_in_the_new_step_s_decision(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B"])
    line = show(window, pursuit_id)
    active(qtbot, window)
    qtbot.mouseClick(line.viewport(), LEFT, pos=line.gap_point(2))
    type_next(qtbot, "CFO approves the budget")
    assert window.prep_form.flush()
    assert decisions(store, pursuit_id)[2] == "CFO approves the budget"
    assert line.opened() == 2 and line.current() == 2


@pytest.mark.parametrize(("action", "where"), [("Insert Step Before", 1), ("Insert Step After", 2)])
def test_the_context_menu_s_insert_puts_the_cursor_in_the_decision(
    qtbot: QtBot, window: MainWindow, store: Store, action: str, where: int
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    active(qtbot, window)
    menu = line.context_menu(Hit("tick", 1))
    (chosen,) = [item for item in menu.actions() if item.text() == action]
    chosen.trigger()
    menu.deleteLater()
    type_next(qtbot, "Procurement starts the MSA review")
    assert window.prep_form.flush()
    assert decisions(store, pursuit_id)[where] == "Procurement starts the MSA review"
    assert len(store.steps(pursuit_id)) == 4


def test_a_pursuit_without_steps_says_how_to_add_the_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, [])
    line = show(window, pursuit_id)
    active(qtbot, window)
    assert window.prep_form.empty.text() == EMPTY_HINT
    assert window.prep_form.pages.currentWidget() is window.prep_form.empty
    assert EMPTY_HINT == "Click + on the line or press Insert to add the first step"
    assert EMPTY_HINT in line.accessibleDescription()
    # The "+" is drawn without the mouse over it: its accent ring is on the line.
    image = line.viewport().grab().toImage()
    accent = line.palette().color(QPalette.ColorRole.Highlight)
    assert accent_pixels(image, around(line.gap_point(0), line.metrics().glyph), accent) > 0
    assert line._hover == Hit("none")

    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Insert)
    type_next(qtbot, "Tomas shares last month's routes")
    assert window.prep_form.flush()
    assert decisions(store, pursuit_id) == ["Tomas shares last month's routes"]


def test_the_header_names_the_step_its_place_and_its_time(
    qtbot: QtBot, window: MainWindow, store: Store, british: None
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "Proposal to the CFO", "D", "E", "F"])
    third = store.steps(pursuit_id)[2]
    store.update_step(third.id, planned_at=datetime(2026, 12, 14, 15, 0))
    show(window, pursuit_id)
    window.pursuit_page.open_step(third.id)
    form = window.prep_form
    assert form.step_header.text() == "Step 3 of 6 · Proposal to the CFO · Mon 14 Dec 15:00"
    assert form.step_header.textFormat() == Qt.TextFormat.PlainText

    form.title_edit.selectAll()
    qtbot.keyClicks(form.title_edit, "Proposal <b>v2</b>")
    assert form.step_header.text() == "Step 3 of 6 · Proposal <b>v2</b> · Mon 14 Dec 15:00"
    form.planned_edit.clear_value()
    assert form.step_header.text() == "Step 3 of 6 · Proposal <b>v2</b> · not scheduled"

    # Inserting a step before it moves it to the fourth place, and the header follows.
    window.pursuit_page.insert_step(0)
    window.pursuit_page.open_step(third.id)
    assert form.step_header.text().startswith("Step 4 of 7 · Proposal <b>v2</b>")

    # Untitled, a step is named by its kind, as on the line and the sheet.
    form.title_edit.selectAll()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Delete)
    assert form.step_header.text().startswith("Step 4 of 7 · Meeting ·")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("call"))
    assert form.step_header.text().startswith("Step 4 of 7 · Call ·")


# ---- the open step and the selection ---------------------------------------------------------


def around(point: QPoint, size: float) -> QRect:
    half = round(size)
    return QRect(point.x() - half, point.y() - half, 2 * half, 2 * half)


def accent_pixels(image: QImage, rect: QRect, accent: QColor) -> int:
    """How many pixels in ``rect`` are (nearly) the accent colour."""
    count = 0
    ratio = image.devicePixelRatio()
    for x in range(max(0, rect.left()), min(image.width() // round(ratio), rect.right())):
        for y in range(max(0, rect.top()), min(image.height() // round(ratio), rect.bottom())):
            colour = image.pixelColor(round(x * ratio), round(y * ratio))
            if (
                abs(colour.red() - accent.red())
                + abs(colour.green() - accent.green())
                + abs(colour.blue() - accent.blue())
                < 40
            ):
                count += 1
    return count


def open_bar(line: JourneyLine, index: int) -> QRect:
    """The open mark's bar of step ``index``, in viewport coordinates."""
    bar = line.open_mark_rect(index).translated(-line.horizontalScrollBar().value(), 0)
    return bar.toAlignedRect()


def assert_marked_apart(line: JourneyLine, opened: int, selected: int) -> None:
    assert line.opened() == opened and line.current() == selected and opened != selected
    image = line.viewport().grab().toImage()
    accent = journey_glyphs.accent_colour(line.palette())
    bar = open_bar(line, opened)
    assert accent_pixels(image, bar, accent) >= bar.width()  # a solid bar, edges smoothed
    assert accent_pixels(image, open_bar(line, selected), accent) == 0


def test_after_end_the_open_step_and_the_selection_are_marked_apart(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_End)
    assert window.prep_form.current_step_id() == store.steps(pursuit_id)[0].id
    assert_marked_apart(line, opened=0, selected=3)

    # Enter opens the selection; the mark follows it.
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.prep_form.current_step_id() == store.steps(pursuit_id)[3].id
    assert line.opened() == 3
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    assert_marked_apart(line, opened=3, selected=0)


def test_after_a_drag_the_open_step_keeps_its_mark(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    c = store.steps(pursuit_id)[2]
    window.pursuit_page.open_step(c.id)
    start, end = line.tick_point(0), line.tick_point(1) + QPoint(5, 0)
    viewport = line.viewport()
    QTest.mousePress(viewport, LEFT, NO_MODIFIER, start)
    for number in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * (number / 8))
    QTest.mouseRelease(viewport, LEFT, NO_MODIFIER, end)
    assert [step.title for step in store.steps(pursuit_id)] == ["B", "A", "C", "D"]
    # A, dragged, is selected; C's form is still the one open.
    assert window.prep_form.current_step_id() == c.id
    assert_marked_apart(line, opened=2, selected=1)


def test_a_right_click_selects_without_opening(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    window.pursuit_page.open_step(store.steps(pursuit_id)[0].id)
    menu = line.context_menu(Hit("tick", 2))  # what a right-click on C shows
    menu.deleteLater()
    assert_marked_apart(line, opened=0, selected=2)


# ---- the debrief ----------------------------------------------------------------------------


def top_of(form: PrepForm, widget: QWidget) -> int:
    form.content.layout().activate()
    return widget.mapTo(form.content, QPoint(0, 0)).y()


def test_a_past_meeting_opens_on_its_debrief_and_a_future_one_on_its_prep(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Held", "Coming"])
    held, coming = store.steps(pursuit_id)
    store.update_step(held.id, planned_at=PAST)
    store.update_step(coming.id, planned_at=FUTURE)
    show(window, pursuit_id)
    active(qtbot, window)
    form = window.prep_form

    window.pursuit_page.open_step(held.id)
    assert form.debrief_first
    debrief = top_of(form, form.debrief_box)
    assert debrief < top_of(form, form.decision_edit)
    assert debrief < top_of(form, form.text_edits["why_client"])
    assert form.prep_heading.isVisible()
    buttons = form.outcome_buttons.buttons
    assert [button.text() for button in buttons.values()] == [
        "Advanced: the client decided",
        "Stayed: no decision",
        "Went back a step",
    ]
    # In the debrief's order: outcome, what was decided, when, the next decision, the plan.
    order = [
        form.outcome_buttons,
        form.text_edits["decision_made"],
        form.held_edit,
        form.next_decision_edit,
        form.plan_button,
    ]
    tops = [top_of(form, widget) for widget in order]
    assert tops == sorted(tops)
    assert form.scroll.verticalScrollBar().value() == 0
    # The cursor is on the first outcome; Right moves to the next, as in a radio group.
    assert buttons[Outcome.ADVANCED].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert buttons[Outcome.STAYED].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert store.step(held.id).outcome == Outcome.STAYED.value
    # And the cursor goes on to what the client decided.
    assert form.text_edits["decision_made"].hasFocus()

    window.pursuit_page.open_step(coming.id)
    assert not form.debrief_first
    assert top_of(form, form.decision_edit) < top_of(form, form.debrief_box)
    assert not form.prep_heading.isVisible()
    assert form.decision_edit.hasFocus()


def test_a_held_step_and_an_unscheduled_one_keep_the_preparation_first(
    window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Done", "Someday"])
    done, someday = store.steps(pursuit_id)
    store.update_step(done.id, planned_at=PAST)
    store.record_outcome(done.id, Outcome.ADVANCED)
    show(window, pursuit_id)
    for step in (done, someday):
        window.pursuit_page.open_step(step.id)
        assert not window.prep_form.debrief_first


def test_the_outcome_buttons_look_like_the_line_s_ticks(window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["A"])
    show(window, pursuit_id)
    buttons = window.prep_form.outcome_buttons.buttons
    palette = window.prep_form.palette()
    for outcome, button in buttons.items():
        icon = button.icon().pixmap(button.iconSize()).toImage()
        colour = journey_glyphs.state_colour(TickState(outcome.value), palette)
        rect = QRect(0, 0, button.iconSize().width(), button.iconSize().height())
        assert accent_pixels(icon, rect, colour) > 10, outcome
        assert button.minimumHeight() > button.fontMetrics().height() * 2  # large


def test_held_on_defaults_to_the_planned_day_when_it_has_come(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Past", "Early"])
    past, early = store.steps(pursuit_id)
    store.update_step(past.id, planned_at=PAST)
    store.update_step(early.id, planned_at=FUTURE)
    show(window, pursuit_id)
    form = window.prep_form

    window.pursuit_page.open_step(past.id)
    qtbot.mouseClick(form.outcome_buttons.button(Outcome.ADVANCED), LEFT)
    assert store.step(past.id).held_on == PAST.date()
    assert form.held_edit.value() == PAST.date()

    # Held before the day it was planned for: held today, never on a day still to come.
    window.pursuit_page.open_step(early.id)
    form.go_to_debrief()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert store.step(early.id).outcome == Outcome.ADVANCED.value
    assert store.step(early.id).held_on == TODAY
    assert form.held_edit.value() == TODAY

    # Pressing the recorded outcome again takes it back to planned; undo brings it back.
    assert form.text_edits["decision_made"].hasFocus()
    qtbot.keyClick(form.outcome_buttons.button(Outcome.ADVANCED), Qt.Key.Key_Space)
    assert store.step(early.id).outcome == Outcome.PLANNED.value
    assert store.step(early.id).held_on is None
    window.undo_action.trigger()
    assert store.step(early.id).outcome == Outcome.ADVANCED.value
    assert form.outcome_buttons.button(Outcome.ADVANCED).isChecked()


def test_a_held_date_in_the_future_is_refused_and_not_saved(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Past"])
    (past,) = store.steps(pursuit_id)
    store.update_step(past.id, planned_at=PAST)
    store.record_outcome(past.id, Outcome.STAYED)
    show(window, pursuit_id)
    form = window.prep_form
    window.pursuit_page.open_step(past.id)
    assert form.held_edit.value() == PAST.date()
    count = window.undo_stack.count()

    form.held_edit.set_value(TODAY + timedelta(days=1))
    assert form.flush()  # nothing left pending: the date was refused, not kept to retry
    assert store.step(past.id).held_on == PAST.date()
    assert form.held_edit.value() == PAST.date()  # the last good date is back
    assert form.held_problem.isVisibleTo(form)
    assert "cannot have been held in the future" in form.held_problem.text()
    assert form.held_problem.textFormat() == Qt.TextFormat.PlainText
    assert window.undo_stack.count() == count

    form.held_edit.set_value(TODAY)
    assert form.flush()
    assert store.step(past.id).held_on == TODAY
    assert not form.held_problem.isVisibleTo(form)


def test_plan_next_step_brings_the_people_and_proposes_a_week_later(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Workshop"])
    (workshop,) = store.steps(pursuit_id)
    marta = store.add_person(pursuit_id, "Marta", "CFO", BuyingRole.DECIDES_BUDGET)
    lee = store.add_person(pursuit_id, "Lee", "Ops", BuyingRole.COACH)
    store.add_person(pursuit_id, "Not there")
    store.set_attendees(workshop.id, [marta.id, lee.id])
    store.update_step(workshop.id, planned_at=PAST)
    show(window, pursuit_id)
    active(qtbot, window)
    form = window.prep_form
    window.pursuit_page.open_step(workshop.id)
    assert form.debrief_first

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # Advanced
    type_next(qtbot, "Marta signed off the pilot scope")  # what the client decided
    qtbot.keyClicks(form.next_decision_edit, "Marta approves the pilot budget")
    form.scroll.ensureWidgetVisible(form.plan_button)
    qtbot.mouseClick(form.plan_button, LEFT)

    steps = store.steps(pursuit_id)
    assert len(steps) == 2
    planned = steps[1]
    assert form.current_step_id() == planned.id
    assert planned.decision_needed == "Marta approves the pilot budget"
    assert [p.id for p in store.attendees(planned.id)] == [marta.id, lee.id]
    assert planned.planned_at == PAST + timedelta(weeks=1)
    assert form.decision_edit.toPlainText() == "Marta approves the pilot budget"
    assert all(form.attendees.boxes[person.id].isChecked() for person in (marta, lee))
    # The cursor waits in the proposed date, so the seller can change it at once.
    assert in_form(form, form.planned_edit)
    assert window.pursuit_page.line.opened() == 1

    window.undo_action.trigger()
    assert [s.id for s in store.steps(pursuit_id)] == [workshop.id]
    assert store.step(workshop.id).decision_made == "Marta signed off the pilot scope"
    window.redo_action.trigger()
    assert [p.id for p in store.attendees(planned.id)] == [marta.id, lee.id]


def test_debrief_jumps_to_after_the_meeting_for_any_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, [f"Step {n}" for n in range(1, 4)])
    last = store.steps(pursuit_id)[-1]
    store.update_step(last.id, planned_at=FUTURE)
    line = show(window, pursuit_id)
    window.resize(1000, 500)
    active(qtbot, window)
    form = window.prep_form
    window.pursuit_page.open_step(last.id)
    assert not form.debrief_first and form.decision_edit.hasFocus()
    assert window.debrief_action.shortcut().toString() == "Ctrl+D"

    qtbot.keyClick(form.decision_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert form.outcome_buttons.button(Outcome.ADVANCED).hasFocus()
    bar = form.scroll.verticalScrollBar()
    assert bar.value() > 0  # scrolled down to it
    viewport = form.scroll.viewport()
    visible = QRect(QPoint(0, 0), viewport.size())
    buttons_at = form.outcome_buttons.mapTo(viewport, QPoint(0, 0))
    assert visible.contains(buttons_at)

    # From the line, Ctrl+D debriefs the selected step.
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert form.current_step_id() == store.steps(pursuit_id)[0].id
    assert form.outcome_buttons.button(Outcome.ADVANCED).hasFocus()


def test_a_step_planned_late_still_opens_on_its_preparation(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """Debriefed two weeks late, the next step's proposed day has passed already: it is new,
    so its form starts from its preparation, with the cursor in the date to change."""
    pursuit_id = make_pursuit(store, ["Long ago"])
    (old,) = store.steps(pursuit_id)
    store.update_step(old.id, planned_at=PAST - timedelta(days=14))
    store.record_outcome(old.id, Outcome.ADVANCED, next_decision="Marta approves the budget")
    show(window, pursuit_id)
    active(qtbot, window)
    form = window.prep_form
    window.pursuit_page.open_step(old.id)
    qtbot.mouseClick(form.plan_button, LEFT)
    planned = store.steps(pursuit_id)[1]
    assert planned.planned_at is not None and planned.planned_at.date() < TODAY
    assert form.current_step_id() == planned.id
    assert not form.debrief_first
    assert in_form(form, form.planned_edit)


def test_the_outcome_buttons_work_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Held"])
    (held,) = store.steps(pursuit_id)
    store.update_step(held.id, planned_at=PAST)
    show(window, pursuit_id)
    active(qtbot, window)
    form = window.prep_form
    window.pursuit_page.open_step(held.id)
    buttons = form.outcome_buttons.buttons
    assert buttons[Outcome.ADVANCED].hasFocus()
    qtbot.keyClick(buttons[Outcome.ADVANCED], Qt.Key.Key_Right)
    qtbot.keyClick(buttons[Outcome.STAYED], Qt.Key.Key_Right)
    assert buttons[Outcome.WENT_BACK].hasFocus()
    qtbot.keyClick(buttons[Outcome.WENT_BACK], Qt.Key.Key_Right)  # the last one stays
    assert buttons[Outcome.WENT_BACK].hasFocus()
    qtbot.keyClick(buttons[Outcome.WENT_BACK], Qt.Key.Key_Return)
    assert store.step(held.id).outcome == Outcome.WENT_BACK.value
    assert form.text_labels["decision_made"].text() == "What the client reopened"
    type_next(qtbot, "IT reopened the single-depot scope")
    assert form.flush()
    assert store.step(held.id).decision_made == "IT reopened the single-depot scope"
    buttons[Outcome.WENT_BACK].setFocus()
    qtbot.keyClick(buttons[Outcome.WENT_BACK], Qt.Key.Key_Left)
    assert buttons[Outcome.STAYED].hasFocus()


def test_tab_stops_once_on_the_outcome_then_goes_to_what_the_client_decided(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery"])
    (step,) = store.steps(pursuit_id)
    store.update_step(step.id, planned_at=PAST)
    show(window, pursuit_id)
    active(qtbot, window)
    form = window.prep_form
    window.pursuit_page.open_step(step.id)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    advanced = form.outcome_buttons.button(Outcome.ADVANCED)
    assert advanced.hasFocus()
    qtbot.keyClick(advanced, Qt.Key.Key_Space)
    assert store.step(step.id).outcome == Outcome.ADVANCED.value

    # Held: Ctrl+D comes back to the recorded outcome, and Tab leaves the buttons.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert advanced.hasFocus()
    qtbot.keyClick(advanced, Qt.Key.Key_Tab)
    decided = form.text_edits["decision_made"]
    assert decided.hasFocus()
    qtbot.keyClicks(decided, "Route data shared with us")
    assert form.flush()
    held = store.step(step.id)
    assert (held.outcome, held.decision_made) == (
        Outcome.ADVANCED.value,
        "Route data shared with us",
    )

    # Shift+Tab comes back to the outcome; Left and Right still reach the others.
    qtbot.keyClick(decided, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert advanced.hasFocus()
    qtbot.keyClick(advanced, Qt.Key.Key_Right)
    assert form.outcome_buttons.button(Outcome.STAYED).hasFocus()
