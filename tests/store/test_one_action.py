"""``Store.one_action``: one user action's store actions in ONE transaction, on the file and on
the server: the reads and the write share it, a write's error is raised where it is called and
leaves the reads after it working, and a COMMIT that fails is said, not swallowed."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event

from pursuit_journey.store.errors import ChangedElsewhere, StoreError
from pursuit_journey.store.repository import Store

TODAY = date(2026, 3, 2)  # as the store fixture's (tests/store/conftest.py)


class Transactions:
    """The transactions ``engine`` begins and commits (its own events)."""

    def __init__(self, engine: Engine) -> None:
        self.begun = self.committed = 0
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._commit)

    def _begin(self, _connection: Any) -> None:
        self.begun += 1

    def _commit(self, _connection: Any) -> None:
        self.committed += 1


def _second(store: Store) -> Store:
    """Another computer on the same pursuits (another store on the same file or server)."""
    if store.shared:
        assert store.server_url is not None
        return Store.open_server(store.server_url.render_as_string(), today=lambda: TODAY)
    return Store.open(store.database, today=lambda: TODAY)


def test_the_reads_and_the_write_of_one_action_are_one_transaction(store: Store) -> None:
    pursuit = store.create_pursuit("Acme", "Acme Corp")
    step = store.add_step(pursuit.id, title="Discovery")
    elsewhere = _second(store)
    counted = Transactions(store.engine)
    changes = store.change_count
    try:
        with store.one_action():
            store.update_step(step.id, expected_version=step.version, title="Demo")
            assert store.step(step.id).title == "Demo"  # the read sees the write
            assert [s.title for s in store.steps(pursuit.id)] == ["Demo"]
            store.pursuit_summary(pursuit.id)
            store.people_at(step.id, pursuit.id)
            # Not committed until the action ends: another computer sees the old title.
            assert elsewhere.step(step.id).title == "Discovery"
        assert (counted.begun, counted.committed) == (1, 1)
        assert store.change_count == changes + 1  # counted once, at the one COMMIT
        assert elsewhere.step(step.id).title == "Demo"
    finally:
        elsewhere.close()


def test_an_action_that_only_reads_is_one_transaction_and_commits_nothing(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    store.add_step(pursuit.id, title="Discovery")
    counted = Transactions(store.engine)
    changes = store.change_count
    with store.one_action():
        store.steps(pursuit.id)
        store.pursuit(pursuit.id)
        store.momentum_lines()
    assert (counted.begun, counted.committed) == (1, 0)
    assert store.change_count == changes


def test_a_conflict_inside_is_raised_at_its_write_and_the_reads_after_it_work(
    store: Store,
) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id, title="Discovery")
    elsewhere = _second(store)
    try:
        elsewhere.update_step(step.id, title="Changed there")
        with store.one_action():
            store.rename_pursuit(pursuit.id, "Acme Group")  # a write that works, kept
            with pytest.raises(ChangedElsewhere) as raised:
                store.update_step(step.id, expected_version=step.version, title="Mine")
            assert raised.value.theirs == "Changed there"
            assert store.step(step.id).title == "Changed there"
            assert store.pursuit(pursuit.id).name == "Acme Group"
        assert elsewhere.pursuit(pursuit.id).name == "Acme Group"
        assert elsewhere.step(step.id).title == "Changed there"
    finally:
        elsewhere.close()


def test_a_write_that_breaks_a_rule_leaves_the_action_usable_and_its_other_writes(
    store: Store,
) -> None:
    # On PostgreSQL an error aborts the whole transaction: each write has its own savepoint.
    first = store.create_pursuit("Acme")
    second = store.create_pursuit("Globex")
    with store.one_action():
        store.rename_pursuit(first.id, "Acme Group")
        with pytest.raises(StoreError, match="breaks a rule"):
            store.update_pursuit(second.id, uid=first.uid)
        assert store.pursuit(second.id).uid == second.uid
        store.rename_pursuit(second.id, "Globex Europe")
    assert store.pursuit(first.id).name == "Acme Group"
    assert store.pursuit(second.id).name == "Globex Europe"
    assert store.pursuit(second.id).uid == second.uid


def test_a_scope_inside_another_commits_its_writes_at_its_own_end(store: Store) -> None:
    """A form saving before its step leaves the screen (inside selecting a pursuit) must
    know the save is kept before it lets the step go."""
    pursuit = store.create_pursuit("Acme")
    elsewhere = _second(store)
    try:
        with store.one_action():
            store.pursuit(pursuit.id)
            with store.one_action():
                store.rename_pursuit(pursuit.id, "Acme Group")
            assert elsewhere.pursuit(pursuit.id).name == "Acme Group"
            store.pursuit(pursuit.id)
    finally:
        elsewhere.close()


def _break_the_commit(store: Store) -> None:
    """Make this action's COMMIT fail for real: on the server, the connection ends under it;
    on the file, the foreign keys are checked at COMMIT only (SQLite's defer_foreign_keys,
    set inside the transaction, where the first savepoint begins)."""
    if store.shared:
        import psycopg

        from pursuit_journey.store.deferred_server import libpq_url

        assert store.server_url is not None
        with psycopg.connect(libpq_url(store.server_url.render_as_string()), autocommit=True) as c:
            for pid in store.backend_pids:
                c.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return

    def defer(connection: Any, _name: str) -> None:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")

    event.listen(store.engine, "savepoint", defer)


def test_a_commit_that_fails_is_raised_at_the_end_of_the_action(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    person = store.add_person(pursuit.id, "Ann Lee")
    if not store.shared:
        _break_the_commit(store)
    reached_the_end = False
    with pytest.raises(StoreError), store.one_action():
        store.pursuit(pursuit.id)
        if store.shared:
            store.rename_pursuit(pursuit.id, "Acme Group")
        else:  # a person of no pursuit: refused only at COMMIT
            store.update_person(person.id, pursuit_id=pursuit.id + 1000)
        store.steps(pursuit.id)
        if store.shared:
            _break_the_commit(store)
        reached_the_end = True
    assert reached_the_end  # raised by the COMMIT, not by a store action inside
    # Nothing of it was saved, and the next action works.
    assert store.pursuit(pursuit.id).name == "Acme"
    assert [p.pursuit_id for p in store.people(pursuit.id)] == [pursuit.id]
    store.rename_pursuit(pursuit.id, "Acme Again")
    assert store.pursuit(pursuit.id).name == "Acme Again"


def test_another_thread_never_joins_the_windows_action(store: Store) -> None:
    """A local copy written by the worker thread while the window is inside an action."""
    pursuit = store.create_pursuit("Acme")
    seen: list[str] = []
    with store.one_action():
        store.rename_pursuit(pursuit.id, "Acme Group")
        worker = threading.Thread(target=lambda: seen.append(store.pursuit(pursuit.id).name))
        worker.start()
        worker.join()
    assert seen == ["Acme"]  # its own transaction: the action's write not committed yet
    assert store.pursuit(pursuit.id).name == "Acme Group"


def test_a_write_lost_with_the_transaction_is_raised_at_the_end_of_the_action(
    server_url: str,
) -> None:
    """The server goes away after a write, in a read of the same action: the read says so,
    and so does the end of the action, for the write the seller was told was saved. (A file
    does not go away between two statements: the server's case only.)"""
    store = Store.open_server(server_url, today=lambda: TODAY)
    try:
        pursuit = store.create_pursuit("Acme")
        with pytest.raises(StoreError) as at_the_end, store.one_action():
            store.rename_pursuit(pursuit.id, "Acme Group")
            _break_the_commit(store)
            with pytest.raises(StoreError) as at_the_read:
                store.steps(pursuit.id)
        assert type(at_the_end.value) is type(at_the_read.value)  # the same cause, named
        assert store.pursuit(pursuit.id).name == "Acme"  # not saved; the next action works
    finally:
        store.close()
