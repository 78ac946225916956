"""The benchmark on a PostgreSQL server (``--database URL``): the shape of its rows on a tiny
data set, and the statements of the everyday actions, which must not grow with the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from pursuit_journey.app import make_application
from pursuit_journey.bench.__main__ import Row
from pursuit_journey.bench.dataset import make_data_dir
from pursuit_journey.bench.server import (
    Counted,
    bench_database,
    copy_data_set,
    count_actions,
    server_note,
    server_rows,
)
from pursuit_journey.store.errors import InvalidInput
from pursuit_journey.store.repository import Store

MAIN_ACTIONS = (
    "select a pursuit",
    "open a step",
    "autosave a field",
    "drag-reorder a step",
    "record an outcome",
    "open the momentum view",
    "search keystroke",
)


@pytest.fixture
def admin_url(postgres_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test server's URL as the benchmark is given it: the password in PGPASSWORD."""
    parsed = make_url(postgres_server)
    if parsed.password is not None:
        monkeypatch.setenv("PGPASSWORD", str(parsed.password))
    return parsed._replace(password=None).render_as_string(hide_password=False)


def _databases(admin_url: str) -> set[str]:
    import psycopg

    from pursuit_journey.store.deferred_server import libpq_url

    with psycopg.connect(libpq_url(admin_url)) as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}


def test_the_server_rows_carry_targets_verdicts_and_drop_their_databases(
    admin_url: str, tmp_path: Path
) -> None:
    before = _databases(admin_url)
    data = {6: make_data_dir(tmp_path / "p6", 6, steps_per_pursuit=12)}
    rows = server_rows(admin_url, data, 1, 2000, Row)

    names = [row.name for row in rows]
    for kind in ("list, painted", "list, ready", "momentum, painted"):
        assert f"cold start (SQLite, same run): {kind}" in names
        assert f"cold start (server): {kind}" in names
    for action in MAIN_ACTIONS:
        assert f"statements (server): {action}" in names
        assert f"transactions (server): {action}" in names
    for row in rows:
        assert len(row.name) <= 50, row.name  # the report's first column
        assert set(row.values) == {6}
        if row.name.startswith("cold start (SQLite"):
            assert row.target == "the reference"
            continue
        assert row.verdict in ("PASS", "MISS"), row
        if row.name.startswith("cold start (server)"):
            assert row.target == "≤ 1.5× SQLite at 2000 (judged at 6)"
        elif row.name.startswith("transactions (server)"):
            assert row.target == "≤ 1 (one round trip)"
            assert row.verdict == "PASS", row  # every action one transaction
        else:
            assert row.target == "the same at every size"
    assert _databases(admin_url) == before  # each size's database dropped after
    assert "one database per size" in server_note(admin_url)


def test_a_server_address_with_a_password_is_refused(postgres_server: str) -> None:
    with pytest.raises(InvalidInput, match="password"), bench_database(postgres_server, 6):
        pass


def _counted(admin_url: str, folder: Path) -> dict[str, Counted]:
    with bench_database(admin_url, 0) as url:
        copy_data_set(folder, url)
        store = Store.open_server(url)
        try:
            return count_actions(store)
        finally:
            store.close()


def _statements(counted: dict[str, Counted]) -> dict[str, int]:
    return {name: one.statements for name, one in counted.items()}


def test_no_action_sends_more_statements_for_more_steps_or_pursuits(
    admin_url: str, tmp_path: Path
) -> None:
    make_application([])
    small = _statements(
        _counted(admin_url, make_data_dir(tmp_path / "small", 3, steps_per_pursuit=12))
    )
    large = _statements(
        _counted(admin_url, make_data_dir(tmp_path / "large", 12, steps_per_pursuit=40))
    )
    assert set(small) == set(MAIN_ACTIONS)
    assert large == small
    assert small["search keystroke"] == 0  # the list filters what it holds
    # A connection check and its three queries, each summed up by the server: a row a pursuit.
    assert small["open the momentum view"] <= 4


def test_every_everyday_action_is_one_transaction_on_the_server(
    admin_url: str, tmp_path: Path
) -> None:
    """Issue 20: one round trip per user action. The write and the reads that redraw after
    it share one transaction (``Store.one_action``), so one connection check and one COMMIT."""
    make_application([])
    counted = _counted(admin_url, make_data_dir(tmp_path / "data", 3, steps_per_pursuit=12))
    transactions = {name: one.transactions for name, one in counted.items()}
    assert transactions == {
        "select a pursuit": 1,
        "open a step": 1,
        "autosave a field": 1,
        "drag-reorder a step": 1,
        "record an outcome": 1,
        "open the momentum view": 1,
        "search keystroke": 0,  # the list filters what it holds
    }
    for name in ("autosave a field", "drag-reorder a step", "record an outcome"):
        texts = counted[name].texts
        assert sum(text == ";" for text in texts) == 1, texts  # one connection check
        assert texts[-1].startswith("SELECT pg_notify"), texts  # the write told, at COMMIT
