"""The main window's actions, menus and toolbar: one factory per action, registered by its id.

As MusicBrainz Picard's ``ui/mainwindow/actions.py``: each action is made by a factory keyed by
``MainAction`` (one shared by those that call a single method of the window, ``_PLAIN``), and
``create_actions`` makes them all as the window's ``<id>_action`` attributes. The window keeps
the wiring (what each action does); the Keyboard Shortcuts page is generated from the menus
built here (``help_dialogs.shortcut_rows``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .. import APP_NAME
from ..domain.vocabulary import PursuitStatus
from .appearance import Appearance
from .window_layout import load_legend_shown

if TYPE_CHECKING:
    from .main_window import MainWindow


class MainAction(enum.Enum):
    """Each value is the window attribute that holds the action."""

    NEW = "new_action"
    SAMPLE = "sample_action"
    BACKUP = "backup_action"
    RESTORE = "restore_action"
    MOVE_TO_SERVER = "move_to_server_action"
    SAVE_LOCAL_COPY = "save_local_copy_action"
    QUIT = "quit_action"
    UNDO = "undo_action"
    REDO = "redo_action"
    FIND = "find_action"
    RENAME = "rename_action"
    DELETE = "delete_action"
    DETAILS = "details_action"
    DEBRIEF = "debrief_action"
    ABOUT = "about_action"
    PREVIEW = "preview_action"
    PRINT = "print_action"
    EXPORT_PDF = "export_pdf_action"
    PRINT_UPCOMING = "print_upcoming_action"
    IMPORT = "import_action"
    EXPORT = "export_action"
    PREFERENCES = "preferences_action"
    MOMENTUM = "momentum_action"
    PURSUITS = "pursuits_action"
    LIST = "list_action"
    LEGEND = "legend_action"
    SHORTCUTS = "shortcuts_action"
    HOW_IT_WORKS = "how_it_works_action"


Factory = Callable[["MainWindow"], QAction]
_FACTORIES: dict[MainAction, Factory] = {}


def _register(key: MainAction) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        _FACTORIES[key] = factory
        return factory

    return register


def make_action(
    window: MainWindow,
    text: str,
    slot: object,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


# The actions that call one method of the window, each made by the same factory: its text, the
# method's name and its shortcut. The others have a factory of their own below.
_PLAIN: dict[MainAction, tuple[str, str, QKeySequence.StandardKey | str | None]] = {
    MainAction.NEW: ("&New Pursuit…", "new_pursuit", QKeySequence.StandardKey.New),
    MainAction.SAMPLE: ("Open &Sample Pursuit", "open_sample", None),
    MainAction.BACKUP: ("&Back Up Now", "back_up_now", None),
    MainAction.RESTORE: ("R&estore From Backup…", "restore_from_backup", None),
    MainAction.MOVE_TO_SERVER: ("Move to S&hared Server…", "move_to_server", None),
    MainAction.SAVE_LOCAL_COPY: ("Save a &Local Copy…", "save_local_copy", None),
    MainAction.QUIT: ("&Quit", "close", QKeySequence.StandardKey.Quit),
    MainAction.FIND: ("&Find Pursuit", "find", "Ctrl+F"),
    MainAction.RENAME: ("&Rename…", "rename_current", "F2"),
    MainAction.DETAILS: ("&Details…", "show_details", "Ctrl+I"),
    MainAction.ABOUT: (f"&About {APP_NAME}", "about", None),
    MainAction.IMPORT: ("&Import Pursuit…", "exchange_import", None),
    MainAction.EXPORT: ("E&xport Pursuit…", "exchange_export", None),
    MainAction.SHORTCUTS: ("&Keyboard Shortcuts", "show_shortcuts", None),
    MainAction.HOW_IT_WORKS: ("&How It Works", "show_how_it_works", None),
}


def _plain_factory(
    text: str, slot: str, shortcut: QKeySequence.StandardKey | str | None
) -> Factory:
    return lambda window: make_action(window, text, getattr(window, slot), shortcut)


for _key, (_text, _slot, _shortcut) in _PLAIN.items():
    _FACTORIES[_key] = _plain_factory(_text, _slot, _shortcut)


@_register(MainAction.UNDO)
def _undo(window: MainWindow) -> QAction:
    action = window.undo_stack.createUndoAction(window, "&Undo")
    action.setShortcut(QKeySequence.StandardKey.Undo)
    return action


@_register(MainAction.REDO)
def _redo(window: MainWindow) -> QAction:
    action = window.undo_stack.createRedoAction(window, "&Redo")
    # Listed once each: a key sequence listed twice is "ambiguous" and then does nothing.
    redo_keys = [QKeySequence("Ctrl+Shift+Z")]
    redo_keys += [
        keys
        for keys in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if keys not in redo_keys
    ]
    action.setShortcuts(redo_keys)
    return action


@_register(MainAction.DELETE)
def _delete(window: MainWindow) -> QAction:
    action = make_action(window, "De&lete Pursuit…", window.delete_pursuit, "Del")
    # Delete acts on the list only (added to its table when made): in a text field, Del
    # deletes text.
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


@_register(MainAction.DEBRIEF)
def _debrief(window: MainWindow) -> QAction:
    action = make_action(window, "De&brief", window.debrief, "Ctrl+D")
    action.setToolTip("Record what the client decided in the step's meeting (After the meeting)")
    return action


# Printing and the .pursuit file load their modules on first use (the window's cached
# properties), so their actions look them up when triggered.
@_register(MainAction.PREVIEW)
def _preview(window: MainWindow) -> QAction:
    return make_action(
        window, "Print Pre&view…", lambda: window.with_step(window.printing.preview_step)
    )


@_register(MainAction.PRINT)
def _print(window: MainWindow) -> QAction:
    return make_action(
        window,
        "&Print…",
        lambda: window.with_step(window.printing.print_step),
        QKeySequence.StandardKey.Print,
    )


@_register(MainAction.EXPORT_PDF)
def _export_pdf(window: MainWindow) -> QAction:
    return make_action(
        window, "Export P&DF…", lambda: window.with_step(window.printing.export_step), "Ctrl+E"
    )


@_register(MainAction.PRINT_UPCOMING)
def _print_upcoming(window: MainWindow) -> QAction:
    return make_action(window, "Print &Upcoming…", lambda: window.printing.print_upcoming())


@_register(MainAction.PREFERENCES)
def _preferences(window: MainWindow) -> QAction:
    action = make_action(
        window, "Pr&eferences…", window.edit_preferences, QKeySequence.StandardKey.Preferences
    )
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    return action


@_register(MainAction.MOMENTUM)
def _momentum(window: MainWindow) -> QAction:
    action = make_action(
        window, "&Momentum", lambda: window.show_view(window.momentum_view), "Ctrl+1"
    )
    action.setCheckable(True)
    return action


@_register(MainAction.PURSUITS)
def _pursuits(window: MainWindow) -> QAction:
    action = make_action(window, "&Pursuits", lambda: window.show_view(window.splitter), "Ctrl+2")
    action.setCheckable(True)
    return action


@_register(MainAction.LIST)
def _list(window: MainWindow) -> QAction:
    action = make_action(
        window, "Pursuit &List", lambda checked: window.set_list_shown(checked), "Ctrl+L"
    )
    action.setCheckable(True)
    return action


@_register(MainAction.LEGEND)
def _legend(window: MainWindow) -> QAction:
    action = make_action(
        window, "Journey L&egend", lambda checked: window.set_legend_shown(checked)
    )
    action.setCheckable(True)
    action.setChecked(load_legend_shown(window.settings))
    return action


def create_actions(window: MainWindow) -> None:
    """Every action as the window's ``<id>_action``, with the families of actions (a pursuit's
    status, the appearance) and the groups that make choices exclusive."""
    for key in MainAction:
        setattr(window, key.value, _FACTORIES[key](window))
    window.status_actions = {
        status: make_action(
            window, f"Mark as &{status.label}", lambda _=False, s=status: window.set_status(s)
        )
        for status in PursuitStatus
    }
    window.view_group = QActionGroup(window)
    for action in (window.momentum_action, window.pursuits_action):
        window.view_group.addAction(action)
    window.pursuits_action.setChecked(True)
    window.appearance_group = QActionGroup(window)
    window.appearance_actions = {}
    for appearance in Appearance:
        action = make_action(
            window, appearance.label, lambda _=False, a=appearance: window.set_appearance(a)
        )
        action.setCheckable(True)
        action.setChecked(appearance is window.appearance)
        window.appearance_group.addAction(action)
        window.appearance_actions[appearance] = action


def build_menus(window: MainWindow) -> list[QAction]:
    """The menu bar and the toolbar; returns the actions that need a pursuit shown."""
    menu_bar = window.menuBar()
    A = MainAction
    file_menu = menu_bar.addMenu("&File")
    _add_groups(window, file_menu, [A.NEW, A.SAMPLE], [A.IMPORT, A.EXPORT])
    from .spreadsheet.spreadsheet_actions import add_spreadsheet_actions

    # Spreadsheet import and export follow the .pursuit file's, in the same group.
    window.spreadsheets = add_spreadsheet_actions(
        window, file_menu, window.show_imported, window.refresh
    )
    file_menu.addSeparator()
    _add_groups(
        window,
        file_menu,
        [A.PREVIEW, A.PRINT, A.EXPORT_PDF, A.PRINT_UPCOMING],
        [A.BACKUP, A.RESTORE],
        [A.MOVE_TO_SERVER, A.SAVE_LOCAL_COPY],
        [A.QUIT],
    )
    _add_groups(window, menu_bar.addMenu("&Edit"), [A.UNDO, A.REDO], [A.FIND], [A.PREFERENCES])
    view_menu = menu_bar.addMenu("&View")
    _add_groups(window, view_menu, [A.MOMENTUM, A.PURSUITS], [A.LIST, A.LEGEND])
    appearance_menu = view_menu.addMenu("&Appearance")
    appearance_menu.addActions(list(window.appearance_actions.values()))
    pursuit_menu = menu_bar.addMenu("&Pursuit")
    _add_groups(window, pursuit_menu, [A.DETAILS, A.RENAME, A.DEBRIEF])
    status_menu = pursuit_menu.addMenu("S&tatus")
    status_menu.addActions(list(window.status_actions.values()))
    pursuit_menu.addSeparator()
    pursuit_menu.addAction(window.delete_action)
    _add_groups(window, menu_bar.addMenu("&Help"), [A.SHORTCUTS, A.HOW_IT_WORKS], [A.ABOUT])

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    _set_icons(window)
    toolbar.addActions(
        [
            window.new_action,
            window.debrief_action,
            window.preview_action,
            window.print_action,
            window.export_pdf_action,
        ]
    )
    return [
        window.details_action,
        window.rename_action,
        window.debrief_action,
        window.delete_action,
        status_menu.menuAction(),
        window.export_action,
    ]


def _add_groups(window: MainWindow, menu: QMenu, *groups: list[MainAction]) -> None:
    """The actions of ``groups`` in ``menu``, a separator between groups."""
    for index, group in enumerate(groups):
        if index:
            menu.addSeparator()
        menu.addActions([getattr(window, key.value) for key in group])


def _set_icons(window: MainWindow) -> None:
    from .icons import themed_icon

    window.new_action.setIcon(themed_icon("new"))
    window.preview_action.setIcon(themed_icon("preview"))
    window.print_action.setIcon(themed_icon("print"))
    window.export_pdf_action.setIcon(themed_icon("export_pdf"))
    window.debrief_action.setIcon(themed_icon("debrief"))
