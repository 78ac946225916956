"""The app's side of a shared server: checking a URL the seller gives, naming the server in
messages, asking quickly whether it answers, and opening its store with a password just typed.

How the store talks to PostgreSQL (the URL's parts, the password from libpq's places or the
keyring, the cause of a failure as ``ServerUnavailable``) is ``store.server``'s; this module
only asks it, so that the window, the command line and the dialogs say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ServerUnavailable, StoreError

if TYPE_CHECKING:
    from .repository import Store

__all__ = [
    "ServerUnavailable",
    "check_url",
    "forget_password",
    "open_server_store",
    "probe",
    "save_password",
    "server_name",
]

# A connection attempt gives up after this long: the window never waits longer for an answer.
PROBE_TIMEOUT_S = 4


def check_url(url: str) -> str:
    """``url`` without surrounding spaces, or InvalidInput saying what is wrong with it; a URL
    holding a password is refused (it would stay in settings.ini or the shell's history)."""
    from .server import read_server_url

    url = url.strip()
    read_server_url(url)  # libpq's reading: SQLAlchemy waits until the store opens
    return url


def server_name(url: str) -> str:
    """The server as messages name it: ``user@host:port/dbname``, never a secret."""
    from .server import read_server_url, server_location

    try:
        parts = read_server_url(url)
    except StoreError:
        return url.split("?", 1)[0]
    return server_location(parts.get("user"), parts.get("host"), parts.get("port"), parts["dbname"])


def probe(url: str, password: str | None = None, timeout_s: int = PROBE_TIMEOUT_S) -> str:
    """Connect once, within ``timeout_s``, and say what answered ("PostgreSQL 15.4"); raises
    ServerUnavailable naming the cause (InvalidInput for a URL that cannot be used). Safe to
    call from a worker thread: it makes its own connection."""
    engine = _engine(url, password, timeout_s)
    try:
        version = engine.dialect.server_version_info or ()
    finally:
        engine.dispose()
    return "PostgreSQL " + ".".join(str(part) for part in version[:2])


def open_server_store(url: str, password: str | None = None) -> Store:
    """The store on the server at ``url`` (created or migrated as needed). The password is
    ``password`` when the seller just typed one without keeping it, else libpq's places or the
    keyring. Raises ServerUnavailable (InvalidInput for a URL that cannot be used)."""
    from .repository import Store

    if password is None:
        return Store.open_server(url)
    from sqlalchemy.exc import SQLAlchemyError

    from .schema import ensure_server_schema
    from .server import parse_server_url, server_error

    engine = _engine(url, password)
    try:
        ensure_server_schema(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise server_error(error, parse_server_url(url), saving=False) from error
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, server_url=parse_server_url(url))


def _engine(url: str, password: str | None, timeout_s: int | None = None):  # type: ignore[no-untyped-def]  # an Engine
    """An engine that has connected once (raises ServerUnavailable naming the cause)."""
    from .server import connect_server, make_server_engine, parse_server_url, server_error

    address = parse_server_url(url)
    if timeout_s is not None:
        address = address.update_query_dict({"connect_timeout": str(timeout_s)})
    if password is None:
        return connect_server(address)
    engine = make_server_engine(address, password)
    try:
        with engine.connect():
            pass
    except Exception as error:
        engine.dispose()
        raise server_error(error, address, saving=False) from error
    return engine


def save_password(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the system keyring; raises StoreError."""
    from .server import save_password as save

    save(url, password)


def forget_password(url: str) -> None:
    """Remove the password kept for ``url``, if any."""
    from .server import forget_password as forget

    forget(url)
