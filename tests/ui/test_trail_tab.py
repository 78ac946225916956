"""The decision trail tab of the pursuit view."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import Outcome
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow


def went_back_twice(store: Store) -> tuple[int, list[int]]:
    """Decided, decided, went back, decided, went back, decided, then one planned step."""
    pursuit = store.create_pursuit(
        "Northwind pilot", client="Northwind", created_at=datetime(2026, 1, 1, 9)
    )
    assert pursuit.id is not None
    history = [
        ("Discovery", Outcome.ADVANCED, date(2026, 1, 11), "Shares the route data"),
        ("Workshop", Outcome.ADVANCED, date(2026, 1, 21), "Technical review with IT"),
        ("Scope call", Outcome.WENT_BACK, date(2026, 1, 26), "IT reopened the scope"),
        ("Pilot scoping", Outcome.ADVANCED, date(2026, 1, 31), "One-depot pilot agreed"),
        ("Budget call", Outcome.WENT_BACK, date(2026, 2, 10), "Finance reopened the budget"),
        ("Budget review", Outcome.ADVANCED, date(2026, 2, 20), "CFO approves the budget"),
    ]
    ids = []
    for title, outcome, held, made in history:
        step = store.add_step(pursuit.id, title=title)
        store.record_outcome(step.id, outcome, held_on=held, decision_made=made)
        ids.append(step.id)
    planned = store.add_step(pursuit.id, title="Contract review", decision_needed="Signs")
    ids.append(planned.id)
    return pursuit.id, ids


def test_the_trail_lists_decisions_and_steps_back_with_their_figures(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id, _ids = went_back_twice(store)
    window.refresh(select_id=pursuit_id)
    page = window.pursuit_page
    assert page.tabs.tabText(page.tabs.indexOf(page.trail)) == "Decision trail (4)"
    qtbot.mouseClick(
        page.tabs.tabBar(),
        Qt.MouseButton.LeftButton,
        pos=page.tabs.tabBar().tabRect(page.tabs.indexOf(page.trail)).center(),
    )
    assert page.tabs.currentWidget() is page.trail

    rows = page.trail.rows()
    assert [row[1] for row in rows] == [
        "Decided",
        "Decided",
        "Went back",
        "Decided",
        "Went back",
        "Decided",
    ]
    assert [row[2] for row in rows][:3] == ["1 · Discovery", "2 · Workshop", "3 · Scope call"]
    assert rows[1][3] == "Technical review with IT"  # still there after the scope was reopened
    assert rows[2][3].startswith("IT reopened the scope — takes back the decision")
    assert rows[2][3].endswith("Technical review with IT")
    assert rows[4][3].endswith("One-depot pilot agreed")

    trail = page.trail
    assert trail.decisions_tile.value.text() == "4"
    assert trail.decisions_tile.caption.text() == "decisions so far, 2 still standing"
    assert trail.average_tile.value.text() == "13"  # 40 days over three gaps
    assert trail.since_tile.value.text() == "10"  # 20 February to 2 March
    assert trail.back_tile.value.text() == "2"


def test_going_back_in_the_debrief_adds_an_event_and_rewrites_nothing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id, ids = went_back_twice(store)
    before = {step.id: step.model_dump() for step in store.steps(pursuit_id)}
    window.refresh(select_id=pursuit_id)
    page = window.pursuit_page
    page.open_step(ids[-1])
    form = window.prep_form
    assert form.current_step_id() == ids[-1]

    form.outcome_buttons.button(Outcome.WENT_BACK).click()

    after = {step.id: step.model_dump() for step in store.steps(pursuit_id)}
    for step_id in ids[:-1]:  # every earlier step exactly as it was
        assert after[step_id] == before[step_id]
    assert after[ids[-1]]["outcome"] == Outcome.WENT_BACK.value
    rows = page.trail.rows()
    assert len(rows) == 7
    assert rows[-1][1] == "Went back"
    assert rows[-1][3].endswith("CFO approves the budget")  # the decision it takes back
    assert page.trail.decisions_tile.caption.text() == "decisions so far, 1 still standing"


def test_double_clicking_a_trail_event_opens_its_step(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    pursuit_id, ids = went_back_twice(store)
    window.refresh(select_id=pursuit_id)
    page = window.pursuit_page
    page.show_trail_tab()
    events = page.trail.events
    item = events.topLevelItem(2)
    rect = events.visualItemRect(item)
    qtbot.mouseClick(events.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(events.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.prep_form.current_step_id() == ids[2]
    assert page.line.current_step() is not None and page.line.current_step().id == ids[2]
    assert page.tabs.currentWidget() is window.prep_form


def test_a_pursuit_without_decisions_explains_how_the_trail_fills(
    window: MainWindow, store: Store
) -> None:
    pursuit = store.create_pursuit("Fresh")
    store.add_step(pursuit.id, title="First call")
    window.refresh(select_id=pursuit.id)
    page = window.pursuit_page
    page.show_trail_tab()
    assert page.trail.empty.isVisible()
    assert not page.trail.events.isVisible()
    assert page.trail.since_tile.value.text() == "—"
    assert page.tabs.tabText(page.tabs.indexOf(page.trail)) == "Decision trail"


def test_the_debrief_asks_what_was_reopened_when_the_pursuit_went_back(
    window: MainWindow, store: Store
) -> None:
    pursuit_id, ids = went_back_twice(store)
    window.refresh(select_id=pursuit_id)
    window.pursuit_page.open_step(ids[2])  # a step that went back
    form = window.prep_form
    assert form.text_labels["decision_made"].text() == "What the client reopened"
    window.pursuit_page.open_step(ids[1])  # a decision
    assert form.text_labels["decision_made"].text() == "Decision the client made"
    form.outcome_buttons.button(Outcome.WENT_BACK).click()
    assert form.text_labels["decision_made"].text() == "What the client reopened"


def test_the_trail_listed_when_its_tab_is_shown_is_the_pursuit_shown_now(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The events are listed when the tab comes to the front: those of the pursuit shown
    then, with the steps as they are then."""
    pursuit_id, ids = went_back_twice(store)
    other = store.create_pursuit("Globex renewal", client="Globex")
    first = store.add_step(other.id, title="Kick-off")
    store.record_outcome(
        first.id, Outcome.ADVANCED, held_on=date(2026, 2, 1), decision_made="Renewal scoped"
    )
    window.refresh(select_id=pursuit_id)
    page = window.pursuit_page
    page.show_trail_tab()
    assert len(page.trail.events_shown()) == 6
    page.tabs.setCurrentWidget(window.prep_form)
    window.list_panel.select(other.id)
    page.show_trail_tab()
    assert page.trail.events_shown() == [["Decided", "1 · Kick-off", "Renewal scoped"]]
    page.tabs.setCurrentWidget(window.prep_form)
    window.list_panel.select(pursuit_id)
    store.record_outcome(
        ids[6], Outcome.ADVANCED, held_on=date(2026, 2, 25), decision_made="Signed"
    )
    window.refresh_pursuit(pursuit_id)
    page.show_trail_tab()
    assert page.trail.events_shown()[-1] == ["Decided", "7 · Contract review", "Signed"]
