"""The pursuit's value, typed into its empty field at once (no Ctrl+A first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.pursuit_details import PursuitDetails


def test_typing_into_the_empty_value_saves_it(qtbot: QtBot, store: Store) -> None:
    pursuit = store.create_pursuit("Acme rollout")
    assert pursuit.id is not None
    details = PursuitDetails(store, QUndoStack())
    qtbot.addWidget(details)
    details.show_pursuit(pursuit.id)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is details)
    assert details.value_edit.text() == "—"

    # A click puts the cursor into "—" without selecting it; typing starts at once.
    qtbot.mouseClick(details.value_edit.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(details.value_edit, "48000")
    details.name_edit.setFocus()
    qtbot.waitUntil(lambda: store.pursuit(pursuit.id).value_cents == 4_800_000, timeout=3000)
