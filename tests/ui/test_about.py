"""About says where the pursuits are: this computer's file, or the shared server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pursuit_journey.ui.main_window import MainWindow


def test_about_names_the_file_as_plain_text(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, Qt.TextFormat]] = []

    def show(box: QMessageBox) -> int:
        shown.append((box.text(), box.textFormat()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    window.about()
    [(text, text_format)] = shown
    assert f"stay on this computer, in {window.store.location_text}" in text
    assert text_format == Qt.TextFormat.PlainText
