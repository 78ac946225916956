"""The user actions on the database: one action, one transaction, plain objects back.

Objects returned are detached SQLModel rows (no relationships, nothing lazy-loads), safe to
keep in the user interface.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, delete, event, func, update
from sqlalchemy import select as select_columns
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, col, select

from ..domain.debrief import default_held_on, next_step_time
from ..domain.email_address import clean_email as _domain_clean_email
from ..domain.journey_layout import StepFacts
from ..domain.momentum import StallingThresholds
from ..domain.momentum_board import PursuitLine
from ..domain.prep_fields import BY_COLUMN as _PREP_FIELD_OF
from ..domain.vocabulary import BuyingRole, Outcome, PursuitStatus
from .access import can_write
from .engine import BUSY_TIMEOUT_MS, make_engine
from .errors import (
    ChangedElsewhere,
    Fault,
    InvalidInput,
    NotFound,
    ReadOnly,
    StepsChangedElsewhere,
    StoreError,
    classify,
    explain,
    read_only_reason,
    start_up_error,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from .calendar_import import ImportedMeetings, KnownStep, MeetingChoice, PursuitDirectory
from .positions import move_in_line as _move_in_line
from .positions import shift_positions as _shift_positions
from .positions import steps_in_order as _steps_in_order
from .server_changes import CHANGED_PURSUITS, ServerChanges, notify
from .summaries import PursuitSummary, read_momentum_lines, read_summaries
from .tables import Attendance, Person, Pursuit, Step, utc_now
from .text_guard import guard_every_session

guard_every_session()  # before any session of any store writes

if TYPE_CHECKING:
    from ..domain.spreadsheet_rules import ImportRow
    from .exchange import AddedPursuits, PursuitDocument
    from .spreadsheet_import import ExistingChoice, ExportedData, ImportReceipt

FIRST_MEETING_TITLE = "First meeting"

# ``connection.info`` key: the writing statements the connection has sent (never reset): a
# store action inside ``Store.one_action`` wrote when it grew.
WRITES = "writing_statements"

# A step as a window last read it, for a move or a delete to check against: (id, version).
SeenStep = tuple[int, int]


@dataclass(frozen=True)
class StepInContext:
    """A step with what its prep sheet shows besides it: its pursuit, the pursuit's steps in
    order (only the columns the journey line draws), and who attends."""

    pursuit: Pursuit
    steps: list[StepFacts]
    step: Step
    attendees: list[Person]


@dataclass(frozen=True)
class SheetPursuit:
    """The pursuit's facts a prep sheet prints."""

    id: int
    name: str
    client: str
    status: str


@dataclass(frozen=True)
class SheetRows:
    """A step's prep sheet as plain rows (SQLAlchemy Core: a batch reads hundreds, and building
    ORM objects for them cost more than the reading): ``step`` has every column of the step,
    ``steps`` its pursuit's steps in order (only the columns the journey line draws),
    ``attendees`` each attendee's ``name``, ``title`` and ``role``."""

    pursuit: SheetPursuit
    steps: list[StepFacts]
    step: Any  # a Row: attribute access like a Step's
    attendees: list[Any]  # Rows


# The columns of a step the journey line draws (domain.journey_layout.StepFacts): read as plain
# rows, a pursuit's other steps cost a fraction of whole rows with every prep field.
_LINE_COLUMNS: tuple[Any, ...] = (
    Step.id,
    Step.pursuit_id,
    Step.outcome,
    Step.kind,
    Step.title,
    Step.planned_at,
    Step.decision_needed,
    Step.decision_made,
)


class _LineStep(NamedTuple):
    """A row of ``_LINE_COLUMNS`` as a plain tuple: a batch of sheets reads the line's facts of
    thousands of steps, and a Row's attributes cost ten times a tuple's."""

    id: int
    pursuit_id: int
    outcome: str
    kind: str
    title: str
    planned_at: datetime | None
    decision_needed: str
    decision_made: str


# Ids per IN (...) query: well under SQLite's limit on bound variables.
_IDS_PER_QUERY = 500


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _IDS_PER_QUERY):
        yield ids[start : start + _IDS_PER_QUERY]


class _Action:
    """One user action's transaction on the server (``Store.one_action``): the connection,
    checked out at its first read or write, and what is owed to the callers of its writes."""

    def __init__(self) -> None:
        self.connection: Connection | None = None
        # Entered again inside (a form's save inside selecting a pursuit): the depth.
        self.depth = 0
        # Store actions inside that wrote and were kept (their savepoint released).
        self.writes = 0
        # Set when the transaction ended without its earlier writes (the server went away in
        # a read after them): the outermost scope raises it, as a failed save.
        self.lost: StoreError | None = None


@dataclass(frozen=True)
class ClosedPursuit:
    """What ``close_pursuit`` changed, so that undo can put it back exactly."""

    pursuit_id: int
    old_status: PursuitStatus
    old_reason: str
    closed_step_ids: tuple[int, ...]


@dataclass(frozen=True)
class DeletedStep:
    """Everything needed to put a deleted step back exactly as it was."""

    step: Step
    attendee_ids: tuple[int, ...] = field(default_factory=tuple)


# A pursuit's people, each with the step if they attend it: what the prep form shows of them,
# in one statement built once (every step shown reads it; two statements built per read cost
# more Python than the database's work). Attendance's key is (step, person): one row a person.
_PEOPLE_AT = (
    select(Person, col(Attendance.step_id))
    .outerjoin(
        Attendance,
        (col(Attendance.person_id) == col(Person.id))
        & (col(Attendance.step_id) == bindparam("step")),
    )
    .where(col(Person.pursuit_id) == bindparam("pursuit"))
    .order_by(col(Person.id))
)


