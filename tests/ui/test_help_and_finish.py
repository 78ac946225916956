"""Help (keyboard shortcuts made from the actions, how it works), Appearance (a dark palette of
the app's own where the platform has none), the save indicator, icons and counts in words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QDialog
from pytestqt.qtbot import QtBot
from test_momentum_view import board, open_window  # noqa: F401
from test_prep_form import read_only

from pursuit_journey.domain.journey_layout import TickState
from pursuit_journey.drawing import journey_glyphs as glyphs
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.appearance import Appearance, apply_appearance, is_dark
from pursuit_journey.ui.help_dialogs import HowItWorksDialog, ShortcutsDialog
from pursuit_journey.ui.main_window import MainWindow

Board = dict[str, tuple[int, int | None]]


def run_modal(qtbot: QtBot, trigger: QAction, kind: type[QDialog]) -> QDialog:
    """Trigger ``trigger``, which opens a modal ``kind``; returns it once closed."""
    seen: list[QDialog] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, look)
    trigger.trigger()
    assert seen, f"no {kind.__name__} opened"
    return seen[0]


@pytest.fixture
def pursuit(store: Store) -> int:
    created = store.create_pursuit("Globex Energy — adoption routes", client="Globex Energy")
    assert created.id is not None
    store.add_step(created.id, title="Discovery", decision_needed="Shares the route data")
    return created.id


def test_the_shortcuts_page_lists_every_actions_shortcut(
    qtbot: QtBot, window: MainWindow, pursuit: int
) -> None:
    window.refresh(select_id=pursuit)
    dialog = run_modal(qtbot, window.shortcuts_action, ShortcutsDialog)
    assert isinstance(dialog, ShortcutsDialog)
    listed = dialog.texts()
    with_keys = [
        action for action in window.findChildren(QAction) if not action.shortcut().isEmpty()
    ]
    assert len(with_keys) >= 10
    native = QKeySequence.SequenceFormat.NativeText
    for action in with_keys:
        keys = action.shortcut().toString(native)  # the first: the one the menu shows
        name = action.text().replace("&", "")
        assert any(keys in row_keys and row.endswith(name) for row_keys, row in listed), name
    # Under its menu, as the seller finds it; added later, it would be listed too.
    assert (window.print_action.shortcut().toString(native), "File ▸ Print…") in listed
    assert ("Ctrl+L", "View ▸ Pursuit List") in listed
    extra = QAction("Made &Up", window)
    extra.setShortcut(QKeySequence("Ctrl+Shift+U"))
    window.menuBar().actions()[0].menu().addAction(extra)
    again = run_modal(qtbot, window.shortcuts_action, ShortcutsDialog)
    assert ("Ctrl+Shift+U", "File ▸ Made Up") in again.texts()  # type: ignore[attr-defined]


def test_how_it_works_explains_decisions_outcomes_stalling_and_the_sheet(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = run_modal(qtbot, window.how_it_works_action, HowItWorksDialog)
    assert isinstance(dialog, HowItWorksDialog)
    text = dialog.page.toPlainText()
    for heading in ("Decisions move a pursuit", "Three outcomes", "Stalling", "The sheet"):
        assert heading in text
    for outcome in ("Advanced", "Stayed", "Went back"):
        assert outcome in text
    # The seller's own thresholds, counted in words.
    assert "after 2 meetings in a row without a client decision, or 21 days" in text


@pytest.fixture
def system_afterwards() -> Iterator[None]:
    """The application is shared by the whole suite: it goes back to the system's look."""
    yield
    apply_appearance(Appearance.SYSTEM)


def pixel(widget, x: int, y: int) -> QColor:  # type: ignore[no-untyped-def]
    return widget.grab().toImage().pixelColor(x, y)


def test_appearance_dark_gives_a_dark_palette_the_line_follows_and_it_is_remembered(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    settings: QSettings,
    pursuit: int,
    system_afterwards: None,
) -> None:
    window.refresh(select_id=pursuit)
    line = window.pursuit_page.line
    assert not is_dark(QApplication.palette())  # the offscreen platform has no dark palette
    light_advanced = glyphs.state_colour(TickState.ADVANCED, line.palette())
    assert not is_dark(line.palette())

    window.appearance_actions[Appearance.DARK].trigger()
    assert is_dark(QApplication.palette())
    QApplication.processEvents()  # the widgets hear of the new palette
    assert is_dark(window.palette())
    assert is_dark(line.palette())
    dark_advanced = glyphs.state_colour(TickState.ADVANCED, line.palette())
    assert dark_advanced != light_advanced
    assert dark_advanced.lightness() > light_advanced.lightness()  # light ticks on dark
    assert pixel(line.viewport(), 2, 2).lightness() < 80  # the painted background
    assert settings.value("window/appearance") == "dark"
    window.close()

    again = open_window(qtbot, store, settings)  # remembered
    assert again.appearance_actions[Appearance.DARK].isChecked()
    assert is_dark(QApplication.palette())
    again.appearance_actions[Appearance.LIGHT].trigger()
    assert not is_dark(QApplication.palette())
    again.appearance_actions[Appearance.SYSTEM].trigger()
    assert not is_dark(QApplication.palette())
    assert settings.value("window/appearance") == "system"


