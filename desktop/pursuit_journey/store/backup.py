"""Consistent copies of the database, taken with SQLite's online backup API, and their upkeep.

A backup is never a file copy of a live database: SQLite's backup API reads a consistent snapshot
even while the app writes (WAL). Every copy is checked with ``PRAGMA integrity_check`` before it is
kept, and it is private to the user (mode 0600, folder 0700).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..domain.retention import RetentionSettings, backups_to_remove
from .cancel import Cancellation, Cancelled, watching

_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^pursuits-(\d{8}-\d{6}-\d{6})-(.+)\.sqlite3$")
PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_SECONDS = 3600


class BackupError(Exception):
    """A backup or a restore did not happen; ``str()`` is for the seller. Nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, as listed to the seller."""

    path: Path
    taken_at: datetime  # local wall-clock time, from the file name
    reason: str
    pursuit_count: int | None  # None: the file could not be read

    @property
    def readable(self) -> bool:
        return self.pursuit_count is not None


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime(_STAMP_FORMAT)
    return f"pursuits-{stamp}-{reason}.sqlite3"


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), _STAMP_FORMAT), match.group(2)
    except ValueError:
        return None


def _private_new_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def integrity_verdict(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows[:5]) if rows else "no answer"


def copy_verified(source_path: Path, target: Path, cancel: Cancellation | None = None) -> None:
    """Copy the database at ``source_path`` into the new file ``target`` (which must not exist).

    The copy is a rollback-journal file, checked with ``integrity_check``; on any failure it is
    removed and BackupError raised (Cancelled when ``cancel`` stopped it). The copy reads through
    its own connection: SQLite's backup API takes a consistent snapshot while the app writes.
    """
    _private_new_file(target)
    try:
        with (
            closing(sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(target)) as copy,
            watching(cancel, copy),
        ):
            source.backup(copy)  # one step: a step-wise copy restarts whenever the app writes
            if cancel is not None:
                cancel.raise_if_cancelled()
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = integrity_verdict(copy)
        if verdict != "ok":
            raise BackupError(f"the copy failed its integrity check: {verdict}")
        with open(target, "rb+") as written:
            os.fsync(written.fileno())
    except (sqlite3.Error, OSError, BackupError, Cancelled) as error:
        target.unlink(missing_ok=True)
        if cancel is not None and cancel.cancelled:
            raise Cancelled(f"the copy of {source_path} was stopped") from error
        raise BackupError(f"Could not copy {source_path}: {error}") from error


def backup_database(
    database: Path,
    folder: Path,
    reason: str = "manual",
    when: datetime | None = None,
    cancel: Cancellation | None = None,
) -> Path:
    """Copy ``database`` into ``folder`` (mode 0600) and verify the copy; returns its path.

    The copy is written under a temporary name that is never listed as a backup, and renamed
    only once verified: a copy that fails ``PRAGMA integrity_check``, is stopped by ``cancel``
    (Cancelled) or is cut short by a crash never shows up among the backups.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Could not create the backup folder {folder}: {error}") from error
    moment = when or datetime.now()
    target = folder / backup_name(reason, moment)
    while target.exists() or partial_name(target).exists():  # same microsecond (tests, clocks)
        moment += timedelta(microseconds=1)
        target = folder / backup_name(reason, moment)
    partial = partial_name(target)
    try:
        copy_verified(database, partial, cancel)
    except BackupError as error:
        raise BackupError(f"Could not back up {database}: {error.__cause__ or error}") from error
    try:
        os.replace(partial, target)
        _fsync_folder(folder)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not back up {database}: {error}") from error
    return target


def partial_name(target: Path) -> Path:
    """Where a backup is written until it is verified; not a backup name, so never listed."""
    return target.with_name(target.name + PARTIAL_SUFFIX)


