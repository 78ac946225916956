"""The journey line as a screen reader meets it: a list named "Journey line", one item per step.

The line's interface is asked for the way a screen reader bridge asks, through
``QAccessible.queryAccessibleInterface``; accessibility is switched on so that every
announcement is really sent (the offscreen platform has no screen reader to receive it).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
import shiboken6
from lines import make_pursuit, show
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import Outcome
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.journey import journey_accessibility
from pursuit_journey.ui.journey.journey_accessibility import JourneyLineAccessible, StepAccessible
from pursuit_journey.ui.journey.journey_line import JourneyLine
from pursuit_journey.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier
NAME = QAccessible.Text.Name


@pytest.fixture(autouse=True)
def accessibility_on() -> Iterator[None]:
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(was_active)


def interface(line: JourneyLine) -> QAccessibleInterface:
    found = QAccessible.queryAccessibleInterface(line)
    assert isinstance(found, JourneyLineAccessible)
    return found


def names(line: JourneyLine) -> list[str]:
    line_interface = interface(line)
    return [line_interface.child(i).text(NAME) for i in range(line_interface.childCount())]


def titles_in_db(store: Store, pursuit_id: int) -> list[str]:
    return [step.title for step in store.steps(pursuit_id)]


def selected(line: JourneyLine) -> list[int]:
    line_interface = interface(line)
    return [
        i for i in range(line_interface.childCount()) if line_interface.child(i).state().selected
    ]


def focused(line: JourneyLine) -> list[int]:
    line_interface = interface(line)
    return [
        i for i in range(line_interface.childCount()) if line_interface.child(i).state().focused
    ]


def test_the_line_is_a_named_list_with_one_item_per_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["Discovery", "Findings", "Workshop"]))
    line_interface = interface(line)
    assert line_interface.text(NAME) == "Journey line"
    assert line_interface.role() == QAccessible.Role.List
    assert "Left and Right choose a step" in line_interface.text(QAccessible.Text.Description)
    assert line_interface.childCount() == 3
    for index in range(3):
        child = line_interface.child(index)
        assert isinstance(child, StepAccessible)
        assert child.role() == QAccessible.Role.ListItem
        assert line_interface.indexOfChild(child) == index
        assert child.parent() is line_interface
        assert child.child(0) is None and child.childCount() == 0
    # Asked again, Qt gets the same interfaces (it keeps them in its cache by id).
    assert line_interface.child(1) is line_interface.child(1)
    assert line_interface.child(3) is None


def test_other_widgets_keep_qt_s_own_interfaces(window: MainWindow) -> None:
    button = window.findChild(QPushButton)
    assert button is not None
    button_interface = QAccessible.queryAccessibleInterface(button)
    assert button_interface is not None
    assert not isinstance(button_interface, JourneyLineAccessible)
    assert button_interface.role() == QAccessible.Role.Button


def test_each_step_says_position_title_state_and_decision_as_plain_text(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery", "<b>Bold</b> & co"])
    steps = store.steps(pursuit_id)
    store.record_outcome(steps[0].id, Outcome.ADVANCED)
    store.update_step(steps[0].id, decision_made="Route data for Q1")
    store.update_step(steps[1].id, decision_needed="<i>Sign</i> the <a href=x>pilot</a>")
    line = show(window, pursuit_id)
    assert names(line) == [
        "Step 1 of 2: Discovery, advanced: the client decided, not scheduled. "
        "Decided: Route data for Q1",
        "Step 2 of 2: <b>Bold</b> & co, planned, not scheduled. "
        "Decision needed: <i>Sign</i> the <a href=x>pilot</a>. Open in the prep form",
    ]
    store.update_step(steps[1].id, decision_needed="")
    show(window, pursuit_id)
    assert names(line)[1].startswith("Step 2 of 2: <b>Bold</b> & co, planned, decision missing")
    assert names(line)[1].endswith(
        "Decision needed: no decision written yet. Open in the prep form"
    )


def test_the_step_whose_form_is_open_says_so_and_the_selection_does_not(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["A", "B", "C"]))
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClick(line, Qt.Key.Key_End)  # selects C; A's form stays open
    said = names(line)
    assert said[0].endswith("Open in the prep form")
    assert not any(text.endswith("Open in the prep form") for text in said[1:])
    assert interface(line).child(2).state().selected
    assert not interface(line).child(0).state().selected


def test_each_step_s_rectangle_is_its_tick_on_screen(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["A", "B", "C", "D"]))
    line_interface = interface(line)
    on_screen = QRect(line.mapToGlobal(QPoint(0, 0)), line.size())
    assert line_interface.rect() == on_screen
    rects = [line_interface.child(i).rect() for i in range(4)]
    for index, rect in enumerate(rects):
        assert not rect.isEmpty()
        assert on_screen.contains(rect), (index, rect, on_screen)
        tick = line.viewport().mapToGlobal(line.tick_point(index))
        assert rect.contains(tick)
        assert line_interface.childAt(tick.x(), tick.y()) is line_interface.child(index)
        assert not line_interface.child(index).state().offscreen
    assert all(left.right() < right.left() + 2 for left, right in pairwise(rects))


def test_steps_scrolled_out_of_view_are_marked_offscreen(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, [f"Step {n}" for n in range(40)]))
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    line_interface = interface(line)
    assert line_interface.childCount() == 40
    assert not line_interface.child(0).state().offscreen
    assert line_interface.child(39).state().offscreen
    qtbot.keyClick(line, Qt.Key.Key_End)  # the line scrolls: the rectangles follow
    assert line_interface.child(0).state().offscreen
    assert not line_interface.child(39).state().offscreen
    on_screen = QRect(line.mapToGlobal(QPoint(0, 0)), line.size())
    assert on_screen.contains(line_interface.child(39).rect())


def test_the_selected_step_is_selected_and_focused_and_follows_the_keys(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["A", "B", "C"]))
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    qtbot.keyClick(line, Qt.Key.Key_Home)
    assert selected(line) == [0] and focused(line) == [0]
    line_interface = interface(line)
    assert line_interface.focusChild() is line_interface.child(0)

    qtbot.keyClick(line, Qt.Key.Key_Right)
    assert selected(line) == [1] and focused(line) == [1]
    assert line_interface.focusChild() is line_interface.child(1)
    # What the line sends resolves to that step, as the screen reader will look it up.
    events = line.accessibility.current_events()
    assert [event.type() for event in events] == [
        QAccessible.Event.Selection,
        QAccessible.Event.Focus,
    ]
    assert all(event.accessibleInterface() is line_interface.child(1) for event in events)

    qtbot.keyClick(line, Qt.Key.Key_Right)
    qtbot.keyClick(line, Qt.Key.Key_Right)  # already at the end
    assert selected(line) == [2] and focused(line) == [2]
    qtbot.keyClick(line, Qt.Key.Key_Left)
    assert selected(line) == [1] and focused(line) == [1]

    window.list_panel.search.setFocus()  # selected still, but no longer focused
    qtbot.waitUntil(lambda: not line.hasFocus())
    assert selected(line) == [1] and focused(line) == []
    assert line_interface.focusChild() is None
    assert [event.type() for event in line.accessibility.current_events()] == [
        QAccessible.Event.Selection
    ]


def test_moving_a_step_with_alt_right_and_undo_reorders_the_items(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Home)
    before = names(line)
    assert [name.split(",")[0] for name in before] == [
        "Step 1 of 3: A",
        "Step 2 of 3: B",
        "Step 3 of 3: C",
    ]

    qtbot.keyClick(line, Qt.Key.Key_Right, ALT)
    assert titles_in_db(store, pursuit_id) == ["B", "A", "C"]
    assert [name.split(",")[0] for name in names(line)] == [
        "Step 1 of 3: B",
        "Step 2 of 3: A",
        "Step 3 of 3: C",
    ]
    assert selected(line) == [1]  # the moved step stays the selected one

    window.undo_action.trigger()
    assert titles_in_db(store, pursuit_id) == ["A", "B", "C"]
    assert names(line) == before
    window.redo_action.trigger()
    assert names(line)[0].startswith("Step 1 of 3: B,")


def test_dragging_a_step_reorders_the_items(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    line = show(window, pursuit_id)
    start, end = line.tick_point(0), line.tick_point(2) + QPoint(5, 0)
    viewport = line.viewport()
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for number in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * (number / 8))
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, end)
    assert titles_in_db(store, pursuit_id) == ["B", "C", "A", "D"]
    titles = [name.split(": ")[1].split(",")[0] for name in names(line)]
    assert titles == ["B", "C", "A", "D"]
    assert selected(line) == [2]

    window.undo_action.trigger()
    titles = [name.split(": ")[1].split(",")[0] for name in names(line)]
    assert titles == ["A", "B", "C", "D"]


def test_items_of_deleted_steps_go_away(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C"])
    line = show(window, pursuit_id)
    line_interface = interface(line)
    last = line_interface.child(2)
    assert isinstance(last, StepAccessible)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_End)
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    assert titles_in_db(store, pursuit_id) == ["A", "B"]
    assert line_interface.childCount() == 2
    assert line_interface.child(2) is None
    assert not shiboken6.isValid(last)  # Qt deleted it: nothing can reach the old item
    window.undo_action.trigger()
    assert line_interface.childCount() == 3
    assert line_interface.child(2).text(NAME).startswith("Step 3 of 3: C,")


def test_twenty_windows_come_and_go_without_leaving_interfaces_behind(
    qtbot: QtBot, store: Store, settings: Any
) -> None:
    pursuit_id = make_pursuit(store, ["A", "B", "C", "D"])
    for _ in range(20):
        window = MainWindow(store, settings)
        window.show()
        qtbot.waitExposed(window)
        line = show(window, pursuit_id)
        line.setFocus()
        qtbot.keyClick(line, Qt.Key.Key_Right)
        assert len(names(line)) == 4
        assert journey_accessibility.live_step_interfaces() >= 4
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        assert journey_accessibility.live_step_interfaces() == 0


def test_an_application_with_lines_ends_cleanly(tmp_path: Any) -> None:
    """Windows closed and left open, the application deleted: the process must not crash."""
    script = textwrap.dedent(
        """
        import gc
        from PySide6.QtGui import QAccessible
        from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
        from pursuit_journey.domain.vocabulary import PursuitStatus
        from pursuit_journey.store.tables import Step
        from pursuit_journey.ui.journey.journey_line import JourneyLine

        app = QApplication([])
        QAccessible.setActive(True)
        kept = []
        for number in range(20):
            window = QWidget()
            line = JourneyLine(window)
            QVBoxLayout(window).addWidget(line)
            steps = [
                Step(id=i + 1, pursuit_id=1, position=i, title=f"Step {i}", decision_needed="x")
                for i in range(5)
            ]
            line.set_journey(steps, PursuitStatus.ACTIVE, 1)
            window.show()
            app.processEvents()
            line.setFocus()
            found = QAccessible.queryAccessibleInterface(line)
            assert [found.child(i).text(QAccessible.Text.Name) for i in range(5)]
            line.set_journey(steps[:3], PursuitStatus.ACTIVE, 0)
            if number % 2:
                window.close()
                window.deleteLater()
                app.processEvents()
            else:
                kept.append(window)
            gc.collect()
        del found, line, window
        app.processEvents()
        print("done")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
