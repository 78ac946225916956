"""The journey line driven with real mouse and key events, against the real database."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from lines import make_pursuit, show
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.journey_layout import JourneyEnd, TickState
from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, PursuitStatus
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.journey.journey_line import Hit, JourneyLine
from pursuit_journey.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def titles_in_db(store: Store, pursuit_id: int) -> list[str]:
    return [step.title for step in store.steps(pursuit_id)]


def snapshot(store: Store, pursuit_id: int) -> list[tuple[dict[str, Any], list[int]]]:
    """Every column of every step, and who attends it: what undo must give back exactly."""
    return [
        (step.model_dump(), [person.id for person in store.attendees(step.id)])
        for step in store.steps(pursuit_id)
    ]


def drag(qtbot: QtBot, line: JourneyLine, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press at ``start``, move in small steps to ``end`` (the button stays down)."""
    viewport = line.viewport()
    QTest.mousePress(viewport, LEFT, NO_MODIFIER, start)
    for number in range(1, steps + 1):
        point = start + (end - start) * (number / steps)
        QTest.mouseMove(viewport, point)
    assert viewport.rect().contains(end)


def test_clicking_a_tick_selects_and_opens_that_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery", "Findings", "Workshop"])
    line = show(window, pursuit_id)
    wanted = store.steps(pursuit_id)[1]
    assert line.viewport().rect().contains(line.tick_point(1))
    with qtbot.waitSignal(window.pursuit_page.stepOpened) as opened:
        qtbot.mouseClick(line.viewport(), LEFT, pos=line.tick_point(1))
    assert opened.args == [wanted.id]
    assert line.current() == 1
    assert window.prep_form.current_step_id() == wanted.id
    assert window.prep_form.title_edit.text() == "Findings"
    # Opening a step puts the cursor in its first field: the decision needed from the client.
    assert window.prep_form.decision_edit.hasFocus()


