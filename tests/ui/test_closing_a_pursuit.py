"""Won or lost from the menu or the details: what decided it, the planned steps closed as "not
held" and drawn muted, and one Ctrl+Z putting everything back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from lines import show
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.close_pursuit import ClosePursuitDialog
from pursuit_journey.ui.main_window import MainWindow


def in_next_dialog(act: Callable[[ClosePursuitDialog], None]) -> list[ClosePursuitDialog]:
    seen: list[ClosePursuitDialog] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ClosePursuitDialog):
            QTimer.singleShot(20, attempt)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, attempt)
    return seen


def pursuit_with_plans(store: Store) -> int:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    assert pursuit.id is not None
    soon = datetime.combine(store.today(), datetime.min.time()) + timedelta(days=2, hours=10)
    held = store.add_step(pursuit.id, title="Discovery", decision_needed="Agree the pilot")
    store.record_outcome(held.id, Outcome.ADVANCED)
    store.add_step(pursuit.id, title="Pilot", planned_at=soon, decision_needed="Choose a depot")
    store.add_step(pursuit.id, title="Contract", planned_at=soon + timedelta(days=1))
    return pursuit.id


def outcomes(store: Store, pursuit_id: int) -> list[str]:
    return [step.outcome for step in store.steps(pursuit_id)]


def test_marking_won_closes_the_planned_steps_and_undo_restores_them(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = pursuit_with_plans(store)
    line = show(window, pursuit_id)

    def answer(dialog: ClosePursuitDialog) -> None:
        assert dialog.close_steps.isVisible() and dialog.close_steps.isChecked()
        assert "2 steps" in dialog.close_steps.text()
        qtbot.keyClicks(dialog.reason_edit, "The pilot cut their fuel costs")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    seen = in_next_dialog(answer)
    window.status_actions[PursuitStatus.WON].trigger()
    assert seen

    pursuit = store.pursuit(pursuit_id)
    assert (pursuit.status, pursuit.closing_reason) == ("won", "The pilot cut their fuel costs")
    assert outcomes(store, pursuit_id) == ["advanced", "not_held", "not_held"]
    assert [m.state for m in line.layout_data.marks][1:] == [TickState.NOT_HELD] * 2
    assert "not held" in line.accessible_text(1)

    window.undo_action.trigger()  # one undo: the status, the reason and the steps
    pursuit = store.pursuit(pursuit_id)
    assert (pursuit.status, pursuit.closing_reason) == ("active", "")
    assert outcomes(store, pursuit_id) == ["advanced", "planned", "planned"]
    assert [m.state for m in line.layout_data.marks][1:] == [
        TickState.PLANNED,
        TickState.DECISION_MISSING,
    ]

    window.redo_action.trigger()
    assert outcomes(store, pursuit_id) == ["advanced", "not_held", "not_held"]
    assert store.pursuit(pursuit_id).status == "won"


def test_the_seller_may_keep_the_steps_planned(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = pursuit_with_plans(store)
    show(window, pursuit_id)

    def answer(dialog: ClosePursuitDialog) -> None:
        dialog.close_steps.setChecked(False)
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    in_next_dialog(answer)
    window.status_actions[PursuitStatus.LOST].trigger()
    assert store.pursuit(pursuit_id).status == "lost"
    assert outcomes(store, pursuit_id) == ["advanced", "planned", "planned"]


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    pursuit_id = pursuit_with_plans(store)
    show(window, pursuit_id)
    in_next_dialog(lambda dialog: qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Escape))
    window.status_actions[PursuitStatus.WON].trigger()
    assert store.pursuit(pursuit_id).status == "active"
    assert outcomes(store, pursuit_id) == ["advanced", "planned", "planned"]
    assert window.undo_stack.count() == 0


def test_choosing_lost_in_the_details_asks_the_same_and_shows_the_reason(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = pursuit_with_plans(store)
    show(window, pursuit_id)
    window.details_action.trigger()
    details = window.details
    assert details is not None

    def answer(dialog: ClosePursuitDialog) -> None:
        qtbot.keyClicks(dialog.reason_edit, "Budget moved to next year")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    seen = in_next_dialog(answer)
    details.status_combo.setCurrentIndex(details.status_combo.findData(PursuitStatus.LOST.value))
    assert seen
    assert store.pursuit(pursuit_id).status == "lost"
    assert outcomes(store, pursuit_id) == ["advanced", "not_held", "not_held"]
    assert details.closing_edit.text() == "Budget moved to next year"
    assert details.status_combo.currentData() == PursuitStatus.LOST.value

    window.undo_stack.undo()
    assert store.pursuit(pursuit_id).status == "active"
    assert details.status_combo.currentData() == PursuitStatus.ACTIVE.value
    assert details.closing_edit.text() == ""

    # Cancelled in the details: the status shown is the one stored.
    in_next_dialog(lambda dialog: dialog.reject())
    details.status_combo.setCurrentIndex(details.status_combo.findData(PursuitStatus.WON.value))
    assert store.pursuit(pursuit_id).status == "active"
    assert details.status_combo.currentData() == PursuitStatus.ACTIVE.value


def test_a_not_held_step_is_drawn_in_the_muted_colour(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter, QPalette

    from pursuit_journey.drawing import journey_glyphs as glyphs

    palette = QApplication.palette()
    muted = glyphs.muted_colour(palette.color(QPalette.ColorRole.Text), palette)
    assert glyphs.state_colour(TickState.NOT_HELD, palette) == muted
    assert glyphs.state_colour(TickState.PLANNED, palette) != muted
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    glyphs.draw_tick(painter, QPointF(20, 20), 24, TickState.NOT_HELD, palette)
    painter.end()
    darkest = min(image.pixelColor(x, y).lightness() for x in range(40) for y in range(40))
    assert darkest >= muted.lightness() - 10  # nothing drawn darker than the muted ink


def test_standing_and_stays_look_past_not_held_steps() -> None:
    from pursuit_journey.domain.journey import standing
    from pursuit_journey.domain.momentum import stays_in_a_row

    outcomes_in_order = [Outcome.ADVANCED, Outcome.STAYED, Outcome.NOT_HELD, Outcome.NOT_HELD]
    assert standing(outcomes_in_order).here == 2  # after the last step that was held
    assert stays_in_a_row(outcomes_in_order) == 1
