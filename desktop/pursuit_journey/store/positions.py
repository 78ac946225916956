"""Steps' places on their pursuit's line: (pursuit, position) is unique, so positions are
moved out of the way (parked) before they are renumbered. Shared by the store's actions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

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


def steps_in_order(session: Session, pursuit_id: int) -> list[Step]:
    """The pursuit's steps in their order on its line."""
    query = select(Step).where(Step.pursuit_id == pursuit_id).order_by(col(Step.position))
    return list(session.exec(query).all())
