"""Print preview, print, PDF export and "Print upcoming…" for the main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.wording import counted
from ..drawing.formatting import date_time
from ..store.errors import StoreError
from .file_actions import FileActions
from .kept_heights import plain_label
from .messages import show_error
from .screen_fit import fit_to_screen

if TYPE_CHECKING:  # the store loads after the window is shown
    from PySide6.QtPrintSupport import QPrinter

    from ..printing.render import PageProgress
    from ..printing.sheet_content import SheetContent

DEFAULT_UPCOMING_DAYS = 7
PROGRESS_AFTER_MS = 400  # a batch expected to take longer shows its progress
PROGRESS_EVERY_MS = 16  # a page's progress is shown at most once a frame
PREVIEW_SIZE = QSize(900, 1000)  # before the seller gives it another
PREVIEW_SIZE_KEY = "printing/previewSize"


class SheetPrinting(FileActions):
    """Turns the seller's print requests into sheets on paper or in a PDF file."""

    # ---- building sheets ------------------------------------------------------------------

    def step_sheets(self, step_id: int) -> list[SheetContent]:
        from ..printing.selection import sheet_for_step

        return [sheet_for_step(self.store, step_id)]

    def upcoming(self, days: int) -> list[SheetContent]:
        from ..printing.selection import upcoming_sheets

        return upcoming_sheets(self.store, days)

    def _collect(self, build: Callable[[], list[SheetContent]]) -> list[SheetContent] | None:
        try:
            return build()
        except StoreError as error:
            show_error(self.parent, "Cannot print", str(error))
            return None

    # ---- outputs --------------------------------------------------------------------------

    def _printer(self) -> QPrinter:
        from PySide6.QtGui import QPageLayout
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)  # the sheet sets its own margins
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return printer

    def preview(self, sheets: list[SheetContent]) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        from ..printing.render import PrintingCancelled, paint_sheets

        printer = self._printer()  # kept alive here: the dialog does not own it
        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle("Print Preview")

        def paint(printer: QPrinter) -> None:
            try:
                with self._progress("Preparing", len(sheets), dialog) as progress:
                    paint_sheets(printer, sheets, progress)
            except PrintingCancelled:
                self.status("Preview stopped: it shows the pages made until then")

        dialog.paintRequested.connect(paint)
        size = self._preview_size()
        fit_to_screen(dialog, size.width(), size.height())
        dialog.finished.connect(lambda _result: self._remember_preview_size(dialog.size()))
        dialog.exec()

    def _settings(self) -> QSettings | None:
        settings = getattr(self.parent, "settings", None)  # the main window's settings file
        return settings if isinstance(settings, QSettings) else None

    def _preview_size(self) -> QSize:
        """The size the seller last gave the preview (fit_to_screen keeps a size saved on a
        larger screen within this one)."""
        settings = self._settings()
        saved = settings.value(PREVIEW_SIZE_KEY) if settings is not None else None
        return saved if isinstance(saved, QSize) and saved.isValid() else PREVIEW_SIZE

    def _remember_preview_size(self, size: QSize) -> None:
        settings = self._settings()
        if settings is not None:
            settings.setValue(PREVIEW_SIZE_KEY, size)

    def print(self, sheets: list[SheetContent]) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        from ..printing.render import PrintingCancelled, paint_sheets

        printer = self._printer()
        dialog = QPrintDialog(printer, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        aborted: list[bool] = []  # whether the print system took back the pages made so far
        try:
            with self._progress(
                "Printing", len(sheets), on_cancel=lambda: aborted.append(printer.abort())
            ) as progress:
                pages = paint_sheets(printer, sheets, progress)
        except PrintingCancelled as stopped:
            # Not every print system can abort a job (Qt's PDF and CUPS engines cannot): then
            # the pages made so far still print, and the seller is told how many.
            self.status(
                "Printing stopped: nothing was sent to the printer"
                if all(aborted)
                else f"Printing stopped: the first {counted(stopped.pages, 'page')} went to the "
                "printer"
            )
            return
        except OSError as error:
            show_error(self.parent, "Cannot print", str(error))
            return
        self.status(f"Sent {counted(pages, 'page')} to the printer")

    def export_pdf(self, sheets: list[SheetContent], suggested_name: str) -> Path | None:
        path = self.ask_save_path("Export PDF", suggested_name, ".pdf", "PDF documents (*.pdf)")
        if path is None:
            return None
        return self.save_pdf(sheets, path)

    def save_pdf(self, sheets: list[SheetContent], path: Path) -> Path | None:
        """Write ``sheets`` to the PDF ``path`` with the progress the seller sees; None when
        stopped or failed (the status bar or a message says so)."""
        from ..printing.pdf import write_pdf
        from ..printing.render import PrintingCancelled

        try:
            with self._progress("Saving", len(sheets)) as progress:
                pages = write_pdf(path, sheets, progress=progress)
        except PrintingCancelled:
            self.status(f"Stopped: {path.name} was not saved")
            return None
        except OSError as error:
            show_error(self.parent, "PDF not saved", str(error))
            return None
        self.report_saved(f"Saved {counted(pages, 'page')} to {path.name}", path)
        return path

    @contextmanager
    def _progress(
        self,
        doing: str,
        pages: int,
        parent: QWidget | None = None,
        on_cancel: Callable[[], object] | None = None,
    ) -> Iterator[PageProgress]:
        """Page by page progress with a Cancel button, shown only when the batch takes long
        enough to notice; the callback answers False (after ``on_cancel``) once the seller
        cancels."""
        dialog = QProgressDialog(parent or self.parent)
        dialog.setLabel(plain_label(f"{doing} {counted(pages, 'page')}…", dialog))
        dialog.setWindowTitle(APP_NAME)
        dialog.setRange(0, pages)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)

        told = QElapsedTimer()
        told.start()

        def step(done: int) -> bool:
            # A page takes a few milliseconds, and each value shown repaints the dialog and lets
            # the events through: at most once a frame, besides the first and last pages.
            if done in (1, pages) or told.elapsed() >= PROGRESS_EVERY_MS:
                told.start()
                dialog.setValue(done)  # also lets the window repaint and Cancel be clicked
            if not dialog.wasCanceled():
                return True
            if on_cancel is not None:
                on_cancel()
            return False

        try:
            yield step
        finally:
            dialog.reset()  # stops its timer: it must not pop up after a failure
            dialog.deleteLater()

    # ---- what the menus call --------------------------------------------------------------

    def preview_step(self, step_id: int) -> None:
        sheets = self._collect(lambda: self.step_sheets(step_id))
        if sheets:
            self.preview(sheets)

    def print_step(self, step_id: int) -> None:
        sheets = self._collect(lambda: self.step_sheets(step_id))
        if sheets:
            self.print(sheets)

    def export_step(self, step_id: int) -> Path | None:
        sheets = self._collect(lambda: self.step_sheets(step_id))
        if not sheets:
            return None
        sheet = sheets[0]
        return self.export_pdf(sheets, f"{sheet.pursuit_name} - {sheet.step_title}")

    def steps_sheets(self, step_ids: list[int]) -> list[SheetContent] | None:
        """One sheet per step, in the order given; None (after saying why) when one fails."""
        from ..printing.selection import sheets_for_steps

        return self._collect(lambda: sheets_for_steps(self.store, step_ids))

    def preview_steps(self, step_ids: list[int]) -> None:
        sheets = self.steps_sheets(step_ids)
        if sheets:
            self.preview(sheets)

    def print_steps(self, step_ids: list[int]) -> None:
        sheets = self.steps_sheets(step_ids)
        if sheets:
            self.print(sheets)

    def export_steps(self, step_ids: list[int], suggested_name: str) -> Path | None:
        sheets = self.steps_sheets(step_ids)
        return self.export_pdf(sheets, suggested_name) if sheets else None

    def print_upcoming(self) -> None:
        UpcomingDialog(self, self.parent).exec()


