"""Faults at start-up, as a seller's machine makes them: a first start or an upgrade killed at
any statement, a hot journal, half a schema from an older version, another program holding the
file, a full disk, a read-only folder or file. Real processes, real SQLite files."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from schema_check import schema_differences
from sqlalchemy import text

from fault_tools import exclusive_lock, fill, python_as_a_user, read_only, small_file_system
from pursuit_journey.store import schema
from pursuit_journey.store.engine import BUSY_TIMEOUT_MS, make_engine
from pursuit_journey.store.errors import DiskFull, InUse
from pursuit_journey.store.health import diagnose, integrity_check, quick_check
from pursuit_journey.store.repository import Store

# ---- killed at every statement of the first start and of each upgrade ----------------------


def open_and_die_at(database: str, fatal_statement: int) -> None:
    """Child process: open the store; SIGKILL itself just before its ``fatal_statement``-th
    SQL statement (any engine), as a power cut or a kill would stop it."""
    from sqlalchemy import Engine, event

    count = 0

    def before(*_: object) -> None:
        nonlocal count
        count += 1
        if count == fatal_statement:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", before)
    Store.open(Path(database)).close()


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: children start from a clean, already-imported process in milliseconds.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["pursuit_journey.store.repository", "alembic.command", "alembic.config"]
    )
    return context


def at_revision(database: Path, revision: str | None) -> None:
    """A file at ``revision`` (None: no file yet) holding one pursuit made at the first one."""
    if revision is None:
        return
    engine = make_engine(database)
    schema.upgrade(engine, schema.KNOWN_REVISIONS[0])
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO pursuit (uid, name, client, currency, status, decision_criteria, "
                "decision_process, who_signs, paper_process, notes, created_at, updated_at) "
                "VALUES ('u1', 'Kept through the upgrade', 'Acme', 'EUR', 'active', '', '', "
                "'', '', 'n', '2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
    engine.dispose()
    schema.upgrade(make_engine(database), revision)
    assert schema.stored_revision(database) == revision


def schema_of(database: Path) -> set[tuple[str, str]]:
    """Every table and index the file holds, with its SQL (nothing when there is no file)."""
    if not database.exists():
        return set()
    with closing(sqlite3.connect(database)) as connection:
        return set(connection.execute("SELECT name, sql FROM sqlite_master WHERE sql NOT NULL"))


def assert_opens_whole(database: Path, names: list[str]) -> None:
    assert diagnose(database, database.parent / "backups") is None
    store = Store.open(database)
    try:
        assert schema.stored_revision(database) == schema.HEAD_REVISION
        assert [s.name for s in store.pursuit_summaries()] == names
        with store.engine.connect() as connection:
            assert schema_differences(connection) == []
        store.create_pursuit("After the restart")
    finally:
        store.close()
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    "start", [None, *schema.KNOWN_REVISIONS[:-1]], ids=lambda r: f"from-{r or 'nothing'}"
)
def test_a_kill_at_any_statement_of_creating_or_upgrading_never_bricks_the_next_start(
    tmp_path: Path, start: str | None
) -> None:
    original = tmp_path / "original.sqlite3"
    at_revision(original, start)
    names = [] if start is None else ["Kept through the upgrade"]
    finished = tmp_path / "finished.sqlite3"
    if original.exists():
        shutil.copy2(original, finished)
    Store.open(finished).close()
    before, after = schema_of(original), schema_of(finished)
    context = _context()
    killed = 0
    for fatal in range(1, 500):
        run = tmp_path / f"kill-{fatal}"
        run.mkdir()
        database = run / "pursuits.sqlite3"
        if original.exists():
            shutil.copy2(original, database)
        child = context.Process(target=open_and_die_at, args=(str(database), fatal))
        child.start()
        child.join(60)
        if child.exitcode == 0:
            break  # the whole open ran before this statement: every statement was tried
        assert child.exitcode == -signal.SIGKILL
        killed += 1
        # Atomic: the schema is all of the old one or all of the new one, never a mix.
        assert schema_of(database) in (before, after), f"killed at statement {fatal}"
        assert_opens_whole(database, names)
        shutil.rmtree(run)
    else:
        pytest.fail("the open never finished")
    assert killed >= 5  # the migration's statements were all among them


# ---- a hot journal, half a schema ------------------------------------------------------------

KILLED_IN_A_ROLLBACK_JOURNAL_WRITE = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode = DELETE")
connection.execute("PRAGMA cache_size = 1")  # pages spill into the file before the commit
connection.execute("BEGIN")
for number in range(400):
    connection.execute("INSERT INTO person (uid, pursuit_id, name, title, role, notes) "
                       "VALUES (?, 1, 'Half', '', 'user', ?)", (f"p{number}", "x" * 2000))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_hot_journal_left_by_a_kill_is_rolled_back_not_called_damage(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    store = Store.open(database)
    store.create_pursuit("Committed")
    store.close()
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_A_ROLLBACK_JOURNAL_WRITE, database])
    assert killed.returncode == -signal.SIGKILL
    assert database.with_name(database.name + "-journal").stat().st_size > 0

    assert quick_check(database).ok
    assert_opens_whole(database, ["Committed"])
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM person").fetchone() == (0,)


OLD_FIRST_START_CUT_SHORT = """
import sqlite3, sys
# What an older version left: each CREATE committed on its own, the kill before the rest.
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("CREATE TABLE pursuit (id INTEGER NOT NULL, uid VARCHAR NOT NULL, "
                   "CONSTRAINT pk_pursuit PRIMARY KEY (id))")
