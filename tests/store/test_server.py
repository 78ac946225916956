"""The store on a real PostgreSQL server: its schema, where the password comes from, and every
way the server can be away, each named for the seller (never a traceback, never the password)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from pursuit_journey.store import schema
from pursuit_journey.store.errors import InvalidInput, ServerCause, ServerUnavailable, StoreError
from pursuit_journey.store.repository import Store
from pursuit_journey.store.server import (
    KEYRING_SERVICE,
    forget_password,
    keyring_account,
    make_server_engine,
    parse_server_url,
    save_password,
)
from pursuit_journey.store.server_link import check_url, server_name
from pursuit_journey.store.tables import metadata

WRONG_PASSWORD = "Wr0ng-Secret-42"


@pytest.fixture
def no_password_anywhere(
    server_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[MemoryKeyring]:
    """libpq finds no password (none in the environment, no ~/.pgpass) and the keyring is an
    empty one in memory: the system's keyring is not the tests' to touch."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PGSERVICEFILE", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps its passwords in memory: the system's is not the tests' to touch."""

    priority = 1  # type: ignore[assignment]  # keyring declares it as a class property

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class BrokenKeyring(keyring.backend.KeyringBackend):
    """A keyring whose back-end fails, as one without D-Bus on a server does."""

    priority = 1  # type: ignore[assignment]  # keyring declares it as a class property

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")


def admin_password(postgres_server: str) -> str:
    return str(make_url(postgres_server).password)


def with_query(url: str, **query: str) -> str:
    return make_url(url).update_query_dict(query).render_as_string(hide_password=False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refused(url: str) -> ServerUnavailable:
    with pytest.raises(ServerUnavailable) as raised:
        Store.open_server(url)
    return raised.value


# ---- the schema -------------------------------------------------------------------------------


def test_migrating_an_empty_server_database_gives_exactly_the_tables(server_url: str) -> None:
    engine = make_server_engine(parse_server_url(server_url))
    try:
        assert schema.ensure_server_schema(engine) is True
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
            assert schema.server_revision(connection) == schema.HEAD_REVISION
        assert differences == []
        assert schema.ensure_server_schema(engine) is False  # a second start does nothing
    finally:
        engine.dispose()


def test_opening_a_server_store_twice_migrates_once(server_url: str) -> None:
    first = Store.open_server(server_url)
    first.create_pursuit("Acme")
    statements: list[str] = []
    engine = make_server_engine(parse_server_url(server_url))
    try:
        assert schema.ensure_server_schema(engine) is False
        event.listen(
            engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: statements.append(statement),
        )
        assert schema.ensure_server_schema(engine) is False
    finally:
        engine.dispose()
    second = Store.open_server(server_url)
    try:
        assert [p.name for p in second.find_pursuits("Acme")] == ["Acme"]
        assert not any("CREATE" in statement.upper() for statement in statements)
        assert len(statements) == 2  # the up-to-date start: is there a schema, which one
        assert second.shared
        assert second.location_text == keyring_account(server_url)
    finally:
        first.close()
        second.close()


def test_two_computers_starting_at_once_migrate_once(server_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    # A lock wait ends in an error after 20 s rather than hanging the run, should the
    # migration lock ever be lost (a migration takes well under a second).
    url = with_query(server_url, options="-c lock_timeout=20s")
    engines = [make_server_engine(parse_server_url(url)) for _ in range(2)]
    start = Barrier(2, timeout=20)

    def migrate(engine: Any) -> bool:
        start.wait()
        return schema.ensure_server_schema(engine)

    try:
        with ThreadPoolExecutor(2) as pool:
            ran = sorted(pool.map(migrate, engines))
    finally:
        for engine in engines:
            engine.dispose()
    assert ran == [False, True]


def test_a_database_with_a_foreign_pursuit_table_is_refused_untouched(server_url: str) -> None:
    engine = make_server_engine(parse_server_url(server_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE pursuit (x integer)"))
    engine.dispose()
    with pytest.raises(schema.NotADatabase):
        Store.open_server(server_url)


def test_a_server_store_has_no_file_and_its_backups_are_the_servers(server_url: str) -> None:
    store = Store.open_server(server_url)
    try:
        with pytest.raises(StoreError, match="pg_dump"):
            store.back_up()
        with pytest.raises(StoreError, match="pg_dump"):
            store.restore_backup(Path("backup.sqlite3"))
        with pytest.raises(StoreError, match="server"):
            _ = store.database
    finally:
        store.close()


def test_a_restored_step_keeps_its_id_and_new_steps_still_get_fresh_ones(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    assert pursuit.id is not None
    first = store.add_step(pursuit.id, title="One")
    deleted = store.delete_step(first.id)  # type: ignore[arg-type]
    store.restore_step(deleted)
    second = store.add_step(pursuit.id, title="Two")
    assert [s.id for s in store.steps(pursuit.id)] == [first.id, second.id]
    assert second.id != first.id


# ---- the address and the password -------------------------------------------------------------


def test_an_address_with_a_password_is_refused_without_repeating_it() -> None:
    with pytest.raises(InvalidInput) as raised:
        Store.open(f"postgresql://anna:{WRONG_PASSWORD}@db.example.com/pursuits")
    assert "password" in str(raised.value)
    assert WRONG_PASSWORD not in str(raised.value)


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("mysql://anna@db.example.com/pursuits", "postgresql://user@host:port/database"),
        (f"postgresql://db.example.com/pursuits?password={WRONG_PASSWORD}", "holds a password"),
        (f"postgresql://anna:{WRONG_PASSWORD}@db.example.com/pursuits", "holds a password"),
        ("postgresql://anna@db.example.com:5432", "names no database"),
        ("postgresql://anna@db.example.com:fifty/pursuits", "“fifty” is no number"),
        ("postgresql://anna@db.example.com/pursuits?sslmode", "cannot be read"),
    ],
)
def test_the_address_is_checked_before_anything_loads(address: str, said: str) -> None:
    """What the app checks before its first picture (libpq's reading, no SQLAlchemy) refuses
    the same addresses as the store, saying why and never repeating a password."""
    for check in (check_url, parse_server_url):
        with pytest.raises(InvalidInput) as raised:
            check(address)
        assert said in str(raised.value)
        assert WRONG_PASSWORD not in str(raised.value)


def test_the_server_is_named_without_sqlalchemy() -> None:
    assert server_name("postgresql://db.example.com/pursuits?sslmode=verify-full") == (
        "db.example.com:5432/pursuits"
    )
    assert server_name("postgres://anna@[::1]:6543/team") == "anna@::1:6543/team"


def test_libpq_parameters_pass_through_and_the_timeout_has_a_default() -> None:
    url = parse_server_url(
        "postgresql://anna@db.example.com:6543/pursuits?sslmode=verify-full"
        "&sslrootcert=/etc/ca.pem&service=team"
    )
    engine = make_server_engine(url)
    try:
        _, arguments = engine.dialect.create_connect_args(engine.url)
    finally:
        engine.dispose()
    assert arguments["sslmode"] == "verify-full"
    assert arguments["sslrootcert"] == "/etc/ca.pem"
    assert arguments["service"] == "team"
    assert arguments["connect_timeout"] == "5"
    assert keyring_account(url) == "anna@db.example.com:6543/pursuits"
    explicit = parse_server_url("postgresql://anna@db/pursuits?connect_timeout=12")
    engine = make_server_engine(explicit)
    try:
        assert engine.dialect.create_connect_args(engine.url)[1]["connect_timeout"] == "12"
    finally:
        engine.dispose()


def test_the_servers_connections_run_the_small_queries_without_jit(server_url: str) -> None:
    """JIT compiling cost more than the momentum board's queries took; a seller's own options
    stand."""
    store = Store.open_server(server_url)
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SHOW jit")).scalar() == "off"
    finally:
        store.close()
    engine = make_server_engine(make_url(with_query(server_url, options="-c work_mem=8MB")))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW work_mem")).scalar() == "8MB"
            assert connection.execute(text("SHOW jit")).scalar() == "on"
    finally:
        engine.dispose()


def test_the_password_comes_from_pgpassword(server_url: str) -> None:
    # The store fixture's URL has no password: PGPASSWORD holds it (set by conftest).
    Store.open_server(server_url).close()


@pytest.mark.parametrize("how", ["query", "environment"])
def test_the_password_comes_from_a_passfile(
    how: str,
    postgres_server: str,
    server_url: str,
    no_password_anywhere: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = make_url(server_url)
    passfile = tmp_path / "pgpass"
    passfile.write_text(
        f"{url.host}:{url.port}:*:{url.username}:{admin_password(postgres_server)}\n"
    )
    passfile.chmod(0o600)
    if how == "query":
        server_url = with_query(server_url, passfile=str(passfile))
    else:
        monkeypatch.setenv("PGPASSFILE", str(passfile))
    Store.open_server(server_url).close()


def test_the_password_comes_from_the_keyring_when_libpq_finds_none(
    postgres_server: str, server_url: str, no_password_anywhere: MemoryKeyring
) -> None:
    missing = refused(server_url)
    assert missing.cause is ServerCause.PASSWORD
    assert "none was found" in str(missing)
    save_password(server_url, admin_password(postgres_server))
    assert keyring.get_password(KEYRING_SERVICE, keyring_account(server_url)) is not None
    Store.open_server(server_url).close()
    forget_password(server_url)
    assert refused(server_url).cause is ServerCause.PASSWORD


def test_a_wrong_password_in_the_keyring_is_named_as_such(
    server_url: str, no_password_anywhere: MemoryKeyring
) -> None:
    save_password(server_url, WRONG_PASSWORD)
    error = refused(server_url)
    assert error.cause is ServerCause.PASSWORD
    assert "keyring" in str(error) and WRONG_PASSWORD not in str(error)


def test_a_broken_keyring_is_no_password_saved(
    server_url: str, no_password_anywhere: MemoryKeyring
) -> None:
    keyring.set_keyring(BrokenKeyring())
    assert refused(server_url).cause is ServerCause.PASSWORD
    forget_password(server_url)  # nothing to forget: no crash either
    with pytest.raises(StoreError, match="keyring"):
        save_password(server_url, "secret")


# ---- the server away, named for the seller ------------------------------------------------


def test_a_wrong_password_is_named_without_the_password(
    server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", WRONG_PASSWORD)
    error = refused(server_url)
    assert error.cause is ServerCause.PASSWORD
    assert "refused the password" in str(error)
    assert error.location in str(error)
    assert WRONG_PASSWORD not in str(error) and "Traceback" not in str(error)


def test_a_closed_port_is_a_server_that_does_not_answer(server_url: str) -> None:
    url = make_url(server_url).set(port=closed_port()).render_as_string(hide_password=False)
    error = refused(url)
    assert error.cause is ServerCause.UNREACHABLE
    assert "does not answer" in str(error)
    assert f"127.0.0.1:{make_url(url).port}/" in str(error)


def test_a_missing_database_is_named(server_url: str) -> None:
    error = refused(make_url(server_url).set(database="no_such_db").render_as_string(False))
    assert error.cause is ServerCause.NO_DATABASE
    assert "no database of that name" in str(error) and "/no_such_db" in str(error)


def test_tls_required_by_the_address_and_refused_by_the_server_is_named(server_url: str) -> None:
    error = refused(with_query(server_url, sslmode="require"))
    assert error.cause is ServerCause.TLS
    assert "secure (TLS)" in str(error) and "does not support SSL" in str(error)


def test_an_unknown_host_name_is_named(server_url: str) -> None:
    error = refused(make_url(server_url).set(host="no-such-host.invalid").render_as_string(False))
    assert error.cause is ServerCause.NAME_NOT_FOUND


def test_a_role_without_connect_is_not_permitted(
    postgres_server: str, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = make_url(server_url).database
    role = f"{database}_seller"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'seller'")
        admin.execute(f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
    try:
        monkeypatch.setenv("PGPASSWORD", "seller")
        error = refused(make_url(server_url).set(username=role).render_as_string(False))
        assert error.cause is ServerCause.NOT_PERMITTED
        assert "access" in str(error)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')  # its grants
            admin.execute(f"DROP ROLE {role}")


# ---- the server away in the middle of the session ----------------------------------------------


def terminate_backends(postgres_server: str, database: str) -> int:
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


def allow_connections(postgres_server: str, database: str, allowed: bool) -> None:
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')


def test_the_connection_cut_during_an_action_is_named_and_the_next_action_reconnects(
    postgres_server: str, server_url: str
) -> None:
    store = Store.open_server(server_url)
    database = str(make_url(server_url).database)
    pursuit = store.create_pursuit("Acme")
    assert pursuit.id is not None
    cut: list[int] = []

    def cut_once(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not cut and statement.lstrip().upper().startswith("UPDATE"):
            cut.append(terminate_backends(postgres_server, database))

    event.listen(store.engine, "before_cursor_execute", cut_once)
    try:
        with pytest.raises(ServerUnavailable) as raised:
            store.update_pursuit(pursuit.id, notes="typed on the train")
        assert cut == [1]
        assert raised.value.cause is ServerCause.LOST
        assert "was lost" in str(raised.value) and "Traceback" not in str(raised.value)
        assert store.pursuit(pursuit.id).notes == ""  # nothing of it was saved
        store.update_pursuit(pursuit.id, notes="typed on the train")  # the pool reconnected
        assert store.pursuit(pursuit.id).notes == "typed on the train"
    finally:
        store.close()


def test_a_server_that_stops_answering_is_named_and_work_resumes_when_it_answers(
    postgres_server: str, server_url: str
) -> None:
    store = Store.open_server(server_url)
    database = str(make_url(server_url).database)
    pursuit = store.create_pursuit("Acme")
    assert pursuit.id is not None
    allow_connections(postgres_server, database, False)
    try:
        assert terminate_backends(postgres_server, database) >= 1
        with pytest.raises(ServerUnavailable) as raised:
            store.rename_pursuit(pursuit.id, "Acme GmbH")
        assert raised.value.cause is ServerCause.UNREACHABLE
        assert store.location_text in str(raised.value)
    finally:
        allow_connections(postgres_server, database, True)
    try:
        assert store.rename_pursuit(pursuit.id, "Acme GmbH").name == "Acme GmbH"
    finally:
        store.close()


# ---- the same results on both ------------------------------------------------------------------


def test_the_largest_value_a_pursuit_may_have_is_kept_exactly(store: Store) -> None:
    from pursuit_journey.store.exchange import MAX_VALUE_CENTS

    pursuit = store.create_pursuit("Huge", value_cents=MAX_VALUE_CENTS)
    assert pursuit.id is not None
    assert store.pursuit(pursuit.id).value_cents == MAX_VALUE_CENTS
    assert store.pursuit_summary(pursuit.id).value_cents == MAX_VALUE_CENTS


def test_names_are_listed_in_the_same_order_whatever_the_servers_collation(store: Store) -> None:
    if store.shared:  # a server database made with a language's collation, as many are
        with store.engine.begin() as connection:
            connection.execute(
                text('ALTER TABLE pursuit ALTER COLUMN name TYPE varchar COLLATE "und-x-icu"')
            )
    for name in ("beta", "Beta", "alpha", "Zulu", "Émile"):
        store.create_pursuit(name)
    by_code_point = ["Beta", "Zulu", "alpha", "beta", "Émile"]
    assert [p.name for p in store.export_data().pursuits] == by_code_point
    assert [p.name for p in store.find_pursuits("")] == []
    assert [p.name for p in store.find_pursuits("a")] == ["Beta", "alpha", "beta"]


def test_a_least_privilege_role_works_with_the_readmes_grants(
    postgres_server: str, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open_server(server_url).close()  # the owner (the admin here) made the tables
    database = str(make_url(server_url).database)
    role = f"{database}_seller"
    with psycopg.connect(database_admin_url(postgres_server, database), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'seller'")
        admin.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {role}')
        admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        admin.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        admin.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    try:
        monkeypatch.setenv("PGPASSWORD", "seller")
        store = Store.open_server(make_url(server_url).set(username=role).render_as_string(False))
        try:
            pursuit = store.create_pursuit("Acme", first_meeting=None)
            assert pursuit.id is not None
            step = store.add_step(pursuit.id, title="Demo")
            store.add_attendee(step.id, "Ann")  # type: ignore[arg-type]
            store.restore_step(store.delete_step(step.id))  # type: ignore[arg-type]
            store.create_sample_pursuit()
            assert len(store.pursuit_summaries()) == 2
            assert store.momentum_lines()
        finally:
            store.close()
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')  # its grants
            admin.execute(f"DROP ROLE {role}")


def database_admin_url(postgres_server: str, database: str) -> str:
    return make_url(postgres_server).set(database=database).render_as_string(False)


@pytest.mark.parametrize(
    ("message", "cause"),
    [
        ('connection to server at "db", port 5432 failed: SSL error: certificate verify failed',
         ServerCause.TLS),
        ('connection to server at "db", port 5432 failed: server certificate for "x.example" '
         'does not match host name "db"', ServerCause.TLS),
        ('connection to server at "db", port 5432 failed: root certificate file '
         '"/home/anna/.postgresql/root.crt" does not exist', ServerCause.TLS),
        ('connection to server at "db", port 5432 failed: FATAL:  no pg_hba.conf entry for '
         'host "10.0.0.7", user "anna", database "pursuits", SSL encryption',
         ServerCause.NOT_PERMITTED),
        ('connection to server at "db", port 5432 failed: FATAL:  role "anna" does not exist',
         ServerCause.NOT_PERMITTED),
        ('connection to server at "db", port 5432 failed: FATAL:  role "anna" is not permitted '
         "to log in", ServerCause.NOT_PERMITTED),
        ('connection to server at "db", port 5432 failed: timeout expired',
         ServerCause.UNREACHABLE),
        ('connection to server at "db", port 5432 failed: FATAL:  the database system is '
         "shutting down", ServerCause.LOST),
        ("server closed the connection unexpectedly\n\tThis probably means the server "
         "terminated abnormally", ServerCause.LOST),
    ],
)  # fmt: skip
def test_libpqs_words_name_the_cause_where_the_test_server_cannot_show_it(
    message: str, cause: ServerCause
) -> None:
    from pursuit_journey.store.server import cause_of, server_error

    assert cause_of(psycopg.OperationalError(message)) is cause
    error = server_error(psycopg.OperationalError(message), "anna@db:5432/pursuits")
    assert "anna@db:5432/pursuits" in str(error) and "Traceback" not in str(error)


def test_a_file_store_is_named_by_its_path_and_is_not_shared(sqlite_store: Store) -> None:
    assert sqlite_store.location_text == str(sqlite_store.database)
    assert not sqlite_store.shared and sqlite_store.server_url is None


def test_a_suspended_server_store_refuses_then_reopens_on_the_same_server(server_url: str) -> None:
    store = Store.open_server(server_url)
    try:
        pursuit = store.create_pursuit("Acme")
        store.suspend("Closed for a moment.")
        with pytest.raises(StoreError, match="Closed for a moment"):
            store.pursuit_count()
        store.reopen()
        assert store.pursuit(pursuit.id).name == "Acme"  # type: ignore[arg-type]
        assert store.shared and store.location_text == keyring_account(server_url)
    finally:
        store.close()
