"""Connecting to a PostgreSQL server: the URL, the password, and what went wrong.

A server is named by a libpq URL, ``postgresql://user@host:port/dbname?sslmode=…``. Every query
parameter (sslmode, sslrootcert, service, passfile, …) passes through to libpq untouched. The
password is never part of the URL (it would end up in settings and the shell's history): libpq
finds it itself in ``~/.pgpass``, ``PGPASSWORD`` or a service file, and when libpq says one is
needed and none was given, the system keyring is asked (``keyring_account``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import InvalidInput, ServerCause, ServerUnavailable, StoreError

if TYPE_CHECKING:  # SQLAlchemy loads only when a store is opened
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

KEYRING_SERVICE = "Pursuit Journey"
DEFAULT_CONNECT_TIMEOUT_S = 5
DEFAULT_PORT = 5432
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_server_url(location: object) -> bool:
    """Whether ``location`` names a server (a ``postgresql://`` URL) rather than a file."""
    if not isinstance(location, str):
        return False
    scheme, separator, _ = location.partition("://")
    return bool(separator) and scheme.lower() in _SCHEMES


def read_server_url(text: str) -> dict[str, str]:
    """What libpq reads in the server address ``text``: user, host, port, dbname and every
    other parameter, by libpq's own parser (psycopg's), without loading SQLAlchemy, so that
    the window's first picture does not wait for it.

    Raises InvalidInput when it is not a PostgreSQL URL, when it holds a password (in the user
    part or as ``password=``), names no database or a port that is no number.
    """
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    if not is_server_url(text):
        raise InvalidInput(
            "A server is given as postgresql://user@host:port/database (for example "
            "postgresql://anna@db.example.com:5432/pursuits?sslmode=verify-full)."
        )
    _scheme, _, rest = text.strip().partition("://")
    try:
        parts = {key: str(value) for key, value in conninfo_to_dict("postgresql://" + rest).items()}
    except ProgrammingError as error:
        raise InvalidInput(f"The server address cannot be read: {error}".rstrip() + ".") from error
    if "password" in parts:
        raise InvalidInput(
            "The server address holds a password. Remove it from the address (it would be kept "
            "in the settings and the command history): give it in ~/.pgpass, PGPASSWORD, a "
            "service file, or save it in the system keyring from Preferences."
        )
    if not parts.get("dbname"):
        raise InvalidInput(
            "The server address names no database: add it after the port, as in "
            "postgresql://anna@db.example.com:5432/pursuits."
        )
    port = parts.get("port", "")
    if port and not port.isdigit():
        raise InvalidInput(f"The server address cannot be read: its port “{port}” is no number.")
    return parts


def parse_server_url(text: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 dialect) for the libpq URL ``text``, query kept as is.

    Raises InvalidInput as ``read_server_url`` does.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    read_server_url(text)
    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError) as error:
        raise InvalidInput(f"The server address cannot be read: {error}.") from error
    return url.set(drivername="postgresql+psycopg")


def server_location(user: str | None, host: str | None, port: object, dbname: str | None) -> str:
    """Where the store lives, for titles and messages: ``user@host:port/dbname``."""
    who = f"{user}@" if user else ""
    return f"{who}{host or 'localhost'}:{port or DEFAULT_PORT}/{dbname}"


def location_text(url: URL) -> str:
    """Where the store lives, for titles and messages: ``user@host:port/dbname``."""
    return server_location(url.username, url.host, url.port, url.database)


def keyring_account(url: str | URL) -> str:
    """The keyring entry's account for ``url`` (service ``KEYRING_SERVICE``):
    ``user@host:port/dbname``, the user being the login's (libpq's default) when not given."""
    parsed = parse_server_url(url) if isinstance(url, str) else url
    if parsed.username is None:
        import getpass

        parsed = parsed.set(username=_safe(getpass.getuser, "postgres"))
    return location_text(parsed)


