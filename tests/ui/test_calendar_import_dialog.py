"""File ▸ Import Meetings from Calendar…: the dialog driven as a seller would, the import as
one undo step, and a bad file refused with nothing changed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.calendar.calendar_import_dialog import Column, ImportMeetingsDialog
from pursuit_journey.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).parent.parent / "store"))
from calendar_fixtures import APPLE, OUTLOOK, THUNDERBIRD


def when_modal(kind: type, act: Callable[[object], None]) -> None:
    """Once a modal ``kind`` shows, ``act`` on it; a failed check closes it (no hang)."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(20, look)
            return
        try:
            act(widget)
        except BaseException:
            widget.reject()  # type: ignore[attr-defined]
            raise

    QTimer.singleShot(0, look)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))


def pursuits(store: Store) -> tuple[int, int]:
    northwind = store.create_pursuit("Fleet renewal", "Northwind")
    fabrikam = store.create_pursuit("Line upgrade", "Fabrikam")
    assert northwind.id and fabrikam.id
    store.add_person(
        northwind.id,
        "Anna Kral",
        role=BuyingRole.DECIDES_BUDGET,
        email="anna.kral@northwind.example",
    )
    return northwind.id, fabrikam.id


def test_the_seller_ticks_fixes_and_imports_then_undoes_in_one_step(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    northwind, fabrikam = pursuits(store)
    window.refresh(select_id=northwind)
    calendar = tmp_path / "work.ics"
    # Outlook's meeting and Apple's two (the demo names Fabrikam; the workshop too), in one file.
    calendar.write_bytes(
        OUTLOOK.replace(b"END:VCALENDAR\r\n", b"") + APPLE[APPLE.index(b"BEGIN:VEVENT") :]
    )
    choose_file(monkeypatch, calendar)
    seen: list[list[str]] = []

    def choose(dialog: object) -> None:
        assert isinstance(dialog, ImportMeetingsDialog)
        table = dialog.table
        titles = [table.item(r, Column.MEETING).text() for r in range(table.rowCount())]
        seen.append(titles)
        pilot = titles.index("Northwind pilot review")
        workshop = titles.index("Fabrikam workshop day")
        assert dialog.pursuit_of(pilot) == northwind and dialog.is_ticked(pilot)
        assert table.item(pilot, Column.RESULT).text() == "New planned step"
        dialog.set_ticked(workshop, False)  # the seller leaves one out
        demo = titles.index("Demo at Fabrikam")
        combo = table.cellWidget(demo, Column.PURSUIT)
        assert isinstance(combo, QComboBox)
        assert combo.currentData() == fabrikam
        assert dialog.import_button.text() == "Import 2 Meetings"
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    when_modal(ImportMeetingsDialog, choose)
    window.calendar.import_action.trigger()
    assert seen and len(seen[0]) == 3
    assert [s.title for s in store.steps(northwind)] == ["Northwind pilot review"]
    assert [s.title for s in store.steps(fabrikam)] == ["Demo at Fabrikam"]
    assert window.undo_stack.undoText() == "Import 2 Meetings"
    assert "Imported 2 meetings" in window.statusBar().currentMessage()

    window.undo_stack.undo()
    assert store.steps(northwind) == [] and store.steps(fabrikam) == []
    window.undo_stack.redo()
    assert [s.title for s in store.steps(northwind)] == ["Northwind pilot review"]

    # Importing the same file again: the seller sees an update, and no step is added.
    def again(dialog: object) -> None:
        assert isinstance(dialog, ImportMeetingsDialog)
        rows = range(dialog.table.rowCount())
        texts = {dialog.table.item(r, Column.MEETING).text(): r for r in rows}
        row = texts["Northwind pilot review"]
        assert dialog.table.item(row, Column.RESULT).text().startswith("Update:")
        demo = texts["Demo at Fabrikam"]
        assert dialog.table.item(demo, Column.RESULT).text().startswith("Update:")
        dialog.accept()  # the workshop, left out before, is ticked again: it is new

    when_modal(ImportMeetingsDialog, again)
    window.calendar.import_action.trigger()
    assert [s.title for s in store.steps(northwind)] == ["Northwind pilot review"]
    assert [s.title for s in store.steps(fabrikam)] == ["Demo at Fabrikam", "Fabrikam workshop day"]


def test_the_range_decides_what_is_listed(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pursuits(store)
    calendar = tmp_path / "tb.ics"
    calendar.write_bytes(THUNDERBIRD)
    choose_file(monkeypatch, calendar)
    counts: list[int] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, ImportMeetingsDialog)
        counts.append(dialog.table.rowCount())  # 27 Feb is within the last 30 days
        dialog.from_edit.setDate(datetime(2026, 2, 28).date())
        counts.append(dialog.table.rowCount())
        assert "No meetings in this range" in dialog.problem.text()
        assert not dialog.import_button.isEnabled()
        dialog.reject()

    when_modal(ImportMeetingsDialog, look)
    assert window.calendar.import_action.isEnabled()
    window.calendar.import_action.trigger()
    assert counts == [1, 0]


def test_a_file_that_is_not_a_calendar_is_refused_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    northwind, _ = pursuits(store)
    bad = tmp_path / "letter.ics"
    bad.write_bytes(b"Dear client, ...")
    choose_file(monkeypatch, bad)
    problems: list[str] = []

    def read(dialog: object) -> None:
        assert isinstance(dialog, ImportMeetingsDialog)
        problems.append(dialog.problem.text())
        assert dialog.table.rowCount() == 0 and not dialog.import_button.isEnabled()
        dialog.reject()

    when_modal(ImportMeetingsDialog, read)
    window.calendar.import_action.trigger()
    assert "not a calendar file" in problems[0]
    assert store.steps(northwind) == [] and window.undo_stack.count() == 0

    huge = tmp_path / "huge.ics"
    with huge.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    choose_file(monkeypatch, huge)
    said: list[str] = []

    def close(box: object) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.accept()

    when_modal(QMessageBox, close)
    window.calendar.import_action.trigger()
    assert "50.0 MB" in said[0] and "Nothing was changed" in said[0]
