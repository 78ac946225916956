"""The prep fields of a step, written once: column, label, example, form group and sheet order.

The store's column list (``store.fields``), the prep form (``ui.prep.form``), the printed sheet
(``printing.sheet_content``) and the ``.pursuit`` format all read them from here, so a label
or a column changes in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FormGroup(Enum):
    """Where the prep form shows a field."""

    HEADER = "header"  # the step's title, above the preparation
    DECISION = "decision"
    # Between "why" and "fallback" on one side and "what they need" on the other, the form
    # puts the attendees.
    BEFORE_ATTENDEES = "before attendees"
    AFTER_ATTENDEES = "after attendees"
    AGREEMENT = "agreement"
    NOTES = "notes"
    DEBRIEF = "debrief"


@dataclass(frozen=True)
class PrepField:
    column: str
    label: str
    placeholder: str
    group: FormGroup
    lines: int = 2  # 0: a single-line field

    @property
    def single_line(self) -> bool:
        return self.lines == 0


# Every text column of a step, in the prep form's order (the store's and the format's order too).
PREP_FIELDS: tuple[PrepField, ...] = (
    PrepField("title", "Step title", "Title of this step", FormGroup.HEADER, lines=0),
    PrepField(
        "decision_needed",
        "The decision we need from the client",
        "A client action with a date, e.g. “Marta approves a two-week pilot with the dispatch "
        "team by 14 March”",
        FormGroup.DECISION,
    ),
    PrepField(
        "why_client",
        "Why it serves the client",
        "In their words: the result they can measure, e.g. “cuts empty kilometres by 10 % "
        "this year”",
        FormGroup.BEFORE_ATTENDEES,
    ),
    PrepField(
        "fallback",
        "Fallback: the smallest decision that still moves us forward",
        "e.g. “Tomás names who owns the route data”",
        FormGroup.BEFORE_ATTENDEES,
    ),
    PrepField(
        "needs_to_decide",
        "What they need to decide comfortably",
        "Information, proof, people, time…",
        FormGroup.AFTER_ATTENDEES,
    ),
    PrepField(
        "concerns",
        "Concerns, risks and competition",
        "What might they raise? What could stop it? Who else are they talking to?",
        FormGroup.AFTER_ATTENDEES,
    ),
    PrepField(
        "questions",
        "Questions to ask",
        "Open questions that help them decide",
        FormGroup.AFTER_ATTENDEES,
    ),
    PrepField(
        "to_share",
        "What we will share",
        "Facts, a reference, a short demo…",
        FormGroup.AFTER_ATTENDEES,
    ),
    PrepField(
        "agreement_purpose",
        "Purpose",
        "Why we meet, in one sentence",
        FormGroup.AGREEMENT,
        lines=1,
    ),
    PrepField(
        "agreement_their_agenda",
        "Their agenda",
        "What they want from the meeting",
        FormGroup.AGREEMENT,
        lines=1,
    ),
    PrepField(
        "agreement_our_agenda",
        "Our agenda",
        "What we want from the meeting",
        FormGroup.AGREEMENT,
        lines=1,
    ),
    PrepField("agreement_time", "Time", "e.g. 45 minutes", FormGroup.AGREEMENT, lines=0),
    PrepField(
        "agreement_outcome",
        "Outcome we both expect",
        "What we agree to decide at the end; “no” is an acceptable answer too",
        FormGroup.AGREEMENT,
        lines=1,
    ),
    PrepField(
        "research",
        "Research notes",
        "What we know about them, their market, the people",
        FormGroup.NOTES,
    ),
    PrepField("materials", "Materials", "Deck, demo, handouts…", FormGroup.NOTES, lines=1),
    PrepField(
        "decision_made",
        "Decision the client made",
        "In their words, as they said it",
        FormGroup.DEBRIEF,
    ),
    PrepField(
        "next_decision",
        "The next decision",
        "Where the next step's prep starts, e.g. “CFO approves the pilot budget by 1 April”",
        FormGroup.DEBRIEF,
    ),
)

BY_COLUMN: dict[str, PrepField] = {field.column: field for field in PREP_FIELDS}


def in_group(group: FormGroup) -> tuple[PrepField, ...]:
    return tuple(field for field in PREP_FIELDS if field.group is group)


TITLE = BY_COLUMN["title"]
DECISION = BY_COLUMN["decision_needed"]
BEFORE_ATTENDEES = in_group(FormGroup.BEFORE_ATTENDEES)
AFTER_ATTENDEES = in_group(FormGroup.AFTER_ATTENDEES)
AGREEMENT = in_group(FormGroup.AGREEMENT)
NOTES = in_group(FormGroup.NOTES)
DEBRIEF = in_group(FormGroup.DEBRIEF)

# The same column when the pursuit went back: what the client reopened.
WENT_BACK_MADE = PrepField(
    "decision_made",
    "What the client reopened",
    "The earlier decision that is open again, and why, e.g. “IT wants the pilot limited to "
    "one depot”",
    FormGroup.DEBRIEF,
)

# Sections of the printed sheet that are no single column: lines to write on about who decides
# (when nobody is recorded as attending) and the meeting agreement's parts in one box.
WHO_DECIDES = "who_decides"
AGREEMENT_SECTION = "agreement"

# The sheet's order after the decision box: the fallback sits next to the decision on paper.
SHEET_ORDER: tuple[str, ...] = (
    "fallback",
    "why_client",
    WHO_DECIDES,
    "needs_to_decide",
    "concerns",
    "questions",
    "to_share",
    AGREEMENT_SECTION,
    "research",
    "materials",
)


def decision_missing(decision_needed: str) -> bool:
    """The one rule: a step still to happen with no decision written is missing its decision."""
    return not decision_needed.strip()
