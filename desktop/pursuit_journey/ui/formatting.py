"""Plain-text safety and search folding for the screen; values as text: ``drawing.formatting``."""

from __future__ import annotations

import unicodedata


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt would guess rich text from a bare string."""
    import html  # with its table of entities: not needed for the first picture

    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def folded(text: str) -> str:
    """``text`` for searching: case and accents ignored ("Tomás" matches "tomas")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
