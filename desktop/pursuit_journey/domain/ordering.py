"""Reordering steps: positions stay 0..n-1 with no gaps and no duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def moved(items: Sequence[T], from_index: int, to_index: int) -> list[T]:
    """``items`` with the item at ``from_index`` taken out and put back at ``to_index``.

    ``to_index`` is the index the item has afterwards, clamped to the list.
    """
    if not 0 <= from_index < len(items):
        raise IndexError(f"no item at position {from_index} of {len(items)}")
    result = list(items)
    item = result.pop(from_index)
    result.insert(max(0, min(to_index, len(result))), item)
    return result


def drop_index_to_target(from_index: int, gap: int) -> int:
    """The final index of an item dropped into ``gap`` (0 = before the first item).

    Dropping into the gap just before or just after the item itself leaves it in place.
    """
    return gap - 1 if gap > from_index else gap


def renumbered(ids: Sequence[T]) -> dict[T, int]:
    """The position each id takes when the list is stored in this order."""
    return {identity: position for position, identity in enumerate(ids)}
