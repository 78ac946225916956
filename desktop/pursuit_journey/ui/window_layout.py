"""The main window's layout memory: where it was, what it showed, in settings.ini.

Every key is declared once here (as Picard's ``options.py`` declares its settings); the window,
and the benchmark that prepares a settings file for it, use these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QByteArray, QSettings

from ..domain.momentum import StallingThresholds

if TYPE_CHECKING:  # settings only: the widgets are the window's, made by it
    from PySide6.QtWidgets import QComboBox, QHeaderView, QMainWindow, QSplitter

GEOMETRY: Final = "window/geometry"
STATE: Final = "window/state"  # toolbars
SPLITTER: Final = "window/splitter"  # the list beside the pursuit
VIEW: Final = "window/view"  # one of the VIEW_… values below
LIST_SHOWN: Final = "window/listShown"  # View ▸ Pursuit List, once the seller chose
LIST_HEADER: Final = "list/header"  # the list's columns: order, widths, sorting
STATUS_FILTER: Final = "list/statusFilter"
CURRENT_PURSUIT: Final = "list/currentPursuit"  # the pursuit left, shown again at start (0: none)
# Edit ▸ Preferences ▸ Data: the shared server's URL, never with a password; empty: this computer.
DATA_SERVER: Final = "data/server"
# A shared server: the seller's name (asked once per computer: each pursuit made here is theirs)
# and whether the list and the momentum view show their pursuits or everyone's.
SELLER_NAME: Final = "seller/name"
OWNER_FILTER: Final = "list/owners"  # OWNERS_MINE or OWNERS_EVERYONE
OWNERS_MINE: Final = "mine"
OWNERS_EVERYONE: Final = "everyone"

# Edit ▸ Preferences ▸ General: when a pursuit counts as stalling.
STAYS_KEY: Final = "momentum/staysInARow"
DAYS_KEY: Final = "momentum/daysWithoutDecision"
LEGEND_SHOWN: Final = "line/legendShown"  # View ▸ Journey Legend

VIEW_MOMENTUM: Final = "momentum"
VIEW_PURSUITS: Final = "pursuits"

# The first size of a window without a remembered one, as large as the screen allows.
DEFAULT_SIZE: Final = (1240, 780)


def saved_server(settings: QSettings) -> str:
    """The server chosen in Preferences ▸ Data (its URL), or "" for this computer."""
    return str(settings.value(DATA_SERVER, "", type=str) or "").strip()


def save_server(settings: QSettings, url: str) -> None:
    settings.setValue(DATA_SERVER, url)
    settings.sync()


def load_thresholds(settings: QSettings) -> StallingThresholds:
    """The seller's thresholds, or the defaults for any missing or unreadable value."""
    default = StallingThresholds()

    def read(key: str, fallback: int, low: int, high: int) -> int:
        try:
            value = int(settings.value(key, fallback))
        except (TypeError, ValueError):
            return fallback
        return value if low <= value <= high else fallback

    return StallingThresholds(
        stays_in_a_row=read(STAYS_KEY, default.stays_in_a_row, 1, 20),
        days_without_decision=read(DAYS_KEY, default.days_without_decision, 1, 365),
    )


def save_thresholds(settings: QSettings, thresholds: StallingThresholds) -> None:
    settings.setValue(STAYS_KEY, thresholds.stays_in_a_row)
    settings.setValue(DAYS_KEY, thresholds.days_without_decision)
    settings.sync()


def load_legend_shown(settings: QSettings) -> bool:
    return bool(settings.value(LEGEND_SHOWN, True, type=bool))


def save_legend_shown(settings: QSettings, shown: bool) -> None:
    settings.setValue(LEGEND_SHOWN, shown)
    settings.sync()


class WindowLayout:
    """Reads and writes the keys above; what they mean for the window stays in the window."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def restore_window(self, window: QMainWindow) -> None:
        geometry = self.settings.value(GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            # Never larger than the screen: on a small one the window must fit, not overhang.
            screen = window.screen().availableGeometry()
            width, height = DEFAULT_SIZE
            window.resize(min(width, screen.width()), min(height, screen.height()))
        state = self.settings.value(STATE)
        if isinstance(state, QByteArray):
            window.restoreState(state)

    def restore_list(self, splitter: QSplitter, header: QHeaderView, status: QComboBox) -> None:
        splitter_state = self.settings.value(SPLITTER)
        if isinstance(splitter_state, QByteArray):
            splitter.restoreState(splitter_state)
        header_state = self.settings.value(LIST_HEADER)
        if isinstance(header_state, QByteArray):
            header.restoreState(header_state)
        status_index = self.settings.value(STATUS_FILTER, 0, type=int)
        if isinstance(status_index, int) and 0 <= status_index < status.count():
            status.setCurrentIndex(status_index)

    def save_window(self, window: QMainWindow) -> None:
        self.settings.setValue(GEOMETRY, window.saveGeometry())
        self.settings.setValue(STATE, window.saveState())

    def save_list(self, splitter: QSplitter, header: QHeaderView, status: QComboBox) -> None:
        self.settings.setValue(SPLITTER, splitter.saveState())
        self.settings.setValue(LIST_HEADER, header.saveState())
        self.settings.setValue(STATUS_FILTER, status.currentIndex())

    def last_pursuit(self) -> int | None:
        last = self.settings.value(CURRENT_PURSUIT, 0, type=int)
        return last if isinstance(last, int) and last > 0 else None

    def save_place(self, pursuit_id: int | None, *, momentum: bool) -> None:
        """The pursuit shown and the view, for the next start."""
        self.settings.setValue(CURRENT_PURSUIT, pursuit_id or 0)
        self.settings.setValue(VIEW, VIEW_MOMENTUM if momentum else VIEW_PURSUITS)

    def view(self) -> str:
        """VIEW_MOMENTUM, VIEW_PURSUITS, or "" before the seller ever chose."""
        return str(self.settings.value(VIEW, "", type=str))

    def list_shown(self) -> bool | None:
        """The seller's choice of View ▸ Pursuit List, or None if they never made one."""
        chosen = self.settings.value(LIST_SHOWN)
        return None if chosen is None else str(chosen).lower() in ("true", "1")

    def set_list_shown(self, shown: bool) -> None:
        self.settings.setValue(LIST_SHOWN, shown)

    def seller_name(self) -> str:
        """The seller's name on this computer, "" until they gave it."""
        return " ".join(str(self.settings.value(SELLER_NAME, "", type=str)).split())

    def set_seller_name(self, name: str) -> None:
        self.settings.setValue(SELLER_NAME, " ".join(name.split()))

    def mine_only(self) -> bool:
        """Mine (the default) or Everyone, for the list and the momentum view."""
        return self.settings.value(OWNER_FILTER, OWNERS_MINE, type=str) != OWNERS_EVERYONE

    def set_mine_only(self, mine: bool) -> None:
        self.settings.setValue(OWNER_FILTER, OWNERS_MINE if mine else OWNERS_EVERYONE)
