"""Whose pursuit it is, on a store several sellers share: the seller's name, told apart from
another's without regard to case or repeated spaces."""

from __future__ import annotations


def same_seller(owner: str, seller: str) -> bool:
    """``owner`` (a pursuit's) names ``seller``: "Dana  Reyes" and "dana reyes" are one."""
    return " ".join(owner.split()).casefold() == " ".join(seller.split()).casefold()


def hidden_note(shown: int, hidden: int) -> str:
    """What a Mine filter hiding ``hidden`` of the others' pursuits says, plainly."""
    if not hidden:
        return ""
    others = f"{hidden} pursuit{'s' if hidden != 1 else ''} of others"
    if not shown:
        return f"None of these pursuits is yours: {others} hidden. Choose Everyone to see them."
    return f"Showing your {shown}; {others} hidden (choose Everyone to see them)."
