"""Consistent copies of the database, taken with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path


class BackupError(Exception):
    pass


def backup_name(reason: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    return f"pursuits-{stamp}-{reason}.sqlite3"


def backup_database(database: Path, folder: Path, reason: str = "manual") -> Path:
    """Copy ``database`` into ``folder`` (mode 0600) and verify the copy; returns its path.

    A copy that fails ``PRAGMA integrity_check`` is removed and BackupError raised.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / backup_name(reason)
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        with (
            closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()
        if not verdict or verdict[0] != "ok":
            raise BackupError(f"the copy of {database} failed its integrity check: {verdict}")
    except (sqlite3.Error, BackupError) as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"Could not back up {database}: {error}") from error
    return target
