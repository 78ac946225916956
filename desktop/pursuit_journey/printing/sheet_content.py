"""What goes on a prep sheet, in order, decided without Qt: the layout only places it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..domain.journey_layout import JourneyLayout, StepFacts, journey_layout
from ..domain.vocabulary import BuyingRole, PursuitStatus, StepKind

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.tables import Person, Pursuit, Step


@dataclass(frozen=True)
class Section:
    label: str
    text: str


@dataclass(frozen=True)
class SheetContent:
    pursuit_name: str
    client: str
    step_title: str
    step_kind: str
    planned_at: datetime | None
    attendees: tuple[str, ...]  # "Name, title — role", deciders marked
    decision: str
    decision_by: date | None
    sections: tuple[Section, ...]
    journey: JourneyLayout  # the same numbers the on-screen line draws from
    this_step: int  # this sheet's step on that line
    status: PursuitStatus


DECIDER_MARK = "★"

AGREEMENT_PARTS = (
    ("agreement_purpose", "Purpose"),
    ("agreement_their_agenda", "Their agenda"),
    ("agreement_our_agenda", "Our agenda"),
    ("agreement_time", "Time"),
    ("agreement_outcome", "Outcome we both expect"),
)

# The sheet's order after the decision box: the fallback sits next to the decision on paper.
SECTION_FIELDS: tuple[tuple[str, str], ...] = (
    ("fallback", "Fallback: the smallest decision that still moves us forward"),
    ("why_client", "Why it serves the client"),
    ("needs_to_decide", "What they need to decide comfortably"),
    ("concerns", "Concerns, risks and competition"),
    ("questions", "Questions to ask"),
    ("to_share", "What we will share"),
    ("agreement", "Meeting agreement"),
    ("research", "Research notes"),
    ("materials", "Materials"),
)


def attendee_line(person: Person) -> str:
    role = BuyingRole(person.role)
    name = f"{person.name}, {person.title}" if person.title else person.name
    mark = f"{DECIDER_MARK} " if role.decides else ""
    return f"{mark}{name} — {role.label.lower()}"


def _agreement_text(step: Step) -> str:
    parts = [
        f"{label}: {getattr(step, field).strip()}"
        for field, label in AGREEMENT_PARTS
        if getattr(step, field).strip()
    ]
    return "\n".join(parts)


def build_sheet(
    pursuit: Pursuit, steps: Sequence[StepFacts], step: Step, attendees: Sequence[Person]
) -> SheetContent:
    """The content of ``step``'s sheet; empty fields are left out."""
    sections: list[Section] = []
    for field, label in SECTION_FIELDS:
        text = _agreement_text(step) if field == "agreement" else getattr(step, field)
        if text.strip():
            sections.append(Section(label, text.strip()))
    status = PursuitStatus(pursuit.status)
    return SheetContent(
        pursuit_name=pursuit.name,
        client=pursuit.client,
        step_title=step.title or StepKind(step.kind).label,
        step_kind=StepKind(step.kind).label,
        planned_at=step.planned_at,
        attendees=tuple(attendee_line(p) for p in attendees),
        decision=step.decision_needed.strip(),
        decision_by=step.decision_by,
        sections=tuple(sections),
        journey=journey_layout(steps, status),
        this_step=next(index for index, s in enumerate(steps) if s.id == step.id),
        status=status,
    )
