"""Is the database file usable? Checked quickly at start-up, before anything writes to it, and
fully (``integrity_check``) in the background once the window is up.

A damaged file is never overwritten: it is moved aside as ``NAME.damaged-<timestamp>`` (with its
write-ahead log and index, so the three still belong together) and the seller chooses between the
newest backup that passes the same check, a new empty database, or quitting.
"""

from __future__ import annotations

import enum
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .backup import BackupInfo, integrity_verdict, list_backups, replace_database, sidecars
from .cancel import Cancellation, Cancelled, watching
from .engine import connect_read_only
from .errors import Fault, StoreError, classify
from .schema import KNOWN_REVISIONS, NotADatabase, stored_revision

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100


class Problem(enum.Enum):
    NOT_SQLITE = "not_sqlite"
    NOT_OURS = "not_ours"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    TOO_NEW = "too_new"

    @property
    def explanation(self) -> str:
        return {
            Problem.NOT_SQLITE: "The file is not a database any more: its content was replaced "
            "or overwritten (by another program, a sync tool, or a disk fault).",
            Problem.NOT_OURS: "The file is a database of another application, not of "
            "Pursuit Journey.",
            Problem.TRUNCATED: "The file is incomplete: it is shorter than it should be (it may "
            "have been cut off while being copied or synced, or the disk is failing).",
            Problem.DAMAGED: "The file is damaged: SQLite's integrity check found errors in it.",
            Problem.TOO_NEW: "The file was written by a newer version of Pursuit Journey, which "
            "this version cannot read.",
        }[self]


@dataclass(frozen=True)
class Health:
    problem: Problem | None  # None: the file is fine (or new)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


HEALTHY = Health(None)


def _expected_size(header: bytes) -> int | None:
    """The size the header promises (page size × page count), when the header vouches for it."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = header[24:28]
    valid_for = header[92:96]
    page_count = int.from_bytes(header[28:32], "big")
    if page_count == 0 or change_counter != valid_for:
        return None
    return page_size * page_count


def quick_check(path: Path) -> Health:
    """Whether ``path`` can be opened by this version, decided in milliseconds at any size.

    Everything short of reading every page: the file's size, its header, truncation against the
    page count the header promises, the file opening as our database and its schema revision
    being one this version knows. A missing or empty file is healthy (new). Opens the file
    read-only: the check never changes it (but a hot journal of a write cut short is rolled
    back, as any writing open does). A fault that is not damage (another program holds the
    file, a full disk, no permission) raises InUse, DiskFull, ReadOnly or StoreError.
    ``integrity_check`` (seconds on a big file) reads every page; it runs after start-up, off
    the GUI thread.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return HEALTHY
    if size == 0:
        return HEALTHY
    try:
        with open(path, "rb") as file:
            header = file.read(HEADER_SIZE)
    except OSError as error:  # not damage: no permission, a share gone away, a disk error
        raise StoreError(
            f"The database {path} cannot be read ({error.strerror}). Your pursuits are not "
            "lost: give yourself permission to read it (or reconnect its disk), then start "
            "Pursuit Journey again."
        ) from error
    if not (header.startswith(SQLITE_HEADER) or SQLITE_HEADER.startswith(header)):
        return Health(Problem.NOT_SQLITE, "it does not start like an SQLite database")
    if len(header) < HEADER_SIZE:
        return Health(Problem.TRUNCATED, f"it is only {size} bytes long")
    expected = _expected_size(header)
    if expected is not None and size < expected:
        return Health(Problem.TRUNCATED, f"it is {size} bytes long instead of {expected}")
    try:
        revision = stored_revision(path)
    except NotADatabase as error:
        message = str(error)
        problem = Problem.NOT_OURS if "another application" in message else Problem.DAMAGED
        return Health(problem, message)
    if revision is not None and revision not in KNOWN_REVISIONS:
        return Health(Problem.TOO_NEW, f"its schema version is {revision}")
    return HEALTHY


