"""Steps' places on their pursuit's line: (pursuit, position) is unique, so positions are
moved out of the way (parked) before they are renumbered. Shared by the store's actions."""

from __future__ import annotations

from sqlalchemy import update
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


def steps_in_order(session: Session, pursuit_id: int) -> list[Step]:
    """The pursuit's steps in their order on its line."""
    query = select(Step).where(Step.pursuit_id == pursuit_id).order_by(col(Step.position))
    return list(session.exec(query).all())
