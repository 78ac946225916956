"""Preferences: when a pursuit counts as stalling. Stored in the settings file."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.momentum import StallingThresholds
from .editors import plain_label
from .screen_fit import fit_to_screen

FEED_FILE_NAME = "planned-steps.ics"  # store.calendar_export's, without loading icalendar

STAYS_KEY = "momentum/staysInARow"
DAYS_KEY = "momentum/daysWithoutDecision"


def load_thresholds(settings: QSettings) -> StallingThresholds:
    """The seller's thresholds, or the defaults for any missing or unreadable value."""
    default = StallingThresholds()

    def read(key: str, fallback: int, low: int, high: int) -> int:
        try:
            value = int(settings.value(key, fallback))
        except (TypeError, ValueError):
            return fallback
        return value if low <= value <= high else fallback

    return StallingThresholds(
        stays_in_a_row=read(STAYS_KEY, default.stays_in_a_row, 1, 20),
        days_without_decision=read(DAYS_KEY, default.days_without_decision, 1, 365),
    )


def save_thresholds(settings: QSettings, thresholds: StallingThresholds) -> None:
    settings.setValue(STAYS_KEY, thresholds.stays_in_a_row)
    settings.setValue(DAYS_KEY, thresholds.days_without_decision)
    settings.sync()


class PreferencesDialog(QDialog):
    def __init__(
        self,
        thresholds: StallingThresholds,
        parent: QWidget | None = None,
        *,
        feed: bool = False,
        seller: str | None = None,
    ) -> None:
        """``seller``: the seller's name, offered for correcting on a shared server (None:
        this computer's file, where it is not shown)."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        explanation = plain_label(
            "A pursuit is stalling when the client keeps not deciding. "
            "It is flagged in the list and in the momentum view when either is true:",
            self,
        )
        self.stays = QSpinBox(self)
        self.stays.setRange(1, 20)
        self.stays.setValue(thresholds.stays_in_a_row)
        self.stays.setAccessibleName("Meetings in a row without a client decision")
        self.days = QSpinBox(self)
        self.days.setRange(1, 365)
        self.days.setValue(thresholds.days_without_decision)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Days without a client decision")
        form = QFormLayout()
        form.addRow("&Meetings in a row without a client decision:", self.stays)
        form.addRow("&Or days without a client decision:", self.days)
        self.keep_feed = QCheckBox("&Keep a calendar file of planned steps", self)
        self.keep_feed.setChecked(feed)
        self.keep_feed.setToolTip(
            f"Writes {FEED_FILE_NAME} in the data folder after every change: a calendar that "
            "subscribes to it shows every planned step with its decision"
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.keep_feed)
        self.seller_name: QLineEdit | None = None
        if seller is not None:
            self.seller_name = QLineEdit(seller, self)
            self.seller_name.setAccessibleName("Your name on the shared server")
            self.seller_name.setToolTip(
                "The pursuits you create are marked with it; Mine shows those marked so"
            )
            names = QFormLayout()
            names.addRow("Your &name on the shared server:", self.seller_name)
            layout.addLayout(names)
        layout.addWidget(buttons)
        fit_to_screen(self, 460, self.sizeHint().height())

    def restore_defaults(self) -> None:
        default = StallingThresholds()
        self.stays.setValue(default.stays_in_a_row)
        self.days.setValue(default.days_without_decision)

    def chosen_name(self) -> str | None:
        """The name as corrected (tidied), or None when not shown or left empty."""
        if self.seller_name is None:
            return None
        return " ".join(self.seller_name.text().split()) or None

    def thresholds(self) -> StallingThresholds:
        return StallingThresholds(
            stays_in_a_row=self.stays.value(), days_without_decision=self.days.value()
        )
