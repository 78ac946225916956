"""Short, plain-text message boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text).exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Cancel)
    accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_try_again(parent: QWidget | None, title: str, text: str) -> bool:
    """Try Again (True) or Quit (False), for a fault another program or the seller can clear."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.NoButton)
    retry = box.addButton("Try Again", QMessageBox.ButtonRole.AcceptRole)
    retry.setObjectName("choice-retry")
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole).setObjectName("choice-quit")
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry
