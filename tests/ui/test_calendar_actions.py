"""Add to Calendar… from the File menu, the line's context menu and the prep form; the
calendar feed kept from Preferences. Real dialogs answered, real files read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from pursuit_journey.paths import Paths
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.journey.journey_line import Hit
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.preferences import PreferencesDialog


def descriptions(path: Path) -> str:
    """Every event's description (lines are folded in the file: read it as a calendar)."""
    return "\n".join(
        str(e["description"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    )


def event_uids(path: Path) -> list[str]:
    return [str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]


@pytest.fixture
def saves_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every save dialog answers tmp_path/event-N (the suffix is added); returns what was
    suggested."""
    suggested: list[str] = []

    def answer(parent, caption, directory, file_filter):  # type: ignore[no-untyped-def]
        suggested.append(directory)
        return str(tmp_path / f"event-{len(suggested)}"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return suggested


def open_step(qtbot: QtBot, window: MainWindow, store: Store, index: int) -> int:
    pursuit = store.create_sample_pursuit()
    assert pursuit.id is not None
    window.refresh(select_id=pursuit.id)
    line = window.pursuit_page.line
    line.ensure_visible(index)
    qtbot.mouseClick(line.viewport(), Qt.MouseButton.LeftButton, pos=line.tick_point(index))
    step_id = window.current_step_id()
    assert step_id == store.steps(pursuit.id)[index].id
    return step_id


def test_file_add_to_calendar_writes_the_selected_step(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, saves_to: list[str]
) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    calendar_items = (
        texts.index("Add to &Calendar…"),
        texts.index("Import &Meetings from Calendar…"),
    )
    assert texts.index("E&xport Pursuit…") < calendar_items[0] < calendar_items[1]
    assert "" not in texts[texts.index("E&xport Pursuit…") : calendar_items[1]]  # one group
    step_id = open_step(qtbot, window, store, 4)
    window.calendar.add_action.trigger()
    written = tmp_path / "event-1.ics"
    assert event_uids(written) == [store.step(step_id).uid]
    assert saves_to[0].endswith(".ics") and "Northwind" in saves_to[0]
    assert str(written) in window.statusBar().currentMessage()


def test_the_line_context_menu_and_the_form_add_the_same_event(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, saves_to: list[str]
) -> None:
    step_id = open_step(qtbot, window, store, 5)
    line = window.pursuit_page.line
    menu = line.context_menu(Hit("tick", 5))
    [entry] = [a for a in menu.actions() if a.text() == "Add to Calendar…"]
    assert entry.isEnabled()
    entry.trigger()
    qtbot.mouseClick(window.prep_form.calendar_button, Qt.MouseButton.LeftButton)
    uid = store.step(step_id).uid
    assert event_uids(tmp_path / "event-1.ics") == event_uids(tmp_path / "event-2.ics") == [uid]


def test_a_step_without_a_date_says_so_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, saves_to: list[str]
) -> None:
    step_id = open_step(qtbot, window, store, 5)
    store.update_step(step_id, planned_at=None)
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close_box)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, close_box)
    assert window.calendar.add_step(step_id) is None
    assert "has no date yet" in seen[0]
    assert saves_to == [] and not list(tmp_path.glob("*.ics"))


def test_the_feed_follows_every_change_to_a_planned_step(
    qtbot: QtBot, window: MainWindow, store: Store, paths: Paths
) -> None:
    feed_file = paths.data_dir / "planned-steps.ics"
    step_id = open_step(qtbot, window, store, 5)
    window.build_rest()
    assert not feed_file.exists()

    def tick_feed_in_preferences() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PreferencesDialog):
            QTimer.singleShot(20, tick_feed_in_preferences)
            return
        assert not dialog.keep_feed.isChecked()
        dialog.keep_feed.setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, tick_feed_in_preferences)
    window.preferences_action.trigger()
    window.calendar.feed.wait()
    planned = [s for s in store.steps(store.step(step_id).pursuit_id) if s.outcome == "planned"]
    assert sorted(event_uids(feed_file)) == sorted(s.uid for s in planned)

    form = window.prep_form
    form.decision_edit.setFocus()
    form.decision_edit.selectAll()
    qtbot.keyClicks(form.decision_edit, "Sign the pilot order by Friday")
    assert form.flush()
    qtbot.waitUntil(lambda: "Sign the pilot order by Friday" in descriptions(feed_file))
    text = Calendar.from_ical(feed_file.read_bytes())
    [event] = [e for e in text.walk("VEVENT") if str(e["uid"]) == store.step(step_id).uid]
    assert str(event["description"]).startswith(
        "The decision we need from the client: Sign the pilot order by Friday"
    )

    window.undo_stack.undo()  # undo is a change too
    qtbot.waitUntil(lambda: "Sign the pilot order by Friday" not in descriptions(feed_file))

    window.calendar.feed.set_enabled(False)
    assert not feed_file.exists()
    assert not window.calendar.feed.listening
