"""The window's first picture on a shared server, read in one round trip before the store
(SQLAlchemy, SQLModel, Alembic) has loaded, and the same as the real store's."""

from __future__ import annotations

from datetime import date, datetime

import psycopg
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from server_tools import without_password
from windows import shown_window

from pursuit_journey.app import open_store_for_window
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.paths import Paths
from pursuit_journey.store.deferred_server import (
    ServerDeferredStore,
    _read_all,
    first_picture_sql,
    libpq_url,
    open_quick,
)
from pursuit_journey.store.repository import Store
from pursuit_journey.ui.window_layout import WindowLayout

TODAY = date.today()  # the quick read measures momentum on today, as the app does


@pytest.fixture
def server_url(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return without_password(postgres_database, monkeypatch)


def _fill(url: str) -> list[int]:
    store = Store.open_server(url)
    ids = []
    for number, client in enumerate(("Acme", "Globex", "Initech", "Hooli", "Umbrella", "Wayne")):
        pursuit = store.create_pursuit(
            f"{client} rollout", client=client, created_at=datetime(2026, 1, 5 + number, 9)
        )
        assert pursuit.id is not None
        held = store.add_step(pursuit.id, title="Discovery call", decision_needed="Shares data")
        store.record_outcome(held.id, Outcome.ADVANCED, decision_made="Data shared")
        store.add_step(pursuit.id, title="Pilot review", decision_needed="Signs the pilot")
        ids.append(pursuit.id)
    store.set_status(ids[-1], PursuitStatus.WON)
    store.close()
    return ids


def _quick(url: str, opened: list[Store], view: str = "") -> ServerDeferredStore:
    def load() -> Store:
        store = Store.open_server(url)
        opened.append(store)
        return store

    deferred = open_quick(url, load, view=view)
    assert deferred is not None
    return deferred


def test_the_quick_read_agrees_with_the_store(server_url: str) -> None:
    _fill(server_url)
    real = Store.open_server(server_url)
    opened: list[Store] = []
    on_list = _quick(server_url, opened, "pursuits")
    deferred = _quick(server_url, opened, "momentum")
    try:
        assert deferred.active_pursuit_count() == real.active_pursuit_count() == 5
        assert on_list.pursuit_summaries() == real.pursuit_summaries()
        key = lambda line: line.pursuit_id  # noqa: E731
        assert sorted(deferred.momentum_lines(), key=key) == sorted(real.momentum_lines(), key=key)
        first = real.pursuit_summaries()[0].id
        assert [
            (step.id, step.title, step.outcome, step.decision_made)
            for step in deferred.steps(first)
        ] == [(step.id, step.title, step.outcome, step.decision_made) for step in real.steps(first)]
        assert deferred.shared and deferred.read_only_reason is None
        assert not opened  # all of it without the real store
    finally:
        on_list.close()
        deferred.close()
        real.close()


def test_the_first_picture_is_read_in_one_round_trip(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(server_url)
    queries: list[str] = []
    real_execute = psycopg.Cursor.execute

    def counted(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        queries.append(str(query))
        return real_execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counted)
    opened: list[Store] = []
    deferred = _quick(server_url, opened)  # no view chosen: five active pursuits, the board
    deferred.active_pursuit_count()
    deferred.momentum_lines()
    assert len(queries) == 1
    assert "alembic_version" in queries[0]  # the schema's version checked in the same trip
    assert not opened
    deferred.close()


def test_only_the_view_the_window_opens_is_read(server_url: str) -> None:
    ids = _fill(server_url)
    store = Store.open_server(server_url)
    store.set_status(ids[0], PursuitStatus.LOST)  # four active: the list opens by default
    store.close()
    opened: list[Store] = []
    deferred = _quick(server_url, opened)
    assert len(deferred.pursuit_summaries()) == 6
    assert not opened
    deferred.momentum_lines()  # not read at opening: the real store answers
    assert len(opened) == 1
    deferred.close()


def test_a_schema_of_another_version_opens_the_real_store_now(server_url: str) -> None:
    _fill(server_url)
    load = lambda: Store.open_server(server_url)  # noqa: E731
    assert open_quick(server_url, load, head_revision="9_0_other") is None
    with psycopg.connect(libpq_url(server_url), autocommit=True) as connection:
        connection.execute("DROP TABLE alembic_version")
    assert open_quick(server_url, load) is None


@pytest.mark.parametrize("view", ["pursuits", "momentum"])
def test_the_window_draws_from_the_quick_read_before_the_store_loads(
    qtbot: QtBot, server_url: str, settings: QSettings, view: str
) -> None:
    ids = _fill(server_url)
    opened: list[Store] = []
    deferred = _quick(server_url, opened, view)
    settings.setValue("window/view", view)
    layout = WindowLayout(settings)
    layout.set_seller_name("Dana Reyes")  # named on this computer: no question at opening
    layout.set_mine_only(False)  # the filled pursuits have no owner
    window = shown_window(qtbot, deferred, settings)

    assert not deferred.loaded and not opened  # the real store waits for the paint
    if view == "momentum":
        assert window.views.currentWidget() is window.momentum_view
        assert window.momentum_view.active_tile.value.text() == "5"
    else:
        page = window.pursuit_page
        assert window.current_pursuit_id() in ids
        assert page.title.text().endswith("rollout")
        assert [step.title for step in page.steps] == ["Discovery call", "Pilot review"]

    deferred.load()
    window.store_loaded()
    window.build_rest()
    assert len(opened) == 1
    if view == "pursuits":
        assert window.prep_form.title_edit.text() in ("Discovery call", "Pilot review")
    window.close()
    deferred.close()


def test_the_app_opens_a_current_server_with_the_quick_read(server_url: str, paths: Paths) -> None:
    _fill(server_url)
    store = open_store_for_window(
        paths, lambda damage: pytest.fail("no file is asked about"), server_url
    )
    try:
        assert isinstance(store, ServerDeferredStore)
        assert not store.loaded
        assert store.load().shared  # the real store, on the same server
    finally:
        assert store is not None
        store.close()


def test_the_board_is_summed_up_on_the_server_a_row_a_pursuit(server_url: str) -> None:
    """Issue 20: the server sends what SQLite sums up on this computer, not a row a step."""
    ids = _fill(server_url)  # six pursuits of two steps, five of them active
    store = Store.open_server(server_url)
    store.add_step(ids[0], title="Pilot", decision_needed="")
    store.close()
    with psycopg.connect(libpq_url(server_url), autocommit=True) as connection:
        results = _read_all(connection, first_picture_sql("momentum", 5))
    letters, pursuits = results[4], results[5]
    assert len(letters) == len(pursuits) == 5  # the active ones, 11 steps among them
    assert sorted(row[1] for row in letters) == ["ap", "ap", "ap", "ap", "ap?"]
    assert "ix_step_undecided" in board_plan(server_url)  # the partial index answers "?"


def board_plan(url: str) -> str:
    """PostgreSQL's plan for the board's first query, as text."""
    from pursuit_journey.store.summaries import pg_board_queries

    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("ANALYZE")
        connection.execute("SET enable_seqscan = off")  # a tiny table: plan as for a big one
        rows = connection.execute("EXPLAIN " + pg_board_queries(TODAY)[0]).fetchall()
    return "\n".join(row[0] for row in rows)
