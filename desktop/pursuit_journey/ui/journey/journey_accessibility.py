"""The journey line for screen readers: a list whose items are the pursuit's steps.

The line paints its ticks itself, so Qt knows nothing of them. This module gives the line an
accessible interface (through ``QAccessible.installFactory``) whose children are the steps: each
says its position, title, state, date and decision, where its tick is on screen, and whether it
is the selected step. The line tells its ``LineAccessibility`` when the selection or the steps
change, and that tells the screen reader. What it needs of the line is ``StepLine``, the line's
base class: this module never imports the line, so the two make no import circle.

Lifetime, the part that can crash. Qt keeps every interface it is handed in a cache and deletes
it itself: the line's interface when the line is destroyed, a step's interface when
``QAccessible.deleteAccessibleInterface`` is called for it (or when the application ends). A
Python object freed while Qt still holds its pointer crashes the program, and so does one that Qt
and Python both delete. So a step interface is registered with Qt the moment it is made and kept
in ``_LIVE`` until it has been deleted *through Qt*, which happens when the line loses steps or is
destroyed. The lines' own interfaces are kept in ``_LINES`` for the same reason: PySide's
factory lets go of them when the application ends, just before Qt's cache deletes them. Step
interfaces stand for a place on the line (the third step), not for a stored step;
their text is read from the line each time, so a reorder only changes what they say.
"""

from __future__ import annotations

import functools
import weakref

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAbstractScrollArea, QAccessibleWidget


class StepLine(QAbstractScrollArea):
    """A line of steps drawn by hand (``journey_line.JourneyLine``): what its items say."""

    def count(self) -> int:
        raise NotImplementedError

    def current(self) -> int:
        """The selected step's index, -1 for none."""
        raise NotImplementedError

    def accessible_text(self, index: int) -> str:
        raise NotImplementedError

    def step_rect(self, index: int) -> QRect:
        """The column of step ``index`` (its tick and labels), in viewport coordinates."""
        raise NotImplementedError


# Qt's id of every step interface Qt may still use -> the interface, which must stay alive.
_LIVE: dict[int, StepAccessible] = {}
# The lines' interfaces handed to Qt; one is let go of only once Qt has deleted it.
_LINES: list[JourneyLineAccessible] = []
_factory_installed = False


def attach(line: StepLine) -> LineAccessibility:
    """Make ``line`` a list of steps for screen readers (the line keeps what is returned)."""
    global _factory_installed
    if not _factory_installed:
        _factory_installed = True
        QAccessible.installFactory(_interface_for)
    return LineAccessibility(line)


def _interface_for(class_name: str, obj: QObject) -> QAccessibleInterface | None:
    """Qt asks this for every object it needs an interface for: answer only for lines."""
    del class_name  # Qt asks once per class of the object's ancestry; the type is enough
    if isinstance(obj, StepLine):
        _LINES[:] = [kept for kept in _LINES if shiboken6.isValid(kept)]
        _LINES.append(JourneyLineAccessible(obj))
        return _LINES[-1]
    return None


def live_step_interfaces() -> int:
    """How many step interfaces Qt may still use (for tests: closed windows leave none)."""
    return len(_LIVE)


def _alive(line: StepLine | None) -> StepLine | None:
    """``line`` while its C++ side exists (it is already gone while Qt destroys it)."""
    if line is None or not shiboken6.isValid(line):
        return None
    return line


