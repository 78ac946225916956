"""The momentum view keeps pictures of its rows: the same pixels as painting the row, and a
row whose pursuit was read again, or that became current, is painted anew."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot
from test_compact_line_pictures import same
from test_momentum_view import board, open_window  # noqa: F401

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.momentum import momentum_view
from pursuit_journey.ui.momentum.momentum_view import LINE_ROLE, MomentumDelegate, MomentumView

Board = dict[str, tuple[int, int | None]]


class PaintedRegions(QObject):
    """The regions of a widget's paint events."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRegion] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.regions.append(QRegion(event.region()))
        return False


def row_image(
    view: MomentumView, row: int, *, kept: bool, selected: bool = False, wider: int = 0
) -> QImage:
    """Row ``row`` painted by the view's delegate (``kept``) or drawn directly."""
    delegate = view.rows.itemDelegate()
    assert isinstance(delegate, MomentumDelegate)
    index = view.model.index(row)
    option = QStyleOptionViewItem()
    option.initFrom(view.rows.viewport())
    width = view.rows.viewport().width() + wider
    option.rect = QRect(0, 0, width, view.rows.visualRect(index).height())
    option.font = view.rows.font()
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    if kept:
        delegate.paint(painter, option, index)
    else:
        delegate.paint_row(painter, option, index.data(LINE_ROLE), view.model.today, row)
    painter.end()
    return image


def test_a_kept_row_has_the_pixels_of_the_row_painted_and_follows_changes(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    drawn = row_image(view, 0, kept=False)
    assert same(row_image(view, 0, kept=True), drawn)  # made
    assert same(row_image(view, 0, kept=True), drawn)  # kept
    current = row_image(view, 0, kept=True, selected=True)  # another state: painted anew
    assert same(current, row_image(view, 0, kept=False, selected=True))
    assert not same(current, drawn)

    # The pursuit read again after an edit: its new line is painted, not the kept picture.
    pursuit_id = view.model.lines[0].pursuit_id
    store.update_pursuit(pursuit_id, value_cents=987_654_00)
    view.mark_stale(pursuit_id)
    row = view.model.row_of(pursuit_id)
    assert row is not None
    changed = row_image(view, row, kept=True)
    assert same(changed, row_image(view, row, kept=False))
    assert not same(changed, drawn)


def test_pictures_are_kept_in_number(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    delegate = view.rows.itemDelegate()
    assert isinstance(delegate, MomentumDelegate)
    for wider in range(momentum_view.ROWS_KEPT + 5):  # every size is a picture of its own
        row_image(view, 0, kept=True, wider=wider)
    assert len(delegate._pictures) == momentum_view.ROWS_KEPT


def test_an_edit_that_keeps_the_order_redraws_its_row_and_keeps_the_current_one(
    qtbot: QtBot,
    store: Store,
    settings: QSettings,
    board: Board,  # noqa: F811
) -> None:
    """The same pursuits in the same order: the edited pursuit's row is redrawn on screen
    (without laying out every row again), the current row stays where it was."""
    window = open_window(qtbot, store, settings)
    view = window.momentum_view
    order = [line.pursuit_id for line in view.model.lines]
    view.rows.setCurrentIndex(view.model.index(0))
    edited = order[2]
    rect = view.rows.visualRect(view.model.index(2))
    qtbot.wait(50)  # every paint asked for so far is done
    painted = PaintedRegions()
    view.rows.viewport().installEventFilter(painted)
    with qtbot.assertNotEmitted(view.model.layoutChanged):
        store.update_pursuit(edited, value_cents=987_654_00)  # the value: the same order
        view.mark_stale(edited)
    qtbot.waitUntil(lambda: any(region.intersects(rect) for region in painted.regions))
    assert [line.pursuit_id for line in view.model.lines] == order
    assert view.current_pursuit_id() == order[0]
    after = view.rows.viewport().grab(rect).toImage()
    argb = QImage.Format.Format_ARGB32_Premultiplied
    assert same(after.convertToFormat(argb), row_image(view, 2, kept=False))