connection.execute("CREATE UNIQUE INDEX ix_pursuit_uid ON pursuit (uid)")
connection.execute("CREATE TABLE step (id INTEGER NOT NULL PRIMARY KEY)")
connection.close()
"""


def test_half_an_empty_schema_from_an_older_version_is_repaired(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    subprocess.run([sys.executable, "-c", OLD_FIRST_START_CUT_SHORT, database], check=True)
    assert quick_check(database).ok
    assert_opens_whole(database, [])


def test_half_a_schema_with_data_in_it_is_not_dropped(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    subprocess.run([sys.executable, "-c", OLD_FIRST_START_CUT_SHORT, database], check=True)
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("INSERT INTO step (id) VALUES (1)")
        connection.commit()
    before = database.read_bytes()
    with pytest.raises(schema.NotADatabase):
        Store.open(database)
    assert database.read_bytes() == before


def test_an_upgrade_an_older_version_cut_short_after_its_index_completes(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    at_revision(database, "0001_initial")
    with closing(sqlite3.connect(database)) as connection:  # the index made, the stamp not
        connection.execute(
            "CREATE INDEX ix_step_summary ON step "
            "(pursuit_id, position, outcome, held_on, planned_at)"
        )
        connection.commit()
    backups = tmp_path / "backups"
    Store.open(database, backups).close()
    assert_opens_whole(database, ["Kept through the upgrade"])
    assert len(list(backups.glob("*.sqlite3"))) == 1


# ---- another program, a full disk, a read-only folder or file: not damage ----------------


def make_database(database: Path, names: tuple[str, ...] = ("Acme",)) -> bytes:
    store = Store.open(database)
    for name in names:
        store.create_pursuit(name, notes="x" * 2000)
    store.close()  # the last close folds the log into the file and removes -wal and -shm
    return database.read_bytes()


def nothing_moved_aside(database: Path) -> bool:
    return not list(database.parent.glob("*.damaged-*"))


def test_a_file_held_exclusively_by_another_program_is_in_use_not_damaged(tmp_path: Path) -> None:
    database = tmp_path / "pursuits.sqlite3"
    make_database(database)
    with exclusive_lock(database):
        started = time.monotonic()
        with pytest.raises(InUse, match="in use by another program"):
            quick_check(database)
        # At most the busy timeout (and a little), not one timeout per check.
        assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000 + 2
        with pytest.raises(InUse):
            Store.open(database, busy_timeout_ms=200)
        assert integrity_check(database).ok  # the background check cannot read it: no verdict
    assert nothing_moved_aside(database)
    assert_opens_whole(database, ["Acme"])


@pytest.mark.parametrize("free_kb", [0, 8], ids=["completely-full", "8-KB-free"])
def test_a_full_disk_at_start_up_is_named_full_and_changes_nothing(
    tmp_path: Path, free_kb: int
) -> None:
    with small_file_system(tmp_path / "disk", 1024) as disk:
        database = disk / "pursuits.sqlite3"
        before = make_database(database)
        fill(disk, leave_bytes=free_kb * 1024)
        with contextlib.suppress(DiskFull):  # or named full already by the quick check
            assert diagnose(database, disk / "backups") is None  # never "damaged"
        with pytest.raises(DiskFull, match="The disk is full"):
            Store.open(database)
        assert database.read_bytes() == before and nothing_moved_aside(database)
        (disk / "filler").unlink()
        assert_opens_whole(database, ["Acme"])


def test_a_new_database_on_a_full_disk_is_named_full(tmp_path: Path) -> None:
    with small_file_system(tmp_path / "disk", 512) as disk:
        fill(disk)
        with pytest.raises(DiskFull, match="The disk is full"):
            Store.open(disk / "pursuits.sqlite3")
        (disk / "filler").unlink()
        assert_opens_whole(disk / "pursuits.sqlite3", [])


READ_AND_TRY_TO_WRITE = """
import json, sys
from pathlib import Path
from pursuit_journey.store.errors import ReadOnly
from pursuit_journey.store.health import diagnose, diagnose_thoroughly
from pursuit_journey.store.repository import Store
database = Path(sys.argv[1])
report = {"damage": diagnose(database, database.parent / "backups") is not None
          or diagnose_thoroughly(database, database.parent / "backups") is not None}
