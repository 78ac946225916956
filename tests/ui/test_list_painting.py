"""How the pursuit list paints its cells: each from the pursuit its row holds, in one call,
without asking the model again for rows it has painted before, and exactly as Qt's own item
delegate paints them (the name elided in the middle, closed pursuits greyed, the stalling sign
and colour, the selected row's highlight) in either appearance and direction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QTableView,
)
from pytestqt.qtbot import QtBot

from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.drawing.journey_glyphs import warning_colour
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.appearance import Appearance, apply_appearance
from pursuit_journey.ui.pursuit_list import (
    Column,
    ElideMiddleDelegate,
    PursuitListModel,
    PursuitListPanel,
)

LONG_NAME = "Northwind depot pilot for the whole northern region phase 2"


@pytest.fixture
def panel(qtbot: QtBot, store: Store) -> Iterator[PursuitListPanel]:
    """The list of 60 pursuits, some closed, some stalling, one with a long name."""
    for n in range(60):
        pursuit = store.create_pursuit(f"Pursuit {n:02d} renewal", client="Globex Energy")
        if n % 7 == 3:
            store.set_status(pursuit.id, PursuitStatus.WON)
        if n % 5 == 1:  # two meetings in a row without a client decision: stalling
            for day in (20, 25):
                step = store.add_step(pursuit.id)
                store.record_outcome(step.id, Outcome.STAYED, held_on=date(2026, 2, day))
    store.create_pursuit(LONG_NAME, client="Northwind")
    panel = PursuitListPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 420)
    panel.set_summaries(store.pursuit_summaries())
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    apply_appearance(Appearance.LIGHT)
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def painted(table: QTableView) -> QImage:
    QApplication.processEvents()
    return table.viewport().grab().toImage()


def painted_by_qt(table: QTableView) -> QImage:
    """The list as Qt's own item delegate paints it (the name elided in the middle)."""
    ours, ours_for_names = table.itemDelegate(), table.itemDelegateForColumn(Column.NAME)
    table.setItemDelegate(QStyledItemDelegate(table))
    table.setItemDelegateForColumn(Column.NAME, ElideMiddleDelegate(table))
    try:
        return painted(table)
    finally:
        table.setItemDelegate(ours)
        table.setItemDelegateForColumn(Column.NAME, ours_for_names)


def assert_painted_as_qt_paints(table: QTableView) -> None:
    ours = painted(table)
    assert ours == painted_by_qt(table)
    assert painted(table) == ours  # and again, from the layouts it kept


