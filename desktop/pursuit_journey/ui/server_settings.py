"""The shared server as the seller gives it: host, port, database, user and how the connection
is secured, a password kept in the system keyring (never in settings.ini), and Test Connection,
which asks the server off the GUI thread so the window never waits on the network.

Used by Edit ▸ Preferences ▸ Data and by File ▸ Move to Shared Server….
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..store.errors import StoreError
from .editors import plain_label

DEFAULT_PORT = 5432
# libpq's sslmode values offered, the safest first; what each means in a seller's words.
SSL_MODES: tuple[tuple[str, str], ...] = (
    ("verify-full", "Encrypted, the server's certificate checked (verify-full)"),
    ("require", "Encrypted, the certificate not checked (require)"),
    ("prefer", "Encrypted when the server offers it (prefer)"),
    ("disable", "Not encrypted: a network you trust only (disable)"),
)


class _Answer(QObject):
    arrived = Signal(object, object)  # what answered (str) or None, the error or None


class _Probe(QRunnable):
    def __init__(self, url: str, password: str | None, answer: _Answer) -> None:
        super().__init__()
        self.url, self.password, self.answer = url, password, answer

    def run(self) -> None:  # in a pool thread; the answer is queued to the GUI thread
        from ..store.server_link import probe

        found: str | None = None
        error: Exception | None = None
        try:
            found = probe(self.url, self.password)
        except Exception as failure:  # a bug is raised on the GUI thread, not swallowed
            error = failure
        with contextlib.suppress(RuntimeError):  # the dialog is gone
            self.answer.arrived.emit(found, error)


class ServerFields(QWidget):
    """The server's fields, its password and Test Connection, in a form of their own."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._extra: list[tuple[str, str]] = []  # other libpq settings of a URL, kept as given
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("db.example.com")
        self.host.setAccessibleName("Server host")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.port.setAccessibleName("Server port")
        self.database = QLineEdit(self)
        self.database.setPlaceholderText("pursuits")
        self.database.setAccessibleName("Database")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText("your user name on the server")
        self.user.setAccessibleName("User")
        self.security = QComboBox(self)
        for mode, label in SSL_MODES:
            self.security.addItem(label, mode)
        self.security.setAccessibleName("Connection security")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from the keyring or ~/.pgpass when empty")
        self.password.setAccessibleName("Password")
        self.remember = QCheckBox("&Remember in the system keyring", self)
        self.remember.setChecked(True)
        self.remember.setToolTip(
            "Kept by your system's keyring (GNOME Keyring, KWallet, macOS Keychain, Windows "
            "Credential Manager), never in Pursuit Journey's settings file"
        )
        self.test_button = QPushButton("&Test Connection", self)
        self.test_button.clicked.connect(self.test_connection)
        self.result = plain_label("", self, selectable=True)
        self.result.setAccessibleName("Connection test")
        self.url_label = plain_label("", self, selectable=True)
        self.url_label.setAccessibleName("Server URL")

        host_row = QHBoxLayout()
        host_row.setContentsMargins(0, 0, 0, 0)
        host_row.addWidget(self.host, 1)
        host_row.addWidget(plain_label("Port:", self, wrap=False))
        host_row.addWidget(self.port)
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        # Room for the answer's three lines, so the dialog need not grow when it comes.
        self.result.setMinimumHeight(3 * self.result.fontMetrics().lineSpacing())
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        host_label = QLabel("&Host:", self)  # a row of two fields: its label needs a buddy
        host_label.setBuddy(self.host)
        form.addRow(host_label, host_row)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Security:", self.security)
        form.addRow("&Password:", self.password)
        form.addRow("", self.remember)
        form.addRow("URL:", self.url_label)
        form.addRow("", test_row)
        form.addRow("", self.result)
        for edit in (self.host, self.database, self.user):
            edit.textChanged.connect(self._edited)
        self.port.valueChanged.connect(self._edited)
        self.security.currentIndexChanged.connect(self._edited)
        self._answer = _Answer(self)
        self._answer.arrived.connect(self._tested)
        self._testing = False
        self._edited()

    # ---- the URL -------------------------------------------------------------------------

    def set_url(self, url: str) -> None:
        """Fill the fields from ``url`` (a saved server); settings they do not show are kept."""
        parts = urlsplit(url)
        self.host.setText(parts.hostname or "")
        try:
            self.port.setValue(parts.port or DEFAULT_PORT)
        except ValueError:
            self.port.setValue(DEFAULT_PORT)
        self.database.setText(unquote(parts.path.lstrip("/")))
        self.user.setText(unquote(parts.username or ""))
        query = parse_qsl(parts.query)
        mode = next((value for key, value in query if key == "sslmode"), "verify-full")
        index = self.security.findData(mode)
        if index < 0:  # a mode not offered (allow, verify-ca): kept and shown as it is
            self.security.addItem(mode, mode)
            index = self.security.count() - 1
        self.security.setCurrentIndex(index)
        self._extra = [(key, value) for key, value in query if key not in ("sslmode", "password")]
        self._edited()

    def url(self) -> str:
        """The URL of the fields (no password ever), or "" while host or database is empty."""
        host = self.host.text().strip()
        database = self.database.text().strip()
        if not host or not database:
            return ""
        user = self.user.text().strip()
        where = f"{quote(user, safe='')}@" if user else ""
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        query = urlencode([("sslmode", str(self.security.currentData())), *self._extra])
        return f"postgresql://{where}{host}:{self.port.value()}/{quote(database, safe='')}?{query}"

    def checked_url(self) -> str:
        """The URL, or InvalidInput saying which field to fill in."""
        from ..store.errors import InvalidInput
        from ..store.server_link import check_url

        if not self.host.text().strip():
            raise InvalidInput("Give the server's host: its name or address.")
        if not self.database.text().strip():
            raise InvalidInput("Give the name of the database on the server.")
        return check_url(self.url())

    def _edited(self) -> None:
        self.url_label.setText(self.url() or "(fill in the host and the database)")
        self.result.clear()
        self.changed.emit()

    # ---- the password --------------------------------------------------------------------

    def typed_password(self) -> str | None:
        return self.password.text() or None

    def keep_password(self, url: str) -> None:
        """Save the typed password in the keyring when asked to, or forget a saved one when
        "Remember" is off; raises StoreError when the keyring cannot be used."""
        from ..store.server_link import forget_password, save_password

        if not self.remember.isChecked():
            forget_password(url)
        elif self.typed_password() is not None:
            save_password(url, self.password.text())

    # ---- Test Connection -----------------------------------------------------------------

    def test_connection(self) -> None:
        """Ask the server in a pool thread; the answer shows beside the button."""
        if self._testing:
            return
        try:
            url = self.checked_url()
        except StoreError as error:
            self.result.setText(f"⚠ {error}")
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self.result.setText("Connecting…")
        QThreadPool.globalInstance().start(_Probe(url, self.typed_password(), self._answer))

    def testing(self) -> bool:
        return self._testing

    def _tested(self, found: object, error: object) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        if isinstance(error, StoreError):
            from ..store.server_link import ServerUnavailable, plainly

            said = plainly(error) if isinstance(error, ServerUnavailable) else str(error)
            self.result.setText(f"⚠ {said}")
        elif isinstance(error, Exception):
            raise error
        else:
            self.result.setText(f"✓ Connected: {found} answers.")
