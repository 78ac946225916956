"""Where a pursuit stands on its journey line, derived from its steps' outcomes in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .vocabulary import Outcome, PursuitStatus

# Bound once: a member looked up on its enum class costs a quarter of a microsecond, and the
# list and the momentum view ask these of every step of every pursuit.
_ADVANCED = Outcome.ADVANCED
_WENT_BACK = Outcome.WENT_BACK


def levels(outcomes: Sequence[Outcome]) -> list[int]:
    """The pursuit's level (client decisions net of reopened ones) after each step.

    An advance moves it one decision forward, going back one decision back, staying not at
    all; it never goes before the start. Planned steps have not happened and change nothing.
    """
    level = 0
    after: list[int] = []
    for outcome in outcomes:
        if outcome is Outcome.ADVANCED:
            level += 1
        elif outcome is Outcome.WENT_BACK:
            level = max(0, level - 1)
        after.append(level)
    return after


@dataclass(frozen=True)
class Standing:
    """Where the pursuit is now.

    ``level`` counts the client's decisions that still hold; ``here`` is the index on the line
    where the "you are here" marker stands: just after the last step that was held (0 = at
    First meeting, len(steps) = after the last step).
    """

    level: int
    here: int
    finished: bool  # won or lost: the line ends at its end marker

    @property
    def decisions(self) -> int:
        return self.level


def standing(outcomes: Sequence[Outcome], status: PursuitStatus = PursuitStatus.ACTIVE) -> Standing:
    here = 0
    for index in range(len(outcomes) - 1, -1, -1):
        if outcomes[index].is_held:
            here = index + 1
            break
    level = 0
    for outcome in outcomes:
        if outcome is _ADVANCED:
            level += 1
        elif outcome is _WENT_BACK and level:
            level -= 1
    if status.is_closed:
        here = len(outcomes)
    return Standing(level=level, here=here, finished=status.is_closed)
