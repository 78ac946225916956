"""How many lines each field of a sheet keeps when its text is longer than the page (no Qt).

Short fields print whole: a field whose lines fit within an equal share of the lines left prints
whole, smallest first. The lines then left are shared among the long fields in proportion to
their need, never more than a field needs, and at least ``CUT_FIELD_LINES`` for a cut field when
the lines allow (else 2, else its minimum).
"""

from __future__ import annotations

from collections.abc import Sequence

CUT_FIELD_LINES = 3


def share_lines(
    needs: Sequence[int],
    minimums: Sequence[int],
    budget: int,
    cut_floor: int = CUT_FIELD_LINES,
) -> list[int]:
    """Lines for each field within ``budget`` lines in all: ``needs[i]`` lines print field i
    whole, ``minimums[i]`` (at least 1, at most its need) is the least it may get.

    When the minimums alone exceed the budget, the minimums are the answer: the caller makes
    room for them."""
    if sum(needs) <= budget:
        return list(needs)
    lines = list(minimums)
    room = budget - sum(minimums)
    if room <= 0:
        return lines
    wanted = [need - least for need, least in zip(needs, minimums, strict=True)]

    # Water-filling, smallest first: a field within an equal share of what is left is short.
    order = sorted(range(len(needs)), key=wanted.__getitem__)
    long: list[int] = []
    for position, index in enumerate(order):
        if wanted[index] * (len(order) - position) <= room:
            lines[index] += wanted[index]
            room -= wanted[index]
        else:
            long = order[position:]
            break

    # The long fields share what they hold already and what is left, in total lines.
    pool = room + sum(minimums[i] for i in long)
    floors: dict[int, int] = {}
    for floor in range(cut_floor, 0, -1):
        floors = {i: min(needs[i], max(minimums[i], floor)) for i in long}
        if sum(floors.values()) <= pool:
            break

    shares = _proportional(pool, {i: needs[i] for i in long}, floors, needs)
    granted = {i: int(share) for i, share in shares.items()}
    left = pool - sum(granted.values())
    # Whole lines by the largest remainder, so that the page fills to within a line.
    for i in sorted(shares, key=lambda i: shares[i] - granted[i], reverse=True):
        if left <= 0:
            break
        if granted[i] < needs[i]:
            granted[i] += 1
            left -= 1
    for i, total in granted.items():
        lines[i] = total
    return lines


def _proportional(
    room: int, weights: dict[int, int], floors: dict[int, int], caps: Sequence[int]
) -> dict[int, float]:
    """``room`` shared in proportion to ``weights``, each share between its floor and cap."""
    fixed: dict[int, float] = {}
    free = set(weights)
    while free:
        pool = room - sum(fixed.values())
        scale = pool / sum(weights[i] for i in free)
        below = [i for i in free if scale * weights[i] < floors[i]]
        above = [i for i in free if scale * weights[i] > caps[i]]
        if below:
            for i in below:
                fixed[i] = floors[i]
        elif above:
            for i in above:
                fixed[i] = caps[i]
        else:
            fixed.update({i: scale * weights[i] for i in free})
            break
        free -= set(below or above)
    return fixed
