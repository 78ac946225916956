"""What a redraw does again, and what it keeps: the list's rows that changed, and no other;
the journey line's captions measured once while its fonts stay; wrapped texts' heights kept
while their text and width stay; the window not laid out again for a tab title that stays."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from lines import make_pursuit, show
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QSettings,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QCommandLinkButton, QLabel
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.domain.vocabulary import PursuitStatus
from pursuit_journey.drawing import journey_glyphs
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.kept_heights import plain_label
from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.pursuit_list import Column, PursuitListModel
from pursuit_journey.ui.welcome import LinkButton


def _pursuits(store: Store, count: int) -> list[int]:
    ids = []
    for number in range(count):
        created = store.create_pursuit(f"Pursuit {number:02}", client=f"Client {number:02}")
        assert created.id is not None
        ids.append(created.id)
    return ids


def test_the_list_answers_its_flags_as_qt_does_with_the_name_renamed_in_place(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    _pursuits(store, 2)
    window = shown_window(qtbot, store, settings)
    window.show_view(window.splitter)
    model = window.list_panel.model
    for column in range(model.columnCount()):
        index = model.index(0, column)
        expected = QAbstractTableModel.flags(model, index)
        if column == Column.NAME:
            expected |= Qt.ItemFlag.ItemIsEditable
        assert model.flags(index) == expected
    assert model.flags(QModelIndex()) == QAbstractTableModel.flags(model, QModelIndex())


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """How often the list's model was asked for its data, by row: patched on the class before
    any window is made, so Qt's calls into Python come through it. (A painted cell asks for
    its row once, ``painted_row``, from the list's delegate: counted too.)"""
    calls: Counter[int] = Counter()
    data = PursuitListModel.data
    painted_row = PursuitListModel.painted_row

    def counted_data(self: PursuitListModel, index: QModelIndex, role: int = 0) -> Any:
        calls[index.row()] += 1
        return data(self, index, role)

    def counted_row(self: PursuitListModel, row: int) -> Any:
        calls[row] += 1
        return painted_row(self, row)

    monkeypatch.setattr(PursuitListModel, "data", counted_data)
    monkeypatch.setattr(PursuitListModel, "painted_row", counted_row)
    # PySide keeps the Python overrides it found for a model without holding them: they are
    # kept alive here, for a model still asked after the patch is undone.
    _KEPT_OVERRIDES.append(counted_data)
    return calls


_KEPT_OVERRIDES: list[Any] = []


def _settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def test_selecting_a_pursuit_in_sight_repaints_its_row_and_the_one_left_only(
    qtbot: QtBot, store: Store, settings: QSettings, asked: Counter[int]
) -> None:
    ids = _pursuits(store, 12)
    window = shown_window(qtbot, store, settings)
    window.show_view(window.splitter)
    panel = window.list_panel
    panel.select(ids[2])
    _settle()
    asked.clear()

    panel.select(ids[5])  # both rows in sight: nothing scrolls
    _settle()

    assert window.pursuit_page.title.text() == "Pursuit 05"
    # Only the row left and the row chosen are drawn again: not every row in sight.
    assert set(asked) == {panel.model.row_of(ids[2]), panel.model.row_of(ids[5])}