def remove_stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Remove copies left half-written by a crash or a power cut (older than an hour).

    An hour is far longer than any backup takes, so a copy still being written is never one.
    """
    if not folder.is_dir():
        return []
    limit = (now if now is not None else time.time()) - STALE_PARTIAL_SECONDS
    removed = []
    for path in folder.glob(f"pursuits-*{PARTIAL_SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # the next thinning tries again
    return removed


def count_pursuits(path: Path) -> int | None:
    """How many pursuits the file holds, or None when it cannot be read as our database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return int(connection.execute("SELECT count(*) FROM pursuit").fetchone()[0])
    except sqlite3.Error:
        return None


def list_backups(folder: Path, *, with_counts: bool = True) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (files not named like a backup are ignored)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is None or not path.is_file():
            continue
        taken_at, reason = parsed
        count = count_pursuits(path) if with_counts else None
        found.append(BackupInfo(path, taken_at, reason, count))
    found.sort(key=lambda info: info.taken_at, reverse=True)
    return found


def newest_backup_time(folder: Path) -> datetime | None:
    backups = list_backups(folder, with_counts=False)
    return backups[0].taken_at if backups else None


def backup_is_due(folder: Path, now: datetime, every: timedelta = timedelta(days=1)) -> bool:
    newest = newest_backup_time(folder)
    return newest is None or now - newest >= every or newest > now


def thin_backups(
    folder: Path, now: datetime | None = None, settings: RetentionSettings | None = None
) -> list[Path]:
    """Remove the backups the retention rule no longer keeps; returns the removed files."""
    backups = list_backups(folder, with_counts=False)
    by_time: dict[datetime, list[Path]] = {}
    for info in backups:
        by_time.setdefault(info.taken_at, []).append(info.path)
    removed = remove_stale_partials(folder)
    for stamp in backups_to_remove(by_time, now or datetime.now(), settings):
        for path in by_time[stamp]:
            try:
                path.unlink()
            except OSError:
                continue  # kept one more time is no harm; the next thinning tries again
            removed.append(path)
    return removed


def sidecars(database: Path) -> Iterable[Path]:
    """SQLite's write-ahead log and shared-memory index of ``database``."""
    return (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))


IN_USE = (
    "The database is in use by another program, so it was not replaced. "
    "Close that program and try again."
)


def checkpoint_and_close(database: Path) -> None:
    """Fold the write-ahead log into ``database`` so that no stale log outlives a replacement.

    Call it only when the app itself holds no connection (the store's engine is disposed): the
    last connection to close removes the -wal and -shm files, so any left afterwards belong to
    another program. Raises BackupError then.
    """
    if database.exists():
        try:
            with closing(sqlite3.connect(database, timeout=1.0)) as connection:
                busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as error:
            raise BackupError(f"Could not prepare {database} for the restore: {error}") from error
        if busy:
            raise BackupError(IN_USE)
    if any(sidecar.exists() for sidecar in sidecars(database)):
        raise BackupError(IN_USE)


def replace_database(backup: Path, database: Path) -> None:
    """Put a verified copy of ``backup`` in place of ``database``, atomically.

    The copy is made beside the database (same file system), verified, then renamed over it:
    at every moment the database is either the old file or the complete new one. The caller
    must have closed every connection to ``database`` first.
    """
    temporary = database.with_name(f"{database.name}.restoring-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    copy_verified(backup, temporary)
    try:
        checkpoint_and_close(database)
        os.replace(temporary, database)
        _fsync_folder(database.parent)
    except (OSError, BackupError) as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"Could not replace {database}: {error}") from error


def restore_backup(backup: Path, database: Path, folder: Path) -> Path:
    """Back up the current ``database``, then replace it with ``backup``; returns the safety copy.

    The caller disposes of its engine before and reopens the database after.
    """
    from .schema import KNOWN_REVISIONS, SchemaError, stored_revision

    try:
        revision = stored_revision(backup)
    except SchemaError as error:
        raise BackupError(f"That backup cannot be used: {error}") from error
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise BackupError("That backup was made by a newer version of Pursuit Journey.")
    safety = backup_database(database, folder, "before-restore")
    replace_database(backup, database)
    return safety
