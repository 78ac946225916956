"""Won or lost: the steps still planned closed as "not held", what decided it, and undo."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pursuit_journey.domain.journey_layout import TickState, journey_layout
from pursuit_journey.domain.vocabulary import Outcome, PursuitStatus
from pursuit_journey.store.exchange import (
    dump_document,
    load_document,
)
from pursuit_journey.store.repository import Store


def pursuit_with_plans(store: Store) -> tuple[int, list[int]]:
    pursuit = store.create_pursuit("Acme rollout", client="Acme")
    assert pursuit.id is not None
    soon = datetime.combine(store.today(), datetime.min.time()) + timedelta(days=2, hours=10)
    held = store.add_step(pursuit.id, title="Discovery", decision_needed="Agree the pilot")
    store.record_outcome(held.id, Outcome.ADVANCED)
    planned = store.add_step(pursuit.id, title="Pilot", planned_at=soon, decision_needed="")
    later = store.add_step(pursuit.id, title="Contract", planned_at=soon + timedelta(days=1))
    return pursuit.id, [held.id, planned.id, later.id]


def outcomes(store: Store, pursuit_id: int) -> list[str]:
    return [step.outcome for step in store.steps(pursuit_id)]


def test_closing_marks_the_planned_steps_not_held_and_undo_restores_them(store: Store) -> None:
    pursuit_id, _ = pursuit_with_plans(store)
    before = {s.id: (s.outcome, s.held_on) for s in store.steps(pursuit_id)}
    [line] = store.momentum_lines()
    assert line.next_step is not None

    closed = store.close_pursuit(
        pursuit_id, PursuitStatus.WON, close_planned_steps=True, reason="  The pilot's   numbers "
    )

    assert outcomes(store, pursuit_id) == ["advanced", "not_held", "not_held"]
    pursuit = store.pursuit(pursuit_id)
    assert (pursuit.status, pursuit.closing_reason) == ("won", "The pilot's numbers")
    [summary] = store.pursuit_summaries()
    assert summary.next_planned is None  # no longer a next step
    # Not upcoming, not printed in batches, not "decision missing" on the line.
    window = datetime.combine(store.today(), datetime.min.time())
    assert store.planned_step_ids(window, window + timedelta(days=7)) == []
    layout = journey_layout(store.steps(pursuit_id), PursuitStatus.WON)
    assert [m.state for m in layout.marks] == [
        TickState.ADVANCED,
        TickState.NOT_HELD,
        TickState.NOT_HELD,
    ]

    store.reopen_pursuit(closed)
    assert {s.id: (s.outcome, s.held_on) for s in store.steps(pursuit_id)} == before
    pursuit = store.pursuit(pursuit_id)
    assert (pursuit.status, pursuit.closing_reason) == ("active", "")


def test_closing_without_the_steps_leaves_them_planned(store: Store) -> None:
    pursuit_id, _ = pursuit_with_plans(store)
    closed = store.close_pursuit(pursuit_id, PursuitStatus.LOST, close_planned_steps=False)
    assert closed.closed_step_ids == ()
    assert outcomes(store, pursuit_id) == ["advanced", "planned", "planned"]
    assert store.pursuit(pursuit_id).status == "lost"


def test_only_won_or_lost_closes(store: Store) -> None:
    pursuit_id, _ = pursuit_with_plans(store)
    with pytest.raises(ValueError, match="won or lost"):
        store.close_pursuit(pursuit_id, PursuitStatus.ON_HOLD, close_planned_steps=True)
    assert outcomes(store, pursuit_id) == ["advanced", "planned", "planned"]


def test_a_closed_pursuit_round_trips_through_the_pursuit_file(store: Store) -> None:
    pursuit_id, _ = pursuit_with_plans(store)
    store.close_pursuit(pursuit_id, PursuitStatus.WON, close_planned_steps=True, reason="Price")
    exported = store.export_pursuit(pursuit_id)
    assert exported["version"] == 1  # optional fields: files of this version still read
    assert exported["pursuit"]["closing_reason"] == "Price"
    assert [s["outcome"] for s in exported["pursuit"]["steps"]][1:] == ["not_held", "not_held"]
    store.delete_pursuit(pursuit_id)
    imported = store.import_pursuit(load_document(dump_document(exported)))
    assert store.pursuit(imported.id).closing_reason == "Price"
    assert outcomes(store, imported.id) == ["advanced", "not_held", "not_held"]

    # A file written before the field existed imports with it empty.
    del exported["pursuit"]["closing_reason"]
    store.delete_pursuit(imported.id)
    older = store.import_pursuit(load_document(dump_document(exported)))
    assert store.pursuit(older.id).closing_reason == ""


def test_reopened_later_the_momentum_view_skips_the_steps_not_held(store: Store) -> None:
    pursuit_id, step_ids = pursuit_with_plans(store)
    store.close_pursuit(pursuit_id, PursuitStatus.LOST, close_planned_steps=True)
    store.set_status(pursuit_id, PursuitStatus.ACTIVE)  # the client came back
    again = store.add_step(
        pursuit_id,
        title="Restart",
        planned_at=datetime.combine(store.today(), datetime.min.time()) + timedelta(days=5),
    )
    [line] = store.momentum_lines()
    assert line.next_step is not None and line.next_step.step_id == again.id
    assert line.compact.states == (
        TickState.ADVANCED,
        TickState.NOT_HELD,
        TickState.NOT_HELD,
        TickState.DECISION_MISSING,
    )
    assert line.compact.here == 1  # after the last step that was held
    assert [s.id for s in store.steps(pursuit_id)][:3] == step_ids


def test_a_sheet_of_a_closed_pursuit_still_prints(store: Store, tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    from pursuit_journey.printing.pdf import write_pdf
    from pursuit_journey.printing.selection import sheet_for_step

    pursuit_id, step_ids = pursuit_with_plans(store)
    store.close_pursuit(pursuit_id, PursuitStatus.WON, close_planned_steps=True)
    out = tmp_path / "closed.pdf"
    assert write_pdf(out, [sheet_for_step(store, step_ids[1])]) == 1
