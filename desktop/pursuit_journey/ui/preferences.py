"""Preferences: when a pursuit counts as stalling, the calendar feed (General), and where the
pursuits live: this computer or a shared server (Data). Stored in the settings file; a server's
password goes to the system keyring, never there."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.momentum import StallingThresholds
from ..store.errors import StoreError
from .kept_heights import plain_label
from .screen_fit import fit_to_screen
from .server_settings import ServerFields
from .window_layout import DAYS_KEY, STAYS_KEY, load_thresholds, save_thresholds

# The thresholds and their keys live with the other settings (read before the first paint,
# without this dialog's modules); they are still importable from here.
__all__ = [
    "DAYS_KEY",
    "FEED_FILE_NAME",
    "STAYS_KEY",
    "PreferencesDialog",
    "load_thresholds",
    "save_thresholds",
]

FEED_FILE_NAME = "planned-steps.ics"  # store.calendar_export's, without loading icalendar


class PreferencesDialog(QDialog):
    def __init__(
        self,
        thresholds: StallingThresholds,
        parent: QWidget | None = None,
        *,
        feed: bool = False,
        server: str = "",
        data_file: str = "",
        seller: str | None = None,
    ) -> None:
        """``server``: the shared server's URL chosen now ("" for this computer, whose database
        is ``data_file``). ``seller``: the seller's name, offered for correcting on a shared
        server (None: this computer's file, where it is not shown)."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.tabs = QTabWidget(self)
        general = QWidget(self.tabs)
        explanation = plain_label(
            "A pursuit is stalling when the client keeps not deciding. "
            "It is flagged in the list and in the momentum view when either is true:",
            general,
        )
        self.stays = QSpinBox(general)
        self.stays.setRange(1, 20)
        self.stays.setValue(thresholds.stays_in_a_row)
        self.stays.setAccessibleName("Meetings in a row without a client decision")
        self.days = QSpinBox(general)
        self.days.setRange(1, 365)
        self.days.setValue(thresholds.days_without_decision)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Days without a client decision")
        form = QFormLayout()
        form.addRow("&Meetings in a row without a client decision:", self.stays)
        form.addRow("&Or days without a client decision:", self.days)
        self.keep_feed = QCheckBox("&Keep a calendar file of planned steps", general)
        self.keep_feed.setChecked(feed)
        self.keep_feed.setToolTip(
            f"Writes {FEED_FILE_NAME} in the data folder after every change: a calendar that "
            "subscribes to it shows every planned step with its decision"
        )
        general_layout = QVBoxLayout(general)
        general_layout.addWidget(explanation)
        general_layout.addLayout(form)
        general_layout.addWidget(self.keep_feed)
        self.seller_name: QLineEdit | None = None
        if seller is not None:
            self.seller_name = QLineEdit(seller, general)
            self.seller_name.setAccessibleName("Your name on the shared server")
            self.seller_name.setToolTip(
                "The pursuits you create are marked with it; Mine shows those marked so"
            )
            names = QFormLayout()
            names.addRow("Your &name on the shared server:", self.seller_name)
            general_layout.addLayout(names)
        general_layout.addStretch(1)
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(self._data_page(server, data_file), "D&ata")
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
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, self.sizeHint().height())

    def _data_page(self, server: str, data_file: str) -> QWidget:
        page = QWidget(self.tabs)
        self.this_computer = QRadioButton("This &computer", page)
        self.this_computer.setAccessibleName("Pursuits on this computer")
        where = plain_label(
            f"In {data_file}" if data_file else "In the data folder on this computer.",
            page,
            selectable=True,
        )
        self.shared_server = QRadioButton("Shared ser&ver (PostgreSQL)", page)
        self.shared_server.setAccessibleName("Pursuits on a shared server")
        choice = QButtonGroup(page)
        choice.addButton(self.this_computer)
        choice.addButton(self.shared_server)
        self.server = ServerFields(page)
        if server:
            self.server.set_url(server)
        (self.shared_server if server else self.this_computer).setChecked(True)
        self.server.setEnabled(bool(server))
        self.shared_server.toggled.connect(self.server.setEnabled)
        self.data_message = plain_label("", page)
        self.data_message.setAccessibleName("Data")
        note = plain_label(
            "A change takes effect when Pursuit Journey starts again (OK offers to restart now). "
            "File ▸ Move to Shared Server… copies your pursuits there first.",
            page,
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.this_computer)
        layout.addWidget(where)
        layout.addWidget(self.shared_server)
        layout.addWidget(self.server)
        layout.addWidget(self.data_message)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def chosen_server(self) -> str:
        """The server chosen (its URL) or "" for this computer; raises StoreError (InvalidInput)
        for a server whose fields are not complete."""
        if not self.shared_server.isChecked():
            return ""
        return self.server.checked_url()

    def accept(self) -> None:
        """Kept open, saying why, while the server's fields cannot be used; the password is
        saved in the keyring (or forgotten) as the check box says."""
        try:
            url = self.chosen_server()
            if url:
                self.server.keep_password(url)
        except StoreError as error:
            self.tabs.setCurrentIndex(1)
            self.data_message.setText(f"⚠ {error}")
            return
        super().accept()

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