class UpcomingDialog(QDialog):
    """Choose how many days ahead, see which sheets that makes, then preview, print or save."""

    def __init__(self, printing: SheetPrinting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printing = printing
        self.setWindowTitle("Print Upcoming Sheets")
        self.days = QSpinBox(self)
        self.days.setRange(1, 365)
        self.days.setValue(DEFAULT_UPCOMING_DAYS)
        self.days.setSuffix(" days")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Sheets to print")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.pdf_button = QPushButton("Save as PDF…", self)
        self.print_button = QPushButton("Print…", self)
        self.preview_button = QPushButton("Preview…", self)
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self._save_pdf)
        self.print_button.clicked.connect(lambda: self._run(self.printing.print))
        self.preview_button.clicked.connect(lambda: self._run(self.printing.preview))

        form = QFormLayout()
        form.addRow("Steps planned in the next", self.days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self.days.valueChanged.connect(self._refresh)
        self._sheets: list[SheetContent] = []
        self._refresh()

    def _refresh(self) -> None:
        self._sheets = (
            self.printing._collect(lambda: self.printing.upcoming(self.days.value())) or []
        )
        self.steps.clear()
        for sheet in self._sheets:
            decision = sheet.decision or "decision missing"
            self.steps.addItem(
                f"{date_time(sheet.planned_at)} — {sheet.pursuit_name}: {sheet.step_title}\n"
                f"    {decision}"
            )
        count = len(self._sheets)
        self.summary.setText(
            f"{counted(count, 'sheet')}, one page each, in date order."
            if count
            else "Nothing is planned in those days for active pursuits."
        )
        for button in (self.pdf_button, self.print_button, self.preview_button):
            button.setEnabled(bool(count))

    def _run(self, output: Callable[[list[SheetContent]], object]) -> None:
        if self._sheets:
            output(self._sheets)

    def _save_pdf(self) -> None:
        if self._sheets:
            self.printing.export_pdf(self._sheets, f"Prep sheets next {self.days.value()} days")
