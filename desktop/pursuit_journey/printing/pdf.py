"""Sheets into a PDF file, written atomically: a failed write leaves any earlier file intact."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QIODevice, QSaveFile
from PySide6.QtGui import QPageSize, QPdfWriter

from .. import APP_NAME
from .render import PageProgress, default_page_size, page_layout, paint_sheets
from .sheet_content import SheetContent


class PdfError(OSError):
    """The PDF could not be written; ``str()`` is for the seller."""


def write_pdf(
    path: Path,
    sheets: Sequence[SheetContent],
    page_size: QPageSize | None = None,
    progress: PageProgress | None = None,
) -> int:
    """Write ``sheets`` (one page each) to ``path``; returns the number of pages.

    Raises PrintingCancelled when ``progress`` stops it: nothing is written then."""
    if not sheets:
        raise PdfError("There are no sheets to write.")
    target = QSaveFile(str(path))
    if not target.open(QIODevice.OpenModeFlag.WriteOnly):
        raise PdfError(f"Cannot write {path}: {target.errorString()}")
    try:
        writer = QPdfWriter(target)
        writer.setCreator(APP_NAME)
        writer.setTitle(sheets[0].pursuit_name if len(sheets) == 1 else "Prep sheets")
        writer.setResolution(600)
        writer.setPageLayout(page_layout(page_size or default_page_size()))
        pages = paint_sheets(writer, sheets, progress)
        del writer  # flushes the PDF trailer into the save file
    except BaseException:
        target.cancelWriting()
        target.commit()
        raise
    if not target.commit():
        raise PdfError(f"Cannot write {path}: {target.errorString()}")
    return pages
