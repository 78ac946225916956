"""The words of the domain: statuses, step kinds, outcomes and buying roles.

Values are stored in the database as the enum's value, so they never change once released;
labels are what the seller reads.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Self


class LabelledEnum(str, Enum):
    """A string enum whose members carry a human label."""

    label: str

    if TYPE_CHECKING:
        # A member is looked up by its stored value alone, ``Outcome("held")``; the two-part
        # form below only defines the members, which type checkers do not call.
        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, label: str) -> LabelledEnum:
            member = str.__new__(cls, value)
            member._value_ = value
            member.label = label
            return member

    def __str__(self) -> str:
        return self.value


class PursuitStatus(LabelledEnum):
    ACTIVE = ("active", "Active")
    ON_HOLD = ("on_hold", "On hold")
    WON = ("won", "Won")
    LOST = ("lost", "Lost / no decision")

    # Whether the pursuit is over (won or lost): a plain attribute, set below, like
    # Outcome.is_held.
    is_closed: bool


for _status in PursuitStatus:
    _status.is_closed = _status in (PursuitStatus.WON, PursuitStatus.LOST)


class StepKind(LabelledEnum):
    MEETING = ("meeting", "Meeting")
    CALL = ("call", "Call")
    DEMO = ("demo", "Demo")
    WORKSHOP = ("workshop", "Workshop")
    PROPOSAL = ("proposal", "Proposal")
    OTHER = ("other", "Other")


def step_name(title: str, kind: str) -> str:
    """What a step is called wherever it is named: its title, else its kind ("Meeting")."""
    return " ".join(title.split()) or StepKind(kind).label


class Outcome(LabelledEnum):
    """What an interaction did to the pursuit."""

    PLANNED = ("planned", "Planned")
    ADVANCED = ("advanced", "Advanced: the client decided")
    STAYED = ("stayed", "Stayed: no decision")
    WENT_BACK = ("went_back", "Went back a step")
    # Planned, then not held: the pursuit was won or lost first. Kept on the line, drawn muted;
    # neither a next step nor a meeting that happened.
    NOT_HELD = ("not_held", "Not held")

    # Whether the interaction took place (advanced, stayed or went back). A plain attribute,
    # set below: the list and the momentum view ask it of every step of every pursuit.
    is_held: bool


for _outcome in Outcome:
    _outcome.is_held = _outcome in (Outcome.ADVANCED, Outcome.STAYED, Outcome.WENT_BACK)


class BuyingRole(LabelledEnum):
    DECIDES_BUDGET = ("decides_budget", "Decides on budget")
    USER = ("user", "Uses it")
    TECHNICAL = ("technical", "Judges it technically")
    COACH = ("coach", "Coaches us")
    OTHER = ("other", "Other")

    @property
    def decides(self) -> bool:
        return self is BuyingRole.DECIDES_BUDGET
