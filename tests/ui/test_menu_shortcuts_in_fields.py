"""Export PDF (Ctrl+E) and Debrief (Ctrl+D) work while the cursor is in a text field, even where
the platform's text fields take those keys for editing (X11: end of line, delete)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from pursuit_journey.ui.main_window import MainWindow
from pursuit_journey.ui.menu_shortcuts_win import MenuShortcutsWin

X11_EDITING_KEYS = {"Ctrl+E", "Ctrl+D", "Ctrl+K"}


class X11LineEdit(QLineEdit):
    """A line edit that claims Ctrl+E and Ctrl+D as Qt's text fields do on X11."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_E, Qt.Key.Key_D)
        ):
            event.accept()
            return True
        return super().event(event)


def window_with_field(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit, list[str]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget(window)
    field = X11LineEdit(central)
    QVBoxLayout(central).addWidget(field)
    window.setCentralWidget(central)
    fired: list[str] = []
    export = QAction("Export P&DF…", window)
    export.setShortcut("Ctrl+E")
    export.triggered.connect(lambda: fired.append("export"))
    window.addAction(export)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return window, field, fired


def test_without_it_a_text_field_takes_the_menus_key(qtbot: QtBot) -> None:
    _window, field, fired = window_with_field(qtbot)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == []


def test_the_menus_action_wins_in_a_text_field(qtbot: QtBot) -> None:
    window, field, fired = window_with_field(qtbot)
    MenuShortcutsWin(window.findChildren(QAction), window, claimed=X11_EDITING_KEYS)
    field.clearFocus()
    field.setFocus()  # the field is watched from when it gets the focus
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["export"]
    qtbot.keyClicks(field, "abc")
    assert field.text() == "abc"  # typing is untouched


def test_the_window_claims_export_and_debrief_only(window: MainWindow) -> None:
    claimed = MenuShortcutsWin(window.findChildren(QAction), window, claimed=X11_EDITING_KEYS)
    assert claimed.keys == {"Ctrl+E", "Ctrl+D"}
