"""A person's email address: checked loosely (a calendar, not a mail server, will use it) and
compared without regard to case, as mail systems do in practice."""

from __future__ import annotations

MAX_EMAIL_CHARS = 254  # RFC 5321's limit on a path


def clean_email(text: str) -> str:
    """``text`` as a stored email: trimmed, a ``mailto:`` prefix dropped; empty stays empty.

    Raises ValueError with a message for the seller when it cannot be an address."""
    cleaned = text.strip()
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :].strip()
    if not cleaned:
        return ""
    local, at, domain = cleaned.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or any(character.isspace() or character in '<>,;"()[]' for character in cleaned)
        or len(cleaned) > MAX_EMAIL_CHARS
    ):
        raise ValueError(f"“{text.strip()[:80]}” is not an email address (like name@example.com).")
    return cleaned


def email_key(email: str) -> str:
    """The form two addresses are compared in."""
    return email.strip().casefold()


def email_domain(email: str) -> str:
    """The part after the @, for matching a meeting's guests to a client's company."""
    return email_key(email).rpartition("@")[2]
