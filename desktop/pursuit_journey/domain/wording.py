"""Counts in words: "1 step", "2 steps", never "step(s)" or "1 steps"."""

from __future__ import annotations

from collections.abc import Callable


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word for ``count`` things: the singular for exactly one, else the plural."""
    if count == 1:
        return singular
    return plural_form if plural_form is not None else singular + "s"


def counted(
    count: int,
    singular: str,
    plural_form: str | None = None,
    *,
    number: Callable[[int], str] = str,
) -> str:
    """``count`` and its word; ``number`` writes the figure (the UI passes the locale's)."""
    return f"{number(count)} {plural(count, singular, plural_form)}"
