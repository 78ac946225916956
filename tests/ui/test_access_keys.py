"""Every menu entry has an access key (Alt+letter), and no two in one menu share it."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from pursuit_journey.ui.main_window import MainWindow


def access_key(text: str) -> str | None:
    """The letter after the single '&' in a menu text ('&&' is a literal ampersand)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def menus_of(window: MainWindow) -> list[QMenu]:
    found: list[QMenu] = []
    pending = [action.menu() for action in window.menuBar().actions()]
    while pending:
        menu = pending.pop()
        if not isinstance(menu, QMenu):
            continue
        found.append(menu)
        pending.extend(action.menu() for action in menu.actions())
    return found


def test_each_menus_entries_have_distinct_access_keys(window: MainWindow) -> None:
    window.build_rest()  # the menus are complete only after the first paint
    clashes: list[str] = []
    missing: list[str] = []
    for menu in menus_of(window):
        seen: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator() or not action.text():
                continue
            key = access_key(action.text())
            if key is None:
                missing.append(f"{menu.title()} ▸ {action.text()}")
            elif key in seen:
                clashes.append(f"{menu.title()}: {seen[key]!r} and {action.text()!r} share {key}")
            else:
                seen[key] = action.text()
    assert clashes == []
    assert missing == []


def test_the_access_key_is_the_letter_after_a_single_ampersand() -> None:
    assert access_key("&File") == "f"
    assert access_key("Sales && &Marketing") == "m"
    assert access_key("No key") is None
