"""Short, plain-text message boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    # Imported when a box is shown: every window imports this module, and Python makes the
    # class's enums (some 2 ms) the first time the class is touched.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, title, text)
    box.setIcon(box.Icon.Warning)
    box.setStandardButtons(box.StandardButton.Ok)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = _box(parent, title, text)
    box.setIcon(box.Icon.Question)
    box.setStandardButtons(box.StandardButton.Cancel)
    accept = box.addButton(action, box.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_try_again(parent: QWidget | None, title: str, text: str) -> bool:
    """Try Again (True) or Quit (False), for a fault another program or the seller can clear."""
    box = _box(parent, title, text)
    box.setIcon(box.Icon.Warning)
    retry = box.addButton("Try Again", box.ButtonRole.AcceptRole)
    retry.setObjectName("choice-retry")
    box.addButton("Quit", box.ButtonRole.RejectRole).setObjectName("choice-quit")
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry
