"""The seller's name, asked once per computer on a shared server: each pursuit made here is
marked as theirs, and the list and the momentum view can show only theirs (Mine)."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

QUESTION = (
    "Your name, as your colleagues know it. The pursuits you create or import are marked as "
    "yours, and Mine shows them apart from everyone else's."
)


def suggested_name() -> str:
    """The login name as a start (the seller corrects it to the name colleagues know)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def ask_seller_name(parent: QWidget | None, current: str = "") -> str | None:
    """The name typed (tidied), or None when the seller cancelled or left it empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Your Name")
    dialog.setLabelText(QUESTION)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(current or suggested_name())
    dialog.setOkButtonText("Save Name")
    for label in dialog.findChildren(QLabel):
        label.setWordWrap(True)  # the question wraps: the dialog stays small
    dialog.resize(440, dialog.sizeHint().height())
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    name = " ".join(dialog.textValue().split())
    return name or None