def test_dragging_a_tick_moves_the_step_and_saves_the_order(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    beyond_c = line.tick_point(2) + QPoint(5, 0)
    drag(qtbot, line, line.tick_point(0), beyond_c)
    assert line.is_dragging()
    assert line.drop_gap() == 3  # the indicator stands between C and D
    QTest.mouseRelease(line.viewport(), LEFT, NO_MODIFIER, beyond_c)
    assert not line.is_dragging()
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A", "D"]
    assert [step.title for step in line.steps] == ["B", "C", "A", "D"]
    assert line.current_step() is not None and line.current_step().title == "A"
    assert window.undo_stack.count() == 1

    window.undo_action.trigger()
    assert titles_in_db(store, pursuit_id) == ["A", "B", "C", "D"]
    assert [step.title for step in line.steps] == ["A", "B", "C", "D"]
    window.redo_action.trigger()
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A", "D"]


def test_dragging_to_the_left_lands_before_the_passed_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    before_b = line.tick_point(1) - QPoint(5, 0)
    drag(qtbot, line, line.tick_point(3), before_b)
    QTest.mouseRelease(line.viewport(), LEFT, NO_MODIFIER, before_b)
    assert titles_in_db(store, pursuit_id) == ["A", "D", "B", "C"]


def test_escape_during_a_drag_cancels_it(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    before = snapshot(store, pursuit_id)
    end = line.tick_point(2) + QPoint(5, 0)
    drag(qtbot, line, line.tick_point(0), end)
    assert line.is_dragging()
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert not line.is_dragging()
    QTest.mouseMove(line.viewport(), end + QPoint(3, 0))
    QTest.mouseRelease(line.viewport(), LEFT, NO_MODIFIER, end + QPoint(3, 0))
    assert snapshot(store, pursuit_id) == before
    assert window.undo_stack.count() == 0


def test_a_drag_of_a_few_pixels_is_a_click(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    start = line.tick_point(1)
    nudge = start + QPoint(QApplication.startDragDistance() - 2, 0)
    with qtbot.waitSignal(line.stepOpened):
        drag(qtbot, line, start, nudge, steps=2)
        assert not line.is_dragging()
        QTest.mouseRelease(line.viewport(), LEFT, NO_MODIFIER, nudge)
    assert titles_in_db(store, pursuit_id) == ["A", "B", "C"]
    assert window.undo_stack.count() == 0


def test_the_keyboard_selects_opens_and_moves_steps(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    assert line.current() == 0
    qtbot.keyClick(line, Qt.Key.Key_Right)
    qtbot.keyClick(line, Qt.Key.Key_Right)
    assert line.current() == 2
    qtbot.keyClick(line, Qt.Key.Key_Left)
    assert line.current() == 1
    qtbot.keyClick(line, Qt.Key.Key_End)
    assert line.current() == 3
    qtbot.keyClick(line, Qt.Key.Key_Right)  # stays at the last step
    assert line.current() == 3

    qtbot.keyClick(line, Qt.Key.Key_Home)
    with qtbot.waitSignal(window.pursuit_page.stepOpened) as opened:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert opened.args == [store.steps(pursuit_id)[0].id]

    qtbot.keyClick(line, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C", "D"]
    assert line.current() == 1 and line.current_step().title == "A"  # the selection follows
    qtbot.keyClick(line, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A", "D"]
    qtbot.keyClick(line, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C", "D"]
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # nowhere to go
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C", "D"]

    # Ctrl+Z and Ctrl+Shift+Z reach the window's undo stack from the line.
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A", "D"]
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(line, Qt.Key.Key_Z, shift_ctrl)
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C", "D"]


def test_insert_adds_a_step_after_the_selection_and_undo_redo_are_exact(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    before = snapshot(store, pursuit_id)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Insert)
    assert titles_in_db(store, pursuit_id) == ["A", "", "B", "C"]
    assert line.current() == 1
    inserted = store.steps(pursuit_id)[1]
    assert window.prep_form.current_step_id() == inserted.id  # the new step is opened
    after = snapshot(store, pursuit_id)

    window.undo_action.trigger()
    assert snapshot(store, pursuit_id) == before
    assert line.count() == 3
    window.redo_action.trigger()
    assert snapshot(store, pursuit_id) == after  # the very same step, same id and uid


def test_the_plus_between_two_ticks_inserts_there(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B"])
    line = show(window, pursuit_id)
    plus = line.gap_point(1)
    assert line.hit(plus) == Hit("gap", 1)
    qtbot.mouseClick(line.viewport(), LEFT, pos=plus)
    assert titles_in_db(store, pursuit_id) == ["A", "", "B"]
    assert line.current() == 1


def test_delete_then_undo_brings_the_step_back_with_fields_and_attendees(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    marta = store.add_person(pursuit_id, "Marta <CFO>", role=BuyingRole.DECIDES_BUDGET)
    lee = store.add_person(pursuit_id, "Lee", role=BuyingRole.COACH)
    target = store.steps(pursuit_id)[1]
    store.update_step(target.id, why_client="Saves fuel", concerns="Privacy", questions="Who?")
    store.record_outcome(target.id, Outcome.ADVANCED, decision_made="Shares data")
    store.set_attendees(target.id, [marta.id, lee.id])
    line = show(window, pursuit_id)
    before = snapshot(store, pursuit_id)

    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Right)
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    assert titles_in_db(store, pursuit_id) == ["A", "C"]
    assert line.current_step().title == "C"  # the neighbour takes the selection
    after = snapshot(store, pursuit_id)

    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot(store, pursuit_id) == before
    assert line.current_step().id == target.id
    window.redo_action.trigger()
    assert snapshot(store, pursuit_id) == after
    window.undo_action.trigger()
    assert snapshot(store, pursuit_id) == before


def test_the_context_menu_opens_moves_and_deletes(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)

    def trigger(hit: Hit, text: str) -> None:
        menu = line.context_menu(hit)
        actions = {action.text(): action for action in menu.actions() if action.text()}
        assert actions[text].isEnabled()
        actions[text].trigger()
        menu.deleteLater()

    menu = line.context_menu(Hit("tick", 0))
    names = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert names == [
        "Open",
        "Move Left",
        "Move Right",
        "Insert Step Before",
        "Insert Step After",
        "Add to Calendar…",
        "Delete Step",
    ]
    assert not menu.actions()[1].isEnabled()  # the first step cannot move left
    with qtbot.waitSignal(window.pursuit_page.stepOpened):
        trigger(Hit("tick", 2), "Open")
    assert window.prep_form.title_edit.text() == "C"
    trigger(Hit("tick", 0), "Move Right")
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C"]
    trigger(Hit("tick", 2), "Move Left")
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A"]
    trigger(Hit("tick", 0), "Delete Step")
    assert titles_in_db(store, pursuit_id) == ["C", "A"]
    trigger(Hit("gap", 2), "Insert Step Here")
    assert titles_in_db(store, pursuit_id) == ["C", "A", ""]
    for _ in range(4):
        window.undo_action.trigger()
    assert titles_in_db(store, pursuit_id) == ["A", "B", "C"]


def test_two_hundred_steps_scroll_and_their_labels_never_overlap(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    long = "Quarterly business review with the whole regional operations leadership team"
    pursuit_id = make_pursuit(store, [f"{number} {long}" for number in range(200)])
    line = show(window, pursuit_id)
    assert line.count() == 200
    bar = line.horizontalScrollBar()
    assert bar.isVisible() and bar.maximum() > 0  # wider than the window: it scrolls

    geometry = line.geometry_now()
    extents = []
    for index in range(200):
        left, right = geometry.column(index)
        boxes = line.label_boxes(index).all()
        assert len(boxes) >= 4
        for box, text in boxes:
            assert text  # every label shows something
            assert left <= box.left() and box.right() <= right, (index, text)
        extents.append((min(b.left() for b, _ in boxes), max(b.right() for b, _ in boxes)))
        title = line.label_boxes(index).title
        assert title[-1][1].endswith("…")  # long titles are elided, not overflowing
    for (_, right_edge), (next_left, _) in pairwise(extents):
        assert right_edge < next_left
    # Readable: the columns keep their minimum width however many steps there are.
    assert geometry.spacing >= line.metrics().min_spacing

    line.set_current(199)
    assert bar.value() == bar.maximum()
    assert not line.grab().isNull()  # painting the far end works too


def test_a_few_steps_fit_the_window_and_follow_its_width(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    assert line.horizontalScrollBar().maximum() == 0
    assert line.geometry_now().width == pytest.approx(line.viewport().width(), abs=1)
    window.splitter.setSizes([400, 600])
    QApplication.processEvents()
    assert line.geometry_now().width == pytest.approx(line.viewport().width(), abs=1)


def test_html_in_a_title_is_shown_literally(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["<b>Bold</b>"])
    step = store.steps(pursuit_id)[0]
    store.update_step(step.id, decision_needed="<i>Sign</i> & <a href=x>go</a>")
    line = show(window, pursuit_id)
    labels = line.label_boxes(0)
    assert [text for _, text in labels.title] == ["<b>Bold</b>"]
    # Wrapped at the line's width: compared without the spaces a line break takes.
    shown = "".join(text for _, text in labels.decision)
    assert shown.replace(" ", "") == "<i>Sign</i>&<ahref=x>go</a>"
    assert "<b>Bold</b>" in line.accessible_text(0)

    point = line.tick_point(0)
    help_event = QHelpEvent(QEvent.Type.ToolTip, point, line.viewport().mapToGlobal(point))
    QApplication.sendEvent(line.viewport(), help_event)
    tooltip = QToolTip.text()
    assert "&lt;i&gt;Sign&lt;/i&gt; &amp; &lt;a href=x&gt;go&lt;/a&gt;" in tooltip
    assert "<i>" not in tooltip

    qtbot.mouseClick(line.viewport(), LEFT, pos=point)
    assert window.prep_form.title_edit.text() == "<b>Bold</b>"  # a line edit: never rich text
    assert window.prep_form.decision_edit.toPlainText() == "<i>Sign</i> & <a href=x>go</a>"


def test_the_line_is_named_and_says_where_the_selection_is(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery", "Findings"])
    first = store.steps(pursuit_id)[0]
    store.record_outcome(first.id, Outcome.ADVANCED)
    store.update_step(first.id, decision_made="Route data for Q1")
    store.update_step(store.steps(pursuit_id)[1].id, decision_needed="")
    line = show(window, pursuit_id)
    assert line.accessibleName() == "Journey line"
    # A held step says what the client decided, not what the step was after.
    assert line.accessible_text(0) == (
        "Step 1 of 2: Discovery, advanced: the client decided, not scheduled. "
        "Decided: Route data for Q1"
    )
    text = line.accessible_text(1)
    assert text.startswith("Step 2 of 2: Findings, planned, decision missing")
    assert "no decision written yet" in text
    # Each step is an item of its own (tests/ui/test_journey_accessibility.py); the line's
    # description says how to work it.
    assert line.accessibleDescription().startswith("2 steps. Left and Right choose a step")


def test_states_and_the_end_follow_the_pursuit(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B"], status=PursuitStatus.LOST.value)
    store.record_outcome(store.steps(pursuit_id)[0].id, Outcome.WENT_BACK)
    line = show(window, pursuit_id)
    layout = line.layout_data
    assert layout.end is JourneyEnd.LOST and layout.muted
    assert [mark.state for mark in layout.marks] == [TickState.WENT_BACK, TickState.PLANNED]

    def accept_the_question() -> None:  # what decided it, and close the planned step
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, accept_the_question)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, accept_the_question)
    window.status_actions[PursuitStatus.WON].trigger()
    assert line.layout_data.end is JourneyEnd.WON
    assert [mark.state for mark in line.layout_data.marks] == [
        TickState.WENT_BACK,
        TickState.NOT_HELD,
    ]
    assert not line.grab().isNull()


def test_double_clicking_the_plus_inserts_one_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    # Enough steps that the line scrolls: the spacing stays, and so does the "+" under the mouse.
    pursuit_id = make_pursuit(store, list("ABCDEFGHIJ"))
    line = show(window, pursuit_id)
    line.horizontalScrollBar().setValue(0)
    plus = line.gap_point(2)
    # What a desktop sends for a double click: a click, then a double-click press and a release.
    qtbot.mouseClick(line.viewport(), LEFT, pos=plus)
    QTest.mouseDClick(line.viewport(), LEFT, NO_MODIFIER, plus)
    QTest.mouseRelease(line.viewport(), LEFT, NO_MODIFIER, plus)
    assert titles_in_db(store, pursuit_id) == ["A", "B", "", *"CDEFGHIJ"]


def test_only_a_planned_step_warns_that_its_decision_is_missing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from pursuit_journey.domain.vocabulary import Outcome
    from pursuit_journey.ui.journey.journey_line import _decision_caption

    pursuit_id = make_pursuit(store, ["Held", "Planned"])
    held, planned = store.steps(pursuit_id)
    for step in (held, planned):
        store.update_step(step.id, decision_needed="")
    store.record_outcome(held.id, Outcome.STAYED)
    line = show(window, pursuit_id)
    held_mark, planned_mark = line.layout_data.marks
    assert _decision_caption(held_mark) == ""
    assert _decision_caption(planned_mark) == "Decision missing"  # drawn as a warning


def test_the_selected_step_shows_a_focus_frame_while_the_line_has_the_focus(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["A", "B", "C"]))
    window.activateWindow()
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    # As after Tab: styles frame what has the focus only once the keyboard has moved it.
    window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    qtbot.keyClick(line, Qt.Key.Key_Home)
    column = line.step_rect(0)

    focused = line.viewport().grab(column).toImage()
    window.list_panel.search.setFocus()
    qtbot.waitUntil(lambda: not line.hasFocus())
    unfocused = line.viewport().grab(column).toImage()

    assert line.current() == 0
    assert focused != unfocused  # the style's focus frame round the selected column
