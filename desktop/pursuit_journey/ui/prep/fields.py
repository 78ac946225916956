"""The prep form's text fields, in the product's order, with their labels and examples."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextField:
    column: str
    label: str
    placeholder: str = ""
    lines: int = 2  # 0: a single-line field

    @property
    def single_line(self) -> bool:
        return self.lines == 0


DECISION = TextField(
    "decision_needed",
    "The decision we need from the client",
    "A client action with a date, e.g. “Marta approves a two-week pilot with the dispatch "
    "team by 14 March”",
    lines=2,
)

# Between "why" and "fallback" on one side and "what they need" on the other, the form puts
# the attendees; the lists below are split there.
BEFORE_ATTENDEES: tuple[TextField, ...] = (
    TextField(
        "why_client",
        "Why it serves the client",
        "In their words: the result they can measure, e.g. “cuts empty kilometres by 10 % "
        "this year”",
    ),
    TextField(
        "fallback",
        "Fallback: the smallest decision that still moves us forward",
        "e.g. “Tomás names who owns the route data”",
    ),
)

AFTER_ATTENDEES: tuple[TextField, ...] = (
    TextField(
        "needs_to_decide",
        "What they need to decide comfortably",
        "Information, proof, people, time…",
    ),
    TextField(
        "concerns",
        "Concerns, risks and competition",
        "What might they raise? What could stop it? Who else are they talking to?",
    ),
    TextField("questions", "Questions to ask", "Open questions that help them decide"),
    TextField("to_share", "What we will share", "Facts, a reference, a short demo…"),
)

AGREEMENT: tuple[TextField, ...] = (
    TextField("agreement_purpose", "Purpose", "Why we meet, in one sentence", lines=1),
    TextField("agreement_their_agenda", "Their agenda", "What they want from the meeting", lines=1),
    TextField("agreement_our_agenda", "Our agenda", "What we want from the meeting", lines=1),
    TextField("agreement_time", "Time", "e.g. 45 minutes", lines=0),
    TextField(
        "agreement_outcome",
        "Outcome we both expect",
        "What we agree to decide at the end; “no” is an acceptable answer too",
        lines=1,
    ),
)

NOTES: tuple[TextField, ...] = (
    TextField("research", "Research notes", "What we know about them, their market, the people"),
    TextField("materials", "Materials", "Deck, demo, handouts…", lines=1),
)

DEBRIEF: tuple[TextField, ...] = (
    TextField(
        "decision_made",
        "Decision the client made",
        "In their words, as they said it",
    ),
    TextField(
        "next_decision",
        "The next decision",
        "Where the next step's prep starts, e.g. “CFO approves the pilot budget by 1 April”",
    ),
)

# The same column when the pursuit went back: what the client reopened.
WENT_BACK_MADE = TextField(
    "decision_made",
    "What the client reopened",
    "The earlier decision that is open again, and why, e.g. “IT wants the pilot limited to "
    "one depot”",
)
