"""A view's viewport is wrapped once, through its parent's children, and kept: every later
``viewport()`` hands back that one object, set up as the view asked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QListView, QWidget
from pytestqt.qtbot import QtBot

from pursuit_journey.ui.journey.journey_line import JourneyLine
from pursuit_journey.ui.momentum.momentum_view import MomentumList
from pursuit_journey.ui.viewports import keep_viewport


def test_the_kept_viewport_is_the_one_the_view_paints_in_and_hands_back(qtbot: QtBot) -> None:
    view = QListView()
    qtbot.addWidget(view)
    kept = keep_viewport(view)

    assert kept is view.viewport()
    assert keep_viewport(view) is kept
    assert kept.parent() is view and kept.objectName() == "qt_scrollarea_viewport"


def test_the_momentum_rows_and_the_journey_line_set_up_their_viewports(qtbot: QtBot) -> None:
    rows, line = MomentumList(), JourneyLine()
    for view in (rows, line):
        qtbot.addWidget(view)

    # A row under the pointer reads as something to click; the line follows the pointer over
    # its ticks on its own background.
    assert rows.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor
    viewport: QWidget = line.viewport()
    assert viewport.hasMouseTracking() and viewport.autoFillBackground()
    assert viewport.backgroundRole() == QPalette.ColorRole.Base
