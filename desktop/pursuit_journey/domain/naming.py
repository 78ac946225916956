"""How a pursuit is told apart from the client's other pursuits.

Sellers name pursuits after the client ("Globex Energy — adoption routes"). Beside the client's
own column that repeats what is already shown and, once elided, hides the part that differs.
"""

from __future__ import annotations

import re
import unicodedata

# What sellers put between the client and the rest: dashes, colons, bars, slashes, commas.
_SEPARATORS = re.compile(r"^[\s\-–—:|/·,]+")


def distinctive_name(name: str, client: str) -> str:
    """``name`` without a leading ``client`` and the separator after it.

    Only a whole-word prefix counts ("Globex" is not stripped from "Globexa pilot"), the
    comparison ignores case and repeated spaces, and a name that is nothing but the client
    (or the client and a separator) is kept whole: there is nothing shorter that tells it apart.
    """
    name = " ".join(name.split())
    client = " ".join(client.split())
    if not client or len(name) <= len(client):
        return name
    if name[: len(client)].casefold() != client.casefold():
        return name
    rest = name[len(client) :]
    stripped = _SEPARATORS.sub("", rest)
    if stripped == rest or not stripped:  # no word boundary, or nothing after the client
        return name
    return stripped


def folded(text: str) -> str:
    """``text`` for searching: case and accents ignored ("Tomás" matches "tomas")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
