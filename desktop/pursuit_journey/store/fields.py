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

# What Python's str.strip() takes away (every character str.isspace() is true for), and the
# same for SQLite's trim(): "decision missing" is decided in SQL by the one rule
# (domain.prep_fields.decision_missing). A test checks the list against str.isspace().
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
BLANK_SQL = f"char({', '.join(str(ord(character)) for character in BLANK)})"
# The same as a PostgreSQL string literal, for btrim(): written out, so that the partial index
# of the planned steps without a decision and the queries that use it say it in one way.
BLANK_PG = f"'{BLANK}'"
