"""The window's first picture, drawn before the store has loaded, and what follows it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from windows import shown_window

from pursuit_journey.paths import Paths
from pursuit_journey.store.deferred import DeferredStore
from pursuit_journey.store.repository import Store

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
    window = shown_window(qtbot, deferred, settings)
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


def test_the_shown_pursuit_is_read_and_drawn_once(
    qtbot: QtBot, paths: Paths, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selecting a pursuit from code (the place the seller left, a refresh) shows it once: the
    row's change says so, and only a row that was current already is shown again."""
    from pursuit_journey.ui.window_layout import WindowLayout

    store = Store.open(paths.database, paths.backups_dir, today=lambda: TODAY)
    first = store.create_pursuit("Northwind pilot")
    second = store.create_pursuit("Globex renewal")
    assert first.id is not None and second.id is not None
    for pursuit_id in (first.id, second.id):
        store.add_step(pursuit_id, title="Discovery call")
    store.close()
    deferred = DeferredStore(
        paths.database,
        paths.backups_dir,
        lambda: Store.open(paths.database, paths.backups_dir, today=lambda: TODAY),
    )
    read: list[int] = []
    read_steps = deferred.steps
    monkeypatch.setattr(
        deferred, "steps", lambda pursuit_id: [read.append(pursuit_id)] and read_steps(pursuit_id)
    )
    WindowLayout(settings).save_place(second.id, momentum=False)

    window = shown_window(qtbot, deferred, settings)
    assert window.pursuit_page.title.text() == "Globex renewal"
    assert read == [second.id]

    read.clear()
    assert window.list_panel.select(first.id)
    assert read == [first.id]
    read.clear()
    assert window.list_panel.select(first.id)  # current already: shown again, once
    assert read == [first.id]
    window.close()
    deferred.close()


def test_an_empty_database_draws_the_welcome_alone_and_the_list_follows(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    window = shown_window(qtbot, store, settings)
    assert window.splitter.count() == 1  # the list is not made for the first picture
    assert window.pages.currentWidget() is window.welcome
    assert window.current_pursuit_id() is None

    window.build_rest()
    assert window.splitter.count() == 2
    assert not window.list_panel.isVisible()  # nothing to list yet

    pursuit = store.create_pursuit("Acme rollout")
    window.refresh(select_id=pursuit.id)
    assert window.list_panel.isVisible()
    assert window.current_pursuit_id() == pursuit.id
    window.close()


def test_closing_before_the_list_is_made_keeps_the_saved_layout(
    qtbot: QtBot, store: Store, settings: QSettings
) -> None:
    pursuit = store.create_pursuit("Acme rollout")
    first = shown_window(qtbot, store, settings)
    first.splitter.setSizes([260, 480])
    kept = first.splitter.sizes()[0]
    first.close()

    store.delete_pursuit(pursuit.id)
    empty = shown_window(qtbot, store, settings)  # closed at once: its list was never made
    empty.close()

    store.create_pursuit("Globex renewal")
    third = shown_window(qtbot, store, settings)
    assert abs(third.splitter.sizes()[0] - kept) <= 2  # rounding as the sizes are rescaled
    third.close()


@pytest.mark.parametrize("saved_view", ["momentum", None])
def test_the_momentum_view_draws_before_the_store_has_loaded(
    qtbot: QtBot, paths: Paths, settings: QSettings, saved_view: str | None
) -> None:
    """Saved as the seller's view, or chosen by the app (five active pursuits and no view
    chosen yet): either way the list it hides is not read for the first picture."""
    store = Store.open(paths.database, paths.backups_dir)
    for client in ("Acme", "Globex", "Initech", "Hooli", "Umbrella"):
        pursuit = store.create_pursuit(f"{client} rollout", client=client)
        assert pursuit.id is not None
        store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares the data")
    store.close()
    deferred = DeferredStore(
        paths.database, paths.backups_dir, lambda: Store.open(paths.database, paths.backups_dir)
    )
    if saved_view is not None:
        settings.setValue("window/view", saved_view)
    window = shown_window(qtbot, deferred, settings)

    assert window.views.currentWidget() is window.momentum_view
    assert window.momentum_view.active_tile.value.text() == "5"
    assert not deferred.loaded  # the board came from the quick read: nothing waited for the ORM
    assert not window._list_filled  # read when the seller goes to the list, not before
    window.close()
    deferred.close()