class DataCalls:
    """Counts the calls Qt makes into the model's ``data``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        data = PursuitListModel.data

        def counted(
            model: PursuitListModel,
            index: QModelIndex | QPersistentModelIndex,
            role: int = Qt.ItemDataRole.DisplayRole,
        ) -> Any:
            self.count += 1
            return data(model, index, role)

        monkeypatch.setattr(PursuitListModel, "data", counted)


@pytest.fixture
def data_calls(monkeypatch: pytest.MonkeyPatch) -> DataCalls:
    """Counting from before the list is made (Qt finds the model's ``data`` once)."""
    return DataCalls(monkeypatch)


def test_a_select_asks_the_model_nothing_for_the_rows_it_paints(
    data_calls: DataCalls, panel: PursuitListPanel
) -> None:
    summaries = panel.model.every_summary()
    first, last = summaries[0].id, summaries[-1].id
    for pursuit_id in (last, first):  # each page painted once (the list scrolls between them)
        panel.select(pursuit_id)
        painted(panel.table)
    cells = panel.table.viewport().height() // panel.table.rowHeight(0) * 4
    calls = data_calls
    calls.count = 0

    panel.select(last)
    painted(panel.table)

    assert panel.current_id() == last
    # Its own: which pursuit is current. Qt's item delegate asked seven roles of every cell
    # painted, each a call into Python.
    assert calls.count <= 2 < cells
    calls.count = 0
    panel.table.viewport().repaint()
    assert calls.count == 0


def test_the_list_paints_its_cells_as_qts_item_delegate_does(
    panel: PursuitListPanel, qtbot: QtBot
) -> None:
    table = panel.table
    summaries = panel.model.every_summary()
    assert_painted_as_qt_paints(table)
    panel.select(summaries[len(summaries) // 2].id)  # the selected row, scrolled
    assert_painted_as_qt_paints(table)
    table.setFocus()  # the focused cell: the style's focus frame
    qtbot.waitUntil(table.hasFocus)
    assert_painted_as_qt_paints(table)

    apply_appearance(Appearance.DARK)
    assert_painted_as_qt_paints(table)

    header = table.horizontalHeader()
    header.setMinimumSectionSize(4)
    header.resizeSection(Column.MOMENTUM, 14)  # narrower than the sign: drawn clipped
    header.resizeSection(Column.CLIENT, 30)
    assert_painted_as_qt_paints(table)

    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    table.setFont(font)  # the kept layouts are of the old font: laid out again
    assert_painted_as_qt_paints(table)

    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert_painted_as_qt_paints(table)


def test_a_renamed_pursuit_is_painted_with_its_new_name(
    panel: PursuitListPanel, store: Store
) -> None:
    table = panel.table
    before = painted(table)
    first = panel.model.summary(0)
    store.rename_pursuit(first.id, "Pursuit 00 extension")
    panel.set_summaries(store.pursuit_summaries())
    assert painted(table) != before
    assert_painted_as_qt_paints(table)


def cell_image(table: QTableView, row: int, column: int) -> QImage:
    image = painted(table)
    return image.copy(table.visualRect(table.model().index(row, column)))


def colours_in(image: QImage) -> set[int]:
    return {image.pixel(x, y) for y in range(image.height()) for x in range(image.width())}


def test_the_long_name_is_elided_in_the_middle_and_keeps_its_end(
    panel: PursuitListPanel, store: Store
) -> None:
    table = panel.table
    table.horizontalHeader().setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(Column.NAME, 180)
    style = table.style()
    cell = table.visualRect(panel.model.index(0, Column.NAME))  # the column less its grid line
    room = cell.width() - 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    # "Northwind" (the client) leads the name: the list shows the rest of it.
    distinctive = LONG_NAME.removeprefix("Northwind ")
    shown = table.fontMetrics().elidedText(distinctive, Qt.TextElideMode.ElideMiddle, room)
    assert shown.endswith("phase 2") and "…" in shown and shown != distinctive

    # A second pursuit named as the first is shown, two rows below it (the same background):
    # both cells are painted alike.
    store.create_pursuit(f"Northwind {shown}", client="Northwind")
    store.create_pursuit("Northwind depot pilot for the whole northern region phase 3")
    panel.set_summaries(store.pursuit_summaries())
    panel.select(panel.model.summary(panel.model.rowCount() - 1).id)  # neither is selected
    long_row = panel.model.row_of(
        next(s.id for s in store.pursuit_summaries() if s.name == LONG_NAME)
    )
    assert long_row is not None
    assert panel.model.summary(long_row + 2).name == f"Northwind {shown}"
    assert cell_image(table, long_row, Column.NAME) == cell_image(table, long_row + 2, Column.NAME)


def test_closed_rows_are_greyed_stalling_ones_signed_and_the_selected_one_highlighted(
    panel: PursuitListPanel,
) -> None:
    table = panel.table
    model = panel.model
    rows = range(model.rowCount())
    current = model.row_of(panel.current_id() or 0)
    closed = next(r for r in rows if model.summary(r).status is PursuitStatus.WON)
    stalling = next(r for r in rows if model.summary(r).momentum.stalling)
    plain = next(
        r
        for r in rows
        if r not in (closed, stalling)
        and not model.summary(r).status.is_closed
        and not model.summary(r).momentum.stalling
        and r % 2 == closed % 2
        and r != current
    )
    palette = table.palette()
    disabled_text = QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    normal_text = palette.color(QPalette.ColorRole.Text)

    closed_name = colours_in(cell_image(table, closed, Column.NAME))
    plain_name = colours_in(cell_image(table, plain, Column.NAME))
    assert disabled_text.rgb() in closed_name and normal_text.rgb() not in closed_name
    assert normal_text.rgb() in plain_name

    sign = colours_in(cell_image(table, stalling, Column.MOMENTUM))
    assert warning_colour(QApplication.palette()).rgb() in sign  # the sign and the text
    assert normal_text.rgb() not in sign

    panel.select(model.summary(plain).id)
    selected = colours_in(cell_image(table, plain, Column.CLIENT))
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    assert palette.color(group, QPalette.ColorRole.Highlight).rgb() in selected
    assert palette.color(group, QPalette.ColorRole.HighlightedText).rgb() in selected
    assert QColor(normal_text).rgb() not in selected
