"""The quick first picture on a shared server, read before the store has loaded.

The server's twin of ``deferred.DeferredStore``: one plain psycopg connection, and ONE round
trip that reads, in one read-only snapshot, the schema's Alembic version (is it this version's?),
the number of active pursuits, the pursuit list and the momentum board, the same queries the
store runs (``summaries``). SQLAlchemy, SQLModel and Alembic load after the first paint, with the
real store (``Store.open_server``); any other use loads it on the spot.

The selected pursuit's steps, which the list's journey line draws, are a second round trip, on
the list only. When anything is not as expected (no password found by libpq, a server that does
not answer, a schema of another version), ``open_quick`` answers None and the app opens the real
store at once, which names the cause or migrates.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from ..domain.momentum import StallingThresholds
from ..domain.vocabulary import PursuitStatus
from .deferred import STEP_HEADING_COLUMNS, DeferredStore, step_headings
from .summaries import (
    _PURSUITS_QUERY,
    _SERVER_STEPS_QUERY,
    PursuitSummary,
    _time,
    momentum_lines_from_summaries,
    pg_board_queries,
    summaries_from_rows,
)

if TYPE_CHECKING:
    from ..domain.momentum_board import PursuitLine
    from .repository import Store

# Seconds the quick read waits for the server before the app opens the real store instead.
QUICK_CONNECT_TIMEOUT_S = 3


def _literal(query: str, parameters: tuple[str, ...]) -> str:
    """``query`` with each ``?`` replaced by its parameter quoted: several statements go in one
    round trip only without bound parameters. Ours are the app's own status words."""
    for value in parameters:
        if not value.replace("_", "").isalnum():
            raise ValueError(f"not a plain word: {value!r}")
        query = query.replace("?", f"'{value}'", 1)
    return query


_ACTIVE = PursuitStatus.ACTIVE.value

_COUNT_ACTIVE = _literal("(SELECT count(*) FROM pursuit WHERE status = ?)", (_ACTIVE,))


def first_picture_sql(view: str, board_from: int, today: date | None = None) -> str:
    """One snapshot, one round trip: the schema's version, the active count, then the list's
    two queries and the board's three (``summaries.pg_board_queries``, on ``today``), in this
    order (BEGIN and COMMIT return no rows). Only the view that shows is read: ``view``
    "momentum" or "pursuits", or "" (never chosen) for the momentum view from ``board_from``
    active pursuits, decided by the server itself."""
    if view == "momentum":
        list_where, board_and = "WHERE false", ""
    elif view:
        list_where, board_and = "", " AND false"
    else:  # each pair reads rows only when its view is the one the window opens
        list_where = f"WHERE {_COUNT_ACTIVE} < {int(board_from)}"
        board_and = f" AND {_COUNT_ACTIVE} >= {int(board_from)}"
    return ";\n".join(
        (
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            # Compiling these small queries (PostgreSQL's JIT, on for costly plans) takes
            # longer than running them: some 30 ms of the board's 70 at 2,000 pursuits.
            "SET LOCAL jit = off",
            "SELECT version_num FROM alembic_version",
            f"SELECT {_COUNT_ACTIVE}",
            _PURSUITS_QUERY.format(where=list_where),
            _SERVER_STEPS_QUERY.format(where=list_where),
            *pg_board_queries(today or date.today(), board_and),
            "COMMIT",
        )
    )


def libpq_url(url: str) -> str:
    """``url`` as libpq reads it (SQLAlchemy's ``postgresql+psycopg://`` scheme is not)."""
    _scheme, _, rest = url.strip().partition("://")
    return "postgresql://" + rest


def open_quick(
    url: str,
    load: Callable[[], Store],
    thresholds: StallingThresholds | None = None,
    head_revision: str | None = None,
    *,
    view: str = "",
    board_from: int = 5,
) -> ServerDeferredStore | None:
    """The stand-in for the store on ``url`` with its first picture read, or None when the
    real store must open now (see the module's text). ``head_revision``: this version's schema
    (``schema.HEAD_REVISION`` by default); ``view`` and ``board_from``: which view the window
    opens (``first_picture_sql``)."""
    import psycopg

    if head_revision is None:
        from .schema import HEAD_REVISION as head_revision
    try:
        connection = psycopg.connect(
            libpq_url(url),
            autocommit=True,  # BEGIN … COMMIT travel inside the one query
            connect_timeout=QUICK_CONNECT_TIMEOUT_S,
            application_name="Pursuit Journey",
        )
    except psycopg.Error:
        return None
    try:
        results = _read_all(connection, first_picture_sql(view, board_from))
    except psycopg.Error:  # no tables yet, no permission…: the real store says what to do
        connection.close()
        return None
    if results[0] != [(head_revision,)]:
        connection.close()
        return None
    active = int(results[1][0][0])
    on_board = view == "momentum" or (not view and active >= board_from)
    return ServerDeferredStore(url, connection, results[1:], load, thresholds, on_board)


