"""The Mine / Everyone choice, one widget for the pursuit list and the momentum view."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


def owner_filter(parent: QWidget) -> QComboBox:
    """Mine (data True) or Everyone (False); hidden until ``set_owners`` says the store is a
    shared server, where other sellers' pursuits are among the seller's."""
    choice = QComboBox(parent)
    choice.setAccessibleName("Whose pursuits")
    choice.setToolTip("Your pursuits, or everyone's on the shared server")
    choice.addItem("Mine", True)
    choice.addItem("Everyone", False)
    choice.hide()
    return choice