class Store:
    def __init__(
        self,
        engine: Engine,
        *,
        thresholds: StallingThresholds | None = None,
        today: Callable[[], date] = date.today,
        backups_dir: Path | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only_reason: str | None = None,
        server_url: URL | None = None,
    ) -> None:
        self.thresholds = thresholds or StallingThresholds()
        self._today = today
        self.backups_dir = backups_dir
        self.busy_timeout_ms = busy_timeout_ms
        # Committed writing transactions since opening: tells the periodic backup to run.
        self.change_count = 0
        # Called after every committed writing transaction (e.g. to rewrite the calendar
        # feed): each must be quick, and only schedule work, as the commit is still under way.
        self.change_listeners: list[Callable[[], None]] = []
        # Set while the file is closed for a repair: every action is refused with this message.
        self._suspended: str | None = None
        # Set when the file or its folder cannot be written: reading works, saves are refused.
        self.read_only_reason = read_only_reason
        # Whose pursuits are created here (new, imported, the sample): the seller's name on a
        # shared server, "" on this computer's file until a name is known.
        self.owner = ""
        # The server backends this store's connections talk to (PostgreSQL): a window skips
        # the notifications they sent, its own changes.
        self.backend_pids: set[int] = set()
        # The server's address (no password in it) when the store lives on PostgreSQL.
        self.server_url = server_url
        # The user action under way on each thread (``one_action``): every transaction inside
        # joins its one; a worker thread (a local copy being written) never joins the window's.
        self._actions = threading.local()
        self._use_engine(engine)

    @classmethod
    def open(
        cls,
        database: Path | str,
        backups_dir: Path | None = None,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool | None = None,
        **options: Any,
    ) -> Store:
        """Open (creating or migrating as needed) the database file at ``database``, or the
        server it names when it is a ``postgresql://`` URL (``open_server``).

        ``read_only`` (default: when the file or its folder cannot be written) opens it for
        reading alone: every save is refused with the reason, and nothing is written to disk.
        Raises InUse, DiskFull, ReadOnly or StoreError (``store.errors``), or SchemaError.
        """
        from .server import is_server_url

        if is_server_url(database):
            return cls.open_server(str(database), **options)
        database = Path(database)
        if read_only is None:
            read_only = not can_write(database)
        reason = read_only_reason(database) if read_only else None
        engine = _open_engine(database, backups_dir, busy_timeout_ms, read_only=read_only)
        return cls(
            engine,
            backups_dir=backups_dir,
            busy_timeout_ms=busy_timeout_ms,
            read_only_reason=reason,
            **options,
        )

    @classmethod
    def open_server(cls, url: str, **options: Any) -> Store:
        """Open the store on the PostgreSQL server at ``url`` (``postgresql://user@host:port/
        dbname?sslmode=…``, no password in it: ``store.server``), creating or upgrading its
        schema as needed.

        Raises InvalidInput for a URL with a password, ServerUnavailable naming the cause when
        the server cannot be used, SchemaError for a database that is not ours or too new.
        """
        from .schema import ensure_server_schema
        from .server import connect_server, location_text, parse_server_url

        address = parse_server_url(url)
        engine = connect_server(address)
        try:
            ensure_server_schema(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            original = getattr(error, "orig", None) or error
            raise _server_fault(error, address) or StoreError(
                f"The database on the server {location_text(address)} could not be prepared: "
                f"{original}"
            ) from error
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, server_url=address, **options)

    def close(self) -> None:
        self.engine.dispose()

    def suspend(self, message: str) -> None:
        """Close the file and refuse every action (StoreError ``message``) until ``reopen``.

        For a database found damaged while open: nothing more may be written to it while the
        seller decides what to do, and the file may then be moved away.
        """
        self._suspended = message
        self.engine.dispose()

    @property
    def suspended(self) -> bool:
        return self._suspended is not None

    def reopen(self) -> None:
        """Open the file at the same path again (creating or migrating it as needed), e.g. after
        a backup was put in place of a damaged file. Raises like ``open``; stays suspended then."""
        if self.server_url is not None:
            reopened = Store.open_server(self.server_url.render_as_string())
            self.engine.dispose()
            self._use_engine(reopened.engine)
            self._suspended = None
            return
        database = self.database
        self.engine.dispose()
        self._use_engine(
            _open_engine(
                database,
                self.backups_dir,
                self.busy_timeout_ms,
                read_only=self.read_only_reason is not None,
            )
        )
        self._suspended = None

    @property
    def database(self) -> Path:
        """The database file; a server store has none (StoreError: test ``shared`` first)."""
        if self.server_url is not None:
            raise StoreError(f"The pursuits live on the server {self.location_text}, not a file.")
        return Path(str(self.engine.url.database))

    @property
    def location_text(self) -> str:
        """Where the pursuits live, for titles and messages: the file's path, or the server
        as ``user@host:port/dbname``."""
        if self.server_url is not None:
            from .server import location_text

            return location_text(self.server_url)
        return str(self.database)

    @property
    def shared(self) -> bool:
        """The pursuits live on a shared server, which other computers write too."""
        return self.engine.dialect.name == "postgresql"

    def _use_engine(self, engine: Engine) -> None:
        self.engine = engine

        def note_write(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
                connection.info["wrote"] = True
                connection.info[WRITES] = connection.info.get(WRITES, 0) + 1

        server = engine.dialect.name == "postgresql"

        def count_commit(connection: Any) -> None:
            changed = connection.info.pop(CHANGED_PURSUITS, ())
            if connection.info.pop("wrote", False):
                if server:  # inside the transaction: delivered only once it commits
                    notify(connection.connection.dbapi_connection, changed or (None,))
                self._changed()

        def forget(connection: Any) -> None:
            # A connection the server closed (invalidated) has no info to ask: asking would
            # try to reconnect in the middle of the rollback.
            if not connection.invalidated:
                connection.info.pop("wrote", None)
                connection.info.pop(CHANGED_PURSUITS, None)

        event.listen(engine, "after_cursor_execute", note_write)
        event.listen(engine, "commit", count_commit)
        event.listen(engine, "rollback", forget)
        if server:
            # At checkout, not connect: the engine may have connected before it was handed
            # to the store (a first connection that checked the server).
            event.listen(
                engine,
                "checkout",
                lambda dbapi_connection, _record, _proxy: self.backend_pids.add(
                    dbapi_connection.info.backend_pid
                ),
            )

    def listen_for_changes(self) -> ServerChanges | None:
        """A connection of its own that hears what other computers change (None on this
        computer's file, where nobody else writes). Raises ``ChangesLost`` (a StoreError)."""
        if self.engine.dialect.name != "postgresql":
            return None
        from .server_changes import ListeningConnection

        return ListeningConnection(self.engine, lambda: self.backend_pids)

    # ---- backups --------------------------------------------------------------------------

    def back_up(self, reason: str = "manual") -> Path:
        """A verified copy of the database in the backup folder; raises StoreError."""
        from .backup import BackupError, backup_database

        self._refuse_if_closed_or_read_only()
        self._refuse_on_server()
        if self.backups_dir is None:
            raise StoreError("This database has no backup folder.")
        try:
            return backup_database(self.database, self.backups_dir, reason)
        except BackupError as error:
            raise StoreError(str(error)) from error

    def restore_backup(self, backup: Path) -> Path:
        """Replace the database with ``backup``, after backing up the current state.

        Returns that safety copy. On failure (StoreError) the current database is untouched and
        the store keeps working on it.
        """
        from .backup import BackupError, restore_backup

        self._refuse_if_closed_or_read_only()
        self._refuse_on_server()
        if self.backups_dir is None:
            raise StoreError("This database has no backup folder.")
        database = self.database
        self.engine.dispose()  # no connection of ours may outlive the file it points to
        try:
            safety = restore_backup(backup, database, self.backups_dir)
        except BackupError as error:
            raise StoreError(str(error)) from error
        finally:
            self._use_engine(_open_engine(database, self.backups_dir, self.busy_timeout_ms))
        self._changed()
        return safety

    def _changed(self) -> None:
        """A change is committed: count it and tell who listens (the calendar file)."""
        self.change_count += 1
        for listener in self.change_listeners:
            listener()

    def _refuse_on_server(self) -> None:
        if self.server_url is not None:
            raise StoreError(
                f"The pursuits live on the server {self.location_text}, which keeps its own "
                "backups (for example with pg_dump): ask whoever runs it."
            )

    def _refuse_if_closed_or_read_only(self) -> None:
        if self._suspended is not None:
            raise StoreError(self._suspended)
        if self.read_only_reason is not None:
            raise ReadOnly(self.read_only_reason)

    @contextmanager
    def one_action(self) -> Iterator[None]:
        """One user action — a write and the reads that redraw after it — in ONE transaction
        on one connection: every store action inside joins it (one connection check, one
        BEGIN … COMMIT on a server, not one per read).

        Each write inside runs in a SAVEPOINT and is flushed at the end of its own store
        action, so its errors (``ChangedElsewhere``, a broken rule, the server gone) are
        raised there, to the caller that handles them today, and a failed write leaves the
        transaction usable for the reads after it. The transaction commits when the scope
        that wrote ends (a scope entered inside another one commits its writes at its own end
        when it wrote, so that its caller knows they are saved), else at the outermost end; a
        COMMIT that fails raises StoreError at that end, as a failed save. A scope that only
        read ends its transaction quietly: nothing is lost. On this computer's file the same
        holds (SQLite's BEGIN and SAVEPOINT)."""
        action = self._current_action()
        if action is None:
            if self._suspended is not None:
                yield  # closed for a repair: each action inside says so itself
                return
            action = self._actions.current = _Action()
        action.depth += 1
        connection = action.connection
        wrote_before = bool(connection is not None and connection.info.get("wrote"))
        writes_before = action.writes
        try:
            yield
        finally:
            action.depth -= 1
            outermost = action.depth == 0
            if outermost:
                self._actions.current = None
            try:
                self._end_scope(
                    action,
                    outermost=outermost,
                    wrote_before=wrote_before,
                    wrote_inside=action.writes > writes_before,
                )
            finally:
                if outermost and action.connection is not None:
                    with suppress(SQLAlchemyError):  # back to the pool, or dropped if broken
                        action.connection.close()
                    action.connection = None

    def _current_action(self) -> _Action | None:
        action: _Action | None = getattr(self._actions, "current", None)
        return action

    def _end_scope(
        self, action: _Action, *, outermost: bool, wrote_before: bool, wrote_inside: bool
    ) -> None:
        """Commit what the scope wrote (see ``one_action``); raise what was lost.
        ``wrote_before``: the transaction held writes when the scope began; ``wrote_inside``:
        a store action inside the scope wrote."""
        connection = action.connection
        lost, action.lost = (action.lost, None) if outermost else (None, action.lost)
        if connection is None or connection.invalidated:
            if lost is not None:
                raise lost
            return
        wrote = bool(connection.info.get("wrote"))
        if not connection.in_transaction() or not (wrote_inside or outermost):
            if lost is not None:
                raise lost
            return
        try:
            with self._translating():
                if wrote:
                    connection.commit()  # count_commit: the notification, the change count
                else:
                    connection.rollback()  # reads only: nothing to keep
        except StoreError as error:
            if wrote_before and not outermost:
                action.lost = error  # the outer scope's writes went with this transaction
            with suppress(SQLAlchemyError):
                connection.rollback()
            if wrote:
                raise
        if lost is not None:
            raise lost

    def _action_connection(self, action: _Action) -> Connection:
        """The action's connection, in a transaction: checked out and begun at first use."""
        connection = action.connection
        if connection is not None and connection.invalidated:
            connection.close()  # the server dropped it: the next transaction gets another
            connection = action.connection = None
        if connection is None:
            connection = action.connection = self.engine.connect()
        if not connection.in_transaction():
            connection.begin()
            if connection.dialect.name == "sqlite":
                # Python's sqlite3 begins only before a write; the reads join this one too.
                connection.exec_driver_sql("BEGIN")
        return connection

    @contextmanager
    def _transaction(self, *, reading: bool = False) -> Iterator[Session]:
        """One store action's session: its own transaction, or, inside ``one_action``, the
        action's (a write in a SAVEPOINT of it). ``reading``: the block never writes."""
        if self._suspended is not None:
            raise StoreError(self._suspended)
        with self._translating():
            action = self._current_action()
            if action is not None:
                with self._joined(action, reading=reading) as session:
                    yield session
                return
            with (
                Session(
                    self.engine,
                    expire_on_commit=False,
                    info={CHANGED_PURSUITS: True} if self.shared else None,
                ) as session,
                session.begin(),
            ):
                yield session

    @contextmanager
    def _joined(self, action: _Action, *, reading: bool) -> Iterator[Session]:
        connection = self._action_connection(action)
        info = connection.info
        before = (info.get("wrote"), set(info.get(CHANGED_PURSUITS, ())))
        statements_before = info.get(WRITES, 0)
        savepoint = None if reading else connection.begin_nested()
        session = Session(
            bind=connection,
            expire_on_commit=False,
            info={CHANGED_PURSUITS: True} if self.shared else None,
            # The session rolls back no further than the savepoint; it never commits.
            join_transaction_mode="rollback_only",
        )
        try:
            yield session
            session.flush()  # a write's errors are raised here, at its own caller
            if savepoint is not None:
                savepoint.commit()  # RELEASE SAVEPOINT
            if info.get(WRITES, 0) > statements_before:
                action.writes += 1
        except BaseException as error:
            self._after_failure(action, connection, savepoint, before, error)
            cause = _failed_before_savepoint_rollback(error)
            if cause is not None:
                raise cause from None
            raise
        finally:
            session.close()

    def _after_failure(
        self,
        action: _Action,
        connection: Connection,
        savepoint: Any,
        before: tuple[Any, set[Any]],
        error: BaseException,
    ) -> None:
        """Undo what a failed store action wrote, and only that; when the transaction itself
        cannot go on (the server refused a read, or went away), end it, and remember the
        writes it took with it for the outermost scope to raise."""
        wrote, changed = before
        healthy = _in_transaction(connection)
        if savepoint is not None and healthy:
            try:
                if savepoint.is_active:
                    savepoint.rollback()  # ROLLBACK TO SAVEPOINT: the writes before it stay
            except SQLAlchemyError:
                healthy = False
        elif savepoint is None and isinstance(error, (SQLAlchemyError, self._driver_error())):
            healthy = False  # PostgreSQL refuses anything more in this transaction
        for key, value in (("wrote", wrote), (CHANGED_PURSUITS, changed)):
            if value and healthy:
                connection.info[key] = value
            elif not connection.invalidated:
                connection.info.pop(key, None)
        if healthy:
            return
        if wrote and action.lost is None:
            action.lost = self._translated(error)
        with suppress(SQLAlchemyError):
            if not connection.invalidated and connection.in_transaction():
                connection.rollback()

    def _translated(self, error: BaseException) -> StoreError:
        """``error`` as the seller is told it (``_translating``)."""
        if isinstance(error, StoreError):
            return error
        try:
            with self._translating():
                raise error
        except StoreError as translated:
            return translated
        except BaseException:
            return StoreError(f"The changes just made could not be saved: {error}")

    def _driver_error(self) -> type[BaseException]:
        dbapi = getattr(self.engine.dialect, "loaded_dbapi", None)
        return getattr(dbapi, "Error", SQLAlchemyError)

    @contextmanager
    def _translating(self) -> Iterator[None]:
        """The database's errors in the seller's terms (``store.errors``), SQLAlchemy's and
        the driver's own (a notification sent at COMMIT on the driver's connection)."""
        driver_error = self._driver_error()
        try:
            yield
        except StaleDataError as error:
            # A row's version was raised by another computer between reading and writing it.
            raise ChangedElsewhere(
                message="Another computer changed this at the same moment, so nothing was "
                "saved. What is shown now is what the server holds; try again."
            ) from error
        except IntegrityError as error:
            raise StoreError(f"The change breaks a rule of the database: {error.orig}") from error
        except (SQLAlchemyError, driver_error) as error:
            if self.server_url is not None:
                fault = _server_fault(error, self.server_url)
                if fault is not None:
                    raise fault from error
                original = getattr(error, "orig", None) or error
                raise StoreError(f"The change could not be saved: {original}") from error
            reason = explain(error, self.database)
            if self.read_only_reason is not None and isinstance(reason, ReadOnly):
                # Opened read-only: SQLite refused the write; say why in the seller's terms.
                raise ReadOnly(self.read_only_reason) from error
            raise reason from error

    @staticmethod
    def _get(session: Session, table: type, identity: int) -> Any:
        row = session.get(table, identity)
        if row is None:
            raise NotFound(f"That {table.__name__.lower()} no longer exists.")
        return row

    # ---- pursuits -------------------------------------------------------------------------

    def create_sample_pursuit(self, today: date | None = None) -> Pursuit:
        """The sample pursuit (``store.sample``) with its people and steps, dated around
        ``today`` (the store's today by default)."""
        from .sample import add_sample_pursuit

        with self._transaction() as session:
            pursuit = add_sample_pursuit(session, today or self._today())
            pursuit.owner = self.owner
            return pursuit

    def export_pursuit(self, pursuit_id: int) -> dict[str, Any]:
        """The pursuit as a ``.pursuit`` document (``store.exchange``), read in one transaction."""
        from .exchange import read_document

        with self._transaction(reading=True) as session:
            return read_document(session, pursuit_id)

    def import_pursuit(self, document: PursuitDocument, *, as_copy: bool = False) -> Pursuit:
        """Write a validated ``.pursuit`` document; returns the new (detached) pursuit.

        Raises ``AlreadyImported`` (nothing written) when its identity is already in the
        database and ``as_copy`` is False; ``as_copy`` gives it new identities.
        """
        from .exchange import write_document

        with self._transaction() as session:
            pursuit = write_document(session, document, as_copy=as_copy)
            pursuit.owner = self.owner  # an imported pursuit is the importer's
            return pursuit

    def pursuit_documents(self) -> list[PursuitDocument]:
        """Every pursuit as a ``.pursuit`` document, read in one transaction: what File ▸ Move
        to Shared Server… and Save a Local Copy… carry to another store."""
        from .exchange import read_pursuit_documents

        with self._transaction(reading=True) as session:
            return read_pursuit_documents(session)

    def add_pursuits(self, documents: Sequence[PursuitDocument]) -> AddedPursuits:
        """Write pursuits read from another store in ONE transaction; those already here (the
        same uid) are skipped and named. A failure writes none of them."""
        from .exchange import add_documents

        self._refuse_if_closed_or_read_only()
        with self._transaction() as session:
            return add_documents(session, list(documents), self.owner)

    def pursuit_summaries(self) -> list[PursuitSummary]:
        """Every pursuit with its standing and momentum."""
        return self._summaries(None)

    def pursuit_summary(self, pursuit_id: int) -> PursuitSummary:
        """One pursuit's row of the list: what the window redraws after a change to it."""
        found = self._summaries(pursuit_id)
        if not found:
            raise NotFound("That pursuit no longer exists.")
        return found[0]

    def _summaries(self, pursuit_id: int | None) -> list[PursuitSummary]:
        with self._transaction(reading=True) as session:
            connection = session.connection().connection.dbapi_connection
            return read_summaries(
                connection,
                today=self._today(),
                thresholds=self.thresholds,
                pursuit_id=pursuit_id,
            )

    def today(self) -> date:
        """The date momentum is measured on (injectable for tests)."""
        return self._today()

    def momentum_lines(self, pursuit_ids: Collection[int] | None = None) -> list[PursuitLine]:
        """Every active pursuit (or those of ``pursuit_ids`` that are active) as the momentum
        view shows it, in no particular order."""
        with self._transaction(reading=True) as session:
            return read_momentum_lines(
                session.connection().connection.dbapi_connection,
                today=self._today(),
                thresholds=self.thresholds,
                pursuit_ids=pursuit_ids,
            )

    def pursuit(self, pursuit_id: int) -> Pursuit:
        with self._transaction(reading=True) as session:
            return self._get(session, Pursuit, pursuit_id)

    def pursuit_count(self) -> int:
        with self._transaction(reading=True) as session:
            return session.exec(select(func.count()).select_from(Pursuit)).one()

    def active_pursuit_count(self) -> int:
        with self._transaction(reading=True) as session:
            return session.exec(
                select(func.count())
                .select_from(Pursuit)
                .where(Pursuit.status == PursuitStatus.ACTIVE.value)
            ).one()

    def create_pursuit(
        self,
        name: str,
        client: str = "",
        *,
        first_meeting: datetime | None = None,
        **fields: Any,
    ) -> Pursuit:
        """A new pursuit; with ``first_meeting``, its first step is planned then (one
        transaction: the pursuit never exists without the meeting the seller gave)."""
        fields.setdefault("owner", self.owner)
        pursuit = Pursuit(name=_required_name(name), client=client.strip(), **fields)
        with self._transaction() as session:
            session.add(pursuit)
            if first_meeting is not None:
                session.flush()
                assert pursuit.id is not None
                session.add(
                    Step(
                        pursuit_id=pursuit.id,
                        position=0,
                        title=FIRST_MEETING_TITLE,
                        planned_at=first_meeting.replace(second=0, microsecond=0, tzinfo=None),
                    )
                )
        return pursuit

    def rename_pursuit(self, pursuit_id: int, name: str) -> Pursuit:
        return self.update_pursuit(pursuit_id, name=_required_name(name))

    def set_status(self, pursuit_id: int, status: PursuitStatus) -> Pursuit:
        return self.update_pursuit(pursuit_id, status=PursuitStatus(status).value)

    def close_pursuit(
        self,
        pursuit_id: int,
        status: PursuitStatus,
        *,
        close_planned_steps: bool,
        reason: str = "",
    ) -> ClosedPursuit:
        """Mark the pursuit won or lost with what decided it (one line), and, if asked, its
        steps still planned as not held: kept on the line, no longer next steps. One
        transaction; ``reopen_pursuit`` with the answer undoes it."""
        status = PursuitStatus(status)
        if not status.is_closed:
            raise ValueError("Only a won or lost pursuit is closed.")
        with self._transaction() as session:
            pursuit = self._get(session, Pursuit, pursuit_id)
            closed: tuple[int, ...] = ()
            if close_planned_steps:
                closed = tuple(
                    step_id
                    for step_id in session.exec(
                        select(Step.id).where(
                            Step.pursuit_id == pursuit_id, Step.outcome == Outcome.PLANNED.value
                        )
                    ).all()
                    if step_id is not None
                )
                session.execute(
                    update(Step)
                    .where(col(Step.id).in_(closed))
                    .values(
                        outcome=Outcome.NOT_HELD.value,
                        updated_at=utc_now(),
                        version=col(Step.version) + 1,
                    )
                )
            answer = ClosedPursuit(
                pursuit_id, PursuitStatus(pursuit.status), pursuit.closing_reason, closed
            )
            pursuit.status = status.value
            pursuit.closing_reason = " ".join(reason.split())
            pursuit.updated_at = utc_now()
        return answer

    def reopen_pursuit(self, closed: ClosedPursuit) -> Pursuit:
        """Undo ``close_pursuit``: the status and reason as they were, and the steps it closed
        planned again (those still not held)."""
        with self._transaction() as session:
            pursuit = self._get(session, Pursuit, closed.pursuit_id)
            session.execute(
                update(Step)
                .where(
                    col(Step.id).in_(closed.closed_step_ids),
                    col(Step.outcome) == Outcome.NOT_HELD.value,
                )
                .values(
                    outcome=Outcome.PLANNED.value,
                    updated_at=utc_now(),
                    version=col(Step.version) + 1,
                )
            )
            pursuit.status = closed.old_status.value
            pursuit.closing_reason = closed.old_reason
            pursuit.updated_at = utc_now()
        return pursuit

    def update_pursuit(
        self, pursuit_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Pursuit:
        """Change columns of the pursuit. With ``expected_version`` (the version the window
        loaded) a pursuit changed since then is left alone: ``ChangedElsewhere``."""
        _check_columns(Pursuit, changes)
        if "name" in changes:
            changes["name"] = _required_name(changes["name"])

        def edit(_session: Session, pursuit: Pursuit) -> None:
            for name, value in changes.items():
                setattr(pursuit, name, value)
            pursuit.updated_at = utc_now()

        return self._edit_versioned(Pursuit, pursuit_id, expected_version, changes, edit)

    def _edit_versioned(
        self,
        table: type[Any],
        row_id: int,
        expected_version: int | None,
        changes: dict[str, Any],
        edit: Callable[[Session, Any], None],
    ) -> Any:
        """One transaction: the row, checked against ``expected_version``, changed by ``edit``.

        The UPDATE runs as ``… WHERE id = ? AND version = ?`` (the tables' ``version_id_col``)
        and raises the version. A row whose version is not the one expected, or that another
        computer writes in the same moment, raises ``ChangedElsewhere`` with the server's value
        of the first changed column and the one asked for; nothing is written."""
        try:
            with self._transaction() as session:
                row = self._get(session, table, row_id)
                if expected_version is not None and row.version != expected_version:
                    raise _conflict(row, changes)
                edit(session, row)
                session.flush()
            return row
        except ChangedElsewhere as error:
            if error.column or not changes:
                raise
        # Written elsewhere in the same moment: say what.
        with self._transaction(reading=True) as session:
            row = self._get(session, table, row_id)
        raise _conflict(row, changes)

    def delete_pursuit(self, pursuit_id: int) -> None:
        """Delete the pursuit with its steps, people and attendance, in one transaction."""
        with self._transaction() as session:
            self._get(session, Pursuit, pursuit_id)
            step_ids = select(Step.id).where(Step.pursuit_id == pursuit_id)
            session.execute(delete(Attendance).where(col(Attendance.step_id).in_(step_ids)))
            session.execute(delete(Step).where(col(Step.pursuit_id) == pursuit_id))
            session.execute(delete(Person).where(col(Person.pursuit_id) == pursuit_id))
            session.execute(delete(Pursuit).where(col(Pursuit.id) == pursuit_id))
            _note_changed(session, [pursuit_id])

    # ---- steps ----------------------------------------------------------------------------

    def steps(self, pursuit_id: int) -> list[Step]:
        with self._transaction(reading=True) as session:
            return _steps_in_order(session, pursuit_id)

    def step(self, step_id: int) -> Step:
        with self._transaction(reading=True) as session:
            return self._get(session, Step, step_id)

    def add_step(self, pursuit_id: int, at: int | None = None, **fields: Any) -> Step:
        """Insert a step at position ``at`` (default: at the end); later steps shift right."""
        _check_columns(Step, fields)
        with self._transaction() as session:
            pursuit = self._get(session, Pursuit, pursuit_id)
            count = _step_count(session, pursuit_id)
            position = count if at is None else max(0, min(at, count))
            _shift_positions(session, pursuit_id, start=position, by=1)
            step = Step(pursuit_id=pursuit_id, position=position, **fields)
            session.add(step)
            pursuit.updated_at = utc_now()
        return step

    def update_step(
        self, step_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Step:
        """Change columns of the step; ``expected_version`` as in ``update_pursuit``."""
        _check_columns(Step, changes)
        for forbidden in ("id", "pursuit_id", "position"):
            if forbidden in changes:
                raise ValueError(f"{forbidden} changes through its own action")

        def edit(session: Session, step: Step) -> None:
            for name, value in changes.items():
                setattr(step, name, value)
            step.updated_at = utc_now()
            self._touch_pursuit(session, step.pursuit_id)

        step: Step = self._edit_versioned(Step, step_id, expected_version, changes, edit)
        return step

    def record_outcome(
        self,
        step_id: int,
        outcome: Outcome,
        *,
        decision_made: str | None = None,
        next_decision: str | None = None,
        held_on: date | None = None,
        expected_version: int | None = None,
    ) -> Step:
        """Record the debrief; a held step without a date is taken as held when planned.
        ``expected_version`` as in ``update_pursuit``."""
        outcome = Outcome(outcome)

        def edit(session: Session, step: Step) -> None:
            step.outcome = outcome.value
            if decision_made is not None:
                step.decision_made = decision_made
            if next_decision is not None:
                step.next_decision = next_decision
            if held_on is not None:
                step.held_on = held_on
            elif outcome.is_held and step.held_on is None:
                step.held_on = default_held_on(step.planned_at, self._today())
            elif not outcome.is_held:
                step.held_on = None
            step.updated_at = utc_now()
            self._touch_pursuit(session, step.pursuit_id)

        changes = {"outcome": outcome.value}
        recorded: Step = self._edit_versioned(Step, step_id, expected_version, changes, edit)
        return recorded

    def plan_next_step(self, step_id: int) -> Step:
        """Create the step after ``step_id`` whose decision needed is that step's next decision.

        One transaction: the debrief's next decision becomes the start of the next prep; the
        people who attended come again, and the step is planned a week after the held one.
        """
        with self._transaction() as session:
            step = self._get(session, Step, step_id)
            next_decision = step.next_decision.strip()
            if not next_decision:
                raise InvalidInput("Write the next decision first: the next step starts from it.")
            pursuit = self._get(session, Pursuit, step.pursuit_id)
            position = step.position + 1
            _shift_positions(session, step.pursuit_id, start=position, by=1)
            planned = Step(
                pursuit_id=step.pursuit_id,
                position=position,
                kind=step.kind,
                decision_needed=next_decision,
                planned_at=next_step_time(step.held_on, step.planned_at, self._today()),
            )
            session.add(planned)
            session.flush()
            attended = session.exec(
                select(Attendance.person_id).where(Attendance.step_id == step_id)
            ).all()
            for person_id in attended:
                session.add(Attendance(step_id=planned.id, person_id=person_id))
            pursuit.updated_at = utc_now()
        return planned

    def move_step(
        self, step_id: int, to_index: int, *, seen: Sequence[SeenStep] | None = None
    ) -> list[Step]:
        """Move a step to ``to_index`` among its pursuit's steps; returns them in new order.

        ``seen``: the pursuit's steps as the window shows them, in order. When another
        computer has added, removed or moved a step since, or changed the step or one beside
        the places it leaves and takes, nothing moves: ``StepsChangedElsewhere``."""
        with self._transaction() as session:
            step = self._get(session, Step, step_id)
            ordered = _steps_in_order(session, step.pursuit_id)
            from_index = next(i for i, s in enumerate(ordered) if s.id == step_id)
            if seen is not None:
                _check_seen(ordered, seen, min(from_index, to_index), max(from_index, to_index))
            new_order = _move_in_line(session, ordered, from_index, to_index)
            self._touch_pursuit(session, step.pursuit_id)
        return new_order

    def delete_step(self, step_id: int, *, seen: Sequence[SeenStep] | None = None) -> DeletedStep:
        """Delete the step; ``seen`` as in ``move_step`` (the step and the two beside it)."""
        with self._transaction() as session:
            step = self._get(session, Step, step_id)
            if seen is not None:
                ordered = _steps_in_order(session, step.pursuit_id)
                index = next(i for i, s in enumerate(ordered) if s.id == step_id)
                _check_seen(ordered, seen, index, index)
            attendees = tuple(
                session.exec(select(Attendance.person_id).where(Attendance.step_id == step_id))
            )
            session.delete(step)
            session.flush()
            _shift_positions(session, step.pursuit_id, start=step.position + 1, by=-1)
            self._touch_pursuit(session, step.pursuit_id)
        return DeletedStep(step=step, attendee_ids=attendees)

    def restore_step(self, deleted: DeletedStep) -> Step:
        """Put a deleted step back at its position, with its identity and attendees."""
        original = deleted.step
        with self._transaction() as session:
            self._get(session, Pursuit, original.pursuit_id)
            count = _step_count(session, original.pursuit_id)
            position = min(original.position, count)
            _shift_positions(session, original.pursuit_id, start=position, by=1)
            step = Step.model_validate(original.model_dump() | {"position": position})
            session.add(step)
            session.flush()
            # Its own version back too (an INSERT starts the version_id_col at 1).
            session.execute(
                update(Step).where(col(Step.id) == step.id).values(version=original.version)
            )
            existing = set(
                session.exec(
                    select(Person.id).where(col(Person.id).in_(deleted.attendee_ids))
                ).all()
            )
            for person_id in deleted.attendee_ids:
                if person_id in existing:
                    session.add(Attendance(step_id=step.id, person_id=person_id))
            self._touch_pursuit(session, original.pursuit_id)
        return step

    def planned_step_ids(
        self, start: datetime, end: datetime, pursuit_id: int | None = None
    ) -> list[int]:
        """Steps still planned in [start, end) of active pursuits, in date order."""
        query = (
            select(Step.id)
            .join(Pursuit, col(Pursuit.id) == col(Step.pursuit_id))
            .where(
                Pursuit.status == PursuitStatus.ACTIVE.value,
                Step.outcome == Outcome.PLANNED.value,
                col(Step.planned_at) >= start,
                col(Step.planned_at) < end,
            )
            .order_by(col(Step.planned_at), col(Step.pursuit_id), col(Step.position))
        )
        if pursuit_id is not None:
            query = query.where(Step.pursuit_id == pursuit_id)
        with self._transaction(reading=True) as session:
            return [step_id for step_id in session.exec(query).all() if step_id is not None]

    def steps_in_context(self, step_ids: Iterable[int]) -> list[StepInContext]:
        """The steps ``step_ids`` (in that order) with their pursuits, sibling steps and
        attendees, read in one transaction with a few queries however many steps there are."""
        wanted = list(dict.fromkeys(step_ids))
        with self._transaction(reading=True) as session:
            chosen: dict[int, Step] = {}
            for ids in _chunks(wanted):
                chosen.update(
                    (row.id, row) for row in session.exec(select(Step).where(col(Step.id).in_(ids)))
                )
            missing = [step_id for step_id in wanted if step_id not in chosen]
            if missing:
                raise NotFound("That step no longer exists.")
            pursuit_ids = sorted({step.pursuit_id for step in chosen.values()})
            pursuits: dict[int, Pursuit] = {}
            siblings: dict[int, list[StepFacts]] = {pursuit_id: [] for pursuit_id in pursuit_ids}
            for ids in _chunks(pursuit_ids):
                pursuits.update(
                    (row.id, row)
                    for row in session.exec(select(Pursuit).where(col(Pursuit.id).in_(ids)))
                )
                # SQLAlchemy's select on purpose: plain rows, not SQLModel objects.
                for line_step in session.exec(  # type: ignore[call-overload]  # see above
                    select_columns(*_LINE_COLUMNS)
                    .where(col(Step.pursuit_id).in_(ids))
                    .order_by(col(Step.pursuit_id), col(Step.position))
                ):
                    siblings[line_step.pursuit_id].append(line_step)
            attending: dict[int, list[Person]] = {step_id: [] for step_id in wanted}
            for ids in _chunks(wanted):
                for step_id, person in session.exec(
                    select(Attendance.step_id, Person)
                    .join(Person, col(Attendance.person_id) == col(Person.id))
                    .where(col(Attendance.step_id).in_(ids))
                    .order_by(col(Attendance.step_id), col(Person.id))
                ):
                    attending[step_id].append(person)
        return [
            StepInContext(
                pursuit=pursuits[chosen[step_id].pursuit_id],
                steps=siblings[chosen[step_id].pursuit_id],
                step=chosen[step_id],
                attendees=attending[step_id],
            )
            for step_id in wanted
        ]

    def sheet_rows(self, step_ids: Iterable[int]) -> list[SheetRows]:
        """What the prep sheets of ``step_ids`` (in that order) print, as ``steps_in_context``
        reads it, but as plain rows: three queries a 500 steps, whatever their pursuits."""
        wanted = list(dict.fromkeys(step_ids))
        step_table = Step.__table__  # type: ignore[attr-defined]  # SQLModel's table
        with self._transaction(reading=True) as session:
            # Core on the connection: plain rows, without the session's ORM result handling.
            execute = session.connection().execute
            chosen: dict[int, Any] = {}
            pursuits: dict[int, SheetPursuit] = {}
            for ids in _chunks(wanted):
                result = execute(
                    select_columns(
                        step_table,
                        col(Pursuit.name).label("pursuit_name"),
                        col(Pursuit.client).label("pursuit_client"),
                        col(Pursuit.status).label("pursuit_status"),
                    )
                    .join(Pursuit, col(Pursuit.id) == col(Step.pursuit_id))
                    .where(col(Step.id).in_(ids))
                )
                # A named tuple a row: a sheet reads some thirty of its fields, and a Row's
                # attribute costs ten times a tuple's.
                sheet_step: Any = namedtuple("SheetStep", result.keys())
                as_step = sheet_step._make
                for row in result:
                    step: Any = as_step(row)
                    chosen[step.id] = step
                    pursuits[step.pursuit_id] = SheetPursuit(
                        step.pursuit_id, step.pursuit_name, step.pursuit_client, step.pursuit_status
                    )
            missing = [step_id for step_id in wanted if step_id not in chosen]
            if missing:
                raise NotFound("That step no longer exists.")
            pursuit_ids = sorted(pursuits)
            siblings: dict[int, list[StepFacts]] = {pursuit_id: [] for pursuit_id in pursuit_ids}
            for ids in _chunks(pursuit_ids):
                for row in execute(
                    select_columns(*_LINE_COLUMNS)
                    .where(col(Step.pursuit_id).in_(ids))
                    .order_by(col(Step.pursuit_id), col(Step.position))
                ):
                    line_step = _LineStep._make(row)
                    siblings[line_step.pursuit_id].append(line_step)
            attending: dict[int, list[Any]] = {step_id: [] for step_id in wanted}
            for ids in _chunks(wanted):
                for person in execute(
                    select_columns(
                        col(Attendance.step_id),
                        col(Person.name),
                        col(Person.title),
                        col(Person.role),
                    )
                    .join(Person, col(Attendance.person_id) == col(Person.id))
                    .where(col(Attendance.step_id).in_(ids))
                    .order_by(col(Attendance.step_id), col(Person.id))
                ):
                    attending[person.step_id].append(person)
        return [
            SheetRows(
                pursuit=pursuits[chosen[step_id].pursuit_id],
                steps=siblings[chosen[step_id].pursuit_id],
                step=chosen[step_id],
                attendees=attending[step_id],
            )
            for step_id in wanted
        ]

    def find_pursuits(self, name_or_id: str) -> list[Pursuit]:
        """Pursuits matching an id, else an exact name (any case), else a part of the name."""
        with self._transaction(reading=True) as session:
            if name_or_id.strip().isdigit():
                found = session.get(Pursuit, int(name_or_id))
                if found is not None:
                    return [found]
            wanted = name_or_id.strip().casefold()
            # By code point, as SQLite orders them, whatever the server's collation says.
            pursuits = sorted(session.exec(select(Pursuit)).all(), key=lambda p: (p.name, p.id))
        exact = [p for p in pursuits if p.name.casefold() == wanted]
        return exact or [p for p in pursuits if wanted and wanted in p.name.casefold()]

    # ---- meetings from the calendar (store.calendar_import) ------------------------------

    def meeting_directory(self) -> tuple[list[PursuitDirectory], list[KnownStep]]:
        """What meetings are matched against: every pursuit's people, every step's uid."""
        from .calendar_import import directory_of

        return directory_of(self)

    def import_meetings(
        self, choices: Sequence[MeetingChoice], *, not_people: Collection[str] = ()
    ) -> ImportedMeetings:
        """The chosen meetings as steps (or moved steps), in one transaction."""
        from .calendar_import import import_meetings

        return import_meetings(self, choices, not_people=not_people)

    def undo_meeting_import(self, imported: ImportedMeetings) -> None:
        """Put back what ``import_meetings`` changed, in one transaction."""
        from .calendar_import import undo_import

        undo_import(self, imported)

    # ---- people ---------------------------------------------------------------------------

    def people(self, pursuit_id: int) -> list[Person]:
        with self._transaction(reading=True) as session:
            return list(
                session.exec(
                    select(Person).where(Person.pursuit_id == pursuit_id).order_by(col(Person.id))
                ).all()
            )

    def add_person(
        self,
        pursuit_id: int,
        name: str,
        title: str = "",
        role: BuyingRole = BuyingRole.OTHER,
        email: str = "",
    ) -> Person:
        person = Person(
            pursuit_id=pursuit_id,
            name=_required_name(name, what="A person"),
            title=title,
            role=BuyingRole(role).value,
            email=_clean_email(email),
        )
        with self._transaction() as session:
            self._get(session, Pursuit, pursuit_id)
            session.add(person)
        return person

    def update_person(
        self, person_id: int, *, expected_version: int | None = None, **changes: Any
    ) -> Person:
        """Change columns of the person; ``expected_version`` as in ``update_pursuit``."""
        _check_columns(Person, changes)
        if "role" in changes:
            changes["role"] = BuyingRole(changes["role"]).value
        if "email" in changes:
            changes["email"] = _clean_email(changes["email"])

        def edit(_session: Session, person: Person) -> None:
            for name, value in changes.items():
                setattr(person, name, value)

        person: Person = self._edit_versioned(Person, person_id, expected_version, changes, edit)
        return person

    def delete_person(self, person_id: int) -> None:
        """Delete a person and, explicitly, their place in the steps they attend."""
        with self._transaction() as session:
            person = self._get(session, Person, person_id)
            _note_changed(session, [person.pursuit_id])
            session.execute(delete(Attendance).where(col(Attendance.person_id) == person_id))
            session.execute(delete(Person).where(col(Person.id) == person_id))

    def people_at(self, step_id: int, pursuit_id: int) -> tuple[list[Person], set[int]]:
        """The pursuit's people, and the ids of those attending the step: what the prep form
        shows of them, read in one transaction."""
        with self._transaction(reading=True) as session:
            rows = session.exec(_PEOPLE_AT, params={"pursuit": pursuit_id, "step": step_id}).all()
        people = [person for person, _attends in rows]
        return people, {person.id for person, attends in rows if attends is not None}

    def attendees(self, step_id: int) -> list[Person]:
        with self._transaction(reading=True) as session:
            return list(
                session.exec(
                    select(Person)
                    .join(Attendance, col(Attendance.person_id) == col(Person.id))
                    .where(Attendance.step_id == step_id)
                    .order_by(col(Person.id))
                ).all()
            )

    def add_attendee(
        self,
        step_id: int,
        name: str,
        title: str = "",
        role: BuyingRole = BuyingRole.OTHER,
        email: str = "",
    ) -> Person:
        """Add a new person to the step's pursuit who attends the step, in one transaction."""
        cleaned = _required_name(name, what="A person")
        address = _clean_email(email)
        with self._transaction() as session:
            step = self._get(session, Step, step_id)
            person = Person(
                pursuit_id=step.pursuit_id,
                name=cleaned,
                title=title.strip(),
                role=BuyingRole(role).value,
                email=address,
            )
            session.add(person)
            session.flush()
            assert person.id is not None
            session.add(Attendance(step_id=step_id, person_id=person.id))
            self._touch_pursuit(session, step.pursuit_id)
        return person

    def set_attendees(self, step_id: int, person_ids: Iterable[int]) -> None:
        wanted = set(person_ids)
        with self._transaction() as session:
            step = self._get(session, Step, step_id)
            valid = set(
                session.exec(
                    select(Person.id).where(
                        Person.pursuit_id == step.pursuit_id, col(Person.id).in_(wanted)
                    )
                ).all()
            )
            if valid != wanted:
                raise InvalidInput("Only people of this pursuit can attend its steps.")
            session.execute(delete(Attendance).where(col(Attendance.step_id) == step_id))
            _note_changed(session, [step.pursuit_id])
            for person_id in sorted(wanted):
                session.add(Attendance(step_id=step_id, person_id=person_id))

    # ---- spreadsheet import and export ------------------------------------------------------

    def pursuits_already_there(self, rows: Sequence[ImportRow]) -> list[ImportRow]:
        """The rows whose pursuit (same name and client) is already in the database."""
        from .spreadsheet_import import already_there

        with self._transaction(reading=True) as session:
            return already_there(session, rows)

    def import_pursuit_rows(
        self, rows: Sequence[ImportRow], existing: ExistingChoice
    ) -> ImportReceipt:
        """Write checked spreadsheet rows as pursuits, all in one transaction (all or none);
        ``undo_pursuit_import`` with the receipt takes them back."""
        from .spreadsheet_import import write_rows

        with self._transaction() as session:
            receipt = write_rows(session, rows, existing)
            if receipt.created_ids:  # pursuits made by the import are the importer's
                session.execute(
                    update(Pursuit)
                    .where(col(Pursuit.id).in_(receipt.created_ids))
                    .values(owner=self.owner)
                )
            return receipt

    def undo_pursuit_import(self, receipt: ImportReceipt) -> None:
        from .spreadsheet_import import undo_rows

        with self._transaction() as session:
            undo_rows(session, receipt)

    def export_data(self) -> ExportedData:
        """Every pursuit and step, read in one transaction, for a spreadsheet."""
        from .spreadsheet_import import read_for_export

        with self._transaction(reading=True) as session:
            return read_for_export(session)

    # ---- helpers --------------------------------------------------------------------------

    @staticmethod
    def _touch_pursuit(session: Session, pursuit_id: int) -> None:
        session.execute(
            update(Pursuit).where(col(Pursuit.id) == pursuit_id).values(updated_at=utc_now())
        )
        _note_changed(session, [pursuit_id])


def _open_engine(
    database: Path, backups_dir: Path | None, busy_timeout_ms: int, *, read_only: bool = False
) -> Engine:
    """An engine on ``database``, migrated to the current schema (backed up first).

    A fault while opening is named by what it is (InUse, DiskFull, ReadOnly, StoreError);
    NotADatabase only when SQLite says the file is damaged."""
    import sqlite3

    from .schema import NotADatabase

    try:
        return _open_engine_now(database, backups_dir, busy_timeout_ms, read_only=read_only)
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        if classify(error, database) is Fault.DAMAGED:
            raise NotADatabase(f"{database} is not a Pursuit Journey database ({error}).") from (
                error
            )
        raise start_up_error(error, database) from error


def _open_engine_now(
    database: Path, backups_dir: Path | None, busy_timeout_ms: int, *, read_only: bool
) -> Engine:
    from .backup import BackupError, backup_database
    from .schema import HEAD_REVISION, ensure_schema, stored_revision

    if read_only:
        revision = stored_revision(database)
        if revision is None:
            raise ReadOnly(
                f"There is no database in {database.parent}, and a new one cannot be made "
                "there: the folder is read-only. Start the app with --data-dir pointing to a "
                "folder you can write to."
            )
        if revision != HEAD_REVISION:
            raise ReadOnly(
                f"{read_only_reason(database)}\n\nThis version of Pursuit Journey must update "
                f"the database before it can open it (schema {revision or 'none'}), and it "
                "cannot be written."
            )
        engine = make_engine(database, busy_timeout_ms, read_only=True)
        with engine.connect():  # fails now, not at the first read, if it cannot be read
            pass
        return engine
    engine = make_engine(database, busy_timeout_ms)
    backup = None
    if backups_dir is not None:

        def backup(path: Path, reason: str) -> Path:
            try:
                return backup_database(path, backups_dir, reason)
            except BackupError as error:
                # A full disk or another program is named as such, not as a failed backup.
                cause = _first_cause_not(BackupError, error)
                if cause is not None and classify(cause, backups_dir / "x") in (
                    Fault.DISK_FULL,
                    Fault.IN_USE,
                ):
                    raise start_up_error(cause, database) from error
                raise

    try:
        ensure_schema(engine, database, backup)
    except Exception:
        engine.dispose()
        raise
    return engine


def _in_transaction(connection: Connection) -> bool:
    """The connection's transaction can go on: SQLite ends one by itself after some errors
    (a full disk), which SQLAlchemy does not see."""
    if connection.invalidated or not connection.in_transaction():
        return False
    if connection.dialect.name == "sqlite":
        return bool(connection.connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]
    return True


def _failed_before_savepoint_rollback(error: BaseException) -> BaseException | None:
    """The error that made a write fail, when what is raised is the ROLLBACK TO SAVEPOINT
    after it (SQLite rolled the whole transaction back by itself: no such savepoint)."""
    from sqlalchemy.exc import DBAPIError

    if (
        isinstance(error, DBAPIError)
        and str(error.statement or "").startswith("ROLLBACK TO SAVEPOINT")
        and error.__context__ is not None
    ):
        return error.__context__
    return None


def _server_fault(error: BaseException, url: URL) -> StoreError | None:
    """The ServerUnavailable for ``error`` on the server at ``url``; None when the server
    answered and refused the statement itself (a broken rule, a programmer's error)."""
    from .server import cause_of, server_error

    return server_error(error, url) if cause_of(error) is not None else None


def _first_cause_not(kind: type[BaseException], error: BaseException) -> BaseException | None:
    """The first exception in ``error``'s chain of causes that is not a ``kind``."""
    seen: BaseException | None = error
    while seen is not None and isinstance(seen, kind):
        seen = seen.__cause__
    return seen


def _clean_email(text: str) -> str:
    """The email as stored; one that cannot be an address is the seller's to correct."""
    try:
        return _domain_clean_email(text)
    except ValueError as error:
        raise InvalidInput(str(error)) from error


def _required_name(name: str, what: str = "A pursuit") -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidInput(f"{what} needs a name.")
    return cleaned


def _check_columns(table: type[SQLModel], changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(table.model_fields) | ({"version"} & set(changes))
    if unknown:
        raise ValueError(f"unknown fields for {table.__name__}: {', '.join(sorted(unknown))}")


def _step_count(session: Session, pursuit_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Step).where(Step.pursuit_id == pursuit_id)
    ).one()


# Labels of the columns a seller edits outside the prep fields' catalogue, for a conflict.
_COLUMN_LABELS = {
    "planned_at": "Planned for",
    "decision_by": "Decide by",
    "held_on": "Held on",
    "kind": "Kind of step",
    "value_cents": "Value",
    "target_close": "Target close",
    "closing_reason": "What decided it",
    "decision_criteria": "Criteria",
    "decision_process": "Process",
    "paper_process": "Paper process",
}


def _column_label(column: str) -> str:
    field = _PREP_FIELD_OF.get(column)
    if field is not None:
        return field.label
    return _COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def _conflict(row: Any, changes: dict[str, Any]) -> ChangedElsewhere:
    column = next(iter(changes))
    return ChangedElsewhere(
        _column_label(column),
        getattr(row, column),
        changes[column],
        column=column,
        version=row.version,
    )


def _check_seen(ordered: Sequence[Step], seen: Sequence[SeenStep], first: int, last: int) -> None:
    """The pursuit's steps are the ones ``seen``, in that order, and those from ``first - 1``
    to ``last + 1`` unchanged since; else ``StepsChangedElsewhere``."""
    if [step.id for step in ordered] != [step_id for step_id, _ in seen]:
        raise StepsChangedElsewhere()
    versions = dict(seen)
    for step in ordered[max(0, first - 1) : last + 2]:
        if step.id is None or versions[step.id] != step.version:
            raise StepsChangedElsewhere("This step or one beside it")


def _note_changed(session: Session, pursuit_ids: Iterable[int | None]) -> None:
    """The pursuits a transaction on a server changes, for its notification at commit."""
    if session.info.get(CHANGED_PURSUITS):
        noted = session.connection().info.setdefault(CHANGED_PURSUITS, set())
        noted.update(pursuit_ids)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: Any) -> None:
    """What the ORM wrote, by pursuit (a row of another kind: anything may have changed)."""
    if not session.info.get(CHANGED_PURSUITS):
        return
    pursuit_ids: list[int | None] = []
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Pursuit):
            pursuit_ids.append(row.id)
        elif isinstance(row, (Step, Person)):
            pursuit_ids.append(row.pursuit_id)
        elif not isinstance(row, Attendance):  # attendance: its action notes the pursuit
            pursuit_ids.append(None)
    _note_changed(session, pursuit_ids)
