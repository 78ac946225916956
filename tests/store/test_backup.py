"""Backups on real files: listing, thinning, restoring, permissions."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pursuit_journey.domain.vocabulary import Outcome
from pursuit_journey.paths import Paths
from pursuit_journey.store.backup import (
    PARTIAL_SUFFIX,
    backup_database,
    backup_is_due,
    list_backups,
    partial_name,
    remove_stale_partials,
    thin_backups,
)
from pursuit_journey.store.cancel import Cancellation, Cancelled
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.repository import Store


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """About the file itself: SQLite alone (the server keeps its own files and backups)."""
    return sqlite_store


def dump(database: Path) -> list[str]:
    """Every table's rows, as SQL text (the schema and the data)."""
    with closing(sqlite3.connect(database)) as connection:
        return list(connection.iterdump())


def fill(store: Store) -> None:
    pursuit = store.create_pursuit("Acme renewal", client="Acme")
    assert pursuit.id is not None
    first = store.add_step(pursuit.id, title="Discovery", decision_needed="Agree to a pilot ✓")
    store.add_step(pursuit.id, title="Demo", decision_needed="Pick the team")
    store.record_outcome(first.id, Outcome.ADVANCED, decision_made="Pilot agreed")
    person = store.add_person(pursuit.id, "Dana")
    store.set_attendees(first.id, [person.id])


def test_backup_then_restore_gives_identical_data(store: Store, paths: Paths) -> None:
    fill(store)
    before = dump(paths.database)
    backup = store.back_up("manual")
    # The seller goes on working, then wants the earlier state back.
    store.create_pursuit("Globex")
    store.delete_pursuit(store.pursuit_summaries()[0].id)
    changed = dump(paths.database)
    assert changed != before

    safety = store.restore_backup(backup)

    assert dump(paths.database) == before
    assert dump(safety) == changed  # the state before the restore is itself a backup
    assert [s.name for s in store.pursuit_summaries()] == ["Acme renewal"]
    store.create_pursuit("After the restore")  # the store works on the restored file
    assert store.pursuit_count() == 2
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
    leftovers = [p.name for p in paths.data_dir.iterdir() if "restoring" in p.name]
    assert leftovers == []


