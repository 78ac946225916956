"""Ctrl+N: the name (Enter creates at once) and, if the seller has them to hand, the client,
the value and the first meeting's date — nothing else is asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .editors import MoneyEdit, OptionalDateTimeEdit, money_field
from .kept_heights import plain_label


@dataclass(frozen=True)
class NewPursuit:
    name: str
    client: str = ""
    value_cents: int | None = None
    currency: str = ""
    first_meeting: datetime | None = None


class NewPursuitDialog(QDialog):
    """Asks for a new pursuit; ``new_pursuit()`` is what was typed once it is accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Pursuit")
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Name of the pursuit")
        self.name_edit.setPlaceholderText("What you are selling to whom")
        self.client_edit = QLineEdit(self)
        self.client_edit.setAccessibleName("Client")
        self.client_edit.setPlaceholderText("Optional: the client's organisation")
        self.value_edit = MoneyEdit(self)
        self.value_edit.setAccessibleName("Value")
        self._value = money_field(self.value_edit)
        self.currency_edit = QLineEdit(self)
        self.currency_edit.setAccessibleName("Currency")
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setMaximumWidth(80)
        self.currency_edit.setPlaceholderText(_locale_currency() or "EUR")
        self.first_meeting_edit = OptionalDateTimeEdit(self, quick_choices=True)
        self.first_meeting_edit.setAccessibleName("First meeting")
        self.problem = plain_label("", self)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("&Name", self.name_edit), self.name_edit)
        form.addRow(self._label("&Client", self.client_edit), self.client_edit)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.currency_edit)
        form.addRow(self._label("&Value", self.value_edit), value_row)
        form.addRow(self._label("&First meeting", self.first_meeting_edit), self.first_meeting_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        create = buttons.button(QDialogButtonBox.StandardButton.Ok)
        create.setText("Create")
        create.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Only the name is needed; the rest can wait.", self))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name_edit.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def _label(self, text: str, buddy: QWidget) -> QWidget:
        label = plain_label(text, self, wrap=False)
        label.setBuddy(buddy)
        return label

    def accept(self) -> None:
        # Enter in the date field reads it first; a date that is no date is not dropped silently.
        self.first_meeting_edit.commit()
        if self.first_meeting_edit.is_invalid():
            self.problem.setText(self.first_meeting_edit.line.toolTip())
            self.problem.show()
            self.first_meeting_edit.setFocus()
            return
        self.problem.hide()
        super().accept()

    def new_pursuit(self) -> NewPursuit:
        value = self._value.get()
        currency = self.currency_edit.text().strip()
        if value is not None and not currency:
            currency = self.currency_edit.placeholderText()
        return NewPursuit(
            name=self.name_edit.text(),
            client=self.client_edit.text().strip(),
            value_cents=value,
            currency=currency,
            first_meeting=self.first_meeting_edit.value(),
        )


def _locale_currency() -> str:
    return QLocale().currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
