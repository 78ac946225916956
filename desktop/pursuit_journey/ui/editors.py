"""Field editors for forms that save themselves: plain-text areas that grow, optional dates.

Every editor is wrapped in an ``Editor``: one way to read, write and watch a value, whatever the
widget, so the autosave code treats a text area, a date and a choice alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QSize,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCalendarWidget,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from ..drawing.formatting import (
    DEFAULT_TIME,
    date_text,
    date_time_text,
    expected_format,
    parse_date_time,
)
from .kept_heights import plain_label

# An empty optional value (a date, an amount) shows this.
NO_DATE_TEXT = "—"


def heading(text: str, parent: QWidget | None = None, *, scale: float = 1.0) -> QLabel:
    label = plain_label(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class _WheelGuard(QObject):
    """Wheel turns over an unfocused choice or date scroll the form instead of changing it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            # Straight to the scrolling viewport: Qt does not pass a forwarded wheel upwards.
            QCoreApplication.sendEvent(area.viewport(), event)
        return True


_wheel_guard: _WheelGuard | None = None


def guard_wheel(*widgets: QWidget) -> None:
    """Let ``widgets`` (combo boxes, date and number edits) take wheel turns only when focused.

    In a scrolling form, the wheel would otherwise change whatever value passes under the
    pointer, and the form would save it.
    """
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _WheelGuard(QCoreApplication.instance())
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_wheel_guard)


class GrowingTextEdit(QPlainTextEdit):
    """Plain text only, as tall as its text between ``min_lines`` and ``max_lines``.

    The form around it scrolls, so a field shows its whole text instead of a tiny window; a very
    long text stops growing at ``max_lines`` and scrolls inside.
    """

    def __init__(
        self, parent: QWidget | None = None, *, min_lines: int = 2, max_lines: int = 14
    ) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setTabChangesFocus(True)  # Tab moves through the form; text needs no tabs
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def insertFromMimeData(self, source: Any) -> None:
        # Pasting from a web page or a word processor brings plain text only.
        if source.hasText():
            self.textCursor().insertText(source.text())

    def _lines(self) -> int:
        lines = int(self.document().documentLayout().documentSize().height())
        return max(self.min_lines, min(self.max_lines, lines))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        document_margin = int(self.document().documentMargin() * 2)
        return (
            lines * self.fontMetrics().lineSpacing()
            + margins.top()
            + margins.bottom()
            + document_margin
            + 2
        )

    def _fit(self, *_: Any) -> None:
        height = self._height_for(self._lines())
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self._lines()))


