"""The .pursuit file: export, validation of everything before writing, import in one transaction."""

from __future__ import annotations

import copy
import json
import sqlite3
from contextlib import closing
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from pursuit_journey.store.errors import StoreError
from pursuit_journey.store.exchange import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    AlreadyImported,
    ExchangeError,
    dump_document,
    load_document,
    read_pursuit_file,
)
from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import PURSUIT_TEXT_FIELDS, STEP_TEXT_FIELDS

TABLES = ("pursuit", "step", "person", "attendance")


def row_counts(store: Store) -> dict[str, int]:
    """Counted with plain sqlite3 on the file (psycopg on the server): what is really saved."""
    if store.server_url is not None:
        import psycopg

        with psycopg.connect(store.server_url.render_as_string().replace("+psycopg", "")) as server:
            return {
                table: server.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
                for table in TABLES
            }
    path = store.engine.url.database
    assert path is not None
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }


def full_pursuit(store: Store) -> int:
    """A pursuit where every field holds a value, including awkward text."""
    text = "<b>x</b> 🚀 עברית\nline two\t“quoted” \\ back"
    pursuit = store.create_pursuit(
        "Acme — rollout",
        client="Acme GmbH",
        value_cents=12_345_67,
        currency="EUR",
        status=PursuitStatus.ON_HOLD.value,
        target_close=date(2026, 6, 30),
        **{
            f: f"{f}: {text}"
            for f in PURSUIT_TEXT_FIELDS
            if f not in ("name", "client", "currency")
        },
    )
    ann = store.add_person(pursuit.id, "Ann Lee", "CFO", BuyingRole.DECIDES_BUDGET)
    store.update_person(ann.id, notes="Prefers mornings")
    bob = store.add_person(pursuit.id, "Bob Ørsted", "IT", BuyingRole.TECHNICAL)
    first = store.add_step(
        pursuit.id,
        kind=StepKind.WORKSHOP.value,
        planned_at=datetime(2026, 3, 1, 9, 30),
        decision_by=date(2026, 3, 6),
        **{f: f"{f}: {text}" for f in STEP_TEXT_FIELDS},
    )
    store.record_outcome(first.id, Outcome.WENT_BACK, held_on=date(2026, 3, 1))
    second = store.add_step(pursuit.id, kind=StepKind.CALL.value, title="Call")
    store.set_attendees(first.id, [ann.id, bob.id])
    store.set_attendees(second.id, [bob.id])
    return pursuit.id


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without what differs between two exports of the same data."""
    result = copy.deepcopy(document)
    result.pop("exported_at")
    return result


def test_every_field_round_trips_through_a_file(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pursuit_id = full_pursuit(store)
    exported = store.export_pursuit(pursuit_id)
    assert exported["format"] == FORMAT_NAME
    assert exported["version"] == FORMAT_VERSION
    path = tmp_path / "acme.pursuit"
    path.write_bytes(dump_document(exported))

    store.delete_pursuit(pursuit_id)
    imported = store.import_pursuit(read_pursuit_file(path))

    again = store.export_pursuit(imported.id)
    assert comparable(again) == comparable(exported)
    steps = store.steps(imported.id)
    assert [s.title for s in steps][1] == "Call"
    assert steps[0].outcome == Outcome.WENT_BACK.value
    assert [p.name for p in store.attendees(steps[0].id)] == ["Ann Lee", "Bob Ørsted"]
    # Every column of the table is in the file (a new column must be added to the format).
    assert set(exported["pursuit"]) >= set(PURSUIT_TEXT_FIELDS) | {"value_cents", "target_close"}
    assert set(exported["pursuit"]["steps"][0]) >= set(STEP_TEXT_FIELDS) | {
        "planned_at",
        "decision_by",
        "held_on",
        "outcome",
        "kind",
    }


def test_the_sample_pursuit_round_trips(store: Store) -> None:
    pursuit = store.create_sample_pursuit(today=date(2026, 3, 2))
    exported = store.export_pursuit(pursuit.id)
    store.delete_pursuit(pursuit.id)
    imported = store.import_pursuit(load_document(dump_document(exported)))
    assert comparable(store.export_pursuit(imported.id)) == comparable(exported)


def test_same_identity_is_refused_unless_imported_as_a_copy(store: Store) -> None:
    pursuit_id = full_pursuit(store)
    document = load_document(dump_document(store.export_pursuit(pursuit_id)))
    before = row_counts(store)
    with pytest.raises(AlreadyImported) as refused:
        store.import_pursuit(document)
    assert refused.value.existing_name == "Acme — rollout"
    assert row_counts(store) == before

    copy_ = store.import_pursuit(document, as_copy=True)
    assert copy_.uid != store.pursuit(pursuit_id).uid
    assert copy_.name == "Acme — rollout (copy)"
    after = row_counts(store)
    assert after == {table: before[table] * 2 for table in TABLES}
    original_uids = {s.uid for s in store.steps(pursuit_id)} | {
        p.uid for p in store.people(pursuit_id)
    }
    copy_uids = {s.uid for s in store.steps(copy_.id)} | {p.uid for p in store.people(copy_.id)}
    assert not original_uids & copy_uids
    assert [p.name for p in store.attendees(store.steps(copy_.id)[0].id)] == [
        "Ann Lee",
        "Bob Ørsted",
    ]


def test_a_step_identity_already_elsewhere_is_refused_too(store: Store) -> None:
    pursuit_id = full_pursuit(store)
    exported = store.export_pursuit(pursuit_id)
    exported["pursuit"]["uid"] = "someotherpursuit"
    before = row_counts(store)
    with pytest.raises(AlreadyImported):
        store.import_pursuit(load_document(dump_document(exported)))
    assert row_counts(store) == before


def valid_document() -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "pursuit": {
            "uid": "p1",
            "name": "Acme",
            "value_cents": 100,
            "status": "active",
            "target_close": "2026-05-01",
            "people": [{"uid": "a1", "name": "Ann", "role": "decides_budget"}],
            "steps": [
                {
                    "uid": "s1",
                    "title": "Kick-off",
                    "planned_at": "2026-03-03T10:00:00",
                    "outcome": "planned",
                    "attendees": ["a1"],
                }
            ],
        },
    }


def with_change(path: tuple[Any, ...], value: Any) -> bytes:
    document = valid_document()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (json.dumps(valid_document()).encode()[:-20], "not valid JSON"),
        (b"[1, 2]", "not a .pursuit file"),
        (with_change(("format",), "other-app"), "not a .pursuit file"),
        (with_change(("version",), 2), "newer Pursuit Journey"),
        (with_change(("version",), "1"), "format version"),
        (with_change(("pursuit", "name"), "   "), "“name” is empty"),
        (with_change(("pursuit", "name"), 42), "“name” must be text"),
        (with_change(("pursuit", "status"), "maybe"), "“status” must be one of"),
        (with_change(("pursuit", "value_cents"), 10**30), "“value_cents”"),
        (with_change(("pursuit", "value_cents"), 123456).replace(b"123456", b"1e999"), "finite"),
        (with_change(("pursuit", "value_cents"), True), "“value_cents”"),
        (with_change(("pursuit", "target_close"), "2026-02-30"), "not a real date"),
        (with_change(("pursuit", "target_close"), "next week"), "must be a date"),
        (with_change(("pursuit", "notes"), "x" * (MAX_TEXT_CHARS + 1)), "too long"),
        (with_change(("pursuit", "notes"), "a\x00b"), "NUL"),
        (with_change(("pursuit", "surprise"), 1), "unknown field"),
        (with_change(("pursuit", "uid"), "../../etc"), "“uid” must be"),
        (with_change(("pursuit", "people"), {"a": 1}), "“people” must be a list"),
        (with_change(("pursuit", "people", 0, "role"), "boss"), "Person 1"),
        (with_change(("pursuit", "steps", 0, "planned_at"), "2026-03-03"), "Step 1"),
        (with_change(("pursuit", "steps", 0, "outcome"), None), "“outcome” must be one of"),
        (with_change(("pursuit", "steps", 0, "attendees"), ["zz"]), "not one of the pursuit's"),
        (with_change(("pursuit", "steps", 0, "attendees"), ["a1", "a1"]), "listed twice"),
        (with_change(("pursuit", "steps", 0, "uid"), "a1"), "shared"),
        (with_change(("pursuit", "steps"), [{"uid": "s"}, {"uid": "s"}]), "earlier step"),
        (b'{"format": "pursuit-journey", "format": "x"}', "appears twice"),
        (b'{"format": "pursuit-journey", "version": NaN}', "not a number"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "pursuit-journey", "version": 1' + b"9" * 5000 + b"}", "cannot be read"),
        (
            b'{"format": "pursuit-journey", "version": 1, "pursuit": {"uid": "p", '
            b'"name": "\\ud800"}}',
            "lone surrogate",
        ),
        (b" " * (MAX_FILE_BYTES + 1), "too large"),
    ],
)
def test_a_bad_file_gives_a_message_naming_the_fault_and_writes_nothing(
    store: Store, data: bytes, named: str
) -> None:
    before = row_counts(store)
    with pytest.raises(ExchangeError) as refused:
        store.import_pursuit(load_document(data))
    assert named in str(refused.value)
    assert row_counts(store) == before


def test_the_valid_minimal_document_imports(store: Store) -> None:
    pursuit = store.import_pursuit(load_document(json.dumps(valid_document()).encode()))
    assert store.pursuit(pursuit.id).target_close == date(2026, 5, 1)
    assert [p.name for p in store.attendees(store.steps(pursuit.id)[0].id)] == ["Ann"]


def test_an_unreadable_path_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExchangeError, match="Cannot read"):
        read_pursuit_file(tmp_path / "missing.pursuit")


# ---- Hypothesis: random and mutated files --------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    document = valid_document()
    paths = _paths(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        else:
            parent.append(draw(json_values))
    data = json.dumps(document).encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


def _import_or_clear_error(store: Store, data: bytes) -> None:
    before = row_counts(store)
    try:
        document = load_document(data)
        store.import_pursuit(document, as_copy=True)
    except StoreError as error:
        message = str(error)
        assert message and "Traceback" not in message
        assert row_counts(store) == before
        return
    after = row_counts(store)
    assert after["pursuit"] == before["pursuit"] + 1
    assert after["step"] - before["step"] == len(document.steps)
    assert after["person"] - before["person"] == len(document.people)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutated_files())
def test_mutated_files_import_whole_or_not_at_all(store: Store, data: bytes) -> None:
    _import_or_clear_error(store, data)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_random_bytes_and_json_give_only_the_clear_error(store: Store, data: bytes) -> None:
    _import_or_clear_error(store, data)


# ---- messages a seller can act on ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            with_change(("pursuit", "value_cents"), "1000"),
            "“value_cents” must be a whole number of cents up to 1000000000000000, "
            "found text “1000”.",
        ),
        (
            with_change(("pursuit", "status"), None),
            "“status” must be one of active, on_hold, won, lost, found empty.",
        ),
        (
            with_change(("pursuit", "target_close"), ["2026-05-01"]),
            "“target_close” must be a date like 2026-03-02, found a list.",
        ),
        (with_change(("pursuit", "client"), None), "“client” must be text, found empty."),
        (with_change(("version",), "1"), "The file has no valid format version (found text “1”)."),
    ],
    ids=["number-as-text", "null-choice", "list-as-date", "null-text", "version-as-text"],
)
def test_what_was_found_is_said_in_a_sellers_words(data: bytes, message: str) -> None:
    with pytest.raises(ExchangeError) as refused:
        load_document(data)
    assert str(refused.value).endswith(message)


def test_a_number_too_long_to_read_gives_no_python_advice() -> None:
    data = b'{"format": "pursuit-journey", "version": 1' + b"9" * 5000 + b"}"
    with pytest.raises(ExchangeError) as refused:
        load_document(data)
    assert str(refused.value) == (
        "The file holds a number with more than 4,300 digits, which cannot be read: "
        "it is not a .pursuit file, or it is damaged."
    )


def test_a_file_too_large_says_its_size_and_the_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.pursuit"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 100 * 1024))
    with pytest.raises(ExchangeError) as refused:
        read_pursuit_file(big)
    assert str(refused.value) == "The file is too large (20.1 MB; at most 20 MB)."
    with pytest.raises(ExchangeError, match=r"\(20\.1 MB; at most 20 MB\)"):
        load_document(b" " * (MAX_FILE_BYTES + 1))