def saved_password(url: str | URL) -> str | None:
    """The password saved in the system keyring for ``url``; None when there is none or the
    keyring cannot be reached (no D-Bus on a server, no back-end installed)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_account(url))
    except Exception:  # any back-end may fail in its own way: that is "no password saved"
        return None


def save_password(url: str | URL, password: str) -> None:
    """Keep ``password`` for ``url`` in the system keyring; StoreError when it cannot."""
    account = keyring_account(url)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account, password)
    except Exception as error:  # the back-end's own error: say it, never crash
        raise StoreError(
            f"The password for {account} could not be saved in the system keyring "
            f"({type(error).__name__}). Give it in ~/.pgpass or PGPASSWORD instead."
        ) from error


def forget_password(url: str | URL) -> None:
    """Remove the password saved for ``url`` from the keyring (nothing when there is none)."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_account(url))
    except Exception:  # none saved, or no keyring: nothing to forget either way
        return


def make_server_engine(url: URL, password: str | None = None) -> Engine:
    """An engine on the server at ``url`` (psycopg 3); connects only when first used.

    Connections are checked before each use (``pool_pre_ping``), so that a connection the
    server closed in the meantime is replaced instead of failing the seller's next action.
    """
    from sqlalchemy import create_engine

    from .tables import describe_server_indexes

    describe_server_indexes()
    query = dict(url.query)
    query.setdefault("connect_timeout", str(DEFAULT_CONNECT_TIMEOUT_S))
    query.setdefault("application_name", "Pursuit Journey")
    # The app's queries are small and many: compiling them (PostgreSQL's JIT, on for plans it
    # thinks costly) took some 40 ms of the momentum board's read at 2,000 pursuits, longer
    # than running them. A seller's own libpq options, if any, stand instead.
    query.setdefault("options", "-c jit=off")
    connect_args: dict[str, Any] = {}
    if password is not None:
        connect_args["password"] = password
    return create_engine(
        url.set(query=query),
        connect_args=connect_args,
        pool_pre_ping=True,
    )


def connect_server(url: URL) -> Engine:
    """An engine on ``url`` that has connected once: the password asked from the keyring when
    libpq needs one and found none. Raises ServerUnavailable naming the cause."""
    engine = make_server_engine(url)
    try:
        _check(engine)
        return engine
    except Exception as error:
        engine.dispose()
        if cause_of(error) is not ServerCause.PASSWORD or not _no_password_given(error):
            raise server_error(error, url, saving=False) from error
        first = error
    password = saved_password(url)
    if password is None:
        raise server_error(first, url, saving=False) from first
    engine = make_server_engine(url, password)
    try:
        _check(engine)
    except Exception as error:
        engine.dispose()
        raise server_error(error, url, from_keyring=True, saving=False) from error
    return engine


def _check(engine: Engine) -> None:
    with engine.connect():
        pass


def _safe(function: Callable[[], str], default: str) -> str:
    try:
        return function()
    except Exception:
        return default


# ---- naming the fault -----------------------------------------------------------------------

# Connection-level failures come from libpq without an SQLSTATE: its message is all there is.
# Each phrase was seen from libpq 15-17 (tests/store/test_server_faults.py meets most of them).
_PHRASES: tuple[tuple[tuple[str, ...], ServerCause], ...] = (
    # First: its text names the database and the SSL state, yet it is the server's rule.
    (("pg_hba.conf",), ServerCause.NOT_PERMITTED),
    (
        (
            "could not translate host name",
            "failed to resolve host",
            "name or service not known",
            "temporary failure in name resolution",
            "nodename nor servname",
            "no such host",
        ),
        ServerCause.NAME_NOT_FOUND,
    ),
    (
        (
            "password authentication failed",
            "no password supplied",
            "password is required",
        ),
        ServerCause.PASSWORD,
    ),
    (
        (
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "consuming input failed",
            "lost synchronization",
            "could not receive data",
            "could not send data",
            "connection reset",
            "broken pipe",
            "the database system is shutting down",
            "the database system is starting up",
            "administrator command",
        ),
        ServerCause.LOST,
    ),
    (
        (
            "ssl",
            "certificate",
            "tls",
            "gssapi",
        ),
        ServerCause.TLS,
    ),
    ((" does not exist",), ServerCause.NO_DATABASE),  # narrowed to databases below
    (
        (
            "permission denied",
            "not permitted to log in",
            "pg_hba.conf",
            "peer authentication failed",
            "ident authentication failed",
            "connect privilege",
            "too many connections",
        ),
        ServerCause.NOT_PERMITTED,
    ),
    (
        (
            "connection refused",
            "timeout expired",
            "timed out",
            "no route to host",
            "network is unreachable",
            "could not connect",
            "is not currently accepting connections",
            "is the server running",
        ),
        ServerCause.UNREACHABLE,
    ),
)


