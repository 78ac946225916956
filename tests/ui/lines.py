"""Helpers for tests of the journey line: a pursuit with titled steps, shown in the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from pursuit_journey.store.repository import Store
from pursuit_journey.ui.journey.journey_line import JourneyLine
from pursuit_journey.ui.main_window import MainWindow


def make_pursuit(store: Store, titles: list[str], **pursuit: Any) -> int:
    created = store.create_pursuit("Acme rollout", client="Acme", **pursuit)
    assert created.id is not None
    for title in titles:
        store.add_step(created.id, title=title, decision_needed=f"Decision of {title}")
    return created.id


def show(window: MainWindow, pursuit_id: int) -> JourneyLine:
    window.resize(1000, 600)
    window.splitter.setSizes([200, 800])
    window.refresh(select_id=pursuit_id)
    QApplication.processEvents()
    return window.pursuit_page.line