store = Store.open(database, database.parent / "backups")
report["reason"] = store.read_only_reason
report["names"] = [s.name for s in store.pursuit_summaries()]
report["steps"] = [s.title for s in store.steps(store.pursuit_summaries()[0].id)]
for action in (lambda: store.create_pursuit("Not saved"), lambda: store.back_up()):
    try:
        action()
    except ReadOnly as error:
        report.setdefault("refused", []).append(str(error))
store.close()
print(json.dumps(report))
"""


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_folder_or_file_opens_read_only_and_refuses_saves_with_the_reason(
    tmp_path: Path, what: str
) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    database = folder / "pursuits.sqlite3"
    store = Store.open(database)
    pursuit = store.create_pursuit("On the USB stick")
    store.add_step(pursuit.id, title="Read on the plane")
    store.close()
    before = database.read_bytes()
    read_only(database if what == "file" else folder)

    result = python_as_a_user(READ_AND_TRY_TO_WRITE, str(database))

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["damage"] is False
    assert report["names"] == ["On the USB stick"] and report["steps"] == ["Read on the plane"]
    assert f"The database {what} is read-only" in report["reason"]
    assert report["refused"] == [report["reason"], report["reason"]]
    assert database.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["pursuits.sqlite3"] or what == "file"


KILLED_AFTER_A_SAVE = """
import os, signal, sys
from pathlib import Path
from pursuit_journey.store.repository import Store
store = Store.open(Path(sys.argv[1]))
store.create_pursuit("Only in the log")
os.kill(os.getpid(), signal.SIGKILL)  # the save is in the -wal file, not yet in the database
"""

OPEN_AND_SAY = """
import sys
from pathlib import Path
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.health import diagnose
try:
    diagnose(Path(sys.argv[1]), Path(sys.argv[1]).parent / "backups")
except StoreError as error:
    print(type(error).__name__, error)
"""


def test_saves_left_in_the_log_of_a_read_only_folder_are_not_skipped_silently(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "copy"
    folder.mkdir()
    database = folder / "pursuits.sqlite3"
    make_database(database)
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_A_SAVE, database])
    assert killed.returncode == -signal.SIGKILL
    assert database.with_name(database.name + "-wal").stat().st_size > 0
    # Copied without its WAL index (-shm): the log cannot be read in a read-only folder.
    database.with_name(database.name + "-shm").unlink()
    read_only(folder)

    result = python_as_a_user(OPEN_AND_SAY, str(database))

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StoreError ")
    assert "still has saves in its -wal file" in result.stdout


def test_empty_tables_of_another_application_are_not_taken_for_half_a_schema(
    tmp_path: Path,
) -> None:
    database = tmp_path / "pursuits.sqlite3"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE person (name TEXT)")  # a name we use, but not ours
        connection.commit()
    before = database.read_bytes()
    with pytest.raises(schema.NotADatabase, match="another application"):
        Store.open(database)
    assert database.read_bytes() == before


def test_no_room_for_the_backup_before_an_upgrade_is_a_full_disk(tmp_path: Path) -> None:
    with small_file_system(tmp_path / "disk", 2048) as disk:
        database = disk / "pursuits.sqlite3"
        at_revision(database, schema.KNOWN_REVISIONS[0])
        with closing(sqlite3.connect(database)) as connection:
            connection.execute("UPDATE pursuit SET notes = ?", ("n" * 600_000,))
            connection.commit()
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = database.read_bytes()
        fill(disk, leave_bytes=200 * 1024)  # room to open it, not to copy it
        backups = disk / "backups"

        with pytest.raises(DiskFull, match="The disk is full"):
            Store.open(database, backups)

        assert database.read_bytes() == before
        assert schema.stored_revision(database) == schema.KNOWN_REVISIONS[0]
        assert not list(backups.glob("*"))  # no copy cut short left behind
        (disk / "filler").unlink()
        Store.open(database, backups).close()
        assert len(list(backups.glob("*.sqlite3"))) == 1
