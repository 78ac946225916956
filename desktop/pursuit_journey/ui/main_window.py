"""The main window: the pursuit list beside the selected pursuit, menus, undo, and layout memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QWidget,
)

from .. import APP_NAME, __version__
from ..domain.vocabulary import PursuitStatus
from ..store.errors import StoreError
from ..store.repository import Store
from .commands import Hooks, RenamePursuit, SetPursuitStatus, StoreCommand
from .exchange_actions import PursuitExchange
from .messages import confirm, show_error
from .print_actions import SheetPrinting
from .pursuit_list import PursuitListPanel
from .pursuit_page import PursuitPage
from .welcome import WelcomePage


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.hooks = Hooks(changed=self._after_command, failed=self._command_failed)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 480)

        self.list_panel = PursuitListPanel(self)
        self.welcome = WelcomePage(self)
        self.pursuit_page = PursuitPage(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.pursuit_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 540])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.list_panel.pursuitSelected.connect(self._show_pursuit)
        self.list_panel.model.renameRequested.connect(self.rename_pursuit)
        self.welcome.createRequested.connect(self.new_pursuit)
        self.welcome.sampleRequested.connect(self.open_sample)

        self._build_actions()
        self._build_menus()
        self.statusBar()
        self._restore_layout()
        self.refresh()

    # ---- actions and menus ----------------------------------------------------------------

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "&New Pursuit…", self.new_pursuit, QKeySequence.StandardKey.New
        )
        self.sample_action = self._action("Open &Sample Pursuit", self.open_sample)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        )
        self.find_action = self._action("&Find Pursuit", self.list_panel.focus_search, "Ctrl+F")
        self.rename_action = self._action("&Rename…", self.list_panel.rename_current, "F2")
        self.delete_action = self._action("&Delete Pursuit…", self.delete_pursuit, "Del")
        # Delete acts on the list only: in a text field, Del deletes text.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list_panel.table.addAction(self.delete_action)
        self.status_actions = {
            status: self._action(
                f"Mark as {status.label}", lambda _=False, s=status: self.set_status(s)
            )
            for status in PursuitStatus
        }
        self.about_action = self._action(f"&About {APP_NAME}", self.about)
        self.printing = SheetPrinting(
            self.store, self, lambda message: self.statusBar().showMessage(message, 6000)
        )
        self.preview_action = self._action(
            "Print Pre&view…", lambda: self._with_step(self.printing.preview_step)
        )
        self.print_action = self._action(
            "&Print…",
            lambda: self._with_step(self.printing.print_step),
            QKeySequence.StandardKey.Print,
        )
        self.export_pdf_action = self._action(
            "&Export PDF…", lambda: self._with_step(self.printing.export_step), "Ctrl+E"
        )
        self.print_upcoming_action = self._action("Print &Upcoming…", self.printing.print_upcoming)
        self.step_actions = [self.preview_action, self.print_action, self.export_pdf_action]
        self.exchange = PursuitExchange(
            self.store, self, lambda message: self.statusBar().showMessage(message, 6000)
        )
        self.import_action = self._action("&Import Pursuit…", self.exchange_import)
        self.export_action = self._action("E&xport Pursuit…", self.exchange_export)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.sample_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions(
            [
                self.preview_action,
                self.print_action,
                self.export_pdf_action,
                self.print_upcoming_action,
            ]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        pursuit_menu = menu_bar.addMenu("&Pursuit")
        pursuit_menu.addAction(self.rename_action)
        status_menu = pursuit_menu.addMenu("S&tatus")
        status_menu.addActions(list(self.status_actions.values()))
        pursuit_menu.addSeparator()
        pursuit_menu.addAction(self.delete_action)
        self.pursuit_actions = [
            self.rename_action,
            self.delete_action,
            status_menu.menuAction(),
            self.export_action,
        ]
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        self.new_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.preview_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.export_pdf_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        toolbar.addActions(
            [self.new_action, self.preview_action, self.print_action, self.export_pdf_action]
        )

    # ---- showing --------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Redraw the list (and the selected pursuit) from the store."""
        try:
            summaries = self.store.pursuit_summaries()
        except StoreError as error:
            show_error(self, "Could not read the pursuits", str(error))
            return
        self.list_panel.setVisible(bool(summaries))
        self.list_panel.set_summaries(summaries, select_id)
        if not summaries:
            self._show_pursuit(None)

    def _show_pursuit(self, pursuit_id: int | None) -> None:
        for action in self.pursuit_actions:
            action.setEnabled(pursuit_id is not None)
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

    def current_pursuit_id(self) -> int | None:
        return self.list_panel.current_id()

    def current_step_id(self) -> int | None:
        if self.pages.currentWidget() is not self.pursuit_page:
            return None
        return self.pursuit_page.current_step_id()

    def _with_step(self, action: Callable[[int], object]) -> None:
        step_id = self.current_step_id()
        if step_id is None:
            self.statusBar().showMessage("Select a step first: each sheet prints one step.", 5000)
            return
        action(step_id)

    # ---- user actions ---------------------------------------------------------------------

    def new_pursuit(self) -> None:
        name, accepted = QInputDialog.getText(
            self, "New Pursuit", "Name of the pursuit:", QLineEdit.EchoMode.Normal, ""
        )
        if accepted:
            self.create_pursuit(name)

    def create_pursuit(self, name: str) -> int | None:
        try:
            pursuit = self.store.create_pursuit(name)
        except (StoreError, ValueError) as error:
            show_error(self, "Pursuit not created", str(error))
            return None
        self.list_panel.search.clear()
        self.refresh(select_id=pursuit.id)
        self.statusBar().showMessage(f"Created “{pursuit.name}”", 4000)
        return pursuit.id

    def open_sample(self) -> None:
        from ..store.sample import create_sample_pursuit

        try:
            pursuit = create_sample_pursuit(self.store)
        except StoreError as error:
            show_error(self, "Sample not created", str(error))
            return
        self.list_panel.search.clear()
        self.refresh(select_id=pursuit.id)

    def rename_pursuit(self, pursuit_id: int, name: str) -> None:
        self._push(RenamePursuit(self.store, pursuit_id, name, self.hooks))

    def set_status(self, status: PursuitStatus) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is not None:
            self._push(SetPursuitStatus(self.store, pursuit_id, status, self.hooks))

    def delete_pursuit(self) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            return
        row = self.list_panel.model.row_of(pursuit_id)
        summary = self.list_panel.model.summary(row) if row is not None else None
        name = summary.name if summary else "this pursuit"
        steps = summary.step_count if summary else 0
        if not confirm(
            self,
            "Delete Pursuit",
            f"Delete “{name}” with its {steps} step(s) and people? This cannot be undone.",
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

    def exchange_export(self) -> None:
        pursuit_id = self.current_pursuit_id()
        if pursuit_id is None:
            return
        row = self.list_panel.model.row_of(pursuit_id)
        name = self.list_panel.model.summary(row).name if row is not None else "Pursuit"
        self.exchange.export_pursuit(pursuit_id, name)

    def exchange_import(self) -> None:
        self._show_imported(self.exchange.choose_and_import())

    def import_pursuit_file(self, path: Path) -> int | None:
        """Import a ``.pursuit`` file (command line, double-click, hand-off from a second start)."""
        return self._show_imported(self.exchange.import_file(Path(path)))

    def _show_imported(self, pursuit_id: int | None) -> int | None:
        if pursuit_id is not None:
            # An imported pursuit may be won or lost: show it whatever the filter was.
            self.list_panel.search.clear()
            self.list_panel.status_filter.setCurrentIndex(0)
            self.refresh(select_id=pursuit_id)
        return pursuit_id

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nPrepare every client interaction around "
            "the client's next decision. Your data stays on this computer.",
        )

    def _push(self, command: StoreCommand) -> None:
        try:
            command.apply()
        except (StoreError, ValueError) as error:
            show_error(self, command.text(), str(error))
            self.refresh()
            return
        self.undo_stack.push(command)

    def _after_command(self, pursuit_id: int) -> None:
        self.refresh(select_id=pursuit_id)

    def _command_failed(self, error: StoreError) -> None:
        show_error(self, "Could not undo or redo", str(error))

    # ---- layout memory --------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        header = self.settings.value("list/header")
        if isinstance(header, QByteArray):
            self.list_panel.table.horizontalHeader().restoreState(header)
        status_index = self.settings.value("list/statusFilter", 0, type=int)
        if (
            isinstance(status_index, int)
            and 0 <= status_index < self.list_panel.status_filter.count()
        ):
            self.list_panel.status_filter.setCurrentIndex(status_index)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("list/header", self.list_panel.table.horizontalHeader().saveState())
        self.settings.setValue("list/statusFilter", self.list_panel.status_filter.currentIndex())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
