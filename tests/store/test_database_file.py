"""The database file itself: permissions, pragmas, migrations, schema versions."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from schema_check import schema_differences
from sqlalchemy import text

from pursuit_journey.paths import Paths
from pursuit_journey.store import schema
from pursuit_journey.store.engine import make_engine
from pursuit_journey.store.repository import Store


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """About the file itself: SQLite alone (the server keeps its own files and backups)."""
    return sqlite_store


def test_the_database_and_its_folder_are_private(store: Store, paths: Paths) -> None:
    store.create_pursuit("Acme")
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    for sidecar in (paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0


def test_pragmas_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_head_revision_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", schema.migrations_folder())
    assert ScriptDirectory.from_config(config).get_current_head() == schema.HEAD_REVISION
    revisions = {r.revision for r in ScriptDirectory.from_config(config).walk_revisions()}
    assert revisions == set(schema.KNOWN_REVISIONS)


def test_migrating_an_empty_file_gives_exactly_the_tables(tmp_path: Path) -> None:
    database = tmp_path / "new.sqlite3"
    engine = make_engine(database)
    assert schema.ensure_schema(engine, database) is True
    with engine.connect() as connection:
        differences = schema_differences(connection)
    engine.dispose()
    assert differences == []
    assert schema.stored_revision(database) == schema.HEAD_REVISION


def test_an_up_to_date_file_is_opened_without_migrating(store: Store, paths: Paths) -> None:
    engine = make_engine(paths.database)
    assert schema.ensure_schema(engine, paths.database) is False
    engine.dispose()


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    database = tmp_path / "future.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    connection.close()
    before = database.read_bytes()
    with pytest.raises(schema.SchemaTooNew, match="newer version"):
        Store.open(database)
    assert database.read_bytes() == before


@pytest.mark.parametrize(
    "content", [b"this is not a database at all" * 100, b"SQLite format 3\x00"]
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    database = tmp_path / "broken.sqlite3"
    database.write_bytes(content)
    with pytest.raises(schema.NotADatabase):
        Store.open(database)
    assert database.read_bytes() == content


def test_a_backup_is_taken_before_migrating_a_file_with_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "old.sqlite3"
    store = Store.open(database)
    store.create_pursuit("Before the upgrade")
    store.close()
    # Pretend the file is one revision behind: the code's head moves on.
    monkeypatch.setattr(schema, "HEAD_REVISION", "9998_pretend")
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "9998_pretend"))
    monkeypatch.setattr(schema, "upgrade", lambda engine, revision="head": None)

    backups = tmp_path / "backups"
    Store.open(database, backups).close()

    copies = list(backups.glob("*.sqlite3"))
    assert len(copies) == 1
    assert f"before-migration-from-{schema.KNOWN_REVISIONS[-2]}" in copies[0].name
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    with sqlite3.connect(copies[0]) as connection:
        assert connection.execute("SELECT name FROM pursuit").fetchall() == [
            ("Before the upgrade",)
        ]
    connection.close()


def test_an_up_to_date_start_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    database = tmp_path / "db.sqlite3"
    Store.open(database).close()
    probe = (
        "import sys; from pathlib import Path; "
        "from pursuit_journey.store.repository import Store; "
        f"Store.open(Path({str(database)!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_file_at_the_first_revision_with_data_migrates_to_head(tmp_path: Path) -> None:
    database = tmp_path / "v1.sqlite3"
    engine = make_engine(database)
    schema.upgrade(engine, "0001_initial")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO pursuit (uid, name, client, currency, status, decision_criteria, "
                "decision_process, who_signs, paper_process, notes, created_at, updated_at) "
                "VALUES ('u1', 'Old pursuit', 'Acme', 'EUR', 'active', '', '', '', '', 'n', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
    engine.dispose()
    assert schema.stored_revision(database) == "0001_initial"

    backups = tmp_path / "backups"
    store = Store.open(database, backups)
    try:
        assert schema.stored_revision(database) == schema.HEAD_REVISION
        assert [p.name for p in store.pursuit_summaries()] == ["Old pursuit"]
        step = store.add_step(store.pursuit_summaries()[0].id, title="After the upgrade")
        assert store.step(step.id).title == "After the upgrade"
        with store.engine.connect() as connection:
            differences = schema_differences(connection)
        assert differences == []
    finally:
        store.close()
    assert len(list(backups.glob("*before-migration-from-0001_initial*"))) == 1


def test_a_file_at_0002_with_data_gains_the_closing_reason(tmp_path: Path) -> None:
    database = tmp_path / "v2.sqlite3"
    engine = make_engine(database)
    schema.upgrade(engine, "0002_step_summary_index")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO pursuit (uid, name, client, currency, status, decision_criteria, "
                "decision_process, who_signs, paper_process, notes, created_at, updated_at) "
                "VALUES ('u2', 'Won before', 'Acme', 'EUR', 'won', '', '', '', '', 'n', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO step (uid, pursuit_id, position, kind, title, decision_needed, "
                "why_client, fallback, needs_to_decide, concerns, questions, to_share, "
                "agreement_purpose, agreement_their_agenda, agreement_our_agenda, "
                "agreement_time, agreement_outcome, research, materials, outcome, "
                "decision_made, next_decision, created_at, updated_at) "
                "VALUES ('s1', 1, 0, 'meeting', 'Kick-off', 'Go', '', '', '', '', '', '', '', "
                "'', '', '', '', '', '', 'planned', '', '', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
    engine.dispose()
    assert schema.stored_revision(database) == "0002_step_summary_index"

    backups = tmp_path / "backups"
    store = Store.open(database, backups)
    try:
        assert (
            schema.stored_revision(database) == schema.HEAD_REVISION == "0008_21o_step_next_index"
        )
        [summary] = store.pursuit_summaries()
        pursuit = store.pursuit(summary.id)
        assert (pursuit.name, pursuit.status, pursuit.closing_reason) == ("Won before", "won", "")
        assert [s.title for s in store.steps(summary.id)] == ["Kick-off"]
        store.update_pursuit(summary.id, closing_reason="The pilot's numbers")
        assert store.pursuit(summary.id).closing_reason == "The pilot's numbers"
        with store.engine.connect() as connection:
            differences = schema_differences(connection)
        assert differences == []
    finally:
        store.close()
    assert len(list(backups.glob("*before-migration-from-0002_step_summary_index*"))) == 1
