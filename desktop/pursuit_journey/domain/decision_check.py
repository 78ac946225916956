"""A gentle check that a "decision needed from the client" reads as a client's action.

It never blocks: it returns a warning for the seller to consider, or ``None``.
"""

from __future__ import annotations

import re

MISSING = "Decision missing: what should the client decide in this step?"

PROMISE = (
    "This reads like something you will do, not a decision the client makes. "
    "Try a client action, e.g. “Client agrees to a two-week pilot with the support team "
    "by 14 March”."
)

# Openings that describe the seller's own work: "I will…", "we'll…", "send the proposal", …
_SELLER_SUBJECT = re.compile(
    r"^\s*(?:i|we)\s*(?:'ll|’ll|\s+will|\s+shall|\s+would|\s+are\s+going\s+to|\s+am\s+going\s+to"
    r"|'re\s+going\s+to|’re\s+going\s+to|\s+need\s+to|\s+must|\s+should|\s+can)\b",
    re.IGNORECASE,
)
_SELLER_VERBS = (
    "send",
    "email",
    "e-mail",
    "mail",
    "prepare",
    "present",
    "show",
    "demo",
    "deliver",
    "share",
    "follow up",
    "follow-up",
    "call",
    "phone",
    "ring",
    "write",
    "draft",
    "update",
    "check in",
    "remind",
    "chase",
    "schedule",
    "book",
    "build",
    "create",
    "provide",
    "give",
    "pitch",
)
_SELLER_IMPERATIVE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(v) for v in _SELLER_VERBS) + r")\b", re.IGNORECASE
)
_FOLLOW_UP = re.compile(r"\bfollow[\s-]?up\b", re.IGNORECASE)
_CLIENT_SUBJECT = re.compile(r"^\s*(?:the\s+)?(?:client|customer|they|buyer)\b", re.IGNORECASE)


def check_decision(text: str) -> str | None:
    """A warning about ``text`` as a client decision, or ``None`` when it reads well."""
    stripped = text.strip()
    if not stripped:
        return MISSING
    if _CLIENT_SUBJECT.match(stripped):
        return None
    if _SELLER_SUBJECT.match(stripped) or _SELLER_IMPERATIVE.match(stripped):
        return PROMISE
    if _FOLLOW_UP.search(stripped):
        return PROMISE
    return None