class _DateField(QWidget):
    """A date (and time) the seller types or picks, which may be empty.

    Typing is free text: the locale's short date or ISO ``2026-12-03``, with or without a time
    (see ``drawing.formatting.parse_date_time``), read when Enter is pressed or the field is
    left. A text that is no date gets a red frame and a tooltip saying what is expected, and the
    last good value stays. The ▾ button opens a calendar (on today when the field is empty;
    Alt+Down or F4 from the keyboard) with quick choices; × or Ctrl+Delete empties the field.

    ``valueChanged`` follows every change of ``value()``: typed, picked, cleared or set.
    """

    valueChanged = Signal()
    _with_time: bool  # a date and a time, or a date alone (set by each kind of field)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        quick_choices: bool = False,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._value: date | datetime | None = None
        self._invalid = False

        self.line = QLineEdit(self)
        self.line.setObjectName("dateText")
        self.line.setPlaceholderText(NO_DATE_TEXT)
        self.line.editingFinished.connect(self.commit)
        self.line.installEventFilter(self)
        self.setFocusProxy(self.line)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.menu = QMenu(self)
        self._calendar: QCalendarWidget | None = None  # made when first opened (~7 ms)
        self._calendar_place = self.menu.addSeparator()
        self.quick_actions: dict[str, QAction] = {}
        choices = ("Today", "Tomorrow", "Next week") if quick_choices else ("Today",)
        for name in choices:
            self.quick_actions[name] = self.menu.addAction(name)
        self.quick_actions["Clear"] = self.menu.addAction("Clear")
        for name, action in self.quick_actions.items():
            action.triggered.connect(lambda _checked=False, n=name: self.choose(n))
        self.menu.aboutToShow.connect(self._show_calendar_month)

        self.pick_button = QToolButton(self)
        self.pick_button.setText("▾")
        self.pick_button.setToolTip("Pick a date (Alt+Down)")
        self.pick_button.setAccessibleName("Pick a date")
        self.pick_button.setMenu(self.menu)
        self.pick_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.pick_button.setAutoRaise(True)
        self.pick_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("No date (Ctrl+Delete)")
        self.clear_button.setAccessibleName("Clear the date")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.choose("Clear"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.line)
        layout.addWidget(self.pick_button)
        layout.addWidget(self.clear_button)
        sample = self._text(datetime(2026, 12, 30, 22, 30)) + "  "
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance(sample) + 12)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._show_text()

    # ---- the value ------------------------------------------------------------------------

    def value(self) -> Any:
        """The last good value: a ``date`` (``datetime`` with a time), or None when empty."""
        return self._value

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None empties the field); any text being typed is replaced."""
        self._invalid = False
        self._show_valid()
        self._store(value)
        self._show_text()

    setValue = set_value

    def clear_value(self) -> None:
        self.set_value(None)

    def is_invalid(self) -> bool:
        """True while the field shows a text that is not a date (and keeps its last value)."""
        return self._invalid

    def commit(self) -> bool:
        """Read what was typed; False (and a red frame) when it is not a date."""
        text = self.line.text().strip()
        if not text or text == NO_DATE_TEXT:
            self._show_valid()
            self._store(None)
            self._show_text()
            return True
        if text == self._text(self._value):
            self._show_valid()
            return True
        parsed = parse_date_time(text)
        if parsed is None:
            self._show_invalid()
            return False
        day, moment = parsed
        self._show_valid()
        self._store(self._combine(day, moment))
        self._show_text()
        return True

    def choose(self, choice: str) -> None:
        """One of the quick choices: Today, Tomorrow, Next week or Clear."""
        if choice == "Clear":
            self.set_value(None)
            return
        offset = {"Today": 0, "Tomorrow": 1, "Next week": 7}[choice]
        self.set_value(self._combine(self._today() + timedelta(days=offset), None))

    # ---- inside ---------------------------------------------------------------------------

    def _combine(self, day: date, moment: time | None) -> date | datetime:
        if not self._with_time:
            return day
        if moment is None:  # a date alone keeps the time it had, or starts at 09:00
            moment = self._value.time() if isinstance(self._value, datetime) else DEFAULT_TIME
        return datetime.combine(day, moment)

    def _store(self, value: Any) -> None:
        if value is not None:
            if self._with_time and not isinstance(value, datetime):
                value = datetime.combine(value, DEFAULT_TIME)
            elif self._with_time:
                value = value.replace(second=0, microsecond=0, tzinfo=None)
            elif isinstance(value, datetime):
                value = value.date()
        if value != self._value:
            self._value = value
            self.valueChanged.emit()

    def _text(self, value: Any) -> str:
        if value is None:
            return ""
        return date_time_text(value) if isinstance(value, datetime) else date_text(value)

    def _show_text(self) -> None:
        self.line.setText(self._text(self._value))
        self.line.setCursorPosition(0)

    def _show_invalid(self) -> None:
        self._invalid = True
        self.line.setStyleSheet(_INVALID_STYLE)
        message = "Not a date. Type it as " + expected_format(self._with_time) + "."
        self.line.setToolTip(message)
        self.line.setAccessibleDescription(message)

    def _show_valid(self) -> None:
        self._invalid = False
        self.line.setStyleSheet("")
        hint = "Type a date as " + expected_format(self._with_time) + "."
        # Set when it changes: each date shown (three on every step) set the same hint again,
        # and Qt tells the field of every tooltip set, the same or not.
        if self.line.toolTip() != hint or self.line.accessibleDescription() != hint:
            self.line.setToolTip(hint)
            self.line.setAccessibleDescription(hint)

    def _picked(self, picked: QDate) -> None:
        self.menu.close()
        self.set_value(self._combine(picked.toPython(), None))  # type: ignore[arg-type]  # a date

    @property
    def calendar(self) -> QCalendarWidget:
        """The drop-down's calendar, made the first time it is needed."""
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.setGridVisible(False)
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
            action = QWidgetAction(self.menu)
            action.setDefaultWidget(self._calendar)  # the menu's action owns it from here
            self.menu.insertAction(self._calendar_place, action)
        return self._calendar

    def _show_calendar_month(self) -> None:
        shown = self._value if self._value is not None else self._today()
        day = shown.date() if isinstance(shown, datetime) else shown
        self.calendar.setSelectedDate(QDate(day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.calendar.setFocus()

    def open_calendar(self) -> None:
        self.pick_button.showMenu()

    def setAccessibleName(self, name: str) -> None:
        # The text field is what has the focus, so it is what a screen reader names.
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, modifiers = event.key(), event.modifiers()
            if key == Qt.Key.Key_Delete and modifiers & Qt.KeyboardModifier.ControlModifier:
                self.choose("Clear")
                return True
            if key == Qt.Key.Key_F4 or (
                key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier
            ):
                self.open_calendar()
                return True
            if key == Qt.Key.Key_Escape and (
                self._invalid or self.line.text().strip() != self._text(self._value)
            ):
                self.set_value(self._value)  # back to the last good value
                return True
        return super().eventFilter(watched, event)

    def read_typing(self) -> None:
        """Read a date typed but not yet confirmed (Enter, leaving the field)."""
        if self.line.isModified():
            self.line.setModified(False)
            self.commit()

    def hideEvent(self, event: QHideEvent) -> None:
        # A form closed while a date is being typed still keeps a good date.
        self.read_typing()
        super().hideEvent(event)


_INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; }"


class OptionalDateEdit(_DateField):
    """A date that may be empty: ``value()`` is a ``date`` or None."""

    _with_time = False

    def value(self) -> date | None:
        return self._value


class OptionalDateTimeEdit(_DateField):
    """A local date and time that may be empty: ``value()`` is a naive ``datetime`` or None.

    A date typed or picked without a time keeps the time it had, or starts at 09:00.
    """

    _with_time = True

    def value(self) -> datetime | None:
        return self._value  # type: ignore[return-value]  # with_time: always a datetime


def with_clear_button(editor: OptionalDateEdit | OptionalDateTimeEdit) -> QWidget:
    """The editor as a form places it (its × is its own now; kept for the forms' layout)."""
    return editor


@dataclass
class Editor:
    """One field's widget, seen as a value: read it, write it, know when the user changed it.

    ``immediate`` editors (choices, dates) save as soon as they change; text waits for a pause.
    """

    widget: QWidget
    get: Callable[[], Any]
    put: Callable[[Any], None]
    changed: SignalInstance
    immediate: bool = False
    focus_widgets: Sequence[QWidget] = field(default_factory=tuple)
    # Reads text still being typed into the value (a date before Enter), for a save now.
    read_typing: Callable[[], Any] | None = None


def text_area(widget: QPlainTextEdit) -> Editor:
    return Editor(widget, widget.toPlainText, widget.setPlainText, widget.textChanged)


def text_line(widget: QLineEdit) -> Editor:
    return Editor(widget, widget.text, lambda v: widget.setText(v or ""), widget.textEdited)


def date_field(widget: OptionalDateEdit | OptionalDateTimeEdit) -> Editor:
    """A date saves when it changes: typed (Enter or leaving the field), picked or cleared."""
    return Editor(
        widget,
        widget.value,
        widget.set_value,
        widget.valueChanged,
        immediate=True,
        focus_widgets=(widget.line,),
        read_typing=widget.read_typing,
    )


date_time_field = date_field


def choice_field(widget: QComboBox, choices: Sequence[Enum]) -> Editor:
    """A combo box of enum members; the stored value is the member's value."""
    widget.clear()
    for member in choices:
        widget.addItem(getattr(member, "label", str(member.value)), member.value)

    def put(value: Any) -> None:
        index = widget.findData(value)
        widget.setCurrentIndex(max(index, 0))

    return Editor(widget, widget.currentData, put, widget.currentIndexChanged, immediate=True)


class MoneyEdit(QDoubleSpinBox):
    """An amount whose empty state ("—", the minimum) takes typing at once, no Ctrl+A first."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        line = self.lineEdit()
        if (
            typed
            and (typed[0].isdigit() or typed[0] in self.locale().decimalPoint())
            and self.value() == self.minimum()
            and self.specialValueText()
            and line.text() == self.specialValueText()
        ):
            line.setText("")  # the "no value" sign would make any digit typed beside it invalid
        super().keyPressEvent(event)


def money_field(widget: QDoubleSpinBox) -> Editor:
    """An amount in cents; zero reads as "no value" (a pursuit worth nothing is not one)."""
    widget.setDecimals(2)
    widget.setRange(0, 1e12)
    widget.setSpecialValueText(NO_DATE_TEXT)
    widget.setGroupSeparatorShown(True)

    def get() -> int | None:
        cents = round(widget.value() * 100)
        return cents or None

    def put(value: int | None) -> None:
        widget.setValue((value or 0) / 100)

    return Editor(widget, get, put, widget.valueChanged)
