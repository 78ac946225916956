"""Help ▸ Keyboard Shortcuts (made from the window's actions, so it cannot drift) and
Help ▸ How It Works (one short page on the idea the app is built on)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.momentum import StallingThresholds
from ..domain.wording import counted
from .screen_fit import fit_to_screen

# Keys the journey line reads itself (no menu action carries them).
LINE_KEYS = (
    ("Left / Right, Home / End", "Select the previous / next, first / last step"),
    ("Enter", "Open the selected step's prep form"),
    ("Alt+Left / Alt+Right", "Move the selected step one place"),
    ("Insert / Delete", "Add a step after the selection / delete it"),
)


@dataclass(frozen=True)
class ShortcutRow:
    where: str  # "File ▸ Print…"
    keys: str  # in the platform's own notation, several joined by " or "


def _clean(text: str) -> str:
    """A menu text as read: without the mnemonic ampersand (a doubled one stays)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _typed(keys: QKeySequence) -> bool:
    """Whether the keys are typed on an ordinary keyboard: not a media or launch key (a "Redo"
    key that the platform binds as well, which few keyboards have)."""
    return keys[0].key().value < Qt.Key.Key_Back.value  # type: ignore[index]  # stubs lack QKeySequence[i]


def _walk(menu: QMenu, path: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], QAction]]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _walk(sub, (*path, _clean(action.text())))
        else:
            yield path, action


def shortcut_rows(menu_bar: QMenuBar, extra: Iterable[QAction] = ()) -> list[ShortcutRow]:
    """Every action with a shortcut, in menu order, each under its menu path; ``extra`` are
    actions with shortcuts that are in no menu."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def add(path: tuple[str, ...], action: QAction) -> None:
        keys = [k for k in action.shortcuts() if not k.isEmpty() and _typed(k)]
        if not keys or id(action) in seen:
            return
        seen.add(id(action))
        text = " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        rows.append(ShortcutRow(" ▸ ".join((*path, _clean(action.text()))), text))

    for top in menu_bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            for path, action in _walk(menu, (_clean(top.text()),)):
                add(path, action)
    for action in extra:
        add((), action)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.table = QTableWidget(len(rows) + len(LINE_KEYS) + 1, 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        entries = [(row.keys, row.where) for row in rows]
        entries.append(("", "On the journey line (click it or Tab to it):"))
        entries.extend(LINE_KEYS)
        for number, (keys, what) in enumerate(entries):
            self.table.setItem(number, 0, QTableWidgetItem(keys))
            item = QTableWidgetItem(what)
            if not keys:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(number, 1, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 620)

    def texts(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(row, 0).text(), self.table.item(row, 1).text())
            for row in range(self.table.rowCount())
        ]


def how_it_works_sections(thresholds: StallingThresholds) -> list[tuple[str, str]]:
    """The page's headings and paragraphs, plain text (the seller's thresholds filled in)."""
    meetings = counted(thresholds.stays_in_a_row, "meeting")
    days = counted(thresholds.days_without_decision, "day")
    return [
        (
            "Decisions move a pursuit",
            "A pursuit moves forward only when the client decides something: to share their "
            "data, to run a pilot, to bring in the person who signs. Agendas, decks and demos "
            "serve that decision; they do not move the pursuit by themselves. So every step is "
            "prepared around one thing: the next decision the client needs to make, in their "
            "own interest, and what will help them make it comfortably.",
        ),
        (
            "Three outcomes",
            "After each step you record what happened. Advanced: the client decided. Stayed: a "
            "pleasant meeting, but no decision. Went back: an earlier decision was reopened, "
            "which is sometimes what it takes to go forward. A pursuit ends won (contract "
            "signed) or lost; disqualifying is progress too. A promise you make (\u201cI will "
            "send the proposal\u201d) is not a client decision, and the app says so.",
        ),
        (
            "Stalling",
            f"A pursuit is stalling after {meetings} in a row without a client decision, or "
            f"{days} without one. It is flagged in the list and in the momentum view, where "
            "the stalling figure shows only those pursuits. Change both numbers in Edit ▸ "
            "Preferences.",
        ),
        (
            "The sheet",
            "Each step prints on one page to take into the meeting: who attends, a small "
            "journey line with this step ringed, the decision you need in a box, then the rest "
            "of your preparation, and at the bottom the debrief with tick boxes and lines to "
            "fill in by hand. File ▸ Print Upcoming prints the sheets of the coming days at "
            "once.",
        ),
    ]


def how_it_works_html(sections: list[tuple[str, str]]) -> str:
    return "".join(
        f"<h3>{html.escape(heading)}</h3><p>{html.escape(text)}</p>" for heading, text in sections
    )


class HowItWorksDialog(QDialog):
    def __init__(self, thresholds: StallingThresholds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How It Works")
        intro = QLabel("The idea the app is built on, in four parts.", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.page = QTextBrowser(self)
        self.page.setOpenLinks(False)
        self.page.setHtml(how_it_works_html(how_it_works_sections(thresholds)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 560)
