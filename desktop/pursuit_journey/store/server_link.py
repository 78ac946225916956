"""The app's side of a shared server: checking a URL the seller gives, naming the server in
messages, asking quickly whether it answers, and opening its store with a password just typed.

How the store talks to PostgreSQL belongs to the server store (issue 20's first part); until it
is here, this module says the same things with psycopg alone, and cannot open a server store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from .errors import InvalidInput, StoreError

if TYPE_CHECKING:
    from .repository import Store

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# A connection attempt gives up after this long: the window never waits longer for an answer.
PROBE_TIMEOUT_S = 4


class ServerUnavailable(StoreError):
    """The server cannot be used now; ``str()`` names the cause and the server."""


def check_url(url: str) -> str:
    """``url`` without surrounding spaces, or InvalidInput saying what is wrong with it; a URL
    holding a password is refused (it would stay in settings.ini or the shell's history)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InvalidInput(
            "A server is given as postgresql://user@host:port/database (for example "
            "postgresql://anna@db.example.com:5432/pursuits?sslmode=verify-full)."
        )
    if parts.password is not None or any(
        key.lower() == "password" for key, _ in parse_qsl(parts.query)
    ):
        raise InvalidInput(
            "The server address holds a password. Remove it from the address (it would be kept "
            "in the settings and the command history): give it in ~/.pgpass, PGPASSWORD, a "
            "service file, or save it in the system keyring from Preferences."
        )
    if not parts.path.strip("/"):
        raise InvalidInput(
            "The server address names no database: add it after the port, as in "
            "postgresql://anna@db.example.com:5432/pursuits."
        )
    return url


def server_name(url: str) -> str:
    """The server as messages name it: ``user@host:port/dbname``, never a secret."""
    parts = urlsplit(url)
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    user = f"{parts.username}@" if parts.username else ""
    return f"{user}{parts.hostname or 'localhost'}:{port}/{parts.path.strip('/')}"


def plainly(error: ServerUnavailable) -> str:
    """``error`` said for a server that is asked, not for a save that failed."""
    return str(error)


def probe(url: str, password: str | None = None, timeout_s: int = PROBE_TIMEOUT_S) -> str:
    """Connect once, within ``timeout_s``, and say what answered ("PostgreSQL 15.4"); raises
    ServerUnavailable naming the cause. Safe to call from a worker thread."""
    import psycopg

    _scheme, _, rest = check_url(url).partition("://")
    extra = {"password": password} if password else {}
    try:
        with psycopg.connect(
            "postgresql://" + rest, connect_timeout=timeout_s, **extra
        ) as connection:
            version = connection.info.server_version
    except psycopg.Error as error:
        name = server_name(url)
        if "password" in str(error).lower():
            raise ServerUnavailable(
                f"The server {name} refused the password (wrong password or user name). "
                "Check it, then try again."
            ) from error
        raise ServerUnavailable(
            f"The server {name} does not answer (it may be down, or this computer is offline)."
        ) from error
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def open_server_store(url: str, password: str | None = None) -> Store:
    """The store on the server at ``url``; raises ServerUnavailable."""
    probe(url, password)
    raise ServerUnavailable(f"The server {server_name(url)} cannot be opened by this version.")


def save_password(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the system keyring; raises StoreError."""
    raise StoreError("The system keyring cannot be used by this version.")


def forget_password(url: str) -> None:
    """Remove the password kept for ``url``, if any."""