def test_the_momentum_rows_and_figures_are_legible_in_dark(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
    system_afterwards: None,
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    window.set_appearance(Appearance.DARK)
    qtbot.wait(10)
    rect = view.rows.visualRect(view.model.index(0))
    background = pixel(view.rows.viewport(), rect.left() + 2, rect.top() + 2)
    assert background.lightness() < 80
    # A figure's value follows the palette: light text, not the black it was drawn with.
    value = view.active_tile.value.palette().color(QPalette.ColorRole.WindowText)
    assert value.lightness() > 180


def test_the_status_bar_confirms_each_autosave_and_offers_to_try_again(
    qtbot: QtBot, window: MainWindow, store: Store, pursuit: int
) -> None:
    window.refresh(select_id=pursuit)
    form = window.prep_form
    indicator = window.save_indicator
    assert indicator.isHidden()  # nothing saved yet
    layout_before = form.layout().count()

    form.decision_edit.setFocus()
    form.decision_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(form.decision_edit, " by Friday")
    assert form.flush()
    assert indicator.isVisible()
    assert indicator.text() == "Saved"

    qtbot.keyClicks(form.decision_edit, " at noon")
    step_id = window.current_step_id()
    with read_only(store):
        assert not form.flush()
        assert indicator.text() == "Not saved — Try Again"
    qtbot.mouseClick(indicator.retry, Qt.MouseButton.LeftButton)
    assert store.step(step_id).decision_needed.endswith("by Friday at noon")  # type: ignore[arg-type]
    assert indicator.text() == "Saved"
    assert form.layout().count() == layout_before  # the form's own layout is untouched


def test_print_has_an_icon_from_the_theme_or_the_bundled_one(window: MainWindow) -> None:
    for action in (
        window.new_action,
        window.preview_action,
        window.print_action,
        window.export_pdf_action,
    ):
        assert not action.icon().isNull(), action.text()
        assert not action.icon().pixmap(24, 24).isNull()


def test_counts_are_written_with_the_right_plural(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pursuit_journey.domain.momentum_board import UpcomingStep

    panel = window.momentum_view.upcoming
    soon = datetime.combine(date(2026, 3, 3), datetime.min.time())
    one = UpcomingStep(1, 1, "Acme rollout", "Acme", soon, "Demo", "")
    panel.set_steps([one])
    assert panel.title.text() == "Upcoming: 1 step in the next 7 days, 1 without a decision"
    panel.set_steps([one, one._replace(step_id=2, decision="Approves")])
    assert panel.title.text() == "Upcoming: 2 steps in the next 7 days, 1 without a decision"

    lonely = store.create_pursuit("Lonely")
    assert lonely.id is not None
    store.add_step(lonely.id, title="Only step")
    window.refresh(select_id=lonely.id)
    asked: list[str] = []

    def decline(_parent: object, _title: str, text: str, _button: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr("pursuit_journey.ui.main_window.confirm", decline)
    window.delete_pursuit()
    assert asked and "with its 1 step and people" in asked[0]
    assert store.pursuit(lonely.id).name == "Lonely"  # declined: kept


def ink_lightness(button: QCommandLinkButton) -> int:
    """How light the drawn part of the button's arrow is (its opaque pixels, on average)."""
    image = button.icon().pixmap(button.iconSize()).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 200
    ]
    assert inked, "the arrow draws nothing"
    return sum(colour.lightness() for colour in inked) // len(inked)


def test_the_welcome_takes_enter_and_its_arrows_stay_visible_in_dark(
    qtbot: QtBot, window: MainWindow, system_afterwards: None
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # A first launch from the keyboard: Enter creates a pursuit; Tab, Enter opens the sample.
    assert QApplication.focusWidget() is window.welcome.create_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.welcome.sample_button
    with qtbot.waitSignal(window.welcome.sampleRequested, timeout=1000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert ink_lightness(window.welcome.sample_button) < 128  # dark arrows on light

    window.appearance_actions[Appearance.DARK].trigger()
    QApplication.processEvents()
    for button in (window.welcome.create_button, window.welcome.sample_button):
        assert ink_lightness(button) > 128  # light arrows on dark
