"""Dialogs open within the screen: on a 13-inch laptop a tall dialog must not overhang it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window frame and title bar, which the available geometry does not include.
FRAME_ALLOWANCE = 48


def fit_to_screen(dialog: QWidget, width: int, height: int) -> QSize:
    """Resize ``dialog`` to ``width`` × ``height``, or less where its screen (its parent's, else
    the primary one) has less room; returns the size given."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or dialog.screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return QSize(width, height)
    room = screen.availableGeometry()
    size = QSize(
        min(width, room.width() - FRAME_ALLOWANCE // 2),
        min(height, room.height() - FRAME_ALLOWANCE),
    )
    dialog.resize(size)
    return size