def test_backups_are_private_and_verified(store: Store, paths: Paths) -> None:
    fill(store)
    backup = store.back_up("manual")
    assert stat.S_IMODE(paths.backups_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # A self-contained file: no write-ahead log needed to read it.
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_backups_are_listed_newest_first_with_date_and_pursuit_count(
    store: Store, paths: Paths
) -> None:
    store.create_pursuit("One")
    older = backup_database(paths.database, paths.backups_dir, "daily", datetime(2026, 2, 1, 9))
    store.create_pursuit("Two")
    newer = backup_database(paths.database, paths.backups_dir, "manual", datetime(2026, 3, 1, 9))
    (paths.backups_dir / "notes.txt").write_text("not a backup")
    (paths.backups_dir / "pursuits-20260302-000000-000000-auto.sqlite3").write_bytes(b"junk")

    listed = list_backups(paths.backups_dir)

    assert [info.path for info in listed[1:]] == [newer, older]
    assert [(info.reason, info.pursuit_count) for info in listed] == [
        ("auto", None),
        ("manual", 2),
        ("daily", 1),
    ]
    assert listed[1].taken_at == datetime(2026, 3, 1, 9)


def test_thinning_removes_what_the_rule_does_not_keep(store: Store, paths: Paths) -> None:
    store.create_pursuit("One")
    now = datetime(2026, 3, 2, 12)
    moments = [now - timedelta(hours=h) for h in (1, 2, 30, 100, 101, 102, 24 * 500)]
    for moment in moments:
        backup_database(paths.database, paths.backups_dir, "auto", moment)

    removed = thin_backups(paths.backups_dir, now)

    remaining = {info.taken_at for info in list_backups(paths.backups_dir)}
    # today (2), yesterday (1), the newest of 2026-02-26 (100-102 h ago); not the 500-day one.
    assert remaining == {moments[0], moments[1], moments[2], moments[3]}
    assert len(removed) == 3 and not any(p.exists() for p in removed)


def test_a_backup_is_due_when_the_newest_is_a_day_old(store: Store, paths: Paths) -> None:
    now = datetime(2026, 3, 2, 12)
    assert backup_is_due(paths.backups_dir, now)
    backup_database(paths.database, paths.backups_dir, "daily", now - timedelta(hours=25))
    assert backup_is_due(paths.backups_dir, now)
    backup_database(paths.database, paths.backups_dir, "auto", now - timedelta(hours=3))
    assert not backup_is_due(paths.backups_dir, now)


def test_a_backup_from_a_newer_version_is_not_restored(
    store: Store, paths: Paths, tmp_path: Path
) -> None:
    store.create_pursuit("Mine")
    future = tmp_path / "pursuits-20260301-000000-000000-manual.sqlite3"
    with closing(sqlite3.connect(future)) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
        connection.commit()
    before = dump(paths.database)
    with pytest.raises(StoreError, match="newer version"):
        store.restore_backup(future)
    assert dump(paths.database) == before
    assert store.pursuit_count() == 1


def test_a_restore_is_refused_while_another_program_has_the_database_open(
    store: Store, paths: Paths
) -> None:
    store.create_pursuit("Mine")
    backup = store.back_up()
    store.create_pursuit("Newer")
    with closing(sqlite3.connect(paths.database)) as other:
        other.execute("SELECT count(*) FROM pursuit").fetchone()
        with pytest.raises(StoreError, match="in use by another program"):
            store.restore_backup(backup)
    assert store.pursuit_count() == 2  # untouched, and still usable
    store.restore_backup(backup)
    assert store.pursuit_count() == 1


def test_a_stopped_backup_leaves_nothing_behind(store: Store, paths: Paths) -> None:
    fill(store)
    cancel = Cancellation()
    cancel.cancel()
    with pytest.raises(Cancelled):
        backup_database(paths.database, paths.backups_dir, "auto", cancel=cancel)
    assert list(paths.backups_dir.iterdir()) == []


def test_a_copy_is_listed_only_once_verified_and_stale_partials_are_thinned(
    store: Store, paths: Paths
) -> None:
    fill(store)
    made = backup_database(paths.database, paths.backups_dir, "auto")
    assert not partial_name(made).exists()
    # What a crash in the middle of a copy leaves: a file under the temporary name.
    leftover = partial_name(paths.backups_dir / made.name.replace("auto", "manual"))
    leftover.write_bytes(made.read_bytes()[:4096])
    assert [b.path for b in list_backups(paths.backups_dir)] == [made]

    assert remove_stale_partials(paths.backups_dir) == []  # it might still be being written
    assert remove_stale_partials(paths.backups_dir, now=time.time() + 3601) == [leftover]
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == [made.name]


KEEP_BACKING_UP = """
import sys
from pathlib import Path
from pursuit_journey.store.backup import backup_database
while True:
    backup_database(Path(sys.argv[1]), Path(sys.argv[2]), "auto")
"""


def test_a_backup_killed_in_the_middle_never_shows_up_as_a_backup(
    store: Store, paths: Paths
) -> None:
    from pursuit_journey.bench.dataset import build_dataset

    build_dataset(store, 60, steps_per_pursuit=10)
    store.close()
    interrupted = False
    for _attempt in range(10):  # the kill lands mid-copy nearly always; try until it did
        child = subprocess.Popen(
            [sys.executable, "-c", KEEP_BACKING_UP, str(paths.database), str(paths.backups_dir)]
        )
        try:
            while not list(paths.backups_dir.glob(f"*{PARTIAL_SUFFIX}")):
                assert child.poll() is None, "the backing-up process ended"
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        interrupted = interrupted or bool(list(paths.backups_dir.glob(f"*{PARTIAL_SUFFIX}")))
        for info in list_backups(paths.backups_dir):
            with closing(sqlite3.connect(info.path)) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert info.pursuit_count == 60
        if interrupted:
            break
    assert interrupted
