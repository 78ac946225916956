"""File ▸ Import Meetings from Calendar…: the meetings of an .ics file in a range, each with
the pursuit suggested for it; the seller ticks, fixes, and imports them in one go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.wording import counted
from ...store.calendar_import import (
    CalendarImportError,
    KnownStep,
    Meeting,
    MeetingChoice,
    PursuitDirectory,
    Suggestion,
    existing_step,
    read_meetings,
    suggest,
)
from ..commands import SavedFirstCommand
from ..editors import plain_label
from ..screen_fit import fit_to_screen

if TYPE_CHECKING:
    from ...store.calendar_import import ImportedMeetings
    from ...store.errors import StoreError
    from ...store.protocol import StoreLike

DAYS_BACK = 30
DAYS_AHEAD = 60
NO_PURSUIT = -1


class Column:
    IMPORT, WHEN, MEETING, PURSUIT, RESULT = range(5)


def when_text(meeting: Meeting, locale: QLocale) -> str:
    day = locale.toString(QDate(meeting.start.date()), QLocale.FormatType.ShortFormat)
    if meeting.all_day:
        return f"{day}, all day"
    hour = locale.toString(meeting.start.time(), QLocale.FormatType.ShortFormat)
    return f"{day} {hour}"


class ImportMeetingsDialog(QDialog):
    """Lists the meetings of ``data`` between two dates; ``choices()`` once accepted."""

    def __init__(
        self,
        file_name: str,
        data: bytes,
        directory: list[PursuitDirectory],
        steps: list[KnownStep],
        today: date,
        zone: ZoneInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Meetings from Calendar")
        self.data = data
        self.directory = directory
        self.known_steps = steps
        self.zone = zone
        self.today = today
        self.suggestions: list[Suggestion] = []
        self.meetings: list[Meeting] = []
        self._locale = QLocale()
        step_titles = {step.step_id: step for step in steps}
        self._step_titles = step_titles

        intro = plain_label(
            f"Meetings in {file_name}. Ticked meetings become steps of the pursuit chosen for "
            "them (planned, or waiting for their debrief when already past); a meeting "
            "imported before moves its step instead of adding one.",
            self,
        )
        intro.setWordWrap(True)
        self.from_edit = self._date_edit(today - timedelta(days=DAYS_BACK), "From")
        self.to_edit = self._date_edit(today + timedelta(days=DAYS_AHEAD), "To")
        range_row = QHBoxLayout()
        from_label = QLabel("&From", self)
        from_label.setBuddy(self.from_edit)
        range_row.addWidget(from_label)
        range_row.addWidget(self.from_edit)
        to_label = QLabel("&To", self)
        to_label.setBuddy(self.to_edit)
        range_row.addSpacing(12)
        range_row.addWidget(to_label)
        range_row.addWidget(self.to_edit)
        range_row.addStretch(1)

        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName("Meetings")
        self.table.setHorizontalHeaderLabels(["Import", "When", "Meeting", "Pursuit", "Becomes"])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a meeting; the full title is in its tooltip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column, mode in (
            (Column.IMPORT, QHeaderView.ResizeMode.ResizeToContents),
            (Column.WHEN, QHeaderView.ResizeMode.ResizeToContents),
            (Column.MEETING, QHeaderView.ResizeMode.Stretch),
            (Column.PURSUIT, QHeaderView.ResizeMode.ResizeToContents),
            (Column.RESULT, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(column, mode)
        self.table.itemChanged.connect(self._update_count)

        self.problem = plain_label("", self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("importProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(range_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.from_edit.dateChanged.connect(self.reload)
        self.to_edit.dateChanged.connect(self.reload)
        fit_to_screen(self, 900, 560)
        self.reload()

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(self._locale.dateFormat(QLocale.FormatType.ShortFormat))
        edit.setAccessibleName(name)
        return edit

    # ---- reading --------------------------------------------------------------------------

    def range(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.from_edit.date().toPython(), time(0, 0))  # type: ignore[arg-type]
        end = datetime.combine(self.to_edit.date().toPython(), time(0, 0)) + timedelta(days=1)  # type: ignore[arg-type]
        return start, end

    def reload(self) -> None:
        start, end = self.range()
        self.problem.setText("")
        try:
            self.meetings = read_meetings(self.data, start, end, self.zone) if start < end else []
        except CalendarImportError as error:
            self.meetings = []
            self.problem.setText(str(error))
        self.suggestions = suggest(self.meetings, self.directory, self.known_steps)
        self._fill()

    def _fill(self) -> None:
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(self.suggestions))
        pursuits = sorted(self.directory, key=lambda p: (not p.active, p.name.casefold()))
        for row, suggestion in enumerate(self.suggestions):
            meeting = suggestion.meeting
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(
                Qt.CheckState.Checked
                if suggestion.pursuit_id is not None
                else Qt.CheckState.Unchecked
            )
            tick.setData(Qt.ItemDataRole.AccessibleTextRole, f"Import {meeting.title}")
            table.setItem(row, Column.IMPORT, tick)
            table.setItem(row, Column.WHEN, QTableWidgetItem(when_text(meeting, self._locale)))
            title = QTableWidgetItem(meeting.title or "(no title)")
            notes = [meeting.zone_note] if meeting.zone_note else []
            guests = ", ".join(g.name or g.email for g in meeting.guests)
            if guests:
                notes.append(f"With: {guests}")
            title.setToolTip("\n".join(notes))
            table.setItem(row, Column.MEETING, title)
            combo = QComboBox(table)
            combo.setAccessibleName(f"Pursuit for {meeting.title}")
            # Long names are shown whole in the list; the column keeps room for the meeting.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(22)
            combo.addItem("(choose a pursuit)", NO_PURSUIT)
            for entry in pursuits:
                shows_client = entry.client.casefold() in entry.name.casefold()
                label = (
                    entry.name
                    if shows_client or not entry.client
                    else (f"{entry.name} — {entry.client}")
                )
                combo.addItem(label, entry.pursuit_id)
            if suggestion.pursuit_id is not None:
                combo.setCurrentIndex(max(0, combo.findData(suggestion.pursuit_id)))
            combo.setToolTip(f"Suggested because: {suggestion.reason}")
            combo.currentIndexChanged.connect(lambda _index, r=row: self._pursuit_changed(r))
            table.setCellWidget(row, Column.PURSUIT, combo)
            table.setItem(row, Column.RESULT, QTableWidgetItem(""))
            self._show_result(row)
        table.blockSignals(False)
        if not self.suggestions and not self.problem.text():
            self.problem.setText("No meetings in this range. Choose other dates.")
        self._update_count()

    # ---- choosing -------------------------------------------------------------------------

    def pursuit_of(self, row: int) -> int | None:
        combo = self.table.cellWidget(row, Column.PURSUIT)
        assert isinstance(combo, QComboBox)
        chosen = combo.currentData()
        return None if chosen in (None, NO_PURSUIT) else int(chosen)

    def step_of(self, row: int) -> int | None:
        pursuit_id = self.pursuit_of(row)
        if pursuit_id is None:
            return None
        suggestion = self.suggestions[row]
        if suggestion.step_id is not None and suggestion.pursuit_id == pursuit_id:
            return suggestion.step_id
        return existing_step(suggestion.meeting, pursuit_id, self.known_steps)

    def is_ticked(self, row: int) -> bool:
        item = self.table.item(row, Column.IMPORT)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def set_ticked(self, row: int, ticked: bool) -> None:
        item = self.table.item(row, Column.IMPORT)
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _pursuit_changed(self, row: int) -> None:
        self._show_result(row)
        self.set_ticked(row, self.pursuit_of(row) is not None)
        self._update_count()

    def _show_result(self, row: int) -> None:
        item = self.table.item(row, Column.RESULT)
        if item is None:
            return
        step_id = self.step_of(row)
        if self.pursuit_of(row) is None:
            text = "Choose a pursuit to import it"
        elif step_id is not None:
            step = self._step_titles.get(step_id)
            name = step.title if step is not None and step.title else "its step"
            text = f"Update: moves “{name}” to this date"
        else:
            past = self.suggestions[row].meeting.start.date() < self.today
            text = "New step, awaiting its debrief" if past else "New planned step"
        item.setText(text)

    def choices(self) -> list[MeetingChoice]:
        return [
            MeetingChoice(self.suggestions[row].meeting, pursuit_id, self.step_of(row))
            for row in range(self.table.rowCount())
            if self.is_ticked(row) and (pursuit_id := self.pursuit_of(row)) is not None
        ]

    def _update_count(self, *_: object) -> None:
        chosen = self.choices()
        updates = sum(1 for choice in chosen if choice.step_id is not None)
        self.import_button.setText(f"Import {counted(len(chosen), 'Meeting')}")
        self.import_button.setEnabled(bool(chosen))
        if updates:
            self.import_button.setToolTip(f"{counted(updates, 'meeting')} update a step")


class ImportMeetings(SavedFirstCommand):
    """The meetings imported, already written when pushed; undo removes them in one go."""

    def __init__(
        self,
        store: StoreLike,
        result: ImportedMeetings,
        not_people: frozenset[str],
        applied: Callable[[], None],
        failed: Callable[[StoreError], None],
    ) -> None:
        super().__init__(f"Import {counted(result.count, 'Meeting')}", failed)
        self.store = store
        self.result = result
        self.not_people = not_people
        self._applied = applied
        self.mark_saved()

    def forward(self) -> None:
        self.result = self.store.import_meetings(self.result.choices, not_people=self.not_people)
        self._applied()

    def backward(self) -> None:
        self.store.undo_meeting_import(self.result)
        self._applied()
