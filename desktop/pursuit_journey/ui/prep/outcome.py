"""The debrief's outcome as three large buttons, each with its tick as drawn on the line.

One of them is down once the outcome is recorded; pressing the one that is down takes the step
back to planned (the meeting has not happened after all). Space or Enter presses the button with
the focus. As in a group of radio buttons, Tab stops once, on the recorded outcome (else the
first), and Left and Right move between them: Tab after the outcome goes on to what the client
decided, so the text typed next cannot land on another button and press it with its first space.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from ...domain.journey_layout import TickState
from ...domain.vocabulary import Outcome
from ...drawing import journey_glyphs as glyphs

# The outcomes a debrief records, in the order of the buttons, with the tick each shows.
CHOICES: tuple[tuple[Outcome, TickState], ...] = (
    (Outcome.ADVANCED, TickState.ADVANCED),
    (Outcome.STAYED, TickState.STAYED),
    (Outcome.WENT_BACK, TickState.WENT_BACK),
)


class OutcomeButtons(QWidget):
    """``value()`` is the stored outcome ("planned" while no button is down); ``changed``
    follows every press by the seller (not ``set_value``)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Outcome")
        self.buttons: dict[Outcome, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for outcome, _state in CHOICES:
            button = QPushButton(outcome.label, self)
            button.setObjectName(f"outcome_{outcome.value}")
            button.setCheckable(True)
            button.setAutoDefault(True)  # Enter presses it too, not only Space
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, o=outcome: self._pressed(o))
            button.installEventFilter(self)
            layout.addWidget(button)
            self.buttons[outcome] = button
        self._value = Outcome.PLANNED
        self._show_value()
        self._size_buttons()

    def value(self) -> str:
        return self._value.value

    def set_value(self, value: str | None) -> None:
        self._value = Outcome(value or Outcome.PLANNED.value)
        self._show_value()

    def button(self, outcome: Outcome) -> QPushButton:
        return self.buttons[outcome]

    def focus_button(self) -> QPushButton:
        """The button the focus goes to: the recorded outcome, else the first."""
        return self.buttons.get(self._value, self.buttons[CHOICES[0][0]])

    def _pressed(self, outcome: Outcome) -> None:
        self._value = Outcome.PLANNED if self._value is outcome else outcome
        self._show_value()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Left and Right step between the buttons, as between the choices of a radio group.
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons.values():
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()), 0)
            if step and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                order = list(self.buttons.values())
                index = order.index(watched) + step  # type: ignore[arg-type]  # one of the buttons
                if 0 <= index < len(order):
                    order[index].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _show_value(self) -> None:
        stop = self.focus_button()
        for outcome, button in self.buttons.items():
            down = outcome is self._value
            button.setChecked(down)
            button.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
            )
            font = QFont(self.font())
            font.setBold(down)
            button.setFont(font)

    def _size_buttons(self) -> None:
        em = QFontMetricsF(self.font()).height()
        side = round(em * 1.3)
        for outcome, state in CHOICES:
            button = self.buttons[outcome]
            button.setIconSize(QSize(side, side))
            button.setIcon(self._tick_icon(state, side))
            button.setMinimumHeight(round(em * 2.6))

    def _tick_icon(self, state: TickState, side: int) -> QIcon:
        """The tick of ``state`` as the journey line draws it: same shape, same colour."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(side * ratio), round(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        glyphs.draw_tick(painter, QPointF(side / 2, side / 2), side * 0.8, state, self.palette())
        painter.end()
        return QIcon(pixmap)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._size_buttons()
            self._show_value()
