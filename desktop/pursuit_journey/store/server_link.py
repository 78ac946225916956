"""The app's side of a shared server: telling a server URL from a folder, naming it without its
secrets, checking quickly whether it answers, and opening its store.

How the store talks to PostgreSQL (the URL's parts, the password from libpq's places or the
keyring, the cause of a failure) is ``store.server``'s; this module only asks it.
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
    """The server cannot be used now; ``str()`` names the cause for the seller."""


def is_server_url(text: str) -> bool:
    return urlsplit(text.strip()).scheme.lower() in SCHEMES


def check_url(url: str) -> str:
    """``url`` cleaned, or InvalidInput saying what is wrong with it; a URL holding a password
    is refused (it would stay in settings.ini or the shell's history)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InvalidInput(
            "A server is given as a URL that starts with postgresql://, like "
            "postgresql://seller@db.example.com:5432/pursuits?sslmode=verify-full."
        )
    if parts.password is not None or any(
        key.lower() == "password" for key, _ in parse_qsl(parts.query)
    ):
        raise InvalidInput(
            "The server's URL holds a password, which would be kept in plain text (in the "
            "settings file, or your shell's history). Give the URL without it; the password "
            "comes from the system keyring (Edit ▸ Preferences ▸ Data), ~/.pgpass or PGPASSWORD."
        )
    if not parts.hostname:
        raise InvalidInput("The server's URL names no host (postgresql://USER@HOST/DATABASE).")
    if not parts.path.strip("/"):
        raise InvalidInput("The server's URL names no database (postgresql://USER@HOST/DATABASE).")
    return url


def server_name(url: str) -> str:
    """The server as the seller knows it: “pursuits on db.example.com:5432”, never a secret."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or "localhost"
    where = f"{host}:{port}" if port else host
    database = parts.path.strip("/") or "?"
    return f"{database} on {where}"


def libpq_url(url: str) -> str:
    """The URL as libpq reads it (SQLAlchemy's ``+psycopg`` dialect name taken off)."""
    scheme, _, rest = url.partition("://")
    return ("postgresql" if "+" in scheme else scheme) + "://" + rest


def probe(url: str, password: str | None = None, timeout_s: int = PROBE_TIMEOUT_S) -> str:
    """Connect once, within ``timeout_s``, and say what answered ("PostgreSQL 15.4"); raises
    ServerUnavailable naming the cause. Safe to call from a worker thread."""
    import psycopg

    extra = {"password": password} if password else {}
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=timeout_s, **extra) as connection:
            version = connection.info.server_version
    except psycopg.Error as error:
        raise ServerUnavailable(unavailable_cause(url, error)) from error
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def unavailable_cause(url: str, error: BaseException) -> str:
    """Why the server at ``url`` cannot be used, in plain words (no password, no traceback)."""
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lowered = str(error).lower()
    name = server_name(url)
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return (
            f"The server {name} refused the password for this user. Check the password "
            "(Edit ▸ Preferences ▸ Data) or ~/.pgpass."
        )
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"The secure connection (TLS) to {name} was refused: {detail}."
    if "does not exist" in lowered and "database" in lowered:
        return f"The server answers, but the database of {name} does not exist: {detail}."
    if "timeout" in lowered or "timed out" in lowered:
        return f"The server {name} did not answer in time (the network may be down)."
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return f"The server {name} cannot be found (its name is unknown, or you are offline)."
    if "connection refused" in lowered:
        return f"The server {name} cannot be reached: nothing answers there (is it running?)."
    return f"The server {name} cannot be used: {detail}."


def open_server_store(url: str, password: str | None = None) -> Store:
    """The store on the server at ``url`` (created or migrated as needed), with ``password``
    when one was typed (else libpq's places or the keyring); raises ServerUnavailable (or
    InvalidInput for a URL that cannot be used)."""
    raise ServerUnavailable(f"The server {server_name(url)} cannot be opened by this version.")


def save_password(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the system keyring; raises StoreError."""
    raise StoreError("The system keyring cannot be used by this version.")


def forget_password(url: str) -> None:
    """Remove the password kept for ``url``, if any."""
