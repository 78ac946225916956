"""The main window: the pursuit list beside the selected pursuit, menus, undo, and layout memory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..domain.vocabulary import Outcome, PursuitStatus
from ..paths import DATABASE_NAME
from ..store.errors import StoreError
from .appearance import Appearance, apply_appearance, load_appearance, save_appearance
from .commands import ClosePursuit, Hooks, RenamePursuit, SetPursuitStatus, StoreCommand
from .main_actions import build_menus, create_actions
from .messages import confirm, show_error
from .momentum.figures import count_text
from .step_commands import Selection
from .window_layout import (
    VIEW_MOMENTUM,
    WindowLayout,
    load_thresholds,
    save_legend_shown,
    save_thresholds,
)

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike
    from .backup.backup_dialogs import AutoBackup
    from .exchange_actions import PursuitExchange
    from .momentum.momentum_view import MomentumView
    from .prep import PrepForm
    from .print_actions import SheetPrinting
    from .pursuit_details import PursuitDetails
    from .pursuit_list import PursuitListPanel
    from .pursuit_page import PursuitPage
    from .server_actions import ServerTransfer
    from .server_watch import ServerWatch
    from .spreadsheet.spreadsheet_actions import SpreadsheetActions
    from .welcome import WelcomePage

# With this many active pursuits or more, the window opens on the momentum view.
MOMENTUM_VIEW_FROM = 5
# Narrower than this, the window starts with the pursuit list hidden (until the seller shows it).
LIST_SHOWN_FROM_WIDTH = 1100
# A change from another computer waits this long, again and again, while a step is dragged.
DRAG_WAIT_MS = 250
log = logging.getLogger("pursuit_journey")


class MainWindow(QMainWindow):
    # Files handed to the app (command line, or a second launch): requested, and each .pursuit
    # file offered to whoever imports them.
    filesRequested = Signal(list)
    # The seller chose to start again on other data (Preferences ▸ Data, a move to the server,
    # the server back after a read-only start): the app closes this window and opens a new one.
    restartRequested = Signal()

    # Made by main_actions.create_actions, one factory per action (its MainAction id).
    new_action: QAction
    sample_action: QAction
    backup_action: QAction
    restore_action: QAction
    move_to_server_action: QAction
    save_local_copy_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    rename_action: QAction
    delete_action: QAction
    details_action: QAction
    debrief_action: QAction
    about_action: QAction
    preview_action: QAction
    print_action: QAction
    export_pdf_action: QAction
    print_upcoming_action: QAction
    import_action: QAction
    export_action: QAction
    preferences_action: QAction
    momentum_action: QAction
    pursuits_action: QAction
    list_action: QAction
    legend_action: QAction
    shortcuts_action: QAction
    how_it_works_action: QAction
    status_actions: dict[PursuitStatus, QAction]
    appearance_actions: dict[Appearance, QAction]
    view_group: QActionGroup
    appearance_group: QActionGroup
    spreadsheets: SpreadsheetActions  # made with the File menu

    def __init__(
        self,
        store: StoreLike,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        """``data_dir``: the data folder (for the local copy of a server's pursuits)."""
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        # The seller's stalling thresholds (Edit ▸ Preferences) apply to every momentum figure.
        store.thresholds = load_thresholds(settings)
        self.undo_stack = QUndoStack(self)
        self.hooks = Hooks(changed=self._after_command, failed=self._command_failed)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 480)
        self.appearance = load_appearance(settings)
        if self.appearance is not Appearance.SYSTEM:
            apply_appearance(self.appearance)

        # Made when first shown, so the first picture costs only what it shows: the welcome
        # (only with no pursuits), the list and the pursuit page (not on an empty database) and
        # the momentum view (only when it is the view). What the first picture did not need,
        # the seller's next click may: it is made right after the picture (build_rest).
        self._welcome: WelcomePage | None = None
        self._list_panel: PursuitListPanel | None = None
        self._pursuit_page: PursuitPage | None = None
        self._momentum_view: MomentumView | None = None
        self.details: PursuitDetails | None = None  # made when first asked for
        self.server_watch: ServerWatch | None = None  # on a shared server (watch_server)
        self._changes_at_open = store.change_count  # backups count the changes from here
        self.pages = QStackedWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.pages)  # the list goes before it when made
        self.splitter.setChildrenCollapsible(False)
        # Two views of the window: the pursuits (list and pursuit) and the momentum view.
        self.views = QStackedWidget(self)
        self.views.addWidget(self.splitter)
        self.setCentralWidget(self.views)

        create_actions(self)
        self.pursuit_actions = build_menus(self)
        from .menu_shortcuts_win import MenuShortcutsWin

        self.menu_shortcuts = MenuShortcutsWin(self.findChildren(QAction), self)
        # One of the two ways data moves, as the data lives here or on a server.
        self.move_to_server_action.setVisible(not store.shared)
        self.move_to_server_action.setEnabled(store.read_only_reason is None)
        self.save_local_copy_action.setVisible(store.shared)
        self.restore_action.setVisible(not store.shared)  # a server's backups are its own
        from .calendar.calendar_actions import CalendarActions

        self.calendar = CalendarActions(self)  # to and from the seller's calendar (.ics)
        self.statusBar()
        self.layout_memory = WindowLayout(settings)
        self.layout_memory.restore_window(self)
        # Pursuits made here are the seller's, once their name is known (asked on a shared
        # server only: on this computer's file nobody else's pursuits are there).
        store.owner = self.layout_memory.seller_name()
        self._list_wanted = self._list_shown_at_start()
        self.list_action.setChecked(self._list_wanted)
        self._build_status_widgets()
        # The seller comes back to the pursuit they left, in the view they last used; until
        # they choose, the momentum view once there are enough active pursuits.
        self._first_selection = self.layout_memory.last_pursuit()
        self._list_filled = False
        view = self.layout_memory.view()
        if view == VIEW_MOMENTUM or (not view and self._momentum_by_default()):
            self._open_on_momentum()  # the list it hides is filled when the seller goes to it
        else:
            self.refresh(select_id=self._first_selection)

    def _open_on_momentum(self) -> None:
        self.views.setCurrentWidget(self.momentum_view)
        self.momentum_action.setChecked(True)
        self._pursuit_actions_off()

    def _fill_list(self) -> None:
        """The list, filled now if the window opened on the momentum view without it (two
        copies of every pursuit, the board's and the list's, are held only once both are
        used)."""
        if not self._list_filled:
            self.refresh(select_id=self._first_selection, board=False)

    def store_loaded(self) -> None:
        """The store has loaded after the first picture: fill in what needed it.

        The list (and the momentum board) stand: they were read with the store's own query
        (``store.summaries``) from the same file, which nothing could change meanwhile; reading
        2,000 rows again would cost time and hold two copies at once. The shown pursuit is read
        again, as full steps for its prep form."""
        if self.views.currentWidget() is self.splitter:
            self._show_pursuit(self.current_pursuit_id())

    def build_rest(self) -> None:
        """After the first picture: make what it did not show, so the first use is quick."""
        self.list_panel  # noqa: B018 - made now if the first picture had no pursuits
        self.pursuit_page.build_tabs()
        self._watch_prep_saves()
        self.auto_backup  # noqa: B018 - made now: its timer counts from the start
        self.calendar.feed.start()
        if self.store.shared:
            self.ensure_seller_name()
            self.watch_server()

    # ---- parts made when first used -------------------------------------------------------

    @property
    def welcome(self) -> WelcomePage:
        """What the window shows with no pursuit to show."""
        if self._welcome is None:
            from .welcome import WelcomePage

            welcome = WelcomePage(self)
            welcome.createRequested.connect(self.new_pursuit)
            welcome.sampleRequested.connect(self.open_sample)
            self.pages.insertWidget(0, welcome)
            self._welcome = welcome
        return self._welcome

    @property
    def list_panel(self) -> PursuitListPanel:
        if self._list_panel is None:
            from .pursuit_list import PursuitListPanel

            panel = PursuitListPanel(self)
            panel.pursuitSelected.connect(self._show_pursuit)
            panel.model.renameRequested.connect(self.rename_pursuit)
            panel.table.addAction(self.delete_action)
            self.splitter.insertWidget(0, panel)
            panel.hide()  # until refresh() gives it pursuits to list
            self.splitter.setStretchFactor(0, 1)
            self.splitter.setStretchFactor(1, 1)
            self.splitter.setSizes([440, 800])
            self._list_panel = panel
            self.layout_memory.restore_list(
                self.splitter, panel.table.horizontalHeader(), panel.status_filter
            )
            panel.set_owners(self.store.shared, self.store.owner, self.layout_memory.mine_only())
            panel.mineOnlyChanged.connect(self.set_mine_only)
        return self._list_panel

    @property
    def pursuit_page(self) -> PursuitPage:
        if self._pursuit_page is None:
            from .pursuit_page import PursuitPage

            # The page's journey line pushes its step commands onto the window's one undo stack.
            page = PursuitPage(self.store, self.undo_stack, self.hooks, self)
            page.stepSaved.connect(self._step_saved)
            page.nextStepPlanned.connect(self._step_planned)
            page.stepOpened.connect(self._update_print_actions)
            page.line.currentChanged.connect(self._update_print_actions)
            page.line.set_legend_shown(self.legend_action.isChecked())
            page.line.legendShownChanged.connect(self.set_legend_shown)
            page.calendarRequested.connect(self.calendar.add_step)
            self.pages.addWidget(page)
            self._pursuit_page = page
        return self._pursuit_page

    @property
    def prep_form(self) -> PrepForm:
        return self.pursuit_page.prep_form

    @property
    def momentum_view(self) -> MomentumView:
        if self._momentum_view is None:
            from .momentum.momentum_view import MomentumView

            view = MomentumView(self.store, lambda: self.printing, self.settings, self)
            view.pursuitOpened.connect(self.open_from_momentum)
            view.set_owners(self.store.shared, self.store.owner, self.layout_memory.mine_only())
            view.mineOnlyChanged.connect(self.set_mine_only)
            self.views.addWidget(view)
            self._momentum_view = view
        return self._momentum_view

    def _showing_momentum(self) -> bool:
        return self._momentum_view is not None and self.views.currentWidget() is self._momentum_view

    def _mark_momentum_stale(self, pursuit_id: int | None = None) -> None:
        """Every pursuit (None) or one changed: redrawn now if shown, else when next shown."""
        if self._momentum_view is not None:
            self._momentum_view.mark_stale(pursuit_id)

    def _flush_edits(self) -> bool:
        """Pending edits of the prep form written now; False when they could not be saved."""
        return self._pursuit_page.flush() if self._pursuit_page is not None else True

    @cached_property
    def auto_backup(self) -> AutoBackup:
        from .backup.backup_dialogs import AutoBackup, retention_settings

        auto_backup = AutoBackup(
            self.store,
            retention_settings(self.settings),
            parent=self,
            changes_seen=self._changes_at_open,
            local_copy=self.local_copy_path(),
        )
        auto_backup.backedUp.connect(self._backed_up)
        auto_backup.failed.connect(self._backup_failed)
        return auto_backup

    # ---- actions and menus (made in main_actions) -----------------------------------------

    # Printing and the .pursuit file load their modules on first use: not at start-up.

    @cached_property
    def printing(self) -> SheetPrinting:
        from .print_actions import SheetPrinting

        return SheetPrinting(self.store, self, self._status_message)

    @cached_property
    def exchange(self) -> PursuitExchange:
        from .exchange_actions import PursuitExchange

        return PursuitExchange(self.store, self, self._status_message)

    def _status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def show_read_only(self, reason: str) -> None:
        """Say once, on a row of its own under the toolbar, that nothing can be saved: the
        database file or its folder is read-only (edits are refused with the same reason)."""
        from PySide6.QtWidgets import QSizePolicy, QToolBar

        from .banner import ReadOnlyBanner

        bar = QToolBar("Read-only", self)
        bar.setObjectName("readOnlyBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)  # the window may not hide it
        self.read_only_banner = ReadOnlyBanner(reason, bar)
        self.read_only_banner.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum
        )
        bar.addWidget(self.read_only_banner)
        self.addToolBarBreak()
        self.addToolBar(bar)

    def offer_server_again(self) -> None:
        """The shared server answers again after a start on the read-only copy: offer to use
        it, so that edits resume (the app starts again on it)."""
        banner = getattr(self, "read_only_banner", None)
        text = "The shared server answers again. Use it to resume editing."
        if banner is None or banner.action.isVisibleTo(banner):
            return  # offered already
        banner.offer(text, "Use the Server Again").clicked.connect(self.restartRequested)
        self.statusBar().showMessage("The shared server answers again.", 8000)

    # ---- showing --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None, *, board: bool = True) -> None:
        """Redraw the list (and the selected pursuit) from the store; and the momentum board
        unless ``board`` is False (it was just read)."""
        try:
            summaries = self.store.pursuit_summaries()
        except StoreError as error:
            show_error(self, "Could not read the pursuits", str(error))
            return
        self._list_filled = True
        if summaries or self._list_panel is not None:
            self.list_panel.setVisible(bool(summaries) and self._list_wanted)
            self.list_panel.set_summaries(summaries, select_id)
        if not summaries:
            self._show_pursuit(None)
            if self.views.currentWidget() is not self.splitter:
                self.show_view(self.splitter)  # an empty momentum board says less than a welcome
        if board:
            self._mark_momentum_stale()

    def refresh_pursuit(self, pursuit_id: int) -> None:
        """Redraw one pursuit after a change to it: its row of the list and, when it is shown,
        its page. The rest of the list is untouched, so this stays quick with many pursuits."""
        try:
            summary = self.store.pursuit_summary(pursuit_id)
        except StoreError:
            self.refresh()  # gone, or unreadable: the full redraw says what is true
            return
        self._mark_momentum_stale(pursuit_id)
        if not self.list_panel.model.update_row(summary):
            self.refresh(select_id=pursuit_id)
            return
        if self.current_pursuit_id() == pursuit_id:
            self._show_pursuit(pursuit_id)
        else:
            self.list_panel.select(pursuit_id)

    def _show_pursuit(self, pursuit_id: int | None) -> None:
        with self.store.one_action():  # one user action: its reads in one transaction
            self._show_pursuit_now(pursuit_id)

    def _show_pursuit_now(self, pursuit_id: int | None) -> None:
        on_screen = self.views.currentWidget() is self.splitter
        for action in self.pursuit_actions:
            action.setEnabled(pursuit_id is not None and on_screen)
        if pursuit_id is None:
            self.pages.setCurrentWidget(self.welcome)
            return
        row = self.list_panel.model.row_of(pursuit_id)
        if row is None:
            return
        summary = self.list_panel.model.summary(row)
        try:
            steps = self.store.steps(pursuit_id)
        except StoreError as error:
            show_error(self, "Could not read the pursuit", str(error))
            return
        for status, action in self.status_actions.items():
            action.setEnabled(status is not summary.status)
        self.pursuit_page.show_pursuit(summary, steps)
        self.pages.setCurrentWidget(self.pursuit_page)
        self._watch_prep_saves()
        self._update_print_actions()

    def current_pursuit_id(self) -> int | None:
        return self._list_panel.current_id() if self._list_panel is not None else None

    def current_step_id(self) -> int | None:
        if (
            self.views.currentWidget() is not self.splitter
            or self._pursuit_page is None
            or self.pages.currentWidget() is not self._pursuit_page
        ):
            return None
        return self.pursuit_page.current_step_id()

    # ---- the two views --------------------------------------------------------------------

    def _momentum_by_default(self) -> bool:
        """Until the seller chooses a view: the momentum view once there are enough active
        pursuits (counted, not read: the list it would hide is not needed yet)."""
        try:
            return self.store.active_pursuit_count() >= MOMENTUM_VIEW_FROM
        except StoreError:
            return False  # the list then shows, and says what went wrong when it reads

    def show_view(self, view: QWidget | None) -> None:
        """Show the momentum view or (None, or the splitter) the pursuits."""
        with self.store.one_action():  # one user action: its reads in one transaction
            self._show_view_now(view)

    def _show_view_now(self, view: QWidget | None) -> None:
        view = view or self.splitter
        showing_momentum = view is not self.splitter and view is self.momentum_view
        if showing_momentum:
            self._flush_edits()  # edits are saved before their pursuit leaves the screen
        self.views.setCurrentWidget(view)
        (self.momentum_action if showing_momentum else self.pursuits_action).setChecked(True)
        if showing_momentum:
            self._pursuit_actions_off()
            self.momentum_view.rows.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self._fill_list()
            self._show_pursuit(self.current_pursuit_id())
        self._update_print_actions()

    def _pursuit_actions_off(self) -> None:
        """The Pursuit menu acts on the list's selection, which the momentum view hides."""
        for action in self.pursuit_actions:
            action.setEnabled(False)

    def open_from_momentum(self, pursuit_id: int, step_id: int | None) -> None:
        """A row of the momentum view was clicked: its pursuit, at its next step."""
        if step_id is not None:
            self.pursuit_page.select_after_command(Selection(step_id=step_id, open=True))
        self._fill_list()
        self.views.setCurrentWidget(self.splitter)
        self.pursuits_action.setChecked(True)
        panel = self.list_panel
        if not panel.select(pursuit_id):
            panel.search.clear()  # the search or the status filter hid it
            panel.status_filter.setCurrentIndex(0)
            panel.select(pursuit_id)
        self.pursuit_page.line.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_print_actions()

    def edit_preferences(self) -> None:
        from .preferences import PreferencesDialog
        from .window_layout import save_server, saved_server

        server = saved_server(self.settings)
        data_file = str(self.data_dir / DATABASE_NAME) if self.data_dir is not None else ""
        dialog = PreferencesDialog(
            self.store.thresholds,
            self,
            feed=self.calendar.feed.enabled,
            server=server,
            data_file=data_file,
            seller=self.store.owner if self.store.shared else None,
        )
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return
        name = dialog.chosen_name()
        if name and name != self.store.owner:  # the pursuits made from now on carry it
            self.layout_memory.set_seller_name(name)
            self.store.owner = name
            self._show_owner_filter()
        self.calendar.feed.set_enabled(dialog.keep_feed.isChecked())
        self.store.thresholds = dialog.thresholds()
        save_thresholds(self.settings, self.store.thresholds)
        self.refresh(select_id=self.current_pursuit_id())
        chosen = dialog.chosen_server()
        if chosen != server:
            save_server(self.settings, chosen)
            self._offer_restart(chosen)

    def _offer_restart(self, server: str) -> None:
        """The data's place changed in Preferences ▸ Data: used from the next start, or now."""
        from PySide6.QtWidgets import QMessageBox

        from ..store.server_link import server_name

        where = f"the shared server {server_name(server)}" if server else "this computer"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Where Your Pursuits Live",
            f"Pursuit Journey will keep your pursuits on {where} from its next start.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        restart = box.addButton(
            "Restart to Use the Server" if server else "Restart Now",
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restart)
        box.exec()
        if box.clickedButton() is restart:
            self.restartRequested.emit()

    def switch_to_server(self, url: str) -> None:
        """Use the server at ``url`` from now on (after File ▸ Move to Shared Server…)."""
        from .window_layout import save_server

        save_server(self.settings, url)
        self.restartRequested.emit()

    @cached_property
    def server_transfer(self) -> ServerTransfer:
        from .server_actions import ServerTransfer

        return ServerTransfer(
            self.store, self, self.settings, self._status_message, self.switch_to_server
        )

    def move_to_server(self) -> None:
        if self._flush_edits():
            self.server_transfer.move_to_server()

    def save_local_copy(self) -> None:
        self.server_transfer.save_local_copy()

    def with_step(self, action: Callable[[int], object]) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            self.statusBar().showMessage("Select a step first: each sheet prints one step.", 5000)
            return
        action(step_id)

    # ---- user actions ---------------------------------------------------------------------

    def new_pursuit(self) -> None:
        from .new_pursuit import NewPursuitDialog

        dialog = NewPursuitDialog(self)
        # After a failed save, ask again with everything typed kept for a retry.
        while dialog.exec() == NewPursuitDialog.DialogCode.Accepted:
            typed = dialog.new_pursuit()
            created = self.create_pursuit(
                typed.name,
                client=typed.client,
                value_cents=typed.value_cents,
                currency=typed.currency,
                first_meeting=typed.first_meeting,
            )
            if created is not None or not typed.name.strip():
                break
        dialog.deleteLater()

    def create_pursuit(
        self,
        name: str,
        *,
        client: str = "",
        value_cents: int | None = None,
        currency: str = "",
        first_meeting: datetime | None = None,
    ) -> int | None:
        if self.store.shared:
            self.ensure_seller_name()  # whose it is, before it is made
        try:
            pursuit = self.store.create_pursuit(
                name,
                client,
                value_cents=value_cents,
                currency=currency,
                first_meeting=first_meeting,
            )
        except StoreError as error:
            show_error(self, "Pursuit not created", str(error))
            return None
        assert pursuit.id is not None
        first_step = self._first_step_id(pursuit.id) if first_meeting is not None else None
        if first_step is not None:
            # Its first meeting is open and takes the next keystrokes: the decision it is
            # after, or its debrief when the meeting has already been held.
            self.pursuit_page.select_after_command(
                Selection(step_id=first_step, open=True, focus="start")
            )
        self.list_panel.search.clear()
        self.refresh(select_id=pursuit.id)
        if first_step is None:
            self.pursuit_page.line.setFocus(Qt.FocusReason.OtherFocusReason)  # Insert adds one
        self.statusBar().showMessage(f"Created “{pursuit.name}”", 4000)
        return pursuit.id

    # ---- whose pursuits: the seller's name, Mine / Everyone (a shared server) ---------------

    def ensure_seller_name(self) -> str:
        """The seller's name, asked once per computer (again only while they gave none)."""
        if not self.store.owner:
            from .seller_name import ask_seller_name

            name = " ".join((ask_seller_name(self) or "").split())
            if name:
                self.layout_memory.set_seller_name(name)
                self.store.owner = name
                self._show_owner_filter()
        return self.store.owner

    def watch_server(self) -> None:
        """Show what other computers change on the shared server within a moment."""
        if self.server_watch is None:
            from .server_watch import ServerWatch

            self.server_watch = ServerWatch(self.store.listen_for_changes, self)
            self.server_watch.changed.connect(self.show_change_elsewhere)
        self.server_watch.start()

    def show_change_elsewhere(self, pursuit_id: int | None) -> None:
        """Another computer changed ``pursuit_id`` (None: anything): its row, the board, and
        when shown its line and form, whose fields being edited here keep what is typed."""
        page = self._pursuit_page
        if page is not None and page.line.is_dragging():
            # Not under the seller's drag: redrawn once the step is dropped (the move is then
            # checked against what the server holds).
            QTimer.singleShot(DRAG_WAIT_MS, lambda: self.show_change_elsewhere(pursuit_id))
            return
        self._mark_momentum_stale(pursuit_id)
        if self._list_filled:
            current = self.current_pursuit_id()
            model = self.list_panel.model
            if pursuit_id is None or model.row_of(pursuit_id) is None:
                self.refresh(select_id=current, board=False)  # new or gone: the whole list
            else:
                try:
                    summary = self.store.pursuit_summary(pursuit_id)
                except StoreError:
                    self.refresh(select_id=current, board=False)
                else:
                    model.update_row(summary)
                    if current == pursuit_id:
                        self._show_pursuit(pursuit_id)
        details = self.details
        shown = details.pursuit_id if details is not None else None
        if details is not None and shown is not None and pursuit_id in (None, shown):
            details.show_stored(shown)

    def set_mine_only(self, mine: bool) -> None:
        """Mine or Everyone, chosen in the list or the momentum view: both follow, kept."""
        self.layout_memory.set_mine_only(mine)
        self._show_owner_filter()

    def _show_owner_filter(self) -> None:
        mine = self.layout_memory.mine_only()
        for part in (self._list_panel, self._momentum_view):
            if part is not None:
                part.set_owners(self.store.shared, self.store.owner, mine)

    def _first_step_id(self, pursuit_id: int) -> int | None:
        try:
            steps = self.store.steps(pursuit_id)
        except StoreError:
            return None
        return steps[0].id if steps else None

    def open_sample(self) -> None:
        try:
            pursuit = self.store.create_sample_pursuit()
        except StoreError as error:
            show_error(self, "Sample not created", str(error))
            return
        self.list_panel.search.clear()
        self.refresh(select_id=pursuit.id)

    def rename_pursuit(self, pursuit_id: int, name: str) -> None:
        try:
            command = RenamePursuit(self.store, pursuit_id, name, self.hooks)
        except StoreError as error:
            show_error(self, "Rename Pursuit", str(error))
            return
        if isinstance(self._push(command), StoreError) and self.list_panel.select(pursuit_id):
            # Not saved (database busy, disk full): the typed name waits in the editor.
            self.list_panel.rename_current()
            editor = self.list_panel.table.findChild(QLineEdit)
            if editor is not None:
                editor.setText(name)

    def set_status(self, status: PursuitStatus, pursuit_id: int | None = None) -> bool:
        """Give the pursuit (the selected one by default) ``status``; won or lost asks what
        decided it and offers to close its steps still planned. False when not changed."""
        pursuit_id = self.current_pursuit_id() if pursuit_id is None else pursuit_id
        if pursuit_id is None:
            return False
        if not status.is_closed:
            return self._push(SetPursuitStatus(self.store, pursuit_id, status, self.hooks)) is None
        from .close_pursuit import ClosePursuitDialog

        try:
            pursuit = self.store.pursuit(pursuit_id)
            planned = sum(
                1 for step in self.store.steps(pursuit_id) if step.outcome == Outcome.PLANNED
            )
        except StoreError as error:
            show_error(self, f"Mark Pursuit {status.label}", str(error))
            return False
        dialog = ClosePursuitDialog(status, pursuit.name, planned, self)
        accepted = dialog.exec() == ClosePursuitDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return False
        command = ClosePursuit(
            self.store,
            pursuit_id,
            status,
            self.hooks,
            close_planned_steps=dialog.closes_steps(),
            reason=dialog.reason(),
        )
        return self._push(command) is None

    def delete_pursuit(self) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            return
        row = self.list_panel.model.row_of(pursuit_id)
        summary = self.list_panel.model.summary(row) if row is not None else None
        name = summary.name if summary else "this pursuit"
        steps = count_text(summary.step_count if summary else 0, "step")
        if not confirm(
            self,
            "Delete Pursuit",
            f"Delete “{name}” with its {steps} and people? This cannot be undone.",
            "Delete",
        ):
            return
        try:
            self.store.delete_pursuit(pursuit_id)
        except StoreError as error:
            show_error(self, "Pursuit not deleted", str(error))
            return
        # Commands on the deleted pursuit can no longer be undone.
        self.undo_stack.clear()
        self.refresh()

    def debrief(self) -> None:
        """Ctrl+D: the debrief of the step being worked on, whether its meeting is past or not."""
        if self.current_pursuit_id() is None or self._pursuit_page is None:
            return
        if not self.pursuit_page.debrief():
            self.statusBar().showMessage("Select a step first: its debrief records the outcome.")

    def show_details(self) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            return
        if self.details is None:
            from .pursuit_details import PursuitDetails

            self.details = PursuitDetails(self.store, self.undo_stack, self)
            self.details.pursuitSaved.connect(self._step_saved)
            self.save_indicator.watch(self.details.saver, self.details.flush)
            self.details.closeRequested.connect(self._close_from_details)
        self.details.show_pursuit(pursuit_id)

    def _close_from_details(self, pursuit_id: int, status: str) -> None:
        self.set_status(PursuitStatus(status), pursuit_id)
        if self.details is not None:
            self.details.show_stored(pursuit_id)  # the status as it now stands, kept or not

    def _step_saved(self, _record_id: int) -> None:
        """A step or the pursuit changed: redraw the list's momentum and the pursuit."""
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            self.refresh()
        else:
            self.refresh_pursuit(pursuit_id)

    def _step_planned(self, step_id: int) -> None:
        # Its decision is the one just written: the seller's next word is when it happens.
        self.pursuit_page.select_after_command(
            Selection(step_id=step_id, open=True, focus="planned")
        )
        self._step_saved(step_id)

    def exchange_export(self) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            return
        row = self.list_panel.model.row_of(pursuit_id)
        name = self.list_panel.model.summary(row).name if row is not None else "Pursuit"
        self.exchange.export_pursuit(pursuit_id, name)

    def exchange_import(self) -> None:
        self.show_imported(self.exchange.choose_and_import())

    def import_pursuit_file(self, path: Path) -> int | None:
        """Import a ``.pursuit`` file (command line, double-click, hand-off from a second start)."""
        return self.show_imported(self.exchange.import_file(Path(path)))

    def show_imported(self, pursuit_id: int | None) -> int | None:
        if pursuit_id is not None:
            # An imported pursuit may be won or lost: show it whatever the filter was.
            self.list_panel.search.clear()
            self.list_panel.status_filter.setCurrentIndex(0)
            self.refresh(select_id=pursuit_id)
        return pursuit_id

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        where = (
            f"Your pursuits are on the shared server {self.store.location_text}."
            if self.store.shared
            else f"Your pursuits stay on this computer, in {self.store.location_text}."
        )
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nPrepare every client interaction around "
            f"the client's next decision.\n\n{where}",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name is shown as it is
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.exec()

    def _push(self, command: StoreCommand) -> Exception | None:
        try:
            command.apply()
        except StoreError as error:
            show_error(self, command.text(), str(error))
            self.refresh()
            return error
        self.undo_stack.push(command)
        return None

    # ---- backups and files handed over ----------------------------------------------------

    def back_up_now(self) -> None:
        """Starts the backup in the background; ``_backed_up`` or ``_backup_failed`` follows."""
        if self.auto_backup.back_up("manual"):
            saving = "Saving a local copy…" if self.store.shared else "Backing up…"
            self.statusBar().showMessage(saving)

    def _backed_up(self, path: Path, _reason: str) -> None:
        # Where it went is for the restore dialog and the log; the seller hears when.
        log.info("Backed up to %s", path)
        now = QLocale().toString(datetime.now().time(), QLocale.FormatType.ShortFormat)
        if self.store.shared:  # the server's backups are its own: this is the local copy
            self.statusBar().showMessage(
                f"Saved a copy of the server's pursuits at {now} in {path}", 8000
            )
            return
        self.statusBar().showMessage(f"Backed up at {now}", 8000)

    def local_copy_path(self) -> Path | None:
        """Where the copy of a server's pursuits is kept (None on this computer's file)."""
        if not self.store.shared or self.data_dir is None:
            return None
        from ..store.transfer import SERVER_COPY_NAME  # with the .pursuit exchange: a server's

        return self.data_dir / SERVER_COPY_NAME

    def _backup_failed(self, message: str, reason: str) -> None:
        if reason == "manual":
            show_error(self, "Backup failed", message)
        else:  # a scheduled one: said quietly (it is logged too); the next one tries again
            self.statusBar().showMessage(f"Backup failed: {message}")

    def restore_from_backup(self) -> None:
        from .backup.backup_dialogs import choose_backup, when_text

        if self.store.backups_dir is None:
            return
        chosen = choose_backup(self, self.store.backups_dir)
        if chosen is None:
            return
        self.auto_backup.prepare_for_restore()  # never replace the file under a running copy
        try:
            self.store.restore_backup(chosen.path)
        except StoreError as error:
            show_error(self, "Backup not restored", str(error))
            return
        self.undo_stack.clear()  # undo steps refer to the data that was replaced
        self.refresh()
        self.statusBar().showMessage(
            f"Restored the backup from {when_text(chosen.taken_at)}. "
            "Your notes as they were just before are in a backup too.",
            10000,
        )

    def bring_to_front(self) -> None:
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()

    def open_files(self, paths: list[str]) -> None:
        """Files given on the command line or handed over by a second launch."""
        if not paths:
            return
        self.filesRequested.emit(list(paths))
        for path in paths:
            self._open_file(Path(path))

    def _open_file(self, path: Path) -> None:
        if path.suffix.lower() != ".pursuit":
            message = f"Pursuit Journey opens .pursuit files; this is not one:\n{path}"
            show_error(self, "Cannot open the file", message)
            return
        if not path.is_file():
            show_error(self, "Cannot open the file", f"The file does not exist:\n{path}")
            return
        self.import_pursuit_file(path)

    def _after_command(self, pursuit_id: int) -> None:
        self.refresh_pursuit(pursuit_id)
        if self.details is not None:
            self.details.show_stored(pursuit_id)

    def _command_failed(self, error: StoreError) -> None:
        show_error(self, "Could not undo or redo", str(error))

    # ---- layout memory --------------------------------------------------------------------

    def save_layout(self) -> None:
        self.layout_memory.save_window(self)
        panel = self._list_panel
        if panel is not None:  # else what was saved before still holds
            self.layout_memory.save_list(
                self.splitter, panel.table.horizontalHeader(), panel.status_filter
            )
        shown = self.current_pursuit_id() if self._list_filled else self._first_selection
        self.layout_memory.save_place(shown, momentum=self._showing_momentum())
        self.settings.sync()

    # ---- the list shown or hidden, appearance, help, the save indicator (issue 16) ------------

    def _build_status_widgets(self) -> None:
        from .save_indicator import SaveIndicator

        self.save_indicator = SaveIndicator(self)
        self.statusBar().addPermanentWidget(self.save_indicator)
        self._watched_form: object | None = None
        self._update_print_actions()

    def _watch_prep_saves(self) -> None:
        """The prep form's saves shown in the status bar, once the form is made."""
        page = self._pursuit_page
        form = getattr(page, "_prep_form", None) if page is not None else None
        if form is not None and form is not self._watched_form:
            self._watched_form = form
            self.save_indicator.watch(form.saver, form.flush)

    def _update_print_actions(self, *_: object) -> None:
        """Print Preview, Print and Export PDF act on the selected step: only with one."""
        has_step = self.current_step_id() is not None
        for action in (self.preview_action, self.print_action, self.export_pdf_action):
            action.setEnabled(has_step)

    def _list_shown_at_start(self) -> bool:
        """The seller's choice if they made one; else shown on a window wide enough for it."""
        chosen = self.layout_memory.list_shown()
        return chosen if chosen is not None else self.width() >= LIST_SHOWN_FROM_WIDTH

    def list_shown(self) -> bool:
        return self._list_wanted

    def set_list_shown(self, shown: bool, *, remember: bool = True) -> None:
        """View ▸ Pursuit List: hide the list for room (a small screen), show it again."""
        self._list_wanted = shown
        self.list_action.setChecked(shown)
        if remember:
            self.layout_memory.set_list_shown(shown)
        if self._list_panel is not None:
            self._list_panel.setVisible(shown and self._list_panel.model.rowCount() > 0)
        if (
            not shown
            and self._list_panel is not None
            and self._list_panel.isAncestorOf(QApplication.focusWidget())  # type: ignore[arg-type]  # None: False
        ):
            self.pursuit_page.line.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_legend_shown(self, shown: bool) -> None:
        """View ▸ Journey Legend (or the legend's own hide button): remembered."""
        self.legend_action.setChecked(shown)
        save_legend_shown(self.settings, shown)
        if self._pursuit_page is not None:
            self._pursuit_page.line.set_legend_shown(shown)

    def find(self) -> None:
        """Ctrl+F: the search of the view on screen (the list is shown for it if hidden)."""
        if self._showing_momentum():
            self.momentum_view.focus_search()
            return
        if not self._list_wanted:
            self.set_list_shown(True)
        self.list_panel.focus_search()

    def rename_current(self) -> None:
        if not self._list_wanted:  # the name is edited in the list
            self.set_list_shown(True)
        self.list_panel.rename_current()

    def set_appearance(self, appearance: Appearance) -> None:
        self.appearance = appearance
        self.appearance_actions[appearance].setChecked(True)
        apply_appearance(appearance)
        save_appearance(self.settings, appearance)

    def show_shortcuts(self) -> None:
        from .help_dialogs import ShortcutsDialog, shortcut_rows

        dialog = ShortcutsDialog(shortcut_rows(self.menuBar(), self.actions()), self)
        dialog.exec()

    def show_how_it_works(self) -> None:
        from .help_dialogs import HowItWorksDialog

        HowItWorksDialog(self.store.thresholds, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        saved = self._flush_edits()
        saved = (self.details.flush() if self.details is not None else True) and saved
        if not saved and not confirm(
            self,
            "Quit Without Saving",
            "Some of your last edits could not be saved (the message is above the form). "
            "Quit anyway and lose them?",
            "Quit",
        ):
            event.ignore()
            return
        self.save_layout()
        if self.server_watch is not None:
            self.server_watch.stop()
        if "auto_backup" in self.__dict__:  # made on first use (cached_property)
            self.auto_backup.shut_down()  # nothing may still read the file once the window is gone
        super().closeEvent(event)
