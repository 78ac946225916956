"""Steps' places on their pursuit's line: (pursuit, position) is unique, so positions are
moved out of the way (parked) before they are renumbered. Shared by the store's actions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, case, tuple_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from ..domain.ordering import moved
from .tables import Step

POSITION_PARKING = 1_000_000  # positions are moved out of the way before renumbering


def shift_positions(session: Session, pursuit_id: int, *, start: int, by: int) -> None:
    """Shift the positions >= ``start`` by ``by``, through a parking range (unique index)."""
    where = (col(Step.pursuit_id) == pursuit_id) & (col(Step.position) >= start)
    session.execute(update(Step).where(where).values(position=Step.position + POSITION_PARKING))
    parked = (col(Step.pursuit_id) == pursuit_id) & (col(Step.position) >= POSITION_PARKING)
    session.execute(
        update(Step).where(parked).values(position=Step.position - POSITION_PARKING + by)
    )


# The two statements of a move, built once: only their values change from move to move, so
# SQLAlchemy compiles each once (a statement built per move, with a value per step, cost more
# Python than the database's work).
_PARK_UNCHANGED = (
    update(Step)
    .where(
        col(Step.pursuit_id) == bindparam("pursuit"),  # the unique index finds the range,
        col(Step.position).between(bindparam("first"), bindparam("last")),
        # each as it was read (the ORM's version check, for all of them at once):
        tuple_(col(Step.id), col(Step.version)).in_(bindparam("loaded", expanding=True)),
    )
    .values(position=col(Step.position) + POSITION_PARKING)
    .execution_options(synchronize_session=False)
)
_PLACE_PARKED = (
    update(Step)
    .where(col(Step.pursuit_id) == bindparam("pursuit"), col(Step.position) >= POSITION_PARKING)
    .values(
        position=case(
            (col(Step.id) == bindparam("moving"), bindparam("to_position")),
            else_=col(Step.position) - POSITION_PARKING + bindparam("shift"),
        ),
        version=col(Step.version) + 1,
    )
    .execution_options(synchronize_session=False)
)


def move_in_line(
    session: Session, ordered: Sequence[Step], from_index: int, to_index: int
) -> list[Step]:
    """Move the step at ``from_index`` of ``ordered`` (all of one pursuit's steps, as loaded
    in ``session``, in order) to ``to_index``; returns them in their new order, renumbered as
    ``renumber`` does, in two UPDATEs of one shape whatever the move."""
    new_order = moved(ordered, from_index, to_index)
    to_index = new_order.index(ordered[from_index])
    if [step.position for step in ordered] != list(range(len(ordered))):
        renumber(session, new_order)  # not numbered 0, 1, … (never seen): number them
        return new_order
    if from_index == to_index:
        return new_order
    first, last = min(from_index, to_index), max(from_index, to_index)
    moving = ordered[first : last + 1]
    loaded = [(step.id, step.version) for step in moving]
    step = ordered[from_index]
    parked = session.execute(
        _PARK_UNCHANGED,
        {"pursuit": step.pursuit_id, "first": first, "last": last, "loaded": loaded},
    )
    if parked.rowcount != len(loaded):  # type: ignore[attr-defined]  # a CursorResult
        raise StaleDataError("a step moved was changed elsewhere since it was read")
    session.execute(
        _PLACE_PARKED,
        {
            "pursuit": step.pursuit_id,
            "moving": step.id,
            "to_position": to_index,
            "shift": -1 if from_index < to_index else 1,
        },
    )
    for index in range(first, last + 1):
        placed = new_order[index]
        set_committed_value(placed, "position", index)
        set_committed_value(placed, "version", placed.version + 1)
    return new_order


def renumber(session: Session, ordered: Sequence[Step]) -> None:
    """Number ``ordered`` (all of one pursuit's steps, as loaded in ``session``) 0, 1, … in
    that order, raising the version of each step whose position changes, as a save does.

    Two UPDATEs however many steps move (through the ORM, each moved step took two: parked,
    then placed): the first parks the moved steps, only where their version is still the one
    loaded (else ``StaleDataError``, as the ORM's own check raises); the second places them
    and raises their versions. The loaded rows are given the values written."""
    places = {step.id: index for index, step in enumerate(ordered) if step.position != index}
    if not places:
        return
    loaded = {step.id: step.version for step in ordered if step.id in places}
    moving = col(Step.id).in_(list(places))
    unchanged = col(Step.version) == case(loaded, value=col(Step.id))
    parked = session.execute(
        update(Step)
        .where(moving & unchanged)
        .values(position=Step.position + POSITION_PARKING)
        .execution_options(synchronize_session=False)
    )
    if parked.rowcount != len(places):  # type: ignore[attr-defined]  # a CursorResult
        raise StaleDataError(
            f"{len(places) - parked.rowcount} of the steps moved were changed elsewhere"  # type: ignore[attr-defined]
        )
    session.execute(
        update(Step)
        .where(moving)
        .values(position=case(places, value=col(Step.id)), version=Step.version + 1)
        .execution_options(synchronize_session=False)
    )
    for step in ordered:
        if step.id in places:
            set_committed_value(step, "position", places[step.id])
            set_committed_value(step, "version", loaded[step.id] + 1)


# Built once, as the moves' statements above: every pursuit shown reads its steps with it, and
# building the query each time (its clauses, its cache key) cost more Python than reading them.
_STEPS_IN_ORDER = (
    select(Step).where(col(Step.pursuit_id) == bindparam("pursuit")).order_by(col(Step.position))
)


def steps_in_order(session: Session, pursuit_id: int) -> list[Step]:
    """The pursuit's steps in their order on its line."""
    return list(session.exec(_STEPS_IN_ORDER, params={"pursuit": pursuit_id}).all())