def integrity_check(path: Path, cancel: Cancellation | None = None) -> Health:
    """SQLite's ``PRAGMA integrity_check`` of every page, through a read-only connection of its
    own (a consistent snapshot even while the app writes). Raises Cancelled when stopped."""
    if not path.exists() or path.stat().st_size == 0:
        return HEALTHY
    try:
        with (
            closing(connect_read_only(path)) as connection,
            watching(cancel, connection),
        ):
            verdict = integrity_verdict(connection)
    except sqlite3.Error as error:
        if cancel is not None and cancel.cancelled:
            raise Cancelled(f"the check of {path} was stopped") from error
        if classify(error, path) is not Fault.DAMAGED:
            # Busy, full, unreadable: not damage. A file is never moved aside on a guess.
            return HEALTHY
        return Health(Problem.DAMAGED, str(error))
    if verdict != "ok":
        return Health(Problem.DAMAGED, verdict)
    return HEALTHY


def check_database(path: Path, cancel: Cancellation | None = None) -> Health:
    """The quick check, then the full ``integrity_check``: what a backup must pass to be offered."""
    health = quick_check(path)
    return integrity_check(path, cancel) if health.ok else health


def damaged_name(database: Path, when: datetime | None = None) -> Path:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return database.with_name(f"{database.name}.damaged-{stamp}")


def move_aside(database: Path, when: datetime | None = None) -> Path:
    """Rename ``database`` (and its -wal/-shm) to ``NAME.damaged-<timestamp>``; returns that.

    The files are renamed, never copied or rewritten, so not one byte of them changes.
    """
    target = damaged_name(database, when)
    counter = 1
    while target.exists():
        target = target.with_name(f"{damaged_name(database, when).name}-{counter}")
        counter += 1
    for sidecar in sidecars(database):
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + sidecar.name[len(database.name) :]))
    os.replace(database, target)
    return target


def newest_good_backup(folder: Path, cancel: Cancellation | None = None) -> BackupInfo | None:
    """The newest backup that passes the full check, or None."""
    for info in list_backups(folder):
        try:
            good = info.readable and check_database(info.path, cancel).ok
        except StoreError:  # held by another program, unreadable: not one to offer now
            continue
        if good:
            return info
    return None


class Choice(enum.Enum):
    RESTORE_BACKUP = "restore"
    NEW_DATABASE = "new"
    QUIT = "quit"


@dataclass(frozen=True)
class Damage:
    """What start-up found wrong with the database, and the backup it can offer."""

    database: Path
    health: Health
    backup: BackupInfo | None


def diagnose(database: Path, backups_dir: Path) -> Damage | None:
    """The start-up decision, fast at any size: None when the database passes the quick check;
    otherwise what is wrong and the best backup. ``diagnose_thoroughly`` follows, off the GUI
    thread, once the window is up."""
    health = quick_check(database)
    if health.ok:
        return None
    return Damage(database, health, newest_good_backup(backups_dir))


def diagnose_thoroughly(
    database: Path, backups_dir: Path, cancel: Cancellation | None = None
) -> Damage | None:
    """The full check (quick check and ``integrity_check``) of a database that may be open and
    in use; what is wrong and the best backup, or None. Slow: run it in a worker thread.
    Raises Cancelled when stopped."""
    health = check_database(database, cancel)
    if health.ok:
        return None
    return Damage(database, health, newest_good_backup(backups_dir, cancel))


def recover(damage: Damage, choice: Choice, when: datetime | None = None) -> Path | None:
    """Carry out the seller's choice; returns where the damaged file was kept (None on quit).

    QUIT leaves every file exactly as it is (a newer version of the app may still open it).
    """
    if choice is Choice.QUIT:
        return None
    if choice is Choice.RESTORE_BACKUP and damage.backup is None:
        raise ValueError("there is no backup to restore")
    kept = move_aside(damage.database, when)
    if choice is Choice.RESTORE_BACKUP:
        assert damage.backup is not None
        replace_database(damage.backup.path, damage.database)
    return kept
