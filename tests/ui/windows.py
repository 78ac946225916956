"""Helpers for tests that drive the main window: one shown window, one answered save dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from pursuit_journey.app import make_application
from pursuit_journey.store.deferred import DeferredStore
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow


def shown_window(qtbot: QtBot, store: Store | DeferredStore, settings: QSettings) -> MainWindow:
    """A window on ``store``, shown and painted once (closed by qtbot after the test)."""
    make_application([])
    window = MainWindow(store, settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def choose_save_path(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the save dialog with ``path``; returns the names it suggested."""
    suggested: list[str] = []

    def answer(parent, caption, directory, file_filter):  # type: ignore[no-untyped-def]
        suggested.append(directory)
        return str(path), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return suggested
