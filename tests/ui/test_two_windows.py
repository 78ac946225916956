"""Two computers on one PostgreSQL server: two windows, each on its own store. What one saves
shows in the other within 2 seconds (LISTEN/NOTIFY), and never over what is being typed there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url
from windows import shown_window

from pursuit_journey.app import open_settings
from pursuit_journey.paths import default_paths
from pursuit_journey.store.repository import Store
from pursuit_journey.ui import autosave
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.window_layout import SELLER_NAME


@pytest.fixture
def server_url(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database's URL as a seller gives it: the password from PGPASSWORD, not the URL."""
    parsed = make_url(postgres_database)
    if parsed.password is not None:
        monkeypatch.setenv("PGPASSWORD", str(parsed.password))
    return parsed._replace(password=None).render_as_string(hide_password=False)


@pytest.fixture
def two_stores(server_url: str) -> Iterator[tuple[Store, Store]]:
    first = Store.open_server(server_url)
    second = Store.open_server(server_url)
    yield first, second
    first.close()
    second.close()


def settings_of(folder: Path, name: str) -> QSettings:
    paths = default_paths(folder)
    paths.ensure()
    settings = open_settings(paths)
    settings.setValue("window/listShown", True)
    settings.setValue("window/view", "pursuits")
    settings.setValue(SELLER_NAME, name)
    return settings


def open_window(qtbot: QtBot, store: Store, settings: QSettings, pursuit_id: int) -> MainWindow:
    window = shown_window(qtbot, store, settings)
    window.list_panel.owner_filter.setCurrentIndex(1)  # Everyone: the other seller's too
    window.refresh(select_id=pursuit_id)
    window.watch_server()  # as build_rest does on a shared server
    assert window.server_watch is not None and window.server_watch.listening
    return window


def type_and_save(qtbot: QtBot, window: MainWindow, column: str, text: str) -> None:
    form = window.prep_form
    edit = form.text_edits[column]
    assert isinstance(edit, QPlainTextEdit)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, text)
    assert form.saver.bindings[column].save()


def test_an_edit_in_one_window_shows_in_the_other_and_spares_what_is_typed_there(
    qtbot: QtBot,
    two_stores: tuple[Store, Store],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Saves happen when the test says (a pause in typing would save B's text meanwhile).
    monkeypatch.setattr(autosave, "SAVE_DELAY_MS", 60_000)
    first, second = two_stores
    assert first.shared and second.shared
    pursuit = first.create_pursuit("Acme rollout", "Acme", owner="Dana Reyes")
    step = first.add_step(pursuit.id, title="Discovery", concerns="Budget", questions="")
    assert pursuit.id is not None and step.id is not None
    laptop = open_window(qtbot, first, settings_of(tmp_path / "a", "Dana Reyes"), pursuit.id)
    desktop = open_window(qtbot, second, settings_of(tmp_path / "b", "Sam Ortiz"), pursuit.id)
    assert desktop.prep_form.step_id == step.id

    # On the desktop the seller is typing questions: focused, not saved yet.
    desktop.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desktop)
    questions = desktop.prep_form.text_edits["questions"]
    questions.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClicks(questions, "Who signs the pilot?")
    assert desktop.prep_form.saver.pending()

    # On the laptop: the concerns, the questions, and a step added on the line.
    type_and_save(qtbot, laptop, "concerns", " and timing")
    type_and_save(qtbot, laptop, "questions", "Who decides?")
    first.rename_pursuit(pursuit.id, "Acme fleet rollout")

    concerns = desktop.prep_form.text_edits["concerns"]
    qtbot.waitUntil(lambda: concerns.toPlainText() == "Budget and timing", timeout=2000)
    qtbot.waitUntil(
        lambda: desktop.list_panel.model.summary(0).name == "Acme fleet rollout", timeout=2000
    )
    assert desktop.pursuit_page.title.text() == "Acme fleet rollout"
    assert questions.toPlainText() == "Who signs the pilot?"  # what is typed there stays

    laptop.pursuit_page.insert_step(1)
    qtbot.waitUntil(lambda: len(desktop.pursuit_page.steps) == 2, timeout=2000)
    assert questions.toPlainText() == "Who signs the pilot?"
    assert second.step(step.id).questions == "Who decides?"  # and nothing of it was written

    # Saving it then finds the laptop's questions: the seller sees both and keeps their own.
    assert not desktop.prep_form.flush()
    dialog = desktop.prep_form.saver.conflict_dialog
    assert dialog is not None
    assert (dialog.theirs.toPlainText(), dialog.mine.toPlainText()) == (
        "Who decides?",
        "Who signs the pilot?",
    )
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    assert first.step(step.id).questions == "Who signs the pilot?"
    qtbot.waitUntil(  # and the laptop's line has it (its form is on the step it added)
        lambda: laptop.pursuit_page.steps[0].questions == "Who signs the pilot?", timeout=2000
    )


def test_a_window_does_not_redraw_for_its_own_change(
    qtbot: QtBot, two_stores: tuple[Store, Store], tmp_path: Path, server_url: str
) -> None:
    first, _second = two_stores
    pursuit = first.create_pursuit("Acme rollout", "Acme")
    first.add_step(pursuit.id, title="Discovery")
    assert pursuit.id is not None
    window = open_window(qtbot, first, settings_of(tmp_path / "a", "Dana Reyes"), pursuit.id)
    heard: list[object] = []
    assert window.server_watch is not None
    window.server_watch.changed.connect(heard.append)
    type_and_save(qtbot, window, "concerns", "Budget")
    qtbot.wait(500)  # its own notification has come in by now: and is skipped
    assert heard == []
    other = Store.open_server(server_url)
    try:
        other.update_pursuit(pursuit.id, notes="from elsewhere")
        qtbot.waitUntil(lambda: heard == [pursuit.id], timeout=2000)
    finally:
        other.close()
