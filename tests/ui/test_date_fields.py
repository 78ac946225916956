"""Every date field typed into like a seller would: the locale's short format, ISO, a time or
not, nonsense, and an empty field typed into at once; what reaches the database each time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pursuit_journey.drawing.formatting import parse_date_time, time_text
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.editors import OptionalDateEdit, OptionalDateTimeEdit
from pursuit_journey.ui.prep import PrepForm
from pursuit_journey.ui.pursuit_details import PursuitDetails


@pytest.fixture
def us_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def german_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(QLocale.c())


class Field:
    """One date field of the app, shown for a real record, and where its value is stored."""

    def __init__(
        self,
        widget: OptionalDateEdit | OptionalDateTimeEdit,
        stored: Callable[[], Any],
        owner: Any,
    ) -> None:
        self.widget = widget
        self.stored = stored
        self.owner = owner  # the form or window, kept alive as long as the test uses it


def _show(qtbot: QtBot, widget: Any) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def open_field(qtbot: QtBot, store: Store, name: str) -> Field:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    assert pursuit.id is not None
    stack = QUndoStack()
    if name == "target_close":
        details = PursuitDetails(store, stack)
        details._test_stack = stack  # type: ignore[attr-defined]
        _show(qtbot, details)
        details.show_pursuit(pursuit.id)
        return Field(details.target_edit, lambda: store.pursuit(pursuit.id).target_close, details)
    step = store.add_step(pursuit.id, title="Discovery")
    assert step.id is not None
    form = PrepForm(store, stack)
    form._test_stack = stack  # type: ignore[attr-defined]
    form.resize(560, 720)
    _show(qtbot, form)
    form.show_step(step.id)
    widget = {
        "planned_at": form.planned_edit,
        "decision_by": form.decision_by_edit,
        "held_on": form.held_edit,
    }[name]
    form.scroll.ensureWidgetVisible(widget)
    return Field(widget, lambda: getattr(store.step(step.id), name), form)


DATE_FIELDS = ("decision_by", "held_on", "target_close")
ALL_FIELDS = ("planned_at", *DATE_FIELDS)


def type_date(qtbot: QtBot, field: Field, text: str) -> None:
    """Click into the field, type, press Enter: no selecting first."""
    qtbot.mouseClick(field.widget.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field.widget.line, text)
    qtbot.keyClick(field.widget.line, Qt.Key.Key_Return)


def saved(qtbot: QtBot, field: Field, expected: Any) -> None:
    qtbot.waitUntil(lambda: field.stored() == expected, timeout=3000)


@pytest.mark.usefixtures("us_locale")
@pytest.mark.parametrize("name", ALL_FIELDS)
@pytest.mark.parametrize(
    ("typed", "day", "hour"),
    [
        # Before the store's today (2 March 2026): "Held on" refuses a day still to come.
        ("2/3/2026", date(2026, 2, 3), 9),  # the locale's short format, four-digit year
        ("2/3/26", date(2026, 2, 3), 9),  # the locale's own two-digit year
        ("2026-02-03", date(2026, 2, 3), 9),  # ISO
        ("2/3/2026 3:30 PM", date(2026, 2, 3), 15),  # with the locale's time
        ("2026-02-03 15:30", date(2026, 2, 3), 15),  # ISO with a 24-hour time
    ],
)
def test_an_empty_field_takes_a_typed_date_at_once(
    qtbot: QtBot, store: Store, name: str, typed: str, day: date, hour: int
) -> None:
    field = open_field(qtbot, store, name)
    assert field.widget.value() is None and field.widget.line.text() == ""
    type_date(qtbot, field, typed)
    assert not field.widget.is_invalid()
    if name == "planned_at":
        minute = 30 if hour == 15 else 0
        # A date alone starts at 09:00, not midnight.
        saved(qtbot, field, datetime(day.year, day.month, day.day, hour, minute))
    else:
        saved(qtbot, field, day)  # a time typed into a date field is left out


@pytest.mark.usefixtures("german_locale")
@pytest.mark.parametrize("name", ALL_FIELDS)
def test_a_german_seller_types_day_month_year(qtbot: QtBot, store: Store, name: str) -> None:
    field = open_field(qtbot, store, name)
    type_date(qtbot, field, "3.2.2026 15:00" if name == "planned_at" else "3.2.2026")
    if name == "planned_at":
        saved(qtbot, field, datetime(2026, 2, 3, 15, 0))
        assert field.widget.line.text() == "03.02.2026 15:00"
    else:
        saved(qtbot, field, date(2026, 2, 3))
        assert field.widget.line.text() == "03.02.2026"


@pytest.mark.usefixtures("us_locale")
@pytest.mark.parametrize("name", ALL_FIELDS)
@pytest.mark.parametrize("nonsense", ["13/45/2026", "next tuesday", "12/3/2026 25:00", "12/3"])
def test_an_invalid_date_is_marked_and_the_last_good_one_stays(
    qtbot: QtBot, store: Store, name: str, nonsense: str
) -> None:
    field = open_field(qtbot, store, name)
    type_date(qtbot, field, "2026-02-03")
    good = field.widget.value()
    assert good is not None
    saved(qtbot, field, good)

    field.widget.line.selectAll()
    qtbot.keyClicks(field.widget.line, nonsense)
    qtbot.keyClick(field.widget.line, Qt.Key.Key_Return)

    assert field.widget.is_invalid()
    assert field.widget.line.text() == nonsense  # kept for the seller to correct
    assert "red" in field.widget.line.styleSheet() or "#c62828" in field.widget.line.styleSheet()
    assert "12/3/2026" in field.widget.line.toolTip()  # the expected format, as an example
    assert field.widget.value() == good
    qtbot.wait(700)  # past the autosave pause
    assert field.stored() == good

    qtbot.keyClick(field.widget.line, Qt.Key.Key_Escape)  # back to the last good value
    assert not field.widget.is_invalid() and field.widget.line.styleSheet() == ""


@pytest.mark.usefixtures("us_locale")
@pytest.mark.parametrize("name", ALL_FIELDS)
def test_ctrl_delete_and_the_cross_clear_a_date(qtbot: QtBot, store: Store, name: str) -> None:
    field = open_field(qtbot, store, name)
    type_date(qtbot, field, "2026-02-03")
    assert field.widget.value() is not None
    saved(qtbot, field, field.widget.value())
    qtbot.keyClick(field.widget.line, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, field, None)
    assert field.widget.line.text() == ""

    type_date(qtbot, field, "2026-02-04")
    assert field.widget.value() is not None
    saved(qtbot, field, field.widget.value())
    qtbot.mouseClick(field.widget.clear_button, Qt.MouseButton.LeftButton)
    saved(qtbot, field, None)


@pytest.mark.parametrize("name", ALL_FIELDS)
def test_an_empty_fields_calendar_opens_on_today(qtbot: QtBot, store: Store, name: str) -> None:
    field = open_field(qtbot, store, name)
    field.widget.menu.aboutToShow.emit()  # what opening the drop-down does first
    today = store.today()
    assert field.widget.calendar.selectedDate().toPython() == today
    assert (field.widget.calendar.yearShown(), field.widget.calendar.monthShown()) == (
        today.year,
        today.month,
    )
    # Picking a day in it sets the field (a new time at 09:00).
    days = -2 if name == "held_on" else 2  # a meeting is held in the past
    field.widget._picked(field.widget.calendar.selectedDate().addDays(days))
    expected_day = today + timedelta(days=days)
    expected = datetime.combine(expected_day, datetime.min.time()).replace(hour=9)
    saved(qtbot, field, expected if name == "planned_at" else expected_day)


@pytest.mark.usefixtures("us_locale")
def test_planned_for_offers_today_tomorrow_next_week_and_clear(qtbot: QtBot, store: Store) -> None:
    field = open_field(qtbot, store, "planned_at")
    assert list(field.widget.quick_actions) == ["Today", "Tomorrow", "Next week", "Clear"]
    type_date(qtbot, field, "2026-12-03 14:15")
    saved(qtbot, field, datetime(2026, 12, 3, 14, 15))
    field.widget.quick_actions["Tomorrow"].trigger()
    # The day changes, the time it had stays.
    saved(
        qtbot,
        field,
        datetime.combine(store.today() + timedelta(days=1), datetime.min.time()).replace(
            hour=14, minute=15
        ),
    )
    field.widget.quick_actions["Next week"].trigger()
    saved(
        qtbot,
        field,
        datetime.combine(store.today() + timedelta(days=7), datetime.min.time()).replace(
            hour=14, minute=15
        ),
    )
    field.widget.quick_actions["Clear"].trigger()
    saved(qtbot, field, None)
    field.widget.quick_actions["Today"].trigger()
    saved(qtbot, field, datetime.combine(store.today(), datetime.min.time()).replace(hour=9))


@pytest.mark.usefixtures("us_locale")
def test_a_typed_date_is_undone_with_ctrl_z(qtbot: QtBot, store: Store) -> None:
    field = open_field(qtbot, store, "decision_by")
    stack: QUndoStack = field.owner._test_stack  # type: ignore[attr-defined]
    type_date(qtbot, field, "12/3/2026")
    saved(qtbot, field, date(2026, 12, 3))
    field.owner.setFocus()
    stack.undo()
    saved(qtbot, field, None)
    assert field.widget.value() is None


def test_the_parser_reads_each_locale_in_its_own_order() -> None:
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    british = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert parse_date_time("12/3/2026", us) == (date(2026, 12, 3), None)
    assert parse_date_time("3.12.2026", german) == (date(2026, 12, 3), None)
    assert parse_date_time("3/12/2026 9pm", british) == (
        date(2026, 12, 3),
        datetime(1, 1, 1, 21).time(),
    )
    assert parse_date_time("2026-12-03T08:05", german) == (
        date(2026, 12, 3),
        datetime(1, 1, 1, 8, 5).time(),
    )
    assert parse_date_time("31.02.2026", german) is None
    assert parse_date_time("3.12.2026 nachmittags", german) is None


def test_one_time_format_per_locale_without_seconds() -> None:
    moment = datetime(2026, 12, 3, 15, 0, 42)
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert time_text(moment, us).replace("\u202f", " ") == "3:00 PM"
    assert time_text(moment, german) == "15:00"
    assert time_text(moment, QLocale.c()) == "15:00"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("planned_at", "Planned for"),
        ("decision_by", "Client decides by"),
        ("held_on", "Held on"),
        ("target_close", "Target close"),
    ],
)
def test_the_text_field_that_has_the_focus_carries_the_fields_name(
    qtbot: QtBot, store: Store, name: str, label: str
) -> None:
    field = open_field(qtbot, store, name)
    assert field.widget.line.accessibleName() == label


@pytest.mark.usefixtures("us_locale")
def test_a_date_typed_without_enter_is_saved_when_the_form_shows_another_step(
    qtbot: QtBot, store: Store
) -> None:
    field = open_field(qtbot, store, "planned_at")
    form: PrepForm = field.owner
    first = form.step_id
    assert first is not None
    other = store.add_step(store.step(first).pursuit_id, title="Demo")
    qtbot.mouseClick(field.widget.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field.widget.line, "12/3/2026 4:15 PM")
    assert field.widget.line.hasFocus()  # no Enter, the focus still there
    assert form.show_step(other.id)
    assert store.step(first).planned_at == datetime(2026, 12, 3, 16, 15)
