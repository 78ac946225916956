"""What goes on a prep sheet, in order, decided without Qt: the layout only places it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..domain import prep_fields
from ..domain.journey_layout import LineStates, StepFacts, line_states
from ..domain.prep_fields import AGREEMENT_SECTION, WHO_DECIDES
from ..domain.vocabulary import BuyingRole, PursuitStatus, StepKind, step_name

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.repository import SheetPursuit
    from ..store.tables import Person, Pursuit, Step


@dataclass(frozen=True)
class Section:
    """A field on the sheet: its text in parts (the meeting agreement's five are cut one by
    one, so that none disappears), or, when empty, ``write_in`` lines to write on by hand."""

    label: str
    parts: tuple[str, ...]
    write_in: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


@dataclass(frozen=True)
class SheetContent:
    pursuit_name: str
    client: str
    step_title: str  # the kind's name when the step has no title
    step_kind: str
    planned_at: datetime | None
    attendees: tuple[str, ...]  # "Name, title — role", deciders marked
    decision: str  # empty: the sheet gives lines to write it by hand
    decision_by: date | None
    decider_attends: bool  # someone who decides on budget attends
    sections: tuple[Section, ...]
    journey: LineStates  # the same numbers the on-screen line draws from
    this_step: int  # this sheet's step on that line (titled ``step_title``)
    status: PursuitStatus


DECIDER_MARK = "★"
DECIDER_ABSENT = "⚠ Nobody who decides on budget is attending."

AGREEMENT_PARTS = tuple((field.column, field.label) for field in prep_fields.AGREEMENT)

# The sections that are no single prep field; WHO_DECIDES gets lines to write on when nobody is
# recorded as attending (with attendees but no one who decides on budget, the header says so
# instead, as the form does).
SHEET_ONLY_LABELS = {
    WHO_DECIDES: "Who decides, and how the decision reaches them",
    AGREEMENT_SECTION: "Meeting agreement",
}

# The sheet's sections in the catalogue's sheet order, each with the form's label.
SECTION_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (key, SHEET_ONLY_LABELS[key] if key in SHEET_ONLY_LABELS else prep_fields.BY_COLUMN[key].label)
    for key in prep_fields.SHEET_ORDER
)


def attendee_line(person: Person) -> str:
    role = BuyingRole(person.role)
    name = f"{person.name}, {person.title}" if person.title else person.name
    mark = f"{DECIDER_MARK} " if role.decides else ""
    return f"{mark}{name} — {role.label.lower()}"


# An empty field among these gets lines to write on, so that a step not yet prepared still
# gives a sheet to prepare by hand; the decision box gets them too.
WRITE_IN_LINES = {"fallback": 2, WHO_DECIDES: 2, "questions": 4}
DECISION_WRITE_IN_LINES = 3


def _agreement_parts(step: Step) -> tuple[str, ...]:
    return tuple(
        f"{label}: {getattr(step, field).strip()}"
        for field, label in AGREEMENT_PARTS
        if getattr(step, field).strip()
    )


def build_sheet(
    pursuit: Pursuit | SheetPursuit,
    steps: Sequence[StepFacts],
    step: Step,
    attendees: Sequence[Person],
) -> SheetContent:
    """The content of ``step``'s sheet; empty fields are left out, except those that get lines
    to write on."""
    decider_attends = any(BuyingRole(person.role).decides for person in attendees)
    sections: list[Section] = []
    for field, label in SECTION_FIELDS:
        if field == AGREEMENT_SECTION:
            parts = _agreement_parts(step)
        elif field == WHO_DECIDES:
            parts = ()
            if attendees:
                continue
        else:
            text = getattr(step, field).strip()
            parts = (text,) if text else ()
        if parts:
            sections.append(Section(label, parts))
        elif field in WRITE_IN_LINES:
            sections.append(Section(label, (), write_in=WRITE_IN_LINES[field]))
    status = PursuitStatus(pursuit.status)
    return SheetContent(
        pursuit_name=pursuit.name,
        client=pursuit.client,
        step_title=step_name(step.title, step.kind),
        step_kind=StepKind(step.kind).label,
        planned_at=step.planned_at,
        attendees=tuple(attendee_line(p) for p in attendees),
        decision=step.decision_needed.strip(),
        decision_by=step.decision_by,
        decider_attends=decider_attends,
        sections=tuple(sections),
        journey=line_states(steps, status),
        this_step=next(index for index, s in enumerate(steps) if s.id == step.id),
        status=status,
    )
