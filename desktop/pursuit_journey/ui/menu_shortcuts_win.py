"""The menu's shortcuts work while the cursor is in a text field.

On X11 Qt gives text fields a few Emacs-like keys: Ctrl+E (end of line), Ctrl+D (delete the next
character), Ctrl+K (delete to the end of the line). A text field claims them before any shortcut
(``QEvent.ShortcutOverride``), so Export PDF (Ctrl+E) and Debrief (Ctrl+D) did nothing while the
seller was typing, which is most of the time in the prep form. The menu shows those keys: the
menu's action wins. Keys every platform gives text fields (Ctrl+Z, Ctrl+C…) stay the field's.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakSet

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

# The editing keys that only some platforms' text fields take (X11: Ctrl+E, Ctrl+D, Ctrl+K).
_PLATFORM_EDITING_KEYS = (
    QKeySequence.StandardKey.MoveToEndOfLine,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.DeleteEndOfLine,
)
# By Qt's class names: Python would make each class's enums (a few ms at start) to ask.
_TEXT_FIELDS = ("QLineEdit", "QTextEdit", "QPlainTextEdit", "QAbstractSpinBox")


def platform_editing_keys() -> set[str]:
    """The platform's editing keys that hold Ctrl (a plain Del or End is never a menu's)."""
    keys: set[str] = set()
    for standard in _PLATFORM_EDITING_KEYS:
        for binding in QKeySequence.keyBindings(standard):
            text = binding.toString(QKeySequence.SequenceFormat.PortableText)
            if text.startswith("Ctrl+"):
                keys.add(text)
    return keys


class MenuShortcutsWin(QObject):
    """Lets the window's actions have the keys that text fields would otherwise take.

    Watches only the text field that has the focus (installed as it gets it), not every event
    of the application.
    """

    def __init__(
        self, actions: Iterable[QAction], parent: QObject, claimed: set[str] | None = None
    ) -> None:
        super().__init__(parent)
        taken = platform_editing_keys() if claimed is None else claimed
        self._keys = {
            text
            for action in actions
            for shortcut in action.shortcuts()
            if (text := shortcut.toString(QKeySequence.SequenceFormat.PortableText)) in taken
        }
        self._watched: WeakSet[QWidget] = WeakSet()
        app = QApplication.instance()
        if self._keys and isinstance(app, QApplication):
            app.focusChanged.connect(self._watch)
            self._watch(None, app.focusWidget())

    @property
    def keys(self) -> set[str]:
        return set(self._keys)

    def _watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new in self._watched:
            return
        if any(new.inherits(text_field) for text_field in _TEXT_FIELDS):
            self._watched.add(new)
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination()).toString(
                QKeySequence.SequenceFormat.PortableText
            )
            if pressed in self._keys:
                return True  # not offered to the field: the shortcut is the action's
        return False
