"""The store's user actions against a real SQLite file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pursuit_journey.domain.vocabulary import BuyingRole, Outcome, PursuitStatus, StepKind
from pursuit_journey.store.errors import InvalidInput, NotFound, StoreError
from pursuit_journey.store.repository import Store
from pursuit_journey.store.tables import PURSUIT_TEXT_FIELDS, STEP_TEXT_FIELDS

AWKWARD_TEXTS = [
    "<b>bold?</b> <script>alert(1)</script> &amp; <img src=x>",
    "Emoji 🚀🤝🏽 and a flag 🇩🇰, zero-width\u200bjoiner",
    "עברית: הלקוח מחליט — العربية: العميل يقرر",
    "line one\nline two\r\n\ttabbed",
    "x" * 100_000,
]


def reopened(store: Store) -> Store:
    """The same file (or server) through a fresh engine: proves the data is on disk (or on the
    server), not in a cache."""
    if store.server_url is not None:
        return Store.open_server(store.server_url.render_as_string())
    url = store.engine.url.database
    assert url is not None
    from pathlib import Path

    return Store.open(Path(url))


@pytest.mark.parametrize("text", AWKWARD_TEXTS, ids=["html", "emoji", "rtl", "newlines", "100k"])
def test_every_text_field_round_trips_exactly(store: Store, text: str) -> None:
    pursuit = store.create_pursuit("Acme")
    store.update_pursuit(pursuit.id, **{f: text for f in PURSUIT_TEXT_FIELDS if f != "name"})
    step = store.add_step(pursuit.id, **{f: text for f in STEP_TEXT_FIELDS})
    person = store.add_person(pursuit.id, "Ann", title=text)

    fresh = reopened(store)
    try:
        stored_pursuit = fresh.pursuit(pursuit.id)
        for field in PURSUIT_TEXT_FIELDS:
            if field != "name":
                assert getattr(stored_pursuit, field) == text, field
        stored_step = fresh.step(step.id)
        for field in STEP_TEXT_FIELDS:
            assert getattr(stored_step, field) == text, field
        assert fresh.people(pursuit.id)[0].title == text
        assert fresh.people(pursuit.id)[0].id == person.id
    finally:
        fresh.close()


def test_every_other_field_round_trips(store: Store) -> None:
    pursuit = store.create_pursuit(
        "Acme",
        client="Acme GmbH",
        value_cents=12_345_67,
        currency="EUR",
        status=PursuitStatus.ON_HOLD.value,
        target_close=date(2026, 9, 30),
    )
    step = store.add_step(
        pursuit.id,
        kind=StepKind.WORKSHOP.value,
        planned_at=datetime(2026, 4, 1, 9, 30),
        decision_by=date(2026, 4, 8),
    )
    store.record_outcome(step.id, Outcome.WENT_BACK, held_on=date(2026, 4, 2))

    fresh = reopened(store)
    try:
        p = fresh.pursuit(pursuit.id)
        assert (p.client, p.value_cents, p.currency, p.status, p.target_close) == (
            "Acme GmbH",
            12_345_67,
            "EUR",
            "on_hold",
            date(2026, 9, 30),
        )
        s = fresh.step(step.id)
        assert (s.kind, s.planned_at, s.decision_by, s.outcome, s.held_on) == (
            "workshop",
            datetime(2026, 4, 1, 9, 30),
            date(2026, 4, 8),
            "went_back",
            date(2026, 4, 2),
        )
    finally:
        fresh.close()


def test_a_pursuit_needs_a_name(store: Store) -> None:
    with pytest.raises(InvalidInput, match="needs a name"):
        store.create_pursuit("   ")
    assert store.pursuit_count() == 0
    assert store.create_pursuit("  Acme \n rollout ").name == "Acme rollout"


def test_steps_insert_at_a_position_and_later_ones_shift(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    for title in "ABC":
        store.add_step(pursuit.id, title=title)
    store.add_step(pursuit.id, at=1, title="X")
    steps = store.steps(pursuit.id)
    assert [s.title for s in steps] == ["A", "X", "B", "C"]
    assert [s.position for s in steps] == [0, 1, 2, 3]


def test_moving_a_step_keeps_positions_dense(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    ids = [store.add_step(pursuit.id, title=t).id for t in "ABCDE"]
    store.move_step(ids[0], 3)
    steps = store.steps(pursuit.id)
    assert [s.title for s in steps] == list("BCDAE")
    assert [s.position for s in steps] == [0, 1, 2, 3, 4]
    store.move_step(ids[4], 0)
    assert [s.title for s in store.steps(pursuit.id)] == list("EBCDA")


def test_a_deleted_step_comes_back_where_it_was_with_its_attendees(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    steps = [store.add_step(pursuit.id, title=t) for t in "ABC"]
    ann = store.add_person(pursuit.id, "Ann", role=BuyingRole.DECIDES_BUDGET)
    store.set_attendees(steps[1].id, [ann.id])

    deleted = store.delete_step(steps[1].id)
    assert [(s.title, s.position) for s in store.steps(pursuit.id)] == [("A", 0), ("C", 1)]

    restored = store.restore_step(deleted)
    assert restored.id == steps[1].id
    assert [(s.title, s.position) for s in store.steps(pursuit.id)] == [
        ("A", 0),
        ("B", 1),
        ("C", 2),
    ]
    assert [p.name for p in store.attendees(restored.id)] == ["Ann"]


def test_recording_an_outcome_dates_it_when_it_was_planned(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id, planned_at=datetime(2026, 2, 20, 10))
    recorded = store.record_outcome(step.id, Outcome.ADVANCED, decision_made="Pilot agreed")
    assert recorded.held_on == date(2026, 2, 20)
    assert recorded.decision_made == "Pilot agreed"
    summary = store.pursuit_summaries()[0]
    assert summary.momentum.days_since_decision == 10  # the store's today is 2026-03-02
    assert summary.standing.level == 1
    # Back to planned: the step has not happened after all.
    assert store.record_outcome(step.id, Outcome.PLANNED).held_on is None


def test_deleting_a_pursuit_deletes_its_steps_people_and_attendance(store: Store) -> None:
    keep = store.create_pursuit("Keep")
    kept_step = store.add_step(keep.id, title="kept")
    gone = store.create_pursuit("Gone")
    step = store.add_step(gone.id)
    person = store.add_person(gone.id, "Ann")
    store.set_attendees(step.id, [person.id])

    store.delete_pursuit(gone.id)

    with pytest.raises(NotFound):
        store.step(step.id)
    assert store.people(gone.id) == []
    assert [s.id for s in store.steps(keep.id)] == [kept_step.id]


def test_deleting_a_step_does_not_delete_its_people(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id)
    ann = store.add_person(pursuit.id, "Ann")
    store.set_attendees(step.id, [ann.id])
    store.delete_step(step.id)
    assert [p.name for p in store.people(pursuit.id)] == ["Ann"]


def test_deleting_a_person_removes_them_from_the_steps_they_attend(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    step = store.add_step(pursuit.id)
    ann = store.add_person(pursuit.id, "Ann")
    bob = store.add_person(pursuit.id, "Bob")
    store.set_attendees(step.id, [ann.id, bob.id])
    store.delete_person(ann.id)
    assert [p.name for p in store.attendees(step.id)] == ["Bob"]


def test_people_of_another_pursuit_cannot_attend(store: Store) -> None:
    acme = store.create_pursuit("Acme")
    other = store.create_pursuit("Other")
    step = store.add_step(acme.id)
    stranger = store.add_person(other.id, "Stranger")
    with pytest.raises(StoreError):
        store.set_attendees(step.id, [stranger.id])
    assert store.attendees(step.id) == []


def test_unknown_fields_are_refused_before_anything_is_written(store: Store) -> None:
    pursuit = store.create_pursuit("Acme")
    with pytest.raises(ValueError, match="unknown fields") as raised:
        store.update_pursuit(pursuit.id, name="New", colour="red")
    # A programmer's error: never a StoreError, whose text the window shows the seller.
    assert not isinstance(raised.value, StoreError)
    assert store.pursuit(pursuit.id).name == "Acme"


def test_a_missing_row_is_a_clear_error(store: Store) -> None:
    with pytest.raises(NotFound, match="no longer exists"):
        store.rename_pursuit(999, "Ghost")


def test_the_sample_pursuit_shows_every_outcome(store: Store) -> None:

    pursuit = store.create_sample_pursuit(today=date(2026, 3, 2))
    steps = store.steps(pursuit.id)
    assert len(steps) == 6
    # Every outcome a meeting of an active pursuit can have ("not held" comes with closing it).
    assert {s.outcome for s in steps} == {o.value for o in Outcome if o is not Outcome.NOT_HELD}
    assert len(store.people(pursuit.id)) == 4
    assert all(store.attendees(s.id) for s in steps)
    summary = store.pursuit_summaries()[0]
    assert not summary.momentum.stalling
    assert summary.standing.here == 4


def test_one_pursuits_summary_equals_its_row_in_the_list(store: Store) -> None:

    store.create_pursuit("Other")
    sample = store.create_sample_pursuit(today=date(2026, 3, 2))
    listed = {s.id: s for s in store.pursuit_summaries()}
    assert store.pursuit_summary(sample.id) == listed[sample.id]
    with pytest.raises(NotFound):
        store.pursuit_summary(12345)


def test_the_lists_standing_follows_the_journey_order_after_moves(store: Store) -> None:
    from pursuit_journey.domain.journey import standing

    pursuit = store.create_pursuit("Order matters")
    back = store.add_step(pursuit.id, title="back")
    ahead = store.add_step(pursuit.id, title="ahead")
    store.record_outcome(back.id, Outcome.WENT_BACK, held_on=date(2026, 2, 1))
    store.record_outcome(ahead.id, Outcome.ADVANCED, held_on=date(2026, 2, 2))
    store.add_step(pursuit.id, title="planned")

    def agrees() -> int:
        steps = store.steps(pursuit.id)
        expected = standing([Outcome(s.outcome) for s in steps])
        assert store.pursuit_summary(pursuit.id).standing == expected
        assert store.pursuit_summaries()[0].standing == expected
        return expected.level

    assert agrees() == 1  # back (clamped at the start), then ahead
    store.move_step(ahead.id, 0)
    assert agrees() == 0  # ahead, then back: the decision was reopened
    store.move_step(ahead.id, 2)
    assert agrees() == 1


def test_a_pursuit_created_with_its_first_meeting_has_that_step_planned(store: Store) -> None:
    pursuit = store.create_pursuit(
        "Globex renewal",
        "Globex",
        value_cents=4_800_000,
        currency="USD",
        first_meeting=datetime(2026, 12, 3, 9, 0, 30),
    )
    assert pursuit.id is not None
    [first] = store.steps(pursuit.id)
    assert (first.position, first.title, first.planned_at, first.outcome) == (
        0,
        "First meeting",
        datetime(2026, 12, 3, 9, 0),
        "planned",
    )
    assert store.create_pursuit("Initech").id is not None  # without one, no step
