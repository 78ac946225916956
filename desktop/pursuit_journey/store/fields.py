"""Names of the text columns, in the prep form's order: shared by the store, the form,
export and printing, and light enough to import before the store loads."""

from __future__ import annotations

# Text columns of a step, in the prep form's order: shared by the store, export and printing.
STEP_TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "decision_needed",
    "why_client",
    "fallback",
    "needs_to_decide",
    "concerns",
    "questions",
    "to_share",
    "agreement_purpose",
    "agreement_their_agenda",
    "agreement_our_agenda",
    "agreement_time",
    "agreement_outcome",
    "research",
    "materials",
    "decision_made",
    "next_decision",
)
PURSUIT_TEXT_FIELDS: tuple[str, ...] = (
    "name",
    "client",
    "currency",
    "decision_criteria",
    "decision_process",
    "who_signs",
    "paper_process",
    "notes",
    "closing_reason",
)
