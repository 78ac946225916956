"""The pursuit's own details: client, value, status, how the client decides, notes, people.

A window of its own (not modal), saved like the prep form: each field by itself, each field
edit session one undo step on the main window's stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.vocabulary import BuyingRole, PursuitStatus
from ..store.errors import ChangedElsewhere, StoreError
from ..store.fields import PURSUIT_TEXT_FIELDS
from .autosave import AutoSaver, EditRecord, PersonWriter, PursuitWriter, write_checked
from .banner import SaveProblemBanner
from .editors import (
    GrowingTextEdit,
    MoneyEdit,
    OptionalDateEdit,
    choice_field,
    date_field,
    guard_wheel,
    heading,
    money_field,
    plain_label,
    text_area,
    text_line,
    with_clear_button,
)
from .messages import confirm
from .screen_fit import fit_to_screen
from .viewports import keep_viewport

# What the details edit: the pursuit's texts (one list, the store's) and its other values.
PURSUIT_COLUMNS = (*PURSUIT_TEXT_FIELDS, "value_cents", "status", "target_close")

if TYPE_CHECKING:  # the store loads after the window is shown
    from ..store.protocol import StoreLike
    from ..store.tables import Person, Pursuit


class PeopleColumn:
    NAME, TITLE, ROLE, EMAIL = range(4)


class PursuitDetails(QDialog):
    """``show_pursuit(pursuit_id)`` shows and raises the window; ``pursuitSaved(id)`` follows
    every change written (and every undo/redo of one). Choosing Won or Lost as the status is
    handed to the window as ``closeRequested(id, status)``: it asks what decided it first."""

    pursuitSaved = Signal(int)
    closeRequested = Signal(int, str)
    _statusEdited = Signal()

    def __init__(
        self, store: StoreLike, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pursuit Details")
        self.setModal(False)
        self.store = store
        self.undo_stack = undo_stack
        self.pursuit_id: int | None = None
        self.people: list[Person] = []
        self.saver = AutoSaver(PursuitWriter(store), undo_stack, self)
        self.person_writer = PersonWriter(store)

        self.banner = SaveProblemBanner(self)
        self.banner.retryRequested.connect(self.flush)
        self.saver.failed.connect(self.banner.show_message)
        self.saver.recovered.connect(self.banner.hide)
        self.saver.saved.connect(self._saved)

        content = QWidget(self)
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def line(column: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(content)
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            self.saver.bind(column, text_line(edit), label.lower())
            form.addRow(plain_label(label, content, wrap=False), edit)
            return edit

        def area(column: str, label: str, placeholder: str = "") -> GrowingTextEdit:
            edit = GrowingTextEdit(content, min_lines=2, max_lines=10)
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            self.saver.bind(column, text_area(edit), label.lower())
            form.addRow(plain_label(label, content, wrap=False), edit)
            return edit

        self.name_edit = line("name", "Name")
        self.client_edit = line("client", "Client", "The client's organisation")
        self.value_edit = MoneyEdit(content)
        self.value_edit.setAccessibleName("Value")
        self.saver.bind("value_cents", money_field(self.value_edit), "value")
        self.currency_edit = QLineEdit(content)
        self.currency_edit.setAccessibleName("Currency")
        self.currency_edit.setPlaceholderText("EUR")
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setMaximumWidth(80)
        self.saver.bind("currency", text_line(self.currency_edit), "currency")
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.currency_edit)
        form.addRow(plain_label("Value", content), value_row)
        self.status_combo = QComboBox(content)
        self.status_combo.setAccessibleName("Status")
        status = choice_field(self.status_combo, list(PursuitStatus))
        status.changed = self._statusEdited  # Won and Lost go through the window instead
        self.status_binding = self.saver.bind("status", status, "status")
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        form.addRow(plain_label("Status", content), self.status_combo)
        self.closing_edit = line(
            "closing_reason", "What decided it", "Once won or lost: what decided it, in one line"
        )
        self.target_edit = OptionalDateEdit(content, today=lambda: self.store.today())
        self.target_edit.setAccessibleName("Target close")
        target = date_field(self.target_edit)
        self.saver.bind("target_close", target, "target close date")
        form.addRow(plain_label("Target close", content), with_clear_button(self.target_edit))

        form.addRow(heading("How the client decides", content, scale=1.1))
        self.criteria_edit = area(
            "decision_criteria", "Criteria", "What the decision will be judged on"
        )
        self.process_edit = area("decision_process", "Process", "Who does what, in what order")
        self.signs_edit = line("who_signs", "Who signs", "Name and role")
        self.paper_edit = area("paper_process", "Paper process", "Legal, procurement, security…")
        form.addRow(heading("Notes", content, scale=1.1))
        self.notes_edit = area("notes", "Notes")

        form.addRow(heading("People", content, scale=1.1))
        self.people_table = QTableWidget(0, 4, content)
        self.people_table.setAccessibleName("People")
        self.people_table.setHorizontalHeaderLabels(["Name", "Title", "Role", "Email"])
        self.people_table.verticalHeader().hide()
        self.people_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.people_table.horizontalHeader()
        header.setSectionResizeMode(PeopleColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PeopleColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PeopleColumn.ROLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PeopleColumn.EMAIL, QHeaderView.ResizeMode.Stretch)
        self.people_table.itemChanged.connect(self._person_item_changed)
        form.addRow(self.people_table)

        self.new_person = QLineEdit(content)
        self.new_person.setPlaceholderText("Name of a new person")
        self.new_person.setAccessibleName("New person's name")
        self.new_title = QLineEdit(content)
        self.new_title.setPlaceholderText("Title")
        self.new_title.setAccessibleName("New person's title")
        self.new_email = QLineEdit(content)
        self.new_email.setPlaceholderText("Email (optional)")
        self.new_email.setAccessibleName("New person's email")
        self.new_email.returnPressed.connect(self.add_person)
        self.new_role = QComboBox(content)
        self.new_role.setAccessibleName("New person's role")
        for role in BuyingRole:
            self.new_role.addItem(role.label, role.value)
        self.add_person_button = QPushButton("Add Person", content)
        self.add_person_button.clicked.connect(self.add_person)
        self.new_person.returnPressed.connect(self.add_person)
        self.remove_person_button = QPushButton("Remove…", content)
        self.remove_person_button.clicked.connect(self.remove_person)
        people_row = QHBoxLayout()
        people_row.addWidget(self.new_person, 2)
        people_row.addWidget(self.new_title, 2)
        people_row.addWidget(self.new_role, 1)
        people_row.addWidget(self.new_email, 2)
        people_row.addWidget(self.add_person_button)
        form.addRow(people_row)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_person_button)
        form.addRow(remove_row)

        guard_wheel(self.value_edit, self.status_combo, self.target_edit, self.new_role)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        keep_viewport(scroll)  # the wheel guard walks up through it (ui/viewports.py)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 640)

    # ---- showing ----------------------------------------------------------------------------

    def show_pursuit(self, pursuit_id: int) -> bool:
        if pursuit_id != self.pursuit_id and not self.flush():
            self.show()
            return False
        try:
            pursuit = self.store.pursuit(pursuit_id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return False
        self.pursuit_id = pursuit_id
        self._load(pursuit)
        self._load_people()
        self.show()
        self.raise_()
        self.activateWindow()
        return True

    def _load(self, pursuit: Pursuit) -> None:
        self.setWindowTitle(f"Pursuit Details — {pursuit.name}")
        self.saver.load(
            pursuit.id, {c: getattr(pursuit, c) for c in PURSUIT_COLUMNS}, pursuit.version
        )

    def flush(self) -> bool:
        return self.saver.flush()

    def show_stored(self, pursuit_id: int) -> None:
        """Show what the store holds now for ``pursuit_id`` (after a command of the window),
        leaving fields being edited alone."""
        if pursuit_id != self.pursuit_id:
            return
        try:
            pursuit = self.store.pursuit(pursuit_id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        self.saver.refresh(
            {c: getattr(pursuit, c) for c in PURSUIT_COLUMNS}, version=pursuit.version
        )
        if self.status_combo.currentData() != pursuit.status:
            self.status_binding.load(pursuit.status, pursuit.version)  # a cancelled close

    def _status_chosen(self) -> None:
        if self.saver.loading or self.pursuit_id is None:
            return
        chosen = PursuitStatus(self.status_combo.currentData())
        if chosen.is_closed and chosen.value != self.status_binding.saved_value:
            self.closeRequested.emit(self.pursuit_id, chosen.value)
        else:
            self._statusEdited.emit()

    def _saved(self, pursuit_id: int) -> None:
        if pursuit_id == self.pursuit_id:
            try:
                pursuit = self.store.pursuit(pursuit_id)
            except StoreError as error:
                self.banner.show_message(str(error))
            else:
                self.setWindowTitle(f"Pursuit Details — {pursuit.name}")
                self.saver.refresh(
                    {c: getattr(pursuit, c) for c in PURSUIT_COLUMNS}, version=pursuit.version
                )
        self.pursuitSaved.emit(pursuit_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush() and not confirm(
            self,
            "Close Without Saving",
            "Some changes could not be saved. Close the details and lose them?",
            "Close",
        ):
            event.ignore()
            return
        super().closeEvent(event)

    # ---- people -----------------------------------------------------------------------------

    def _load_people(self) -> None:
        if self.pursuit_id is None:
            return
        try:
            self.people = self.store.people(self.pursuit_id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        table = self.people_table
        table.blockSignals(True)
        table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            for column, text in (
                (PeopleColumn.NAME, person.name),
                (PeopleColumn.TITLE, person.title),
                (PeopleColumn.EMAIL, person.email),
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                table.setItem(row, column, item)
            role = QComboBox(table)
            role.setAccessibleName(f"Role of {person.name}")
            for choice in BuyingRole:
                role.addItem(choice.label, choice.value)
            role.setCurrentIndex(max(0, role.findData(person.role)))
            guard_wheel(role)
            role.currentIndexChanged.connect(
                lambda _i, pid=person.id, box=role: self._edit_person(
                    pid, {"role": box.currentData()}
                )
            )
            table.setCellWidget(row, PeopleColumn.ROLE, role)
        table.blockSignals(False)
        rows_height = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setMinimumHeight(min(320, table.horizontalHeader().height() + rows_height + 6))

    def _person_item_changed(self, item: QTableWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        column = {PeopleColumn.NAME: "name", PeopleColumn.EMAIL: "email"}.get(
            item.column(), "title"
        )
        self._edit_person(person_id, {column: item.text()})

    def _edit_person(self, person_id: int, values: dict[str, Any]) -> None:
        person = next((p for p in self.people if p.id == person_id), None)
        if person is None or self.pursuit_id is None:
            return
        old = {column: getattr(person, column) for column in values}
        try:
            _before, version = write_checked(
                self.person_writer, person_id, values, person.version, old
            )
        except ChangedElsewhere as conflict:
            written = self._resolve_person_conflict(person_id, values, conflict)
            if written is None:
                self._load_people()  # the person as another computer left them
                return
            old, version = {conflict.column: conflict.theirs}, written
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        pursuit_id = self.pursuit_id
        command = EditRecord(
            "Edit Person",
            self.person_writer,
            person_id,
            old,
            values,
            session=None,
            applied=lambda *_: self._people_changed(pursuit_id),
            failed=lambda error: self.banner.show_message(str(error)),
        )
        command.version = version
        self.undo_stack.push(command)
        self._people_changed(pursuit_id)

    def _resolve_person_conflict(
        self, person_id: int, values: dict[str, Any], conflict: ChangedElsewhere
    ) -> int | None:
        """Both texts, the seller's choice; the version after Keep Mine wrote theirs over, or
        None (theirs kept, or nothing could be written: the message says why)."""
        from .conflict_dialog import Choice, ConflictDialog

        if not conflict.column or conflict.version is None:
            self.banner.show_message(str(conflict))
            return None
        dialog = ConflictDialog(conflict.label, conflict, self)
        dialog.exec()
        dialog.deleteLater()
        if dialog.choice is not Choice.MINE:
            return None
        try:
            return self.person_writer.write(person_id, values, conflict.version)
        except StoreError as error:
            self.banner.show_message(str(error))
            return None

    def _people_changed(self, pursuit_id: int) -> None:
        if pursuit_id == self.pursuit_id:
            self._load_people()
        self.pursuitSaved.emit(pursuit_id)

    def add_person(self) -> None:
        name = self.new_person.text().strip()
        if self.pursuit_id is None or not name:
            return
        try:
            self.store.add_person(
                self.pursuit_id,
                name,
                title=self.new_title.text().strip(),
                role=BuyingRole(self.new_role.currentData()),
                email=self.new_email.text(),
            )
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        self.new_person.clear()
        self.new_title.clear()
        self.new_email.clear()
        self.new_role.setCurrentIndex(0)
        self._people_changed(self.pursuit_id)

    def remove_person(self) -> None:
        row = self.people_table.currentRow()
        if self.pursuit_id is None or not 0 <= row < len(self.people):
            return
        person = self.people[row]
        if not confirm(
            self,
            "Remove Person",
            f"Remove {person.name} from this pursuit and from the steps they attend? "
            "This cannot be undone.",
            "Remove",
        ):
            return
        assert person.id is not None
        try:
            self.store.delete_person(person.id)
        except StoreError as error:
            self.banner.show_message(str(error))
            return
        self._people_changed(self.pursuit_id)
