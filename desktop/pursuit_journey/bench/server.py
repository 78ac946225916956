"""The benchmark on a PostgreSQL server (``--database URL``): cold start beside the SQLite
figure of the same size, and the statements each user action sends.

Each data set is copied from the SQLite one of the same size (``Store.pursuit_documents`` into
``Store.add_pursuits``: the same pursuits, steps and people) into a fresh database created on
the server for the run, ``pj_bench_<size>_<random>``, and dropped after it. The URL names the
server and a database to connect to for that (``postgres`` will do); its user needs the
CREATEDB privilege. The password comes from libpq as for the app (``PGPASSWORD``, ``~/.pgpass``,
a service file): a URL holding one is refused.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..store.repository import Store
    from ..ui.window_layout import WindowLayout

RowT = TypeVar("RowT")

# Issue 20: start to the first paint on the server at most this many times the SQLite figure.
SERVER_START_RATIO = 1.5
# Issue 20: every user action is one round trip: one transaction (none when it reads nothing).
ACTION_TRANSACTIONS = 1
ACTION_TRANSACTIONS_TARGET = "≤ 1 (one round trip)"


class StatementCounter:
    """Counts what ``engine``'s connections send while ``counting``: statements through
    SQLAlchemy (its ``before_cursor_execute`` event), statements run on the psycopg connection
    directly (the list's and the board's queries, SQLAlchemy's own connection check), and
    transactions begun."""

    def __init__(self, engine: Engine) -> None:
        from sqlalchemy import event

        self.statements = 0
        self.transactions = 0
        self.texts: list[str] = []
        self._inside_sqlalchemy = False
        self._counting = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "handle_error", self._failed)
        event.listen(engine, "begin", self._begin)
        event.listen(engine.pool, "checkout", self._checkout)
        engine.dispose()  # connections made from now on count too (each is given the cursor)
        self._engine = engine

    def _before(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self._inside_sqlalchemy = True
        self._note(statement)

    def _after(self, *_: Any) -> None:
        self._inside_sqlalchemy = False

    def _failed(self, _context: Any) -> None:
        self._inside_sqlalchemy = False

    def _begin(self, _connection: Any) -> None:
        if self._counting:
            self.transactions += 1

    def _note(self, statement: str) -> None:
        if self._counting:
            self.statements += 1
            self.texts.append(" ".join(str(statement).split())[:120])

    def _checkout(self, dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.cursor_factory = _counting_cursor(self)

    def direct(self, statement: Any) -> None:
        """A statement a psycopg cursor runs: counted unless SQLAlchemy has counted it."""
        if not self._inside_sqlalchemy:
            self._note(str(statement))

    @contextlib.contextmanager
    def counting(self) -> Iterator[StatementCounter]:
        self.statements = self.transactions = 0
        self.texts = []
        self._counting = True
        try:
            yield self
        finally:
            self._counting = False


def _counting_cursor(counter: StatementCounter) -> type:
    import psycopg

    class CountingCursor(psycopg.Cursor):
        def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            counter.direct(query)
            return super().execute(query, *args, **kwargs)

        def executemany(self, query: Any, *args: Any, **kwargs: Any) -> Any:
            counter.direct(query)
            return super().executemany(query, *args, **kwargs)

    return CountingCursor


@dataclass(frozen=True)
class Counted:
    statements: int
    transactions: int
    texts: tuple[str, ...]


def as_benchmark_seller(layout: WindowLayout) -> None:
    """A seller already named on this computer, seeing everyone's pursuits: a shared store
    otherwise asks the name in a dialog, and the copied data sets have no owner."""
    layout.set_seller_name("Benchmark")
    layout.set_mine_only(False)


def count_actions(store: Store) -> dict[str, Counted]:
    """The statements and transactions of each everyday action, driven on a real window over
    ``store`` as the benchmark times them (``bench.actions``)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ..domain.vocabulary import Outcome
    from ..ui import window_layout
    from ..ui.main_window import MainWindow
    from .actions import settle

    if QApplication.instance() is None:
        from ..app import make_application

        make_application(["bench"])  # the app's own class, as the seller runs it
    counter = StatementCounter(store.engine)
    scratch = Path(tempfile.mkdtemp(prefix="pj-bench-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(window_layout.VIEW, window_layout.VIEW_PURSUITS)
    as_benchmark_seller(window_layout.WindowLayout(settings))
    window = MainWindow(store, settings)
    window.show()
    settle()
    window.build_rest()
    settle()
    results: dict[str, Counted] = {}

    def count(name: str, action: Callable[[], object]) -> None:
        with counter.counting():
            action()
            settle()
        results[name] = Counted(counter.statements, counter.transactions, tuple(counter.texts))

    try:
        summaries = store.pursuit_summaries()
        with_steps = [s.id for s in summaries if s.step_count >= 10]
        typical, other = with_steps[0], with_steps[1]
        window.list_panel.select(other)
        settle()
        page = window.pursuit_page
        count("select a pursuit", lambda: window.list_panel.select(typical))
        step_ids = [step.id for step in store.steps(typical)]
        planned = [step.id for step in store.steps(typical) if step.outcome == "planned"]
        count("open a step", lambda: page.open_step(step_ids[3]))
        form = window.prep_form
        form.text_edits["why_client"].setPlainText("Cuts cost by a third")
        count("autosave a field", form.flush)
        count("drag-reorder a step", lambda: page.move_step(step_ids[0], 5))
        if planned:
            page.open_step(planned[0])
            settle()

        def record_outcome() -> None:
            form.outcome_buttons.button(Outcome.ADVANCED).click()
            form.flush()

        count("record an outcome", record_outcome)
        board = window.momentum_view
        window.show_view(window.splitter)
        settle()
        board.mark_stale(None)

        def open_board() -> None:
            window.show_view(board)
            board.rows.viewport().repaint()

        count("open the momentum view", open_board)
        window.show_view(window.splitter)
        settle()
        count("search keystroke", lambda: QTest.keyClick(window.list_panel.search, "n"))
    finally:
        window.undo_stack.clear()
        window.close()
    return results


# ---- the data sets on the server ------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextlib.contextmanager
def bench_database(url: str, size: int) -> Iterator[str]:
    """A fresh database for the data set of ``size`` on the server of ``url``: its URL, and the
    database dropped on leaving."""
    import psycopg

    from ..store.deferred_server import libpq_url
    from ..store.server_link import check_url

    admin = libpq_url(check_url(url))
    name = f"pj_bench_{size}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_data_set(data_dir: Path, url: str) -> None:
    """The SQLite data set in ``data_dir`` written to the (empty) server database at ``url``."""
    from ..paths import default_paths
    from ..store.repository import Store

    local = Store.open(default_paths(data_dir).database)
    server = Store.open_server(url)
    try:
        server.add_pursuits(local.pursuit_documents())
    finally:
        local.close()
        server.close()
    import psycopg

    from ..store.deferred_server import libpq_url

    # As autovacuum leaves a database that has been in use: statistics known, the visibility
    # map set (the list's step summary is an index-only scan then, 4× faster than on fresh rows).
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _stages(data_dir: Path, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """Seconds from the start of the app on ``data_dir`` (and ``extra`` arguments) to each
    stage it reports ("painted", "ready"), in one process."""
    import subprocess
    import sys
    import time

    from .startup import _environment

    env = _environment()
    env["PURSUIT_JOURNEY_BENCH_EXIT"] = "1"
    command = [sys.executable, "-m", "pursuit_journey", "--data-dir", str(data_dir), *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    stages: dict[str, float] = {}
    for line in process.stdout:
        stage = line.split(" ", 1)[0]
        if stage in ("painted", "ready"):
            stages.setdefault(stage, time.perf_counter() - started)
    process.wait(timeout=120)
    if "painted" not in stages:
        raise RuntimeError(f"{command} exited ({process.returncode}) without painting")
    return stages


def server_start(url: str, data_dir: Path, view: str) -> dict[str, float]:
    """``pursuit-journey --database url``'s stages, with ``view`` open on the last pursuit
    (its settings in ``data_dir``)."""
    import psycopg
    from PySide6.QtCore import QSettings

    from ..paths import default_paths
    from ..store.deferred_server import libpq_url
    from ..ui.window_layout import VIEW_MOMENTUM, WindowLayout

    with psycopg.connect(libpq_url(url)) as connection:
        row = connection.execute("SELECT coalesce(max(id), 0) FROM pursuit").fetchone()
    paths = default_paths(data_dir)
    paths.ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    layout = WindowLayout(settings)
    layout.save_place(row[0] if row else 0, momentum=view == VIEW_MOMENTUM)
    as_benchmark_seller(layout)
    settings.sync()
    return _stages(data_dir, ("--database", url))


def sqlite_start(data_dir: Path, view: str) -> dict[str, float]:
    """The same start on the SQLite data set in ``data_dir``."""
    from .startup import _reopen_last_pursuit

    _reopen_last_pursuit(data_dir, view)
    return _stages(data_dir)


def server_rows(
    url: str,
    data: dict[int, Path],
    runs: int,
    target_size: int,
    make_row: Callable[..., RowT],
) -> list[RowT]:
    """The report's rows for the server at ``url``, made by ``make_row(name, values, target,
    verdict, ratio)``: cold starts beside SQLite's of the same data set (runs interleaved, so
    both meet the same load on a shared machine) and the statements of each action at every
    size."""
    import statistics
    import sys

    def verdict(passed: bool) -> str:
        return "PASS" if passed else "MISS"

    starts: dict[str, dict[int, float]] = {}
    counts: dict[str, dict[int, Counted]] = {}
    kinds = (  # (row name, view, stage)
        ("list, painted", "pursuits", "painted"),
        ("list, ready", "pursuits", "ready"),
        ("momentum, painted", "momentum", "painted"),
    )
    for size, folder in data.items():
        with bench_database(url, size) as database:
            print(f"data set of {size} pursuits on the server…", file=sys.stderr, flush=True)
            copy_data_set(folder, database)
            scratch = Path(tempfile.mkdtemp(prefix="pj-bench-server-"))
            server_start(database, scratch, "pursuits")  # warm: bytecode, the server's cache
            for view in ("pursuits", "momentum"):
                measured: dict[str, list[dict[str, float]]] = {"server": [], "sqlite": []}
                for _ in range(runs):
                    measured["sqlite"].append(sqlite_start(folder, view))
                    measured["server"].append(server_start(database, scratch, view))
                for name, kind_view, stage in kinds:
                    if kind_view != view:
                        continue
                    for where, samples in measured.items():
                        starts.setdefault(f"{where}: {name}", {})[size] = (
                            statistics.median(sample[stage] for sample in samples) * 1000
                        )
            print(f"counting statements on {size} pursuits…", file=sys.stderr, flush=True)
            from ..store.repository import Store

            store = Store.open_server(database)
            try:
                for action, counted in count_actions(store).items():
                    counts.setdefault(action, {})[size] = counted
            finally:
                store.close()

    rows: list[RowT] = []
    for name, _view, _stage in kinds:
        on_file = starts[f"sqlite: {name}"]
        on_server = starts[f"server: {name}"]
        judged = target_size if target_size in on_server else max(on_server)
        value = on_server[judged]
        at = f" at {target_size}" + ("" if judged == target_size else f" (judged at {judged})")
        ratios = ", ".join(f"{on_server[s] / on_file[s]:.2f}×" for s in on_server)
        rows.append(
            make_row(f"cold start (SQLite, same run): {name}", on_file, "the reference", "—")
        )
        rows.append(
            make_row(
                f"cold start (server): {name}",
                on_server,
                f"≤ {SERVER_START_RATIO}× SQLite{at}",
                verdict(value <= SERVER_START_RATIO * on_file[judged]),
                f"  ({ratios})",
            )
        )
    for action, by_size in counts.items():
        transactions = {size: float(c.transactions) for size, c in by_size.items()}
        statements = {size: float(c.statements) for size, c in by_size.items()}
        rows.append(
            make_row(
                f"transactions (server): {action}",
                transactions,
                ACTION_TRANSACTIONS_TARGET,
                verdict(max(transactions.values()) <= ACTION_TRANSACTIONS),
            )
        )
        rows.append(
            make_row(
                f"statements (server): {action}",
                statements,
                "the same at every size",
                verdict(len(set(statements.values())) == 1),
            )
        )
    return rows


def server_note(url: str) -> str:
    """What the server rows were measured on, for the report's foot."""
    from ..store.server_link import server_name

    return (
        f"server: {server_name(url)}, one database per size (pj_bench_<size>_…), created, "
        "filled with the SQLite data set and dropped; cold starts alternate SQLite and server "
        "runs; statements counted at SQLAlchemy's before_cursor_execute and on the psycopg "
        "cursors (the connection check before each transaction included), transactions at "
        "SQLAlchemy's begin"
    )