def _line_window(qtbot: QtBot, store: Store, settings: QSettings) -> tuple[MainWindow, int]:
    titles = [f"Workshop on the rollout plan number {n}" for n in range(6)]
    pursuit_id = make_pursuit(store, titles)
    window = shown_window(qtbot, store, settings)
    show(window, pursuit_id)
    _settle()
    return window, pursuit_id


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each caption text fitted (measured word by word) into a column."""
    texts: list[str] = []
    fitted_lines = journey_glyphs._fitted_lines

    def counted(text: str, *args: Any) -> list[tuple[str, float]]:
        texts.append(text)
        return fitted_lines(text, *args)

    monkeypatch.setattr(journey_glyphs, "_fitted_lines", counted)
    return texts


def test_the_line_measures_its_captions_once_while_its_fonts_stay(
    qtbot: QtBot, store: Store, settings: QSettings, measured: list[str]
) -> None:
    window, _pursuit_id = _line_window(qtbot, store, settings)
    line = window.pursuit_page.line
    first = [line.label_boxes(index).all() for index in range(line.count())]
    assert any("Workshop" in text for text in measured)
    measured.clear()

    line.viewport().repaint()
    line.set_current(3)  # a step chosen: the line is painted again
    line.viewport().repaint()
    assert measured == []
    assert [line.label_boxes(index).all() for index in range(line.count())] == first

    # Another font: every caption is measured again, for the new font.
    font = QFont(line.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    line.setFont(font)
    line.viewport().repaint()
    assert any("Workshop" in text for text in measured)
    assert [line.label_boxes(index).all() for index in range(line.count())] != first


def test_a_moved_step_is_redrawn_without_measuring_its_neighbours_captions_again(
    qtbot: QtBot, store: Store, settings: QSettings, measured: list[str]
) -> None:
    window, pursuit_id = _line_window(qtbot, store, settings)
    page = window.pursuit_page
    moved = store.steps(pursuit_id)[0]
    measured.clear()

    assert moved.id is not None
    page.move_step(moved.id, 4)
    page.line.viewport().repaint()

    assert [step.id for step in page.line.steps].index(moved.id) == 4
    assert not [text for text in measured if "Workshop" in text]  # the titles were kept


def test_the_line_words_its_dates_in_the_locale_of_the_moment(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    pursuit_id = make_pursuit(store, [])
    store.add_step(pursuit_id, title="Kick-off", planned_at=datetime(2026, 12, 3, 15, 0))
    window = shown_window(qtbot, store, settings)
    line = show(window, pursuit_id)
    line.viewport().repaint()  # its date worded once, as the locale was then
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        american = [text for _, text in line.label_boxes(0).date]
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        german = [text for _, text in line.label_boxes(0).date]
    finally:
        QLocale.setDefault(before)
    assert american != german
    assert german[0].startswith("03.12.") and american[0].startswith("12/3/")


def test_a_wrapped_label_answers_its_height_as_qt_would_after_every_change(qtbot: QtBot) -> None:
    text = "Nobody who decides on budget is attending this meeting yet, so ask who signs"
    kept, fresh = plain_label(text), QLabel(text)
    fresh.setWordWrap(True)
    for label in (kept, fresh):
        qtbot.addWidget(label)

    def heights() -> tuple[list[int], list[int]]:
        widths = (80, 200, 544, 747, 200)
        return [kept.heightForWidth(w) for w in widths], [fresh.heightForWidth(w) for w in widths]

    def same_after(change: Any) -> None:
        change(kept)
        change(fresh)
        mine, qts = heights()
        assert mine == qts
        assert heights() == (qts, qts)  # asked again: the same

    same_after(lambda label: None)
    assert heights()[0][0] > heights()[0][3]  # narrow: more lines
    same_after(lambda label: label.setText("Short"))
    same_after(lambda label: label.setText(text))
    bigger = QFont(kept.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    same_after(lambda label: label.setFont(bigger))
    same_after(lambda label: label.setContentsMargins(10, 8, 10, 8))
    same_after(lambda label: label.setIndent(30))
    same_after(lambda label: label.setMargin(6))
    same_after(lambda label: label.setWordWrap(False))


def test_a_welcome_link_answers_its_height_as_qt_would_after_every_change(qtbot: QtBot) -> None:
    texts = ("Create a pursuit", "Start with the name of an opportunity you are working on.")
    kept, fresh = LinkButton(*texts), QCommandLinkButton(*texts)
    for button in (kept, fresh):
        qtbot.addWidget(button)

    def same_after(change: Any) -> None:
        change(kept)
        change(fresh)
        for _ in range(2):  # asked again: the same
            widths = (120, 300, 600)
            assert [kept.heightForWidth(w) for w in widths] == [
                fresh.heightForWidth(w) for w in widths
            ]

    same_after(lambda button: None)
    same_after(lambda button: button.setDescription("Short"))
    same_after(lambda button: button.setText("A much longer title for the link, which wraps"))
    bigger = QFont(kept.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    same_after(lambda button: button.setFont(bigger))
    same_after(lambda button: button.setIconSize(QSize(64, 64)))


class _LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_moved_step_leaves_the_page_laid_out_when_its_tabs_say_the_same(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    window, pursuit_id = _line_window(qtbot, store, settings)
    page = window.pursuit_page
    tabs = page.tabs
    trail_tab = tabs.indexOf(page.trail)
    before = tabs.tabText(trail_tab)
    requests = _LayoutRequests()
    tabs.installEventFilter(requests)
    moved = store.steps(pursuit_id)[0]
    assert moved.id is not None

    page.move_step(moved.id, 3)
    _settle()

    assert [step.id for step in page.line.steps].index(moved.id) == 3
    assert tabs.tabText(trail_tab) == before  # no decision more or less: the same words
    assert requests.count == 0  # and the tab bar, the page and the window not laid out again


def test_the_list_paints_closed_pursuits_grey_and_open_ones_in_the_usual_colours(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    won, active = _pursuits(store, 2)
    store.set_status(won, PursuitStatus.WON)
    window = shown_window(qtbot, store, settings)
    window.show_view(window.splitter)
    model = window.list_panel.model
    grey = QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    for column in Column:
        won_cell = model.index(model.row_of(won) or 0, column)
        active_cell = model.index(model.row_of(active) or 0, column)
        assert won_cell.data(Qt.ItemDataRole.ForegroundRole) == grey
        assert active_cell.data(Qt.ItemDataRole.ForegroundRole) is None
        assert active_cell.data(Qt.ItemDataRole.DecorationRole) is None
    name = model.index(model.row_of(active) or 0, Column.NAME)
    assert name.data() == "Pursuit 01"
    assert model.index(model.row_of(active) or 0, Column.CLIENT).data() == "Client 01"
