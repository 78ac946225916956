"""The window's first picture, drawn before the store has loaded, and what follows it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from pursuit_journey.app import make_application
from pursuit_journey.paths import Paths
from pursuit_journey.store.deferred import DeferredStore
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.main_window import MainWindow

TODAY = date(2026, 3, 2)  # as in the suite's store


def test_the_pursuit_shows_first_and_its_preparation_once_the_store_has_loaded(
    qtbot: QtBot, paths: Paths, settings: QSettings
) -> None:
    store = Store.open(paths.database, paths.backups_dir, today=lambda: TODAY)
    pursuit = store.create_pursuit("Northwind pilot", created_at=datetime(2026, 1, 5, 9))
    assert pursuit.id is not None
    store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()
    deferred = DeferredStore(
        paths.database,
        paths.backups_dir,
        lambda: Store.open(paths.database, paths.backups_dir, today=lambda: TODAY),
    )
    settings.setValue("window/view", "pursuits")
    make_application([])
    window = MainWindow(deferred, settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.pursuit_page

    assert not deferred.loaded
    assert page.title.text() == "Northwind pilot"
    assert [step.title for step in page.steps] == ["Discovery call"]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Preparation",
        "Decision trail",
    ]

    deferred.load()
    window.store_loaded()
    window.build_rest()

    assert page.tabs.count() == 2
    assert page.tabs.widget(0) is window.prep_form
    assert page.tabs.widget(1) is page.trail
    assert page.tabs.currentWidget() is window.prep_form
    assert window.prep_form.title_edit.text() == "Discovery call"
    assert window.current_step_id() == page.steps[0].id
    window.close()
    deferred.close()
