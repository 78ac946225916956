"""Names of the text columns, in the prep form's order: shared by the store, the form,
export and printing, and light enough to import before the store loads."""

from __future__ import annotations

from ..domain.prep_fields import PREP_FIELDS

# Text columns of a step, in the prep form's order: written once in the domain's catalogue.
STEP_TEXT_FIELDS: tuple[str, ...] = tuple(field.column for field in PREP_FIELDS)
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
