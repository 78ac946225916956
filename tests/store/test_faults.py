"""Faults while running: a locked database, a full disk, a process killed at any moment."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from pursuit_journey.paths import Paths
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.exchange import dump_document, load_document
from pursuit_journey.store.health import check_database
from pursuit_journey.store.repository import Store

HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def hold_write_lock(database: Path) -> subprocess.Popen[str]:
    """Another process that holds the database's write lock until ``release``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    if holder.poll() is None:
        holder.stdin.write("\n")
        holder.stdin.flush()
    holder.wait(timeout=10)


def test_a_database_locked_beyond_the_busy_timeout_gives_a_message(paths: Paths) -> None:
    store = Store.open(paths.database, paths.backups_dir, busy_timeout_ms=150)
    store.create_pursuit("Saved before")
    holder = hold_write_lock(paths.database)
    try:
        with pytest.raises(StoreError, match="in use by another program"):
            store.create_pursuit("While locked")
        # Reading still works while another program writes (WAL).
        assert [s.name for s in store.pursuit_summaries()] == ["Saved before"]
    finally:
        release(holder)
    store.create_pursuit("While locked")  # the retry succeeds
    assert sorted(s.name for s in store.pursuit_summaries()) == ["Saved before", "While locked"]
    store.close()


def test_the_sample_and_an_import_on_a_locked_database_give_the_usual_message(
    paths: Paths,
) -> None:
    store = Store.open(paths.database, paths.backups_dir, busy_timeout_ms=150)
    document = load_document(dump_document(store.export_pursuit(store.create_sample_pursuit().id)))
    holder = hold_write_lock(paths.database)
    try:
        with pytest.raises(StoreError, match="in use by another program"):
            store.create_sample_pursuit()
        with pytest.raises(StoreError, match="in use by another program"):
            store.import_pursuit(document, as_copy=True)
    finally:
        release(holder)
    assert store.pursuit_count() == 1
    store.close()


def test_a_suspended_store_refuses_the_sample_export_and_import(paths: Paths) -> None:
    store = Store.open(paths.database, paths.backups_dir)
    pursuit = store.create_sample_pursuit()
    document = load_document(dump_document(store.export_pursuit(pursuit.id)))
    store.suspend("The database is damaged.")
    for action in (
        store.create_sample_pursuit,
        lambda: store.export_pursuit(pursuit.id),
        lambda: store.import_pursuit(document, as_copy=True),
    ):
        with pytest.raises(StoreError, match="The database is damaged"):
            action()
    store.reopen()
    assert store.pursuit_count() == 1
    store.close()


def limit_pages(store: Store, pages: int) -> None:
    """A full disk, the SQLite way: the file may not grow beyond ``pages`` pages."""

    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", on_connect)
    store.engine.dispose()


def test_a_full_disk_rolls_back_and_keeps_earlier_data(paths: Paths) -> None:
    store = Store.open(paths.database, paths.backups_dir)
    pursuit = store.create_pursuit("Earlier notes", notes="kept")
    assert pursuit.id is not None
    store.add_step(pursuit.id, title="First")
    with closing(sqlite3.connect(paths.database)) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    limit_pages(store, pages + 2)

    with pytest.raises(StoreError, match="disk is full"):
        store.add_step(pursuit.id, title="Huge", research="notes " * 50_000)

    assert [s.title for s in store.steps(pursuit.id)] == ["First"]
    assert store.pursuit(pursuit.id).notes == "kept"
    store.close()
    assert check_database(paths.database).ok
    reopened = Store.open(paths.database)
    assert [s.title for s in reopened.steps(pursuit.id)] == ["First"]
    reopened.close()


# ---- killed at any moment --------------------------------------------------------------------


def save_in_a_loop(database: str, round_number: int, acks: Connection) -> None:
    """Child process: save as fast as it can; report each save once the store returned."""
    store = Store.open(Path(database))
    pursuit = store.create_pursuit(f"round {round_number}")
    acks.send(("pursuit", pursuit.name))
    index = 0
    while True:
        step = store.add_step(pursuit.id, at=0, title=f"{round_number}-{index}")
        acks.send(("step", step.title))
        store.update_step(step.id, research=f"notes {index} " * 200)
        acks.send(("research", step.title))
        index += 1


def test_killing_the_process_at_random_moments_loses_no_acknowledged_save(
    tmp_path: Path,
) -> None:
    database = tmp_path / "pursuits.sqlite3"
    Store.open(database).close()
    # forkserver: children start from a clean, already-imported process in milliseconds.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pursuit_journey.store.repository"])
    chance = random.Random(7)
    acknowledged: list[tuple[str, str]] = []
    for round_number in range(15):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=save_in_a_loop, args=(str(database), round_number, sender), daemon=True
        )
        child.start()
        sender.close()
        # Wait for the first saves, then kill at a random moment of the loop.
        acknowledged += [receiver.recv(), receiver.recv()]
        receiver.poll(chance.uniform(0.0, 0.08))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join()
        while receiver.poll():
            try:
                acknowledged.append(receiver.recv())
            except EOFError:
                break
        receiver.close()

    assert check_database(database).ok
    store = Store.open(database)
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    pursuits = {s.name: s.id for s in store.pursuit_summaries()}
    titles: dict[str, str] = {}
    for pursuit_id in pursuits.values():
        positions = [s.position for s in store.steps(pursuit_id)]
        assert positions == list(range(len(positions)))
        titles.update({s.title: s.research for s in store.steps(pursuit_id)})
    store.close()
    saved_steps = 0
    for kind, value in acknowledged:
        if kind == "pursuit":
            assert value in pursuits
        elif kind == "step":
            assert value in titles
            saved_steps += 1
        else:
            assert titles[value].startswith("notes")
    assert len(pursuits) == 15 and saved_steps >= 15