def _original(error: BaseException) -> BaseException:
    return getattr(error, "orig", None) or error


def cause_of(error: BaseException) -> ServerCause | None:
    """What kind of server fault ``error`` (psycopg's or SQLAlchemy's) is; None when it is not
    one (a broken rule, a programmer's error)."""
    import psycopg

    original = _original(error)
    if not isinstance(original, psycopg.Error):
        return None
    sqlstate = getattr(original, "sqlstate", None) or ""
    if sqlstate == "28P01" or (sqlstate == "28000" and "password" in str(original).lower()):
        return ServerCause.PASSWORD
    if sqlstate == "3D000":
        return ServerCause.NO_DATABASE
    if sqlstate in ("42501", "28000"):
        return ServerCause.NOT_PERMITTED
    if sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"):
        return ServerCause.LOST
    if sqlstate and not isinstance(original, psycopg.OperationalError):
        return None
    detail = str(original).lower()
    for phrases, cause in _PHRASES:
        if any(phrase in detail for phrase in phrases):
            if cause is ServerCause.NO_DATABASE and 'database "' not in detail:
                if "role" in detail:
                    return ServerCause.NOT_PERMITTED
                continue
            return cause
    if isinstance(original, psycopg.OperationalError):
        return ServerCause.UNREACHABLE if not sqlstate else ServerCause.LOST
    return None


def _no_password_given(error: BaseException) -> bool:
    detail = str(_original(error)).lower()
    return "no password supplied" in detail or "password is required" in detail


def server_error(
    error: BaseException, url: URL | str, *, from_keyring: bool = False, saving: bool = True
) -> ServerUnavailable:
    """The seller's message for ``error`` met on the server at ``url``: its cause and the
    server, never a traceback nor the password. ``saving``: met by an action (the seller's
    text is kept), not while opening the store."""
    again = "Your text is kept; try again" if saving else "Try again"
    where = location_text(url) if not isinstance(url, str) else url
    cause = cause_of(error) or ServerCause.UNREACHABLE
    original = _original(error)
    if cause is ServerCause.PASSWORD:
        if _no_password_given(error):
            text = (
                f"The server {where} asks for a password, and none was found (in ~/.pgpass, "
                "PGPASSWORD, a service file or the system keyring). Save it in Preferences "
                "or in ~/.pgpass, then try again."
            )
        else:
            saved = " saved in the system keyring" if from_keyring else ""
            text = (
                f"The server {where} refused the password{saved} (wrong password or user "
                "name). Check it, then try again."
            )
    elif cause is ServerCause.NAME_NOT_FOUND:
        text = (
            f"The server {where} cannot be found: its name is not known on this network. "
            "Check the address and this computer's network connection."
        )
    elif cause is ServerCause.TLS:
        text = (
            f"A secure (TLS) connection to the server {where} could not be made: "
            f"{_first_line(original)}. Check the sslmode and certificate settings in the "
            "address, or ask whoever runs the server."
        )
    elif cause is ServerCause.NO_DATABASE:
        text = (
            f"The server {where} answers, but has no database of that name. Check the name "
            "after the port, or ask whoever runs the server to create it."
        )
    elif cause is ServerCause.NOT_PERMITTED:
        text = (
            f"The server {where} does not let this user in or do this: "
            f"{_first_line(original)}. Ask whoever runs the server for access."
        )
    elif cause is ServerCause.LOST:
        text = (
            f"The connection to the server {where} was lost, so nothing was saved. "
            f"{again} when the server answers."
        )
    else:
        text = (
            f"The server {where} does not answer (it may be down, or this computer is "
            f"offline). {again} when it answers."
        )
    return ServerUnavailable(text, cause=cause, location=where)


def _first_line(error: BaseException) -> str:
    """libpq's own words, first line only, without its "connection to server … failed:" lead."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    line = lines[0] if lines else type(error).__name__
    if "failed:" in line:
        line = line.rsplit("failed:", 1)[1].strip()
    return line.rstrip(".")