class LineAccessibility:
    """The step interfaces of one line and the announcements of its changes."""

    def __init__(self, line: StepLine) -> None:
        self._line = weakref.ref(line)
        self._ids: dict[int, int] = {}  # step index -> Qt's id of its interface
        self._said: list[str] = []  # what each step said when last announced
        # Qt destroys the line's own interface with it; its steps' go with it too. The slot
        # holds the id table, not this object, so it works while the line's wrapper is dying.
        line.destroyed.connect(functools.partial(_release, self._ids))

    def line(self) -> StepLine | None:
        return _alive(self._line())

    def child(self, index: int) -> StepAccessible | None:
        line = self.line()
        if line is None or not 0 <= index < line.count():
            return None
        if index not in self._ids:
            step = StepAccessible(line, index)
            unique_id = QAccessible.registerAccessibleInterface(step)  # Qt's cache owns it
            _LIVE[unique_id] = step
            self._ids[index] = unique_id
        return _LIVE[self._ids[index]]

    def steps_changed(self) -> None:
        """The line shows other steps, or the same in another order: say what changed."""
        line = self.line()
        if line is None:
            return
        count = line.count()
        _release({index: uid for index, uid in self._ids.items() if index >= count})
        for index in [index for index in self._ids if index >= count]:
            del self._ids[index]
        if not QAccessible.isActive():  # no one listens: nothing to compare with later
            self._said = []
            return
        said = [line.accessible_text(index) for index in range(count)]
        before, self._said = self._said, said
        if len(before) != len(said):
            _announce(line, QAccessible.Event.ObjectReorder)
        for index, text in enumerate(said):
            if index < len(before) and before[index] != text:
                _announce(line, QAccessible.Event.NameChanged, index)

    def current_changed(self) -> None:
        """The selected step moved (or the line took focus): the screen reader follows it."""
        line = self.line()
        if line is None or not QAccessible.isActive():
            return
        for event in self.current_events():
            QAccessible.updateAccessibility(event)

    def current_events(self) -> list[QAccessibleEvent]:
        """The events that tell of the selected step, as an item view sends them."""
        line = self.line()
        if line is None or not 0 <= line.current() < line.count():
            return []
        selection = QAccessibleEvent(line, QAccessible.Event.Selection)
        selection.setChild(line.current())
        if not line.hasFocus():
            return [selection]
        focus = QAccessibleEvent(line, QAccessible.Event.Focus)
        focus.setChild(line.current())
        return [selection, focus]


def _announce(line: StepLine, kind: QAccessible.Event, child: int = -1) -> None:
    event = QAccessibleEvent(line, kind)
    if child >= 0:
        event.setChild(child)
    QAccessible.updateAccessibility(event)


def _release(ids: dict[int, int], *_destroyed: object) -> None:
    """Let Qt delete the step interfaces in ``ids``; then Python may let go of them."""
    for unique_id in list(ids.values()):
        QAccessible.deleteAccessibleInterface(unique_id)
        _LIVE.pop(unique_id, None)
    ids.clear()


class JourneyLineAccessible(QAccessibleWidget):
    """The line: a list named "Journey line" whose children are its steps."""

    def __init__(self, line: StepLine) -> None:
        super().__init__(line, QAccessible.Role.List)
        self._line = weakref.ref(line)

    def _steps(self) -> LineAccessibility | None:
        line = _alive(self._line())
        return getattr(line, "accessibility", None) if line is not None else None

    def childCount(self) -> int:
        steps = self._steps()
        line = steps.line() if steps is not None else None
        return line.count() if line is not None else 0

    def child(self, index: int) -> QAccessibleInterface | None:
        steps = self._steps()
        return steps.child(index) if steps is not None else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        if isinstance(child, StepAccessible) and child.line() is _alive(self._line()):
            return child.index
        return -1

    def focusChild(self) -> QAccessibleInterface | None:
        line = _alive(self._line())
        if line is None or not line.hasFocus():
            return None
        return self.child(line.current())

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        line = _alive(self._line())
        if line is None:
            return None
        point = line.viewport().mapFromGlobal(QPoint(x, y))
        for index in range(line.count()):
            if line.step_rect(index).contains(point):
                return self.child(index)
        return None


class StepAccessible(QAccessibleInterface):
    """One place on the line: its step's text, its tick's rectangle, whether it is selected."""

    def __init__(self, line: StepLine, index: int) -> None:
        super().__init__()
        self._line = weakref.ref(line)
        self.index = index

    def line(self) -> StepLine | None:
        line = _alive(self._line())
        return line if line is not None and self.index < line.count() else None

    def isValid(self) -> bool:
        return self.line() is not None

    def object(self) -> QObject | None:
        return None

    def window(self) -> QWindow | None:
        line = self.line()
        return line.window().windowHandle() if line is not None else None

    def parent(self) -> QAccessibleInterface | None:
        line = self.line()
        return QAccessible.queryAccessibleInterface(line) if line is not None else None

    def childCount(self) -> int:
        return 0

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        return None

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def text(self, kind: QAccessible.Text) -> str:
        line = self.line()
        if line is None or kind != QAccessible.Text.Name:
            return ""
        return line.accessible_text(self.index)

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        pass  # a step is renamed in its prep form, not through the line

    def rect(self) -> QRect:
        line = self.line()
        if line is None:
            return QRect()
        column = line.step_rect(self.index)
        return QRect(line.viewport().mapToGlobal(column.topLeft()), column.size())

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        line = self.line()
        if line is None:
            state.invalid = True
            return state
        state.selectable = True
        state.focusable = True
        if not line.viewport().rect().intersects(line.step_rect(self.index)):
            state.offscreen = True
        if self.index == line.current():
            state.selected = True
            state.focused = line.hasFocus()
        return state
