"""Issue 16 part B: the line's legend, numbers clear of the ticks, the decision a held step
shows, one warning style everywhere, and steps out of order, against the real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from lines import make_pursuit, show
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_momentum_view import open_window

from pursuit_journey.domain.date_order import OrderProblem
from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.domain.vocabulary import BuyingRole, Outcome
from pursuit_journey.drawing import journey_glyphs as glyphs
from pursuit_journey.drawing.journey_glyphs import warning_colour
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.appearance import Appearance, apply_appearance
from pursuit_journey.ui.journey import journey_line as journey_line_module
from pursuit_journey.ui.journey.journey_legend import SETTING as LEGEND_SETTING
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.momentum import momentum_view as momentum_view_module
from pursuit_journey.ui.pursuit_list import Column
from pursuit_journey.ui.warning import WarningLabel, warning_icon, warning_pixmap

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def system_afterwards() -> Iterator[None]:
    """The application is shared by the whole suite: it goes back to the system's look."""
    yield
    apply_appearance(Appearance.SYSTEM)


def paint_calls(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[str]:
    """The texts ``module`` draws with the shared ``paint_warning`` (still drawn for real)."""
    calls: list[str] = []
    real = module.paint_warning

    def recording(painter: Any, room: Any, text: str, font: Any, palette: Any) -> Any:
        calls.append(text)
        return real(painter, room, text, font, palette)

    monkeypatch.setattr(module, "paint_warning", recording)
    return calls


def contrast(one: QColor, other: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ---- the legend ---------------------------------------------------------------------------


def test_the_legend_shows_the_five_states_with_the_ticks_own_glyphs(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["A", "B"]))
    legend = line.legend
    assert legend.isVisible()
    assert legend.labels() == ["planned", "advanced", "stayed", "went back", "decision missing"]
    states = [state for state, *_ in legend.entries.entry_rects()]
    assert states == [
        TickState.PLANNED,
        TickState.ADVANCED,
        TickState.STAYED,
        TickState.WENT_BACK,
        TickState.DECISION_MISSING,
    ]
    # Everything fits on the line's row, and each glyph is painted in its state's colour.
    assert legend.entries.entry_rects()[-1][3].right() <= legend.entries.width()
    image = legend.entries.grab().toImage()
    ratio = image.devicePixelRatio()
    for state in (TickState.ADVANCED, TickState.STAYED):
        centre = legend.entries.glyph_centre(state)
        painted = image.pixelColor(round(centre.x() * ratio), round(centre.y() * ratio))
        assert painted == glyphs.state_colour(state, legend.palette())
    # Below the ticks' labels, above the scroll bar, staying put while the line scrolls.
    assert legend.geometry().top() > line.viewport().geometry().bottom()


def test_the_legend_hides_with_its_button_and_the_view_menu_and_is_remembered(
    qtbot: QtBot, window: MainWindow, store: Store, settings: QSettings
) -> None:
    line = show(window, make_pursuit(store, ["A", "B"]))
    height_with = line.sizeHint().height()
    assert window.legend_action.isChecked()
    qtbot.mouseClick(line.legend.hide_button, LEFT)
    assert not line.legend.isVisible()
    assert not window.legend_action.isChecked()
    assert line.sizeHint().height() < height_with  # the room goes back to the form
    assert settings.value(LEGEND_SETTING, type=bool) is False
    window.close()

    again = open_window(qtbot, store, settings)
    again_line = show(again, make_pursuit(store, ["C"]))
    assert not again.legend_action.isChecked()
    assert not again_line.legend.isVisible()
    again.legend_action.trigger()  # View ▸ Journey Legend
    assert again_line.legend.isVisible()
    assert settings.value(LEGEND_SETTING, type=bool) is True
    assert "Journey L&egend" in [
        action.text() for action in again.menuBar().actions()[2].menu().actions()
    ]


# ---- numbers clear of the ticks -------------------------------------------------------------


@pytest.mark.parametrize("point_size", [7.0, 10.0, 16.0])
def test_step_numbers_and_titles_never_touch_the_tick_marks(
    qtbot: QtBot, window: MainWindow, store: Store, point_size: float
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery", "A much longer title that wraps", "C"])
    line = show(window, pursuit_id)
    font = QFont(line.font())
    font.setPointSizeF(point_size)
    line.setFont(font)
    window.pursuit_page.line.set_opened(store.steps(pursuit_id)[1].id)  # its ring is widest
    for index in range(line.count()):
        tick = line.tick_extent(index)
        labels = line.label_boxes(index)
        for box, text in labels.number + labels.title:
            assert not box.intersects(tick), (point_size, index, text, box, tick)
        number = labels.number[0][0]
        # A visible gap, not a hair's breadth.
        assert tick.top() - number.bottom() >= line.metrics().glyph * 0.15


# ---- the decision a step shows ----------------------------------------------------------


def test_a_held_step_shows_the_decision_made_and_a_planned_one_the_decision_needed(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Discovery", "Findings"])
    held = store.steps(pursuit_id)[0]
    store.record_outcome(held.id, Outcome.ADVANCED)
    store.update_step(held.id, decision_made="Tomás shares route data")
    line = show(window, pursuit_id)
    assert [text for _, text in line.label_boxes(0).decision] == ["Tomás shares route data"]
    assert [text for _, text in line.label_boxes(1).decision] == ["Decision of Findings"]
    assert "Decided: Tomás shares route data" in line._tooltip(journey_line_module.Hit("tick", 0))
    assert "Decision needed: Decision of Findings" in line.accessible_text(1)
    assert "Decided: Tomás shares route data" in line.accessible_text(0)
    assert line.layout_data.marks[0].decision_needed == "Decision of Discovery"


def test_the_description_counts_one_step_in_the_singular(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    line = show(window, make_pursuit(store, ["Only"]))
    assert line.accessibleDescription().startswith("1 step. Left and Right")


# ---- one warning style ----------------------------------------------------------------------


def test_every_warning_on_screen_shares_the_warning_style(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    system_afterwards: None,
) -> None:
    line_calls = paint_calls(monkeypatch, journey_line_module)
    momentum_calls = paint_calls(monkeypatch, momentum_view_module)
    pursuit_id = make_pursuit(store, ["First", "Second", "Third", "Fourth"])
    first, second, third, fourth = store.steps(pursuit_id)
    store.update_step(first.id, decision_needed="We will send the proposal")  # a promise
    for step in (third, fourth):
        store.update_step(step.id, decision_needed="")  # missing
    for step, day in ((first, 20), (second, 25)):
        store.record_outcome(step.id, Outcome.STAYED, held_on=date(2026, 2, day))  # stalling
    store.update_step(second.id, planned_at=datetime(2026, 2, 25, 10))
    store.update_step(third.id, planned_at=datetime(2026, 1, 5, 10))  # before the second
    store.update_step(fourth.id, planned_at=datetime(2026, 3, 3, 10))  # upcoming, no decision
    person = store.add_person(pursuit_id, "Tomás", BuyingRole.USER)
    store.set_attendees(first.id, [person.id])  # nobody who decides attends

    line = show(window, pursuit_id)
    page = window.pursuit_page
    form = window.prep_form
    form.show_step(first.id)
    QApplication.processEvents()
    shown: dict[str, WarningLabel] = {
        "promise": form.decision_warning,
        "decider": form.attendees.warning,
        "stalling": page.stalling,
    }
    form.show_step(third.id)
    shown["order"] = form.order_warning
    form.show_step(fourth.id)
    shown["missing"] = form.decision_warning
    line.viewport().grab()  # paints the line

    palette = window.palette()
    sign = warning_pixmap(palette, round(form.fontMetrics().height())).toImage()
    for name, warning in shown.items():
        assert isinstance(warning, WarningLabel), name
        assert warning.text(), name
        assert warning.textFormat() == Qt.TextFormat.PlainText
        assert warning.text_colour() == warning_colour(palette), name
        assert warning.sign().toImage() == sign, name
    assert "Decision missing" in line_calls  # the planned step's caption
    assert any("2026" in text or "/" in text for text in line_calls)  # the out-of-order date
    # The sign, then the text taking the rest of the width (not squeezed into a column).
    missing = shown["missing"]
    assert missing.isVisible()
    assert missing.label.geometry().left() - missing.icon.geometry().right() < 20
    assert missing.label.width() > missing.width() * 0.8

    # The list's stalling row: the same sign and colour.
    momentum = window.list_panel.model.index(0, Column.MOMENTUM)
    icon = momentum.data(Qt.ItemDataRole.DecorationRole)
    assert icon.pixmap(16).toImage() == warning_icon(palette).pixmap(16).toImage()
    assert momentum.data(Qt.ItemDataRole.ForegroundRole) == warning_colour(palette)

    # The momentum view's stalling badge and its missing decision.
    window.momentum_action.trigger()
    view = window.momentum_view
    view.rows.viewport().grab()
    assert "Stalling" in momentum_calls
    assert "decision missing" in momentum_calls
    upcoming = view.upcoming.model
    decision = upcoming.index(0, 4)
    assert decision.data() == "decision missing"
    assert decision.data(Qt.ItemDataRole.DecorationRole).pixmap(16).toImage() == (
        warning_icon(palette).pixmap(16).toImage()
    )
    assert decision.data(Qt.ItemDataRole.ForegroundRole) == warning_colour(palette)

    # Dark: the same style in the dark variant of the colour, legible on the dark window.
    window.set_appearance(Appearance.DARK)
    QApplication.processEvents()
    dark = window.palette()
    for name, warning in shown.items():
        assert warning.text_colour() == warning_colour(dark), name
        background = dark.color(QPalette.ColorRole.Window)
        assert contrast(warning.text_colour(), background) >= 4.5, name
    assert contrast(warning_colour(dark), dark.color(QPalette.ColorRole.Base)) >= 4.5


# ---- out of order -----------------------------------------------------------------------


def out_of_order_pursuit(store: Store) -> tuple[int, list[int]]:
    """Three steps, the last (planned on the 20th) dragged before the others (1st and 8th)."""
    pursuit_id = make_pursuit(store, ["One", "Two", "Three"])
    ids = [step.id for step in store.steps(pursuit_id)]
    for step_id, day in zip(ids, (1, 8, 20), strict=True):
        store.update_step(step_id, planned_at=datetime(2026, 4, day, 10))
    store.record_outcome(ids[0], Outcome.ADVANCED)
    return pursuit_id, ids


def test_a_drag_that_runs_dates_backwards_is_allowed_and_warned_about_on_the_line(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = paint_calls(monkeypatch, journey_line_module)
    pursuit_id, ids = out_of_order_pursuit(store)
    line = show(window, pursuit_id)
    assert all(mark.out_of_order is None for mark in line.layout_data.marks)

    # Drag "Three" (the 20th) between "One" and "Two": allowed, saved, and warned about.
    start, end = line.tick_point(2), line.gap_point(1)
    qtbot.mousePress(line.viewport(), LEFT, pos=start)
    for number in range(1, 9):
        qtbot.mouseMove(line.viewport(), start + (end - start) * (number / 8))
    qtbot.mouseRelease(line.viewport(), LEFT, pos=end)
    assert [step.id for step in store.steps(pursuit_id)] == [ids[0], ids[2], ids[1]]
    QApplication.processEvents()
    marks = line.layout_data.marks
    assert [mark.out_of_order is not None for mark in marks] == [False, True, False]
    assert marks[1].out_of_order.problem is OrderProblem.DATE_BACKWARDS
    assert "Warning: Out of order" in line.accessible_text(1)
    assert "Out of order" in line._tooltip(journey_line_module.Hit("tick", 1))
    calls.clear()
    line.viewport().grab()
    date_shown = [text for _, text in line.label_boxes(1).date]
    assert any(text in calls for text in [line.warning_box(1, "date")[1]])
    assert date_shown and "Decision missing" not in calls


def test_the_form_offers_a_date_that_fits_saved_through_the_store_and_undoable(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id, ids = out_of_order_pursuit(store)
    store.move_step(ids[2], 1)  # the 20th now between the 1st and the 8th
    line = show(window, pursuit_id)
    qtbot.mouseClick(line.viewport(), LEFT, pos=line.tick_point(1))
    form = window.prep_form
    assert form.current_step_id() == ids[2]
    assert form.order_warning.isVisibleTo(form)
    assert form.order_warning.text() == OrderProblem.DATE_BACKWARDS.message
    assert form.redate_button.isVisibleTo(form)
    assert "Thu 2 Apr" in form.redate_button.text()  # the day after "One", at its own time

    qtbot.mouseClick(form.redate_button, LEFT)
    assert store.step(ids[2]).planned_at == datetime(2026, 4, 2, 10)
    assert form.planned.get() == datetime(2026, 4, 2, 10)
    assert not form.order_warning.isVisibleTo(form)
    assert all(mark.out_of_order is None for mark in line.layout_data.marks)
    assert window.undo_stack.undoText() == "Re-date Step"

    # One undo (Ctrl+Z where the focus is now) takes it back, on the line and in the form.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.step(ids[2]).planned_at == datetime(2026, 4, 20, 10)
    assert form.order_warning.isVisibleTo(form)
    assert line.layout_data.marks[1].out_of_order is not None
    window.undo_stack.redo()
    assert store.step(ids[2]).planned_at == datetime(2026, 4, 2, 10)
    assert line.layout_data.marks[1].out_of_order is None


def test_a_planned_step_before_held_ones_is_warned_about_without_a_date_offer(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id = make_pursuit(store, ["Skipped", "Held"])
    skipped, held = store.steps(pursuit_id)
    store.record_outcome(held.id, Outcome.ADVANCED)
    line = show(window, pursuit_id)
    assert line.layout_data.marks[0].out_of_order.problem is OrderProblem.PLANNED_BEFORE_HELD
    window.pursuit_page.open_step(skipped.id)
    form = window.prep_form
    assert form.order_warning.isVisibleTo(form)
    assert form.order_warning.text() == OrderProblem.PLANNED_BEFORE_HELD.message
    assert not form.redate_button.isVisibleTo(form)


def test_a_lost_pursuit_draws_its_line_quietly_without_warnings(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = paint_calls(monkeypatch, journey_line_module)
    pursuit_id, ids = out_of_order_pursuit(store)
    store.move_step(ids[2], 1)
    store.update_step(ids[1], decision_needed="")
    line = show(window, pursuit_id)
    line.viewport().grab()
    assert calls  # an open pursuit warns
    calls.clear()
    store.update_pursuit(pursuit_id, status="lost")
    line = show(window, pursuit_id)
    assert line.layout_data.muted
    line.viewport().grab()
    assert calls == []
