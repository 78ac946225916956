"""The start-up check of the database file, and moving a damaged one aside."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from pursuit_journey.paths import Paths
from pursuit_journey.store.backup import backup_database
from pursuit_journey.store.cancel import Cancellation, Cancelled
from pursuit_journey.store.health import (
    Choice,
    Problem,
    check_database,
    diagnose,
    diagnose_thoroughly,
    integrity_check,
    move_aside,
    newest_good_backup,
    quick_check,
    recover,
)
from pursuit_journey.store.repository import Store


def make_database(path: Path, names: tuple[str, ...] = ("Acme",)) -> None:
    store = Store.open(path)
    for name in names:
        store.create_pursuit(name, notes="x" * 3000)
    store.close()  # the last close folds the log into the file


def corrupt_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:16] = b"Not SQLite here!"
    path.write_bytes(bytes(data))


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncate_to_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


def damage_a_table_page(path: Path) -> None:
    # The pursuit table's root page: scribble over its cell pointers and cells.
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'pursuit'"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = bytes([0xA5]) * (page_size - 8)
    path.write_bytes(bytes(data))


def future_schema(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
        connection.commit()


def another_application(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (corrupt_header, Problem.NOT_SQLITE),
        (truncate_half, Problem.TRUNCATED),
        (truncate_to_header, Problem.TRUNCATED),
        (damage_a_table_page, Problem.DAMAGED),
        (future_schema, Problem.TOO_NEW),
        (another_application, Problem.NOT_OURS),
    ],
)
def test_an_unusable_file_is_recognised_without_being_changed(
    tmp_path: Path, spoil: Callable[[Path], None], problem: Problem
) -> None:
    database = tmp_path / "pursuits.sqlite3"
    make_database(database)
    assert check_database(database).ok
    spoil(database)
    before = database.read_bytes()

    health = check_database(database)

    assert health.problem is problem, health
    assert problem.explanation
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (corrupt_header, Problem.NOT_SQLITE),
        (truncate_half, Problem.TRUNCATED),
        (truncate_to_header, Problem.TRUNCATED),
        (future_schema, Problem.TOO_NEW),
        (another_application, Problem.NOT_OURS),
    ],
)
def test_the_quick_start_up_check_catches_what_it_can_without_reading_every_page(
    paths: Paths, spoil: Callable[[Path], None], problem: Problem
) -> None:
    make_database(paths.database)
    assert quick_check(paths.database).ok
    spoil(paths.database)
    before = paths.database.read_bytes()

    damage = diagnose(paths.database, paths.backups_dir)

    assert damage is not None and damage.health.problem is problem
    assert paths.database.read_bytes() == before


def test_a_damaged_page_passes_the_quick_check_and_fails_the_full_one(paths: Paths) -> None:
    make_database(paths.database, ("One", "Two"))
    backup = backup_database(paths.database, paths.backups_dir, "daily", datetime(2026, 3, 1))
    damage_a_table_page(paths.database)
    before = paths.database.read_bytes()

    assert diagnose(paths.database, paths.backups_dir) is None  # start-up opens it
    assert integrity_check(paths.database).problem is Problem.DAMAGED
    damage = diagnose_thoroughly(paths.database, paths.backups_dir)

    assert damage is not None and damage.health.problem is Problem.DAMAGED
    assert damage.backup is not None and damage.backup.path == backup
    assert paths.database.read_bytes() == before


def test_a_stopped_full_check_says_nothing_about_the_file(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    make_database(database)
    cancel = Cancellation()
    cancel.cancel()
    with pytest.raises(Cancelled):
        integrity_check(database, cancel)
    with pytest.raises(Cancelled):
        diagnose_thoroughly(database, tmp_path / "backups", cancel)


def test_a_missing_or_empty_file_is_a_new_database(tmp_path: Path) -> None:
    assert check_database(tmp_path / "none.sqlite3").ok
    (tmp_path / "empty.sqlite3").touch()
    assert check_database(tmp_path / "empty.sqlite3").ok


def test_a_damaged_file_is_moved_aside_with_its_log_untouched(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    database.write_bytes(b"main")
    Path(f"{database}-wal").write_bytes(b"log")
    Path(f"{database}-shm").write_bytes(b"index")

    kept = move_aside(database, datetime(2026, 3, 2, 14, 5, 9))

    assert kept.name == "pursuits.sqlite3.damaged-20260302-140509"
    assert kept.read_bytes() == b"main"
    assert Path(f"{kept}-wal").read_bytes() == b"log"
    assert Path(f"{kept}-shm").read_bytes() == b"index"
    assert not database.exists() and not Path(f"{database}-wal").exists()
    database.write_bytes(b"again")
    assert move_aside(database, datetime(2026, 3, 2, 14, 5, 9)).name.endswith("-1")


def test_the_newest_backup_that_passes_the_check_is_offered(paths: Paths) -> None:
    make_database(paths.database, ("One", "Two"))
    good = backup_database(paths.database, paths.backups_dir, "daily", datetime(2026, 3, 1))
    bad = backup_database(paths.database, paths.backups_dir, "auto", datetime(2026, 3, 2))
    truncate_half(bad)

    offered = newest_good_backup(paths.backups_dir)

    assert offered is not None and offered.path == good
    assert offered.pursuit_count == 2


def test_recovery_choices(paths: Paths) -> None:
    make_database(paths.database, ("From the backup",))
    backup_database(paths.database, paths.backups_dir, "daily", datetime(2026, 3, 1))
    corrupt_header(paths.database)
    damaged = paths.database.read_bytes()
    damage = diagnose(paths.database, paths.backups_dir)
    assert damage is not None and damage.backup is not None

    assert recover(damage, Choice.QUIT) is None
    assert paths.database.read_bytes() == damaged  # quitting leaves everything as it was

    kept = recover(damage, Choice.RESTORE_BACKUP, datetime(2026, 3, 2, 9))
    assert kept is not None and kept.read_bytes() == damaged
    assert diagnose(paths.database, paths.backups_dir) is None
    store = Store.open(paths.database, paths.backups_dir)
    assert [s.name for s in store.pursuit_summaries()] == ["From the backup"]
    store.close()

    truncate_half(paths.database)
    damage = diagnose(paths.database, paths.backups_dir)
    assert damage is not None
    kept = recover(damage, Choice.NEW_DATABASE, datetime(2026, 3, 2, 10))
    assert kept is not None and kept.exists() and not paths.database.exists()
    store = Store.open(paths.database, paths.backups_dir)
    assert store.pursuit_count() == 0
    store.close()
