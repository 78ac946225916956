"""Field editors for forms that save themselves: plain-text areas that grow, optional dates.

Every editor is wrapped in an ``Editor``: one way to read, write and watch a value, whatever the
widget, so the autosave code treats a text area, a date and a choice alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTime,
    SignalInstance,
)
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

# An optional date shows this text while it has no value (its minimum date means "none").
NO_DATE_TEXT = "—"
_NO_DATE = QDate(2000, 1, 1)


def plain_label(
    text: str = "",
    parent: QWidget | None = None,
    *,
    wrap: bool = True,
    selectable: bool = False,
) -> QLabel:
    """A label that never interprets its text as HTML."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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


class OptionalDateEdit(QDateEdit):
    """A date that may be empty: the special value (minimum) means "no date"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(NO_DATE_TEXT)
        self.setDisplayFormat(self._format())
        self.setDate(_NO_DATE)

    @staticmethod
    def _format() -> str:
        from PySide6.QtCore import QLocale

        fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        # Two-digit years are ambiguous in a form; show four.
        return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")

    def value(self) -> date | None:
        current = self.date()
        return None if current == _NO_DATE else current.toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(_NO_DATE if value is None else QDate(value))

    def clear_value(self) -> None:
        self.set_value(None)


class OptionalDateTimeEdit(QDateTimeEdit):
    """A local date and time that may be empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDateTime(QDateTime(_NO_DATE, QTime(0, 0)))
        self.setSpecialValueText(NO_DATE_TEXT)
        self.setDisplayFormat(OptionalDateEdit._format() + " HH:mm")
        self.set_value(None)

    def value(self) -> datetime | None:
        current = self.dateTime()
        if current.date() == _NO_DATE:
            return None
        return current.toPython().replace(second=0, microsecond=0, tzinfo=None)

    def set_value(self, value: datetime | None) -> None:
        if value is None:
            self.setDateTime(QDateTime(_NO_DATE, QTime(0, 0)))
        else:
            self.setDateTime(QDateTime(QDate(value.date()), QTime(value.hour, value.minute)))

    def clear_value(self) -> None:
        self.set_value(None)


def with_clear_button(editor: OptionalDateEdit | OptionalDateTimeEdit) -> QWidget:
    """``editor`` beside a small button that empties it (a date edit alone cannot be empty)."""
    box = QWidget(editor.parentWidget())
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    editor.setParent(box)
    layout.addWidget(editor)
    button = QToolButton(box)
    button.setText("✕")
    button.setToolTip("No date")
    button.setAccessibleName("Clear the date")
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(editor.clear_value)
    layout.addWidget(button)
    layout.addStretch(1)
    editor.clear_button = button  # type: ignore[union-attr]
    return box


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


def text_area(widget: QPlainTextEdit) -> Editor:
    return Editor(widget, widget.toPlainText, widget.setPlainText, widget.textChanged)


def text_line(widget: QLineEdit) -> Editor:
    return Editor(widget, widget.text, lambda v: widget.setText(v or ""), widget.textEdited)


def date_field(widget: OptionalDateEdit) -> Editor:
    return Editor(widget, widget.value, widget.set_value, widget.dateChanged, immediate=True)


def date_time_field(widget: OptionalDateTimeEdit) -> Editor:
    return Editor(widget, widget.value, widget.set_value, widget.dateTimeChanged, immediate=True)


def choice_field(widget: QComboBox, choices: Sequence[Enum]) -> Editor:
    """A combo box of enum members; the stored value is the member's value."""
    widget.clear()
    for member in choices:
        widget.addItem(getattr(member, "label", str(member.value)), member.value)

    def put(value: Any) -> None:
        index = widget.findData(value)
        widget.setCurrentIndex(max(index, 0))

    return Editor(widget, widget.currentData, put, widget.currentIndexChanged, immediate=True)


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