def _read_all(connection: Any, sql: str) -> list[list[Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        results: list[list[Any]] = []
        while True:
            if cursor.description is not None:
                results.append(cursor.fetchall())
            if not cursor.nextset():
                break
    return results


class ServerDeferredStore(DeferredStore):
    """``DeferredStore`` for a server: the first picture from rows read at opening."""

    def __init__(
        self,
        url: str,
        connection: Any,
        results: list[list[Any]],
        load: Callable[[], Store],
        thresholds: StallingThresholds | None = None,
        on_board: bool = True,
    ) -> None:
        """``results``: the rows of ``first_picture_sql`` after the version; ``on_board``:
        the board's were read (the momentum view opens), else the list's."""
        # Not DeferredStore.__init__: there is no file. ``database`` and ``backups_dir`` are
        # the real store's (a server store has no file: it says so).
        self.url = url
        self._start(load, thresholds)
        self._quick = connection
        self._read_only_reason = None
        count, pursuits, steps, *board = results
        self._active_count = int(count[0][0])
        # None: not read (the other view shows); asked for all the same, the store loads.
        self._summary_rows: tuple[list[Any], list[Any]] | None = (
            None if on_board else (pursuits, steps)
        )
        self._board_rows: list[list[Any]] | None = (  # letters, pursuits, next days
            board if on_board else None
        )
        self._summaries: list[PursuitSummary] | None = None
        self._lines: list[PursuitLine] | None = None

    def _close_quick(self) -> None:
        super()._close_quick()
        self._summary_rows = self._board_rows = None
        self._summaries = self._lines = None

    @property
    def shared(self) -> bool:
        return True

    @property
    def location_text(self) -> str:
        from .server_link import server_name

        return server_name(self.url)

    def _summaries_unread(self) -> bool:
        return self._summaries is None and self._summary_rows is None

    def _board_unread(self) -> bool:
        return self._lines is None and self._board_rows is None

    def active_pursuit_count(self) -> int:
        if self._store is not None or self._quick is None:
            return self.load().active_pursuit_count()
        return self._active_count

    def pursuit_summaries(self) -> list[PursuitSummary]:
        if self._store is not None or self._quick is None or self._summaries_unread():
            return self.load().pursuit_summaries()
        if self._summaries is None and self._summary_rows is not None:
            pursuits, steps = self._summary_rows
            self._summaries = summaries_from_rows(
                pursuits, steps, today=date.today(), thresholds=self._thresholds
            )
            self._summary_rows = None
        assert self._summaries is not None  # read above, or earlier
        return list(self._summaries)

    def momentum_lines(self, pursuit_ids: Collection[int] | None = None) -> list[PursuitLine]:
        if self._store is not None or self._quick is None or self._board_unread():
            return self.load().momentum_lines(pursuit_ids)
        if self._lines is None and self._board_rows is not None:
            letters, board_pursuits, soon = self._board_rows
            self._lines = momentum_lines_from_summaries(
                letters, board_pursuits, soon, today=date.today(), thresholds=self._thresholds
            )
            self._board_rows = None
        assert self._lines is not None  # read above, or earlier
        lines = self._lines
        if pursuit_ids is None:
            return list(lines)
        chosen = set(pursuit_ids)
        return [line for line in lines if line.pursuit_id in chosen]

    def steps(self, pursuit_id: int) -> list[Any]:
        if self._store is not None or self._quick is None:
            return self.load().steps(pursuit_id)
        cursor = self._quick.cursor()  # psycopg's, typed as the file's DeferredStore has it
        try:
            rows = cursor.execute(
                f"SELECT {STEP_HEADING_COLUMNS} FROM step WHERE pursuit_id = %s ORDER BY position",
                (pursuit_id,),
            ).fetchall()
        finally:
            cursor.close()
        return step_headings(rows, _time)
