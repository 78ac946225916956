"""What selecting a pursuit in the list costs the store: its steps and its people read with two
statements, in the one transaction of the selection, and no transaction for the form's fields
that have nothing to save."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.domain import date_order
from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.prep.form import PrepForm
from statements_sent import statements_sent


def _pursuit(store: Store, name: str) -> int:
    created = store.create_pursuit(name, client=f"{name} Ltd")
    assert created.id is not None
    steps = [store.add_step(created.id, title=f"{name} meeting {n}").id for n in range(3)]
    people = [
        store.add_person(created.id, f"{name} buyer {n}", "CFO", BuyingRole.DECIDES_BUDGET).id
        for n in range(2)
    ]
    store.set_attendees(steps[0], people)
    return created.id


def _window(qtbot: QtBot, store: Store, settings: QSettings) -> tuple[MainWindow, int, int]:
    first, second = _pursuit(store, "Acme"), _pursuit(store, "Globex")
    window = shown_window(qtbot, store, settings)
    window.show_view(window.splitter)
    window.list_panel.select(first)
    QApplication.processEvents()
    return window, first, second


def test_selecting_a_pursuit_reads_its_steps_and_its_people_with_two_statements(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    window, _first, second = _window(qtbot, store, settings)
    with statements_sent(store.engine) as selects:
        window.list_panel.select(second)
        QApplication.processEvents()

    form = window.pursuit_page.prep_form
    assert window.pursuit_page.title.text() == "Globex"
    assert [box.text().split(" — ")[0] for box in form.attendees.boxes.values()] == [
        "Globex buyer 0",
        "Globex buyer 1",
    ]
    assert len(selects) == 2  # the steps; the people with who attends (was three)


def test_selecting_a_pursuit_begins_no_transaction_for_fields_with_nothing_to_save(
    qtbot: QtBot, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, first, second = _window(qtbot, store, settings)
    scopes: list[int] = []
    one_action = Store.one_action

    @contextmanager
    def counted(self: Store) -> Iterator[None]:
        scopes.append(1)
        with one_action(self):
            yield

    monkeypatch.setattr(Store, "one_action", counted)
    window.list_panel.select(second)
    QApplication.processEvents()

    assert window.pursuit_page.title.text() == "Globex"
    assert len(scopes) == 1  # the selection's own (each of the form's fields opened one too)

    # A field with an edit still saves it, in its own scope, before another pursuit shows.
    editor = window.pursuit_page.prep_form.text_edits["why_client"]
    editor.setPlainText("Cuts fuel cost")
    scopes.clear()
    window.list_panel.select(first)
    QApplication.processEvents()
    # The selection's, the edited field's save, and the redraw of the pursuit after it.
    assert len(scopes) == 3
    step = next(s for s in store.steps(second) if s.why_client)
    assert step.why_client == "Cuts fuel cost"


class _Events(QObject):
    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind = kind
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self.kind:
            self.count += 1
        return False


def test_another_step_is_worded_in_its_header_once_its_fields_are_all_filled(
    qtbot: QtBot, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _first, second = _window(qtbot, store, settings)
    store.update_step(
        store.steps(second)[0].id, kind="proposal", planned_at=datetime(2026, 12, 3, 15, 0)
    )
    form = window.pursuit_page.prep_form
    worded: list[str] = []
    header_text = PrepForm.header_text

    def counted(self: PrepForm) -> str:
        worded.append(header_text(self))
        return worded[-1]

    monkeypatch.setattr(PrepForm, "header_text", counted)
    tips = _Events(QEvent.Type.ToolTipChange)
    dates = (form.planned_edit.line, form.decision_by_edit.line, form.held_edit.line)
    for line in dates:
        line.installEventFilter(tips)
    hints = [line.toolTip() for line in dates]

    window.list_panel.select(second)  # another title, kind and date: each once was worded
    QApplication.processEvents()

    assert len(worded) == 1  # was four: after the title, the kind, the date, then once more
    assert form.step_header.text() == worded[0] == form.header_text()
    assert "Globex meeting 0" in worded[0] and worded[0].startswith("Step 1 of 3")
    # The dates' hints were set once, when the form was made: the same again is no change.
    assert tips.count == 0
    assert [line.toolTip() for line in dates] == hints
    assert all(hint.startswith("Type a date as ") for hint in hints)


def test_a_pursuit_shown_checks_its_steps_order_once_for_its_line_and_its_form(
    qtbot: QtBot, store: Store, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _first, second = _window(qtbot, store, settings)
    late, early = store.steps(second)[:2]
    store.update_step(late.id, planned_at=datetime(2026, 12, 9, 10, 0))
    store.update_step(early.id, planned_at=datetime(2026, 12, 3, 10, 0))  # runs backwards
    checked: list[int] = []
    kept_in_order = date_order._kept_in_order

    def counted(dated: list[tuple[int, datetime]], held: list[bool]) -> set[int]:
        checked.append(len(dated))
        return kept_in_order(dated, held)

    monkeypatch.setattr(date_order, "_kept_in_order", counted)
    window.list_panel.select(second)
    QApplication.processEvents()

    page = window.pursuit_page
    assert checked == [2]  # once: the line's marks, then the form's warning from the same
    assert page.line.layout_data.marks[0].out_of_order is not None
    assert page.prep_form.order_warning.isVisibleTo(page.prep_form)
    assert page.prep_form.current_step_id() == late.id


def test_a_pursuit_selected_paints_its_form_once(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    window, first, second = _window(qtbot, store, settings)
    form = window.pursuit_page.prep_form
    store.update_step(store.steps(second)[0].id, why_client="A reason\n" * 6)  # a taller form
    paints = _Events(QEvent.Type.Paint)
    form.content.installEventFilter(paints)
    heights = []
    for pursuit_id in (second, first, second):
        paints.count = 0
        window.list_panel.select(pursuit_id)
        for _ in range(8):  # every turn of the event loop until nothing is left to do
            QApplication.processEvents()
        heights.append(form.content.height())
        # Once: the fields filled and the scroll area fitted to them in the same pass (the
        # scroll area heard of the new height a turn later, and painted the form again).
        assert paints.count == 1
    assert heights[0] == heights[2] > heights[1]
    assert form.content.height() >= form.content.minimumSizeHint().height()
    assert form.scroll.verticalScrollBar().maximum() == (
        form.content.height() - form.scroll.viewport().height()
    )
