"""Who attends a step and who decides: tick people of the pursuit, or add one in place."""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.vocabulary import BuyingRole
from ...store.errors import StoreError
from ..commands import ChangeBetween
from ..kept_heights import plain_label
from ..warning import WarningLabel
from .step_editor import StepEditor

DECIDER_ABSENT = (
    "Nobody who decides on budget is attending. Who decides, and how will this decision reach them?"
)

if TYPE_CHECKING:  # the store loads after the window is shown
    from ...store.protocol import StoreLike
    from ...store.tables import Person


def person_text(person: Person) -> str:
    parts = [person.name]
    if person.title:
        parts.append(person.title)
    text = f"{' — '.join(parts)} · {person.role_enum.label}"
    return f"{text} · {person.email}" if person.email else text


class SetAttendance(ChangeBetween):
    """Who attends a step, from ``old`` to ``new``; already written when pushed."""

    def __init__(
        self,
        store: StoreLike,
        step_id: int,
        old: set[int],
        new: set[int],
        applied: Callable[[int], None],
        failed: Callable[[StoreError], None],
    ) -> None:
        super().__init__("Change Attendees", set(old), set(new), failed)
        self.store = store
        self.step_id = step_id
        self._applied = applied

    def write(self, ids: set[int]) -> None:
        self.store.set_attendees(self.step_id, ids)
        self._applied(self.step_id)


class AttendeesEditor(StepEditor):
    """People of the pursuit as check boxes (ticked: attends), a row to add one, a warning.

    ``saved(step_id)`` after every change written; ``failed(message)`` when one was refused.
    """

    saved = Signal(int)
    failed = Signal(str)

    def __init__(
        self, store: StoreLike, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, undo_stack, parent)
        self.boxes: dict[int, QCheckBox] = {}  # the shown person's box, by the person's id
        self._pool: list[QCheckBox] = []  # every box made, shown or hidden, in layout order
        self.people: list[Person] = []

        self.people_box = QWidget(self)
        self.people_layout = QVBoxLayout(self.people_box)
        self.people_layout.setContentsMargins(0, 0, 0, 0)
        self.people_layout.setSpacing(2)
        self.nobody = plain_label("No people in this pursuit yet: add who will attend.", self)

        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("Add a person: name")
        self.new_name.setAccessibleName("New attendee's name")
        self.new_email = QLineEdit(self)
        self.new_email.setPlaceholderText("email (optional)")
        self.new_email.setAccessibleName("New attendee's email")
        self.new_email.returnPressed.connect(self.add_person)
        self.new_role = QComboBox(self)
        self.new_role.setAccessibleName("New attendee's buying role")
        for role in BuyingRole:
            self.new_role.addItem(role.label, role.value)
        self.add_button = QPushButton("Add", self)
        self.add_button.setEnabled(False)
        self.new_name.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip()))
        )
        self.new_name.returnPressed.connect(self.add_person)
        self.add_button.clicked.connect(self.add_person)
        add_row = QHBoxLayout()
        add_row.setContentsMargins(0, 0, 0, 0)
        add_row.addWidget(self.new_name, 2)
        add_row.addWidget(self.new_email, 2)
        add_row.addWidget(self.new_role, 1)
        add_row.addWidget(self.add_button)

        self.warning = WarningLabel(DECIDER_ABSENT, self)
        self.warning.setObjectName("deciderWarning")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.people_box)
        layout.addWidget(self.nobody)
        layout.addLayout(add_row)
        layout.addWidget(self.warning)

    # ---- showing ----------------------------------------------------------------------------

    def show_step(self, step_id: int | None, pursuit_id: int | None) -> None:
        self.step_id = step_id
        try:
            if step_id is not None and pursuit_id is not None:
                people, attending = self.store.people_at(step_id, pursuit_id)
            else:
                people = self.store.people(pursuit_id) if pursuit_id is not None else []
                attending = set()
        except StoreError as error:
            self.failed.emit(str(error))
            return
        self._rebuild(people, attending)

    def _rebuild(self, people: list[Person], attending: Set[int | None]) -> None:
        shown = [(person.id, person_text(person)) for person in people]
        if shown == [(pid, box.text()) for pid, box in self.boxes.items()]:
            # The same people: only the ticks may differ. Rebuilding would lay out the whole
            # form again after every save.
            self.people = people
            for pid, box in self.boxes.items():
                if box.isChecked() != (pid in attending):
                    box.blockSignals(True)  # showing what is stored is not an edit
                    box.setChecked(pid in attending)
                    box.blockSignals(False)
            self._update_warning()
            return
        focused = next((pid for pid, box in self.boxes.items() if box.hasFocus()), None)
        # Another pursuit's people: the boxes already made are told their new person, more
        # made only when this pursuit has more people, the rest hidden. (Boxes made and
        # deleted at every switch of pursuit cost more than the whole journey line to draw.)
        self.boxes = {}
        self.people = people
        for at, person in enumerate(people):
            assert person.id is not None
            if at == len(self._pool):
                box = QCheckBox(self.people_box)
                box.toggled.connect(lambda _checked: self._toggled())
                self.people_layout.addWidget(box)
                self._pool.append(box)
            box = self._pool[at]
            box.blockSignals(True)  # showing what is stored is not an edit
            box.setText(person_text(person))
            box.setChecked(person.id in attending)
            box.blockSignals(False)
            box.setVisible(True)
            self.boxes[person.id] = box
        for box in self._pool[len(people) :]:
            box.setVisible(False)
        if focused in self.boxes:
            self.boxes[focused].setFocus(Qt.FocusReason.OtherFocusReason)
        self.nobody.setVisible(not people)
        self._update_warning()

    def attending(self) -> set[int]:
        return {pid for pid, box in self.boxes.items() if box.isChecked()}

    def decider_attends(self) -> bool:
        chosen = self.attending()
        return any(p.id in chosen and p.role_enum.decides for p in self.people)

    def _update_warning(self) -> None:
        self.warning.setVisible(not self.decider_attends())

    # ---- changing ---------------------------------------------------------------------------

    def _toggled(self) -> None:
        if self.step_id is None:
            return
        new = self.attending()
        try:
            old = {p.id for p in self.store.attendees(self.step_id) if p.id is not None}
            self.store.set_attendees(self.step_id, new)
        except StoreError as error:
            self.failed.emit(str(error))
            self._update_warning()
            return
        self.undo_stack.push(
            SetAttendance(
                self.store,
                self.step_id,
                old,
                new,
                applied=self._applied,
                failed=lambda error: self.failed.emit(str(error)),
            )
        )
        self._update_warning()
        self.saved.emit(self.step_id)

    def _applied(self, step_id: int) -> None:
        if step_id == self.step_id:
            try:
                attending = {p.id for p in self.store.attendees(step_id)}
            except StoreError as error:
                self.failed.emit(str(error))
                return
            self._rebuild(self.people, attending)
        self.saved.emit(step_id)

    def add_person(self) -> None:
        """Add the typed person to the pursuit, attending this step (one transaction)."""
        name = self.new_name.text().strip()
        if self.step_id is None or not name:
            return
        role = BuyingRole(self.new_role.currentData())
        try:
            self.store.add_attendee(self.step_id, name, role=role, email=self.new_email.text())
            step = self.store.step(self.step_id)
        except StoreError as error:
            self.failed.emit(str(error))  # the typed name stays for another try
            return
        self.new_name.clear()
        self.new_email.clear()
        self.new_role.setCurrentIndex(0)
        self.show_step(self.step_id, step.pursuit_id)
        self.saved.emit(self.step_id)
